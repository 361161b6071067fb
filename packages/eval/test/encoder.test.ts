/** The encoder contract: a toy encoder built from tensor ops implements it, and the checks name what breaks it. */
import { describe, expect, it } from 'vitest';
import { type Tensor, avgPool2d, matmul, mean, permute, reshape, tensor, transpose, cast } from '@prior/tensor';
import { type Encoder, type ImageEncoding, type TextEncoding, EncoderContractError, checkImageEncoding, checkScores, checkTextEncoding } from '../src/index.js';

const cpu = (data: number[], shape: number[]) => tensor(data, { dtype: 'float32', device: 'cpu', shape });

/** Pools the image at strides 4 and 8; region tokens are the stride-8 cells projected to D=3. */
function toyEncoder(): Encoder {
  const proj = cpu([1, -1, 0.5], [1, 3]);
  const textProj = cpu([0.2, 0.1, -0.3], [1, 3]);
  return {
    name: 'toy',
    embedDim: 3,
    featureChannels: [1, 1],
    featureStrides: [4, 8],
    encodeImages(images: Tensor): ImageEncoding {
      const f4 = avgPool2d(images, 4);
      const f8 = avgPool2d(images, 8);
      const [b, c, h, w] = f8.shape;
      const regions = matmul(reshape(permute(f8, [0, 2, 3, 1]), [b, h * w, c]), proj);
      return { global: mean(regions, 1), regions, featureMaps: [f4, f8] };
    },
    encodeTexts(texts): TextEncoding {
      const ids = cast(texts.ids, 'float32');
      return { global: matmul(mean(ids, 1, { keepdim: true }), textProj) };
    },
    similarity: (img, txt) => matmul(img.global, transpose(txt.global)),
    imageParameters: () => [],
    train: () => {},
  };
}

describe('Encoder contract', () => {
  const enc = toyEncoder();
  const images = cpu(Array.from({ length: 2 * 16 * 16 }, (_, i) => (i % 7) / 7), [2, 1, 16, 16]);
  const texts = { ids: tensor([[2, 5, 3, 0], [2, 4, 3, 0], [2, 9, 3, 0]], { dtype: 'int32', device: 'cpu' }), attentionMask: tensor([[1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 1, 0]], { dtype: 'int32', device: 'cpu' }) };

  it('a toy encoder satisfies the checks', () => {
    const ie = enc.encodeImages(images);
    expect(checkImageEncoding(enc, images, ie)).toBe(4);
    const te = enc.encodeTexts(texts);
    checkTextEncoding(enc, 3, te);
    checkScores(enc, 'similarity', 2, 3, enc.similarity(ie, te));
    expect(enc.localAttention).toBeUndefined();
  });

  it('names the field that breaks the contract', () => {
    const ie = enc.encodeImages(images);
    expect(() => checkImageEncoding({ ...enc, embedDim: 4 }, images, ie)).toThrow('encoder "toy": global must be [2, 4], got [2, 3]');
    expect(() => checkImageEncoding({ ...enc, featureChannels: [1, 2] }, images, ie)).toThrow(/featureMaps\[1\] must be about \[2, 2, 2, 2\] \(stride 8\), got \[2, 1, 2, 2\]/);
    expect(() => checkImageEncoding({ ...enc, featureChannels: [1], featureStrides: [4] }, images, ie)).toThrow(/featureMaps must be 1 maps, got 2/);
    expect(() => checkImageEncoding(enc, images, { ...ie, regions: ie.global })).toThrow(EncoderContractError);
    expect(() => checkTextEncoding(enc, 2, enc.encodeTexts(texts))).toThrow(/text global must be \[2, 3\]/);
    expect(() => checkScores(enc, 'localAttention', 3, 2, enc.similarity(ie, enc.encodeTexts(texts)))).toThrow(/localAttention must be \[3, 2\], got \[2, 3\]/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BertTokenizer, trainWordPiece } from '@prior/datasets';
import { saveCheckpoint } from '@prior/nn';
import { PriorModel, configToJSON } from '@prior/prior';
import { Generator, randn, scope } from '@prior/tensor';
import { noGrad } from '@prior/autograd';
import { checkImageEncoding, loadPriorEncoder, priorEncoder, textBatch } from '../../src/index.js';
import { tinyConfig } from '../tasks/fixture.js';

const texts = ['Cardiomegaly is observed.', 'There is a small left pleural effusion. The heart size is normal.', 'Edema is observed.'];
const tokenizer = new BertTokenizer(trainWordPiece(texts, { vocabSize: 120 }));
// The ResNet's usual output stride 32 (the tiny preset's is 16): four maps of strides 4..32.
const config = tinyConfig(tokenizer.vocab.size);
config.model.imageEncoder.outputStride = 32;

async function close(a: Promise<ArrayLike<number>>, b: Promise<ArrayLike<number>>, tol = 1e-5) {
  const [x, y] = [await a, await b];
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThan(tol);
}

describe('priorEncoder', () => {
  const model = new PriorModel(config, { generator: new Generator(5) });
  model.train(false);
  const enc = priorEncoder(model);

  it('returns four stage maps (strides 4..32), regions of the last map and the model’s global vector', async () => {
    await scope(async () => {
      const images = randn([2, 1, 32, 32], { generator: new Generator(1) });
      const e = noGrad(() => enc.encodeImages(images));
      expect(checkImageEncoding(enc, images, e)).toBe(1);
      expect(enc.featureChannels).toEqual([4, 8, 16, 32]);
      expect(e.featureMaps.map((m) => m.shape)).toEqual([[2, 4, 8, 8], [2, 8, 4, 4], [2, 16, 2, 2], [2, 32, 1, 1]]);
      const ref = noGrad(() => model.encodeImage(images));
      await close(e.global.data(), ref.global.data());
      await close(e.regions.data(), ref.regions.data());
      await close(e.featureMaps[3].data(), ref.featureMap.data());
    });
  });

  it('at output stride 16 or 8 gives the deepest map of each stride (strides still increase)', async () => {
    for (const [outputStride, strides, channels, sides] of [
      [16, [4, 8, 16], [4, 8, 32], [8, 4, 2]],
      [8, [4, 8], [4, 32], [8, 4]],
    ] as const) {
      const c = structuredClone(config);
      c.model.imageEncoder.outputStride = outputStride;
      const m = new PriorModel(c, { generator: new Generator(5) });
      m.train(false);
      const e8 = priorEncoder(m);
      expect(e8.featureStrides).toEqual(strides);
      expect(e8.featureChannels).toEqual(channels);
      await scope(async () => {
        const images = randn([2, 1, 32, 32], { generator: new Generator(1) });
        const e = noGrad(() => e8.encodeImages(images));
        expect(checkImageEncoding(e8, images, e)).toBe(sides.at(-1)! ** 2); // R
        expect(e.featureMaps.map((f) => f.shape[2])).toEqual(sides);
        // The last map is the model's final map, which its region tokens come from.
        const ref = noGrad(() => m.encodeImage(images));
        await close(e.featureMaps.at(-1)!.data(), ref.featureMap.data());
        await close(e.regions.data(), ref.regions.data());
      });
    }
  });

  it('localAttention [Bi, Bt] is the mean LAM attention of each image with each text', async () => {
    await scope(async () => {
      const images = randn([2, 1, 32, 32], { generator: new Generator(2) });
      const batch = textBatch(tokenizer, texts, { maxLength: 64 });
      const ie = noGrad(() => enc.encodeImages(images));
      const te = noGrad(() => enc.encodeTexts(batch));
      const att = noGrad(() => enc.localAttention!(ie, te));
      expect(att.shape).toEqual([2, 3]);
      const got = await att.data();
      // Pair (image 1, text 1): the model's own A_t on that single pair, averaged.
      const one = textBatch(tokenizer, [texts[1]], { maxLength: 64 });
      const ref = noGrad(() =>
        model.localAttention(images.narrow(0, 1, 1), { inputIds: one.ids, attentionMask: one.attentionMask, sentenceIndex: one.sentenceIndex!, sentenceCounts: [...one.sentenceCounts!] }),
      );
      const a = await ref.data(); // [1, S, R] with S = 2 sentences
      const mean = Array.from(a).reduce((s, v) => s + v, 0) / a.length;
      expect(one.sentenceCounts).toEqual([2]);
      expect(Math.abs(got[1 * 3 + 1] - mean)).toBeLessThan(1e-5);
      const sim = noGrad(() => enc.similarity(ie, te));
      expect(sim.shape).toEqual([2, 3]);
    });
  });

  it('regionAttention [B, S, R] is the model’s own sentence→region attention of paired images and texts', async () => {
    await scope(async () => {
      const images = randn([2, 1, 32, 32], { generator: new Generator(4) });
      const pair = textBatch(tokenizer, [texts[1], texts[0]], { maxLength: 64 });
      const att = noGrad(() => enc.regionAttention!(enc.encodeImages(images), enc.encodeTexts(pair)));
      expect(att.shape).toEqual([2, 2, 1]); // 2 sentences at most, 1 region at 32 px
      const ref = noGrad(() =>
        model.localAttention(images, { inputIds: pair.ids, attentionMask: pair.attentionMask, sentenceIndex: pair.sentenceIndex!, sentenceCounts: [...pair.sentenceCounts!] }),
      );
      await close(att.data(), ref.data());
      const three = textBatch(tokenizer, texts, { maxLength: 64 });
      expect(() => noGrad(() => enc.regionAttention!(enc.encodeImages(images), enc.encodeTexts(three)))).toThrow(/as many texts as images \(2\), got 3/);
    });
  });

  it('loads a checkpoint into a PriorModel built from the stored configuration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prior-eval-ckpt-'));
    try {
      const path = join(dir, 'model.safetensors');
      await saveCheckpoint(path, { model, metadata: { 'prior.config': configToJSON(config) } });
      const loaded = await loadPriorEncoder(path);
      const loadedGiven = await loadPriorEncoder(path, config, { name: 'PRIOR (given config)' });
      expect(loadedGiven.name).toBe('PRIOR (given config)');
      await scope(async () => {
        const images = randn([2, 1, 32, 32], { generator: new Generator(3) });
        await close(noGrad(() => loaded.encodeImages(images)).global.data(), noGrad(() => enc.encodeImages(images)).global.data(), 1e-6);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

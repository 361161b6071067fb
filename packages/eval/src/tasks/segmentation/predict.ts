/** Binary masks from a trained decoder: logits ≥ 0 (probability ≥ 0.5 by default) is foreground. */
import { noGrad } from '@prior/autograd';
import { scope } from '@prior/tensor';
import type { FeatureSource } from '../../heads/feature-source.js';
import type { UNetDecoder } from '../../heads/unet-decoder.js';
import { batchRanges } from '../common/index.js';

export async function predictMasks(decoder: UNetDecoder, source: FeatureSource, indices: readonly number[], opts: { batchSize?: number; threshold?: number } = {}): Promise<Uint8Array[]> {
  const size = source.pre.size;
  const threshold = opts.threshold ?? 0.5;
  const logitCut = Math.log(threshold / (1 - threshold));
  decoder.train(false);
  const out: Uint8Array[] = [];
  for (const [s, e] of batchRanges(indices.length, opts.batchSize ?? 16)) {
    const logits = await scope(async () => {
      const maps = source.maps(indices.slice(s, e), false);
      return noGrad(() => decoder.forward(maps, [size, size])).data();
    });
    for (let i = 0; i < e - s; i++) {
      const m = new Uint8Array(size * size);
      for (let p = 0; p < m.length; p++) m[p] = logits[i * size * size + p] >= logitCut ? 1 : 0;
      out.push(m);
    }
  }
  return out;
}

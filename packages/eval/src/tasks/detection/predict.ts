/** Detections from a trained FCOS head: per image, decoded, clipped and NMS-filtered boxes. */
import { noGrad } from '@prior/autograd';
import { scope } from '@prior/tensor';
import type { FeatureSource } from '../../heads/feature-source.js';
import { type FcosDecodeOptions, fcosDetections } from '../../heads/fcos-decode.js';
import type { FcosHead } from '../../heads/fcos-head.js';
import { type FcosLocations, fcosLocations } from '../../heads/fcos-targets.js';
import type { ScoredBox } from '../../metrics/index.js';
import { batchRanges } from '../common/index.js';

export async function predictBoxes(head: FcosHead, source: FeatureSource, indices: readonly number[], opts: FcosDecodeOptions & { batchSize?: number } = {}): Promise<ScoredBox[][]> {
  const size = source.pre.size;
  const k = head.numClasses;
  head.train(false);
  const out: ScoredBox[][] = [];
  let loc: FcosLocations | null = null;
  for (const [s, e] of batchRanges(indices.length, opts.batchSize ?? 16)) {
    const { cls, ctr, reg, sizes } = await scope(async () => {
      const o = noGrad(() => head.forward(source.maps(indices.slice(s, e), false)));
      return { cls: await o.cls.data(), ctr: await o.ctr.data(), reg: await o.reg.data(), sizes: o.sizes };
    });
    loc ??= fcosLocations(sizes, head.strides);
    const n = loc.count;
    for (let i = 0; i < e - s; i++) {
      out.push(fcosDetections({ cls: cls.subarray(i * n * k, (i + 1) * n * k), ctr: ctr.subarray(i * n, (i + 1) * n), reg: reg.subarray(i * n * 4, (i + 1) * n * 4) }, loc, k, size, size, opts));
    }
  }
  return out;
}

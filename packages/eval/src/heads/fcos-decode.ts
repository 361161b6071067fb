/**
 * FCOS inference: score every location by √(σ(class) · σ(centre-ness)) (FCOS' ranking, so
 * off-centre locations with confident classes rank lower), keep those above a threshold
 * (the best `preNmsTopK`), decode their boxes, clip them to the image and run NMS per class.
 */
import type { ScoredBox } from '../metrics/index.js';
import { clipBox, decodeBox } from './box-coding.js';
import type { FcosLocations } from './fcos-targets.js';
import { nmsBoxes } from './nms.js';

export interface FcosDecodeOptions {
  /** Minimum score to consider a location (default 0.05). */
  scoreThreshold?: number;
  /** Candidates per image before NMS (default 200). */
  preNmsTopK?: number;
  /** NMS IoU threshold (default 0.5). */
  nmsThreshold?: number;
  /** Detections kept per image (default 20). */
  maxDetections?: number;
}

export interface FcosHostOutput {
  /** Class logits of one image, [N·K] row-major. */
  cls: ArrayLike<number>;
  /** Centre-ness logits [N]. */
  ctr: ArrayLike<number>;
  /** ln(distance / stride) [N·4]. */
  reg: ArrayLike<number>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The detections of one image of size width × height. */
export function fcosDetections(out: FcosHostOutput, loc: FcosLocations, numClasses: number, width: number, height: number, opts: FcosDecodeOptions = {}): ScoredBox[] {
  const threshold = opts.scoreThreshold ?? 0.05;
  const cand: { i: number; label: number; score: number }[] = [];
  for (let i = 0; i < loc.count; i++) {
    const c = sigmoid(out.ctr[i]);
    for (let k = 0; k < numClasses; k++) {
      const score = Math.sqrt(sigmoid(out.cls[i * numClasses + k]) * c);
      if (score >= threshold) cand.push({ i, label: k, score });
    }
  }
  cand.sort((a, b) => b.score - a.score || a.i - b.i);
  const boxes: ScoredBox[] = cand.slice(0, opts.preNmsTopK ?? 200).map(({ i, label, score }) => {
    const v = [0, 1, 2, 3].map((s) => Math.min(Math.max(out.reg[i * 4 + s], -8), 8));
    return { ...clipBox(decodeBox(loc.x[i], loc.y[i], v, loc.stride[i]), width, height), label, score };
  });
  return nmsBoxes(boxes.filter((b) => b.width > 0 && b.height > 0), { iouThreshold: opts.nmsThreshold ?? 0.5, maxDetections: opts.maxDetections ?? 20 });
}

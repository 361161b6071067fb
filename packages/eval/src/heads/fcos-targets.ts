/**
 * FCOS training targets, computed on the host from the ground-truth boxes.
 *
 * A location (cell centre) is a positive for a box when
 *   - it lies inside the box and within `centreRadius`·stride of the box centre
 *     (FCOS' centre sampling: border locations see mostly background), and
 *   - the box's largest side distance max(l, t, r, b) falls in the level's size range:
 *     (4·s, 8·s] for stride s, the first level from 0 and the last to ∞ (FCOS' ranges
 *     0–64, 64–128, … for strides 8, 16, …, written relative to the stride).
 * A location claimed by several boxes takes the smallest. A box no location claims
 * (smaller than a cell, or between ranges) gets the location of its level nearest its
 * centre, so every truth has at least one positive.
 */
import type { BoxLike } from '../metrics/index.js';
import { boxToLtrb, centreness } from './box-coding.js';

export interface FcosLocations {
  /** Cell centres in image pixels, per location: x[i], y[i]. */
  x: Float32Array;
  y: Float32Array;
  /** Stride and level (position in the used levels) of each location. */
  stride: Float32Array;
  level: Int32Array;
  /** Start offset of each level in the flattened order. */
  offsets: number[];
  count: number;
}

/** Locations of maps of the given sizes and strides, level by level, row-major (FcosHead's order). */
export function fcosLocations(sizes: readonly (readonly [number, number])[], strides: readonly number[]): FcosLocations {
  const count = sizes.reduce((n, [h, w]) => n + h * w, 0);
  const loc: FcosLocations = { x: new Float32Array(count), y: new Float32Array(count), stride: new Float32Array(count), level: new Int32Array(count), offsets: [], count };
  let k = 0;
  sizes.forEach(([h, w], l) => {
    loc.offsets.push(k);
    const s = strides[l];
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++, k++) {
        loc.x[k] = (j + 0.5) * s;
        loc.y[k] = (i + 0.5) * s;
        loc.stride[k] = s;
        loc.level[k] = l;
      }
    }
  });
  return loc;
}

export interface FcosTargetOptions {
  /** Centre sampling radius in strides (default 1.5). */
  centreRadius?: number;
  /** [lo, hi] of max(l, t, r, b) per level; default FCOS' ranges relative to the stride. */
  sizeRanges?: readonly (readonly [number, number])[];
}

export interface FcosTargets {
  /** Index of the assigned box per location, −1 for background. */
  assigned: Int32Array;
  /** Class of each positive location (label ?? 0), −1 for background. */
  labels: Int32Array;
  /** ln(distance / stride) per side, [N·4] (0 for background). */
  reg: Float32Array;
  /** Centre-ness target per location (0 for background). */
  ctr: Float32Array;
  numPositives: number;
}

export function defaultSizeRanges(strides: readonly number[]): [number, number][] {
  return strides.map((s, l) => [l === 0 ? 0 : 4 * s, l === strides.length - 1 ? Infinity : 8 * s]);
}

/** Targets of one image. */
export function fcosTargets(loc: FcosLocations, boxes: readonly BoxLike[], opts: FcosTargetOptions = {}): FcosTargets {
  const n = loc.count;
  const radius = opts.centreRadius ?? 1.5;
  const strides = loc.offsets.map((o) => loc.stride[o]);
  const ranges = opts.sizeRanges ?? defaultSizeRanges(strides);
  const assigned = new Int32Array(n).fill(-1);
  const area = new Float64Array(n).fill(Infinity);
  const claimed = new Array<boolean>(boxes.length).fill(false);
  boxes.forEach((box, b) => {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const a = box.width * box.height;
    for (let i = 0; i < n; i++) {
      const d = boxToLtrb(loc.x[i], loc.y[i], box);
      if (!(d[0] > 0 && d[1] > 0 && d[2] > 0 && d[3] > 0)) continue;
      const r = radius * loc.stride[i];
      if (Math.abs(loc.x[i] - cx) > r || Math.abs(loc.y[i] - cy) > r) continue;
      const m = Math.max(...d);
      const [lo, hi] = ranges[loc.level[i]];
      if (!(m > lo && m <= hi)) continue;
      claimed[b] = true;
      if (a < area[i]) {
        area[i] = a;
        assigned[i] = b;
      }
    }
  });
  boxes.forEach((box, b) => {
    if (claimed[b] || !(box.width > 0 && box.height > 0)) return;
    // The level whose range holds half the larger side, then the location nearest the centre.
    const half = Math.max(box.width, box.height) / 2;
    let level = ranges.findIndex(([lo, hi]) => half > lo && half <= hi);
    if (level < 0) level = half <= ranges[0][1] ? 0 : ranges.length - 1;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    let best = -1;
    let bestD = Infinity;
    const end = level + 1 < loc.offsets.length ? loc.offsets[level + 1] : n;
    for (let i = loc.offsets[level]; i < end; i++) {
      const d = Math.hypot(loc.x[i] - cx, loc.y[i] - cy);
      if (d < bestD && assigned[i] < 0) {
        best = i;
        bestD = d;
      }
    }
    if (best >= 0) assigned[best] = b;
  });
  const labels = new Int32Array(n).fill(-1);
  const reg = new Float32Array(n * 4);
  const ctr = new Float32Array(n);
  let numPositives = 0;
  for (let i = 0; i < n; i++) {
    const b = assigned[i];
    if (b < 0) continue;
    numPositives++;
    labels[i] = boxes[b].label ?? 0;
    // A fallback location may sit on or outside the box edge: keep distances positive.
    const d = boxToLtrb(loc.x[i], loc.y[i], boxes[b]).map((v) => Math.max(v, 0.25 * loc.stride[i]));
    for (let c = 0; c < 4; c++) reg[i * 4 + c] = Math.log(d[c] / loc.stride[i]);
    ctr[i] = Math.max(centreness(d), 0.01);
  }
  return { assigned, labels, reg, ctr, numPositives };
}

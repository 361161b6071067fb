/**
 * FCOS box coding. A location is the centre of a feature-map cell in image pixels,
 * ((j + 0.5)·stride, (i + 0.5)·stride); a box is described from it by its distances to
 * the four sides (left, top, right, bottom). The network regresses them in log space in
 * units of the level's stride, v = ln(d / stride), so one output scale fits every level
 * and the decoded distance exp(v)·stride is always positive.
 */
import type { BoxLike } from '../metrics/index.js';

/** Distances (left, top, right, bottom) from a point to the sides of a box. */
export type Ltrb = [number, number, number, number];

/** Distances from (px, py) to the sides of `box`; all positive exactly when the point is strictly inside. */
export function boxToLtrb(px: number, py: number, box: BoxLike): Ltrb {
  return [px - box.x, py - box.y, box.x + box.width - px, box.y + box.height - py];
}

/** The box whose sides lie at distances `d` from (px, py). */
export function ltrbToBox(px: number, py: number, d: readonly number[]): BoxLike {
  return { x: px - d[0], y: py - d[1], width: d[0] + d[2], height: d[1] + d[3] };
}

/** Regression target of a box seen from an inside point: ln(distance / stride) per side. */
export function encodeBox(px: number, py: number, box: BoxLike, stride: number): Ltrb {
  const d = boxToLtrb(px, py, box);
  if (d.some((v) => !(v > 0))) throw new RangeError(`encodeBox: point (${px}, ${py}) is not inside box ${JSON.stringify(box)}`);
  return d.map((v) => Math.log(v / stride)) as Ltrb;
}

/** Inverse of encodeBox: the box from log-space distances `v` (in strides) at (px, py). */
export function decodeBox(px: number, py: number, v: readonly number[], stride: number): BoxLike {
  return ltrbToBox(px, py, v.map((x) => Math.exp(x) * stride));
}

/**
 * FCOS centre-ness of a location inside a box: √(min(l,r)/max(l,r) · min(t,b)/max(t,b)),
 * 1 at the box centre, falling to 0 at its edges. It down-weights off-centre locations
 * in the regression loss and in the detection score.
 */
export function centreness(d: readonly number[]): number {
  const [l, t, r, b] = d;
  if (!(l > 0 && t > 0 && r > 0 && b > 0)) return 0;
  return Math.sqrt((Math.min(l, r) / Math.max(l, r)) * (Math.min(t, b) / Math.max(t, b)));
}

/** Clips a box to the image [0, width] × [0, height] (a box outside it becomes empty). */
export function clipBox<B extends BoxLike>(box: B, width: number, height: number): B {
  const x0 = Math.min(Math.max(box.x, 0), width);
  const y0 = Math.min(Math.max(box.y, 0), height);
  const x1 = Math.min(Math.max(box.x + box.width, 0), width);
  const y1 = Math.min(Math.max(box.y + box.height, 0), height);
  return { ...box, x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Detection pictures: each test image (grey, enlarged) with its true boxes in green and the
 * predicted boxes scoring at least `minScore` in red, each labelled with its score.
 */
import type { BoxLike, ScoredBox } from '../../metrics/index.js';
import type { Canvas } from '../../report/canvas.js';
import type { ImagePreprocess } from '../common/index.js';
import { PREDICTION_COLOUR, type StripOptions, type StripTile, TRUTH_COLOUR, pictureStrip } from '../common/picture-strip.js';

export interface BoxTile extends StripTile {
  truths: readonly BoxLike[];
  predictions: readonly ScoredBox[];
}

function rect(c: Canvas, b: BoxLike, left: number, top: number, scale: number, colour: readonly [number, number, number], width: number): void {
  const x0 = left + b.x * scale;
  const y0 = top + b.y * scale;
  const x1 = x0 + b.width * scale;
  const y1 = y0 + b.height * scale;
  c.polyline([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], colour, width);
}

export function detectionPicture(tiles: readonly BoxTile[], pre: ImagePreprocess, opts: StripOptions & { minScore?: number } = {}): Uint8Array {
  const minScore = opts.minScore ?? 0.3;
  return pictureStrip('detectionPicture', tiles, pre, opts, `prediction (score >= ${minScore})`, (c, t, left, top, scale) => {
    for (const b of t.truths) rect(c, b, left, top, scale, TRUTH_COLOUR, 2);
    for (const b of t.predictions) {
      if (b.score < minScore) continue;
      rect(c, b, left, top, scale, PREDICTION_COLOUR, 2);
      c.text(left + b.x * scale + 2, top + Math.max(0, b.y * scale - 9), b.score.toFixed(2), PREDICTION_COLOUR, 1);
    }
  });
}

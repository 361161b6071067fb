/**
 * Detection pictures: each test image (grey, enlarged) with its true boxes in green and the
 * predicted boxes scoring at least `minScore` in red, each labelled with its score.
 */
import type { BoxLike, ScoredBox } from '../../metrics/index.js';
import { BLACK, Canvas } from '../../report/canvas.js';
import type { ImagePreprocess } from '../common/index.js';
import { PREDICTION_COLOUR, TRUTH_COLOUR, drawImage } from '../segmentation/overlay.js';

export interface BoxTile {
  pixels: Float32Array;
  truths: readonly BoxLike[];
  predictions: readonly ScoredBox[];
  caption?: string;
}

function rect(c: Canvas, b: BoxLike, left: number, top: number, scale: number, colour: readonly [number, number, number], width: number): void {
  const x0 = left + b.x * scale;
  const y0 = top + b.y * scale;
  const x1 = x0 + b.width * scale;
  const y1 = y0 + b.height * scale;
  c.polyline([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], colour, width);
}

export function detectionPicture(tiles: readonly BoxTile[], pre: ImagePreprocess, opts: { scale?: number; title?: string; minScore?: number } = {}): Uint8Array {
  if (tiles.length === 0) throw new RangeError('detectionPicture: no images');
  const scale = opts.scale ?? Math.max(1, Math.round(192 / pre.size));
  const minScore = opts.minScore ?? 0.3;
  const side = pre.size * scale;
  const gap = 8;
  const titleH = opts.title ? Canvas.textHeight(2) + 8 : 0;
  const captionH = Canvas.textHeight(1) + 6;
  const c = new Canvas(gap + tiles.length * (side + gap), titleH + gap + side + captionH + Canvas.textHeight(1) + 10);
  if (opts.title) c.text(gap, 4, opts.title, BLACK, 2);
  tiles.forEach((t, k) => {
    const left = gap + k * (side + gap);
    const top = titleH + gap;
    drawImage(c, t.pixels, pre, left, top, scale);
    for (const b of t.truths) rect(c, b, left, top, scale, TRUTH_COLOUR, 2);
    for (const b of t.predictions) {
      if (b.score < minScore) continue;
      rect(c, b, left, top, scale, PREDICTION_COLOUR, 2);
      c.text(left + b.x * scale + 2, top + Math.max(0, b.y * scale - 9), b.score.toFixed(2), PREDICTION_COLOUR, 1);
    }
    if (t.caption) c.text(left, top + side + 4, t.caption, BLACK, 1);
  });
  const legendY = titleH + gap + side + captionH + 2;
  c.fillRect(gap, legendY, 10, 7, TRUTH_COLOUR);
  c.text(gap + 14, legendY, 'truth', BLACK, 1);
  c.fillRect(gap + 50, legendY, 10, 7, PREDICTION_COLOUR);
  c.text(gap + 64, legendY, `prediction (score >= ${minScore})`, BLACK, 1);
  return c.toPng();
}

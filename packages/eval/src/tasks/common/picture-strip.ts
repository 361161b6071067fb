/**
 * The strip both dense tasks draw: test images (their normalisation undone, grey) enlarged
 * by an integer factor side by side, each with what the task draws over it (truth in green,
 * prediction in red) and a caption, an optional title above and a legend below; one PNG.
 */
import { BLACK, Canvas, type Rgb } from '../../report/canvas.js';
import type { ImagePreprocess } from './preprocess.js';

export const TRUTH_COLOUR: Rgb = [40, 200, 40];
export const PREDICTION_COLOUR: Rgb = [230, 40, 40];

/** Draws the image at (left, top) scaled by `scale`, as grey, undoing mean/std normalisation. */
export function drawImage(c: Canvas, pixels: Float32Array, pre: ImagePreprocess, left: number, top: number, scale: number): void {
  const s = pre.size;
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, pixels[y * s + x] * pre.std + pre.mean)));
      c.fillRect(left + x * scale, top + y * scale, scale, scale, [v, v, v]);
    }
  }
}

export interface StripTile {
  /** Preprocessed image (CHW floats; channel 0 is drawn). */
  pixels: Float32Array;
  caption?: string;
}

export interface StripOptions {
  scale?: number;
  title?: string;
}

/**
 * `name` is the caller, for the error; `predictionLabel` the legend's text for red;
 * `drawOver` draws one tile's truth and prediction at (left, top).
 */
export function pictureStrip<T extends StripTile>(
  name: string,
  tiles: readonly T[],
  pre: ImagePreprocess,
  opts: StripOptions,
  predictionLabel: string,
  drawOver: (c: Canvas, tile: T, left: number, top: number, scale: number) => void,
): Uint8Array {
  if (tiles.length === 0) throw new RangeError(`${name}: no images`);
  const scale = opts.scale ?? Math.max(1, Math.round(192 / pre.size));
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
    drawOver(c, t, left, top, scale);
    if (t.caption) c.text(left, top + side + 4, t.caption, BLACK, 1);
  });
  const legendY = titleH + gap + side + captionH + 2;
  c.fillRect(gap, legendY, 10, 7, TRUTH_COLOUR);
  c.text(gap + 14, legendY, 'truth', BLACK, 1);
  c.fillRect(gap + 50, legendY, 10, 7, PREDICTION_COLOUR);
  c.text(gap + 64, legendY, predictionLabel, BLACK, 1);
  return c.toPng();
}

/**
 * Segmentation overlays: each test image (its normalisation undone, grey) enlarged by an
 * integer factor, with the outline of the true mask in green and of the predicted mask
 * in red, and a caption (e.g. its Dice) under it; tiles side by side in one PNG.
 */
import { BLACK, Canvas, type Rgb } from '../../report/canvas.js';
import type { ImagePreprocess } from '../common/index.js';

export const TRUTH_COLOUR: Rgb = [40, 200, 40];
export const PREDICTION_COLOUR: Rgb = [230, 40, 40];

export interface OverlayTile {
  /** Preprocessed image (CHW floats; channel 0 is drawn). */
  pixels: Float32Array;
  /** 0/1 masks of pre.size², row-major. */
  prediction: Uint8Array;
  truth: Uint8Array;
  caption?: string;
}

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

/** Pixels of a mask on its boundary: inside, with a 4-neighbour outside (or at the image edge). */
export function maskOutline(mask: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= size || y >= size ? 0 : mask[y * size + x]);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (at(x, y) && (!at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1))) out[y * size + x] = 1;
    }
  }
  return out;
}

function drawOutline(c: Canvas, mask: Uint8Array, size: number, left: number, top: number, scale: number, colour: Rgb): void {
  const o = maskOutline(mask, size);
  for (let i = 0; i < o.length; i++) if (o[i]) c.fillRect(left + (i % size) * scale, top + Math.floor(i / size) * scale, scale, scale, colour);
}

export function segmentationOverlay(tiles: readonly OverlayTile[], pre: ImagePreprocess, opts: { scale?: number; title?: string } = {}): Uint8Array {
  if (tiles.length === 0) throw new RangeError('segmentationOverlay: no images');
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
    drawOutline(c, t.truth, pre.size, left, top, scale, TRUTH_COLOUR);
    drawOutline(c, t.prediction, pre.size, left, top, scale, PREDICTION_COLOUR);
    if (t.caption) c.text(left, top + side + 4, t.caption, BLACK, 1);
  });
  const legendY = titleH + gap + side + captionH + 2;
  c.fillRect(gap, legendY, 10, 7, TRUTH_COLOUR);
  c.text(gap + 14, legendY, 'truth', BLACK, 1);
  c.fillRect(gap + 50, legendY, 10, 7, PREDICTION_COLOUR);
  c.text(gap + 64, legendY, 'prediction', BLACK, 1);
  return c.toPng();
}

/**
 * Segmentation overlays: each test image (its normalisation undone, grey) enlarged by an
 * integer factor, with the outline of the true mask in green and of the predicted mask
 * in red, and a caption (e.g. its Dice) under it; tiles side by side in one PNG.
 */
import type { Canvas, Rgb } from '../../report/canvas.js';
import type { ImagePreprocess } from '../common/index.js';
import { PREDICTION_COLOUR, type StripOptions, type StripTile, TRUTH_COLOUR, pictureStrip } from '../common/picture-strip.js';

export interface OverlayTile extends StripTile {
  /** 0/1 masks of pre.size², row-major. */
  prediction: Uint8Array;
  truth: Uint8Array;
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

export function segmentationOverlay(tiles: readonly OverlayTile[], pre: ImagePreprocess, opts: StripOptions = {}): Uint8Array {
  return pictureStrip('segmentationOverlay', tiles, pre, opts, 'prediction', (c, t, left, top, scale) => {
    drawOutline(c, t.truth, pre.size, left, top, scale, TRUTH_COLOUR);
    drawOutline(c, t.prediction, pre.size, left, top, scale, PREDICTION_COLOUR);
  });
}

/**
 * A tiny RGB raster for plots: filled rectangles, anti-aliased thick (optionally dashed)
 * lines, and text in the 5×7 bitmap font at integer scales, written out as PNG with
 * `encodePng` from @prior/datasets. Coordinates are pixels, origin top-left.
 */
import { encodePng } from '@prior/datasets';
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.js';

/** An RGB colour, components 0–255. */
export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [128, 128, 128];
export const LIGHT_GREY: Rgb = [225, 225, 225];
/** Ten distinguishable series colours (the common "category10" set). */
export const PALETTE: readonly Rgb[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

export type Align = 'left' | 'center' | 'right';

export class Canvas {
  readonly data: Uint8Array;

  constructor(readonly width: number, readonly height: number, background: Rgb = WHITE) {
    this.data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.data.set(background, i * 3);
  }

  /** Mixes `color` into pixel (x, y) with coverage `alpha` in [0, 1]; off-canvas is ignored. */
  blend(x: number, y: number, color: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const i = (y * this.width + x) * 3;
    const a = Math.min(1, alpha);
    for (let c = 0; c < 3; c++) this.data[i + c] = Math.round(this.data[i + c] * (1 - a) + color[c] * a);
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.blend(xx, yy, color);
  }

  /** A 1-pixel outline just inside the rectangle. */
  strokeRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    this.fillRect(x, y, w, 1, color);
    this.fillRect(x, y + h - 1, w, 1, color);
    this.fillRect(x, y, 1, h, color);
    this.fillRect(x + w - 1, y, 1, h, color);
  }

  /**
   * A line of `width` pixels from (x0, y0) to (x1, y1), anti-aliased by each pixel's
   * distance to the segment; `dash` = [on, off] lengths along the line.
   */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, width = 1, dash?: readonly [number, number]): void {
    const r = width / 2;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    const len = Math.sqrt(len2);
    const minX = Math.floor(Math.min(x0, x1) - r - 1);
    const maxX = Math.ceil(Math.max(x0, x1) + r + 1);
    const minY = Math.floor(Math.min(y0, y1) - r - 1);
    const maxY = Math.ceil(Math.max(y0, y1) + r + 1);
    for (let py = Math.max(0, minY); py <= Math.min(this.height - 1, maxY); py++) {
      for (let px = Math.max(0, minX); px <= Math.min(this.width - 1, maxX); px++) {
        // Pixel centres at +0.5: a line at x = 10 covers pixel column 10 when width is 1.
        const cx = px + 0.5;
        const cy = py + 0.5;
        const t = len2 ? Math.max(0, Math.min(1, ((cx - x0) * dx + (cy - y0) * dy) / len2)) : 0;
        if (dash && (t * len) % (dash[0] + dash[1]) > dash[0]) continue;
        const d = Math.hypot(cx - (x0 + t * dx), cy - (y0 + t * dy));
        this.blend(px, py, color, r + 0.5 - d);
      }
    }
  }

  /** A polyline through points (pixel coordinates). */
  polyline(points: readonly (readonly [number, number])[], color: Rgb, width = 1): void {
    for (let i = 1; i < points.length; i++) this.line(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], color, width);
  }

  /** Width in pixels of `text` at `scale`. */
  static textWidth(text: string, scale = 1): number {
    return text.length ? ([...text].length * GLYPH_ADVANCE - 1) * scale : 0;
  }

  static textHeight(scale = 1): number {
    return GLYPH_HEIGHT * scale;
  }

  /** Draws `text` with its top at `y`; `x` is its left edge, centre or right edge by `align`. */
  text(x: number, y: number, text: string, color: Rgb = BLACK, scale = 1, align: Align = 'left'): void {
    const w = Canvas.textWidth(text, scale);
    let left = Math.round(align === 'left' ? x : align === 'center' ? x - w / 2 : x - w);
    const top = Math.round(y);
    for (const ch of text) {
      this.#glyph(ch, (gx, gy) => this.fillRect(left + gx * scale, top + gy * scale, scale, scale, color));
      left += GLYPH_ADVANCE * scale;
    }
  }

  /** Text rotated 90° anticlockwise (reading bottom to top), centred vertically on `cy`, left edge at `x`. */
  textUp(x: number, cy: number, text: string, color: Rgb = BLACK, scale = 1): void {
    let bottom = Math.round(cy + Canvas.textWidth(text, scale) / 2);
    const left = Math.round(x);
    for (const ch of text) {
      this.#glyph(ch, (gx, gy) => this.fillRect(left + gy * scale, bottom - (gx + 1) * scale, scale, scale, color));
      bottom -= GLYPH_ADVANCE * scale;
    }
  }

  #glyph(ch: string, dot: (gx: number, gy: number) => void): void {
    const rows = glyph(ch);
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) if (rows[gy] & (1 << (GLYPH_WIDTH - 1 - gx))) dot(gx, gy);
    }
  }

  toPng(): Uint8Array {
    return encodePng(this.data, this.width, this.height, { channels: 3 });
  }
}

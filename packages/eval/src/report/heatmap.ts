/**
 * Local-alignment heatmaps: where in the image a report sentence attends (PRIOR's
 * sentence → region attention, one value per region of the last feature map, row-major),
 * drawn over the radiograph. `sentenceHeatmap` and `heatOverlay` are what `prior heatmap`
 * draws with; `localAlignmentFigure` lays several images × sentences out in one PNG for
 * the evaluation report.
 */
import { makeImage, resize } from '@prior/datasets';
import { BLACK, Canvas } from './canvas.js';

/**
 * The map of one sentence (`pick`, 0-based) or the mean over the first `sentences`, from
 * attention [S_max × R] row-major (sentence s at s·R), stretched to [0, 1] so the
 * strongest region is always visible (0.5 everywhere when the map is flat).
 */
export function sentenceHeatmap(attention: ArrayLike<number>, sentences: number, regions: number, pick?: number): Float32Array {
  if (!(Number.isInteger(regions) && regions > 0)) throw new RangeError(`sentenceHeatmap: regions must be a positive integer, got ${regions}`);
  if (!(Number.isInteger(sentences) && sentences > 0 && sentences * regions <= attention.length)) {
    throw new RangeError(`sentenceHeatmap: sentences must be an integer from 1 to ${Math.floor(attention.length / regions)} (attention holds ${attention.length} values of ${regions} regions), got ${sentences}`);
  }
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 0 && pick < sentences)) throw new RangeError(`sentenceHeatmap: pick must be a sentence index from 0 to ${sentences - 1}, got ${pick}`);
  const chosen = pick === undefined ? [...Array(sentences).keys()] : [pick];
  const map = new Float32Array(regions);
  for (const s of chosen) for (let r = 0; r < regions; r++) map[r] += attention[s * regions + r] / chosen.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of map) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return map.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
}

/** A side×side map (regions row-major) resized bilinearly to width×height. */
export function upsampleHeatmap(heat: Float32Array, width: number, height: number): Float32Array {
  const side = Math.round(Math.sqrt(heat.length));
  if (side * side !== heat.length) throw new RangeError(`upsampleHeatmap: expected a square map (side² values), got ${heat.length} values`);
  return resize(makeImage(side, side, 1, heat), height, width, 'bilinear').data;
}

/** Grey radiograph (values in [0, 1]) under a red-to-yellow map of `heat` ([0, 1], same size), as RGB floats. */
export function heatOverlay(grey: ArrayLike<number>, heat: ArrayLike<number>, opacity: number): Float32Array {
  if (grey.length !== heat.length) throw new RangeError(`heatOverlay: grey (${grey.length} pixels) and heat (${heat.length}) must have the same size`);
  const rgb = new Float32Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) {
    const w = opacity * heat[i];
    rgb[3 * i] = (1 - w) * grey[i] + w;
    rgb[3 * i + 1] = (1 - w) * grey[i] + w * heat[i];
    rgb[3 * i + 2] = (1 - w) * grey[i];
  }
  return rgb;
}

export interface HeatmapRow {
  /** The image, grey values in [0, 1], size×size row-major. */
  grey: Float32Array;
  size: number;
  /** One [0, 1] map per sentence (side² each), with the caption drawn under its tile. */
  maps: { heat: Float32Array; caption: string }[];
  /** Caption under the plain image. */
  caption?: string;
}

/** Rows of [image | sentence 1 | sentence 2 | …] tiles, each enlarged to about 128 px. */
export function localAlignmentFigure(rows: readonly HeatmapRow[], opts: { title?: string; opacity?: number } = {}): Uint8Array {
  if (rows.length === 0) throw new RangeError('localAlignmentFigure: no images');
  const size = rows[0].size;
  if (rows.some((r) => r.size !== size || r.grey.length !== size * size)) throw new RangeError(`localAlignmentFigure: every row's grey must be ${size}×${size}`);
  const scale = Math.max(1, Math.round(128 / size));
  const side = size * scale;
  const gap = 8;
  const cols = 1 + Math.max(...rows.map((r) => r.maps.length));
  const titleH = opts.title ? Canvas.textHeight(2) + 8 : 0;
  const rowH = side + Canvas.textHeight(1) + 10;
  const c = new Canvas(gap + cols * (side + gap), titleH + gap + rows.length * rowH);
  if (opts.title) c.text(gap, 4, opts.title, BLACK, 2);
  const tile = (rgb: (i: number) => [number, number, number], left: number, top: number) => {
    for (let i = 0; i < size * size; i++) c.fillRect(left + (i % size) * scale, top + Math.floor(i / size) * scale, scale, scale, rgb(i));
  };
  const byte = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v)));
  rows.forEach((r, k) => {
    const top = titleH + gap + k * rowH;
    tile((i) => [byte(r.grey[i]), byte(r.grey[i]), byte(r.grey[i])], gap, top);
    if (r.caption) c.text(gap, top + side + 4, r.caption, BLACK, 1);
    r.maps.forEach((m, j) => {
      const left = gap + (j + 1) * (side + gap);
      const rgb = heatOverlay(r.grey, upsampleHeatmap(m.heat, size, size), opts.opacity ?? 0.6);
      tile((i) => [byte(rgb[3 * i]), byte(rgb[3 * i + 1]), byte(rgb[3 * i + 2])], left, top);
      c.text(left, top + side + 4, m.caption, BLACK, 1);
    });
  });
  return c.toPng();
}

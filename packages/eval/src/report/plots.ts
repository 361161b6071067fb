/**
 * PNG plots drawn by hand on `Canvas`: ROC curves (one per class or method, with the AUC
 * in the legend and the chance diagonal), grouped bar charts with error bars (methods ×
 * tasks or label fractions) and line charts (e.g. loss curves over steps, with stage
 * markers). All return PNG bytes; write them with a FileStore.
 */
import { ReportError } from '../errors.js';
import { BLACK, Canvas, GREY, LIGHT_GREY, PALETTE, type Rgb } from './canvas.js';

export interface RocSeries {
  label: string;
  fpr: readonly number[];
  tpr: readonly number[];
  /** Printed in the legend as `label (AUC 0.873)` when given. */
  auc?: number;
}

export interface RocPlotOptions {
  title?: string;
  /** Side of the square plot area in pixels; default 400. */
  size?: number;
}

const S = 2; // text scale for labels: 10×14-pixel characters
const SMALL = 1;
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/** Clips text to `maxWidth` pixels, ending with '..' when cut. */
function fit(text: string, maxWidth: number, scale: number): string {
  if (Canvas.textWidth(text, scale) <= maxWidth) return text;
  let t = text;
  while (t.length > 1 && Canvas.textWidth(`${t}..`, scale) > maxWidth) t = t.slice(0, -1);
  return `${t}..`;
}

/** Legend rows (colour swatch + label) in a white box with a grey border, anchored at its bottom-right corner. */
function legend(c: Canvas, right: number, bottom: number, items: readonly { label: string; color: Rgb }[], maxWidth: number): void {
  if (!items.length) return;
  const row = Canvas.textHeight(S) + 6;
  const labels = items.map((i) => fit(i.label, maxWidth - 40, S));
  const w = Math.max(...labels.map((l) => Canvas.textWidth(l, S))) + 40;
  const h = items.length * row + 8;
  const x = right - w;
  const y = bottom - h;
  c.fillRect(x, y, w, h, [255, 255, 255]);
  c.strokeRect(x, y, w, h, GREY);
  items.forEach((it, i) => {
    const cy = y + 6 + i * row + Canvas.textHeight(S) / 2;
    c.line(x + 8, cy, x + 28, cy, it.color, 3);
    c.text(x + 34, cy - Canvas.textHeight(S) / 2, labels[i], BLACK, S);
  });
}

/** ROC curves on the unit square. */
export function rocPlot(series: readonly RocSeries[], opts: RocPlotOptions = {}): Uint8Array {
  if (series.length === 0) throw new ReportError('rocPlot: no curves to draw');
  series.forEach((s) => {
    if (s.fpr.length !== s.tpr.length || s.fpr.length < 2) throw new ReportError(`rocPlot: curve ${JSON.stringify(s.label)} needs matching fpr/tpr with at least 2 points`);
  });
  const size = opts.size ?? 400;
  const left = 70;
  const top = opts.title ? 40 : 16;
  const right = 20;
  const bottom = 62;
  const c = new Canvas(left + size + right, top + size + bottom);
  const px = (v: number) => left + v * size;
  const py = (v: number) => top + (1 - v) * size;
  if (opts.title) c.text(c.width / 2, 12, fit(opts.title, c.width - 10, S), BLACK, S, 'center');
  for (const t of TICKS) {
    c.line(px(t), top, px(t), top + size, LIGHT_GREY);
    c.line(left, py(t), left + size, py(t), LIGHT_GREY);
    c.line(px(t), top + size, px(t), top + size + 5, BLACK);
    c.line(left - 5, py(t), left, py(t), BLACK);
    c.text(px(t), top + size + 11, t.toFixed(1), BLACK, S, 'center');
    c.text(left - 9, py(t) - Canvas.textHeight(S) / 2, t.toFixed(1), BLACK, S, 'right');
  }
  c.line(px(0), py(0), px(1), py(1), GREY, 1.5, [6, 5]);
  // Frame before curves: a curve along an edge (a perfect classifier) stays visible.
  c.strokeRect(left, top, size + 1, size + 1, BLACK);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    c.polyline(s.fpr.map((f, k) => [px(f), py(s.tpr[k])] as const), color, 2.5);
  });
  c.text(left + size / 2, top + size + 36, 'False positive rate', BLACK, S, 'center');
  c.textUp(8, top + size / 2, 'True positive rate', BLACK, S);
  legend(
    c,
    left + size - 6,
    top + size - 6,
    series.map((s, i) => ({ label: s.auc === undefined ? s.label : `${s.label} (AUC ${s.auc.toFixed(3)})`, color: PALETTE[i % PALETTE.length] })),
    size - 12,
  );
  return c.toPng();
}

export interface BarSeries {
  /** Legend label, e.g. a method. */
  name: string;
  /** One value per category (NaN: no bar). */
  values: readonly number[];
  /** Half-length of the error bar per category (e.g. the std over seeds). */
  errors?: readonly number[];
}

export interface BarChartOptions {
  title?: string;
  yLabel?: string;
  /** Value range of the y axis; default [0, nice max of values + errors]. */
  yRange?: readonly [number, number];
  /** Printed above each bar with this many decimals; default no labels. */
  valueDigits?: number;
  /** Plot area in pixels; default 120 per category × 320. */
  width?: number;
  height?: number;
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `n` ticks over `span`. */
function niceStep(span: number, n = 5): number {
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

/** Horizontal grid lines and labelled ticks every `step` from `lo` to `hi`, left of a plot `w` wide. */
function yGrid(c: Canvas, left: number, w: number, lo: number, hi: number, step: number, py: (v: number) => number): void {
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) {
    c.line(left, py(t), left + w, py(t), LIGHT_GREY);
    c.line(left - 5, py(t), left, py(t), BLACK);
    c.text(left - 9, py(t) - Canvas.textHeight(S) / 2, t.toFixed(digits), BLACK, S, 'right');
  }
}

/** Grouped bars: one group per category, one bar per series, legend at the top right. */
export function barChart(categories: readonly string[], series: readonly BarSeries[], opts: BarChartOptions = {}): Uint8Array {
  if (categories.length === 0 || series.length === 0) throw new ReportError('barChart: needs at least one category and one series');
  series.forEach((s) => {
    if (s.values.length !== categories.length) throw new ReportError(`barChart: series ${JSON.stringify(s.name)} has ${s.values.length} values for ${categories.length} categories`);
    if (s.errors && s.errors.length !== categories.length) throw new ReportError(`barChart: series ${JSON.stringify(s.name)} has ${s.errors.length} errors for ${categories.length} categories`);
  });
  const tops = series.flatMap((s) => s.values.map((v, i) => v + (s.errors?.[i] ?? 0))).filter((v) => Number.isFinite(v));
  let [lo, hi] = opts.yRange ?? [0, Math.max(0, ...tops)];
  if (!(hi > lo)) hi = lo + 1;
  const step = niceStep(hi - lo);
  if (!opts.yRange) hi = Math.ceil(hi / step - 1e-9) * step;
  const w = opts.width ?? Math.max(320, categories.length * (series.length * 28 + 40));
  const h = opts.height ?? 320;
  const legendRows = series.length;
  const left = 80;
  const top = (opts.title ? 40 : 14) + legendRows * (Canvas.textHeight(S) + 6) + 12;
  const right = 20;
  const bottom = 50;
  const c = new Canvas(left + w + right, top + h + bottom);
  const py = (v: number) => top + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * h;
  if (opts.title) c.text(c.width / 2, 12, fit(opts.title, c.width - 10, S), BLACK, S, 'center');
  yGrid(c, left, w, lo, hi, step, py);
  const group = w / categories.length;
  const bar = Math.min(40, (group * 0.8) / series.length);
  categories.forEach((cat, i) => {
    const x0 = left + i * group + (group - bar * series.length) / 2;
    series.forEach((s, k) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) return;
      const x = x0 + k * bar;
      const yTop = py(v);
      const yBase = py(Math.max(lo, 0));
      c.fillRect(x + 1, Math.min(yTop, yBase), bar - 2, Math.abs(yBase - yTop), PALETTE[k % PALETTE.length]);
      const e = s.errors?.[i];
      const cx = x + bar / 2;
      if (e !== undefined && Number.isFinite(e) && e > 0) {
        c.line(cx, py(v - e), cx, py(v + e), BLACK, 1.5);
        c.line(cx - bar / 4, py(v + e), cx + bar / 4, py(v + e), BLACK, 1.5);
        c.line(cx - bar / 4, py(v - e), cx + bar / 4, py(v - e), BLACK, 1.5);
      }
      if (opts.valueDigits !== undefined) {
        const label = v.toFixed(opts.valueDigits);
        const above = py(v + (e ?? 0)) - Canvas.textHeight(SMALL) - 3;
        c.text(cx, above, label, BLACK, SMALL, 'center');
      }
    });
    c.text(left + (i + 0.5) * group, top + h + 10, fit(cat, group - 6, S), BLACK, S, 'center');
  });
  c.line(left, top, left, top + h, BLACK);
  c.line(left, top + h, left + w, top + h, BLACK);
  if (opts.yLabel) c.textUp(8, top + h / 2, fit(opts.yLabel, h, S), BLACK, S);
  // Legend above the plot, right-aligned.
  const legendTop = (opts.title ? 40 : 14);
  series.forEach((s, k) => {
    const y = legendTop + k * (Canvas.textHeight(S) + 6);
    const label = fit(s.name, w - 40, S);
    const lw = Canvas.textWidth(label, S);
    c.fillRect(left + w - lw - 30, y + 1, 20, Canvas.textHeight(S) - 2, PALETTE[k % PALETTE.length]);
    c.text(left + w, y, label, BLACK, S, 'right');
  });
  return c.toPng();
}

export interface LineSeries {
  /** Legend label, e.g. a loss term. */
  name: string;
  x: readonly number[];
  /** One value per x; a non-finite value breaks the line there. */
  y: readonly number[];
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Value range of the y axis; default the values' range, widened to nice ticks. */
  yRange?: readonly [number, number];
  /** Dashed vertical lines with a label at the top, e.g. where a training stage begins. */
  markers?: readonly { x: number; label: string }[];
  /** Plot area in pixels; default 480 × 260. */
  width?: number;
  height?: number;
}

/** Line plot of y over x, one line per series, legend above the plot. */
export function lineChart(series: readonly LineSeries[], opts: LineChartOptions = {}): Uint8Array {
  if (series.length === 0) throw new ReportError('lineChart: no series to draw');
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new ReportError(`lineChart: series ${JSON.stringify(s.name)} has ${s.x.length} x values for ${s.y.length} y values`);
    const bad = s.x.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ReportError(`lineChart: series ${JSON.stringify(s.name)} has a non-finite x (${s.x[bad]}) at index ${bad}`);
  }
  const xs = series.flatMap((s) => s.x);
  const ys = series.flatMap((s) => s.y.filter((v) => Number.isFinite(v)));
  if (ys.length === 0) throw new ReportError('lineChart: no finite y value to draw');
  const w = opts.width ?? 480;
  const h = opts.height ?? 260;
  if (!(w >= 40 && h >= 40)) throw new ReportError(`lineChart: the plot area must be at least 40 × 40 pixels, got ${w} × ${h}`);
  // Ranges: x exactly the data's (with room for a lone point), y widened to whole ticks.
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  if (x1 === x0) [x0, x1] = [x0 - 0.5, x1 + 0.5];
  let [lo, hi] = opts.yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const yStep = niceStep(hi - lo);
  if (!opts.yRange) [lo, hi] = [Math.floor(lo / yStep + 1e-9) * yStep, Math.ceil(hi / yStep - 1e-9) * yStep];
  const left = 80;
  const legendTop = opts.title ? 40 : 14;
  const top = legendTop + series.length * (Canvas.textHeight(S) + 6) + 12;
  const right = 20;
  const bottom = opts.xLabel ? 62 : 40;
  const c = new Canvas(left + w + right, top + h + bottom);
  const px = (v: number) => left + ((v - x0) / (x1 - x0)) * w;
  const py = (v: number) => top + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * h;
  if (opts.title) c.text(c.width / 2, 12, fit(opts.title, c.width - 10, S), BLACK, S, 'center');
  yGrid(c, left, w, lo, hi, yStep, py);
  const xStep = niceStep(x1 - x0);
  const xDigits = Math.max(0, -Math.floor(Math.log10(xStep) + 1e-9));
  for (let t = Math.ceil(x0 / xStep - 1e-9) * xStep; t <= x1 + 1e-9; t += xStep) {
    c.line(px(t), top + h, px(t), top + h + 5, BLACK);
    c.text(px(t), top + h + 11, t.toFixed(xDigits), BLACK, S, 'center');
  }
  for (const m of opts.markers ?? []) {
    if (!(m.x >= x0 && m.x <= x1)) continue;
    c.line(px(m.x), top, px(m.x), top + h, GREY, 2, [6, 5]);
    c.text(px(m.x) + 4, top + 4, fit(m.label, left + w - px(m.x) - 6, SMALL), GREY, SMALL);
  }
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    // A non-finite y ends one polyline and the next finite one starts another.
    let run: (readonly [number, number])[] = [];
    const flush = () => {
      if (run.length === 1) c.fillRect(run[0][0] - 1.5, run[0][1] - 1.5, 3, 3, color);
      else c.polyline(run, color, 2);
      run = [];
    };
    s.x.forEach((x, i) => (Number.isFinite(s.y[i]) ? run.push([px(x), py(s.y[i])]) : flush()));
    flush();
  });
  c.line(left, top, left, top + h, BLACK);
  c.line(left, top + h, left + w, top + h, BLACK);
  if (opts.xLabel) c.text(left + w / 2, top + h + 36, fit(opts.xLabel, w, S), BLACK, S, 'center');
  if (opts.yLabel) c.textUp(8, top + h / 2, fit(opts.yLabel, h, S), BLACK, S);
  series.forEach((s, k) => {
    const y = legendTop + k * (Canvas.textHeight(S) + 6);
    const label = fit(s.name, w - 40, S);
    const lw = Canvas.textWidth(label, S);
    c.line(left + w - lw - 30, y + Canvas.textHeight(S) / 2, left + w - lw - 10, y + Canvas.textHeight(S) / 2, PALETTE[k % PALETTE.length], 3);
    c.text(left + w, y, label, BLACK, S, 'right');
  });
  return c.toPng();
}

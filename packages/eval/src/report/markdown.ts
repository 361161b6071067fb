/**
 * Markdown tables in the papers' layout: one row per method (PRIOR, baselines, ablations),
 * one column per data set × label fraction (e.g. `CheXpert 1%`), cells `mean ± std` over
 * seeds of the task's primary metric followed by the bootstrap interval of that mean when
 * the result has one (`73.1 ± 1.2 [70.0, 76.0]`), the best mean of each column in bold
 * (when the column has at least two numbers).
 */
import { ReportError } from '../errors.js';
import { type FormatOptions, formatInterval, formatMeanStd } from '../stats.js';
import type { RunResult } from './results.js';

export interface TableOptions extends FormatOptions {
  /** Metric to show; default each result's primaryMetric. */
  metric?: string;
  /** Row order; default first appearance. Methods without results are listed with dashes. */
  methods?: readonly string[];
  /** Smaller is better (e.g. a loss); default false. */
  lowerIsBetter?: boolean;
  /** Bold the best mean per column; default true. */
  boldBest?: boolean;
  /** Append the result's bootstrap interval of the metric where it has one; default true. */
  intervals?: boolean;
}

const fractionLabel = (f: number | undefined) => (f === undefined ? '' : ` ${+(f * 100).toPrecision(3)}%`);
const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

/** One Markdown table of `results` (all of one task). */
export function resultsTable(results: readonly RunResult[], opts: TableOptions = {}): string {
  if (results.length === 0) throw new ReportError('resultsTable: no results to tabulate');
  const columns: { dataset: string; fraction: number | undefined }[] = [];
  const colKey = (r: { dataset: string; fraction?: number; labelFraction?: number }) => `${r.dataset}\u0000${r.labelFraction ?? r.fraction ?? ''}`;
  for (const r of results) {
    if (!columns.some((c) => colKey(c) === colKey(r))) columns.push({ dataset: r.dataset, fraction: r.labelFraction });
  }
  // Group by data set (first appearance), fractions ascending within it.
  const datasets = [...new Set(columns.map((c) => c.dataset))];
  columns.sort((a, b) => datasets.indexOf(a.dataset) - datasets.indexOf(b.dataset) || (a.fraction ?? 2) - (b.fraction ?? 2));
  const methods = opts.methods ? [...opts.methods] : [...new Set(results.map((r) => r.method))];
  const cell = new Map<string, RunResult>();
  for (const r of results) {
    const key = `${r.method}\u0001${colKey(r)}`;
    if (cell.has(key)) throw new ReportError(`resultsTable: two results for ${r.method} on ${r.dataset}${fractionLabel(r.labelFraction)}`);
    cell.set(key, r);
  }
  const value = (m: string, c: (typeof columns)[number]) => {
    const r = cell.get(`${m}\u0001${colKey(c)}`);
    if (!r) return undefined;
    const metric = opts.metric ?? r.primaryMetric;
    return r.aggregate[metric] && { ...r.aggregate[metric], interval: r.intervals?.[metric] };
  };
  const sign = opts.lowerIsBetter ? -1 : 1;
  // Best per column, only where at least two methods have a number to compare.
  const best = columns.map((c) => {
    const means = methods.map((m) => sign * (value(m, c)?.mean ?? NaN)).filter((v) => !Number.isNaN(v));
    return means.length > 1 ? Math.max(...means) : NaN;
  });
  const header = ['Method', ...columns.map((c) => `${c.dataset}${fractionLabel(c.fraction)}`)];
  const rows = methods.map((m) => [
    m,
    ...columns.map((c, j) => {
      const v = value(m, c);
      if (!v || Number.isNaN(v.mean)) return '—';
      const ci = (opts.intervals ?? true) && v.interval && !Number.isNaN(v.interval.lower) ? ` ${formatInterval(v.interval.lower, v.interval.upper, opts)}` : '';
      const text = formatMeanStd(v, opts) + ci;
      return (opts.boldBest ?? true) && sign * v.mean === best[j] ? `**${text}**` : text;
    }),
  ]);
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (i === 0 ? ' --- ' : ' :---: ')).join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}

export interface ReportSection {
  title: string;
  /** Text under the title (Markdown). */
  text?: string;
  /** Results of one task, tabulated with `resultsTable`. */
  results?: readonly RunResult[];
  table?: TableOptions;
  /** Images (relative paths from the report) with captions. */
  images?: readonly { path: string; caption: string }[];
}

/**
 * A whole report: title, a short description of how numbers were made, one section per
 * task, then the data-set fingerprints of every result so readers can check comparability.
 */
export function markdownReport(title: string, sections: readonly ReportSection[], opts: { intro?: string } = {}): string {
  const out: string[] = [`# ${title}`, ''];
  const levels = [...new Set(sections.flatMap((s) => (s.results ?? []).flatMap((r) => Object.values(r.intervals ?? {}).map((i) => i.level))))];
  const brackets = levels.length
    ? `, then in brackets the ${levels.map((l) => `${+(l * 100).toPrecision(3)}%`).join('/')} percentile bootstrap interval of that mean (test cases resampled; resample b of every seed scored and averaged over seeds)`
    : '';
  out.push(opts.intro ?? `Cells are mean ± sample standard deviation over seeds, in percent${brackets}; the best mean of each column is in bold.`, '');
  const all: RunResult[] = [];
  for (const s of sections) {
    out.push(`## ${s.title}`, '');
    if (s.text) out.push(s.text, '');
    if (s.results?.length) {
      all.push(...s.results);
      const metrics = [...new Set(s.results.map((r) => s.table?.metric ?? r.primaryMetric))];
      const seeds = [...new Set(s.results.map((r) => r.seeds.length))];
      out.push(resultsTable(s.results, s.table));
      out.push(`Metric: ${metrics.join(', ')}; seeds per cell: ${seeds.join(', ')}.`, '');
      // A note every result of the table carries is said once; any other once per
      // (method, data set), listing the fractions it holds for.
      const everywhere = new Set((s.results[0].notes ?? []).filter((n) => s.results!.every((r) => r.notes?.includes(n))));
      const grouped = new Map<string, { head: string; note: string; fractions: string[] }>();
      for (const r of s.results) {
        for (const n of r.notes ?? []) {
          if (everywhere.has(n)) continue;
          const key = `${r.method}\u0000${r.dataset}\u0000${n}`;
          const g = grouped.get(key) ?? { head: `${r.method}, ${r.dataset}`, note: n, fractions: [] };
          if (r.labelFraction !== undefined) g.fractions.push(fractionLabel(r.labelFraction).trim());
          grouped.set(key, g);
        }
      }
      const notes = [...[...everywhere].map((n) => `- ${n}`), ...[...grouped.values()].map((g) => `- ${g.head}${g.fractions.length ? ` ${g.fractions.join(', ')}` : ''}: ${g.note}`)];
      if (notes.length) out.push('Notes:', '', ...notes, '');
    }
    for (const img of s.images ?? []) out.push(`![${img.caption}](${img.path})`, '', `*${img.caption}*`, '');
  }
  const prints = new Map<string, string>();
  for (const r of all) for (const f of r.fingerprints) prints.set(`${f.name} ${f.sha256}`, `| ${f.name} | ${f.kind} | ${f.count} | \`${f.sha256.slice(0, 16)}\` |`);
  if (prints.size) out.push('## Data', '', '| data set | fingerprint of | items | SHA-256 (first 16) |', '| --- | --- | ---: | --- |', ...prints.values(), '');
  return out.join('\n');
}

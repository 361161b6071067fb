/** Renders a SuiteResult as a plain-text (Markdown) report. */
import { PEAKS, PEER_NAMES, type PeakKind, REFERENCE } from './suite.js';
import type { Cell, Peak, SuiteResult } from './types.js';

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);

function cellText(c: Cell | undefined, notes: string[]): string {
  if (!c) return '—';
  if (c.value === undefined) {
    notes.push(`${c.peer}: ${c.skipped}`);
    return `skipped [${notes.length}]`;
  }
  const runs = c.note ? ` [${(notes.push(`${c.peer}: ${c.note}`), notes.length)}]` : '';
  return `${fmt(c.value)} (${fmtMs(c.ms!)})${runs}`;
}

/** Names the ceilings the column divides by: the larger of each one's start and end measurements. */
function ceilingHead(r: SuiteResult): string {
  const measured = [r.ceiling, r.bandwidth].filter((p): p is Peak => 'value' in p);
  if (!measured.length) return '% ceiling';
  const both = measured.every((p) => p.runs.filter((x) => x.value !== undefined).length > 1);
  return both ? '% ceiling (max of start/end)' : `% ceiling (${measured.map((p) => p.from).join('/')} only)`;
}

function peakLine(p: Peak | { skipped: string }, kind: PeakKind): string {
  const { title, kernel, metric } = PEAKS[kind];
  if (!('value' in p)) return `${title}: skipped (${p.skipped})`;
  const runs = p.runs.map((x) => `${x.at} ${x.value === undefined ? `skipped (${x.skipped})` : fmt(x.value)}`).join(', ');
  const variants = p.variants.map((v) => `${v.variant}: ${fmt(v.value)}`).join('; ');
  return `${title} (${kernel}), ${metric}: ${runs}; "% ceiling" of the ${metric} rows divides by the ${p.from} figure, ${fmt(p.value)} (best of ${variants})`;
}

export function renderTable(r: SuiteResult): string {
  const peers = PEER_NAMES.filter((p) => r.peers.some((i) => i.name === p));
  const others = peers.filter((p) => p !== REFERENCE);
  const notes: string[] = [];
  const head = ['workload', 'shape', 'unit', ...peers, ceilingHead(r), ...others.map((p) => `× vs ${p}`)];
  const rows = r.workloads.map((w) => {
    const cells = peers.map((p) => cellText(w.cells.find((c) => c.peer === p), notes));
    return [w.id, w.shape, w.metric, ...cells, w.pctCeiling === undefined ? '' : `${fmt(w.pctCeiling)}%`, ...others.map((p) => (w.ratios[p] === undefined ? '' : `${fmt(w.ratios[p])}×`))];
  });
  const line = (cols: string[]) => `| ${cols.join(' | ')} |`;
  const out: string[] = [];
  out.push(`Benchmark ${r.quick ? '(--quick) ' : ''}${r.startedAt}, ${r.machine.cores} × ${r.machine.cpus}, Node ${r.machine.node}`);
  out.push(`load average: start ${r.machine.loadStart.join(' ')}, end ${r.machine.loadEnd.join(' ')} (noisy machine: treat ratios under 1.3× as noise)`);
  out.push(`adapter: ${r.adapter}`);
  out.push(peakLine(r.ceiling, 'ceiling'));
  out.push(peakLine(r.bandwidth, 'bandwidth'));
  for (const p of r.peers) out.push(`${p.name}: ${p.detail}`);
  out.push('');
  out.push('Each cell: median figure (median time per run). "× vs peer": how many times faster prior-webgpu is (>1 = faster).');
  out.push(line(head));
  out.push(line(head.map(() => '---')));
  for (const row of rows) out.push(line(row));
  const described = r.workloads.filter((w) => w.note);
  if (described.length) {
    out.push('');
    for (const w of described) out.push(`${w.id}: ${w.note}`);
  }
  if (notes.length) {
    out.push('');
    notes.forEach((n, i) => out.push(`[${i + 1}] ${n}`));
  }
  out.push('');
  if (r.pool) {
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    out.push(`prior-webgpu buffer pool: peak allocated ${mb(r.pool.peakAllocatedBytes)}, peak idle in pool ${mb(r.pool.peakPooledBytes)}, at end ${mb(r.pool.allocatedBytes)} allocated / ${mb(r.pool.liveBytes)} live; ${r.pool.dispatches} dispatches in ${r.pool.submits} submits${r.pool.bindGroups === undefined ? '' : `, ${r.pool.bindGroups} bind groups created`}`);
  }
  const chain = r.workloads.find((w) => w.group === 'overhead');
  const ref = chain?.cells.find((c) => c.peer === REFERENCE);
  if (ref?.value !== undefined) out.push(`dispatch overhead (prior-webgpu, ${chain!.work} dependent adds on ${chain!.shape}, one sync): ${fmt(ref.value)} µs per op`);
  out.push('skipped' in r.synth ? `SynthCXR: ${r.synth.skipped}` : `SynthCXR: ${r.synth.studies} studies at ${r.synth.size} px in ${fmtMs(r.synth.ms)} (${fmt(r.synth.studiesPerSecond)} studies/s, median ${fmt(r.synth.medianStudyMs)} ms each, 1 run)`);
  out.push(`wall time: ${fmt(r.wallSeconds)} s`);
  return out.join('\n');
}

/**
 * Runs the suite: the adapter's ceilings first (FMA-only and copy-only kernels), then
 * every workload on every peer back to back (peers interleaved per workload, so each
 * ratio compares neighbours in time), the ceilings again, then the pool counters and SynthCXR.
 */
import { cpus, loadavg } from 'node:os';
import { CpuBackend, createWebGPUBackend, tuneMatmul, type WebGPUBackend } from '@prior/tensor';
import { measureBandwidth } from './bandwidth.js';
import { measureCeiling } from './ceiling.js';
import { dawnGPU } from './gpu.js';
import type { Peer } from './peers/peer.js';
import { PriorPeer } from './peers/prior.js';
import { TfjsPeer } from './peers/tfjs.js';
import { TorchPeer, torchUnavailable } from './peers/torch.js';
import { measureSynth } from './synth.js';
import type { TimingOptions } from './timing.js';
import type { Cell, Metric, Peak, PeakRun, PeerInfo, SuiteResult, Workload, WorkloadResult } from './types.js';
import { clipStepFlops } from './clip-step/flops.js';
import { largestMemoryArrayBytes, shapeOf, workOf } from './workloads.js';

export const PEER_NAMES = ['prior-webgpu', 'tfjs-webgpu', 'prior-cpu', 'torch-cpu'] as const;
export type PeerName = (typeof PEER_NAMES)[number];
export const REFERENCE: PeerName = 'prior-webgpu';

export interface SuiteOptions {
  quick: boolean;
  workloads: Workload[];
  timing: TimingOptions;
  /** A cell predicted (from the peer's speed on the previous workload of its group) to need more than this is skipped. */
  cellCapMs: number;
  /** After this long the cell cap shrinks to the time left, so slow cells are skipped rather than overrun the suite. */
  deadlineMs: number;
  /** Timing of both peak kernels (PEAKS); null skips them. */
  ceiling: { reps: number; targetMs: number } | null;
  peers: readonly PeerName[];
  synth: { studies: number; size: number } | null;
  log: (line: string) => void;
}

const round = (x: number, d = 3) => Number(x.toPrecision(d + 1));

async function startPeers(names: readonly PeerName[], log: (l: string) => void): Promise<{ peers: Map<string, Peer>; infos: PeerInfo[]; gpu?: WebGPUBackend }> {
  const peers = new Map<string, Peer>();
  const infos: PeerInfo[] = [];
  let gpu: WebGPUBackend | undefined;
  const add = async (name: PeerName, start: () => Promise<Peer>) => {
    if (!names.includes(name)) return;
    try {
      const p = await start();
      peers.set(name, p);
      infos.push({ name, available: true, detail: p.detail });
    } catch (e) {
      infos.push({ name, available: false, detail: `skipped: ${(e as Error).message}` });
    }
    log(`  ${name}: ${infos[infos.length - 1].detail}`);
  };
  await add('prior-webgpu', async () => {
    const r = await createWebGPUBackend({ gpu: dawnGPU() });
    if ('reason' in r) throw new Error(r.reason);
    gpu = r.backend;
    // Pick the GEMM variant now: left to the first large matmul, the tuning would run in
    // the background during the first timed cells (and slow them).
    const t = await tuneMatmul(r.backend);
    const ms = Object.entries(t.ms).map(([v, m]) => `${v} ${m.toFixed(1)} ms`).join(', ');
    return new PriorPeer(r.backend, `matmul variant ${t.variant}, tuned before timing (384³: ${ms})`);
  });
  await add('tfjs-webgpu', () => TfjsPeer.create());
  await add('prior-cpu', async () => new PriorPeer(new CpuBackend()));
  await add('torch-cpu', async () => {
    const why = torchUnavailable();
    if (why) throw new Error(why);
    return TorchPeer.create();
  });
  return { peers, infos, gpu };
}

/**
 * ms per run predicted from the peer's speed on the last workload of the same group; a
 * training step from the peer's slowest convolution speed over the step's convolution
 * FLOPs (the step is mostly 3×3 convolutions; a peer's 1×1 speed, the last conv row,
 * predicted tfjs-webgpu's step at half its 272 s), or (before any convolution ran) from
 * the workload's earlier measurement.
 */
export function predictMs(w: Workload, last: Map<string, { id: string; msPerWork: number }>, peer: string): { ms: number; from: string } | null {
  if (w.kind === 'clip-step') {
    const conv = last.get(`${peer}/conv:slowest`);
    if (conv) return { ms: conv.msPerWork * clipStepFlops(w.clip).conv, from: `its speed on ${conv.id} over the step's convolution FLOPs` };
    const ms = w.expectMs?.[peer];
    return ms === undefined ? null : { ms, from: 'an earlier measurement on this machine (PERF-NOTES)' };
  }
  if (w.group !== 'matmul' && w.group !== 'conv') return null;
  const prev = last.get(`${peer}/${w.group}`);
  return prev ? { ms: prev.msPerWork * workOf(w).work, from: `its speed on ${prev.id}` } : null;
}

/** Metrics where a smaller figure is better. */
const isTime = (m: WorkloadResult['metric']) => m === 'us/op' || m === 'ms/step';

function ratiosOf(r: WorkloadResult): Record<string, number> {
  const ref = r.cells.find((c) => c.peer === REFERENCE)?.value;
  const out: Record<string, number> = {};
  if (ref === undefined) return out;
  for (const c of r.cells) {
    if (c.peer === REFERENCE || c.value === undefined) continue;
    // >1 always means the reference is faster: throughputs divide one way, times the other.
    out[c.peer] = round(isTime(r.metric) ? c.value / ref : ref / c.value);
  }
  return out;
}

/** The two peak kernels, each measured before and after the workloads; the rows of `metric` are a percentage of one. */
export const PEAKS = {
  ceiling: { title: 'adapter ceiling', kernel: 'FMA-only WGSL', metric: 'GFLOP/s', measure: measureCeiling },
  bandwidth: { title: 'storage bandwidth ceiling', kernel: 'copy-only WGSL, bytes read + written', metric: 'GB/s', measure: measureBandwidth },
} as const satisfies Record<string, { title: string; kernel: string; metric: Metric; measure: unknown }>;
export type PeakKind = keyof typeof PEAKS;

async function peakRun(kind: PeakKind, at: PeakRun['at'], opts: NonNullable<SuiteOptions['ceiling']> & { arrayBytes?: number }, log: (l: string) => void): Promise<PeakRun> {
  const p = PEAKS[kind];
  try {
    const c = await p.measure(dawnGPU(), opts);
    const run: PeakRun = { at, value: round(c.value), variant: c.variant, variants: c.variants.map((v) => ({ variant: v.variant, value: round(v.value) })) };
    log(`${p.title} at ${at} (${p.kernel}): ${run.value} ${p.metric} (${c.variant})`);
    return run;
  } catch (e) {
    log(`${p.title} at ${at} skipped: ${(e as Error).message}`);
    return { at, skipped: (e as Error).message };
  }
}

/** The larger measured peak: load on the machine only ever lowers a measurement. */
export function combinePeak(runs: PeakRun[]): Peak | { skipped: string } {
  const ok = runs.filter((r) => r.value !== undefined);
  if (!ok.length) return { skipped: runs.map((r) => `${r.at}: ${r.skipped}`).join('; ') || 'not requested' };
  const best = ok.reduce((a, b) => (b.value! > a.value! ? b : a));
  return { value: best.value!, from: best.at, variant: best.variant!, variants: best.variants!, runs };
}

export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const t0 = performance.now();
  const loadStart = loadavg().map((x) => round(x, 2));
  o.log(`load average at start: ${loadStart.join(' ')} (${cpus().length} cores)`);

  const kinds = Object.keys(PEAKS) as PeakKind[];
  const peakRuns = new Map<PeakKind, PeakRun[]>(kinds.map((k) => [k, []]));
  // The copy ceiling streams arrays as large as the GB/s rows' largest, so both miss the caches alike.
  const peakOpts = o.ceiling && { ...o.ceiling, arrayBytes: largestMemoryArrayBytes(o.workloads) };
  if (peakOpts) for (const k of kinds) peakRuns.get(k)!.push(await peakRun(k, 'start', peakOpts, o.log));

  o.log('peers:');
  const { peers, infos, gpu } = await startPeers(o.peers, o.log);
  const adapter = gpu ? gpu.info().name : 'none';
  const last = new Map<string, { id: string; msPerWork: number }>();
  const workloads: WorkloadResult[] = [];
  try {
    for (const w of o.workloads) {
      const tw = performance.now();
      const { metric, work } = workOf(w);
      const cells: Cell[] = [];
      for (const info of infos) {
        if (!info.available) {
          cells.push({ peer: info.name, skipped: info.detail.replace(/^skipped: /, '') });
          continue;
        }
        const skip = w.kind === 'clip-step' ? w.skip?.[info.name] : undefined;
        if (skip) {
          cells.push({ peer: info.name, skipped: skip });
          continue;
        }
        const peer = peers.get(info.name)!;
        // A slow peer gets one run without warm-up when warm-up + one run would not fit, and none when one run would not.
        // A row with its own budget (the training step) keeps it whatever the suite's deadline.
        const own = w.kind === 'clip-step' ? w.cellCapMs : undefined;
        const cellCap = own ?? o.cellCapMs;
        const cap = own ?? Math.max(0, Math.min(cellCap, o.deadlineMs - (performance.now() - t0)));
        const guess = predictMs(w, last, info.name);
        const predicted = guess && `predicted ${(guess.ms / 1000).toFixed(1)} s per run from ${guess.from}`;
        if (guess && guess.ms > cap) {
          const budget = cap < cellCap ? `the ${(cap / 1000).toFixed(0)} s left before the suite's deadline` : `the ${cellCap / 1000} s cell budget`;
          cells.push({ peer: info.name, skipped: `${predicted}: over ${budget}` });
          continue;
        }
        // A row may ask for more runs than the suite's default (the dispatch-overhead chain: a steady state, JIT warm).
        const timing = w.kind === 'chain' ? { ...o.timing, ...w.timing } : o.timing;
        const single = guess !== null && guess.ms * (timing.warmup + 1) > cap;
        try {
          const t = await peer.measure(w, single ? { reps: 1, warmup: 0, budgetMs: cap } : timing);
          const value = metric === 'us/op' ? (t.median * 1000) / work : metric === 'ms/step' ? t.median / work : work / (t.median * 1e6);
          const cell: Cell = { peer: info.name, ms: round(t.median), runs: t.samples.length, samples: t.samples.map((s) => round(s)), value: round(value) };
          if (single) cell.note = `1 run, no warm-up (${predicted})`;
          else if (t.samples.length < timing.reps) cell.note = `${t.samples.length} run${t.samples.length > 1 ? 's' : ''} (time budget)`;
          cells.push(cell);
          last.set(`${info.name}/${w.group}`, { id: w.id, msPerWork: t.median / work });
          const slowest = last.get(`${info.name}/${w.group}:slowest`);
          if (!slowest || t.median / work > slowest.msPerWork) last.set(`${info.name}/${w.group}:slowest`, { id: w.id, msPerWork: t.median / work });
        } catch (e) {
          cells.push({ peer: info.name, skipped: `failed: ${(e as Error).message.split('\n')[0].slice(0, 300)}` });
        }
      }
      const r: WorkloadResult = { id: w.id, group: w.group, shape: shapeOf(w), note: w.note, metric, work, cells, ratios: {} };
      r.ratios = ratiosOf(r);
      workloads.push(r);
      o.log(`  ${w.id.padEnd(32)} ${cells.map((c) => `${c.peer} ${c.value ?? 'skipped'}`).join(' | ')} (${metric}; ${((performance.now() - tw) / 1000).toFixed(1)} s)`);
    }
  } finally {
    for (const p of peers.values()) await p.close().catch(() => {});
  }
  const pool = gpu?.poolStats();
  gpu?.destroy();

  // Measured again with the peers' devices gone: a start-up figure taken under a burst of
  // load can be off several-fold, and the percentages divide by the larger of the two.
  if (peakOpts) for (const k of kinds) peakRuns.get(k)!.push(await peakRun(k, 'end', peakOpts, o.log));
  const peaks = {} as Record<PeakKind, Peak | { skipped: string }>;
  for (const k of kinds) {
    const peak = (peaks[k] = o.ceiling ? combinePeak(peakRuns.get(k)!) : { skipped: 'not requested' });
    if (!('value' in peak)) continue;
    for (const r of workloads) {
      const ref = r.cells.find((c) => c.peer === REFERENCE)?.value;
      if (r.metric === PEAKS[k].metric && ref !== undefined) r.pctCeiling = round((100 * ref) / peak.value);
    }
  }

  let synth: SuiteResult['synth'] = { skipped: 'not requested' };
  if (o.synth) {
    synth = await measureSynth(o.synth.studies, o.synth.size);
    o.log(`SynthCXR: ${'skipped' in synth ? synth.skipped : `${synth.studies} studies at ${synth.size} px in ${(synth.ms / 1000).toFixed(1)} s`}`);
  }
  const loadEnd = loadavg().map((x) => round(x, 2));
  o.log(`load average at end: ${loadEnd.join(' ')}`);
  return {
    startedAt: new Date(Date.now() - (performance.now() - t0)).toISOString(),
    quick: o.quick,
    machine: { cpus: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadStart, loadEnd },
    adapter,
    ceiling: peaks.ceiling,
    bandwidth: peaks.bandwidth,
    peers: infos,
    workloads,
    pool,
    synth,
    wallSeconds: round((performance.now() - t0) / 1000),
  };
}

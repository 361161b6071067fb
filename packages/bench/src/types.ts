/** Shapes of the suite's workloads and results; the JSON file is a `SuiteResult`. */
import type { ClipStepConfig } from './clip-step/spec.js';
import type { SynthResult } from './synth.js';
import type { TimingOptions } from './timing.js';

export type Workload =
  | { id: string; group: 'matmul'; kind: 'matmul'; a: number[]; b: number[]; note?: string }
  | { id: string; group: 'conv'; kind: 'conv'; x: number[]; w: number[]; stride: number; pad: number; pass: 'fwd' | 'fwdbwd'; note?: string }
  | { id: string; group: 'memory'; kind: 'softmax' | 'moments' | 'add'; shape: number[]; note?: string }
  | { id: string; group: 'overhead'; kind: 'chain'; ops: number; shape: number[]; note?: string; timing?: Partial<TimingOptions> }
  | ClipStepWorkload;

/**
 * W3, a whole training step. `expectMs` is an earlier measurement on this machine, used to
 * budget a peer only until it has run convolutions in this run; `cellCapMs` replaces the
 * suite's cell budget for this row, and the suite's deadline does not shrink it.
 */
export interface ClipStepWorkload {
  id: string;
  group: 'train';
  kind: 'clip-step';
  clip: ClipStepConfig;
  note?: string;
  expectMs?: Partial<Record<string, number>>;
  cellCapMs?: number;
  /** Peers that do not run this row, each with the reason the table prints. */
  skip?: Partial<Record<string, string>>;
}

/** How a workload's figure is expressed: work per second, or time per op. */
export type Metric = 'GFLOP/s' | 'GB/s' | 'us/op' | 'ms/step';

/** One workload on one peer. `ms` is the median of `runs` timed runs, after warm-up. */
export interface Cell {
  peer: string;
  ms?: number;
  runs?: number;
  /** All timed runs (ms), for spread. */
  samples?: number[];
  /** The figure in the workload's metric. */
  value?: number;
  skipped?: string;
  note?: string;
}

export interface WorkloadResult {
  id: string;
  group: Workload['group'];
  shape: string;
  /** What the shape stands for, where it is not obvious. */
  note?: string;
  metric: Metric;
  /** FLOPs, minimal bytes moved, or ops, per run. */
  work: number;
  cells: Cell[];
  /** prior-webgpu ÷ each peer, in the workload's metric (>1: prior-webgpu is faster). */
  ratios: Record<string, number>;
  /**
   * prior-webgpu as a percentage of the adapter's ceiling for the row's metric: the FMA-only
   * kernel for GFLOP/s rows, the copy-only kernel for GB/s rows (the larger of each one's
   * start and end measurements).
   */
  pctCeiling?: number;
}

/** One measurement of a peak kernel (FMA-only or copy-only): before the workloads, or after them. */
export interface PeakRun {
  at: 'start' | 'end';
  value?: number;
  variant?: string;
  variants?: { variant: string; value: number }[];
  skipped?: string;
}

/**
 * The ceiling that "% of ceiling" divides by: the larger of the start and end
 * measurements (other jobs on the machine only ever lower one), with both kept.
 */
export interface Peak {
  /** GFLOP/s (compute ceiling) or GB/s read + written (bandwidth ceiling). */
  value: number;
  /** Which measurement `value` is (the larger). */
  from: 'start' | 'end';
  variant: string;
  variants: { variant: string; value: number }[];
  runs: PeakRun[];
}

export interface PeerInfo {
  name: string;
  available: boolean;
  detail: string;
}

export interface SuiteResult {
  startedAt: string;
  quick: boolean;
  machine: { cpus: string; cores: number; node: string; loadStart: number[]; loadEnd: number[] };
  adapter: string;
  /** FMA-only kernel, GFLOP/s. */
  ceiling: Peak | { skipped: string };
  /** Copy-only kernel, GB/s. */
  bandwidth: Peak | { skipped: string };
  peers: PeerInfo[];
  workloads: WorkloadResult[];
  pool?: { peakPooledBytes: number; peakAllocatedBytes: number; allocatedBytes: number; pooledBytes: number; liveBytes: number; dispatches: number; submits: number; bindGroups?: number };
  synth: SynthResult;
  wallSeconds: number;
}

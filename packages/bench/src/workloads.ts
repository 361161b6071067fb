/**
 * The suite's workloads. Every peer runs exactly these shapes in float32; only the
 * memory layout follows each library's native convention (tfjs convolves NHWC).
 */
import { clipStepFlops } from './clip-step/flops.js';
import { CLIP_TINY, CLIP_W3, type ClipStepConfig, describeClip } from './clip-step/spec.js';
import type { ClipStepWorkload, Metric, Workload } from './types.js';

const sq = (n: number): Workload => ({ id: `matmul ${n}`, group: 'matmul', kind: 'matmul', a: [n, n], b: [n, n] });

// BERT-base, batch 8, sequence 128: attention scores Q·Kᵀ per head (12 heads), and the
// [B·S, 768]×[768, 768] projection (Q, K, V and output projections all have this shape).
type Of<K extends Workload['kind']> = Extract<Workload, { kind: K }>;
const bertScores: Of<'matmul'> = {
  id: 'bert attn QK^T',
  group: 'matmul',
  kind: 'matmul',
  a: [96, 128, 64],
  b: [96, 64, 128],
  note: 'batch 8 × 12 heads, seq 128, head dim 64',
};
const bertProj: Workload = { id: 'bert proj', group: 'matmul', kind: 'matmul', a: [1024, 768], b: [768, 768], note: 'B·S = 8·128 tokens, hidden 768' };

type ConvShape = { name: string; x: number[]; w: number[]; stride: number; pad: number };

function convPair(c: ConvShape): Workload[] {
  return (['fwd', 'fwdbwd'] as const).map((pass) => ({ id: `conv ${c.name} ${pass === 'fwd' ? 'fwd' : 'fwd+bwd'}`, group: 'conv' as const, kind: 'conv' as const, x: c.x, w: c.w, stride: c.stride, pad: c.pad, pass }));
}

/** ResNet-18/34 stage-2 3×3 conv at batch 32 (the reference shape). */
const RES3x3: ConvShape = { name: '3x3 64→64 @32²', x: [32, 64, 32, 32], w: [64, 64, 3, 3], stride: 1, pad: 1 };
/** The stage transition: 3×3 stride 2, 64→128 channels. */
const RES_DOWN: ConvShape = { name: '3x3/2 64→128 @32²', x: [32, 64, 32, 32], w: [128, 64, 3, 3], stride: 2, pad: 1 };
/** A bottleneck 1×1 reduction, 256→64. */
const RES1x1: ConvShape = { name: '1x1 256→64 @16²', x: [32, 256, 16, 16], w: [64, 256, 1, 1], stride: 1, pad: 0 };

const memory = (tokens: number): Workload[] => [
  { id: 'softmax', group: 'memory', kind: 'softmax', shape: [96, 128, 128], note: 'attention probabilities, last axis' },
  { id: 'layernorm stats', group: 'memory', kind: 'moments', shape: [tokens, 768], note: 'mean and biased variance over the last axis' },
  { id: 'add', group: 'memory', kind: 'add', shape: [tokens, 768] },
];

// Each run takes tens of milliseconds: 15 warm-up runs (3,000 ops) let the JIT settle, so the figure is the steady per-op cost.
const chain: Of<'chain'> = {
  id: 'tiny add ×200',
  group: 'overhead',
  kind: 'chain',
  ops: 200,
  shape: [4],
  note: '200 dependent adds on 4 floats, one sync; 15 warm-up runs, median of 15',
  timing: { warmup: 15, reps: 15 },
};

/** W3, the nn issue's CLIP-style training step. */
export const clipStep = (clip: ClipStepConfig, budget: Pick<ClipStepWorkload, 'cellCapMs' | 'expectMs' | 'skip'> = {}): ClipStepWorkload => ({
  id: 'W3 CLIP train step',
  group: 'train',
  kind: 'clip-step',
  clip,
  note: `${describeClip(clip)}; ${(clipStepFlops(clip).total / 1e9).toPrecision(3)} GFLOP of convolutions and matrix products per step`,
  ...budget,
});

/** tfjs-webgpu needed 87,027 ms per W3 step on this machine (PERF-NOTES). */
const W3_EXPECT = { 'tfjs-webgpu': 87_027 };

export function fullWorkloads(): Workload[] {
  return [sq(256), sq(512), sq(1024), sq(2048), bertScores, bertProj, ...convPair(RES3x3), ...convPair(RES_DOWN), ...convPair(RES1x1), ...memory(4096), chain, clipStep(CLIP_W3, { cellCapMs: 150_000, expectMs: W3_EXPECT })];
}

/** --quick's W3 budget per cell; a peer predicted slower than this is skipped. */
const QUICK_CLIP_CAP_MS = 60_000;
/**
 * --quick runs W3 at batch 8 (the same 64² images and model), on this project's WebGPU
 * backend and PyTorch only: the CPU backend and tfjs-webgpu need over a minute per step
 * here (the full suite runs them). At batch 16, warm-up plus one run on both peers took
 * 40–65 s of the two minutes --quick has on a loaded 2-core machine.
 */
export const QUICK_CLIP: ClipStepConfig = { ...CLIP_W3, batch: 8 };
const SKIPPED_IN_QUICK = 'skipped in --quick (over a minute per step on this machine; the full suite runs it)';

/** A subset for `--quick`: same kinds, the smaller shapes, the reference conv at batch 4, W3 at batch 8. */
export function quickWorkloads(): Workload[] {
  const b4 = { ...RES3x3, name: '3x3 64→64 @32² (N=4)', x: [4, 64, 32, 32] };
  const w3 = clipStep(QUICK_CLIP, { cellCapMs: QUICK_CLIP_CAP_MS, skip: { 'tfjs-webgpu': SKIPPED_IN_QUICK, 'prior-cpu': SKIPPED_IN_QUICK } });
  return [sq(256), sq(1024), bertScores, ...convPair(b4), ...memory(1024), chain, { ...w3, id: 'W3 CLIP train step (B=8)' }];
}

/** Tiny shapes for the plumbing test. */
export function tinyWorkloads(): Workload[] {
  return [
    sq(16),
    { ...bertScores, a: [2, 8, 4], b: [2, 4, 8] },
    ...convPair({ name: 'tiny', x: [1, 2, 5, 5], w: [3, 2, 3, 3], stride: 1, pad: 1 }),
    { id: 'softmax', group: 'memory', kind: 'softmax', shape: [4, 8] },
    { id: 'layernorm stats', group: 'memory', kind: 'moments', shape: [4, 8] },
    { id: 'add', group: 'memory', kind: 'add', shape: [4, 8] },
    { ...chain, ops: 5 },
    clipStep(CLIP_TINY),
  ];
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

export function convOut(w: Of<'conv'>): number[] {
  const [n, , h, wd] = w.x;
  const [co, , kh, kw] = w.w;
  const ho = Math.floor((h + 2 * w.pad - kh) / w.stride) + 1;
  const wo = Math.floor((wd + 2 * w.pad - kw) / w.stride) + 1;
  return [n, co, ho, wo];
}

/** The workload's figure of merit and its amount of work per run. */
export function workOf(w: Workload): { metric: Metric; work: number } {
  switch (w.kind) {
    case 'matmul': {
      const [m, k] = w.a.slice(-2);
      const n = w.b[w.b.length - 1];
      return { metric: 'GFLOP/s', work: 2 * prod(w.a.slice(0, -2)) * m * n * k };
    }
    case 'conv': {
      const fwd = 2 * prod(convOut(w)) * prod(w.w.slice(1));
      // dX and dW are each a GEMM of the forward's size.
      return { metric: 'GFLOP/s', work: w.pass === 'fwd' ? fwd : 3 * fwd };
    }
    case 'softmax':
      return { metric: 'GB/s', work: 2 * 4 * prod(w.shape) };
    case 'moments':
      return { metric: 'GB/s', work: 4 * prod(w.shape) + 2 * 4 * prod(w.shape.slice(0, -1)) };
    case 'add':
      return { metric: 'GB/s', work: 3 * 4 * prod(w.shape) };
    case 'chain':
      return { metric: 'us/op', work: w.ops };
    case 'clip-step':
      return { metric: 'ms/step', work: 1 };
  }
}

/** Bytes of the largest array a GB/s row reads or writes (float32), or undefined when the run has none. */
export function largestMemoryArrayBytes(ws: readonly Workload[]): number | undefined {
  const sizes = ws.flatMap((w) => (workOf(w).metric === 'GB/s' && 'shape' in w ? [4 * prod(w.shape)] : []));
  return sizes.length ? Math.max(...sizes) : undefined;
}

export function shapeOf(w: Workload): string {
  const f = (s: readonly number[]) => `[${s.join(',')}]`;
  switch (w.kind) {
    case 'matmul':
      return `${f(w.a)}·${f(w.b)}`;
    case 'conv':
      return `x${f(w.x)} w${f(w.w)} s${w.stride} p${w.pad}`;
    case 'clip-step':
      return `B ${w.clip.batch}, img 1×${w.clip.imageSize}², text ${w.clip.seq} tok`;
    default:
      return f(w.shape);
  }
}

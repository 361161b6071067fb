/** This project's backends (WebGPU and CPU) through the public @prior/tensor API. */
import {
  type Backend,
  type Tensor,
  CpuBackend,
  WebGPUBackend,
  add,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  matmul,
  randn,
  softmax,
  varMean,
} from '@prior/tensor';
import { preparePriorClip } from '../clip-step/prior.js';
import type { TimingOptions } from '../timing.js';
import type { Workload } from '../types.js';
import { convOut } from '../workloads.js';
import { type Peer, type Prepared, measurePrepared } from './peer.js';

function prepare(be: Backend, w: Workload, sync: () => Promise<void>): Prepared {
  if (w.kind === 'clip-step') return preparePriorClip(be, w.clip, sync);
  const inputs: Tensor[] = [];
  const r = (shape: number[]) => {
    const t = randn(shape, { device: be });
    inputs.push(t);
    return t;
  };
  // Runs `body`, waits for the backend, then frees what it returned.
  const run = (body: () => Tensor[]) => async () => {
    const outs = body();
    await sync();
    for (const t of outs) t.dispose();
  };
  let step: () => Promise<void>;
  switch (w.kind) {
    case 'matmul': {
      const a = r(w.a);
      const b = r(w.b);
      step = run(() => [matmul(a, b)]);
      break;
    }
    case 'conv': {
      const x = r(w.x);
      const wt = r(w.w);
      const opts = { stride: w.stride, padding: w.pad };
      const dy = r(convOut(w));
      step =
        w.pass === 'fwd'
          ? run(() => [conv2d(x, wt, null, opts)])
          : run(() => [conv2d(x, wt, null, opts), conv2dBackwardInput(dy, wt, w.x, opts), conv2dBackwardWeight(x, dy, w.w, opts)]);
      break;
    }
    case 'softmax': {
      const x = r(w.shape);
      step = run(() => [softmax(x, -1)]);
      break;
    }
    case 'moments': {
      // What a layer norm computes with the public API: mean and biased variance in one call (torch.var_mean).
      const x = r(w.shape);
      step = run(() => varMean(x, -1, { correction: 0 }));
      break;
    }
    case 'add': {
      const a = r(w.shape);
      const b = r(w.shape);
      step = run(() => [add(a, b)]);
      break;
    }
    case 'chain': {
      const x = r(w.shape);
      step = run(() => {
        let y = add(x, x);
        for (let i = 1; i < w.ops; i++) {
          const next = add(y, x);
          y.dispose();
          y = next;
        }
        return [y];
      });
      break;
    }
  }
  return { step, dispose: () => inputs.forEach((t) => t.dispose()) };
}

export class PriorPeer implements Peer {
  readonly name: string;
  readonly detail: string;
  private readonly sync: () => Promise<void>;

  /** `extra` is appended to the peer's description (e.g. the tuned GEMM variant). */
  constructor(readonly backend: WebGPUBackend | CpuBackend, extra?: string) {
    this.name = `prior-${backend.name}`;
    const info = backend.info();
    const base = backend instanceof WebGPUBackend ? `@prior/tensor WebGPU on ${info.name}` : '@prior/tensor CPU backend (JavaScript, 1 thread)';
    this.detail = extra ? `${base}; ${extra}` : base;
    this.sync = () => backend.sync();
  }

  async measure(w: Workload, o: TimingOptions) {
    return measurePrepared(prepare(this.backend, w, this.sync), this.sync, o);
  }

  async close(): Promise<void> {
    await this.sync();
  }
}

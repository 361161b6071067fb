/**
 * A 2-layer MLP (tanh hidden layer) on a toy regression problem, trained with plain
 * gradient descent. Parameters are replaced each step (the engine has no in-place ops):
 * the new ones are kept out of the step's scope, the old ones disposed.
 */
import { type Backend, Generator, type Tensor, keep, randn, scope, tensor } from '@prior/tensor';
import * as A from '../../src/index.js';

export interface Mlp {
  params: Tensor[];
  x: Tensor;
  y: Tensor;
}

/** Same data and initial weights on any backend: drawn once on the CPU, uploaded. */
export async function makeMlp(backend: Backend, n = 64, hidden = 16, seed = 1): Promise<Mlp> {
  const g = new Generator(seed);
  const draw = async (shape: number[], scale: number) => {
    const t = randn(shape, { generator: g, device: 'cpu' });
    const data = Array.from(await t.data(), (v) => v * scale);
    t.dispose();
    return tensor(data, { shape, device: backend });
  };
  const x = await draw([n, 2], 1);
  // y = sin(2·x0) + 0.5·x1², computed on the CPU and uploaded.
  const xs = Array.from(await x.data());
  const y = tensor(Array.from({ length: n }, (_, i) => Math.sin(2 * xs[2 * i]) + 0.5 * xs[2 * i + 1] ** 2), { shape: [n, 1], device: backend });
  const params = [await draw([2, hidden], 0.7), await draw([hidden], 0.1), await draw([hidden, 1], 0.3), await draw([1], 0.1)];
  for (const p of params) p.requiresGrad = true;
  return { params, x, y };
}

export function loss(m: Mlp): Tensor {
  const [w1, b1, w2, b2] = m.params;
  const h = A.tanh(A.add(A.matmul(m.x, w1), b1));
  const pred = A.add(A.matmul(h, w2), b2);
  return A.mean(A.square(A.sub(pred, m.y)));
}

/** One gradient-descent step inside a scope; returns the loss before the step (a kept scalar). */
export function step(m: Mlp, lr: number): Tensor {
  return scope(() => {
    const l = loss(m);
    l.backward();
    m.params = m.params.map((p) => {
      const next = keep(A.noGrad(() => A.sub(p, A.mul(p.grad!, lr))));
      next.requiresGrad = true;
      p.zeroGrad();
      p.dispose();
      return next;
    });
    return l.detach();
  });
}

export function disposeMlp(m: Mlp): void {
  for (const t of [...m.params, m.x, m.y]) {
    t.zeroGrad();
    t.dispose();
  }
}

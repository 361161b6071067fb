/** Element-wise activations as modules. */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { Module } from '../module/module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return A.relu(x);
  }
}

/** Exact (erf) GELU, or the tanh approximation with approximate: 'tanh'. */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
    if (approximate !== 'none' && approximate !== 'tanh') throw new ShapeError(`GELU: approximate must be 'none' or 'tanh', got ${String(approximate)}`);
  }

  forward(x: Tensor): Tensor {
    return this.approximate === 'none' ? A.gelu(x) : geluTanh(x);
  }
}

/** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(x: Tensor): Tensor {
  const inner = A.mul(A.add(x, A.mul(A.mul(A.square(x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return A.mul(A.mul(x, 0.5), A.add(A.tanh(inner), 1));
}

/** x·σ(x). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

export function silu(x: Tensor): Tensor {
  return A.mul(x, A.sigmoid(x));
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return A.tanh(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return A.sigmoid(x);
  }
}

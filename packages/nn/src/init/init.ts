/**
 * torch.nn.init's distributions as constructors: each returns a new tensor (the engine
 * has no in-place fill), drawn from the given seeded generator (zeros with skipInit).
 */
import * as T from '@prior/tensor';
import type { Tensor } from '@prior/tensor';
import { type Nonlinearity, calculateGain, fanInAndFanOut } from './fan.js';
import type { FactoryOptions } from './options.js';

const dtypeOf = (o: FactoryOptions) => o.dtype ?? 'float32';

export function constant(shape: readonly number[], value: number, opts: FactoryOptions = {}): Tensor {
  return T.full(shape, value, { dtype: dtypeOf(opts), device: opts.device });
}

export const zeros = (shape: readonly number[], opts: FactoryOptions = {}) => constant(shape, 0, opts);
export const ones = (shape: readonly number[], opts: FactoryOptions = {}) => constant(shape, 1, opts);

/** U(low, high). */
export function uniform(shape: readonly number[], low: number, high: number, opts: FactoryOptions = {}): Tensor {
  if (opts.skipInit) return constant(shape, 0, opts);
  return T.scope(() => {
    const u = T.rand(shape, { dtype: dtypeOf(opts), device: opts.device, generator: opts.generator });
    return T.add(T.mul(u, high - low), low);
  });
}

/** N(mean, std²). */
export function normal(shape: readonly number[], mean = 0, std = 1, opts: FactoryOptions = {}): Tensor {
  if (opts.skipInit) return constant(shape, 0, opts);
  return T.scope(() => {
    const z = T.randn(shape, { dtype: dtypeOf(opts), device: opts.device, generator: opts.generator });
    return T.add(T.mul(z, std), mean);
  });
}

export interface KaimingOptions {
  /** Negative slope of the leaky ReLU after this layer (default 0). */
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], k: KaimingOptions): number {
  const { fanIn, fanOut } = fanInAndFanOut(shape);
  const fan = (k.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  return calculateGain(k.nonlinearity ?? 'leaky_relu', k.a ?? 0) / Math.sqrt(fan);
}

/** U(−b, b) with b = gain·√(3 / fan). */
export function kaimingUniform(shape: readonly number[], k: KaimingOptions = {}, opts: FactoryOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(shape, k);
  return uniform(shape, -bound, bound, opts);
}

/** N(0, (gain / √fan)²). */
export function kaimingNormal(shape: readonly number[], k: KaimingOptions = {}, opts: FactoryOptions = {}): Tensor {
  return normal(shape, 0, kaimingStd(shape, k), opts);
}

/** U(−b, b) with b = gain·√(6 / (fan_in + fan_out)). */
export function xavierUniform(shape: readonly number[], gain = 1, opts: FactoryOptions = {}): Tensor {
  const { fanIn, fanOut } = fanInAndFanOut(shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -bound, bound, opts);
}

/** N(0, gain²·2 / (fan_in + fan_out)). */
export function xavierNormal(shape: readonly number[], gain = 1, opts: FactoryOptions = {}): Tensor {
  const { fanIn, fanOut } = fanInAndFanOut(shape);
  return normal(shape, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

/** The bias bound PyTorch's Linear/Conv use: U(−1/√fan_in, 1/√fan_in) for a weight of `weightShape`. */
export function biasUniform(size: number, weightShape: readonly number[], opts: FactoryOptions = {}): Tensor {
  const { fanIn } = fanInAndFanOut(weightShape);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform([size], -bound, bound, opts);
}

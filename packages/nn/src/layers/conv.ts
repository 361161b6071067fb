/**
 * Conv2d and ConvTranspose2d on NCHW. Weights are [out, in/groups, kh, kw] and
 * [in, out/groups, kh, kw] as in PyTorch, initialised as PyTorch does
 * (kaiming_uniform(a=√5) over the weight's fan-in, bias U(±1/√fan_in)).
 */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { biasUniform, kaimingUniform } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import { type Pair, toPair } from './pair.js';

export interface Conv2dOptions extends FactoryOptions {
  stride?: Pair;
  /** Zero padding per side, or 'valid' (none) / 'same' (output size = input size; stride 1 only). */
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

function checkGroups(name: string, inC: number, outC: number, groups: number): void {
  if (!Number.isInteger(groups) || groups < 1 || inC % groups !== 0 || outC % groups !== 0) {
    throw new ShapeError(`${name}: inChannels ${inC} and outChannels ${outC} must both be divisible by groups ${groups}`);
  }
}

export class Conv2d extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly padding: Pair | 'valid' | 'same';

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    opts: Conv2dOptions = {},
  ) {
    super();
    this.kernelSize = toPair(kernelSize);
    this.stride = toPair(opts.stride ?? 1);
    this.dilation = toPair(opts.dilation ?? 1);
    this.groups = opts.groups ?? 1;
    this.padding = opts.padding ?? 0;
    checkGroups('Conv2d', inChannels, outChannels, this.groups);
    if (this.padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) throw new ShapeError("Conv2d: padding 'same' needs stride 1");
    const shape = [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = this.registerParameter('weight', new Parameter(kaimingUniform(shape, { a: Math.sqrt(5) }, opts)));
    this.bias = this.registerParameter('bias', opts.bias === false ? null : new Parameter(biasUniform(outChannels, shape, opts)));
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`Conv2d: input must be [N, ${this.inChannels}, H, W], got [${x.shape.join(', ')}]`);
    }
    let input = x;
    let padding: [number, number] = [0, 0];
    if (this.padding === 'same') {
      // Total padding d·(k−1) per axis; PyTorch puts the odd extra element after.
      const total = this.kernelSize.map((k, i) => this.dilation[i] * (k - 1));
      const before = total.map((t) => Math.floor(t / 2));
      if (total.every((t, i) => t === 2 * before[i])) padding = [before[0], before[1]];
      else input = A.pad(x, [before[1], total[1] - before[1], before[0], total[0] - before[0]]);
    } else if (this.padding !== 'valid') padding = toPair(this.padding);
    return A.conv2d(input, this.weight.value, this.bias?.value ?? null, { stride: this.stride, padding, dilation: this.dilation, groups: this.groups });
  }
}

export interface ConvTranspose2dOptions extends FactoryOptions {
  stride?: Pair;
  padding?: Pair;
  /** Extra rows/columns added to one side of the output (less than stride or dilation). */
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/** The adjoint of Conv2d: its forward is Conv2d's input gradient. */
export class ConvTranspose2d extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    opts: ConvTranspose2dOptions = {},
  ) {
    super();
    this.kernelSize = toPair(kernelSize);
    this.stride = toPair(opts.stride ?? 1);
    this.padding = toPair(opts.padding ?? 0);
    this.outputPadding = toPair(opts.outputPadding ?? 0);
    this.dilation = toPair(opts.dilation ?? 1);
    this.groups = opts.groups ?? 1;
    checkGroups('ConvTranspose2d', inChannels, outChannels, this.groups);
    if (this.outputPadding.some((p, i) => p >= Math.max(this.stride[i], this.dilation[i]))) {
      throw new ShapeError(`ConvTranspose2d: outputPadding [${this.outputPadding}] must be smaller than stride or dilation`);
    }
    const shape = [inChannels, outChannels / this.groups, ...this.kernelSize];
    this.weight = this.registerParameter('weight', new Parameter(kaimingUniform(shape, { a: Math.sqrt(5) }, opts)));
    this.bias = this.registerParameter('bias', opts.bias === false ? null : new Parameter(biasUniform(outChannels, shape, opts)));
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`ConvTranspose2d: input must be [N, ${this.inChannels}, H, W], got [${x.shape.join(', ')}]`);
    }
    const hw = [2, 3].map((ax, i) => (x.shape[ax] - 1) * this.stride[i] - 2 * this.padding[i] + this.dilation[i] * (this.kernelSize[i] - 1) + this.outputPadding[i] + 1);
    if (hw.some((n) => n < 1)) throw new ShapeError(`ConvTranspose2d: input [${x.shape.join(', ')}] gives an empty output`);
    const y = A.conv2dBackwardInput(x, this.weight.value, [x.shape[0], this.outChannels, hw[0], hw[1]], {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
    return this.bias ? A.add(y, A.reshape(this.bias.value, [1, this.outChannels, 1, 1])) : y;
  }
}

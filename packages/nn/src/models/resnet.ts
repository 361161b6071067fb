/**
 * ResNet with torchvision's module names (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0,
 * fc, ...), so torchvision checkpoints load; stride on the 3x3 conv of Bottleneck (v1.5).
 * forward returns the last feature map and the globally pooled vector (and fc logits
 * when numClasses > 0). Stages, widths, strides and the stem are configurable.
 */
import * as A from '@prior/autograd';
import { type Tensor, ShapeError } from '@prior/tensor';
import { constant, kaimingNormal } from '../init/init.js';
import type { FactoryOptions } from '../init/options.js';
import { BatchNorm2d } from '../layers/batch-norm.js';
import { Conv2d } from '../layers/conv.js';
import { Linear } from '../layers/linear.js';
import { MaxPool2d } from '../layers/pooling.js';
import { Sequential } from '../module/containers.js';
import { Module } from '../module/module.js';

interface BlockArgs {
  inplanes: number;
  planes: number;
  stride: number;
  downsample: Sequential | null;
  groups: number;
  baseWidth: number;
}

export class BasicBlock extends Module {
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | null;

  constructor(a: BlockArgs, opts: FactoryOptions = {}) {
    super();
    if (a.groups !== 1 || a.baseWidth !== 64) throw new ShapeError('BasicBlock: only groups 1 and widthPerGroup 64 are supported');
    this.conv1 = this.registerModule('conv1', new Conv2d(a.inplanes, a.planes, 3, { ...opts, stride: a.stride, padding: 1, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(a.planes, opts));
    this.conv2 = this.registerModule('conv2', new Conv2d(a.planes, a.planes, 3, { ...opts, padding: 1, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(a.planes, opts));
    this.downsample = this.registerModule('downsample', a.downsample);
  }

  forward(x: Tensor): Tensor {
    const identity = this.downsample ? this.downsample.forward(x) : x;
    const out = this.bn2.forward(this.conv2.forward(A.relu(this.bn1.forward(this.conv1.forward(x)))));
    return A.relu(A.add(out, identity));
  }

  /** The norm whose weight zeroInitResidual zeroes. */
  get lastNorm(): BatchNorm2d {
    return this.bn2;
  }
}

export class Bottleneck extends Module {
  static readonly expansion = 4;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly downsample: Sequential | null;

  constructor(a: BlockArgs, opts: FactoryOptions = {}) {
    super();
    const width = Math.floor(a.planes * (a.baseWidth / 64)) * a.groups;
    this.conv1 = this.registerModule('conv1', new Conv2d(a.inplanes, width, 1, { ...opts, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(width, opts));
    this.conv2 = this.registerModule('conv2', new Conv2d(width, width, 3, { ...opts, stride: a.stride, padding: 1, groups: a.groups, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(width, opts));
    this.conv3 = this.registerModule('conv3', new Conv2d(width, a.planes * 4, 1, { ...opts, bias: false }));
    this.bn3 = this.registerModule('bn3', new BatchNorm2d(a.planes * 4, opts));
    this.downsample = this.registerModule('downsample', a.downsample);
  }

  forward(x: Tensor): Tensor {
    const identity = this.downsample ? this.downsample.forward(x) : x;
    let out = A.relu(this.bn1.forward(this.conv1.forward(x)));
    out = A.relu(this.bn2.forward(this.conv2.forward(out)));
    out = this.bn3.forward(this.conv3.forward(out));
    return A.relu(A.add(out, identity));
  }

  get lastNorm(): BatchNorm2d {
    return this.bn3;
  }
}

export interface ResNetOptions extends FactoryOptions {
  block?: 'basic' | 'bottleneck';
  /** Blocks per stage (resnet18: [2, 2, 2, 2]). */
  layers: readonly number[];
  /** Planes per stage (default 64, 128, 256, 512; one per stage). */
  widths?: readonly number[];
  /** Stride of each stage's first block (default 1, then 2). */
  strides?: readonly number[];
  /** Image channels (1 for radiographs, 3 for RGB). */
  inChannels?: number;
  /** Size of the fc head; 0 for none (default 1000, as torchvision). */
  numClasses?: number;
  /** Stem conv channels (default widths[0]), kernel (7, or 3 with padding 1), stride (2), and whether a 3x3/2 max pool follows (true). */
  stemChannels?: number;
  stemKernel?: 7 | 3;
  stemStride?: number;
  stemPool?: boolean;
  groups?: number;
  widthPerGroup?: number;
  /** Zero the last BatchNorm weight of each block, so each starts as the identity. */
  zeroInitResidual?: boolean;
}

export interface ResNetOutput {
  /** Output of the last stage [N, C, h, w]. */
  featureMap: Tensor;
  /** Global average pool of featureMap [N, C]. */
  pooled: Tensor;
  /** fc(pooled) [N, numClasses], or null with numClasses 0. */
  logits: Tensor | null;
}

export class ResNet extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly maxpool: MaxPool2d | null;
  readonly stages: Sequential[] = [];
  readonly fc: Linear | null;
  /** Channels of featureMap and pooled. */
  readonly outChannels: number;
  readonly inChannels: number;

  constructor(opts: ResNetOptions) {
    super();
    const bottleneck = (opts.block ?? 'basic') === 'bottleneck';
    const expansion = bottleneck ? 4 : 1;
    const widths = opts.widths ?? [64, 128, 256, 512].slice(0, opts.layers.length);
    const strides = opts.strides ?? opts.layers.map((_, i) => (i === 0 ? 1 : 2));
    if (widths.length !== opts.layers.length || strides.length !== opts.layers.length || opts.layers.length === 0) {
      throw new ShapeError(`ResNet: layers [${opts.layers}], widths [${widths}] and strides [${strides}] must have the same non-zero length`);
    }
    this.inChannels = opts.inChannels ?? 3;
    // Convs are allocated without drawing; #init draws them once with torchvision's scheme.
    const convOpts = { ...opts, skipInit: true };
    const stem = opts.stemChannels ?? widths[0];
    const k = opts.stemKernel ?? 7;
    this.conv1 = this.registerModule('conv1', new Conv2d(this.inChannels, stem, k, { ...convOpts, stride: opts.stemStride ?? 2, padding: (k - 1) / 2, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(stem, opts));
    this.maxpool = opts.stemPool === false ? null : new MaxPool2d(3, { stride: 2, padding: 1 });
    let inplanes = stem;
    const groups = opts.groups ?? 1;
    const baseWidth = opts.widthPerGroup ?? 64;
    opts.layers.forEach((n, i) => {
      const planes = widths[i];
      const blocks: Module[] = [];
      for (let j = 0; j < n; j++) {
        const stride = j === 0 ? strides[i] : 1;
        let downsample: Sequential | null = null;
        if (j === 0 && (stride !== 1 || inplanes !== planes * expansion)) {
          downsample = new Sequential(
            new Conv2d(inplanes, planes * expansion, 1, { ...convOpts, stride, bias: false }),
            new BatchNorm2d(planes * expansion, opts),
          );
        }
        const args = { inplanes, planes, stride, downsample, groups, baseWidth };
        blocks.push(bottleneck ? new Bottleneck(args, convOpts) : new BasicBlock(args, convOpts));
        inplanes = planes * expansion;
      }
      this.stages.push(this.registerModule(`layer${i + 1}`, new Sequential(...(blocks as (BasicBlock | Bottleneck)[]))));
    });
    this.outChannels = inplanes;
    const numClasses = opts.numClasses ?? 1000;
    this.fc = this.registerModule('fc', numClasses > 0 ? new Linear(inplanes, numClasses, opts) : null);
    this.#init(opts);
  }

  /** torchvision's init: kaiming_normal(fan_out, relu) convs; BN weight 1, bias 0 (already); optional zero-init residual. */
  #init(opts: ResNetOptions): void {
    if (opts.skipInit) return;
    for (const m of this.modules()) {
      if (m instanceof Conv2d) m.weight.assign(kaimingNormal(m.weight.shape, { mode: 'fan_out', nonlinearity: 'relu' }, opts));
      if (opts.zeroInitResidual && (m instanceof BasicBlock || m instanceof Bottleneck)) m.lastNorm.weight?.assign(constant(m.lastNorm.weight.shape, 0, opts));
    }
  }

  forward(x: Tensor): ResNetOutput {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) throw new ShapeError(`ResNet: input must be [N, ${this.inChannels}, H, W], got [${x.shape.join(', ')}]`);
    let h = A.relu(this.bn1.forward(this.conv1.forward(x)));
    if (this.maxpool) h = this.maxpool.forward(h);
    for (const s of this.stages) h = s.forward(h);
    const pooled = A.mean(h, [2, 3]);
    return { featureMap: h, pooled, logits: this.fc ? this.fc.forward(pooled) : null };
  }
}

type Preset = Omit<ResNetOptions, 'layers' | 'block'>;

export const resnet18 = (opts: Preset = {}) => new ResNet({ ...opts, block: 'basic', layers: [2, 2, 2, 2] });
export const resnet34 = (opts: Preset = {}) => new ResNet({ ...opts, block: 'basic', layers: [3, 4, 6, 3] });
export const resnet50 = (opts: Preset = {}) => new ResNet({ ...opts, block: 'bottleneck', layers: [3, 4, 6, 3] });

/**
 * A one-stage, anchor-free detector head in the style of FCOS (Tian et al., 2019).
 *
 * Why FCOS rather than YOLO-style anchors: anchors need their sizes and aspect ratios
 * tuned to the data set (YOLOv3 clusters the training boxes) and a per-anchor IoU
 * matching threshold; on a small synthetic set, at 1% labels, there are too few boxes to
 * cluster reliably and every mis-tuned anchor is a silent loss of recall. FCOS predicts at
 * every feature-map location a class score, a centre-ness and the four distances to the
 * box sides, assigned by "the location lies inside the box (near its centre) and the
 * box's size suits this level's stride": no anchor hyperparameters at all.
 *
 * Per used level: a 1×1 lateral conv to a common width (encoder maps differ in channels),
 * then a tower and three 3×3 predictors shared by all levels (class logits, centre-ness
 * logit, log-space ltrb distances in strides times a learnt per-level scale). The class
 * bias starts at −ln((1 − π)/π), π = 0.01, so the focal loss is not swamped by background
 * at the first steps.
 */
import * as A from '@prior/autograd';
import { Conv2d, type FactoryOptions, Module, ModuleList, Parameter } from '@prior/nn';
import { ShapeError, type Tensor, full } from '@prior/tensor';
import { ConvNormRelu } from './conv-block.js';

export interface FcosHeadOptions extends FactoryOptions {
  /** C_i of every encoder map, finest first. */
  featureChannels: readonly number[];
  featureStrides: readonly number[];
  /** Indices of the maps to predict on (default: every map). */
  levels?: readonly number[];
  /** Channels of the laterals and tower (default 32). */
  width?: number;
  /** Conv blocks in the shared tower (default 1). */
  towerDepth?: number;
  /** Object classes (default 1, e.g. RSNA opacity). */
  numClasses?: number;
  /** Prior foreground probability for the class bias (default 0.01). */
  priorProbability?: number;
}

export interface FcosOutput {
  /** Class logits [B, N, K] over the N locations of all used levels (level by level, row-major). */
  cls: Tensor;
  /** Centre-ness logits [B, N]. */
  ctr: Tensor;
  /** ln(distance / stride) for left, top, right, bottom [B, N, 4]. */
  reg: Tensor;
  /** [h, w] of each used level, in order. */
  sizes: [number, number][];
}

/** [B, C, h, w] → [B, h·w, C], row-major over the map. */
const flattenMap = (m: Tensor) => A.reshape(A.permute(m, [0, 2, 3, 1]), [m.shape[0], m.shape[2] * m.shape[3], m.shape[1]]);

export class FcosHead extends Module {
  readonly levels: readonly number[];
  readonly strides: readonly number[];
  readonly numClasses: number;
  readonly laterals: ModuleList<Conv2d>;
  readonly tower: ModuleList<ConvNormRelu>;
  readonly clsOut: Conv2d;
  readonly ctrOut: Conv2d;
  readonly regOut: Conv2d;
  readonly scales: Parameter[] = [];

  constructor(readonly opts: FcosHeadOptions) {
    super();
    const { featureChannels: ch, featureStrides: st } = opts;
    if (ch.length === 0 || st.length !== ch.length) throw new ShapeError(`FcosHead: featureChannels [${ch}] and featureStrides [${st}] must be non-empty and the same length`);
    this.levels = opts.levels ?? ch.map((_, i) => i);
    if (this.levels.length === 0 || this.levels.some((l, k) => !Number.isInteger(l) || l < 0 || l >= ch.length || (k > 0 && l <= this.levels[k - 1]))) {
      throw new ShapeError(`FcosHead: levels [${this.levels}] must be increasing indices of the ${ch.length} feature maps`);
    }
    this.strides = this.levels.map((l) => st[l]);
    this.numClasses = opts.numClasses ?? 1;
    const w = opts.width ?? 32;
    this.laterals = this.registerModule('laterals', new ModuleList(this.levels.map((l) => new Conv2d(ch[l], w, 1, opts))));
    this.tower = this.registerModule('tower', new ModuleList(Array.from({ length: opts.towerDepth ?? 1 }, () => new ConvNormRelu(w, w, 'group', opts))));
    this.clsOut = this.registerModule('cls', new Conv2d(w, this.numClasses, 3, { ...opts, padding: 1 }));
    this.ctrOut = this.registerModule('ctr', new Conv2d(w, 1, 3, { ...opts, padding: 1 }));
    this.regOut = this.registerModule('reg', new Conv2d(w, 4, 3, { ...opts, padding: 1 }));
    const pi = opts.priorProbability ?? 0.01;
    this.clsOut.bias?.assign(full([this.numClasses], -Math.log((1 - pi) / pi), { dtype: opts.dtype ?? 'float32', device: opts.device }));
    this.levels.forEach((_, k) => this.scales.push(this.registerParameter(`scale${k}`, new Parameter(full([], 1, { dtype: opts.dtype ?? 'float32', device: opts.device })))));
  }

  forward(featureMaps: readonly Tensor[]): FcosOutput {
    const ch = this.opts.featureChannels;
    if (featureMaps.length !== ch.length) throw new ShapeError(`FcosHead: expected ${ch.length} feature maps, got ${featureMaps.length}`);
    const cls: Tensor[] = [];
    const ctr: Tensor[] = [];
    const reg: Tensor[] = [];
    const sizes: [number, number][] = [];
    this.levels.forEach((l, k) => {
      const m = featureMaps[l];
      if (m.rank !== 4 || m.shape[1] !== ch[l]) throw new ShapeError(`FcosHead: featureMaps[${l}] must be [B, ${ch[l]}, h, w], got [${m.shape.join(', ')}]`);
      let x = this.laterals.at(k).forward(m);
      for (const block of this.tower) x = block.forward(x);
      sizes.push([m.shape[2], m.shape[3]]);
      cls.push(flattenMap(this.clsOut.forward(x)));
      ctr.push(flattenMap(this.ctrOut.forward(x)));
      reg.push(flattenMap(A.mul(this.regOut.forward(x), this.scales[k].value)));
    });
    const cat = (xs: Tensor[]) => (xs.length === 1 ? xs[0] : A.concat(xs, 1));
    const c = cat(ctr);
    return { cls: cat(cls), ctr: A.reshape(c, [c.shape[0], c.shape[1]]), reg: cat(reg), sizes };
  }
}

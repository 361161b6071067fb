/**
 * Symmetric InfoNCE (CLIP's contrastive loss): with a, b the L2-normalised embeddings of
 * N matching pairs and scale s, logits = s · a bᵀ, and the loss is the mean of the
 * cross-entropies of the rows and of the columns against the diagonal.
 * `InfoNCE` holds the learnable temperature as CLIP does: a parameter t with s = exp(t),
 * t initialised to log(1 / 0.07), state-dict key `logit_scale`.
 */
import * as A from '@prior/autograd';
import { type DType, type Device, ShapeError, type Tensor, TensorError, arange, full } from '@prior/tensor';
import { Module, Parameter } from '../module/index.js';
import { fmt } from './checks.js';

export interface InfoNceOptions {
  /** L2-normalise the embeddings first (default true). */
  normalize?: boolean;
  /** Label smoothing of both cross-entropies (default 0). */
  labelSmoothing?: number;
}

/** The symmetric loss for a given scale (a number, or a tensor such as exp(t)). */
export function symmetricInfoNce(a: Tensor, b: Tensor, scale: Tensor | number, opts: InfoNceOptions = {}): Tensor {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
    throw new ShapeError(`symmetricInfoNce: embeddings must both be [N, D], got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  }
  const norm = opts.normalize ?? true;
  const an = norm ? A.l2Normalize(a, -1) : a;
  const bn = norm ? A.l2Normalize(b, -1) : b;
  const logits = A.mul(A.matmul(an, A.transpose(bn, 0, 1)), scale);
  const labels = arange(a.shape[0], undefined, 1, { dtype: 'int32', device: a.backend });
  const ce = { labelSmoothing: opts.labelSmoothing ?? 0 };
  const rows = A.crossEntropy(logits, labels, ce);
  const cols = A.crossEntropy(A.transpose(logits, 0, 1), labels, ce);
  return A.mul(A.add(rows, cols), 0.5);
}

export interface InfoNceModuleOptions extends InfoNceOptions {
  /** Initial temperature τ: t starts at log(1/τ) (default 0.07, CLIP's). */
  temperature?: number;
  /** Train the temperature (default true); otherwise it is a fixed buffer. */
  learnable?: boolean;
  /** Clamp the scale exp(t) into [minScale, maxScale] in the forward pass (CLIP clamps at 100). */
  minScale?: number;
  maxScale?: number;
  device?: Device;
  dtype?: DType;
}

export class InfoNCE extends Module {
  /** t, the log of the logit scale. */
  readonly logitScale: Parameter;
  readonly opts: InfoNceOptions;
  readonly #min: number | null;
  readonly #max: number | null;

  constructor(opts: InfoNceModuleOptions = {}) {
    super();
    const tau = opts.temperature ?? 0.07;
    if (!(tau > 0)) throw new TensorError(`InfoNCE: temperature must be positive, got ${tau}`);
    this.#min = opts.minScale ?? null;
    this.#max = opts.maxScale ?? null;
    if (this.#min !== null && this.#max !== null && !(this.#min <= this.#max)) throw new TensorError(`InfoNCE: minScale ${this.#min} exceeds maxScale ${this.#max}`);
    const t = full([], Math.log(1 / tau), { device: opts.device, dtype: opts.dtype ?? 'float32' });
    if (opts.learnable === false) this.logitScale = this.registerBuffer('logit_scale', t)!;
    else this.logitScale = this.registerParameter('logit_scale', new Parameter(t));
    this.opts = { normalize: opts.normalize, labelSmoothing: opts.labelSmoothing };
  }

  /** exp(t), clamped when asked (the gradient stops while the clamp is active). */
  scale(): Tensor {
    const log = (v: number | null) => (v === null ? null : Math.log(v));
    const t = this.#min === null && this.#max === null ? this.logitScale.value : A.clamp(this.logitScale.value, log(this.#min), log(this.#max));
    return A.exp(t);
  }

  forward(a: Tensor, b: Tensor): Tensor {
    return symmetricInfoNce(a, b, this.scale(), this.opts);
  }
}

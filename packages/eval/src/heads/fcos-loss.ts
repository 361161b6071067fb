/**
 * The FCOS training loss for a batch, from the head's outputs and the per-image targets:
 *   classification  sigmoid focal loss (α = 0.25, γ = 2) over every location and class,
 *                   summed and divided by the number of positives;
 *   box             1 − GIoU between predicted and target ltrb boxes at the positives,
 *                   weighted by the centre-ness target (FCOS' weighting);
 *   centre-ness     BCE of the centre-ness logit at the positives.
 * With ltrb boxes seen from the same location both boxes contain it, so the overlap is
 * never empty and GIoU's enclosing-box term only sharpens the gradient.
 */
import * as A from '@prior/autograd';
import { binaryCrossEntropyWithLogits } from '@prior/nn';
import { type Tensor, ShapeError, tensor } from '@prior/tensor';
import type { FcosOutput } from './fcos-head.js';
import type { FcosTargets } from './fcos-targets.js';

export interface FcosLossOptions {
  alpha?: number;
  gamma?: number;
}

export interface FcosLoss {
  total: Tensor;
  cls: Tensor;
  box: Tensor;
  ctr: Tensor;
}

/** Sigmoid focal loss summed over all elements (Lin et al., 2017). */
export function sigmoidFocalLoss(logits: Tensor, target: Tensor, alpha = 0.25, gamma = 2): Tensor {
  const ce = binaryCrossEntropyWithLogits(logits, target, { reduction: 'none' });
  const p = A.sigmoid(logits);
  // 1 − p_t = p + t − 2pt: the probability given to the wrong answer.
  const miss = A.sub(A.add(p, target), A.mul(A.mul(p, target), 2));
  const alphaT = A.add(A.mul(target, 2 * alpha - 1), 1 - alpha);
  return A.sum(A.mul(A.mul(ce, alphaT), A.pow(miss, gamma)));
}

/** 1 − GIoU per location between ltrb distance boxes [.., 4] around the same point. */
export function giouLossLtrb(pred: Tensor, target: Tensor): Tensor {
  const [pl, pt, pr, pb] = A.split(pred, 1, -1);
  const [tl, tt, tr, tb] = A.split(target, 1, -1);
  const areaP = A.mul(A.add(pl, pr), A.add(pt, pb));
  const areaT = A.mul(A.add(tl, tr), A.add(tt, tb));
  const inter = A.mul(A.add(A.minimum(pl, tl), A.minimum(pr, tr)), A.add(A.minimum(pt, tt), A.minimum(pb, tb)));
  const union = A.sub(A.add(areaP, areaT), inter);
  const hull = A.mul(A.add(A.maximum(pl, tl), A.maximum(pr, tr)), A.add(A.maximum(pt, tt), A.maximum(pb, tb)));
  const giou = A.sub(A.div(inter, union), A.div(A.sub(hull, union), hull));
  return A.squeeze(A.sub(1, giou), -1);
}

/** The batch loss; `targets[b]` are image b's targets for the head's locations. */
export function fcosLoss(out: FcosOutput, targets: readonly FcosTargets[], opts: FcosLossOptions = {}): FcosLoss {
  const [b, n, k] = out.cls.shape;
  if (targets.length !== b) throw new ShapeError(`fcosLoss: ${targets.length} target sets for a batch of ${b}`);
  const clsT = new Float32Array(b * n * k);
  const pos = new Float32Array(b * n);
  const ctrT = new Float32Array(b * n);
  const regT = new Float32Array(b * n * 4).fill(1);
  let numPos = 0;
  let ctrSum = 0;
  targets.forEach((t, i) => {
    if (t.labels.length !== n) throw new ShapeError(`fcosLoss: targets[${i}] cover ${t.labels.length} locations, the head has ${n}`);
    for (let j = 0; j < n; j++) {
      const c = t.labels[j];
      if (c < 0) continue;
      if (c >= k) throw new ShapeError(`fcosLoss: targets[${i}] has class ${c}, the head has ${k}`);
      const q = i * n + j;
      clsT[q * k + c] = 1;
      pos[q] = 1;
      ctrT[q] = t.ctr[j];
      for (let s = 0; s < 4; s++) regT[q * 4 + s] = Math.exp(t.reg[j * 4 + s]);
      numPos++;
      ctrSum += t.ctr[j];
    }
  });
  const like = { dtype: out.cls.dtype, device: out.cls.backend };
  const posT = tensor(pos, { ...like, shape: [b, n] });
  const ctrTarget = tensor(ctrT, { ...like, shape: [b, n] });
  const cls = A.div(sigmoidFocalLoss(out.cls, tensor(clsT, { ...like, shape: [b, n, k] }), opts.alpha, opts.gamma), Math.max(1, numPos));
  // Clamped before exp so an early large output cannot overflow to ∞ (and NaN through GIoU).
  const dist = A.exp(A.clamp(out.reg, -8, 8));
  const box = A.div(A.sum(A.mul(giouLossLtrb(dist, tensor(regT, { ...like, shape: [b, n, 4] })), ctrTarget)), Math.max(1e-6, ctrSum));
  const ctr = A.div(binaryCrossEntropyWithLogits(out.ctr, ctrTarget, { weight: posT, reduction: 'sum' }), Math.max(1, numPos));
  return { total: A.add(A.add(cls, box), ctr), cls, box, ctr };
}

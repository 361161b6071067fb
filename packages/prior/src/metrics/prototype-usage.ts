/**
 * How much of the prototype bank a batch uses: the number of distinct prototypes that
 * are some sentence's most likely one, and the perplexity exp(H) of the mean assignment
 * distribution (K when use is uniform, 1 when every sentence goes to one prototype).
 * A bank whose usage falls towards 1 has collapsed.
 */
import { argmax, mean, noGrad } from '@prior/autograd';
import { ShapeError, type Tensor } from '@prior/tensor';

export interface PrototypeUsage {
  /** Distinct argmax prototypes over the rows. */
  used: number;
  /** exp(entropy of the mean of the rows' distributions). */
  perplexity: number;
}

/** probs: [N, K] assignment probabilities (rows sum to 1). */
export async function prototypeUsage(probs: Tensor): Promise<PrototypeUsage> {
  if (probs.rank !== 2) throw new ShapeError(`prototypeUsage: probs must be [N, K], got [${probs.shape.join(', ')}]`);
  const [best, avg] = noGrad(() => [argmax(probs, -1), mean(probs, 0)]);
  const [b, a] = await Promise.all([best.data(), avg.data()]);
  best.dispose();
  avg.dispose();
  let h = 0;
  for (const p of a) if (p > 0) h -= p * Math.log(p);
  return { used: new Set(b).size, perplexity: probs.shape[0] === 0 ? 0 : Math.exp(h) };
}

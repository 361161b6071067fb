/**
 * PRIOR's zero-shot score: softmax over classes of the global similarity, plus 0.5 ×
 * softmax over classes of the mean local attention (when the encoder has LAM). Prompt
 * scores are first averaged per class (prompt ensembling).
 */
import { softmaxRows } from '../common/scores.js';

/** [N × P] prompt scores → [N × C] class scores, the mean over each class's prompts. */
export function averageByClass(scores: ArrayLike<number>, n: number, classOf: readonly number[], classes: number): Float64Array {
  const p = classOf.length;
  const out = new Float64Array(n * classes);
  const count = new Float64Array(classes);
  for (const k of classOf) count[k]++;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) out[i * classes + classOf[j]] += scores[i * p + j] / count[classOf[j]];
  return out;
}

/** softmax(global) + localWeight · softmax(local), row-wise over C classes; global alone without local. */
export function combineZeroShotScores(global: ArrayLike<number>, classes: number, local?: ArrayLike<number> | null, localWeight = 0.5): Float64Array {
  const g = softmaxRows(global, classes);
  if (!local) return g;
  if (local.length !== global.length) throw new RangeError(`combineZeroShotScores: local has ${local.length} scores, global ${global.length}`);
  const l = softmaxRows(local, classes);
  return g.map((v, i) => v + localWeight * l[i]);
}

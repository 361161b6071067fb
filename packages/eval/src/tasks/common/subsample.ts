/**
 * Seeds of the evaluation-only tasks (zero-shot, retrieval): as the reference draws its
 * 5×200 set with several seeds, each seed scores a class-balanced subsample of the set
 * (`perClass` examples of each class, drawn without replacement). The model's scores are
 * computed once for every example; a seed only picks rows (and columns).
 */
import { SeededRandom } from '@prior/datasets';
import { deriveTaskSeed } from './seeds.js';

/** Indices of a class-balanced subsample: `perClass` of each label (all of a smaller class), in index order. */
export function balancedSubsample(labels: readonly number[], perClass: number, seed: number): number[] {
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => {
    let a = byClass.get(l);
    if (!a) byClass.set(l, (a = []));
    a.push(i);
  });
  const rng = new SeededRandom(deriveTaskSeed(seed, 'subsample'));
  const out: number[] = [];
  for (const k of [...byClass.keys()].sort((a, b) => a - b)) out.push(...rng.shuffle([...byClass.get(k)!]).slice(0, perClass));
  return out.sort((a, b) => a - b);
}

/** The default per-class size: `fraction` (0.8) of the smallest class, at least 1. */
export function defaultPerClass(labels: readonly number[], fraction = 0.8): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return Math.max(1, Math.floor(fraction * Math.min(...counts.values())));
}

/**
 * AUROC by ranks (Mann–Whitney U): sort the scores once, sweep tie groups, count for each
 * positive the negatives below it (a tie counts half). Equal to the trapezoidal area under
 * the ROC curve that `auroc` computes, but with no curve and no input checks: the inner
 * loop of bootstrap resampling, where `auroc` would recompute a whole curve per class and
 * resample. NaN when only one label value occurs (as `auroc`).
 */
export function rankAuroc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let negBelow = 0;
  let pos = 0;
  let u = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let p = 0;
    let q = 0;
    while (j < n && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) p++;
      else q++;
      j++;
    }
    u += p * (negBelow + q / 2);
    negBelow += q;
    pos += p;
    i = j;
  }
  const neg = n - pos;
  return pos === 0 || neg === 0 ? NaN : u / (pos * neg);
}

/** Macro AUROC over the columns of [N × C] row-major targets and scores, undefined classes left out (as multiLabelAuroc). */
export function rankMacroAuroc(targets: ArrayLike<number>, scores: ArrayLike<number>, c: number): number {
  const n = targets.length / c;
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  let sum = 0;
  let defined = 0;
  for (let j = 0; j < c; j++) {
    for (let i = 0; i < n; i++) {
      y[i] = targets[i * c + j];
      s[i] = scores[i * c + j];
    }
    const a = rankAuroc(y, s);
    if (!Number.isNaN(a)) {
      sum += a;
      defined++;
    }
  }
  return defined ? sum / defined : NaN;
}

/**
 * Row-wise iteration over views that share one logical shape (an output and its broadcast
 * inputs). Adjacent dims are merged wherever every view steps across them uniformly, so a
 * contiguous tensor, a broadcast scalar or a per-channel bias over [N, C, H, W] all become a
 * few long rows; kernels then run a tight loop along each row with one stride per view
 * instead of computing a storage offset per element.
 */

/** The merged loop nest: `shape` (last dim is the row) and, per view, its strides over it. */
export interface RowPlan {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Merges dims d and d+1 when, for every view, stride[d] = stride[d+1]·shape[d+1]; size-1
 * dims are dropped. Always leaves at least one dim (a scalar becomes one row of length 1).
 */
export function planRows(shape: readonly number[], strides: readonly (readonly number[])[]): RowPlan {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    const mergeable = last >= 0 && strides.every((s, v) => outStrides[v][last] === s[d] * size);
    if (mergeable) {
      outShape[last] *= size;
      for (let v = 0; v < strides.length; v++) outStrides[v][last] = strides[v][d];
    } else {
      outShape.push(size);
      for (let v = 0; v < strides.length; v++) outStrides[v].push(strides[v][d]);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `visit(row, bases)` for every row of the plan in row-major order: `row` is the
 * row's index (its first element is at row·rowLength in a contiguous output) and
 * `bases[v]` the storage offset of its first element in view v (`bases` is reused between
 * calls). The row length and each view's stride along a row are the plan's last dim.
 */
export function forEachRow(plan: RowPlan, offsets: readonly number[], visit: (row: number, bases: number[]) => void): void {
  const { shape, strides } = plan;
  const outer = shape.length - 1;
  const nv = offsets.length;
  const bases = offsets.slice();
  const idx = new Array<number>(outer).fill(0);
  let rows = 1;
  for (let d = 0; d < outer; d++) rows *= shape[d];
  for (let row = 0; row < rows; row++) {
    visit(row, bases);
    // Odometer over the outer dims, moving every view's base along.
    for (let d = outer - 1; d >= 0; d--) {
      idx[d]++;
      if (idx[d] < shape[d]) {
        for (let v = 0; v < nv; v++) bases[v] += strides[v][d];
        break;
      }
      idx[d] = 0;
      for (let v = 0; v < nv; v++) bases[v] -= strides[v][d] * (shape[d] - 1);
    }
  }
}

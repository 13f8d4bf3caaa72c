/** Small dense helpers over Float32Arrays shared by the encoders, the towers and the quantizer. */

/** Dot product of `a[aOff..aOff+n)` and `b[bOff..bOff+n)`. */
export function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += a[aOff + i]! * b[bOff + i]!;
  return sum;
}

/** Scales `v` in place to unit length (leaves a zero vector alone); returns the original norm. */
export function normalizeInPlace(v: Float32Array, offset = 0, n = v.length - offset): number {
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += v[offset + i]! * v[offset + i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < n; i += 1) v[offset + i]! /= norm;
  return norm;
}

/**
 * Gradient through y = x/|x|: given dL/dy (`grad`) and y, writes dL/dx = (grad − y·(y·grad)) / |x| into `out`.
 */
export function normalizeBackward(
  y: Float32Array,
  yOff: number,
  grad: Float32Array,
  gOff: number,
  norm: number,
  out: Float32Array,
  n: number,
): void {
  const proj = dot(y, yOff, grad, gOff, n);
  const scale = norm > 0 ? 1 / norm : 0;
  for (let i = 0; i < n; i += 1) out[i] = (grad[gOff + i]! - y[yOff + i]! * proj) * scale;
}

/** Indices of the `k` largest `scores` (ties by lower index), best first; skips indices where `skip` says so. */
export function topKIndices(scores: Float32Array, k: number, skip?: (index: number) => boolean): number[] {
  const heapIdx: number[] = [];
  const heapVal: number[] = [];
  // min-heap of size k
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapVal[p]! <= heapVal[i]!) break;
      [heapVal[p], heapVal[i]] = [heapVal[i]!, heapVal[p]!];
      [heapIdx[p], heapIdx[i]] = [heapIdx[i]!, heapIdx[p]!];
      i = p;
    }
  };
  const down = (i: number): void => {
    const n = heapVal.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && heapVal[l]! < heapVal[m]!) m = l;
      if (r < n && heapVal[r]! < heapVal[m]!) m = r;
      if (m === i) return;
      [heapVal[m], heapVal[i]] = [heapVal[i]!, heapVal[m]!];
      [heapIdx[m], heapIdx[i]] = [heapIdx[i]!, heapIdx[m]!];
      i = m;
    }
  };
  if (k <= 0) return [];
  for (let i = 0; i < scores.length; i += 1) {
    if (skip?.(i)) continue;
    const s = scores[i]!;
    if (heapVal.length < k) {
      heapVal.push(s);
      heapIdx.push(i);
      up(heapVal.length - 1);
    } else if (s > heapVal[0]!) {
      heapVal[0] = s;
      heapIdx[0] = i;
      down(0);
    }
  }
  const order = heapIdx.map((index, position) => ({ index, score: heapVal[position]! }));
  order.sort((a, b) => b.score - a.score || a.index - b.index);
  return order.map((entry) => entry.index);
}

/** Scores every row of the row-major `matrix` (rows × dims) against `query` into `out`. */
export function scoreRows(matrix: Float32Array, dims: number, query: Float32Array, out: Float32Array): Float32Array {
  const rows = out.length;
  for (let r = 0; r < rows; r += 1) out[r] = dot(matrix, r * dims, query, 0, dims);
  return out;
}

/** Row-wise Adagrad (one accumulator per row, Duchi et al.) for sparse embedding tables and dense matrices alike. */
export class RowAdagrad {
  private readonly accumulators: Float32Array;

  constructor(
    rows: number,
    private readonly dims: number,
    private readonly learningRate: number,
    initial = 0.1,
  ) {
    this.accumulators = new Float32Array(rows).fill(initial);
  }

  /** Applies `grad` (dims long) to row `row` of `table`. */
  step(table: Float32Array, row: number, grad: Float32Array, gradOffset = 0): void {
    const d = this.dims;
    let sq = 0;
    for (let i = 0; i < d; i += 1) sq += grad[gradOffset + i]! * grad[gradOffset + i]!;
    const acc = (this.accumulators[row]! += sq / d);
    const rate = this.learningRate / Math.sqrt(acc);
    const base = row * d;
    for (let i = 0; i < d; i += 1) table[base + i]! -= rate * grad[gradOffset + i]!;
  }
}

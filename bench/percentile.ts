/**
 * The p-th percentile (0 < p ≤ 100) of `values` by the nearest-rank method: the smallest value such
 * that at least p% of the values are less than or equal to it, i.e. the ⌈p/100 · n⌉-th smallest
 * (1-based). Always an observed value, never an interpolation; p = 100 is the maximum and p = 0 the
 * minimum. NaN for no values: no samples is not a latency of 0. Does not modify `values`.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile needs p in 0..100 (got ${p})`);
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

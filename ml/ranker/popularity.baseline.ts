/**
 * Popularity baseline: per product and task, the positive rate among training impressions, shrunk to
 * the global rate with `prior` pseudo-impressions; unseen products get the global rate.
 */
export function popularityRates(
  product: Int32Array,
  y: Uint8Array,
  labelColumns: number,
  column: number,
  from: number,
  to: number,
  prior = 20,
): { rates: Map<number, number>; global: number } {
  const shown = new Map<number, number>();
  const positive = new Map<number, number>();
  let total = 0;
  for (let row = from; row < to; row += 1) {
    const p = product[row]!;
    const label = y[row * labelColumns + column]!;
    shown.set(p, (shown.get(p) ?? 0) + 1);
    if (label) positive.set(p, (positive.get(p) ?? 0) + 1);
    total += label;
  }
  const global = to > from ? (total + 1) / (to - from + 2) : 0.5;
  const rates = new Map<number, number>();
  for (const [p, n] of shown) rates.set(p, ((positive.get(p) ?? 0) + prior * global) / (n + prior));
  return { rates, global };
}

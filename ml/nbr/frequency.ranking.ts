import type { Basket } from "./nbr-dataset.types";

/**
 * Items ordered by the number of baskets that contain them (descending); ties keep first-appearance order,
 * as a stable sort over insertion order does in the reference implementation (Li et al., TOIS 2023).
 */
export function rankByBasketFrequency(baskets: Iterable<Basket>): string[] {
  const counts = new Map<string, number>();
  for (const basket of baskets) {
    for (const item of basket.items) counts.set(item, (counts.get(item) ?? 0) + 1);
  }
  // Map iteration is insertion order and Array#sort is stable, so ties stay in first-appearance order.
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([item]) => item);
}

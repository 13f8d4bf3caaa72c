import type { ScoredId } from "./services";

/** Reciprocal-rank-fusion constant (Cormack et al.). */
export const RRF_K = 60;

/** One ranked list of a fusion and its weight. */
export interface RankedList {
  hits: readonly ScoredId[];
  weight: number;
}

/**
 * Weighted reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): each list adds
 * weight / (k + rank) to each of its hits (rank from 1), k = {@link RRF_K} = 60. Ties by id; best first.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], limit: number, k = RRF_K): ScoredId[] {
  const fused = new Map<string, number>();
  for (const { hits, weight } of lists)
    hits.forEach((hit, rank) => fused.set(hit.productId, (fused.get(hit.productId) ?? 0) + weight / (k + rank + 1)));
  return [...fused]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([productId, score]) => ({ productId, score }));
}

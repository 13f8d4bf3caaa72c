import type { ScoredId, TextSearchService } from "../sdk/services";
import { RRF_K } from "./interpreted-search";

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

/** Weight of the semantic list in the fusion (the lexical list weighs 1). */
export const SEMANTIC_LIST_WEIGHT = 1;
/** Weight of the Semantic-ID prefix list in the fusion: coarser than the vector neighbours (a cell, not a ranking). */
export const PREFIX_LIST_WEIGHT = 0.5;

/**
 * Hybrid retrieval: the lexical search (BM25, with query rewrite when given an InterpretedTextSearch) and the
 * semantic search (text-encoder query embedding against the `items-text` index) run in parallel, fused by
 * {@link reciprocalRankFusion}. When given, the query's Semantic-ID prefix candidates are a third list
 * (weight {@link PREFIX_LIST_WEIGHT}). A failing or empty semantic side leaves the lexical results
 * unchanged (`onSemanticError` hears why).
 */
export class HybridTextSearch implements TextSearchService {
  constructor(
    private readonly lexical: TextSearchService,
    private readonly semantic: (query: string, limit: number) => Promise<ScoredId[]>,
    private readonly onSemanticError: (error: unknown) => void = () => {},
    private readonly semanticWeight = SEMANTIC_LIST_WEIGHT,
    private readonly prefix?: (query: string, limit: number) => Promise<ScoredId[]>,
  ) {}

  async search(query: string, limit: number): Promise<ScoredId[]> {
    const failed = (error: unknown): ScoredId[] => {
      this.onSemanticError(error);
      return [];
    };
    const [lexical, semantic, prefix] = await Promise.all([
      this.lexical.search(query, limit),
      this.semantic(query, limit).catch(failed),
      this.prefix ? this.prefix(query, limit).catch(failed) : Promise.resolve([] as ScoredId[]),
    ]);
    if (semantic.length === 0 && prefix.length === 0) return lexical;
    return reciprocalRankFusion(
      [
        { hits: lexical, weight: 1 },
        { hits: semantic, weight: this.semanticWeight },
        { hits: prefix, weight: PREFIX_LIST_WEIGHT },
      ],
      limit,
    );
  }
}

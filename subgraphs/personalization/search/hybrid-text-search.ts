import { reciprocalRankFusion } from "../../../plugins/sdk/rank-fusion";
import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";

/** Weight of the semantic list in the fusion (the lexical list weighs 1). */
export const SEMANTIC_LIST_WEIGHT = 1;
/** Weight of the Semantic-ID prefix list in the fusion: coarser than the vector neighbours (a cell, not a ranking). */
export const PREFIX_LIST_WEIGHT = 0.5;

/**
 * Hybrid retrieval: the lexical search (BM25, with the readings of the query when a plugin's `searchCandidates` hook guides it) and the
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

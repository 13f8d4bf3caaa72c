import { HybridTextSearch } from "../../../subgraphs/personalization/search/hybrid-text-search";
import type { TextSearchService } from "../../../plugins/sdk/services";
import type { SearchSystem } from "../search-system.types";
import { FUSION_WINDOW } from "./rewrite.system";
import type { SemanticIndex } from "./semantic.index";

/**
 * Hybrid search as personalization's `Search.results` retrieves it: the lexical side (BM25, with or without the
 * query rewrite) and the semantic side (text-encoder embedding, cosine) fused by reciprocal rank
 * (`HybridTextSearch`, k = 60), each list {@link FUSION_WINDOW} deep.
 */
export class HybridSearchSystem implements SearchSystem {
  readonly description: string;
  private readonly hybrid: HybridTextSearch;

  constructor(
    readonly name: string,
    lexical: TextSearchService,
    semantic: SemanticIndex,
    lexicalDescription: string,
  ) {
    this.description = `${lexicalDescription}, fused by reciprocal rank (k = 60) with the text encoder's nearest products`;
    this.hybrid = new HybridTextSearch(lexical, async (query, limit) => semantic.search(query, limit));
  }

  async search(query: string, k: number): Promise<string[]> {
    return (await this.hybrid.search(query, Math.max(k, FUSION_WINDOW))).slice(0, k).map((hit) => hit.productId);
  }

  /** The fused retrieval as a TextSearchService (scored ids), for the personalized system. */
  textSearch(): TextSearchService {
    return this.hybrid;
  }
}

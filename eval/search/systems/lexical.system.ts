import type { CategoryDocument } from "../../../core/documents/category.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";
import { SearchIndex } from "../../../subgraphs/catalog/search/search-index";
import type { SearchSystem } from "../search-system.types";

/**
 * Lexical search as the catalog subgraph serves it: the catalog's own `SearchIndex` (BM25+ over name, brand,
 * category names and tags, AND → OR → fuzzy fallbacks) built over the product documents in process.
 */
export class LexicalSearchSystem implements SearchSystem {
  readonly name = "searchCatalog";
  readonly description =
    "searchCatalog: the catalog BM25 index (subgraphs/catalog/search/search-index.ts) over name, brand, category names and tags";
  private readonly index: SearchIndex;

  constructor(products: readonly ProductDocument[], categories: readonly CategoryDocument[]) {
    const names = new Map(categories.map((category) => [category._id, category.name]));
    this.index = new SearchIndex((id) => names.get(id));
    for (const product of products) this.index.add(product);
  }

  async search(query: string, k: number): Promise<string[]> {
    return this.index.search(query, k).hits.map((hit) => hit.id);
  }

  /** The same index as the SDK's TextSearchService (scored ids), for systems built on top of it. */
  textSearch(): TextSearchService {
    return {
      search: async (query: string, limit: number): Promise<ScoredId[]> =>
        this.index.search(query, limit).hits.map((hit) => ({ productId: hit.id, score: hit.score })),
    };
  }
}

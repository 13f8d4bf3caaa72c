import type { CategoryDocument } from "../../../core/documents/category.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { loadConfig } from "../../../core/config";
import { accentInsensitivePattern } from "../../../core/llm/catalog-context.loader";
import { pathName, termsOf, type ContextCategory, type ContextItem } from "../../../core/llm/context-narrowing";
import { rewriteQuery } from "../../../plugins/query-rewrite/query-rewrite.service";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { InterpretedTextSearch } from "../../../plugins/query-rewrite/interpreted-search";
import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";
import type { SearchSystem } from "../search-system.types";
import type { LexicalSearchSystem } from "./lexical.system";

/** Candidates read per query before narrowing (CatalogContextLoader's default). */
const CANDIDATE_LIMIT = 200;
/** Hits each list of the fusion holds: what the pipeline's text collection retrieves (40 × 1.5). */
export const FUSION_WINDOW = 60;

/**
 * Lexical search with query rewrite on, as personalization's search runs it (plugins/query-rewrite:
 * `InterpretedTextSearch` fusing the query and its top interpretations by weighted reciprocal rank), with
 * the rewrite from `rewriteQuery` through an `LlmGateway` forced offline (provider null, no database: the
 * offline twin, deterministic, no key needed). `CatalogContextLoader` reads MongoDB, so its two reads are
 * reproduced in memory over the same documents: the category tree with its overview, and the first
 * {@link CANDIDATE_LIMIT} products whose name or brand matches a query term of 3+ letters (accent-insensitive).
 */
export class RewriteSearchSystem implements SearchSystem {
  readonly name = "lexical+rewrite";
  readonly description =
    "Lexical search fused with the offline query rewrite's interpretations (InterpretedTextSearch, LLM gateway offline)";
  private readonly gateway = new LlmGateway({ config: loadConfig({}), provider: null });
  private readonly categories: ContextCategory[];
  private readonly overview: string;
  private readonly byId: Map<string, ProductDocument>;

  constructor(
    private readonly lexical: LexicalSearchSystem,
    private readonly products: readonly ProductDocument[],
    categories: readonly CategoryDocument[],
  ) {
    this.categories = categories.map((category) => ({
      id: category._id,
      name: category.name,
      vertical: category.vertical,
      parentId: category.parentId,
      path: category.path,
      depth: category.depth,
    }));
    const tree = new Map(this.categories.map((category) => [category.id, category]));
    this.overview = this.categories
      .filter((category) => category.depth <= 1)
      .map((category) => pathName(category, tree))
      .sort()
      .join("\n");
    this.byId = new Map(products.map((product) => [product._id, product]));
  }

  async search(query: string, k: number): Promise<string[]> {
    return (await this.textSearch().search(query, Math.max(k, FUSION_WINDOW))).slice(0, k).map((hit) => hit.productId);
  }

  /** The rewrite-guided lexical search as the SDK's TextSearchService (each call rewrites its query), for systems built on top of it. */
  textSearch(): TextSearchService {
    return {
      search: async (query: string, limit: number): Promise<ScoredId[]> => {
        const rewrite = rewriteQuery(this.gateway, {
          query,
          categories: this.categories,
          candidates: this.candidates(query),
          overview: this.overview,
        });
        const search = new InterpretedTextSearch(
          this.lexical.textSearch(),
          {
            products: async (ids) =>
              new Map(ids.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : []))),
          },
          async () => (await rewrite).interpretations,
        );
        return search.search(query, limit);
      },
    };
  }

  /** CatalogContextLoader.candidates in memory: name or brand matching any query term of 3+ letters, catalog order. */
  private candidates(query: string): ContextItem[] {
    const terms = termsOf(query)
      .filter((term) => term.length >= 3)
      .slice(0, 6);
    if (terms.length === 0) return [];
    const pattern = new RegExp(terms.map(accentInsensitivePattern).join("|"), "i");
    const items: ContextItem[] = [];
    for (const product of this.products) {
      if (!pattern.test(product.name) && !(product.brand && pattern.test(product.brand))) continue;
      items.push({
        id: product._id,
        name: product.name,
        brand: product.brand,
        vertical: product.vertical,
        categoryId: product.categoryId,
        categoryPath: product.categoryPath,
        tags: product.tags,
        merchantId: product.merchantId,
        cuisines: product.cuisines,
      });
      if (items.length >= CANDIDATE_LIMIT) break;
    }
    return items;
  }
}

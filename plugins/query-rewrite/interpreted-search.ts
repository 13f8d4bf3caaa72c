import { normalizeText } from "../../core/llm/input-hash";
import { RRF_K } from "../sdk/rank-fusion";
import {
  boostsOf,
  fitsInterpretation,
  searchedInterpretations,
  type SearchInterpretation as Interpretation,
} from "../sdk/search-interpretation";
import type { CatalogService, ScoredId, TextSearchService } from "../sdk/services";

/** Weight of the shopper's own query in the fusion (interpretations weigh their confidence). */
export const QUERY_LIST_WEIGHT = 0.5;
/** Contribution multiplier of a hit matching its interpretation's brand or dietary constraints. */
export const CONSTRAINT_BOOST = 1.25;

/**
 * Text retrieval guided by query rewrite: the shopper's query and the rewritten query of each top
 * interpretation are searched in parallel with the rewrite; an interpretation's hits are filtered by its
 * vertical and category (unless that leaves none) and boosted by its brand and dietary constraints; the
 * lists are fused by weighted reciprocal rank (query {@link QUERY_LIST_WEIGHT}, interpretations their
 * confidence). Without interpretations it is the plain text search.
 */
export class InterpretedTextSearch implements TextSearchService {
  constructor(
    private readonly base: TextSearchService,
    private readonly catalog: Pick<CatalogService, "products">,
    /** The interpretations of the query (the rewrite runs while the query itself is searched). */
    private readonly interpretations: () => Promise<readonly Interpretation[]>,
  ) {}

  async search(query: string, limit: number): Promise<ScoredId[]> {
    const [plain, interpretations] = await Promise.all([this.base.search(query, limit), this.interpretations()]);
    const searched = searchedInterpretations(interpretations).filter(
      (interpretation) =>
        normalizeText(interpretation.rewrittenQuery) !== normalizeText(query) ||
        interpretation.categoryPath ||
        interpretation.brand,
    );
    if (searched.length === 0) return plain;
    const lists = await Promise.all(
      searched.map((interpretation) =>
        normalizeText(interpretation.rewrittenQuery) === normalizeText(query)
          ? Promise.resolve(plain)
          : this.base.search(interpretation.rewrittenQuery, limit),
      ),
    );
    const products = await this.catalog.products([...new Set(lists.flat().map((hit) => hit.productId))]);
    const fused = new Map<string, number>();
    const add = (hits: readonly ScoredId[], weight: number, boost: (id: string) => number): void => {
      hits.forEach((hit, rank) =>
        fused.set(
          hit.productId,
          (fused.get(hit.productId) ?? 0) + (weight * boost(hit.productId)) / (RRF_K + rank + 1),
        ),
      );
    };
    add(plain, QUERY_LIST_WEIGHT, () => 1);
    searched.forEach((interpretation, i) => {
      const hits = lists[i]!;
      const fitting = hits.filter((hit) => {
        const product = products.get(hit.productId);
        return product !== undefined && fitsInterpretation(product, interpretation);
      });
      add(fitting.length > 0 ? fitting : hits, interpretation.confidence, (id) => {
        const product = products.get(id);
        return product ? CONSTRAINT_BOOST ** boostsOf(product, interpretation) : 1;
      });
    });
    return [...fused]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([productId, score]) => ({ productId, score }));
  }
}

import { queryRewriteFeature } from "./query-rewrite.feature";
import { rewriteQuery, RewriteInputError, type QueryRewrite } from "./query-rewrite.service";
import { rewriteShopperOf } from "./rewrite-shopper";
import type { BlendedAttributes } from "../sdk/blended-attributes";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import { HookInputError } from "../sdk/hook-input.error";
import type { LlmServices } from "../sdk/llm-services";
import { InterpretedTextSearch } from "./interpreted-search";

/** A rewrite and the names of every category, for the GraphQL view. */
export interface SearchRewrite extends QueryRewrite {
  categoryNames: Map<string, string>;
}

/**
 * Rewrites a search query for the shopper of `attributes` (their profile: verticals, brands, cuisines, dietary, price sensitivity):
 * candidates by regex over names and brands, narrowed through the category tree, then the gateway
 * (cache, model or offline twin; never rejects except on bad input: RewriteInputError).
 */
export async function rewriteSearchQuery(
  llm: LlmServices,
  query: string,
  attributes: BlendedAttributes,
): Promise<SearchRewrite> {
  const [{ categories, overview }, candidates] = await Promise.all([
    llm.catalogContext.categories(),
    llm.catalogContext.candidates(query),
  ]);
  const rewrite = await rewriteQuery(llm.gateway, {
    query,
    shopper: rewriteShopperOf(attributes),
    categories,
    candidates,
    overview,
  });
  return { ...rewrite, categoryNames: new Map(categories.map((category) => [category.id, category.name])) };
}

/**
 * Query rewrite: a search query becomes interpretations for this shopper (`interpretQuery`), and the
 * lexical search runs the query and its top interpretations, filtered and boosted by their constraints and
 * fused by weighted reciprocal rank (`searchCandidates`, {@link InterpretedTextSearch}).
 */
export const queryRewritePlugin = defineLlmFeature({
  name: "query_rewrite",
  description:
    "Turns an ambiguous search query into interpretations (category, brand, dietary, rewritten query) for this shopper.",
  features: [queryRewriteFeature],
  needs: ["catalog"],
  // The gateway bounds the model call itself (timeout, then the offline twin); this only guards against a hang.
  budgetMs: 5000,
  async interpretQuery(context, { query, attributes }) {
    try {
      const rewrite = await rewriteSearchQuery(context.llm, query, attributes);
      return { source: rewrite.source, interpretations: rewrite.interpretations, categoryNames: rewrite.categoryNames };
    } catch (error) {
      if (error instanceof RewriteInputError) throw new HookInputError(error.message, "query");
      throw error;
    }
  },
  searchCandidates(context, { query, limit, interpretations, lexical }) {
    return new InterpretedTextSearch(lexical, context.services.catalog, interpretations).search(query, limit);
  },
});

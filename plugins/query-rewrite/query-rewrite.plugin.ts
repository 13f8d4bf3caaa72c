import { queryRewriteFeature } from "../../core/llm/features/query-rewrite.feature";
import { rewriteQuery, type QueryRewrite } from "../../core/llm/features/query-rewrite.service";
import { rewriteShopperOf } from "../../core/llm/features/rewrite-shopper";
import type { BlendedAttributes } from "../sdk/blended-attributes";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import type { LlmServices } from "../sdk/llm-services";

/** Query rewrite as a registered LLM feature (search calls {@link rewriteSearchQuery}). */
export const queryRewritePlugin = defineLlmFeature({
  name: "query_rewrite",
  description:
    "Turns an ambiguous search query into interpretations (category, brand, dietary, rewritten query) for this shopper.",
  features: [queryRewriteFeature],
});

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

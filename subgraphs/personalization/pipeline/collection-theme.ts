import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { CollectionProposal, CollectionTheme } from "../../../plugins/sdk/candidate";
import type { PipelineSource } from "./prospect-collections.step";

/**
 * The theme a collection promises ({@link CollectionTheme}): the one its proposal states, else the one
 * its pipeline source implies. A "popular", "new" or "category" source scoped to a category (its
 * `params.categoryId`, else the request's) promises items of that category ("Popular in Dairy"); a
 * "complements" source promises complements of the cart, which its retrieval marks. Other sources
 * (overall popularity, the shopper's aisles, text) promise no theme: null.
 */
export function collectionTheme(
  proposal: CollectionProposal,
  attributes: Pick<BlendedAttributes, "categoryId">,
): CollectionTheme | null {
  if (proposal.theme) return proposal.theme;
  const source = proposal.params?.source as PipelineSource | undefined;
  const categoryId =
    typeof proposal.params?.categoryId === "string" ? proposal.params.categoryId : attributes.categoryId;
  if ((source === "popular" || source === "new" || source === "category") && categoryId)
    return { label: `in category ${categoryId}`, categoryIds: [categoryId] };
  if (source === "complements") return { label: "complements of the cart", marked: true };
  return null;
}

import type { ProductDocument } from "../../core/documents/product.document";
import type { CollectionTheme } from "./candidate";
import type { ScoredId } from "./services";

/**
 * True when `product`, retrieved as `hit`, satisfies every condition of `theme` ({@link CollectionTheme}):
 * under one of its categories, with all its tags, of one of its brands, within its price, and vouched
 * for by the retrieval (`hit.onTheme === true`) when the theme is `marked`.
 */
export function satisfiesTheme(
  theme: CollectionTheme,
  product: Pick<ProductDocument, "categoryPath" | "tags" | "brand" | "price">,
  hit: Pick<ScoredId, "onTheme">,
): boolean {
  if (theme.marked && hit.onTheme !== true) return false;
  if (
    theme.categoryIds &&
    theme.categoryIds.length > 0 &&
    !theme.categoryIds.some((id) => product.categoryPath.includes(id))
  )
    return false;
  if (theme.tags && !theme.tags.every((tag) => product.tags.includes(tag))) return false;
  if (theme.brands && theme.brands.length > 0) {
    const brand = product.brand?.toLowerCase();
    if (!brand || !theme.brands.some((wanted) => wanted.toLowerCase() === brand)) return false;
  }
  if (theme.maxPrice !== undefined && !(product.price <= theme.maxPrice)) return false;
  return true;
}

/** `hits` marked as satisfying their collection's theme (for a retrieval whose every result does, e.g. complements by lift). */
export function onTheme<T extends ScoredId>(hits: readonly T[]): T[] {
  return hits.map((hit) => ({ ...hit, onTheme: true }));
}

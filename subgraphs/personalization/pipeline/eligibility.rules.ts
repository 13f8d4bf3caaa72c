import type { ProductDocument } from "../../catalog/read-model";
import type { Vertical } from "../../../core/documents/vertical";
import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import { AGE_RESTRICTED_TAG } from "../../../core/text/tags";

/** Verticals whose items are eaten or drunk: explicit dietary preferences apply only there. */
export const FOOD_VERTICALS: ReadonlySet<Vertical> = new Set<Vertical>([
  "GROCERY",
  "CONVENIENCE",
  "ALCOHOL",
  "RESTAURANT",
]);

/** Tags that also satisfy a stated preference (a vegan product is vegetarian and dairy-free). */
const IMPLIED_BY: Readonly<Record<string, readonly string[]>> = {
  vegetarian: ["vegan"],
  "dairy-free": ["vegan"],
};

/** True when buying the product needs an age-verified shopper (ID required). */
export function isAgeRestricted(product: Pick<ProductDocument, "tags">): boolean {
  return product.tags.includes(AGE_RESTRICTED_TAG);
}

/** Why an item is excluded, or null when it may be shown. */
export type Exclusion =
  "UNAVAILABLE_AT_STORE" | "AGE_RESTRICTED" | "DIETARY_CONFLICT" | "EXCLUDED_BRAND" | "EXCLUDED_CATEGORY" | "IN_CART";

/**
 * The rules every surface applies before ranking:
 * - with a store: only products it offers with `available: true` (offers `_id = storeId|productId`);
 * - products tagged `age-restricted` only for age-verified shoppers (anonymous = unverified), except in
 *   search: a shopper who asks for wine sees it, marked "ID required" (`RankedItem.ageRestricted`), and
 *   `placeOrder` refuses it to an unverified shopper; recommendations never push it to them;
 * - each explicitly stated dietary tag (users.preferences.dietary) must be on every product of a food
 *   vertical (GROCERY, CONVENIENCE, ALCOHOL, RESTAURANT), or a tag implying it (vegan ⇒ vegetarian,
 *   dairy-free); an untagged food product does not conform. Non-food verticals are unaffected;
 *   inferred dietary signals never exclude;
 * - excluded brands (case-insensitive) and excluded categories (anywhere on the category path);
 * - items already in the cart.
 */
export function exclusionOf(
  attributes: BlendedAttributes,
  product: ProductDocument,
  offer: { available: boolean } | undefined,
): Exclusion | null {
  if (attributes.storeId && !offer?.available) return "UNAVAILABLE_AT_STORE";
  if (!attributes.ageVerified && attributes.surface !== "SEARCH" && isAgeRestricted(product)) return "AGE_RESTRICTED";
  if (FOOD_VERTICALS.has(product.vertical)) {
    for (const tag of attributes.dietary.explicit) {
      if (!product.tags.includes(tag) && !(IMPLIED_BY[tag] ?? []).some((other) => product.tags.includes(other)))
        return "DIETARY_CONFLICT";
    }
  }
  if (product.brand && attributes.excluded.brands.some((brand) => brand.toLowerCase() === product.brand!.toLowerCase()))
    return "EXCLUDED_BRAND";
  if (attributes.excluded.categoryIds.some((id) => product.categoryPath.includes(id))) return "EXCLUDED_CATEGORY";
  if (attributes.cart.includes(product._id)) return "IN_CART";
  return null;
}

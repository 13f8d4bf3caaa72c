import { explainCollection } from "../../../plugins/explanations/explanations.plugin";
import type { DealInfo } from "../../../plugins/sdk/services";
import { AGE_RESTRICTED_TAG } from "../../../core/text/tags";
import { isAgeRestricted } from "./eligibility.rules";
import type { ItemReason, PresentedCollection, TargetedCollection } from "./pipeline.types";

/** The reason every age-restricted item carries, last (it explains a restriction, not the score). */
export const AGE_RESTRICTED_REASON: ItemReason = {
  dimension: AGE_RESTRICTED_TAG,
  score: 1,
  text: "ID required: age-restricted, ordering it needs an age-verified shopper",
};

/**
 * Step 5, presentation: final titles, an explanation built from the reasons of the collection's top
 * items (which dimension drives it and its most common reason), each item's active deal (read from
 * `deals`, never invented), and the "ID required" reason on age-restricted items. Pagination cursors are made when a client pages through `items`.
 */
export function presentCollections(
  targeted: readonly TargetedCollection[],
  deals: ReadonlyMap<string, DealInfo>,
  window = 10,
): PresentedCollection[] {
  return targeted.map((collection) => {
    const { proposal } = collection;
    return {
      id: proposal.id,
      title: proposal.title,
      subtitle: proposal.subtitle ?? null,
      dimension: proposal.dimension || null,
      explanation: explain(collection, window),
      items: collection.items.map((item) => ({
        ...item,
        reasons: isAgeRestricted(item.product) ? [...item.reasons, AGE_RESTRICTED_REASON] : item.reasons,
        deal: deals.get(item.productId) ?? null,
      })),
    };
  });
}

/** The template explanation over the items' leading reasons (plugins/explanations; never a model call here). */
function explain(collection: TargetedCollection, window: number): string {
  return explainCollection(collection.proposal.title, collection.proposal.subtitle, collection.items, window);
}

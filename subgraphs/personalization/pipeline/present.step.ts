import type { ExplainableCollection } from "../../../plugins/sdk/llm-hooks";
import type { DealInfo } from "../../../plugins/sdk/services";
import { AGE_RESTRICTED_TAG } from "../../../core/text/tags";
import { isAgeRestricted } from "./eligibility.rules";
import type { ItemReason, PresentedCollection, TargetedCollection } from "./pipeline.types";
import { SERVED_LLM_FEATURES } from "../llm-features";
import { createLogger } from "../../../core/logger";

/** Logger of presentations run without a request's (tests, evaluations). */
const quiet = createLogger("present", "silent");

/** The reason every age-restricted item carries, last (it explains a restriction, not the score). */
export const AGE_RESTRICTED_REASON: ItemReason = {
  dimension: AGE_RESTRICTED_TAG,
  score: 1,
  text: "ID required: age-restricted, ordering it needs an age-verified shopper",
};

/**
 * Step 5, presentation: final titles, an explanation of the collection (`explain`: the registry's
 * `explainCollection` hook, a template over the reasons of its top items, which dimension drives it and its
 * most common reason; without one, the subtitle or title), each item's active deal (read from
 * `deals`, never invented), and the "ID required" reason on age-restricted items. Pagination cursors are made when a client pages through `items`.
 */
export function presentCollections(
  targeted: readonly TargetedCollection[],
  deals: ReadonlyMap<string, DealInfo>,
  window = 10,
  explain: (collection: ExplainableCollection) => string = (collection) =>
    SERVED_LLM_FEATURES.explainCollection(collection, quiet),
): PresentedCollection[] {
  return targeted.map((collection) => {
    const { proposal } = collection;
    return {
      id: proposal.id,
      title: proposal.title,
      subtitle: proposal.subtitle ?? null,
      dimension: proposal.dimension || null,
      explanation: explain({
        title: proposal.title,
        subtitle: proposal.subtitle,
        items: collection.items,
        window,
      }),
      items: collection.items.map((item) => ({
        ...item,
        reasons: isAgeRestricted(item.product) ? [...item.reasons, AGE_RESTRICTED_REASON] : item.reasons,
        deal: deals.get(item.productId) ?? null,
      })),
    };
  });
}

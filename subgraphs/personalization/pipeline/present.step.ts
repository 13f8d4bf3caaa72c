import { explainCollection } from "../../../plugins/explanations/explanations.plugin";
import type { DealInfo } from "../../../plugins/sdk/services";
import type { PresentedCollection, TargetedCollection } from "./pipeline.types";

/**
 * Step 5, presentation: final titles, an explanation built from the reasons of the collection's top
 * items (which dimension drives it and its most common reason), and each item's active deal (read from
 * `deals`, never invented). Pagination cursors are made when a client pages through `items`.
 */
export function presentCollections(targeted: readonly TargetedCollection[], deals: ReadonlyMap<string, DealInfo>, window = 10): PresentedCollection[] {
  return targeted.map((collection) => {
    const { proposal } = collection;
    return {
      id: proposal.id,
      title: proposal.title,
      subtitle: proposal.subtitle ?? null,
      dimension: proposal.dimension || null,
      explanation: explain(collection, window),
      items: collection.items.map((item) => ({ ...item, deal: deals.get(item.productId) ?? null })),
    };
  });
}

/** The template explanation over the items' leading reasons (plugins/explanations; never a model call here). */
function explain(collection: TargetedCollection, window: number): string {
  return explainCollection(collection.proposal.title, collection.proposal.subtitle, collection.items, window);
}

import type { RankedCollection, RankedEntry, TargetedCollection } from "./pipeline.types";
import { random } from "./seed";

/** Options of step 4. */
export interface TargetingOptions {
  /** Collections to keep. */
  first: number;
  /** Items of each collection a client shows at once: duplicates and caps are judged in this window. */
  window: number;
  /** Fewest items a collection needs to be shown. */
  minItems: number;
  /** Most items of one brand in a window. */
  maxPerBrand: number;
  /** Most items of one leaf category in a window. */
  maxPerCategory: number;
  /** Largest random boost of a collection's rank (exploration), from the request seed. */
  exploration: number;
  seed: number;
}

/** Defaults for a page of carousels. */
export const DEFAULT_TARGETING: Omit<TargetingOptions, "first" | "seed"> = {
  window: 10,
  minItems: 3,
  maxPerBrand: 3,
  maxPerCategory: 4,
  exploration: 0.05,
};

/**
 * Step 4, collection targeting: ranks collections by relevance × the quality of their best items, plus
 * a small seeded exploration boost (a proposal with `params.leads` goes first whatever its rank: the
 * page's lead, e.g. "Top picks for you"), with a diversity penalty for repeating the previous collection's
 * dimension; then walks them in that order, dropping items already shown in an earlier collection's
 * window, demoting items over the brand/category caps out of the window, and skipping collections left
 * with fewer than `minItems`.
 */
export function targetCollections(
  ranked: readonly RankedCollection[],
  options: TargetingOptions,
): TargetedCollection[] {
  const next = random(options.seed);
  const scored = ranked
    .filter((collection) => collection.items.length > 0)
    .map((collection) => {
      const top = collection.items.slice(0, 5);
      const quality = top.reduce((sum, item) => sum + item.score, 0) / Math.max(1, top.length);
      const rank = collection.proposal.relevance * (0.5 + 0.5 * quality) + options.exploration * next();
      return { collection, rank, leads: collection.proposal.params?.leads === true };
    })
    .sort(
      (a, b) =>
        Number(b.leads) - Number(a.leads) ||
        b.rank - a.rank ||
        a.collection.proposal.id.localeCompare(b.collection.proposal.id),
    );

  const ordered: typeof scored = [];
  const remaining = [...scored];
  while (remaining.length > 0) {
    const previous = ordered[ordered.length - 1]?.collection.proposal.dimension;
    let best = 0;
    let bestRank = -Infinity;
    remaining.forEach((entry, i) => {
      const rank =
        (entry.leads ? 10 : 0) + entry.rank * (previous && entry.collection.proposal.dimension === previous ? 0.85 : 1);
      if (rank > bestRank) [best, bestRank] = [i, rank];
    });
    ordered.push({ ...remaining[best]!, rank: bestRank - (remaining[best]!.leads ? 10 : 0) });
    remaining.splice(best, 1);
  }

  const shown = new Set<string>();
  const result: TargetedCollection[] = [];
  for (const { collection, rank } of ordered) {
    if (result.length >= options.first) break;
    const items = applyCaps(
      collection.items.filter((item) => !shown.has(item.productId)),
      options,
    );
    if (items.length < options.minItems) continue;
    for (const item of items.slice(0, options.window)) shown.add(item.productId);
    result.push({ proposal: collection.proposal, items, rank: Math.round(rank * 10000) / 10000 });
  }
  return result;
}

/** Keeps the order but moves items beyond the brand/category caps of the window after it. */
export function applyCaps(
  items: readonly RankedEntry[],
  options: Pick<TargetingOptions, "window" | "maxPerBrand" | "maxPerCategory">,
): RankedEntry[] {
  const brands = new Map<string, number>();
  const categories = new Map<string, number>();
  const head: RankedEntry[] = [];
  const tail: RankedEntry[] = [];
  for (const item of items) {
    if (head.length >= options.window) {
      tail.push(item);
      continue;
    }
    const brand = item.product.brand?.toLowerCase();
    const category = item.product.categoryId;
    if (
      (brand && (brands.get(brand) ?? 0) >= options.maxPerBrand) ||
      (categories.get(category) ?? 0) >= options.maxPerCategory
    ) {
      tail.push(item);
      continue;
    }
    if (brand) brands.set(brand, (brands.get(brand) ?? 0) + 1);
    categories.set(category, (categories.get(category) ?? 0) + 1);
    head.push(item);
  }
  return [...head, ...tail];
}

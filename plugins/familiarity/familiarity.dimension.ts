import { z } from "zod";
import type { PurchasedItem } from "../sdk/blended-attributes";
import type { CollectionProposal, DimensionScore } from "../sdk/candidate";
import { defineDimension, parsePluginOptions } from "../sdk/define-dimension";

const DAY_MS = 86_400_000;

/** Options of the familiarity dimension. */
export const familiarityOptionsSchema = z.object({
  /** Days after which a past purchase counts half as much. */
  recencyHalfLifeDays: z.number().positive().max(3650).default(60),
  /** Share of the score a never-bought item can reach from category/brand affinity and popularity. */
  unboughtCeiling: z.number().min(0).max(1).default(0.6),
  /** Fewest bought items before "Buy it again" is proposed. */
  minItemsForCollection: z.number().int().min(1).max(50).default(3),
});
export type FamiliarityOptions = z.input<typeof familiarityOptionsSchema>;

/** Reorder due-ness in [0, 1]: 1 when the next reorder is due now, falling off over one interval either way. */
export function dueness(item: PurchasedItem, now: Date): number {
  if (!item.nextDueAt || !item.reorderIntervalDays) return 0;
  const offsetDays = (now.getTime() - item.nextDueAt.getTime()) / DAY_MS;
  return Math.max(0, 1 - Math.abs(offsetDays) / item.reorderIntervalDays);
}

/**
 * Familiarity: how much this is "the shopper's" item. Bought items score by frequency with recency
 * decay and reorder due-ness; others by category and brand affinity and a popularity prior (a new
 * item without sales borrows the mean prior of its category neighbours among the candidates).
 */
export function createFamiliarityDimension(options?: FamiliarityOptions) {
  const settings = parsePluginOptions("familiarity", familiarityOptionsSchema, options);
  return defineDimension({
    name: "familiarity",
    description: "Items this shopper buys often or is due to reorder, then items like them and popular ones",
    needs: ["catalog"],
    defaultWeight: 0.6,
    budgetMs: 150,
    async prospect(context) {
      const { attributes } = context;
      if (attributes.purchases.length < settings.minItemsForCollection) return [];
      const proposals: CollectionProposal[] = [];
      if (attributes.storeId && (attributes.surface === "STORE" || attributes.surface === "HOME")) {
        proposals.push({ id: "familiarity.your-usual", title: `Your usual at ${attributes.storeName ?? "this store"}`, subtitle: "What you buy most, available here", dimension: "familiarity", relevance: 0.95 });
      }
      if (attributes.surface === "HOME" || attributes.surface === "STORE") {
        const due = attributes.purchases.filter((item) => dueness(item, attributes.now) > 0.5).length;
        proposals.push({ id: "familiarity.buy-it-again", title: "Buy it again", subtitle: due > 0 ? `${due} of your regulars are due` : "Your regulars", dimension: "familiarity", relevance: due > 0 ? 0.9 : 0.8 });
      }
      return proposals;
    },
    async retrieve(context, _collection, limit) {
      const { now } = context.attributes;
      return context.attributes.purchases
        .map((item) => ({ productId: item.productId, score: Math.min(1, item.count / 10) * 0.5 + dueness(item, now) * 0.5 }))
        .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId))
        .slice(0, limit);
    },
    async score(context, candidates) {
      const { attributes } = context;
      const bought = new Map(attributes.purchases.map((item) => [item.productId, item]));
      const prior = await context.services.catalog.popularity(candidates.map((candidate) => candidate.productId));
      const neighbourSum = new Map<string, { sum: number; n: number }>();
      for (const candidate of candidates) {
        const value = prior.get(candidate.productId);
        if (value === undefined) continue;
        const entry = neighbourSum.get(candidate.product.categoryId) ?? { sum: 0, n: 0 };
        entry.sum += value;
        entry.n += 1;
        neighbourSum.set(candidate.product.categoryId, entry);
      }
      return candidates.map((candidate): DimensionScore => {
        const item = bought.get(candidate.productId);
        if (item) {
          const days = Math.max(0, (attributes.now.getTime() - item.lastPurchasedAt.getTime()) / DAY_MS);
          const recency = Math.pow(0.5, days / settings.recencyHalfLifeDays);
          const frequency = 1 - Math.exp(-item.count / 3);
          const due = dueness(item, attributes.now);
          const value = clamp(0.55 * frequency * (0.4 + 0.6 * recency) + 0.35 * due + 0.1);
          const reason = due > 0.5 ? `You buy this every ${Math.round(item.reorderIntervalDays ?? 0)} days and it is due` : `You bought this ${item.count} time${item.count === 1 ? "" : "s"}`;
          return { productId: candidate.productId, value, reason };
        }
        const product = candidate.product;
        const category = Math.max(0, ...product.categoryPath.map((id, depth) => (attributes.categoryAffinity[id] ?? 0) * ((depth + 1) / product.categoryPath.length)));
        const brand = product.brand ? (attributes.brandAffinity[product.brand] ?? 0) : 0;
        const own = prior.get(candidate.productId);
        const neighbours = neighbourSum.get(product.categoryId);
        const popularity = own ?? (neighbours ? (0.8 * neighbours.sum) / neighbours.n : 0);
        const value = clamp(settings.unboughtCeiling * (0.45 * Math.min(1, category * 2) + 0.25 * Math.min(1, brand * 2) + 0.3 * popularity));
        const reason =
          brand >= 0.1 && product.brand
            ? `You often buy ${product.brand}`
            : category >= 0.05
              ? "From a category you shop often"
              : own !== undefined
                ? "Popular with shoppers"
                : neighbours
                  ? "New, like popular items in its category"
                  : "Not in your history yet";
        return { productId: candidate.productId, value, reason };
      });
    },
  });
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}

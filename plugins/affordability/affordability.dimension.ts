import { z } from "zod";
import type { CollectionProposal, DimensionScore } from "../sdk/candidate";
import { defineDimension, parsePluginOptions } from "../sdk/define-dimension";
import { basisPhrase, comparePrice, type PriceComparison } from "../sdk/price-comparison";
import type { CatalogService, ScoredId } from "../sdk/services";

/** Options of the affordability dimension. */
export const affordabilityOptionsSchema = z.object({
  /** Unit price at or below this share of the category median counts as a value item. */
  valueRatio: z.number().positive().max(1).default(0.8),
  /** Fewest value items or deals needed to propose "Deals for you". */
  minItemsForCollection: z.number().int().min(1).max(50).default(3),
});
export type AffordabilityOptions = z.input<typeof affordabilityOptionsSchema>;

/**
 * Affordability: price sensitivity × value for money. Value for money mixes the price against the
 * category median of the same basis (per kg with per kg, per litre with per litre, per item with per
 * item, list price among unsized products: `comparePrice`), an active personal deal and how well the
 * pack size fits the shopper's bulk habit. A price-indifferent shopper gets 0.5 for everything (the
 * dimension stays neutral). A reason states a percentage only from such a comparison, and names its basis.
 */
export function createAffordabilityDimension(options?: AffordabilityOptions) {
  const settings = parsePluginOptions("affordability", affordabilityOptionsSchema, options);
  return defineDimension({
    name: "affordability",
    description:
      "Good value for this shopper: cheaper per unit than the category, on a deal, in the pack size they buy",
    needs: ["catalog", "deals"],
    defaultWeight: 0.4,
    budgetMs: 200,
    async prospect(context) {
      const { attributes, services } = context;
      if (attributes.surface !== "HOME" && attributes.surface !== "STORE") return [];
      const deals = await services.deals.active(attributes.userId, attributes.now);
      const values = await valueItems(
        context.services.catalog,
        topCategories(attributes.categoryAffinity, 3),
        settings.valueRatio,
        20,
      );
      if (deals.size + values.length < settings.minItemsForCollection) return [];
      const proposal: CollectionProposal = {
        id: "affordability.deals-for-you",
        title: "Deals for you",
        subtitle:
          deals.size > 0 ? `${deals.size} personal deal${deals.size === 1 ? "" : "s"}` : "Great value in what you shop",
        dimension: "affordability",
        relevance: 0.5 + 0.4 * attributes.priceSensitivity,
        theme: { label: "personal deals and items cheaper than their category", marked: true },
      };
      return [proposal];
    },
    async retrieve(context, _collection, limit) {
      const { attributes, services } = context;
      const deals = await services.deals.active(attributes.userId, attributes.now);
      const fromDeals = [...deals.keys()].map((productId) => ({ productId, score: 1, onTheme: true }));
      const categories = topCategories(attributes.categoryAffinity, 3);
      const values = await valueItems(
        services.catalog,
        categories.length > 0 ? categories : [null],
        settings.valueRatio,
        limit,
      );
      return [...fromDeals, ...values].slice(0, limit);
    },
    async score(context, candidates) {
      const { attributes, services } = context;
      const sensitivity = attributes.priceSensitivity;
      const deals = await services.deals.active(
        attributes.userId,
        attributes.now,
        candidates.map((candidate) => candidate.productId),
      );
      const categories = [...new Set(candidates.map((candidate) => candidate.product.categoryId))];
      const medians = new Map(
        await Promise.all(categories.map(async (id) => [id, await services.catalog.categoryMedians(id)] as const)),
      );
      return candidates.map((candidate): DimensionScore => {
        const product = candidate.product;
        const comparison = comparePrice(product, medians.get(product.categoryId));
        const ratio = comparison?.ratio ?? null;
        const valueForMoney = ratio === null ? 0.5 : clamp(1.5 - ratio);
        const deal = deals.get(candidate.productId);
        const multipack = (product.size?.count ?? 1) > 1;
        const packFit =
          attributes.bulkPreference > 1.2
            ? multipack
              ? 1
              : 0.4
            : attributes.bulkPreference < 0.8
              ? multipack
                ? 0.2
                : 0.7
              : 0.5;
        const worth = 0.6 * valueForMoney + 0.25 * (deal ? 1 : 0) + 0.15 * packFit;
        const value = clamp((1 - sensitivity) * 0.5 + sensitivity * worth);
        const reason = deal
          ? `Your deal: ${deal.reason}`
          : priceReason(comparison, settings.valueRatio, product.priceEstimated === true);
        return { productId: candidate.productId, value, reason };
      });
    },
  });
}

/**
 * What a price comparison lets a reason say: a percentage only from a same-basis comparison, naming the
 * basis ("23% below the usual price per item in its category"); nothing numeric without one.
 */
export function priceReason(comparison: PriceComparison | null, valueRatio: number, estimated: boolean): string {
  if (!comparison)
    return estimated
      ? "Estimated price: not compared with its category"
      : "Too few comparable prices in its category to compare";
  const { ratio, basis } = comparison;
  if (ratio <= valueRatio)
    return `${Math.round((1 - ratio) * 100)}% below the usual price${basisPhrase(basis)} in its category`;
  if (ratio >= 1.2) return `Pricier${basisPhrase(basis)} than most in its category`;
  return `Typical price${basisPhrase(basis)} for its category`;
}

/** The shopper's `n` strongest categories. */
function topCategories(affinity: Record<string, number>, n: number): string[] {
  return Object.entries(affinity)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([id]) => id);
}

/** Cheapest-per-unit items of the categories whose price is at most `ratio` × the category median of its basis. */
async function valueItems(
  catalog: CatalogService,
  categories: readonly (string | null)[],
  ratio: number,
  limit: number,
): Promise<ScoredId[]> {
  const out: ScoredId[] = [];
  for (const categoryId of categories) {
    if (!categoryId) continue;
    const [ids, median] = await Promise.all([
      catalog.inCategory(categoryId, limit),
      catalog.categoryMedians(categoryId),
    ]);
    const products = await catalog.products(ids.map((hit) => hit.productId));
    for (const hit of ids) {
      const product = products.get(hit.productId);
      if (!product) continue;
      const own = comparePrice(product, median)?.ratio ?? null;
      if (own !== null && own <= ratio) out.push({ productId: hit.productId, score: clamp(1.5 - own), onTheme: true });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId)).slice(0, limit);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}

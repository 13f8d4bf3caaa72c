import { z } from "zod";
import type { ProductDocument } from "../../core/documents/product.document";
import type { PurchasedItem } from "../sdk/blended-attributes";
import type { CollectionProposal, CollectionTheme, DimensionScore } from "../sdk/candidate";
import type { PluginContext } from "../sdk/contract";
import { defineDimension, parsePluginOptions } from "../sdk/define-dimension";
import type { InheritedValue, ScoredId } from "../sdk/services";

const DAY_MS = 86_400_000;

/** Id of the collection of two-tower candidates ("Picked for you"). */
export const FOR_YOU_COLLECTION = "familiarity.for-you";
/** Cold start: items sharing Semantic-ID prefixes with what a new shopper clicked or added to the cart in their first session. */
export const FROM_YOUR_VISIT_COLLECTION = "familiarity.from-your-visit";
/**
 * Cold start from stated preferences: a new shopper's stated diet (less their excluded brands and
 * categories) → the Semantic-ID prefixes most characteristic of the products that match it → their items.
 */
export const FROM_YOUR_PREFERENCES_COLLECTION = "familiarity.from-your-preferences";
/** Products matching the stated preferences read to find their characteristic Semantic-ID prefixes. */
export const PREFERENCE_SEEDS = 2000;
/** Reason of an item chosen mainly by the two-tower model. */
export const LEARNED_REASON = "Shoppers like you buy this";
/** Two-tower candidates whose rank becomes the learned affinity of a candidate (rank r → 1 − r/pool; outside: 0). */
export const LEARNED_POOL = 200;
/** Longest wait for the two-tower candidates (the first request of a shopper reads their orders); later, the cached embedding answers. */
export const LEARNED_WAIT_MS = 100;

/** Most a never-bought item's category affinity adds to its score (affinity at or above 0.5 counts fully). */
const CATEGORY_WEIGHT = 0.27;
/** Most a never-bought item's brand affinity adds to its score (affinity at or above 0.5 counts fully). */
const BRAND_WEIGHT = 0.15;
/** Default weight of reorder due-ness on top of an item's occasion share. */
export const DEFAULT_DUE_WEIGHT = 0.1;

/** Options of the familiarity dimension. */
export const familiarityOptionsSchema = z.object({
  /** Days after which a past purchase counts half as much. */
  recencyHalfLifeDays: z.number().positive().max(3650).default(60),
  /** Highest score a never-bought item can reach (from category and brand affinity, popularity and the two-tower rank). */
  unboughtCeiling: z.number().min(0).max(1).default(0.6),
  /**
   * Popularity (0–1, relative to the most bought product) times this is added to every item's score, bought
   * or not: the most popular never-bought item scores what a regular in about a third of recent baskets
   * scores. Chosen on validation splits of Ta-Feng and The Complete Journey (docs/evaluation.md).
   */
  popularityWeight: z.number().min(0).max(1).default(0.3),
  /** Fewest bought items before "Buy it again" is proposed. */
  minItemsForCollection: z.number().int().min(1).max(50).default(3),
  /** Weight of reorder due-ness added to a bought item's occasion share. */
  dueWeight: z.number().min(0).max(1).default(DEFAULT_DUE_WEIGHT),
  /** Share of a never-bought item's score from its two-tower rank, when learned retrieval is served. */
  learnedShare: z.number().min(0).max(1).default(0.35),
});
export type FamiliarityOptions = z.input<typeof familiarityOptionsSchema>;

/** Reorder due-ness in [0, 1]: 1 when the next reorder is due now, falling off over one interval either way. */
export function dueness(item: PurchasedItem, now: Date): number {
  if (!item.nextDueAt || !item.reorderIntervalDays) return 0;
  const offsetDays = (now.getTime() - item.nextDueAt.getTime()) / DAY_MS;
  return Math.max(0, 1 - Math.abs(offsetDays) / item.reorderIntervalDays);
}

/**
 * Personal signal of a bought item in [0, 1]. With `occasionShare` (the recency-weighted share of the
 * shopper's occasions holding it): that share on [0.05, 1], plus `dueWeight` × reorder due-ness, plus
 * `popularityTerm` (the item's popularity as it counts for a never-bought item: what many shoppers buy,
 * this one is likelier to buy again). So regulars and never-bought items share one scale, close to a
 * chance to be in the next basket. Profiles computed before `occasionShare` existed fall back to frequency
 * with recency decay (half-life `halfLifeDays`) and due-ness.
 */
export function purchaseSignal(
  item: PurchasedItem,
  now: Date,
  halfLifeDays: number,
  dueWeight = DEFAULT_DUE_WEIGHT,
  popularityTerm = 0,
): number {
  if (item.occasionShare !== undefined)
    return clamp(0.05 + 0.95 * item.occasionShare + dueWeight * dueness(item, now) + popularityTerm);
  const days = Math.max(0, (now.getTime() - item.lastPurchasedAt.getTime()) / DAY_MS);
  const recency = Math.pow(0.5, days / halfLifeDays);
  const frequency = 1 - Math.exp(-item.count / 3);
  return clamp(0.55 * frequency * (0.4 + 0.6 * recency) + 0.35 * dueness(item, now) + 0.1);
}

/** Learned affinity by product id from two-tower candidates in rank order: 1 − rank/pool. */
export function learnedAffinity(candidates: readonly ScoredId[], pool = LEARNED_POOL): Map<string, number> {
  return new Map(candidates.slice(0, pool).map((candidate, rank) => [candidate.productId, 1 - rank / pool]));
}

/** The theme of "Buy it again" and "Your usual": items the shopper has bought (its retrieval marks them). */
const BOUGHT_THEME: CollectionTheme = { label: "items you have bought", marked: true };

/**
 * Familiarity: how much this is "the shopper's" item, on one scale for regulars and never-bought items.
 * Bought items score by their recency-weighted share of the shopper's occasions, reorder due-ness and
 * popularity ({@link purchaseSignal}); others by category and brand affinity, a popularity prior and, when
 * learned retrieval is served (`services.embeddings`), their rank among the shopper's two-tower
 * candidates. A new item without sales inherits the popularity of its Semantic-ID prefix neighbours
 * (learned retrieval) or else the mean prior of its category neighbours among the candidates. With
 * learned retrieval it also proposes "Picked for you": two-tower candidates blended with popularity and
 * the shopper's own recency and reorder signals, and, for a new shopper whose first session clicked or
 * carted items, "Picked from what you viewed": the items sharing their Semantic-ID prefixes; for a new
 * shopper who stated a diet, "Picked for your preferences": the items under the Semantic-ID prefixes most
 * characteristic of the products that fit it.
 */
export function createFamiliarityDimension(options?: FamiliarityOptions) {
  const settings = parsePluginOptions("familiarity", familiarityOptionsSchema, options);
  return defineDimension({
    name: "familiarity",
    description: "Items this shopper buys often or is due to reorder, then items like them and popular ones",
    needs: ["catalog", "embeddings"],
    defaultWeight: 0.6,
    budgetMs: 150,
    async prospect(context) {
      const { attributes } = context;
      const proposals: CollectionProposal[] = [];
      if (
        context.services.embeddings &&
        attributes.userId &&
        !attributes.coldStart &&
        (attributes.surface === "HOME" || attributes.surface === "STORE")
      ) {
        proposals.push({
          id: FOR_YOU_COLLECTION,
          title: "Picked for you",
          subtitle: "What shoppers like you buy",
          dimension: "familiarity",
          relevance: 0.82,
        });
      }
      if (
        context.services.embeddings?.prefixNeighbours &&
        attributes.coldStart &&
        (attributes.sessionItems?.length ?? 0) > 0 &&
        (attributes.surface === "HOME" || attributes.surface === "STORE")
      ) {
        proposals.push({
          id: FROM_YOUR_VISIT_COLLECTION,
          title: "Picked from what you viewed",
          subtitle: "Close to what you looked at",
          dimension: "familiarity",
          relevance: 0.92,
        });
      }
      if (
        context.services.embeddings?.preferenceCandidates &&
        context.services.catalog.withTags &&
        attributes.coldStart &&
        attributes.userId &&
        attributes.dietary.explicit.length > 0 &&
        (attributes.surface === "HOME" || attributes.surface === "STORE")
      ) {
        proposals.push({
          id: FROM_YOUR_PREFERENCES_COLLECTION,
          title: "Picked for your preferences",
          subtitle: `Close to what fits ${attributes.dietary.explicit.join(", ")}`,
          dimension: "familiarity",
          relevance: 0.9,
        });
      }
      if (attributes.purchases.length < settings.minItemsForCollection) return proposals;
      if (attributes.storeId && (attributes.surface === "STORE" || attributes.surface === "HOME")) {
        proposals.push({
          id: "familiarity.your-usual",
          title: `Your usual at ${attributes.storeName ?? "this store"}`,
          subtitle: "What you buy most, available here",
          dimension: "familiarity",
          relevance: 0.95,
          theme: BOUGHT_THEME,
        });
      }
      if (attributes.surface === "HOME" || attributes.surface === "STORE") {
        const due = attributes.purchases.filter((item) => dueness(item, attributes.now) > 0.5).length;
        proposals.push({
          id: "familiarity.buy-it-again",
          title: "Buy it again",
          subtitle: due > 0 ? `${due} of your regulars are due` : "Your regulars",
          dimension: "familiarity",
          relevance: due > 0 ? 0.9 : 0.8,
          theme: BOUGHT_THEME,
        });
      }
      return proposals;
    },
    async retrieve(context, collection, limit) {
      const { now } = context.attributes;
      if (collection.id === FOR_YOU_COLLECTION)
        return forYou(context, limit, settings.recencyHalfLifeDays, settings.dueWeight);
      if (collection.id === FROM_YOUR_PREFERENCES_COLLECTION) return fromPreferences(context, limit);
      if (collection.id === FROM_YOUR_VISIT_COLLECTION)
        return (
          (await context.services.embeddings?.prefixNeighbours?.(context.attributes.sessionItems ?? [], limit)) ?? []
        );
      return context.attributes.purchases
        .map((item) => ({
          productId: item.productId,
          score: purchaseSignal(item, now, settings.recencyHalfLifeDays, settings.dueWeight),
          onTheme: true,
        }))
        .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId))
        .slice(0, limit);
    },
    async score(context, candidates) {
      const { attributes } = context;
      const bought = new Map(attributes.purchases.map((item) => [item.productId, item]));
      const [prior, learned] = await Promise.all([
        context.services.catalog.popularity(candidates.map((candidate) => candidate.productId)),
        learnedCandidates(context, LEARNED_POOL),
      ]);
      const affinity = learned ? learnedAffinity(learned) : null;
      const inherited = await inheritedPopularity(
        context,
        candidates.filter((candidate) => !bought.has(candidate.productId)).map((candidate) => candidate.product),
        prior,
      );
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
          const due = dueness(item, attributes.now);
          const value = purchaseSignal(
            item,
            attributes.now,
            settings.recencyHalfLifeDays,
            settings.dueWeight,
            settings.popularityWeight * (prior.get(candidate.productId) ?? 0),
          );
          const reason =
            due > 0.5
              ? `You buy this every ${Math.round(item.reorderIntervalDays ?? 0)} days and it is due`
              : `You bought this ${item.count} time${item.count === 1 ? "" : "s"}`;
          return { productId: candidate.productId, value, reason };
        }
        const product = candidate.product;
        const category = Math.max(
          0,
          ...product.categoryPath.map(
            (id, depth) => (attributes.categoryAffinity[id] ?? 0) * ((depth + 1) / product.categoryPath.length),
          ),
        );
        const brand = product.brand ? (attributes.brandAffinity[product.brand] ?? 0) : 0;
        const own = prior.get(candidate.productId);
        const heir = inherited.get(candidate.productId);
        const neighbours = neighbourSum.get(product.categoryId);
        const popularity = own ?? (heir ? 0.8 * heir.value : neighbours ? (0.8 * neighbours.sum) / neighbours.n : 0);
        const content =
          CATEGORY_WEIGHT * Math.min(1, category * 2) +
          BRAND_WEIGHT * Math.min(1, brand * 2) +
          settings.popularityWeight * popularity;
        if (affinity) {
          // Learned retrieval served: the two-tower rank takes `learnedShare` of the never-bought score.
          const rank = affinity.get(candidate.productId) ?? 0;
          const value = clamp(
            Math.min(
              settings.unboughtCeiling,
              (1 - settings.learnedShare) * content + settings.learnedShare * settings.unboughtCeiling * rank,
            ),
          );
          if (
            rank >= 0.5 &&
            settings.learnedShare * settings.unboughtCeiling * rank >=
              (1 - settings.learnedShare) *
                Math.max(CATEGORY_WEIGHT * Math.min(1, category * 2), BRAND_WEIGHT * Math.min(1, brand * 2))
          ) {
            return { productId: candidate.productId, value, reason: LEARNED_REASON };
          }
          return {
            productId: candidate.productId,
            value,
            reason: unboughtReason(product.brand, brand, category, own, heir, neighbours !== undefined),
          };
        }
        const value = clamp(Math.min(settings.unboughtCeiling, content));
        return {
          productId: candidate.productId,
          value,
          reason: unboughtReason(product.brand, brand, category, own, heir, neighbours !== undefined),
        };
      });
    },
  });
}

/** Why a never-bought item scores what it does, from its strongest non-learned signal. */
function unboughtReason(
  brandName: string | undefined,
  brand: number,
  category: number,
  own: number | undefined,
  heir: InheritedValue | undefined,
  categoryNeighbours: boolean,
): string {
  return brand >= 0.1 && brandName
    ? `You often buy ${brandName}`
    : category >= 0.05
      ? "From a category you shop often"
      : own !== undefined
        ? "Popular with shoppers"
        : heir
          ? "New, like popular items close to it"
          : categoryNeighbours
            ? "New, like popular items in its category"
            : "Not in your history yet";
}

/**
 * The shopper's two-tower candidates (best first), or null when learned retrieval is not served, the shopper
 * is anonymous or has no orders, or the candidates take longer than {@link LEARNED_WAIT_MS} (the user embedding
 * keeps computing and is cached for the next request) or fail (logged).
 */
async function learnedCandidates(
  context: PluginContext<"catalog" | "embeddings">,
  limit: number,
): Promise<ScoredId[] | null> {
  const { embeddings } = context.services;
  const userId = context.attributes.userId;
  if (!embeddings || !userId) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), LEARNED_WAIT_MS)));
  try {
    const result = await Promise.race([embeddings.userCandidates(userId, limit), late]);
    if (result === "late") {
      context.logger.debug({ waitMs: LEARNED_WAIT_MS }, "two-tower candidates late: left out of this request");
      return null;
    }
    return result.length > 0 ? result : null;
  } catch (error) {
    context.logger.warn({ err: error }, "two-tower candidates failed: familiarity without them");
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Popularity inherited from Semantic-ID neighbours by products without their own (empty without learned retrieval). */
async function inheritedPopularity(
  context: PluginContext<"catalog" | "embeddings">,
  products: readonly ProductDocument[],
  prior: ReadonlyMap<string, number>,
): Promise<Map<string, InheritedValue>> {
  const { embeddings, catalog } = context.services;
  if (!embeddings || products.every((product) => prior.has(product._id))) return new Map();
  try {
    return await embeddings.inherit(products, prior, (ids) => catalog.popularity(ids));
  } catch (error) {
    context.logger.warn(
      { err: error },
      "Semantic-ID neighbours unavailable: new items borrow their category's popularity",
    );
    return new Map();
  }
}

/**
 * "Picked for your preferences": the products carrying every stated dietary tag (less excluded brands and
 * categories) seed the Semantic-ID prefixes most characteristic of them; their items are the candidates.
 */
async function fromPreferences(context: PluginContext<"catalog" | "embeddings">, limit: number): Promise<ScoredId[]> {
  const { catalog, embeddings } = context.services;
  const { dietary, excluded } = context.attributes;
  if (!catalog.withTags || !embeddings?.preferenceCandidates || dietary.explicit.length === 0) return [];
  const seeds = await catalog.withTags(dietary.explicit, PREFERENCE_SEEDS, {
    brands: excluded.brands,
    categoryIds: excluded.categoryIds,
  });
  if (seeds.length === 0) return [];
  return embeddings.preferenceCandidates(
    seeds.map((seed) => seed.productId),
    limit,
  );
}

/**
 * "Picked for you": the shopper's two-tower candidates and their own purchases, scored
 * 0.6 × two-tower rank + 0.2 × popularity + 0.2 × purchase signal (frequency, recency, due-ness).
 */
async function forYou(
  context: PluginContext<"catalog" | "embeddings">,
  limit: number,
  halfLifeDays: number,
  dueWeight: number,
): Promise<ScoredId[]> {
  const learned = await learnedCandidates(context, Math.max(limit * 2, 50));
  if (!learned) return [];
  const affinity = learnedAffinity(learned, learned.length);
  const bought = new Map(context.attributes.purchases.map((item) => [item.productId, item]));
  const ids = [...new Set([...affinity.keys(), ...bought.keys()])];
  const popularity = await context.services.catalog.popularity(ids);
  return ids
    .map((productId) => {
      const item = bought.get(productId);
      const personal = item ? purchaseSignal(item, context.attributes.now, halfLifeDays, dueWeight) : 0;
      return {
        productId,
        score: 0.6 * (affinity.get(productId) ?? 0) + 0.2 * (popularity.get(productId) ?? 0) + 0.2 * personal,
      };
    })
    .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId))
    .slice(0, limit);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}

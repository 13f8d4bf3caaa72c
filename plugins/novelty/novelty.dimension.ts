import { z } from "zod";
import type { ProductDocument } from "../../core/documents/product.document";
import { lexiconEntry, themeKey, themeTitle } from "../../core/knowledge/knowledge-graph.lexicon";
import type { CollectionProposal, DimensionScore } from "../sdk/candidate";
import type { DimensionPlugin, PluginContext } from "../sdk/contract";
import { defineDimension, parsePluginOptions } from "../sdk/define-dimension";
import type { ScoredId } from "../sdk/services";
import { onTheme } from "../sdk/theme";
import {
  affinityFit,
  ageInDays,
  categoryLabel,
  complementSeeds,
  liftStrength,
  seededJitter,
  topCuisines,
  type NoveltySignal,
} from "./novelty.signals";

/** Services novelty reads. */
export type NoveltyNeeds = "catalog" | "coPurchase" | "knowledgeGraph";
type Context = PluginContext<NoveltyNeeds>;

/** Options of {@link createNoveltyDimension}; every field has a default. */
export const noveltyOptionsSchema = z
  .object({
    /** A product is a new arrival for this many days after `createdAt`. */
    newArrivalDays: z.number().int().min(1).max(365).default(30),
    /** Cart items and recent purchases used as complement seeds. */
    maxSeeds: z.number().int().min(1).max(100).default(20),
    /** Cuisines (by affinity) whose grocery products are scored. */
    maxCuisines: z.number().int().min(1).max(10).default(3),
    /** Least cuisine share for a "Because you order …" collection. */
    minCuisineShare: z.number().min(0).max(1).default(0.15),
    /** Highest novelty of an item the shopper already buys or has in the cart. */
    knownItemCap: z.number().min(0).max(1).default(0.1),
    /** Size of the deterministic per-request tie-breaking jitter. */
    jitter: z.number().min(0).max(0.1).default(0.02),
    defaultWeight: z.number().min(0).max(1).default(0.3),
    budgetMs: z.number().int().min(1).max(5000).default(150),
  })
  .strict();

/** Parsed novelty options. */
export type NoveltyOptions = z.infer<typeof noveltyOptionsSchema>;

/** Kinds of collections novelty proposes (in `params.kind`). */
type NoveltyCollectionKind = "complements" | "new-arrivals" | "cuisine";

/** A service answer that may name the input it came from (co-purchase) or the grocery term (knowledge graph). */
type Explained = ScoredId & { via?: string };

/** Logs a failed service call and carries on with `fallback`: one missing signal must not sink the request. */
async function safely<T>(context: Context, what: string, call: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    context.logger.warn({ err: error, plugin: "novelty" }, `novelty: ${what} failed; scoring without it`);
    return fallback;
  }
}

/** "ramen" → "ramen"; cuisines are capitalized ("japanese" → "Japanese"). */
function cuisineDisplay(cuisine: string): string {
  const key = themeKey(cuisine);
  return lexiconEntry(key)?.kind === "dish" ? key : key.charAt(0).toUpperCase() + key.slice(1);
}

/**
 * The novelty dimension: what is new to this shopper but fits what they already like. Three grounded
 * signals, the best one wins: complements of the cart and recent purchases by co-purchase lift
 * ("Often bought with Spaghetti"), new arrivals in the shopper's categories and brands ("New in
 * Snacks"), and grocery products for the cuisines the shopper orders from restaurants, through the
 * knowledge graph ("For ramen night at home"). Items the shopper already buys score at most
 * `knownItemCap`. Deterministic for a fixed `context.seed`.
 */
export function createNoveltyDimension(rawOptions: Partial<NoveltyOptions> = {}): DimensionPlugin<NoveltyNeeds> {
  const options = parsePluginOptions("novelty", noveltyOptionsSchema, rawOptions);

  /** The shopper's favourite leaf category, from the catalog categories of their top purchases. */
  async function favouriteLeaf(context: Context): Promise<string | null> {
    const top = [...context.attributes.purchases]
      .sort((a, b) => b.count - a.count || (a.productId < b.productId ? -1 : 1))
      .slice(0, 30);
    if (top.length === 0) return null;
    const products = await context.services.catalog.products(top.map((purchase) => purchase.productId));
    const weight = new Map<string, number>();
    for (const purchase of top) {
      const product = products.get(purchase.productId);
      if (product && product.vertical !== "RESTAURANT")
        weight.set(product.categoryId, (weight.get(product.categoryId) ?? 0) + purchase.count);
    }
    return [...weight.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
  }

  function knownItems(context: Context): Set<string> {
    return new Set([...context.attributes.cart, ...context.attributes.purchases.map((purchase) => purchase.productId)]);
  }

  function newArrivalSignal(context: Context, product: ProductDocument): NoveltySignal | null {
    const age = ageInDays(product.createdAt, context.attributes.now);
    if (age < 0 || age > options.newArrivalDays) return null;
    const fresh = 1 - age / options.newArrivalDays;
    const affinity = context.attributes.categoryAffinity;
    const parent = product.categoryPath?.[product.categoryPath.length - 2];
    const categoryFit = Math.max(
      affinityFit(affinity[product.categoryId]),
      parent ? 0.6 * affinityFit(affinity[parent]) : 0,
    );
    const brandFit = product.brand ? affinityFit(context.attributes.brandAffinity[product.brand]) : 0;
    return {
      value: fresh * (0.3 + 0.6 * Math.max(categoryFit, brandFit)),
      reason: `New in ${categoryLabel(product.categoryId)}`,
    };
  }

  return defineDimension<NoveltyNeeds>({
    name: "novelty",
    description:
      "Items new to this shopper that fit what they already like: complements, new arrivals and cuisines to cook at home.",
    needs: ["catalog", "coPurchase", "knowledgeGraph"],
    defaultWeight: options.defaultWeight,
    budgetMs: options.budgetMs,

    async prospect(context) {
      const attributes = context.attributes;
      const proposals: CollectionProposal[] = [];
      const seeds = complementSeeds(attributes, options.maxSeeds);
      if (seeds.length > 0) {
        const checkout = attributes.surface === "CHECKOUT" && attributes.cart.length > 0;
        proposals.push({
          id: "novelty.complements",
          title: checkout ? "Goes well with your cart" : "Often bought together",
          subtitle: checkout ? "Complements of what you are buying" : "Complements of what you buy",
          dimension: "novelty",
          relevance: checkout ? 0.85 : 0.55,
          params: { kind: "complements" satisfies NoveltyCollectionKind },
          theme: { label: "complements by co-purchase lift", marked: true },
        });
      }
      const leaf =
        attributes.categoryId ??
        (attributes.coldStart ? null : await safely(context, "favourite category", () => favouriteLeaf(context), null));
      const arrivals = await safely(
        context,
        "new arrivals",
        () => context.services.catalog.newArrivals(10, leaf),
        [] as ScoredId[],
      );
      const arrivalProducts =
        arrivals.length > 0
          ? await safely(
              context,
              "catalog products",
              () => context.services.catalog.products(arrivals.map((entry) => entry.productId)),
              new Map<string, ProductDocument>(),
            )
          : new Map<string, ProductDocument>();
      const fresh = [...arrivalProducts.values()].some((product) => {
        const age = ageInDays(product.createdAt, attributes.now);
        return age >= 0 && age <= options.newArrivalDays;
      });
      if (fresh) {
        proposals.push({
          id: leaf ? `novelty.new-in.${leaf}` : "novelty.new-arrivals",
          title: leaf ? `New in ${categoryLabel(leaf)}` : "New arrivals",
          subtitle: `Added in the last ${options.newArrivalDays} days`,
          dimension: "novelty",
          relevance: leaf ? 0.5 : 0.35,
          params: { kind: "new-arrivals" satisfies NoveltyCollectionKind, ...(leaf ? { categoryId: leaf } : {}) },
          theme: {
            label: `added in the last ${options.newArrivalDays} days${leaf ? ` under ${leaf}` : ""}`,
            marked: true,
            ...(leaf ? { categoryIds: [leaf] } : {}),
          },
        });
      }
      const [top] = topCuisines(attributes, options.minCuisineShare, 1);
      if (top) {
        const key = themeKey(top.cuisine);
        proposals.push({
          id: `novelty.cuisine.${key.replace(/\s+/g, "-")}`,
          title: `Because you order ${cuisineDisplay(top.cuisine)}`,
          subtitle: `For ${themeTitle(top.cuisine)} at home`,
          dimension: "novelty",
          relevance: Math.min(1, 0.4 + 0.5 * top.share),
          params: { kind: "cuisine" satisfies NoveltyCollectionKind, cuisine: key },
          theme: { label: `grocery for ${themeTitle(top.cuisine)} at home`, marked: true },
        });
      }
      return proposals;
    },

    async retrieve(context, collection, limit) {
      const kind = collection.params?.kind;
      const known = knownItems(context);
      const fresh = (list: readonly ScoredId[]): ScoredId[] =>
        list.filter((entry) => !known.has(entry.productId)).slice(0, limit);
      if (kind === "complements") {
        const seeds = complementSeeds(context.attributes, options.maxSeeds);
        return onTheme(
          fresh(
            await safely(
              context,
              "complements",
              () => context.services.coPurchase.complements(seeds, limit + known.size),
              [],
            ),
          ),
        );
      }
      if (kind === "cuisine" && typeof collection.params?.cuisine === "string") {
        // The graph marks its direct links on-theme; twice the room, direct links first, so weak ones do not crowd them out.
        const cuisine = collection.params.cuisine;
        const linked = await safely(
          context,
          "knowledge graph",
          () => context.services.knowledgeGraph.groceryForCuisine(cuisine, 2 * limit + known.size),
          [],
        );
        return fresh([
          ...linked.filter((entry) => entry.onTheme === true),
          ...linked.filter((entry) => entry.onTheme !== true),
        ]);
      }
      if (kind === "new-arrivals") {
        const categoryId = typeof collection.params?.categoryId === "string" ? collection.params.categoryId : null;
        const arrivals = await safely(
          context,
          "new arrivals",
          () => context.services.catalog.newArrivals(Math.min(limit * 3, 500), categoryId),
          [] as ScoredId[],
        );
        const products = await safely(
          context,
          "catalog products",
          () => context.services.catalog.products(arrivals.map((entry) => entry.productId)),
          new Map<string, ProductDocument>(),
        );
        const scored: ScoredId[] = [];
        for (const entry of arrivals) {
          const product = products.get(entry.productId);
          const signal = product && !known.has(entry.productId) ? newArrivalSignal(context, product) : null;
          if (signal) scored.push({ productId: entry.productId, score: signal.value, onTheme: true });
        }
        return scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1)).slice(0, limit);
      }
      return [];
    },

    async score(context, candidates) {
      if (candidates.length === 0) return [];
      const attributes = context.attributes;
      const purchases = new Map(attributes.purchases.map((purchase) => [purchase.productId, purchase]));
      const cart = new Set(attributes.cart);
      const seeds = complementSeeds(attributes, options.maxSeeds);
      const cuisines = topCuisines(attributes, 0.01, options.maxCuisines);
      const [complements, cuisineLists] = await Promise.all([
        seeds.length > 0
          ? safely<Explained[]>(context, "complements", () => context.services.coPurchase.complements(seeds, 300), [])
          : Promise.resolve([] as Explained[]),
        Promise.all(
          cuisines.map(async ({ cuisine, share }) => ({
            cuisine,
            share,
            items: await safely<Explained[]>(
              context,
              "knowledge graph",
              () => context.services.knowledgeGraph.groceryForCuisine(cuisine, 200),
              [],
            ),
          })),
        ),
      ]);
      const complementOf = new Map<string, Explained>(complements.map((entry) => [entry.productId, entry]));
      const wanted = new Set(candidates.map((candidate) => candidate.productId));
      const viaIds = [
        ...new Set(complements.filter((entry) => wanted.has(entry.productId) && entry.via).map((entry) => entry.via!)),
      ];
      const viaProducts =
        viaIds.length > 0
          ? await safely(
              context,
              "catalog products",
              () => context.services.catalog.products(viaIds),
              new Map<string, ProductDocument>(),
            )
          : new Map<string, ProductDocument>();
      const topShare = cuisines[0]?.share ?? 1;
      const cuisineOf = new Map<string, { confidence: number; cuisine: string; relative: number }>();
      for (const list of cuisineLists) {
        for (const item of list.items) {
          // Only direct links earn "For ramen night at home": a carton of milk under "Dairy & Eggs" is not one.
          if (item.onTheme === false) continue;
          const relative = list.share / topShare;
          const current = cuisineOf.get(item.productId);
          if (!current || item.score * (0.5 + 0.5 * relative) > current.confidence * (0.5 + 0.5 * current.relative))
            cuisineOf.set(item.productId, {
              confidence: Math.min(1, Math.max(0, item.score)),
              cuisine: list.cuisine,
              relative,
            });
        }
      }

      return candidates.map((candidate): DimensionScore => {
        const id = candidate.productId;
        const product = candidate.product;
        const signals: NoveltySignal[] = [];
        const complement = complementOf.get(id);
        if (complement) {
          const via = complement.via ? viaProducts.get(complement.via)?.name : undefined;
          signals.push({
            value: 0.35 + 0.65 * liftStrength(complement.score),
            reason: via ? `Often bought with ${via}` : "Often bought with what you buy",
          });
        }
        const arrival = product ? newArrivalSignal(context, product) : null;
        if (arrival) signals.push(arrival);
        const cuisine = cuisineOf.get(id);
        if (cuisine && product?.vertical !== "RESTAURANT") {
          signals.push({
            value: 0.3 + 0.6 * cuisine.confidence * (0.5 + 0.5 * cuisine.relative),
            reason: `For ${themeTitle(cuisine.cuisine)} at home`,
          });
        }
        const familiarity = product ? affinityFit(attributes.categoryAffinity[product.categoryId]) : 0;
        signals.push({
          value: 0.15 + 0.15 * (1 - familiarity),
          reason: familiarity > 0.3 ? "Not tried yet, in an aisle you like" : "Something new for you",
        });
        const best = signals.reduce((a, b) => (b.value > a.value ? b : a));
        const purchase = purchases.get(id);
        if (purchase || cart.has(id)) {
          const reason = cart.has(id) ? "Already in your cart" : `You already buy this (${purchase!.count}×)`;
          return {
            productId: id,
            value: round(Math.min(options.knownItemCap, best.value * options.knownItemCap)),
            reason,
          };
        }
        const value = best.value * (1 - options.jitter) + options.jitter * seededJitter(context.seed, id);
        return { productId: id, value: round(Math.min(1, Math.max(0, value))), reason: best.reason };
      });
    },
  });
}

/** Four decimals: stable output, no float noise in snapshots. */
function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** The novelty dimension with default options (what the registry lists). */
export const noveltyDimension: DimensionPlugin<NoveltyNeeds> = createNoveltyDimension();

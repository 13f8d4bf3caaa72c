import type { EventDocument, EventSurface } from "../../core/documents/event.document";
import type { OrderDocument, OrderLine } from "../../core/documents/order.document";
import type { UserDocument } from "../../core/documents/user.document";
import { VERTICALS, type Vertical } from "../../core/documents/vertical";
import { CUISINES } from "./catalog.blueprint";
import { DIETARY_TAGS, SEED_EPOCH, type CatalogGenerator, type ProductFacts } from "./catalog.generator";
import { FIRST_NAMES, LAST_NAMES } from "./merchant.blueprint";
import { Random } from "./random";
import type { ScaleSpec } from "./seed-scale";

/** The latent preferences a simulated shopper was generated with (collection `simulator_truth`). */
export interface SimulatorTruthDocument {
  _id: string;
  userId: string;
  /** Hard dietary constraints on food (tags every food item bought has). */
  dietary: string[];
  /** The subset the shopper states explicitly in `users.preferences.dietary`. */
  statedDietary: string[];
  /** Softmax weights over cuisines (sum 1) for restaurant orders. */
  cuisineAffinity: Record<string, number>;
  favoriteBrands: string[];
  /** 0..1: how strongly favorite brands are preferred. */
  brandLoyalty: number;
  /** 0..1: how strongly expensive items (relative to their typical price) are avoided and deals sought. */
  priceSensitivity: number;
  /** 0..1: preference for bigger packs, bigger quantities and less frequent, larger orders. */
  bulkAffinity: number;
  /** 0..1: preference for organic items. */
  organicAffinity: number;
  /** Share of orders per vertical (sum 1). */
  verticalMix: Record<string, number>;
  /** Mean days between orders. */
  reorderCadenceDays: number;
  /** Probability that a staple is re-bought in an order of its vertical. */
  reorderPropensity: number;
  /** Share of each order spent on new items. */
  exploreRate: number;
  /** The store used per vertical (merchant id). */
  homeMerchants: Record<string, string>;
  /** Products the shopper re-buys, at the end of the simulation. */
  stapleProductIds: string[];
  source: string;
}

/** Where the simulator writes. */
export interface SimulatorSink {
  user(document: UserDocument): Promise<void>;
  truth(document: SimulatorTruthDocument): Promise<void>;
  order(document: OrderDocument): Promise<void>;
  event(document: EventDocument): Promise<void>;
}

const DAY = 86400000;
const DIETARY_OPTIONS: Array<{ tags: string[]; p: number }> = [
  { tags: ["vegetarian"], p: 0.1 },
  { tags: ["vegan"], p: 0.05 },
  { tags: ["gluten-free"], p: 0.06 },
  { tags: ["dairy-free"], p: 0.04 },
  { tags: ["vegetarian", "gluten-free"], p: 0.02 },
];
const BASE_MIX: Record<Vertical, number> = {
  GROCERY: 5,
  RESTAURANT: 3,
  CONVENIENCE: 1.4,
  ALCOHOL: 1,
  RETAIL: 1.4,
  FLOWERS: 0.3,
  GIFTING: 0.35,
};
const LINES: Record<Vertical, [number, number]> = {
  GROCERY: [5, 14],
  CONVENIENCE: [1, 4],
  ALCOHOL: [1, 3],
  RETAIL: [1, 3],
  FLOWERS: [1, 1],
  GIFTING: [1, 2],
  RESTAURANT: [1, 4],
};

/**
 * Simulates shoppers one by one (bounded memory): latent preferences → orders over the scale's months
 * → sessions of impressions, clicks, add-to-cart and purchases (with delayed conversions of items
 * clicked in earlier sessions). Deterministic per seed and user index.
 */
export class ShopperSimulator {
  private readonly dietaryBits = new Map<string, number>(DIETARY_TAGS.map((tag, bit) => [tag, 1 << bit]));
  private readonly restaurantsByCuisine: number[][];
  private readonly start: number;

  constructor(
    private readonly catalog: CatalogGenerator,
    private readonly facts: ProductFacts,
    /** Per store vertical and group: product indexes carried by the group. */
    private readonly groupProducts: Map<Vertical, Int32Array[]>,
    private readonly scale: ScaleSpec,
    private readonly seed: number,
  ) {
    this.restaurantsByCuisine = CUISINES.map(() => []);
    for (const merchant of catalog.merchants)
      if (merchant.cuisine !== undefined) this.restaurantsByCuisine[merchant.cuisine]!.push(merchant.index);
    this.start = SEED_EPOCH.getTime() - scale.months * 30 * DAY;
  }

  /** User id of index u, e.g. `u:sim:00042`. */
  static userId(u: number): string {
    return `u:sim:${String(u + 1).padStart(5, "0")}`;
  }

  /** Simulates user u and writes everything through the sink; returns the number of order lines. */
  async simulate(u: number, sink: SimulatorSink): Promise<{ orders: number; lines: number; events: number }> {
    const random = new Random(this.seed, 211, u);
    const userId = ShopperSimulator.userId(u);
    const ageVerified = random.chance(0.85);
    const dietary = this.pickDietary(random);
    const statedDietary = dietary.filter(() => random.chance(0.8));
    const verticalMix: Record<string, number> = {};
    for (const vertical of VERTICALS) {
      let weight = BASE_MIX[vertical] * Math.exp(random.normal(0, 0.8));
      if (vertical === "ALCOHOL" && (!ageVerified || random.chance(0.25))) weight = 0;
      if (vertical === "RESTAURANT" && this.scale.restaurants === 0) weight = 0;
      verticalMix[vertical] = weight;
    }
    normalize(verticalMix);
    const cuisineAffinity: Record<string, number> = {};
    for (const cuisine of CUISINES) cuisineAffinity[cuisine.cuisine] = Math.exp(random.normal(0, 1.3));
    normalize(cuisineAffinity);
    const brandLoyalty = random.around(0.5, 0.25);
    const priceSensitivity = random.around(0.5, 0.25);
    const bulkAffinity = random.around(0.3, 0.25);
    const organicAffinity = random.around(dietary.length ? 0.5 : 0.25, 0.2);
    const reorderCadenceDays =
      Math.round(Math.max(3, Math.min(30, random.normal(12, 5) * (1 + bulkAffinity * 0.6))) * 10) / 10;
    const reorderPropensity = random.around(0.5, 0.2);
    const exploreRate = random.around(0.3, 0.12);
    const homeMerchants: Record<string, string> = {};
    const homeStore = new Map<Vertical, number>();
    for (const [vertical, groups] of this.catalog.storeGroups) {
      const stores = groups.flat();
      if (stores.length === 0) continue;
      const store = stores[random.int(0, stores.length - 1)]!;
      homeStore.set(vertical, store);
      homeMerchants[vertical] = this.catalog.merchants[store]!.document._id;
    }
    const favoriteBrands = new Set<number>();
    const brandTarget = random.int(3, 8);
    for (let attempt = 0; attempt < 40 && favoriteBrands.size < brandTarget; attempt++) {
      const vertical =
        VERTICALS[random.weightedIndex(VERTICALS.map((v) => (v === "RESTAURANT" ? 0 : verticalMix[v]!)))]!;
      const range = this.catalog.verticalRanges.get(vertical);
      if (!range) continue;
      const aisle = range.aisles[random.weightedIndex(range.weights)]!;
      favoriteBrands.add(this.catalog.brandId(random.pick(aisle.blueprint.brands)));
    }
    const dietaryMask = dietary.reduce((mask, tag) => mask | (this.dietaryBits.get(tag) ?? 0), 0);
    const staples = new Map<Vertical, number[]>();
    const favoriteRestaurant = new Map<number, number>();
    const considered: number[] = [];
    const utility = (i: number): number => {
      const aisle = this.catalog.aisles[this.facts.aisle[i]!]!;
      if (aisle.food && (this.facts.tagMask[i]! & dietaryMask) !== dietaryMask) return -Infinity;
      let score = 0;
      if (favoriteBrands.has(this.facts.brand[i]!)) score += 2.5 * brandLoyalty;
      score -= 3 * priceSensitivity * Math.log(Math.max(0.2, this.facts.relativePrice[i]!));
      if (this.facts.tagMask[i]! & this.dietaryBits.get("organic")!) score += 1.5 * organicAffinity;
      if (this.facts.bulk[i]) score += 2 * (bulkAffinity - 0.3);
      if (this.facts.cuisine[i]! >= 0)
        score += 2 * Math.log(1e-3 + cuisineAffinity[CUISINES[this.facts.cuisine[i]!]!.cuisine]! * CUISINES.length);
      return score;
    };
    const choose = (candidates: ArrayLike<number>, k: number, exclude: Set<number>): number[] => {
      const picked: number[] = [];
      for (let n = 0; n < k; n++) {
        let best = -1;
        let bestScore = -Infinity;
        const tries = Math.min(24, candidates.length);
        for (let t = 0; t < tries; t++) {
          const i = candidates[random.int(0, candidates.length - 1)]!;
          if (exclude.has(i)) continue;
          const score = utility(i) - Math.log(-Math.log(Math.max(random.next(), 1e-9)));
          if (score > bestScore) {
            bestScore = score;
            best = i;
          }
        }
        if (best >= 0 && bestScore > -Infinity) {
          picked.push(best);
          exclude.add(best);
        }
      }
      return picked;
    };

    const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    const createdAt = new Date(this.start - random.int(1, 400) * DAY);
    await sink.user({
      _id: userId,
      name,
      ageVerified,
      preferences: { dietary: statedDietary, excludedBrands: [], excludedCategoryIds: [] },
      createdAt,
      source: "seed",
    });

    let orders = 0;
    let lineCount = 0;
    let events = 0;
    let eventSeq = 0;
    let session = 0;
    const eventFrom = SEED_EPOCH.getTime() - this.scale.eventWindowDays * DAY;
    const emit = async (type: EventDocument["type"], at: number, sessionId: string, extra: Partial<EventDocument>) => {
      events++;
      await sink.event({
        _id: `e:sim:${String(u + 1).padStart(5, "0")}:${eventSeq++}`,
        userId,
        type,
        ...extra,
        sessionId,
        timestamp: new Date(Math.round(at)),
      });
    };
    const verticalWeights = VERTICALS.map((v) => verticalMix[v]!);
    let time = this.start + random.next() * reorderCadenceDays * DAY;
    while (time < SEED_EPOCH.getTime()) {
      const vertical = VERTICALS[random.weightedIndex(verticalWeights)]!;
      let merchant: number;
      let candidates: ArrayLike<number>;
      if (vertical === "RESTAURANT") {
        const cuisine = random.weightedIndex(CUISINES.map((c) => cuisineAffinity[c.cuisine]!));
        const options = this.restaurantsByCuisine[cuisine]!.length
          ? this.restaurantsByCuisine[cuisine]!
          : this.catalog.merchants.filter((m) => m.cuisine !== undefined).map((m) => m.index);
        if (options.length === 0) break;
        const favorite = favoriteRestaurant.get(cuisine);
        merchant = favorite !== undefined && random.chance(0.7) ? favorite : random.pick(options);
        if (favorite === undefined) favoriteRestaurant.set(cuisine, merchant);
        const first =
          this.catalog.storeProductCount + (merchant - this.scale.stores) * this.catalog.dishesPerRestaurant;
        candidates = Int32Array.from({ length: this.catalog.dishesPerRestaurant }, (_, k) => first + k);
      } else {
        const store = homeStore.get(vertical);
        if (store === undefined) break;
        merchant = store;
        candidates = this.groupProducts.get(vertical)![this.catalog.merchants[store]!.groups[vertical]!]!;
      }
      if (candidates.length === 0) {
        time += reorderCadenceDays * DAY;
        continue;
      }
      const [low, high] = LINES[vertical];
      const target = Math.max(1, Math.round((low + (high - low) * random.next()) * (1 + bulkAffinity * 0.5)));
      const chosen = new Set<number>();
      const reasons = new Map<number, "staple" | "delayed" | "explore">();
      const own = staples.get(vertical) ?? [];
      for (const i of own)
        if (
          chosen.size < target &&
          random.chance(reorderPropensity) &&
          this.catalog.available(merchant, i) &&
          this.catalog.merchantsOf(i).includes(merchant)
        ) {
          chosen.add(i);
          reasons.set(i, "staple");
        }
      for (let c = considered.length - 1; c >= 0; c--) {
        const i = considered[c]!;
        if (
          this.catalog.verticalOf(i) === vertical &&
          this.catalog.merchantsOf(i).includes(merchant) &&
          random.chance(0.35)
        ) {
          chosen.add(i);
          reasons.set(i, "delayed");
          considered.splice(c, 1);
        }
      }
      const exploreCount = Math.max(
        chosen.size === 0 ? 1 : 0,
        Math.round(target * (own.length < 6 ? 1 : exploreRate)) - (chosen.size >= target ? target : 0),
      );
      for (const i of choose(
        candidates,
        Math.max(0, Math.min(exploreCount, target - chosen.size + 1)),
        new Set(chosen),
      )) {
        if (!this.catalog.available(merchant, i)) continue;
        chosen.add(i);
        reasons.set(i, "explore");
        if (!own.includes(i) && own.length < 30 && utility(i) > 0.5 - random.next()) own.push(i);
      }
      staples.set(vertical, own);
      if (chosen.size === 0) {
        time += reorderCadenceDays * DAY * (0.5 + random.next());
        continue;
      }
      const lines: OrderLine[] = [];
      let total = 0;
      for (const i of chosen) {
        const list = this.facts.price[i]!;
        const price = this.catalog.offerPrice(merchant, i, list);
        const discounted = vertical !== "RESTAURANT" && random.chance(0.08 + 0.2 * priceSensitivity);
        const discount = discounted ? Math.round(price * (0.1 + 0.2 * random.next()) * 100) / 100 : 0;
        const quantity = reasons.get(i) === "staple" && random.chance(bulkAffinity) ? random.int(2, 4) : 1;
        const unitPrice = Math.round((price - discount) * 100) / 100;
        lines.push({ productId: this.catalog.productId(i), quantity, unitPrice, discount });
        total += unitPrice * quantity;
      }
      const orderNumber = orders++;
      lineCount += lines.length;
      const placedAt = Math.round(time);
      await sink.order({
        _id: `o:sim:${String(u + 1).padStart(5, "0")}:${orderNumber}`,
        userId,
        merchantId: this.catalog.merchants[merchant]!.document._id,
        placedAt: new Date(placedAt),
        lines,
        total: Math.round(total * 100) / 100,
        source: "seed",
      });

      if (placedAt >= eventFrom) {
        const sessionId = `s:sim:${String(u + 1).padStart(5, "0")}:${session++}`;
        let at = placedAt - (10 + random.next() * 30) * 60000;
        const surface: EventSurface =
          vertical === "RESTAURANT" ? "STORE" : random.pick<EventSurface>(["HOME", "STORE", "CATEGORY", "SEARCH"]);
        if (surface === "SEARCH") {
          const first = [...chosen][0]!;
          const query = this.searchQuery(first);
          at += 5000;
          await emit("SEARCH", at, sessionId, { query, surface: "SEARCH" });
        }
        const shown = new Set<number>(chosen);
        for (const i of choose(candidates, Math.min(8, candidates.length), new Set(chosen))) shown.add(i);
        const order = random.sample([...shown], shown.size);
        for (const i of order) {
          at += 400 + random.next() * 1500;
          await emit("IMPRESSION", at, sessionId, { productId: this.catalog.productId(i), surface });
        }
        for (const i of order) {
          const buying = chosen.has(i) && reasons.get(i) !== "staple";
          if (buying || (!chosen.has(i) && random.chance(0.12))) {
            at += 3000 + random.next() * 20000;
            await emit("CLICK", at, sessionId, { productId: this.catalog.productId(i), surface });
            if (!chosen.has(i) && considered.length < 12) considered.push(i);
          }
        }
        for (const i of chosen) {
          at += 2000 + random.next() * 10000;
          await emit("ADD_TO_CART", at, sessionId, {
            productId: this.catalog.productId(i),
            surface: reasons.get(i) === "staple" ? "HOME" : surface,
          });
        }
        for (const line of lines)
          await emit("PURCHASE", placedAt, sessionId, { productId: line.productId, surface: "CHECKOUT" });
      }
      const gap = reorderCadenceDays * (0.4 + 1.2 * random.next());
      if (placedAt >= eventFrom && random.chance(0.4)) {
        const sessionId = `s:sim:${String(u + 1).padStart(5, "0")}:${session++}`;
        let at = placedAt + gap * 0.5 * DAY;
        if (at < SEED_EPOCH.getTime()) {
          const browseVertical = VERTICALS[random.weightedIndex(verticalWeights)]!;
          const store = homeStore.get(browseVertical);
          const pool =
            store !== undefined
              ? this.groupProducts.get(browseVertical)![this.catalog.merchants[store]!.groups[browseVertical]!]!
              : undefined;
          if (pool && pool.length > 0) {
            for (const i of choose(pool, Math.min(6, pool.length), new Set())) {
              at += 500 + random.next() * 1500;
              await emit("IMPRESSION", at, sessionId, { productId: this.catalog.productId(i), surface: "HOME" });
              if (random.chance(0.2)) {
                at += 4000;
                await emit("CLICK", at, sessionId, { productId: this.catalog.productId(i), surface: "HOME" });
                if (considered.length < 12) considered.push(i);
              }
            }
          }
        }
      }
      time += gap * DAY;
    }

    await sink.truth({
      _id: userId,
      userId,
      dietary,
      statedDietary,
      cuisineAffinity: roundValues(cuisineAffinity),
      favoriteBrands: [...favoriteBrands].map((b) => this.catalog.brands[b]!),
      brandLoyalty: round(brandLoyalty),
      priceSensitivity: round(priceSensitivity),
      bulkAffinity: round(bulkAffinity),
      organicAffinity: round(organicAffinity),
      verticalMix: roundValues(verticalMix),
      reorderCadenceDays,
      reorderPropensity: round(reorderPropensity),
      exploreRate: round(exploreRate),
      homeMerchants,
      stapleProductIds: [...staples.values()].flat().map((i) => this.catalog.productId(i)),
      source: "seed",
    });
    return { orders, lines: lineCount, events };
  }

  private pickDietary(random: Random): string[] {
    const r = random.next();
    let acc = 0;
    for (const option of DIETARY_OPTIONS) {
      acc += option.p;
      if (r < acc) return option.tags;
    }
    return [];
  }

  private searchQuery(i: number): string {
    const product = this.catalog.product(i).document;
    const withoutBrand =
      product.brand && product.name.startsWith(product.brand)
        ? product.name.slice(product.brand.length).trim()
        : product.name;
    const words = withoutBrand.toLowerCase().split(/\s+/);
    return words.slice(-2).join(" ");
  }
}

function normalize(weights: Record<string, number>): void {
  const total = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
  for (const key of Object.keys(weights)) weights[key] = weights[key]! / total;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function roundValues(weights: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, round(v)]));
}

import type { CategoryDocument, MerchantDocument, OfferDocument, ProductDocument } from "../../catalog/read-model";
import {
  comparablePrice,
  mediansByBasis,
  PRICE_BASES,
  type CategoryMedians,
  type PriceBasis,
} from "../../../plugins/sdk/price-comparison";
import type { ScoredId } from "../../../plugins/sdk/services";
import { StoreOffers, type StoreOffer } from "../services/store-offers";
import { deepFreeze, ParsedProducts } from "../../../core/documents/parsed-products";

/** What one catalog version is built from (streams, so a build holds one batch of documents at a time). */
export interface CatalogReadModelInput {
  products: AsyncIterable<ProductDocument>;
  offers: AsyncIterable<Pick<OfferDocument, "merchantId" | "productId" | "price" | "available">>;
  categories: AsyncIterable<CategoryDocument>;
  merchants: AsyncIterable<Pick<MerchantDocument, "_id" | "name">>;
}

/** Documents between two yields to the event loop while building (requests go on meanwhile). */
const YIELD_EVERY = 2000;

/**
 * The catalog as personalization reads it, for one catalog version, held in this process: products by
 * id (compact JSON; the recently read ones kept parsed, frozen and shared), category medians, products
 * under each category cheapest per unit first and newest first, and offers per store. Built from one
 * streaming scan per collection and never changed afterwards; a new version is a new model.
 *
 * Product number = position in the scan; lists are Int32Arrays of product numbers (4 bytes an entry,
 * one entry per product and ancestor category).
 */
export class CatalogReadModel {
  private readonly ids: string[] = [];
  private readonly json: string[] = [];
  private readonly parsed = new ParsedProducts();
  private readonly numbers = new Map<string, number>();
  /** Categories by id, frozen (a few thousand at most). */
  private readonly categories = new Map<string, CategoryDocument>();
  /** Child categories by parent id ("" for the top level, depth 1), in scan order, as `{ _id, name }`. */
  private readonly children = new Map<string, Pick<CategoryDocument, "_id" | "name">[]>();
  private readonly merchantNames = new Map<string, string>();
  private cheapestIn = new Map<string, Int32Array>();
  private newestIn = new Map<string, Int32Array>();
  private newestAll = new Int32Array(0);
  private readonly medians = new Map<string, CategoryMedians>();
  private readonly offers = new StoreOffers();
  /** Per product number: list price, brand and tags (constraint matching without parsing JSON). */
  private readonly prices: number[] = [];
  private readonly brands: (string | null)[] = [];
  private readonly tags: (readonly string[])[] = [];
  /** Per product number: 1 when some store offers it available (read when the catalog has offers at all). */
  private availableSomewhere = new Uint8Array(0);
  /** Answers of {@link withTags} by ask (oldest dropped first). */
  private readonly tagMemo = new Map<string, ScoredId[]>();

  private constructor(readonly version: number) {}

  /** Builds the model of catalog `version` from its collections' streams. */
  static async build(input: CatalogReadModelInput, version: number): Promise<CatalogReadModel> {
    const model = new CatalogReadModel(version);
    const created: number[] = [];
    const sortKeys: { unit: number; price: number }[] = [];
    /** Each product's comparable price: its basis (index in PRICE_BASES, -1 = not compared) and value. */
    const bases: number[] = [];
    const comparable: number[] = [];
    const members = new Map<string, number[]>();
    let seen = 0;
    for await (const product of input.products) {
      if (model.numbers.has(product._id)) continue;
      const number = model.ids.length;
      model.ids.push(product._id);
      model.json.push(JSON.stringify(product));
      model.numbers.set(product._id, number);
      model.prices.push(product.price);
      model.brands.push(product.brand ?? null);
      model.tags.push(product.tags && product.tags.length > 0 ? Object.freeze([...product.tags]) : EMPTY);
      created.push(new Date(product.createdAt).getTime());
      sortKeys.push({ unit: product.unitPrice?.value ?? Infinity, price: product.price });
      const own = comparablePrice(product);
      bases.push(own ? PRICE_BASES.indexOf(own.basis) : -1);
      comparable.push(own?.value ?? 0);
      for (const categoryId of new Set(product.categoryPath)) {
        let list = members.get(categoryId);
        if (!list) members.set(categoryId, (list = []));
        list.push(number);
      }
      if (++seen % YIELD_EVERY === 0) await yieldToRequests();
    }

    const ids = model.ids;
    const byNewest = (a: number, b: number): number =>
      created[b]! - created[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
    // Ties (and products not compared, whose ratios are both Infinity: NaN counts as equal) by unit price, price, id.
    const byCheapest = (a: number, b: number): number =>
      sortKeys[a]!.unit - sortKeys[b]!.unit ||
      sortKeys[a]!.price - sortKeys[b]!.price ||
      ids[a]!.localeCompare(ids[b]!);
    model.newestAll = Int32Array.from(ids.keys()).sort(byNewest);
    // Per category: a product's price over the category median of its basis (Infinity: not compared).
    const ratio = new Float64Array(ids.length);
    for (const [categoryId, list] of members) {
      model.newestIn.set(categoryId, Int32Array.from(list).sort(byNewest));
      const prices: Record<PriceBasis, number[]> = { kg: [], l: [], item: [], pack: [] };
      for (const n of list) if (bases[n]! >= 0) prices[PRICE_BASES[bases[n]!]!].push(comparable[n]!);
      const medians = mediansByBasis(prices);
      model.medians.set(categoryId, medians);
      for (const n of list) {
        const median = bases[n]! >= 0 ? medians[PRICE_BASES[bases[n]!]!] : undefined;
        ratio[n] = median ? comparable[n]! / median : Infinity;
      }
      model.cheapestIn.set(
        categoryId,
        Int32Array.from(list).sort((a, b) => ratio[a]! - ratio[b]! || byCheapest(a, b)),
      );
      await yieldToRequests();
    }

    model.availableSomewhere = new Uint8Array(ids.length);
    for await (const offer of input.offers) {
      const number = model.numbers.get(offer.productId);
      if (number !== undefined) {
        model.offers.add(offer.merchantId, number, { price: offer.price, available: offer.available });
        if (offer.available) model.availableSomewhere[number] = 1;
      }
      if (++seen % YIELD_EVERY === 0) await yieldToRequests();
    }
    model.offers.seal();
    for await (const category of input.categories) {
      model.categories.set(category._id, deepFreeze(structuredClone(category)));
      const parent = category.parentId ?? (category.depth === 1 ? "" : null);
      if (parent === null) continue;
      let list = model.children.get(parent);
      if (!list) model.children.set(parent, (list = []));
      list.push(Object.freeze({ _id: category._id, name: category.name }));
    }
    for await (const merchant of input.merchants) model.merchantNames.set(merchant._id, merchant.name);
    return model;
  }

  /** Products held. */
  get size(): number {
    return this.ids.length;
  }

  /** Offers held. */
  get offerCount(): number {
    return this.offers.size;
  }

  /** True when `id` is a product of this version. */
  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** The product with `id`, or undefined when this version lacks it; frozen and shared by every request, so never changed. */
  product(id: string): ProductDocument | undefined {
    const number = this.numbers.get(id);
    return number === undefined ? undefined : this.parsed.get(id, this.json[number]!);
  }

  /** The category with `id`, or undefined; frozen and shared by every request, so never changed. */
  category(id: string): CategoryDocument | undefined {
    return this.categories.get(id);
  }

  /**
   * The first `limit` children of category `parentId` (null: the top-level categories, depth 1), in the
   * order of the catalog's scan, the order a `categories` read by `parentId` or `depth` returns. Frozen.
   */
  childCategories(parentId: string | null, limit: number): readonly Pick<CategoryDocument, "_id" | "name">[] {
    return (this.children.get(parentId ?? "") ?? []).slice(0, Math.max(0, limit));
  }

  /** Name of a store or restaurant, or undefined when unknown. */
  merchantName(id: string): string | undefined {
    return this.merchantNames.get(id);
  }

  /** The offer of a product at a store; undefined when the store does not sell it (or the product is not in this version). */
  offer(storeId: string, productId: string): StoreOffer | undefined {
    const number = this.numbers.get(productId);
    return number === undefined ? undefined : this.offers.get(storeId, number);
  }

  /** Most recently created products (ties by id), optionally under a category at any depth; score 1/rank. */
  newArrivals(limit: number, categoryId?: string | null): ScoredId[] {
    const list = categoryId ? this.newestIn.get(categoryId) : this.newestAll;
    return this.scored(list, limit);
  }

  /**
   * Products under a category (any depth), best value first: lowest price against the category median
   * of its own basis (per kg, per l, per item, list price of unsized products; products not compared
   * last), then unit price, price, id; score 1/rank.
   */
  inCategory(categoryId: string, limit: number): ScoredId[] {
    return this.scored(this.cheapestIn.get(categoryId), limit);
  }

  /** Medians per price basis over every product under the category ({@link CategoryMedians}; empty when unknown). */
  categoryMedians(categoryId: string): CategoryMedians {
    return this.medians.get(categoryId) ?? {};
  }

  /**
   * Products matching a generated collection's constraints: under any of `categoryIds` (any depth),
   * carrying every tag, of one of the brands (any brand when empty), at most `maxPrice`; available at
   * `storeId` when given, else available somewhere when this version has offers at all. Cheapest list
   * price first (ties by id); score 1/rank. The same answer as the `generated_collections` repository's
   * database query, without one.
   */
  matching(
    constraints: {
      categoryIds: readonly string[];
      tags: readonly string[];
      brands: readonly string[];
      maxPrice: number | null;
    },
    storeId: string | null,
    limit: number,
  ): ScoredId[] {
    if (constraints.categoryIds.length === 0 || limit <= 0) return [];
    const brands = constraints.brands.length > 0 ? new Set(constraints.brands) : null;
    const checkOffers = storeId !== null || this.offers.size > 0;
    const found = new Set<number>();
    for (const categoryId of constraints.categoryIds) {
      for (const n of this.cheapestIn.get(categoryId) ?? []) {
        if (found.has(n)) continue;
        if (constraints.maxPrice !== null && !(this.prices[n]! <= constraints.maxPrice)) continue;
        if (brands && !brands.has(this.brands[n] ?? "")) continue;
        if (constraints.tags.length > 0 && !constraints.tags.every((tag) => this.tags[n]!.includes(tag))) continue;
        if (
          checkOffers &&
          !(storeId ? this.offers.get(storeId, n)?.available === true : this.availableSomewhere[n] === 1)
        )
          continue;
        found.add(n);
      }
    }
    const ids = this.ids;
    const ordered = [...found].sort(
      (a, b) => this.prices[a]! - this.prices[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
    );
    return ordered.slice(0, Math.floor(limit)).map((n, i) => ({ productId: ids[n]!, score: 1 / (i + 1) }));
  }

  /**
   * Products carrying every one of `tags`, of none of `exclude.brands` (case-insensitive) and under none of
   * `exclude.categoryIds` (any depth), at most `limit`, in scan order; score 1. One pass over the tags held
   * per product, remembered for the last {@link TAG_MEMO_SIZE} distinct asks (stated preferences repeat).
   */
  withTags(
    tags: readonly string[],
    limit: number,
    exclude: { brands?: readonly string[]; categoryIds?: readonly string[] } = {},
  ): ScoredId[] {
    if (tags.length === 0 || limit <= 0) return [];
    const key = JSON.stringify([
      [...tags].sort(),
      [...(exclude.brands ?? [])].sort(),
      [...(exclude.categoryIds ?? [])].sort(),
      limit,
    ]);
    const known = this.tagMemo.get(key);
    if (known) return known.map((entry) => ({ ...entry }));
    const brands = new Set((exclude.brands ?? []).map((brand) => brand.toLowerCase()));
    const excluded = new Set<number>();
    for (const categoryId of exclude.categoryIds ?? [])
      for (const n of this.cheapestIn.get(categoryId) ?? []) excluded.add(n);
    const out: ScoredId[] = [];
    for (let n = 0; n < this.ids.length && out.length < limit; n += 1) {
      const own = this.tags[n]!;
      if (own.length === 0 || !tags.every((tag) => own.includes(tag))) continue;
      if (excluded.has(n) || (brands.size > 0 && brands.has((this.brands[n] ?? "").toLowerCase()))) continue;
      out.push({ productId: this.ids[n]!, score: 1 });
    }
    if (this.tagMemo.size >= TAG_MEMO_SIZE) this.tagMemo.delete(this.tagMemo.keys().next().value!);
    this.tagMemo.set(key, out);
    return out.map((entry) => ({ ...entry }));
  }

  private scored(list: Int32Array | undefined, limit: number): ScoredId[] {
    if (!list) return [];
    const n = Math.min(list.length, Math.max(0, Math.floor(limit)));
    const result: ScoredId[] = new Array(n);
    for (let i = 0; i < n; i += 1) result[i] = { productId: this.ids[list[i]!]!, score: 1 / (i + 1) };
    return result;
  }
}

const EMPTY: readonly string[] = Object.freeze([]);
/** Distinct {@link CatalogReadModel.withTags} asks remembered per model. */
const TAG_MEMO_SIZE = 32;

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

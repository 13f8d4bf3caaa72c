import type DataLoader from "dataloader";
import type { Db } from "mongodb";
import {
  CATALOG_COLLECTIONS,
  type OfferDocument,
  type ProductDocument,
  type CategoryDocument,
} from "../../catalog/read-model";
import { findByIds } from "../../../core/database/by-id-reads";
import { bestValueFirst, categoryMediansOf, type CategoryMedians } from "../../../plugins/sdk/price-comparison";
import type { CatalogService, ScoredId, TagExclusions } from "../../../plugins/sdk/services";
import { byIdLoader } from "../../shared/by-id-loader";
import { PopularityRepository } from "../popularity.repository";
import { catalogCache } from "./catalog-cache";
import { READ_MODEL_WAIT_MS, type PersonalizationReadModels } from "../read-models/read-models";

/** Products read to compute a category's medians (a sample for very large categories). */
const MEDIAN_SAMPLE = 2000;

/**
 * A request-scoped product loader: products of the process's catalog read model first (no database
 * read), the misses (products added since the model's catalog version, or all of them before the first
 * load) read by id as the process reads (`BY_ID_READS`).
 */
export function productLoader(db: Db, models?: PersonalizationReadModels): DataLoader<string, ProductDocument | null> {
  return byIdLoader(async (ids) => {
    const model = await models?.catalog.get(READ_MODEL_WAIT_MS);
    if (!model) return findByIds(db.collection<ProductDocument>(CATALOG_COLLECTIONS.products), ids);
    const found: ProductDocument[] = [];
    const misses: string[] = [];
    for (const id of ids) {
      const product = model.product(id);
      if (product) found.push(product);
      else misses.push(id);
    }
    if (misses.length > 0)
      found.push(...(await findByIds(db.collection<ProductDocument>(CATALOG_COLLECTIONS.products), misses)));
    return found;
  });
}

/** A request-scoped category loader: the catalog read model first, misses read by id. */
export function categoryLoader(
  db: Db,
  models?: PersonalizationReadModels,
): DataLoader<string, CategoryDocument | null> {
  return byIdLoader(async (ids) => {
    const model = await models?.catalog.get(READ_MODEL_WAIT_MS);
    const found: CategoryDocument[] = [];
    const misses: string[] = [];
    for (const id of ids) {
      const category = model?.category(id);
      if (category) found.push(category);
      else misses.push(id);
    }
    if (misses.length > 0)
      found.push(...(await findByIds(db.collection<CategoryDocument>(CATALOG_COLLECTIONS.categories), misses)));
    return found;
  });
}

/**
 * {@link CatalogService} for the pipeline: served from the process's read models (catalog version and
 * popularity) when they are loaded, else from MongoDB with shared lists cached per process. Products
 * always go through the request's DataLoader.
 */
export class MongoCatalogService implements CatalogService {
  private readonly cache;
  private readonly popularityRepository;

  constructor(
    private readonly db: Db,
    private readonly loader: DataLoader<string, ProductDocument | null>,
    private readonly models?: PersonalizationReadModels,
  ) {
    this.cache = catalogCache(db);
    this.popularityRepository = new PopularityRepository(db);
  }

  async products(ids: readonly string[]): Promise<Map<string, ProductDocument>> {
    const found = await this.loader.loadMany([...new Set(ids)]);
    const map = new Map<string, ProductDocument>();
    for (const product of found) if (product && !(product instanceof Error)) map.set(product._id, product);
    return map;
  }

  async popular(limit: number, categoryId?: string | null): Promise<ScoredId[]> {
    const model = await this.models?.popularity.get(READ_MODEL_WAIT_MS);
    if (model) return model.top(limit, categoryId);
    return this.cached(`popular|${categoryId ?? ""}|${limit}`, async () => {
      const [top, scale] = await Promise.all([
        this.popularityRepository.top(limit, categoryId ?? undefined),
        this.maxBuyers(),
      ]);
      return top.map((entry) => ({ productId: entry._id, score: entry.buyers / scale }));
    });
  }

  async newArrivals(limit: number, categoryId?: string | null): Promise<ScoredId[]> {
    const model = await this.models?.catalog.get(READ_MODEL_WAIT_MS);
    if (model) return model.newArrivals(limit, categoryId);
    return this.cached(`new|${categoryId ?? ""}|${limit}`, async () => {
      const found = await this.db
        .collection<ProductDocument>(CATALOG_COLLECTIONS.products)
        .find(categoryId ? { categoryPath: categoryId } : {}, { projection: { _id: 1 } })
        .sort({ createdAt: -1, _id: 1 })
        .limit(limit)
        .toArray();
      return found.map((product, i) => ({ productId: product._id, score: 1 / (i + 1) }));
    });
  }

  async inCategory(categoryId: string, limit: number): Promise<ScoredId[]> {
    const model = await this.models?.catalog.get(READ_MODEL_WAIT_MS);
    if (model) return model.inCategory(categoryId, limit);
    return this.cached(`in|${categoryId}|${limit}`, async () => {
      const [found, medians] = await Promise.all([
        this.db
          .collection<ProductDocument>(CATALOG_COLLECTIONS.products)
          .find({ categoryPath: categoryId }, { projection: { _id: 1, unitPrice: 1, price: 1, priceEstimated: 1 } })
          .limit(limit * 4)
          .toArray(),
        this.categoryMedians(categoryId),
      ]);
      return bestValueFirst(found, medians)
        .slice(0, limit)
        .map((product, i) => ({ productId: product._id, score: 1 / (i + 1) }));
    });
  }

  async offers(storeId: string, ids: readonly string[]): Promise<Map<string, { price: number; available: boolean }>> {
    if (ids.length === 0) return new Map();
    const model = await this.models?.catalog.get(READ_MODEL_WAIT_MS);
    const result = new Map<string, { price: number; available: boolean }>();
    // Products outside the model's catalog version (read from the database) have their offers read there too.
    const misses = model ? ids.filter((id) => !model.has(id)) : ids;
    if (model) {
      for (const id of ids) {
        const offer = model.offer(storeId, id);
        if (offer) result.set(id, offer);
      }
    }
    if (misses.length === 0) return result;
    const offers = this.db.collection<OfferDocument>(CATALOG_COLLECTIONS.offers);
    const found = await findByIds(
      offers,
      misses.map((id) => `${storeId}|${id}`),
      { projection: { productId: 1, price: 1, available: 1 } },
    );
    for (const offer of found) result.set(offer.productId, { price: offer.price, available: offer.available });
    return result;
  }

  async categoryMedians(categoryId: string): Promise<CategoryMedians> {
    const model = await this.models?.catalog.get(READ_MODEL_WAIT_MS);
    if (model) return model.categoryMedians(categoryId);
    const hit = this.cache.medians.get(categoryId);
    if (hit) return hit;
    const found = await this.db
      .collection<ProductDocument>(CATALOG_COLLECTIONS.products)
      .find({ categoryPath: categoryId }, { projection: { price: 1, unitPrice: 1, priceEstimated: 1 } })
      .limit(MEDIAN_SAMPLE)
      .toArray();
    const medians = categoryMediansOf(found);
    this.cache.medians.set(categoryId, medians);
    return medians;
  }

  async popularity(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const model = await this.models?.popularity.get(READ_MODEL_WAIT_MS);
    if (model) return model.priors(ids);
    const [found, scale] = await Promise.all([
      findByIds(this.popularityRepository.collection, ids, { projection: { buyers: 1 } }),
      this.maxBuyers(),
    ]);
    return new Map(found.map((entry) => [entry._id, Math.min(1, entry.buyers / scale)]));
  }

  async withTags(tags: readonly string[], limit: number, exclude: TagExclusions = {}): Promise<ScoredId[]> {
    if (tags.length === 0 || limit <= 0) return [];
    const model = await this.models?.catalog.get(READ_MODEL_WAIT_MS);
    if (model) return model.withTags(tags, limit, exclude);
    const brands = [...(exclude.brands ?? [])].sort();
    const categoryIds = [...(exclude.categoryIds ?? [])].sort();
    const key = `tags|${[...tags].sort().join(",")}|${brands.join(",")}|${categoryIds.join(",")}|${limit}`;
    return this.cached(key, async () => {
      const lowered = new Set(brands.map((brand) => brand.toLowerCase()));
      const found = await this.db
        .collection<ProductDocument>(CATALOG_COLLECTIONS.products)
        .find(
          { tags: { $all: [...tags] }, ...(categoryIds.length > 0 ? { categoryPath: { $nin: categoryIds } } : {}) },
          { projection: { _id: 1, brand: 1 } },
        )
        .limit(limit + (lowered.size > 0 ? limit : 0))
        .toArray();
      return found
        .filter((product) => !lowered.has((product.brand ?? "").toLowerCase()))
        .slice(0, limit)
        .map((product) => ({ productId: product._id, score: 1 }));
    });
  }

  /** Distinct buyers of the most popular product (at least 1). */
  private async maxBuyers(): Promise<number> {
    const hit = this.cache.numbers.get("maxBuyers");
    if (hit !== undefined) return hit;
    const [top] = await this.popularityRepository.top(1);
    const value = Math.max(1, top?.buyers ?? 1);
    this.cache.numbers.set("maxBuyers", value);
    return value;
  }

  private async cached(key: string, load: () => Promise<ScoredId[]>): Promise<ScoredId[]> {
    const hit = this.cache.lists.get(key);
    if (hit) return hit;
    const value = await load();
    this.cache.lists.set(key, value);
    return value;
  }
}

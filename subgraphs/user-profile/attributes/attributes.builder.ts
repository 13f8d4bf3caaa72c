import type { Db } from "mongodb";
import { computeAttributes, type ProductFacts } from "./attributes.calculator";
import { AttributesRepository } from "./attributes.repository";
import { CategoryStatsRepository } from "./category-stats.repository";
import { ProductFactsRepository } from "./product-facts.repository";
import { readPurchaseHistories, type PurchaseHistories } from "./purchase-history.reader";
import type { UserAttributesDocument } from "./user-attributes.document";

/**
 * Recomputes and stores the attributes of a set of users from their full history. The incremental
 * path (placeOrder, PURCHASE events) calls it with the users touched; the rebuild job with batches of
 * all users and a shared product cache. Same inputs, same calculator: same documents.
 */
export class AttributesBuilder {
  readonly attributes: AttributesRepository;
  private readonly categoryStats: CategoryStatsRepository;
  private readonly products: ProductFactsRepository;

  constructor(
    private readonly db: Db,
    options: { productCacheSize?: number } = {},
  ) {
    this.attributes = new AttributesRepository(db);
    this.categoryStats = new CategoryStatsRepository(db);
    this.products = new ProductFactsRepository(db, options.productCacheSize ?? 0);
  }

  /** Recomputes, stores and returns the attributes of `userIds`. */
  async rebuildUsers(userIds: readonly string[], now = new Date()): Promise<UserAttributesDocument[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    return this.storeFromHistories(await readPurchaseHistories(this.db, unique), now);
  }

  /**
   * Computes and stores the attributes of every user in `histories` (read by {@link readPurchaseHistories}
   * or, in the rebuild job, by {@link collectPurchaseHistories} over whole-collection scans).
   */
  async storeFromHistories(histories: PurchaseHistories, now = new Date()): Promise<UserAttributesDocument[]> {
    const documents = await this.computeFromHistories(histories, now);
    if (documents.length > 0) await this.attributes.replaceMany(documents);
    return documents;
  }

  /** Computes, without storing, the attributes of every user in `histories` (the rebuild job stores them itself). */
  async computeFromHistories(histories: PurchaseHistories, now = new Date()): Promise<UserAttributesDocument[]> {
    const unique = [...histories.keys()];
    if (unique.length === 0) return [];
    const productIds = new Set<string>();
    for (const records of histories.values()) for (const record of records) productIds.add(record.productId);
    const products = await this.products.findByIds(productIds);
    const stats = await this.categoryStats.findByIds([...products.values()].map((product) => product.categoryId));
    return unique.map((userId) => computeAttributes(userId, histories.get(userId) ?? [], products, stats, now));
  }

  /**
   * The batch job's first pass: one scan of `products` fills the product cache and rebuilds every
   * category's medians and dietary tag counts (the ones the incremental path computes for a category it has not seen yet);
   * returns how many categories.
   */
  async preloadProductsAndRebuildCategoryStats(onProducts?: (count: number) => void): Promise<number> {
    const byCategory = new Map<string, Pick<ProductFacts, "price" | "size" | "tags">[]>();
    await this.products.preloadAll(onProducts, (facts) => {
      const list = byCategory.get(facts.categoryId) ?? [];
      list.push(facts);
      byCategory.set(facts.categoryId, list);
    });
    return this.categoryStats.replaceAll(byCategory);
  }
}

import type { Collection, Db } from "mongodb";
import { replaceById } from "./replace-by-id";
import { CATALOG_COLLECTIONS, type ProductDocument } from "../../catalog/read-model";
import { computeCategoryStats, normalizeSize, type ProductFacts } from "./attributes.calculator";
import { CATEGORY_STATS_COLLECTION, type CategoryStatsDocument } from "./user-attributes.document";

/** Cached per-category medians of price and pack size, built from `products`. */
export class CategoryStatsRepository {
  private readonly collection: Collection<CategoryStatsDocument>;
  private readonly products: Collection<ProductDocument>;

  constructor(db: Db) {
    this.collection = db.collection<CategoryStatsDocument>(CATEGORY_STATS_COLLECTION);
    this.products = db.collection<ProductDocument>(CATALOG_COLLECTIONS.products);
  }

  /**
   * Stats of these categories; ones not cached yet, or cached before they counted dietary tags, are
   * computed from `products` (one `$in` query) and stored.
   */
  async findByIds(categoryIds: Iterable<string>): Promise<Map<string, CategoryStatsDocument>> {
    const ids = [...new Set(categoryIds)];
    const found = new Map<string, CategoryStatsDocument>();
    if (ids.length === 0) return found;
    for (const document of await this.collection.find({ _id: { $in: ids } }).toArray())
      if (document.dietaryProducts) found.set(document._id, document);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const computed = await this.computeFromProducts({ categoryId: { $in: missing } }, missing);
      await this.store(computed);
      for (const stats of computed) found.set(stats._id, stats);
    }
    return found;
  }

  /** Replaces every category's stats with ones computed from these products' facts, by category; returns how many categories. */
  async replaceAll(
    productsByCategory: ReadonlyMap<string, Pick<ProductFacts, "price" | "size" | "tags">[]>,
  ): Promise<number> {
    const computed = [...productsByCategory.entries()].map(([id, list]) => computeCategoryStats(id, list));
    await this.collection.deleteMany({});
    for (let start = 0; start < computed.length; start += 1000) await this.store(computed.slice(start, start + 1000));
    return computed.length;
  }

  private async computeFromProducts(
    filter: Record<string, unknown>,
    expected: readonly string[],
  ): Promise<CategoryStatsDocument[]> {
    const byCategory = new Map<string, Pick<ProductFacts, "price" | "size" | "tags">[]>(expected.map((id) => [id, []]));
    for await (const product of this.products.find(filter, {
      projection: { categoryId: 1, price: 1, size: 1, tags: 1 },
    })) {
      const list = byCategory.get(product.categoryId) ?? [];
      list.push({ price: product.price, size: normalizeSize(product.size), tags: product.tags ?? [] });
      byCategory.set(product.categoryId, list);
    }
    return [...byCategory.entries()].map(([id, list]) => computeCategoryStats(id, list));
  }

  private async store(stats: readonly CategoryStatsDocument[]): Promise<void> {
    await replaceById(this.collection, stats);
  }
}

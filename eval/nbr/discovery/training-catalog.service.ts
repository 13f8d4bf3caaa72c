import type { ProductDocument } from "../../../core/documents/product.document";
import type { CatalogService, ScoredId } from "../../../plugins/sdk/services";
import type { TrainingView } from "../training-view.types";
import type { CategoryMedians } from "../../../plugins/sdk/price-comparison";

/** Leaf category every item gets: next-basket data such as Ta-Feng has no names, categories, brands or prices. */
export const UNCATEGORIZED = "uncategorized";

/** When every product "was added": long before any history date, so no item ever counts as a new arrival. */
const CATALOG_CREATED = new Date("1990-01-01T00:00:00Z");

/** A product document for an id-only item: no brand, price, size or tags; one shared leaf category. */
export function bareProduct(id: string): ProductDocument {
  return {
    _id: id,
    name: `Item ${id}`,
    vertical: "GROCERY",
    categoryId: UNCATEGORIZED,
    categoryPath: [UNCATEGORIZED],
    price: 0,
    priceEstimated: true,
    currency: "USD",
    tags: [],
    source: "nbr-eval",
    createdAt: CATALOG_CREATED,
    updatedAt: CATALOG_CREATED,
  };
}

/**
 * The SDK's CatalogService over a TrainingView, in memory: products are the items of the histories,
 * popularity is distinct buyers relative to the most bought item (as the product's popularity builder
 * defines the prior), `popular` ranks by that. Without dates, categories or prices, `newArrivals` and
 * `inCategory` are empty and category medians unknown, so affordability and new-arrival signals stay neutral.
 */
export class TrainingCatalogService implements CatalogService {
  private readonly byId = new Map<string, ProductDocument>();
  private readonly prior = new Map<string, number>();
  private readonly ranking: ScoredId[];

  constructor(view: TrainingView) {
    const buyers = new Map<string, number>();
    for (const user of view.users) {
      const items = new Set<string>();
      for (const basket of user.history) for (const item of basket.items) items.add(item);
      for (const item of items) buyers.set(item, (buyers.get(item) ?? 0) + 1);
    }
    let most = 1; // a loop, not Math.max(...spread), which overflows the call stack past ~100k items
    for (const count of buyers.values()) if (count > most) most = count;
    for (const [item, count] of buyers) {
      this.byId.set(item, bareProduct(item));
      this.prior.set(item, count / most);
    }
    this.ranking = [...this.prior.entries()]
      .map(([productId, score]) => ({ productId, score }))
      .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
  }

  async products(ids: readonly string[]): Promise<Map<string, ProductDocument>> {
    const found = new Map<string, ProductDocument>();
    for (const id of ids) {
      const product = this.byId.get(id);
      if (product) found.set(id, product);
    }
    return found;
  }

  async popular(limit: number, categoryId?: string | null): Promise<ScoredId[]> {
    if (categoryId && categoryId !== UNCATEGORIZED) return [];
    return this.ranking.slice(0, Math.max(0, limit));
  }

  async newArrivals(): Promise<ScoredId[]> {
    return [];
  }

  async inCategory(): Promise<ScoredId[]> {
    return [];
  }

  async offers(): Promise<Map<string, { price: number; available: boolean }>> {
    return new Map();
  }

  async categoryMedians(): Promise<CategoryMedians> {
    return {};
  }

  async popularity(ids: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const id of ids) {
      const value = this.prior.get(id);
      if (value !== undefined) found.set(id, value);
    }
    return found;
  }
}

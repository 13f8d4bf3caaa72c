import type { ProductDocument } from "../../core/documents/product.document";
import {
  computeAttributes,
  computeCategoryStats,
  normalizeSize,
  type ProductFacts,
  type PurchaseRecord,
} from "../../subgraphs/user-profile/attributes/attributes.calculator";
import type {
  CategoryStatsDocument,
  UserAttributesDocument,
} from "../../subgraphs/user-profile/attributes/user-attributes.document";
import type { RankerAttributes } from "../../ml/ranker/ranker.features";

/** What the user-profile calculator needs, built once from the catalog. */
export interface ProfileCatalog {
  facts: Map<string, ProductFacts>;
  stats: Map<string, CategoryStatsDocument>;
  /** Leaf category id → its path from the root. */
  paths: Map<string, string[]>;
}

/** Calculator inputs from the products (same facts and category stats the user-profile job uses). */
export function profileCatalog(
  products: Iterable<
    Pick<
      ProductDocument,
      "_id" | "vertical" | "categoryId" | "categoryPath" | "brand" | "price" | "size" | "tags" | "cuisines"
    >
  >,
): ProfileCatalog {
  const facts = new Map<string, ProductFacts>();
  const byCategory = new Map<string, ProductFacts[]>();
  const paths = new Map<string, string[]>();
  for (const product of products) {
    const fact: ProductFacts = {
      id: product._id,
      vertical: product.vertical,
      categoryId: product.categoryId,
      brand: product.brand ?? null,
      price: product.price,
      size: normalizeSize(product.size),
      tags: product.tags,
      cuisines: product.cuisines ?? [],
    };
    facts.set(product._id, fact);
    const list = byCategory.get(product.categoryId) ?? [];
    list.push(fact);
    byCategory.set(product.categoryId, list);
    paths.set(product.categoryId, product.categoryPath);
  }
  const stats = new Map<string, CategoryStatsDocument>();
  for (const [categoryId, list] of byCategory) stats.set(categoryId, computeCategoryStats(categoryId, list));
  return { facts, stats, paths };
}

/**
 * The ranker's view of a shopper as of the given purchase records, computed exactly like the
 * user-profile job and mapped like the blending step (leaf shares spread to every ancestor), so
 * training and serving see the same definitions.
 */
export function rankerAttributesAt(
  userId: string,
  records: readonly PurchaseRecord[],
  catalog: ProfileCatalog,
  at: Date,
): RankerAttributes {
  return fromProfile(computeAttributes(userId, records, catalog.facts, catalog.stats, at), catalog.paths);
}

/** Maps a `user_attributes` document to the ranker's attributes (as the blending step does). */
export function fromProfile(profile: UserAttributesDocument, paths: ReadonlyMap<string, string[]>): RankerAttributes {
  const categoryAffinity: Record<string, number> = {};
  for (const entry of profile.categories)
    for (const id of paths.get(entry.key) ?? [entry.key])
      categoryAffinity[id] = Math.min(1, (categoryAffinity[id] ?? 0) + entry.share);
  return {
    coldStart: profile.items.length === 0,
    purchases: profile.items.map((item) => ({
      productId: item.productId,
      count: item.purchaseCount,
      lastPurchasedAt: item.lastPurchasedAt,
      ...(item.reorderIntervalDays !== null ? { reorderIntervalDays: item.reorderIntervalDays } : {}),
    })),
    categoryAffinity,
    verticalAffinity: Object.fromEntries(profile.verticals.map((entry) => [entry.key, entry.share])),
    brandAffinity: Object.fromEntries(profile.brands.map((entry) => [entry.key, entry.share])),
    priceSensitivity: profile.price.sensitivity ?? 0.5,
    dealShare: profile.price.dealShare ?? 0,
    bulkPreference: profile.size.index ?? 1,
  };
}

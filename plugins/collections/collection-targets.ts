import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { ContextCategory, ContextItem } from "../../core/llm/context-narrowing";
import type { CollectionsInput, CollectionTarget } from "./collections.feature";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../subgraphs/user-profile/attributes/user-attributes.document";
import { priceBand, shopperClusterKey } from "./shopper-cluster";

/** A target with its ranked leaf categories (best first). */
export interface PlannedTarget {
  target: CollectionTarget;
  focus: string[];
  /** Store whose stock decides which items count (store targets). */
  storeId: string | null;
  members?: number;
}

const BAND_LABEL = {
  low: "not price sensitive",
  mid: "moderately price sensitive",
  high: "very price sensitive",
} as const;

/**
 * Shopper clusters from `user_attributes` (top vertical × price band): members and leaf-category share
 * sums, aggregated in TypeScript (FerretDB has no $group beyond $sum/$count).
 */
export async function clusterTargets(db: Db, maxFocus = 6): Promise<PlannedTarget[]> {
  const clusters = new Map<
    string,
    {
      vertical: string;
      band: "low" | "mid" | "high";
      members: number;
      sensitivity: number;
      categories: Map<string, number>;
    }
  >();
  const cursor = db
    .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
    .find({}, { projection: { verticals: 1, price: 1, categories: 1, purchaseLines: 1 } });
  for await (const document of cursor) {
    if (!document.purchaseLines) continue;
    const sensitivity = document.price?.sensitivity ?? 0.5;
    const key = shopperClusterKey(
      Object.fromEntries(document.verticals.map((entry) => [entry.key, entry.share])),
      sensitivity,
    );
    if (key === "cluster:new") continue;
    const [vertical] = key.slice("cluster:".length).split("|") as [string];
    const cluster = clusters.get(key) ?? {
      vertical,
      band: priceBand(sensitivity),
      members: 0,
      sensitivity: 0,
      categories: new Map<string, number>(),
    };
    cluster.members += 1;
    cluster.sensitivity += sensitivity;
    for (const entry of document.categories)
      cluster.categories.set(entry.key, (cluster.categories.get(entry.key) ?? 0) + entry.share);
    clusters.set(key, cluster);
  }
  return [...clusters]
    .sort((a, b) => b[1].members - a[1].members || a[0].localeCompare(b[0]))
    .map(([key, cluster]) => ({
      target: {
        kind: "cluster",
        key,
        label: `${cluster.vertical.toLowerCase()} shoppers, ${BAND_LABEL[cluster.band]}`,
        priceSensitivity: Math.round((cluster.sensitivity / cluster.members) * 100) / 100,
      },
      focus: [...cluster.categories]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, maxFocus)
        .map(([id]) => id),
      storeId: null,
      members: cluster.members,
    }));
}

/** Stores (kind STORE) and the leaf categories of their available assortment (from up to 2000 offers). */
export async function storeTargets(db: Db, limit: number, maxFocus = 6): Promise<PlannedTarget[]> {
  const stores = await db
    .collection<MerchantDocument>(COLLECTIONS.merchants)
    .find({ kind: "STORE" })
    .sort({ _id: 1 })
    .limit(limit)
    .toArray();
  const planned: PlannedTarget[] = [];
  for (const store of stores) {
    const offers = await db
      .collection<OfferDocument>(COLLECTIONS.offers)
      .find({ merchantId: store._id, available: true }, { projection: { productId: 1 } })
      .limit(2000)
      .toArray();
    const products = await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find({ _id: { $in: offers.map((offer) => offer.productId) } }, { projection: { categoryId: 1 } })
      .toArray();
    const counts = new Map<string, number>();
    for (const product of products) counts.set(product.categoryId, (counts.get(product.categoryId) ?? 0) + 1);
    const focus = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, maxFocus)
      .map(([id]) => id);
    if (focus.length > 0)
      planned.push({
        target: { kind: "store", key: `store:${store._id}`, label: store.name },
        focus,
        storeId: store._id,
      });
  }
  return planned;
}

/** Category subtrees: departments (depth 1), their leaf-most children as focus. */
export async function categoryTargets(db: Db, limit: number, maxFocus = 6): Promise<PlannedTarget[]> {
  const categories = await db
    .collection<CategoryDocument>(COLLECTIONS.categories)
    .find({}, { projection: { source: 0 } })
    .toArray();
  const departments = categories
    .filter((category) => category.depth === 1 && category.vertical !== "RESTAURANT")
    .sort((a, b) => a._id.localeCompare(b._id))
    .slice(0, limit);
  return departments.map((department) => {
    const inside = categories.filter(
      (category) => category.path.includes(department._id) && category._id !== department._id,
    );
    const leaves = inside.filter((category) => !categories.some((other) => other.parentId === category._id));
    return {
      target: { kind: "category" as const, key: `category:${department._id}`, label: department.name },
      focus: (leaves.length ? leaves : [department]).slice(0, maxFocus).map((category) => category._id),
      storeId: null,
    };
  });
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Hierarchical RAG for one target: only the focus categories and their ancestors, a sample of items of
 * each focus category (diversified), their brands and tags, and the median price. `tree` = whole tree.
 */
export async function collectionsInputFor(
  db: Db,
  planned: PlannedTarget,
  tree: ContextCategory[],
  count: number,
  itemsPerCategory = 5,
): Promise<{ input: CollectionsInput; naiveItems: ContextItem[] }> {
  const byId = new Map(tree.map((category) => [category.id, category]));
  const focus = planned.focus.filter((id) => byId.has(id));
  const selected = new Set<string>();
  for (const id of focus) for (const ancestor of byId.get(id)!.path) if (byId.has(ancestor)) selected.add(ancestor);
  const products = await db
    .collection<ProductDocument>(COLLECTIONS.products)
    .find(
      { categoryPath: { $in: focus } },
      {
        projection: {
          name: 1,
          brand: 1,
          vertical: 1,
          categoryId: 1,
          categoryPath: 1,
          tags: 1,
          price: 1,
          cuisines: 1,
          merchantId: 1,
        },
      },
    )
    .limit(400)
    .toArray();
  const toItem = (product: ProductDocument): ContextItem => ({
    id: product._id,
    name: product.name,
    brand: product.brand,
    vertical: product.vertical,
    categoryId: product.categoryId,
    categoryPath: product.categoryPath,
    tags: product.tags ?? [],
    merchantId: product.merchantId,
    cuisines: product.cuisines,
  });
  const items: ContextItem[] = [];
  for (const id of focus)
    items.push(
      ...products
        .filter((product) => product.categoryPath.includes(id) && !items.some((item) => item.id === product._id))
        .slice(0, itemsPerCategory)
        .map(toItem),
    );
  const brandCounts = new Map<string, number>();
  const tagCounts = new Map<string, number>();
  for (const product of products) {
    if (product.brand) brandCounts.set(product.brand, (brandCounts.get(product.brand) ?? 0) + 1);
    for (const tag of product.tags ?? [])
      if (tag !== "age-restricted") tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  }
  const top = (counts: Map<string, number>, n: number) =>
    [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([key]) => key)
      .sort();
  return {
    input: {
      target: planned.target,
      categories: tree.filter((category) => selected.has(category.id)),
      focusCategoryIds: focus,
      items,
      brands: top(brandCounts, 20),
      tags: top(tagCounts, 12),
      medianPrice: median(products.map((product) => product.price)),
      count,
    },
    naiveItems: products.map(toItem),
  };
}

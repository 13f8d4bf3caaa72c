import type { ProductDocument } from "../../catalog/read-model";
import type { BlendedAttributes, PurchasedItem } from "../../../plugins/sdk/blended-attributes";
import { surfaceWeights } from "./surface-weights";
import { NotFoundError } from "../../shared/errors";
import { OCCASION_DECAY, type UserAttributesDocument } from "../../user-profile/read-model";
import type { PipelineDeps, PipelineRequest } from "./pipeline.types";

/** Orders read to derive a minimal profile when no `user_attributes` document exists yet. */
export const FALLBACK_ORDERS = 50;
const DAY_MS = 86_400_000;
/** First-session items read for a shopper without history. */
export const SESSION_ITEMS = 10;

/**
 * Step 1, attribute blending: the shopper's long-term attributes (`user_attributes`, else a minimal
 * profile from the last {@link FALLBACK_ORDERS} orders), explicit preferences (`users.preferences`)
 * and the request context. Unknown or missing user = cold start (no read of orders); a known shopper
 * without history also gets their first-session items (`sessionItems`, from events); unknown store or
 * category = NOT_FOUND.
 * Everything is read through `deps.reads` (in the process: one `{_id}` read per shopper document,
 * shared for a few seconds, and the catalog read model) and the request's loaders.
 */
export async function blendAttributes(
  deps: Pick<PipelineDeps, "reads" | "plugins" | "surfaces" | "loaders">,
  request: PipelineRequest,
): Promise<BlendedAttributes> {
  const [shopper, storeName, category] = await Promise.all([
    request.userId ? deps.reads.shopper(request.userId) : null,
    request.storeId ? deps.reads.storeName(request.storeId) : null,
    request.categoryId ? deps.loaders.category.load(request.categoryId) : null,
  ]);
  const user = shopper?.user ?? null;
  const stored = shopper?.attributes ?? null;
  const summary = shopper?.summary ?? null;
  if (request.storeId && storeName === null) throw new NotFoundError("Store", request.storeId);
  if (request.categoryId && !category) throw new NotFoundError("Category", request.categoryId);

  // Only a known shopper's orders are read: for an unknown id that read would be a scan of every order
  // (FerretDB v1) to find none.
  const history = stored
    ? await fromStoredAttributes(deps, stored)
    : request.userId && user
      ? await fromOrders(deps, request.userId, request.now)
      : null;
  const preferences = user?.preferences;
  const coldStart = !history || history.purchases.length === 0;
  // A new shopper's first session: what they clicked or put in the cart (the events, read only for them).
  const sessionItems =
    coldStart && request.userId && user && deps.reads.sessionItems
      ? await deps.reads.sessionItems(request.userId, request.now, SESSION_ITEMS)
      : [];
  return {
    userId: request.userId,
    coldStart,
    surface: request.surface,
    storeId: request.storeId,
    storeName: storeName ?? null,
    categoryId: request.categoryId,
    cart: request.cart,
    query: request.query,
    now: request.now,
    ageVerified: user?.ageVerified === true,
    dietary: {
      explicit: [...(preferences?.dietary ?? [])],
      inferred:
        stored?.dietary.map((signal) => ({ tag: signal.tag, share: signal.share, confidence: signal.confidence })) ??
        [],
    },
    excluded: {
      brands: [...(preferences?.excludedBrands ?? [])],
      categoryIds: [...(preferences?.excludedCategoryIds ?? [])],
    },
    purchases: history?.purchases ?? [],
    ...(sessionItems.length > 0 ? { sessionItems } : {}),
    categoryAffinity: history?.categoryAffinity ?? {},
    verticalAffinity: history?.verticalAffinity ?? {},
    brandAffinity: history?.brandAffinity ?? {},
    priceSensitivity: history?.priceSensitivity ?? 0.5,
    dealShare: history?.dealShare ?? 0,
    bulkPreference: history?.bulkPreference ?? 1,
    cuisineAffinity: Object.fromEntries((stored?.cuisines ?? []).map((entry) => [entry.key, entry.share])),
    summary: summary?.text ?? null,
    weights: surfaceWeights(deps.plugins, deps.surfaces[request.surface], request.weights),
  };
}

type History = Pick<
  BlendedAttributes,
  | "purchases"
  | "categoryAffinity"
  | "verticalAffinity"
  | "brandAffinity"
  | "priceSensitivity"
  | "dealShare"
  | "bulkPreference"
>;

/** Maps the user-profile document; leaf category shares are spread to every ancestor. */
async function fromStoredAttributes(
  deps: Pick<PipelineDeps, "loaders">,
  stored: UserAttributesDocument,
): Promise<History> {
  const leaves = await deps.loaders.category.loadMany(stored.categories.map((entry) => entry.key));
  const categoryAffinity: Record<string, number> = {};
  stored.categories.forEach((entry, i) => {
    const leaf = leaves[i];
    const path = leaf && !(leaf instanceof Error) ? leaf.path : [entry.key];
    for (const id of path) categoryAffinity[id] = Math.min(1, (categoryAffinity[id] ?? 0) + entry.share);
  });
  return {
    purchases: stored.items.map((item) => ({
      productId: item.productId,
      count: item.purchaseCount,
      ...(item.occasionShare !== undefined ? { occasionShare: item.occasionShare } : {}),
      lastPurchasedAt: new Date(item.lastPurchasedAt),
      ...(item.reorderIntervalDays !== null ? { reorderIntervalDays: item.reorderIntervalDays } : {}),
      ...(item.nextReorderDueAt ? { nextDueAt: new Date(item.nextReorderDueAt) } : {}),
    })),
    categoryAffinity,
    verticalAffinity: Object.fromEntries(stored.verticals.map((entry) => [entry.key, entry.share])),
    brandAffinity: Object.fromEntries(stored.brands.map((entry) => [entry.key, entry.share])),
    priceSensitivity: stored.price.sensitivity ?? 0.5,
    dealShare: stored.price.dealShare ?? 0,
    bulkPreference: stored.size.index ?? 1,
  };
}

/** A minimal profile from the user's last orders: items with cadence, category/vertical/brand shares, deal share. */
async function fromOrders(
  deps: Pick<PipelineDeps, "reads" | "loaders">,
  userId: string,
  now: Date,
): Promise<History | null> {
  const orders = await deps.reads.recentOrders(userId, now, FALLBACK_ORDERS);
  if (orders.length === 0) return null;
  const days = new Map<string, Set<number>>();
  const last = new Map<string, Date>();
  let lines = 0;
  let discounted = 0;
  // Occasion weights as the attributes calculator gives them: OCCASION_DECAY per later order.
  const chronological = [...orders].sort(
    (a, b) => a.placedAt.getTime() - b.placedAt.getTime() || (a._id < b._id ? -1 : 1),
  );
  const weighted = new Map<string, number>();
  let weightSum = 0;
  chronological.forEach((order, index) => {
    const weight = Math.pow(OCCASION_DECAY, chronological.length - 1 - index);
    weightSum += weight;
    for (const productId of new Set(order.lines.map((line) => line.productId)))
      weighted.set(productId, (weighted.get(productId) ?? 0) + weight);
  });
  for (const order of orders) {
    for (const line of order.lines) {
      lines += 1;
      if (line.discount > 0) discounted += 1;
      const set = days.get(line.productId) ?? new Set<number>();
      set.add(Math.floor(order.placedAt.getTime() / DAY_MS));
      days.set(line.productId, set);
      if (!last.has(line.productId) || last.get(line.productId)! < order.placedAt)
        last.set(line.productId, order.placedAt);
    }
  }
  const products = (await deps.loaders.product.loadMany([...days.keys()])).filter(
    (product): product is ProductDocument => !!product && !(product instanceof Error),
  );
  const categoryAffinity: Record<string, number> = {};
  const verticalAffinity: Record<string, number> = {};
  const brandAffinity: Record<string, number> = {};
  const purchases: PurchasedItem[] = [];
  for (const product of products) {
    const occasions = [...days.get(product._id)!].sort((a, b) => a - b);
    const share = occasions.length / Math.max(1, lines);
    for (const id of product.categoryPath) categoryAffinity[id] = Math.min(1, (categoryAffinity[id] ?? 0) + share);
    verticalAffinity[product.vertical] = Math.min(1, (verticalAffinity[product.vertical] ?? 0) + share);
    if (product.brand) brandAffinity[product.brand] = Math.min(1, (brandAffinity[product.brand] ?? 0) + share);
    const gaps = occasions
      .slice(1)
      .map((day, i) => day - occasions[i]!)
      .sort((a, b) => a - b);
    const interval = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : undefined;
    const lastAt = last.get(product._id)!;
    purchases.push({
      productId: product._id,
      count: occasions.length,
      occasionShare: Math.round(((weighted.get(product._id) ?? 0) / weightSum) * 10000) / 10000,
      lastPurchasedAt: lastAt,
      ...(interval ? { reorderIntervalDays: interval, nextDueAt: new Date(lastAt.getTime() + interval * DAY_MS) } : {}),
    });
  }
  purchases.sort(
    (a, b) =>
      b.count - a.count ||
      b.lastPurchasedAt.getTime() - a.lastPurchasedAt.getTime() ||
      a.productId.localeCompare(b.productId),
  );
  const dealShare = discounted / Math.max(1, lines);
  return {
    purchases,
    categoryAffinity,
    verticalAffinity,
    brandAffinity,
    priceSensitivity: Math.min(1, 0.3 + dealShare),
    dealShare,
    bulkPreference: 1,
  };
}

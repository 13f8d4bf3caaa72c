import type { ProductDocument } from "../../core/documents/product.document";
import { VERTICALS } from "../../core/documents/vertical";
import type { BlendedAttributes } from "../../core/personalization/blended-attributes";
import { comparePrice, type CategoryMedians } from "../../core/personalization/price-comparison";
import { SURFACES, type Surface } from "../../core/personalization/surface";

/** Version of the feature layout; an artifact with another version is refused at load. */
export const FEATURE_VERSION = 1;

const TAGS = ["organic", "vegan", "vegetarian", "gluten-free", "dairy-free", "age-restricted"] as const;
const DAY_MS = 86_400_000;

/** Names of the feature columns, in order (stored in every artifact and checked at load). */
export const FEATURE_NAMES: readonly string[] = [
  "user.priceSensitivity",
  "user.dealShare",
  "user.bulkLog",
  "user.coldStart",
  "user.historyLog",
  "affinity.leafCategory",
  "affinity.parentCategory",
  "affinity.brand",
  "affinity.vertical",
  "item.boughtLog",
  "item.boughtAny",
  "item.recency",
  "item.reorderDue",
  "item.priceRatioLog",
  "item.priceRatioXSensitivity",
  "item.priceLog",
  "item.popularity",
  "item.multipack",
  "item.multipackXBulk",
  ...TAGS.map((tag) => `tag.${tag}`),
  ...VERTICALS.map((vertical) => `vertical.${vertical}`),
  ...SURFACES.map((surface) => `surface.${surface}`),
  "context.hourSin",
  "context.hourCos",
];

/** Columns of the surface one-hot: the gates read them (the surface decides the expert mix). */
export const SURFACE_COLUMNS: readonly number[] = SURFACES.map((surface) =>
  FEATURE_NAMES.indexOf(`surface.${surface}`),
);

/** The part of the blended attributes the ranker reads. */
export type RankerAttributes = Pick<
  BlendedAttributes,
  | "coldStart"
  | "purchases"
  | "categoryAffinity"
  | "verticalAffinity"
  | "brandAffinity"
  | "priceSensitivity"
  | "dealShare"
  | "bulkPreference"
>;

/** The shopper side of the features, prepared once per request. */
export interface UserFeatureView {
  attributes: RankerAttributes;
  purchases: Map<string, { count: number; lastAt: number; intervalDays: number | null }>;
  historyLines: number;
}

/** What the features need about a product. */
export type RankerProduct = Pick<
  ProductDocument,
  | "_id"
  | "categoryId"
  | "categoryPath"
  | "brand"
  | "vertical"
  | "price"
  | "priceEstimated"
  | "unitPrice"
  | "tags"
  | "size"
>;

/** An item with its category medians and popularity prior. */
export interface ItemFeatureView {
  product: RankerProduct;
  /** Medians of its leaf category, per price basis. */
  medians: CategoryMedians;
  /** Popularity prior in [0, 1]. */
  popularity: number;
}

/** Indexes the purchases of the attributes for fast lookups. */
export function userFeatureView(attributes: RankerAttributes): UserFeatureView {
  const purchases = new Map<string, { count: number; lastAt: number; intervalDays: number | null }>();
  let historyLines = 0;
  for (const item of attributes.purchases) {
    purchases.set(item.productId, {
      count: item.count,
      lastAt: item.lastPurchasedAt.getTime(),
      intervalDays: item.reorderIntervalDays ?? null,
    });
    historyLines += item.count;
  }
  return { attributes, purchases, historyLines };
}

/**
 * A product's price against its category's median of the same basis (per kg, per l, per item, or list
 * price among unsized products: {@link comparePrice}); null when unknown or estimated.
 */
export function priceRatio(
  product: Pick<RankerProduct, "price" | "unitPrice" | "priceEstimated">,
  medians: CategoryMedians,
): number | null {
  return comparePrice(product, medians)?.ratio ?? null;
}

/** Writes the features of (user, item, surface, time) into `out` at row `row`. */
export function writeFeatures(
  out: Float32Array,
  row: number,
  user: UserFeatureView,
  item: ItemFeatureView,
  surface: Surface,
  at: Date,
): void {
  const D = FEATURE_NAMES.length;
  const o = row * D;
  const a = user.attributes;
  const p = item.product;
  const path = p.categoryPath;
  const parent = path.length >= 2 ? path[path.length - 2]! : p.categoryId;
  const bought = user.purchases.get(p._id);
  const days = bought ? Math.max(0, (at.getTime() - bought.lastAt) / DAY_MS) : 0;
  const ratio = priceRatio(p, item.medians);
  const ratioLog = ratio === null || !(ratio > 0) ? 0 : clamp(Math.log(ratio), -2, 2);
  const multipack = (p.size?.count ?? 1) > 1 ? 1 : 0;
  const bulkLog = clamp(Math.log(Math.max(1e-3, a.bulkPreference || 1)), -2, 2);
  let k = o;
  out[k++] = a.priceSensitivity;
  out[k++] = a.dealShare;
  out[k++] = bulkLog;
  out[k++] = a.coldStart ? 1 : 0;
  out[k++] = Math.log1p(user.historyLines) / 5;
  out[k++] = a.categoryAffinity[p.categoryId] ?? 0;
  out[k++] = a.categoryAffinity[parent] ?? 0;
  out[k++] = p.brand ? (a.brandAffinity[p.brand] ?? 0) : 0;
  out[k++] = a.verticalAffinity[p.vertical] ?? 0;
  out[k++] = bought ? Math.log1p(bought.count) : 0;
  out[k++] = bought ? 1 : 0;
  out[k++] = bought ? Math.exp(-days / 30) : 0;
  out[k++] =
    bought && bought.intervalDays
      ? Math.exp(-Math.abs(days - bought.intervalDays) / Math.max(1, bought.intervalDays))
      : 0;
  out[k++] = ratioLog;
  out[k++] = ratioLog * a.priceSensitivity;
  out[k++] = Math.log1p(Math.max(0, p.price)) / 5;
  out[k++] = item.popularity;
  out[k++] = multipack;
  out[k++] = multipack * bulkLog;
  for (const tag of TAGS) out[k++] = p.tags.includes(tag) ? 1 : 0;
  for (const vertical of VERTICALS) out[k++] = p.vertical === vertical ? 1 : 0;
  for (const name of SURFACES) out[k++] = surface === name ? 1 : 0;
  const hour = (at.getUTCHours() + at.getUTCMinutes() / 60) / 24;
  out[k++] = Math.sin(2 * Math.PI * hour);
  out[k] = Math.cos(2 * Math.PI * hour);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Number.isFinite(value) ? value : 0));
}

import type { PackSize } from "../../catalog/read-model";
import type { Vertical } from "../../../core/documents/vertical";
import { DIETARY_TAGS } from "../../../core/documents/dietary-tags";
import { countDietaryProducts, DietEvidence } from "./diet-evidence";
import type {
  CategoryBrandLoyalty,
  CategoryStatsDocument,
  DietarySignalAttributes,
  ItemAttributes,
  ShareEntry,
  UserAttributesDocument,
} from "./user-attributes.document";

/** One purchased line, from an order or a PURCHASE event. */
export interface PurchaseRecord {
  /** Unique and stable: `${orderId}#${lineIndex}` or the event id; breaks ties in the canonical order. */
  key: string;
  /** The shopping occasion: an order id, or a UTC day for PURCHASE events. */
  occasionId: string;
  productId: string;
  quantity: number;
  /** Price paid per unit; null (PURCHASE events) means the catalog list price. */
  unitPrice: number | null;
  discount: number;
  at: Date;
}

/** Dimension of a normalized pack size. */
export type SizeDimension = "mass" | "volume" | "count";

/** What the calculator needs to know about a product. */
export interface ProductFacts {
  id: string;
  vertical: Vertical;
  categoryId: string;
  brand: string | null;
  price: number;
  size: { dimension: SizeDimension; amount: number } | null;
  tags: string[];
  cuisines: string[];
}

/** Tunables of {@link computeAttributes}; the defaults are the product's. */
export interface CalculatorOptions {
  maxItems: number;
  maxShares: number;
  maxCuisines: number;
}

export const DEFAULT_CALCULATOR_OPTIONS: CalculatorOptions = { maxItems: 100, maxShares: 20, maxCuisines: 10 };

/** Verticals whose lines count as food for dietary signals. */
const FOOD_VERTICALS = new Set<Vertical>(["GROCERY", "CONVENIENCE", "RESTAURANT"]);

/**
 * Deal-share calibration: in The Complete Journey (75k line items, 1,269 households with ≥ 20 lines)
 * the 10th and 90th percentiles of a household's share of discounted lines are 0.36 and 0.66.
 */
const DEAL_SHARE_P10 = 0.36;
const DEAL_SHARE_P90 = 0.66;
/** Price index mapped to sensitivity: 1.25× the median → 0.1, 0.75× → 0.9. */
const PRICE_INDEX_HIGH = 1.25;
const PRICE_INDEX_LOW = 0.75;
/** Food lines at which dietary confidence reaches 0.5. */
const DIETARY_HALF_CONFIDENCE_LINES = 10;
/** Pack-size ratio from which a line counts as bulk. */
const BULK_RATIO = 1.5;
/**
 * Weight an occasion loses for each later occasion in `ItemAttributes.occasionShare` (recent habits count
 * most). 0.9 per basket is TIFU-KNN's within-history decay on Ta-Feng; chosen again on validation splits of
 * Ta-Feng and The Complete Journey (docs/evaluation.md).
 */
export const OCCASION_DECAY = 0.9;

const DAY_MS = 86_400_000;

/** Grams, millilitres or items in one unit of each normalized unit. */
const UNIT_FACTORS: Record<string, { dimension: SizeDimension; factor: number }> = {
  g: { dimension: "mass", factor: 1 },
  kg: { dimension: "mass", factor: 1000 },
  oz: { dimension: "mass", factor: 28.349523125 },
  lb: { dimension: "mass", factor: 453.59237 },
  ml: { dimension: "volume", factor: 1 },
  l: { dimension: "volume", factor: 1000 },
  fl_oz: { dimension: "volume", factor: 29.5735295625 },
  ct: { dimension: "count", factor: 1 },
};

/** Normalizes a pack size to grams, millilitres or items; null when unknown or unusable. */
export function normalizeSize(size: PackSize | undefined | null): ProductFacts["size"] {
  if (!size) return null;
  const unit = UNIT_FACTORS[size.unit];
  const amount = size.value * (size.count || 1) * (unit?.factor ?? 0);
  return unit && Number.isFinite(amount) && amount > 0 ? { dimension: unit.dimension, amount } : null;
}

/** Median of numbers (mean of the middle two for even counts); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds to 4 decimals so stored documents stay readable (and still identical between paths). */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function ratioOrNull(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round4(numerator / denominator) : null;
}

/**
 * Log-odds of a calibrated logistic that maps `at10` to 0.1 and `at90` to 0.9 (either may be the larger).
 * Unlike a clamp to [at10, at90] it keeps shoppers outside the calibration range apart: with deal shares
 * below the calibration's 10th percentile (as in the seed), a clamp gave every shopper the same 0.
 */
function calibratedLogOdds(value: number, at10: number, at90: number): number {
  return (Math.log(9) * (2 * value - at10 - at90)) / (at90 - at10);
}

function logistic(logOdds: number): number {
  return 1 / (1 + Math.exp(-logOdds));
}

/** Category price and size medians, and dietary tag counts, from the products of that category. */
export function computeCategoryStats(
  categoryId: string,
  products: readonly Pick<ProductFacts, "price" | "size" | "tags">[],
): CategoryStatsDocument {
  const sizes: Record<SizeDimension, number[]> = { mass: [], volume: [], count: [] };
  for (const product of products) if (product.size) sizes[product.size.dimension].push(product.size.amount);
  const medianSize: CategoryStatsDocument["medianSize"] = {};
  for (const dimension of ["mass", "volume", "count"] as const) {
    const value = median(sizes[dimension]);
    if (value !== null) medianSize[dimension] = value;
  }
  return {
    _id: categoryId,
    products: products.length,
    medianPrice: median(products.map((product) => product.price).filter((price) => price > 0)),
    medianSize,
    dietaryProducts: countDietaryProducts(DIETARY_TAGS, products),
  };
}

function topShares(counts: Map<string, number>, total: number, limit: number): ShareEntry[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, lines]) => ({ key, share: round4(lines / total), lines: round4(lines) }));
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** UTC calendar day of a date, as days since the epoch. */
function epochDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/**
 * Derives a shopper's attributes from their purchase lines. Pure and order-independent: the records
 * are put in a canonical order first, so any path that gathers the same records gets the same document.
 * Lines of products missing from `products` are ignored. `computedAt` is the caller's.
 */
export function computeAttributes(
  userId: string,
  records: readonly PurchaseRecord[],
  products: ReadonlyMap<string, ProductFacts>,
  categoryStats: ReadonlyMap<string, CategoryStatsDocument>,
  computedAt: Date,
  options: CalculatorOptions = DEFAULT_CALCULATOR_OPTIONS,
): UserAttributesDocument {
  const lines = records
    .filter((record) => products.has(record.productId) && record.quantity > 0)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = lines.length;

  const items = new Map<string, { occasions: Set<string>; days: Set<number>; units: number; last: Date }>();
  const occasions = new Map<string, { at: Date; units: number }>();
  const categories = new Map<string, number>();
  const verticals = new Map<string, number>();
  const brands = new Map<string, number>();
  const brandsByCategory = new Map<string, Map<string, number>>();
  const cuisines = new Map<string, number>();
  const dietary = new Map<string, number>();
  const dietEvidence = new DietEvidence(DIETARY_TAGS, categoryStats);
  let units = 0;
  let brandedLines = 0;
  let foodLines = 0;
  let restaurantLines = 0;
  let dealLines = 0;
  let discountRateSum = 0;
  let priceRatioSum = 0;
  let priceCompared = 0;
  let sizeRatioSum = 0;
  let sizeCompared = 0;
  let bulkLines = 0;

  for (const line of lines) {
    const product = products.get(line.productId)!;
    units += line.quantity;
    const item = items.get(line.productId) ?? {
      occasions: new Set<string>(),
      days: new Set<number>(),
      units: 0,
      last: line.at,
    };
    item.occasions.add(line.occasionId);
    item.days.add(epochDay(line.at));
    item.units += line.quantity;
    if (line.at.getTime() >= item.last.getTime()) item.last = line.at;
    items.set(line.productId, item);

    const occasion = occasions.get(line.occasionId) ?? { at: line.at, units: 0 };
    occasion.units += line.quantity;
    if (line.at.getTime() < occasion.at.getTime()) occasion.at = line.at;
    occasions.set(line.occasionId, occasion);

    increment(categories, product.categoryId);
    increment(verticals, product.vertical);
    if (product.brand) {
      brandedLines += 1;
      increment(brands, product.brand);
      const perCategory = brandsByCategory.get(product.categoryId) ?? new Map<string, number>();
      increment(perCategory, product.brand);
      brandsByCategory.set(product.categoryId, perCategory);
    }

    const paid = line.unitPrice ?? product.price;
    if (line.discount > 0) dealLines += 1;
    if (paid + line.discount > 0) discountRateSum += Math.max(0, line.discount) / (paid + line.discount);
    const stats = categoryStats.get(product.categoryId);
    if (stats?.medianPrice && stats.medianPrice > 0) {
      priceRatioSum += paid / stats.medianPrice;
      priceCompared += 1;
    }
    const medianSize = product.size ? stats?.medianSize[product.size.dimension] : undefined;
    if (product.size && medianSize && medianSize > 0) {
      const ratio = product.size.amount / medianSize;
      sizeRatioSum += ratio;
      sizeCompared += 1;
      if (ratio >= BULK_RATIO) bulkLines += 1;
    }

    if (FOOD_VERTICALS.has(product.vertical)) {
      foodLines += 1;
      dietEvidence.addLine(product.categoryId, product.tags);
      for (const tag of product.tags) if ((DIETARY_TAGS as readonly string[]).includes(tag)) increment(dietary, tag);
    }
    if (product.vertical === "RESTAURANT" && product.cuisines.length > 0) {
      restaurantLines += 1;
      const distinct = [...new Set(product.cuisines.map((cuisine) => cuisine.toLowerCase()))];
      for (const cuisine of distinct) increment(cuisines, cuisine, 1 / distinct.length);
    }
  }

  // Recency weight of each occasion: OCCASION_DECAY per later occasion (ties in time by id, as above).
  const occasionWeight = new Map<string, number>();
  const byTime = [...occasions.entries()].sort(
    (a, b) => a[1].at.getTime() - b[1].at.getTime() || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  let weightSum = 0;
  byTime.forEach(([id], index) => {
    const weight = Math.pow(OCCASION_DECAY, byTime.length - 1 - index);
    occasionWeight.set(id, weight);
    weightSum += weight;
  });

  const itemList: ItemAttributes[] = [...items.entries()]
    .map(([productId, item]) => {
      let weighted = 0;
      for (const occasion of item.occasions) weighted += occasionWeight.get(occasion) ?? 0;
      const days = [...item.days].sort((a, b) => a - b);
      const interval = median(days.slice(1).map((day, index) => day - days[index]!));
      return {
        productId,
        purchaseCount: item.occasions.size,
        occasionShare: weightSum > 0 ? round4(weighted / weightSum) : 0,
        units: item.units,
        lastPurchasedAt: item.last,
        reorderIntervalDays: interval === null ? null : round4(interval),
        nextReorderDueAt: interval === null ? null : new Date(item.last.getTime() + Math.round(interval * DAY_MS)),
      };
    })
    .sort(
      (a, b) =>
        b.purchaseCount - a.purchaseCount ||
        b.lastPurchasedAt.getTime() - a.lastPurchasedAt.getTime() ||
        (a.productId < b.productId ? -1 : 1),
    )
    .slice(0, options.maxItems);

  const categoryBrandLoyalty: CategoryBrandLoyalty[] = [];
  let loyalTop = 0;
  let loyalTotal = 0;
  for (const [categoryId, counts] of brandsByCategory) {
    const [brand, top] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const categoryLines = [...counts.values()].reduce((sum, count) => sum + count, 0);
    categoryBrandLoyalty.push({ categoryId, brand, share: round4(top / categoryLines), lines: categoryLines });
    if (categoryLines >= 2) {
      loyalTop += top;
      loyalTotal += categoryLines;
    }
  }
  categoryBrandLoyalty.sort((a, b) => b.lines - a.lines || (a.categoryId < b.categoryId ? -1 : 1));

  const occasionList = [...occasions.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  const gaps = occasionList
    .slice(1)
    .map((occasion, index) => (occasion.at.getTime() - occasionList[index]!.at.getTime()) / DAY_MS);
  const medianGap = median(gaps);
  const medianUnits = median(occasionList.map((occasion) => occasion.units));
  const stockUpShare =
    occasionList.length >= 3 && medianUnits !== null
      ? ratioOrNull(occasionList.filter((occasion) => occasion.units >= 2 * medianUnits).length, occasionList.length)
      : null;

  const priceIndex = ratioOrNull(priceRatioSum, priceCompared);
  const dealShare = ratioOrNull(dealLines, total);
  // Each signal becomes calibrated log-odds; their mean goes back through the logistic (evidence averaged).
  const sensitivityParts: number[] = [];
  if (dealShare !== null) sensitivityParts.push(calibratedLogOdds(dealShare, DEAL_SHARE_P10, DEAL_SHARE_P90));
  if (priceIndex !== null) sensitivityParts.push(calibratedLogOdds(priceIndex, PRICE_INDEX_HIGH, PRICE_INDEX_LOW));

  const confidence = round4(foodLines / (foodLines + DIETARY_HALF_CONFIDENCE_LINES));
  const dietarySignals: DietarySignalAttributes[] = [...dietary.entries()]
    .map(([tag, count]) => ({
      tag,
      share: round4(count / foodLines),
      lines: count,
      confidence,
      probability: round4(dietEvidence.probability(tag)),
    }))
    .sort((a, b) => b.share - a.share || (a.tag < b.tag ? -1 : 1));

  return {
    _id: userId,
    asOf: lines.length > 0 ? lines[lines.length - 1]!.at : null,
    computedAt,
    purchaseLines: total,
    occasions: occasions.size,
    units,
    items: itemList,
    categories: topShares(categories, total, options.maxShares),
    verticals: topShares(verticals, total, Number.MAX_SAFE_INTEGER) as UserAttributesDocument["verticals"],
    brands: topShares(brands, brandedLines, options.maxShares),
    brandLoyalty: ratioOrNull(loyalTop, loyalTotal),
    categoryBrandLoyalty: categoryBrandLoyalty.slice(0, options.maxShares),
    price: {
      index: priceIndex,
      dealShare,
      meanDiscountRate: ratioOrNull(discountRateSum, total),
      sensitivity:
        sensitivityParts.length > 0
          ? round4(logistic(sensitivityParts.reduce((sum, part) => sum + part, 0) / sensitivityParts.length))
          : null,
      linesCompared: priceCompared,
    },
    size: {
      index: ratioOrNull(sizeRatioSum, sizeCompared),
      bulkShare: ratioOrNull(bulkLines, sizeCompared),
      linesCompared: sizeCompared,
    },
    stockUp: {
      medianDaysBetweenOccasions: medianGap === null ? null : round4(medianGap),
      meanUnitsPerOccasion: ratioOrNull(units, occasions.size),
      stockUpShare,
    },
    dietary: dietarySignals,
    cuisines: topShares(cuisines, restaurantLines, options.maxCuisines),
  };
}

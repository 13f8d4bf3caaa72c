import type { ProductDocument } from "../documents/product.document";

/**
 * What a price is compared by. A product with a known size is compared by its unit price, and only with
 * unit prices of the same basis: `kg` (mass), `l` (volume) or `item` (counted). A product without a
 * known size is compared by its list price, and only with list prices of other products without one
 * (`pack`). Prices per kg, per litre and per item are never compared with one another.
 */
export type PriceBasis = "kg" | "l" | "item" | "pack";

/** Every basis, in a fixed order. */
export const PRICE_BASES: readonly PriceBasis[] = ["kg", "l", "item", "pack"];

/**
 * Median prices of a category (every product under it, at any depth), one per basis, each over the
 * products priced on that basis only. A basis with fewer than {@link MIN_COMPARABLE_PRICES} such
 * products has no median (absent). Estimated prices (`priceEstimated`) never count.
 */
export type CategoryMedians = Partial<Record<PriceBasis, number>>;

/** Fewest products priced on one basis for a category median of that basis. */
export const MIN_COMPARABLE_PRICES = 3;

/** What the comparison reads of a product. */
export type PricedProduct = Pick<ProductDocument, "price" | "unitPrice" | "priceEstimated">;

/**
 * The basis and the price a product is compared by: its unit price when it has one (per kg, per l or
 * per item), else its list price (`pack`). Null when the price is an estimate, or a unit the comparison
 * does not know: such a price is not compared at all.
 */
export function comparablePrice(product: PricedProduct): { basis: PriceBasis; value: number } | null {
  if (product.priceEstimated) return null;
  if (product.unitPrice) {
    const basis = product.unitPrice.per;
    return (basis === "kg" || basis === "l" || basis === "item") && product.unitPrice.value > 0
      ? { basis, value: product.unitPrice.value }
      : null;
  }
  return product.price > 0 ? { basis: "pack", value: product.price } : null;
}

/** A product's price against its category's median of the same basis. */
export interface PriceComparison {
  basis: PriceBasis;
  /** The product's comparable price divided by the category median of its basis. */
  ratio: number;
  /** The median it was divided by. */
  median: number;
}

/**
 * The product's comparable price ({@link comparablePrice}) against the category median of the same
 * basis; null when either is unknown (estimated price, or too few comparable prices in the category).
 * Every price ratio in the pipeline, the ranker and the deals goes through here.
 */
export function comparePrice(product: PricedProduct, medians: CategoryMedians | undefined): PriceComparison | null {
  const own = comparablePrice(product);
  const median = own ? medians?.[own.basis] : undefined;
  if (!own || median === undefined || !(median > 0)) return null;
  return { basis: own.basis, ratio: own.value / median, median };
}

/** The medians of a set of products (one category's), per basis ({@link CategoryMedians}). */
export function categoryMediansOf(products: Iterable<PricedProduct>): CategoryMedians {
  const prices: Record<PriceBasis, number[]> = { kg: [], l: [], item: [], pack: [] };
  for (const product of products) {
    const own = comparablePrice(product);
    if (own) prices[own.basis].push(own.value);
  }
  return mediansByBasis(prices);
}

/** {@link CategoryMedians} from the comparable prices of a category grouped by basis (the arrays are sorted in place). */
export function mediansByBasis(prices: Readonly<Record<PriceBasis, number[]>>): CategoryMedians {
  const medians: CategoryMedians = {};
  for (const basis of PRICE_BASES) {
    const values = prices[basis];
    if (values.length < MIN_COMPARABLE_PRICES) continue;
    values.sort((a, b) => a - b);
    const middle = values.length >> 1;
    medians[basis] = values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
  }
  return medians;
}

/** How a sentence names a basis: "per kg", "per litre", "per item"; a list price names none. */
export function basisPhrase(basis: PriceBasis): string {
  return basis === "pack" ? "" : ` per ${basis === "l" ? "litre" : basis}`;
}

/**
 * Products of one category, best value first: lowest {@link comparePrice} ratio against the category's
 * medians (products not compared last), then unit price, list price, id. Returns a new array.
 */
export function bestValueFirst<T extends PricedProduct & { _id: string }>(
  products: readonly T[],
  medians: CategoryMedians,
): T[] {
  const ratio = new Map(products.map((product) => [product._id, comparePrice(product, medians)?.ratio ?? Infinity]));
  return [...products].sort(
    (a, b) =>
      ratio.get(a._id)! - ratio.get(b._id)! ||
      (a.unitPrice?.value ?? Infinity) - (b.unitPrice?.value ?? Infinity) ||
      a.price - b.price ||
      a._id.localeCompare(b._id),
  );
}

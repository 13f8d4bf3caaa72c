import type { ProductDocument } from "../../core/documents/product.document";

/** The products a price claim is checked against (what the checker reads of each). */
export type ClaimProduct = Pick<
  ProductDocument,
  "_id" | "categoryId" | "categoryPath" | "price" | "unitPrice" | "priceEstimated"
>;

/**
 * A served reason that states a price percentage: "23% below the usual price per item in its category".
 * `per` is the basis the sentence names: `kg`, `litre`, `item`, `unit` (no basis named: the wording
 * before prices were compared by unit) or `null` (a list price, "below the usual price in its category").
 */
export interface PriceClaim {
  percent: number;
  per: "kg" | "litre" | "item" | "unit" | null;
}

const CLAIM = /(\d+(?:\.\d+)?)% below the usual price(?: per (kg|litre|item|unit))? in its category/;

/** The price claim a reason text makes, or null when it states no percentage of a price. */
export function parsePriceClaim(text: string): PriceClaim | null {
  const match = CLAIM.exec(text);
  if (!match) return null;
  return { percent: Number(match[1]), per: (match[2] as PriceClaim["per"] | undefined) ?? null };
}

/** The verdict on one claim. */
export interface ClaimVerdict {
  true: boolean;
  /** Why it is false (absent when true). */
  problem?: string;
  /** The percentage a recomputation from comparable prices gives (null when none can be computed). */
  expected: number | null;
  /** Products the median was taken over. */
  comparable: number;
}

/** Largest difference, in percentage points, between the stated and the recomputed figure that still counts as true (rounding). */
export const CLAIM_TOLERANCE = 1;

/**
 * Checks a claim about `product` against every product of its category (any product whose
 * `categoryPath` holds the product's `categoryId`), written independently of the serving code: a price
 * per kg is compared only with prices per kg, per litre with per litre, per item with per item, and the
 * list price of a product without a size only with list prices of products without one. An estimated
 * price (`priceEstimated`) is not a price a shopper pays, so no claim on it, or against it, is true.
 */
export function checkPriceClaim(
  claim: PriceClaim,
  product: ClaimProduct,
  category: readonly ClaimProduct[],
): ClaimVerdict {
  const unfounded = (problem: string, comparable = 0): ClaimVerdict => ({
    true: false,
    problem,
    expected: null,
    comparable,
  });
  if (product.priceEstimated) return unfounded("the product's price is an estimate");
  const unit = product.unitPrice;
  let own: number;
  let sameBasis: (other: ClaimProduct) => boolean;
  if (claim.per === null) {
    if (unit) return unfounded(`a list price compared although the product has a price per ${unit.per}`);
    own = product.price;
    sameBasis = (other) => !other.unitPrice;
  } else {
    if (!unit) return unfounded("a price per unit claimed for a product without a known size");
    const named = claim.per === "litre" ? "l" : claim.per;
    if (named !== "unit" && named !== unit.per)
      return unfounded(`claims a price per ${claim.per}, the product is priced per ${unit.per}`);
    own = unit.value;
    sameBasis = (other) => other.unitPrice?.per === unit.per;
  }
  const prices = category
    .filter((other) => !other.priceEstimated && sameBasis(other))
    .map((other) => (claim.per === null ? other.price : other.unitPrice!.value))
    .sort((a, b) => a - b);
  if (prices.length < 2)
    return unfounded("no other product of its category is priced on the same basis", prices.length);
  const middle = prices.length >> 1;
  const median = prices.length % 2 === 1 ? prices[middle]! : (prices[middle - 1]! + prices[middle]!) / 2;
  const expected = Math.round((1 - own / median) * 100);
  if (Math.abs(expected - claim.percent) > CLAIM_TOLERANCE)
    return { true: false, problem: `comparable prices give ${expected}%`, expected, comparable: prices.length };
  return { true: true, expected, comparable: prices.length };
}

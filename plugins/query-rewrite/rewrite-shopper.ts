import { normalizeText } from "../../core/llm/input-hash";

/** What query rewrite knows about the shopper: a summary of the blended attributes. */
export interface RewriteShopper {
  /** Shares in [0, 1] by vertical (GROCERY, RESTAURANT, …). */
  verticalAffinity: Record<string, number>;
  /** Shares in [0, 1] by brand. */
  brandAffinity: Record<string, number>;
  /** Shares in [0, 1] by cuisine (restaurant orders). */
  cuisineAffinity: Record<string, number>;
  /** Stated dietary constraints and confident inferred ones. */
  dietary: string[];
  /** Shares in [0, 1] by category id, ancestors included (absent = none known); the offline rewrite favours aisles the shopper buys from. */
  categoryAffinity?: Record<string, number>;
  /** 0 = indifferent to price, 1 = very price sensitive (absent = unknown). */
  priceSensitivity?: number;
}

/** A shopper without history. */
export const ANONYMOUS_SHOPPER: RewriteShopper = Object.freeze({
  verticalAffinity: {},
  brandAffinity: {},
  cuisineAffinity: {},
  dietary: [],
});

/** The slice of the pipeline's BlendedAttributes that query rewrite reads (structural, no import). */
export interface BlendedAttributesLike {
  verticalAffinity: Record<string, number>;
  brandAffinity: Record<string, number>;
  cuisineAffinity: Record<string, number>;
  dietary: { explicit: string[]; inferred: { tag: string; confidence: number }[] };
  categoryAffinity?: Record<string, number>;
  priceSensitivity?: number;
}

/** Summarizes blended attributes; inferred dietary signals count from confidence 0.7. */
export function rewriteShopperOf(attributes: BlendedAttributesLike): RewriteShopper {
  const dietary = new Set(attributes.dietary.explicit);
  for (const signal of attributes.dietary.inferred) if (signal.confidence >= 0.7) dietary.add(signal.tag);
  return {
    verticalAffinity: attributes.verticalAffinity,
    brandAffinity: attributes.brandAffinity,
    cuisineAffinity: attributes.cuisineAffinity,
    dietary: [...dietary].sort(),
    ...(attributes.categoryAffinity ? { categoryAffinity: attributes.categoryAffinity } : {}),
    ...(attributes.priceSensitivity !== undefined ? { priceSensitivity: attributes.priceSensitivity } : {}),
  };
}

/**
 * A coarse label of a shopper for reports: the dominant vertical (share ≥ 0.4, else "mixed"; "new" without
 * history) and the dietary constraints, e.g. "RESTAURANT|vegan". Not a cache key: answers are cached per
 * exact {@link rewriteProfileOf} profile.
 */
export function shopperSegment(shopper: RewriteShopper): string {
  const entries = Object.entries(shopper.verticalAffinity).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = entries[0];
  const vertical = !top || top[1] <= 0 ? "new" : top[1] >= 0.4 ? top[0] : "mixed";
  return [vertical, ...shopper.dietary.map(normalizeText).sort()].join("|");
}

/** What the model is told about a shopper (and all it is told): quantized shares, dietary tags and price sensitivity. */
export interface RewriteProfile {
  verticalAffinity: Record<string, number>;
  topBrands: Record<string, number>;
  cuisineAffinity: Record<string, number>;
  dietary: string[];
  /** Price sensitivity rounded to 0.1; null when unknown. */
  priceSensitivity: number | null;
}

/** Shares rounded to 0.1, zero shares dropped, the `limit` largest kept (ties by key). */
function quantizedShares(shares: Record<string, number>, limit: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(shares)
      .map(([key, share]) => [key, Math.round(share * 10) / 10] as const)
      .filter(([, share]) => share > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit),
  );
}

/**
 * The profile a rewrite prompt carries. It is also the rewrite's cache key (with the query and the
 * narrowed catalog): two shoppers share a cached answer only when the model would have seen exactly the
 * same profile, so no shopper is served an answer personalized from another one's data.
 */
export function rewriteProfileOf(shopper: RewriteShopper): RewriteProfile {
  return {
    verticalAffinity: quantizedShares(shopper.verticalAffinity, 7),
    topBrands: quantizedShares(shopper.brandAffinity, 5),
    cuisineAffinity: quantizedShares(shopper.cuisineAffinity, 5),
    dietary: shopper.dietary.map(normalizeText).sort(),
    priceSensitivity: shopper.priceSensitivity === undefined ? null : Math.round(shopper.priceSensitivity * 10) / 10,
  };
}

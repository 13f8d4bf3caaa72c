import { normalizeText } from "../input-hash";

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
}

/** A shopper without history. */
export const ANONYMOUS_SHOPPER: RewriteShopper = Object.freeze({ verticalAffinity: {}, brandAffinity: {}, cuisineAffinity: {}, dietary: [] });

/** The slice of the pipeline's BlendedAttributes that query rewrite reads (structural, no import). */
export interface BlendedAttributesLike {
  verticalAffinity: Record<string, number>;
  brandAffinity: Record<string, number>;
  cuisineAffinity: Record<string, number>;
  dietary: { explicit: string[]; inferred: { tag: string; confidence: number }[] };
  categoryAffinity?: Record<string, number>;
}

/** Summarizes blended attributes; inferred dietary signals count from confidence 0.7. */
export function rewriteShopperOf(attributes: BlendedAttributesLike): RewriteShopper {
  const dietary = new Set(attributes.dietary.explicit);
  for (const signal of attributes.dietary.inferred) if (signal.confidence >= 0.7) dietary.add(signal.tag);
  return { verticalAffinity: attributes.verticalAffinity, brandAffinity: attributes.brandAffinity, cuisineAffinity: attributes.cuisineAffinity, dietary: [...dietary].sort(), ...(attributes.categoryAffinity ? { categoryAffinity: attributes.categoryAffinity } : {}) };
}

/**
 * The cache segment of a shopper: the dominant vertical (share ≥ 0.4, else "mixed"; "new" without
 * history) and the dietary constraints, e.g. "RESTAURANT|vegan". LLM answers are cached per query and segment.
 */
export function shopperSegment(shopper: RewriteShopper): string {
  const entries = Object.entries(shopper.verticalAffinity).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = entries[0];
  const vertical = !top || top[1] <= 0 ? "new" : top[1] >= 0.4 ? top[0] : "mixed";
  return [vertical, ...shopper.dietary.map(normalizeText).sort()].join("|");
}

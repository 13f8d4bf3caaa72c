import type { Surface } from "./surface";

/** One item the shopper bought, from the long-term attributes. */
export interface PurchasedItem {
  productId: string;
  /** Purchase occasions that included it. */
  count: number;
  /**
   * Recency-weighted share of the shopper's purchase occasions that included it, in [0, 1] (each occasion
   * counts 0.9 for every later one): how much of the shopper's recent shopping it is part of. Absent when
   * the profile predates it.
   */
  occasionShare?: number;
  lastPurchasedAt: Date;
  /** Median days between purchases; absent with a single purchase. */
  reorderIntervalDays?: number;
  /** When the next reorder is due (last purchase + interval). */
  nextDueAt?: Date;
}

/** An inferred dietary signal: share of purchases carrying the tag, and confidence in [0, 1]. */
export interface InferredDietarySignal {
  tag: string;
  share: number;
  confidence: number;
}

/**
 * Output of step 1 (attribute blending): the shopper's long-term attributes merged with the session
 * and the request context. Every plugin reads this; none reads raw profiles.
 */
export interface BlendedAttributes {
  /** Null for an anonymous request. */
  userId: string | null;
  /** True when there is no usable history (anonymous, unknown or new user). */
  coldStart: boolean;
  surface: Surface;
  storeId: string | null;
  /** Display name of `storeId`, when one is given. */
  storeName?: string | null;
  categoryId: string | null;
  /** Product ids in the cart (checkout aisle). */
  cart: string[];
  /** Free-text query (search). */
  query: string | null;
  /** Request time; plugins use it instead of the clock, so results are reproducible. */
  now: Date;
  ageVerified: boolean;
  dietary: { explicit: string[]; inferred: InferredDietarySignal[] };
  excluded: { brands: string[]; categoryIds: string[] };
  /** Most bought items first. */
  purchases: PurchasedItem[];
  /**
   * For a known shopper without history: the products of their first session they clicked or added to
   * the cart, newest first (cold start through Semantic-ID prefixes). Absent or empty otherwise.
   */
  sessionItems?: string[];
  /** Shares in [0, 1] by category id (all ancestors included) and by vertical. */
  categoryAffinity: Record<string, number>;
  verticalAffinity: Record<string, number>;
  /** Share in [0, 1] by brand. */
  brandAffinity: Record<string, number>;
  /** 0 = indifferent to price, 1 = very price sensitive. */
  priceSensitivity: number;
  /** Share of purchase lines bought on a deal. */
  dealShare: number;
  /** > 1 prefers larger packs than the category median, < 1 smaller. */
  bulkPreference: number;
  /** Share in [0, 1] by cuisine, from restaurant orders. */
  cuisineAffinity: Record<string, number>;
  /** Short profile text of the order history, when one exists. */
  summary: string | null;
  /** Dimension weights for this request (surface defaults, then the request's overrides). */
  weights: Record<string, number>;
}

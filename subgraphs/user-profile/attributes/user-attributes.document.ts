import type { Vertical } from "../../../core/documents/vertical";

/** Name of the collection of derived attributes; one document a user, owned by user-profile. */
export const USER_ATTRIBUTES_COLLECTION = "user_attributes";

/** Name of the cached per-category price and size medians (built from `products`). */
export const CATEGORY_STATS_COLLECTION = "user_profile_category_stats";

/** Purchase history of one product. */
export interface ItemAttributes {
  productId: string;
  /** Purchase occasions (orders, or days with PURCHASE events) that included it. */
  purchaseCount: number;
  /**
   * Recency-weighted share of the shopper's occasions that included it, 0–1: each occasion weighs
   * OCCASION_DECAY (0.9) for every later occasion. Absent in documents computed before it existed.
   */
  occasionShare?: number;
  units: number;
  lastPurchasedAt: Date;
  /** Median days between consecutive purchase days; null with fewer than two. */
  reorderIntervalDays: number | null;
  nextReorderDueAt: Date | null;
}

/** A share of purchase lines of one key (category, vertical, brand, cuisine). */
export interface ShareEntry {
  key: string;
  share: number;
  lines: number;
}

/** The most bought brand of one category. */
export interface CategoryBrandLoyalty {
  categoryId: string;
  brand: string;
  /** Share of the category's branded lines on that brand. */
  share: number;
  lines: number;
}

/** An inferred dietary signal. */
export interface DietarySignalAttributes {
  tag: string;
  /** Share of food lines carrying the tag. */
  share: number;
  lines: number;
  /** 0..1, grows with the number of food lines seen. */
  confidence: number;
  /**
   * Probability 0–1 that the shopper keeps the diet (`DietEvidence` (diet-evidence.ts)); absent in documents computed
   * before it existed.
   */
  probability?: number;
}

/** Derived shopper attributes (collection `user_attributes`, `_id` = user id). */
export interface UserAttributesDocument {
  _id: string;
  /** Latest purchase taken into account; null without purchases. */
  asOf: Date | null;
  /** When this document was computed (wall clock; the only field that differs between identical inputs). */
  computedAt: Date;
  purchaseLines: number;
  occasions: number;
  units: number;
  items: ItemAttributes[];
  categories: ShareEntry[];
  verticals: (ShareEntry & { key: Vertical })[];
  brands: ShareEntry[];
  brandLoyalty: number | null;
  categoryBrandLoyalty: CategoryBrandLoyalty[];
  price: {
    /** Mean of price paid / category median list price; 1 = pays the median. */
    index: number | null;
    /** Share of lines bought with a discount. */
    dealShare: number | null;
    /** Mean discount / (price paid + discount). */
    meanDiscountRate: number | null;
    /** 0 (indifferent) .. 1 (very price sensitive). */
    sensitivity: number | null;
    linesCompared: number;
  };
  size: {
    /** Mean pack size / category median pack size of the same dimension. */
    index: number | null;
    /** Share of compared lines with a pack at least 1.5× the category median. */
    bulkShare: number | null;
    linesCompared: number;
  };
  stockUp: {
    medianDaysBetweenOccasions: number | null;
    meanUnitsPerOccasion: number | null;
    /** Share of occasions with at least twice the shopper's median units. */
    stockUpShare: number | null;
  };
  dietary: DietarySignalAttributes[];
  cuisines: ShareEntry[];
}

/** Per-category medians used to judge price and pack size (collection {@link CATEGORY_STATS_COLLECTION}). */
export interface CategoryStatsDocument {
  _id: string;
  products: number;
  medianPrice: number | null;
  medianSize: { mass?: number; volume?: number; count?: number };
  /** Per dietary tag, how many of the category's products carry it (absent in stats stored before it existed). */
  dietaryProducts?: Record<string, number>;
}

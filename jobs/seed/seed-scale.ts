/** Seed scales, smallest to largest. */
export const SEED_SCALES = ["tiny", "small", "medium", "large"] as const;
export type SeedScale = (typeof SEED_SCALES)[number];

/** What a scale generates. */
export interface ScaleSpec {
  /** Products across all verticals, restaurant dishes included. */
  products: number;
  stores: number;
  restaurants: number;
  users: number;
  /** Simulated history length. */
  months: number;
  /** Offers per store product, roughly (stores in the product's store group); 0 = every store of the vertical. */
  storesPerProduct: number;
  /** Sessions/events are generated for orders in the last N days of the history (all when ≥ months×31). */
  eventWindowDays: number;
  /** Documents per bulk write. */
  batchSize: number;
}

/** The four scales; `tiny` takes seconds and is what `npm start` and the tests use. */
export const SCALES: Record<SeedScale, ScaleSpec> = {
  tiny: {
    products: 450,
    stores: 7,
    restaurants: 3,
    users: 20,
    months: 6,
    storesPerProduct: 0,
    eventWindowDays: 1000,
    batchSize: 1000,
  },
  small: {
    products: 5000,
    stores: 40,
    restaurants: 20,
    users: 1000,
    months: 6,
    storesPerProduct: 4,
    eventWindowDays: 1000,
    batchSize: 2000,
  },
  medium: {
    products: 50000,
    stores: 300,
    restaurants: 200,
    users: 10000,
    months: 6,
    storesPerProduct: 5,
    eventWindowDays: 60,
    batchSize: 2000,
  },
  large: {
    products: 500000,
    stores: 1400,
    restaurants: 700,
    users: 100000,
    months: 6,
    storesPerProduct: 5,
    eventWindowDays: 21,
    batchSize: 4000,
  },
};

/** Names of the MongoDB collections; one owner subgraph each (others only read). */
export const COLLECTIONS = {
  products: "products",
  categories: "categories",
  merchants: "merchants",
  offers: "offers",
  users: "users",
  orders: "orders",
  /** Per shopper (`_id`: user id) and once for the whole collection (`_id`: "*"): a fresh mark after each write of `orders`. */
  orderWrites: "order_writes",
  /** Each shopper's order ids newest first, with the `order_writes` marks they were derived under (core/documents/order-timeline.ts). */
  orderTimelines: "order_timelines",
  events: "events",
  catalogMeta: "catalog_meta",
  simulatorTruth: "simulator_truth",
  userAttributes: "user_attributes",
  userSummaries: "user_summaries",
  userProfileCategoryStats: "user_profile_category_stats",
  coupons: "coupons",
  campaigns: "campaigns",
  couponRedemptions: "coupon_redemptions",
  promotions: "promotions",
  householdDemographics: "household_demographics",
} as const;

/** Names of the MongoDB collections; one owner subgraph each (others only read). */
export const COLLECTIONS = {
  products: "products",
  categories: "categories",
  merchants: "merchants",
  offers: "offers",
  users: "users",
  orders: "orders",
  events: "events",
  catalogMeta: "catalog_meta",
  simulatorTruth: "simulator_truth",
  userAttributes: "user_attributes",
  userSummaries: "user_summaries",
  userProfileCategoryStats: "user_profile_category_stats",
} as const;

/**
 * The fixed input set of `npm run eval -- llm`: search queries for query rewrite and 30 intents for
 * bundles (10 gifts, 10 recipes, 10 occasions), written as shoppers phrase them, not from any catalog:
 * the planner must generalize to them.
 */
export const REWRITE_QUERIES: readonly string[] = [
  "ragu",
  "pasta sauce",
  "milk",
  "coffee",
  "chips",
  "wine",
  "chicken",
  "candles",
  "salsa",
  "cheese",
  "bread",
  "tea",
  "flowers",
  "ice cream",
  "gift for dad",
];

/** A bundle intent and the budget passed as an argument (null: the intent's own, if any). */
export interface IntentCase {
  intent: string;
  kind: "gift" | "recipe" | "occasion";
  budget: number | null;
}

export const BUNDLE_INTENTS: readonly IntentCase[] = [
  { intent: "gift for a coffee lover under $40", kind: "gift", budget: null },
  { intent: "birthday present for a tea lover", kind: "gift", budget: 30 },
  { intent: "gift for a wine lover under $60", kind: "gift", budget: null },
  { intent: "something for a chocolate lover", kind: "gift", budget: 50 },
  { intent: "gift for a cheese fan under $45", kind: "gift", budget: null },
  { intent: "present for a home cook", kind: "gift", budget: 150 },
  { intent: "gift for a plant lover under $50", kind: "gift", budget: null },
  { intent: "relaxing spa gift for mom", kind: "gift", budget: 100 },
  { intent: "gift for a dog lover under $35", kind: "gift", budget: null },
  { intent: "hostess gift for a housewarming", kind: "gift", budget: 60 },
  { intent: "ingredients for chicken tikka masala for 4", kind: "recipe", budget: 45 },
  { intent: "spaghetti bolognese for 2", kind: "recipe", budget: 30 },
  { intent: "ingredients to make tacos for 6", kind: "recipe", budget: 50 },
  { intent: "homemade pizza night", kind: "recipe", budget: 35 },
  { intent: "recipe for a chicken stir fry", kind: "recipe", budget: 40 },
  { intent: "burgers for 4 under $40", kind: "recipe", budget: null },
  { intent: "pancakes for breakfast for 3", kind: "recipe", budget: 25 },
  { intent: "ingredients for a salmon dinner", kind: "recipe", budget: 45 },
  { intent: "make a big salad", kind: "recipe", budget: 30 },
  { intent: "cook a curry for 4", kind: "recipe", budget: 40 },
  { intent: "movie night snacks for 6", kind: "occasion", budget: 40 },
  { intent: "game day snacks for 8 under $60", kind: "occasion", budget: null },
  { intent: "picnic for two", kind: "occasion", budget: 40 },
  { intent: "sunday brunch for 4", kind: "occasion", budget: 50 },
  { intent: "kids birthday party", kind: "occasion", budget: 80 },
  { intent: "backyard bbq for 10", kind: "occasion", budget: 100 },
  { intent: "date night at home", kind: "occasion", budget: 80 },
  { intent: "road trip snacks", kind: "occasion", budget: 30 },
  { intent: "wine and cheese evening", kind: "occasion", budget: 70 },
  { intent: "study session snacks under $20", kind: "occasion", budget: null },
];

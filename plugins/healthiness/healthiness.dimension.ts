import type { DimensionScore } from "../sdk/candidate";
import { defineDimension } from "../sdk/define-dimension";

/** Tags that make a food item better for you, and how much each adds. */
export const HEALTHY_TAGS: Readonly<Record<string, number>> = {
  organic: 0.25,
  "whole-grain": 0.25,
  "low-sugar": 0.25,
  "low-sodium": 0.2,
  "low-fat": 0.15,
  "sugar-free": 0.2,
  vegan: 0.1,
  vegetarian: 0.05,
};

/** Verticals whose items are eaten or drunk; anything else is neutral (0.5). */
const FOOD = new Set(["GROCERY", "CONVENIENCE", "RESTAURANT"]);

/** Healthiness (the "Write a dimension plugin" example): better-for-you food, judged from product tags. */
export const healthinessDimension = defineDimension({
  name: "healthiness",
  description: "Better-for-you food, judged from product tags such as organic, whole-grain and low-sugar",
  defaultWeight: 0.2,
  budgetMs: 20,
  async score(_context, candidates) {
    return candidates.map((candidate): DimensionScore => {
      if (!FOOD.has(candidate.product.vertical))
        return { productId: candidate.productId, value: 0.5, reason: "Not a food item" };
      const matched = candidate.product.tags.filter((tag) => HEALTHY_TAGS[tag] !== undefined);
      const value = Math.min(1, 0.3 + matched.reduce((sum, tag) => sum + HEALTHY_TAGS[tag]!, 0));
      return {
        productId: candidate.productId,
        value,
        reason: matched.length > 0 ? `Better for you: ${matched.join(", ")}` : "No better-for-you tags",
      };
    });
  },
});

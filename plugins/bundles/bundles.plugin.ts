import { bundleFeature } from "../../core/llm/features/bundle.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";

/** Intent bundles: plans an intent's slots (model, cache or offline planner) for `Query.bundle` to fill from the catalog. */
export const bundlesPlugin = defineLlmFeature({
  name: "bundles",
  description:
    "Turns an intent (a gift, a recipe, an occasion) into slots that Query.bundle fills from the catalog within a budget.",
  features: [bundleFeature],
  // The model's plan, else the cache's, else the offline planner's: the gateway falls back within its own 4 s timeout.
  budgetMs: 5000,
  async planBundle(context, request) {
    const planned = await context.llm.gateway.run(bundleFeature, request);
    return { source: planned.source, plan: planned.output };
  },
});

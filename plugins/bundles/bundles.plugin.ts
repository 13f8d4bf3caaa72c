import { bundleFeature } from "../../core/llm/features/bundle.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import { groundedPlan } from "./grounded-plan";

/**
 * Intent bundles: plans an intent's slots for `Query.bundle` to fill from the catalog. The model's plan
 * (or the cache's) is used as it is; the offline planner's lexicon plan is backed by the catalog, the
 * knowledge graph and co-purchase statistics ({@link groundedPlan}), so unseen intents are planned from data.
 */
export const bundlesPlugin = defineLlmFeature({
  name: "bundles",
  description:
    "Turns an intent (a gift, a recipe, an occasion) into slots that Query.bundle fills from the catalog within a budget.",
  features: [bundleFeature],
  needs: ["catalog", "textSearch", "coPurchase", "knowledgeGraph"],
  // The model's plan, else the cache's, else the offline planner's: the gateway falls back within its own 4 s timeout.
  budgetMs: 5000,
  async planBundle(context, request) {
    const planned = await context.llm.gateway.run(bundleFeature, request);
    if (planned.source !== "OFFLINE") return { source: planned.source, plan: planned.output };
    const plan = await groundedPlan(context.services, context.llm, request.intent, request.budget, planned.output);
    return { source: planned.source, plan };
  },
});

import { bundleFeature } from "../../core/llm/features/bundle.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";

/** Intent bundles as a registered LLM feature: `Query.bundle` plans slots with it (model, cache or offline planner). */
export const bundlesPlugin = defineLlmFeature({
  name: "bundles",
  description:
    "Turns an intent (a gift, a recipe, an occasion) into slots that Query.bundle fills from the catalog within a budget.",
  features: [bundleFeature],
});

import { orderSummaryFeature } from "../../core/llm/features/order-summary.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";

/** Order summaries as a registered LLM feature; runs in `npm run jobs -- order-summaries`. */
export const orderSummariesPlugin = defineLlmFeature({
  name: "order_summaries",
  description: "A short profile text of each shopper's order history, stored on the profile and fed to blending.",
  features: [orderSummaryFeature],
});

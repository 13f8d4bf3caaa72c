import { orderSummaryFeature } from "./order-summary.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import { numberOption } from "../sdk/llm-hooks";
import { writeOrderSummaries } from "./order-summaries.writer";

/**
 * Order summaries: `enrich` (run by `npm run jobs -- order-summaries`, option `limit`) writes a short
 * profile text per shopper into `user_summaries` (model, cache or template), which `User.summary` serves and
 * blending reads.
 */
export const orderSummariesPlugin = defineLlmFeature({
  name: "order_summaries",
  description: "A short profile text of each shopper's order history, stored on the profile and fed to blending.",
  features: [orderSummaryFeature],
  async enrich(context, options) {
    const summary = await writeOrderSummaries(context.db, context.gateway, {
      limit: numberOption(options, "limit"),
      semanticIds: context.semanticIds,
      onUser: (done, total) => context.progress("shoppers", done, total),
    });
    return {
      summary,
      message: `${summary.users} shoppers (${summary.bySource.LLM} model, ${summary.bySource.CACHE} cache, ${summary.bySource.OFFLINE} template); ${summary.droppedProducts} unknown products dropped`,
    };
  },
});

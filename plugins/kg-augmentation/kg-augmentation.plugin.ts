import { kgAugmentationFeature } from "./kg-augmentation.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import { numberOption } from "../sdk/llm-hooks";
import { augmentKnowledgeGraph } from "./kg-augmenter";

/**
 * KG augmentation: `enrich` (run by `npm run jobs -- kg-augment`, option `dishes`) proposes dish →
 * grocery edges through the gateway and stores those whose ends exist; the knowledge-graph rebuild
 * derives the cuisine links novelty and the cross-vertical carousels read from them.
 */
export const kgAugmentationPlugin = defineLlmFeature({
  name: "kg_augmentation",
  description:
    "Proposes typed dish → grocery edges (ingredient, category, complement, substitute), validated against the catalog.",
  features: [kgAugmentationFeature],
  async enrich(context, options) {
    const summary = await augmentKnowledgeGraph(context.db, context.gateway, {
      maxDishes: numberOption(options, "dishes"),
      semanticIds: context.semanticIds,
      onDish: (done, total) => context.progress("dishes", done, total),
    });
    return {
      summary,
      message: `${summary.stored} edges stored from ${summary.dishes} dishes; dropped ${summary.droppedUngrounded} ungrounded and ${summary.droppedInvalid} with a missing end`,
    };
  },
});

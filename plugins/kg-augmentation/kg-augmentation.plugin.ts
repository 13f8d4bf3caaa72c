import { kgAugmentationFeature } from "../../core/llm/features/kg-augmentation.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";

/** KG augmentation as a registered LLM feature; runs in `npm run jobs -- kg-augment`, novelty reads the edges. */
export const kgAugmentationPlugin = defineLlmFeature({
  name: "kg_augmentation",
  description:
    "Proposes typed dish → grocery edges (ingredient, category, complement, substitute), validated against the catalog.",
  features: [kgAugmentationFeature],
});

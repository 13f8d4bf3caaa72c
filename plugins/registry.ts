import { createAffordabilityDimension } from "./affordability/affordability.dimension";
import { createFamiliarityDimension } from "./familiarity/familiarity.dimension";
import { createNoveltyDimension } from "./novelty/novelty.dimension";
import { healthinessDimension } from "./healthiness/healthiness.dimension";
import type { DimensionPlugin } from "./sdk/contract";
import { collectionsPlugin } from "./collections/collections.plugin";
import { explanationsPlugin } from "./explanations/explanations.plugin";
import { kgAugmentationPlugin } from "./kg-augmentation/kg-augmentation.plugin";
import { orderSummariesPlugin } from "./order-summaries/order-summaries.plugin";
import { queryRewritePlugin } from "./query-rewrite/query-rewrite.plugin";
import { bundlesPlugin } from "./bundles/bundles.plugin";
import type { LlmFeaturePlugin } from "./sdk/define-llm-feature";
import type { ServiceProvider } from "./sdk/define-service";

/**
 * Every plugin of the product, one line each, in display order. Adding a dimension = one file, one
 * test, one line here. Validated at boot by `validateRegistry` (subgraphs/personalization).
 */
export const PLUGINS: readonly DimensionPlugin[] = [
  createFamiliarityDimension(),
  createAffordabilityDimension(),
  createNoveltyDimension(),
  healthinessDimension,
] as readonly DimensionPlugin[];

/** LLM feature plugins (kind "llm-feature"), one line each; they run through the LLM gateway. */
export const LLM_FEATURE_PLUGINS: readonly LlmFeaturePlugin[] = [
  queryRewritePlugin,
  collectionsPlugin,
  explanationsPlugin,
  kgAugmentationPlugin,
  orderSummariesPlugin,
  bundlesPlugin,
] as readonly LlmFeaturePlugin[];

/** Every registered plugin, dimensions first (what `Query.dimensions` should list). */
export const ALL_PLUGINS: readonly (DimensionPlugin | LlmFeaturePlugin)[] = [...PLUGINS, ...LLM_FEATURE_PLUGINS];

/**
 * Services plugins provide (made by `defineService`), one line each; the host adds them to the services
 * plugins may need, next to its built-in ones. None of the product's plugins needs one yet.
 */
export const SERVICES: readonly ServiceProvider[] = [] as readonly ServiceProvider[];

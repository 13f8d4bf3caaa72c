import { LLM_FEATURE_PLUGINS, PLUGINS } from "../../../plugins/registry";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import { asPipelinePlugin } from "../../../plugins/sdk/define-llm-feature";

/**
 * The plugins every pipeline run sees: the dimensions, then the LLM feature plugins that prospect
 * (weight 0: they offer collections, never score). Served requests and the offline evaluation share it.
 */
export const PIPELINE_PLUGINS: readonly DimensionPlugin[] = [
  ...PLUGINS,
  ...LLM_FEATURE_PLUGINS.filter((plugin) => plugin.prospect).map(asPipelinePlugin),
];

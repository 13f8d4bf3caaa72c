import type { LlmFeature } from "../../core/llm/llm-feature";
import type { CollectionProposal, DimensionScore } from "./candidate";
import type { DimensionPlugin, PluginContext } from "./contract";
import { DimensionDefinitionError, DIMENSION_NAME_PATTERN, MAX_BUDGET_MS, MAX_DESCRIPTION } from "./define-dimension";
import type { ScoredId, ServiceName } from "./services";

/**
 * An LLM feature plugin: one or more features run through the LLM gateway (budget, cache, offline
 * fallback). It does not score items; it may propose collections and retrieve their items.
 */
export interface LlmFeaturePlugin<TNeeds extends ServiceName = ServiceName> {
  kind: "llm-feature";
  /** Unique across the registry, same pattern as dimension names. */
  name: string;
  /** One sentence for `Query.dimensions`. */
  description: string;
  /** Services it uses; missing ones fail the boot by name. */
  needs: readonly TNeeds[];
  /** The gateway features it runs (names are the accounting keys of `npm run jobs -- llm-usage`). */
  // The features' input/output types differ per feature; the registry only reads their names and budgets.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  features: readonly LlmFeature<any, any>[];
  /** Longest time a hook may take on the hot path, in ms. */
  budgetMs: number;
  /** Step 2: collections it offers (read from stored LLM output; never waits on a model). */
  prospect?(context: PluginContext<TNeeds>): Promise<CollectionProposal[]>;
  /** Step 3: items of one of its collections, always from the catalog. */
  retrieve?(context: PluginContext<TNeeds>, collection: CollectionProposal, limit: number): Promise<ScoredId[]>;
}

/** What a plugin author writes; `defineLlmFeature` validates it. */
export type LlmFeatureSpec<TNeeds extends ServiceName> = Omit<
  LlmFeaturePlugin<TNeeds>,
  "kind" | "needs" | "budgetMs"
> & { needs?: readonly TNeeds[]; budgetMs?: number };

/** Validates an LLM feature plugin spec (same name/description/budget rules as dimensions). */
export function defineLlmFeature<TNeeds extends ServiceName = never>(
  spec: LlmFeatureSpec<TNeeds>,
): LlmFeaturePlugin<TNeeds> {
  const name = String(spec.name);
  if (!DIMENSION_NAME_PATTERN.test(name))
    throw new DimensionDefinitionError("INVALID_NAME", name, `name must match ${DIMENSION_NAME_PATTERN}`);
  if (
    typeof spec.description !== "string" ||
    spec.description.trim().length === 0 ||
    spec.description.length > MAX_DESCRIPTION
  ) {
    throw new DimensionDefinitionError(
      "INVALID_DESCRIPTION",
      name,
      `description must be 1–${MAX_DESCRIPTION} characters`,
    );
  }
  const budgetMs = spec.budgetMs ?? 50;
  if (!Number.isInteger(budgetMs) || budgetMs < 1 || budgetMs > MAX_BUDGET_MS)
    throw new DimensionDefinitionError(
      "INVALID_BUDGET",
      name,
      `budgetMs must be an integer in [1, ${MAX_BUDGET_MS}] (got ${budgetMs})`,
    );
  if (!Array.isArray(spec.features) || spec.features.length === 0)
    throw new DimensionDefinitionError("INVALID_HOOK", name, "features must list at least one LLM feature");
  for (const hook of ["prospect", "retrieve"] as const) {
    if (spec[hook] !== undefined && typeof spec[hook] !== "function")
      throw new DimensionDefinitionError("INVALID_HOOK", name, `${hook} must be a function when given`);
  }
  return Object.freeze({
    ...spec,
    kind: "llm-feature",
    name,
    needs: Object.freeze([...(spec.needs ?? [])]),
    budgetMs,
  }) as LlmFeaturePlugin<TNeeds>;
}

/**
 * The pipeline's view of an LLM feature plugin that prospects: a weight-0 entry of `PipelineDeps.plugins`
 * (so step 3 finds its `retrieve` by name) that never scores and prospects regardless of weight.
 */
export function asPipelinePlugin(plugin: LlmFeaturePlugin): DimensionPlugin & { prospectsWithoutWeight: true } {
  return {
    kind: "dimension",
    name: plugin.name,
    description: plugin.description,
    needs: plugin.needs,
    defaultWeight: 0,
    budgetMs: plugin.budgetMs,
    prospect: plugin.prospect,
    retrieve: plugin.retrieve,
    score: async (): Promise<DimensionScore[]> => [],
    prospectsWithoutWeight: true,
  };
}

/** True for pipeline entries made by {@link asPipelinePlugin}. */
export function prospectsWithoutWeight(plugin: DimensionPlugin): boolean {
  return (plugin as DimensionPlugin & { prospectsWithoutWeight?: boolean }).prospectsWithoutWeight === true;
}

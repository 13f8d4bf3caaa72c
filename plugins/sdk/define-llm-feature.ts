import type { LlmFeature } from "../../core/llm/llm-feature";
import type { CollectionProposal } from "./candidate";
import type { PluginContext } from "./contract";
import { DimensionDefinitionError, DIMENSION_NAME_PATTERN, MAX_BUDGET_MS, MAX_DESCRIPTION } from "./define-dimension";
import { LLM_FEATURE_HOOKS, type LlmFeatureHooks } from "./llm-hooks";
import type { ScoredId, ServiceName } from "./services";

/**
 * An LLM feature plugin: one or more features run through the LLM gateway (budget, cache, offline
 * fallback), with their prompts in the plugin's folder. It never scores items; it reaches shoppers only
 * through its hooks (plugins/sdk/llm-hooks.ts), which the host calls through the registry: removing its
 * line from plugins/registry.ts turns the feature off.
 */
export interface LlmFeaturePlugin<TNeeds extends ServiceName = ServiceName> extends LlmFeatureHooks<TNeeds> {
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
  /** Longest time one request-path hook call may take, in ms (past it the host serves its default). */
  budgetMs: number;
  /**
   * Pipeline step 2: collections it offers (read from stored LLM output; never waits on a model). Runs on
   * every surface that does not list the plugin in `disabled`. Default: none.
   */
  prospect?(context: PluginContext<TNeeds>): Promise<CollectionProposal[]>;
  /** Pipeline step 3: items of one of its own collections, always from the catalog. */
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
  for (const hook of LLM_FEATURE_HOOKS) {
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

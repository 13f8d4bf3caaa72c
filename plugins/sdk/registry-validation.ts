import type { LlmFeature } from "../../core/llm/llm-feature";
import type { DimensionPlugin } from "./contract";
import type { LlmFeaturePlugin } from "./define-llm-feature";
import { serviceSpecProblem, type ServiceProvider } from "./define-service";
import { PluginRegistryError } from "./plugin-registry.error";
import { BUILT_IN_SERVICES, type ServiceName } from "./services";
import { SURFACES, type SurfaceConfiguration } from "./surface";

/** Gateway feature names: the accounting keys of `llm_usage` (letters, digits and dashes). */
export const LLM_FEATURE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;
/** Tool names the Messages API accepts. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** Longest per-attempt timeout a feature may ask for, in ms. */
export const MAX_LLM_TIMEOUT_MS = 600_000;

/**
 * Boot-time checks of the registry (dimensions and LLM feature plugins together) against the services
 * the process provides and the surface configuration:
 * - DUPLICATE_NAME: two plugins of either kind with one name, or two gateway features with one name
 *   (their usage would be counted together);
 * - MISSING_SERVICE: a `needs` entry the process does not provide (naming plugin and service);
 * - and the provided services' checks of {@link validateServices}.
 * - INVALID_OPTIONS: an unknown plugin kind; a gateway feature with a bad name, prompt version, tool,
 *   hooks or budget (a daily budget below one worst-case call would refuse every call); surface weights
 *   outside [0, 1], for unknown plugins or for LLM feature plugins (they never score); unknown plugins
 *   disabled on a surface.
 */
export function validateRegistry(
  plugins: readonly (DimensionPlugin | LlmFeaturePlugin)[],
  available: readonly ServiceName[],
  surfaces: SurfaceConfiguration,
  /** The registry's `SERVICES` (plugin-provided services). */
  providers: readonly ServiceProvider[] = [],
): void {
  const provided = validateServices(providers, available);
  const seen = new Map<string, DimensionPlugin["kind"] | LlmFeaturePlugin["kind"]>();
  const features = new Map<string, string>();
  for (const plugin of plugins) {
    if (plugin.kind !== "dimension" && plugin.kind !== "llm-feature")
      throw new PluginRegistryError(
        "INVALID_OPTIONS",
        `plugin "${String((plugin as { name?: unknown }).name)}" has unknown kind ${JSON.stringify((plugin as { kind?: unknown }).kind)}`,
        { plugin: String((plugin as { name?: unknown }).name) },
      );
    const other = seen.get(plugin.name);
    if (other)
      throw new PluginRegistryError(
        "DUPLICATE_NAME",
        `two plugins are named "${plugin.name}" (${other} and ${plugin.kind})`,
        { plugin: plugin.name },
      );
    seen.set(plugin.name, plugin.kind);
    validateNeeds(plugin, [...available, ...provided]);
    if (plugin.kind !== "llm-feature") continue;
    if (!Array.isArray(plugin.features) || plugin.features.length === 0)
      throw new PluginRegistryError("INVALID_OPTIONS", `LLM feature plugin "${plugin.name}" lists no gateway feature`, {
        plugin: plugin.name,
      });
    for (const feature of plugin.features) {
      validateLlmFeature(plugin.name, feature);
      const owner = features.get(feature.name);
      if (owner !== undefined)
        throw new PluginRegistryError(
          "DUPLICATE_NAME",
          `gateway feature "${feature.name}" is registered by "${owner}" and "${plugin.name}"; its usage would be counted together`,
          { plugin: plugin.name },
        );
      features.set(feature.name, plugin.name);
    }
  }
  for (const surface of SURFACES) {
    const settings = surfaces[surface];
    if (!settings)
      throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} has no configuration`, { surface });
    for (const [name, weight] of Object.entries(settings.weights)) {
      const kind = seen.get(name);
      if (!kind)
        throw new PluginRegistryError(
          "INVALID_OPTIONS",
          `surface ${surface} sets a weight for unknown plugin "${name}"`,
          { plugin: name, surface },
        );
      if (kind === "llm-feature")
        throw new PluginRegistryError(
          "INVALID_OPTIONS",
          `surface ${surface} sets a weight for LLM feature plugin "${name}", which never scores; disable it on the surface instead`,
          { plugin: name, surface },
        );
      if (!Number.isFinite(weight) || weight < 0 || weight > 1)
        throw new PluginRegistryError(
          "INVALID_OPTIONS",
          `surface ${surface} gives plugin "${name}" weight ${weight}; weights are in [0, 1]`,
          { plugin: name, surface },
        );
    }
    for (const name of settings.disabled) {
      if (!seen.has(name))
        throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} disables unknown plugin "${name}"`, {
          plugin: name,
          surface,
        });
    }
    if (!Number.isInteger(settings.carousels) || settings.carousels < 1 || settings.carousels > 20)
      throw new PluginRegistryError(
        "INVALID_OPTIONS",
        `surface ${surface} shows ${settings.carousels} carousels; 1–20 allowed`,
        { surface },
      );
  }
}

/** MISSING_SERVICE (naming plugin and service) when `plugin` needs a service that is not `available`. */
export function validateNeeds(
  plugin: { name: string; needs: readonly ServiceName[] },
  available: readonly ServiceName[],
): void {
  for (const service of plugin.needs) {
    if (!available.includes(service))
      throw new PluginRegistryError(
        "MISSING_SERVICE",
        `plugin "${plugin.name}" needs service "${service}", which this process does not provide`,
        { plugin: plugin.name, service },
      );
  }
}

/**
 * Boot-time checks of the plugin-provided services against the process's built-in ones; returns the
 * provided names (what plugins may need besides `builtIns`):
 * - INVALID_OPTIONS: a provider of an unknown kind or a malformed one (see `defineService`);
 * - DUPLICATE_NAME: two providers with one name, or a provider named like a built-in service (it would
 *   shadow the host's);
 * - MISSING_SERVICE: a provider's own `needs` entry that is not a built-in service of this process
 *   (naming provider and service; provided services may not need each other).
 */
export function validateServices(
  providers: readonly ServiceProvider[],
  builtIns: readonly ServiceName[],
): ServiceName[] {
  const names: ServiceName[] = [];
  for (const provider of providers) {
    const name = String((provider as { name?: unknown })?.name);
    if (provider?.kind !== "service")
      throw new PluginRegistryError(
        "INVALID_OPTIONS",
        `SERVICES lists "${name}" of kind ${JSON.stringify((provider as { kind?: unknown })?.kind)}; use defineService`,
        { provider: name },
      );
    const problem = serviceSpecProblem(provider);
    if (problem)
      throw new PluginRegistryError("INVALID_OPTIONS", `provided service "${name}": ${problem}`, { provider: name });
    // Any built-in's name, even one this process does not build: another host would.
    if (builtIns.includes(provider.name) || (BUILT_IN_SERVICES as readonly ServiceName[]).includes(provider.name))
      throw new PluginRegistryError(
        "DUPLICATE_NAME",
        `provided service "${name}" shadows the built-in service of that name`,
        { provider: name, service: name },
      );
    if (names.includes(provider.name))
      throw new PluginRegistryError("DUPLICATE_NAME", `two provided services are named "${name}"`, {
        provider: name,
        service: name,
      });
    for (const need of provider.needs) {
      if (!builtIns.includes(need))
        throw new PluginRegistryError(
          "MISSING_SERVICE",
          `provided service "${name}" needs service "${need}", which is not a built-in service of this process`,
          { provider: name, service: need },
        );
    }
    names.push(provider.name);
  }
  return names;
}

/** One gateway feature of `plugin`: name, prompt version, schema, tool, hooks and budget (INVALID_OPTIONS naming both). */
// Features differ in input and output types; only their shape is checked here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function validateLlmFeature(plugin: string, feature: LlmFeature<any, any>): void {
  const name = typeof feature?.name === "string" ? feature.name : String(feature?.name);
  const fail = (problem: string): never => {
    throw new PluginRegistryError(
      "INVALID_OPTIONS",
      `LLM feature plugin "${plugin}", gateway feature "${name}": ${problem}`,
      { plugin },
    );
  };
  if (!LLM_FEATURE_NAME_PATTERN.test(name)) fail(`name must match ${LLM_FEATURE_NAME_PATTERN}`);
  if (
    typeof feature.promptVersion !== "string" ||
    feature.promptVersion.trim().length === 0 ||
    feature.promptVersion.length > 20
  )
    fail("promptVersion must be 1–20 characters (it is part of the cache key)");
  if (typeof feature.schema?.safeParse !== "function") fail("schema must be a zod schema");
  if (
    !TOOL_NAME_PATTERN.test(String(feature.tool?.name)) ||
    typeof feature.tool.description !== "string" ||
    feature.tool.description.trim().length === 0
  )
    fail(`tool needs a name matching ${TOOL_NAME_PATTERN} and a description`);
  for (const hook of ["buildPrompt", "offline"] as const)
    if (typeof feature[hook] !== "function") fail(`${hook} must be a function`);
  for (const hook of ["cacheKey", "ground"] as const)
    if (feature[hook] !== undefined && typeof feature[hook] !== "function")
      fail(`${hook} must be a function when given`);
  const budget = feature.budget;
  if (!budget) return fail("budget is required");
  const positive = (field: keyof typeof budget, max = Number.MAX_SAFE_INTEGER): void => {
    const value = budget[field];
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max)
      fail(`budget.${field} must be a whole number in [1, ${max}] (got ${String(value)})`);
  };
  positive("maxInputTokens");
  positive("maxOutputTokens");
  positive("timeoutMs", MAX_LLM_TIMEOUT_MS);
  positive("dailyTokenBudget");
  if (budget.dailyTokenBudget < budget.maxInputTokens + budget.maxOutputTokens)
    fail(
      `budget.dailyTokenBudget ${budget.dailyTokenBudget} is below one worst-case call (${budget.maxInputTokens + budget.maxOutputTokens} tokens): every call would fall back`,
    );
  if (budget.cacheTtlSeconds !== undefined && (!Number.isInteger(budget.cacheTtlSeconds) || budget.cacheTtlSeconds < 0))
    fail(`budget.cacheTtlSeconds must be a whole number ≥ 0 (got ${String(budget.cacheTtlSeconds)})`);
}

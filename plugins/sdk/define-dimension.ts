import type { ZodType } from "zod";
import type { DimensionPlugin } from "./contract";
import { PluginRegistryError } from "./plugin-registry.error";
import type { ServiceName } from "./services";

/** Name of a dimension: lower-case letters, digits and `_`, starting with a letter, at most 32 characters. */
export const DIMENSION_NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
/** Longest budget a dimension may ask for, in ms. */
export const MAX_BUDGET_MS = 5000;
/** Longest description. */
export const MAX_DESCRIPTION = 200;

/** What a plugin author writes; `defineDimension` fills defaults and validates. */
export type DimensionSpec<TNeeds extends ServiceName> = Omit<
  DimensionPlugin<TNeeds>,
  "kind" | "needs" | "defaultWeight" | "budgetMs"
> & {
  /** Services it uses (default none). */
  needs?: readonly TNeeds[];
  /** Default weight in [0, 1] (default 0.5). */
  defaultWeight?: number;
  /** Time budget per call in ms, 1–5000 (default 50). */
  budgetMs?: number;
};

/** Codes of {@link DimensionDefinitionError}. */
export type DimensionDefinitionCode =
  "INVALID_NAME" | "INVALID_DESCRIPTION" | "INVALID_WEIGHT" | "INVALID_BUDGET" | "INVALID_HOOK";

/** A dimension spec is malformed; thrown when the plugin file is loaded (fail fast). */
export class DimensionDefinitionError extends Error {
  constructor(
    readonly code: DimensionDefinitionCode,
    readonly plugin: string,
    message: string,
  ) {
    super(`dimension ${JSON.stringify(plugin)}: ${message} [${code}]`);
    this.name = "DimensionDefinitionError";
  }
}

/** Validates a dimension spec and returns the plugin value the registry lists. */
export function defineDimension<TNeeds extends ServiceName = never>(
  spec: DimensionSpec<TNeeds>,
): DimensionPlugin<TNeeds> {
  const name = typeof spec.name === "string" ? spec.name : String(spec.name);
  if (!DIMENSION_NAME_PATTERN.test(name))
    throw new DimensionDefinitionError(
      "INVALID_NAME",
      name,
      `name must match ${DIMENSION_NAME_PATTERN} (it becomes a GraphQL field and enum value)`,
    );
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
  const defaultWeight = spec.defaultWeight ?? 0.5;
  if (!Number.isFinite(defaultWeight) || defaultWeight < 0 || defaultWeight > 1)
    throw new DimensionDefinitionError(
      "INVALID_WEIGHT",
      name,
      `defaultWeight must be in [0, 1] (got ${defaultWeight})`,
    );
  const budgetMs = spec.budgetMs ?? 50;
  if (!Number.isInteger(budgetMs) || budgetMs < 1 || budgetMs > MAX_BUDGET_MS)
    throw new DimensionDefinitionError(
      "INVALID_BUDGET",
      name,
      `budgetMs must be an integer in [1, ${MAX_BUDGET_MS}] (got ${budgetMs})`,
    );
  if (typeof spec.score !== "function")
    throw new DimensionDefinitionError("INVALID_HOOK", name, "score(context, candidates) is required");
  for (const hook of ["prospect", "retrieve"] as const) {
    if (spec[hook] !== undefined && typeof spec[hook] !== "function")
      throw new DimensionDefinitionError("INVALID_HOOK", name, `${hook} must be a function when given`);
  }
  return Object.freeze({
    ...spec,
    kind: "dimension",
    name,
    needs: Object.freeze([...(spec.needs ?? [])]),
    defaultWeight,
    budgetMs,
  }) as DimensionPlugin<TNeeds>;
}

/**
 * Parses a plugin factory's options with a zod schema; bad options fail the boot with
 * INVALID_OPTIONS naming the plugin and every problem.
 */
export function parsePluginOptions<T>(plugin: string, schema: ZodType<T>, options: unknown): T {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "(options)"}: ${issue.message}`)
    .join("; ");
  throw new PluginRegistryError("INVALID_OPTIONS", `plugin "${plugin}" has invalid options: ${problems}`, { plugin });
}

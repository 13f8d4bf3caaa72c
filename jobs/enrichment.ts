import type { LlmGateway } from "../core/llm/llm-gateway";
import { startProgress, type Progress } from "../core/progress";
import type { SemanticIdLookup } from "../core/llm/catalog-context.loader";
import type { Db } from "mongodb";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import type { LlmFeaturePlugin } from "../plugins/sdk/define-llm-feature";
import type { EnrichmentOptions, EnrichmentReport } from "../plugins/sdk/llm-hooks";
import { CommandRefusedError } from "./command";

/** An LLM feature plugin that has an `enrich` hook. */
export type EnrichingPlugin = LlmFeaturePlugin & Required<Pick<LlmFeaturePlugin, "enrich">>;

/**
 * The registered plugin named `name` that enriches, for the job `job`; {@link CommandRefusedError} naming
 * both when plugins/registry.ts does not list it (the feature is off) or it has no `enrich` hook.
 */
export function enrichingPlugin(
  job: string,
  name: string,
  registry: readonly LlmFeaturePlugin[] = LLM_FEATURE_PLUGINS,
): EnrichingPlugin {
  const plugin = registry.find((candidate) => candidate.name === name);
  if (!plugin)
    throw new CommandRefusedError(
      `${job}: the LLM feature plugin "${name}" is not registered (plugins/registry.ts), so this feature is off; nothing was run`,
    );
  if (typeof plugin.enrich !== "function")
    throw new CommandRefusedError(`${job}: the LLM feature plugin "${name}" has no enrich hook; nothing was run`);
  return plugin as EnrichingPlugin;
}

/** What a job hands an enrichment run besides the options. */
export interface EnrichmentRun {
  db: Db;
  gateway: LlmGateway;
  semanticIds?: SemanticIdLookup;
  log(line: string): void;
}

/**
 * Runs `plugin`'s `enrich` hook with a progress bar on stderr; checks the report (a JSON summary and a
 * message) so a malformed plugin answer fails the job by the plugin's name instead of printing garbage.
 */
export async function runEnrichment(
  plugin: EnrichingPlugin,
  options: EnrichmentOptions,
  run: EnrichmentRun,
): Promise<EnrichmentReport> {
  let bar: Progress | undefined;
  try {
    const report = await plugin.enrich(
      {
        db: run.db,
        gateway: run.gateway,
        semanticIds: run.semanticIds,
        log: run.log,
        progress: (unit, done, total) => {
          bar ??= startProgress(unit, total);
          bar.update(done);
        },
      },
      options,
    );
    if (
      typeof report !== "object" ||
      report === null ||
      typeof report.summary !== "object" ||
      report.summary === null ||
      typeof report.message !== "string"
    )
      throw new Error(`plugin "${plugin.name}": enrich must return { summary: object, message: string }`);
    return report;
  } finally {
    bar?.stop();
  }
}

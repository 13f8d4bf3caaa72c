import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { openJobDatabase } from "../core/database/job-database";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import type { LlmFeaturePlugin } from "../plugins/sdk/define-llm-feature";
import { defineCommand } from "../core/cli-args";
import { enrichingPlugin, runEnrichment } from "./enrichment";

/** The registered LLM feature plugin whose `enrich` hook this job runs. */
export const PLUGIN = "generated_collections";

/** Parsed flags of the llm-collections job. */
export interface LlmCollectionsArgs {
  perTarget: number;
  minItems: number;
  stores: number;
  categories: number;
  /** Use the offline provider even when ANTHROPIC_API_KEY is set (what `npm start` runs on first start). */
  offline: boolean;
}

const ARGS = defineCommand({
  command: "npm run jobs -- llm-collections",
  summary:
    "Generates themed collections for shopper clusters, stores and departments into `generated_collections`, through the generated_collections plugin.",
  options: {
    "per-target": { type: "int", min: 1, max: 6, default: 3, help: "collections per target" },
    "min-items": { type: "int", min: 1, max: 100, default: 4, help: "in-stock items a collection needs" },
    stores: { type: "int", min: 0, max: 1000, default: 20, help: "stores given collections" },
    categories: { type: "int", min: 0, max: 1000, default: 30, help: "departments given collections" },
    offline: { type: "boolean", help: "use the offline provider even when ANTHROPIC_API_KEY is set" },
  },
});

export const USAGE = ARGS.usage;

/** Parses the job's flags; throws a UsageError naming the bad flag and value. */
export function parseLlmCollectionsArgs(argv: readonly string[]): LlmCollectionsArgs {
  const args = ARGS.parse(argv);
  return {
    perTarget: args["per-target"],
    minItems: args["min-items"],
    stores: args.stores,
    categories: args.categories,
    offline: args.offline,
  };
}

/**
 * `npm run jobs -- llm-collections`: runs the `generated_collections` plugin's enrichment (themed
 * collections for shopper clusters, stores and departments into `generated_collections`) through the
 * registry; refuses, naming the plugin, when `registry` does not list it.
 */
export async function main(argv: string[], registry: readonly LlmFeaturePlugin[] = LLM_FEATURE_PLUGINS): Promise<void> {
  const args = parseLlmCollectionsArgs(argv);
  const plugin = enrichingPlugin("llm-collections", PLUGIN, registry);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  const gateway = new LlmGateway({ config, db: database.db, ...(args.offline ? { provider: null } : {}) });
  log(`llm-collections: provider ${gateway.provider ? gateway.model : "offline (no ANTHROPIC_API_KEY)"}`);
  try {
    const report = await runEnrichment(
      plugin,
      { perTarget: args.perTarget, minItems: args.minItems, stores: args.stores, categories: args.categories },
      { db: database.db, gateway, log },
    );
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(report.summary, null, 2)}\n`);
    log(`llm-collections: ${report.message}`);
  } finally {
    await close();
  }
}

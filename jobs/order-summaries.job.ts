import { loadConfigOrExit } from "../core/config";
import { semanticIdLookup } from "../ml/semantic-ids/semantic-id.cache";
import { LlmGateway } from "../core/llm/llm-gateway";
import { openJobDatabase } from "../core/database/job-database";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import type { LlmFeaturePlugin } from "../plugins/sdk/define-llm-feature";
import { defineCommand } from "../core/cli-args";
import { enrichingPlugin, runEnrichment } from "./enrichment";

/** The registered LLM feature plugin whose `enrich` hook this job runs. */
export const PLUGIN = "order_summaries";

const ARGS = defineCommand({
  command: "npm run jobs -- order-summaries",
  summary:
    "Writes a short profile text per shopper into `user_summaries` (LLM, cache or template), through the order_summaries plugin.",
  options: { limit: { type: "int", min: 1, max: 10_000_000, help: "shoppers summarized at most (default all)" } },
});

export const USAGE = ARGS.usage;

/** Parses `--limit N` (1–10000000); throws a UsageError naming the bad flag. */
export function parseOrderSummariesArgs(argv: readonly string[]): { limit: number | undefined } {
  return { limit: ARGS.parse(argv).limit };
}

/**
 * `npm run jobs -- order-summaries`: runs the `order_summaries` plugin's enrichment through the registry
 * (a short profile text per shopper into `user_summaries`: LLM, cache or template); refused, naming the
 * plugin, when `registry` does not list it.
 */
export async function main(argv: string[], registry: readonly LlmFeaturePlugin[] = LLM_FEATURE_PLUGINS): Promise<void> {
  const { limit } = parseOrderSummariesArgs(argv);
  const plugin = enrichingPlugin("order-summaries", PLUGIN, registry);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  const gateway = new LlmGateway({ config, db: database.db });
  try {
    const report = await runEnrichment(
      plugin,
      { limit },
      { db: database.db, gateway, semanticIds: semanticIdLookup(database.db), log },
    );
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(report.summary, null, 2)}\n`);
    log(`order-summaries: ${report.message}`);
  } finally {
    await close();
  }
}

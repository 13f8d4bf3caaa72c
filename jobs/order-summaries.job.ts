import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { openJobDatabase } from "../core/database/job-database";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import type { LlmFeaturePlugin } from "../plugins/sdk/define-llm-feature";
import { UsageError } from "./command";
import { enrichingPlugin, runEnrichment } from "./enrichment";

export const USAGE = "npm run jobs -- order-summaries [--limit N]";

/** The registered LLM feature plugin whose `enrich` hook this job runs. */
export const PLUGIN = "order_summaries";

/** Parses `--limit N` (1–10000000); throws {@link UsageError} naming the bad flag. */
export function parseOrderSummariesArgs(argv: readonly string[]): { limit: number | undefined } {
  let limit: number | undefined;
  for (let index = 0; index < argv.length; index += 2) {
    if (argv[index] !== "--limit") throw new UsageError(`unknown option ${JSON.stringify(argv[index])}`, USAGE);
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 1 || value > 10_000_000)
      throw new UsageError(
        `--limit needs a whole number 1–10000000 (got ${JSON.stringify(argv[index + 1] ?? "")})`,
        USAGE,
      );
    limit = value;
  }
  return { limit };
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
    const report = await runEnrichment(plugin, { limit }, { db: database.db, gateway, log });
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(report.summary, null, 2)}\n`);
    log(`order-summaries: ${report.message}`);
  } finally {
    await close();
  }
}

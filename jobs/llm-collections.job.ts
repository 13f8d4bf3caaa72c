import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { openJobDatabase } from "../core/database/job-database";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import type { LlmFeaturePlugin } from "../plugins/sdk/define-llm-feature";
import { UsageError } from "./command";
import { enrichingPlugin, runEnrichment } from "./enrichment";

/** The registered LLM feature plugin whose `enrich` hook this job runs. */
export const PLUGIN = "generated_collections";

export const USAGE =
  "npm run jobs -- llm-collections [--per-target N] [--min-items N] [--stores N] [--categories N] [--offline]";

/** Parsed flags of the llm-collections job. */
export interface LlmCollectionsArgs {
  perTarget: number;
  minItems: number;
  stores: number;
  categories: number;
  /** Use the offline provider even when ANTHROPIC_API_KEY is set (what `npm start` runs on first start). */
  offline: boolean;
}

const LIMITS: Record<string, [Exclude<keyof LlmCollectionsArgs, "offline">, number, number]> = {
  "--per-target": ["perTarget", 1, 6],
  "--min-items": ["minItems", 1, 100],
  "--stores": ["stores", 0, 1000],
  "--categories": ["categories", 0, 1000],
};

/** Parses the job's flags; throws {@link UsageError} naming the bad flag and value. */
export function parseLlmCollectionsArgs(argv: readonly string[]): LlmCollectionsArgs {
  const args: LlmCollectionsArgs = { perTarget: 3, minItems: 4, stores: 20, categories: 30, offline: false };
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index]!;
    if (flag === "--offline") {
      args.offline = true;
      index -= 1;
      continue;
    }
    const limit = LIMITS[flag];
    if (!limit) throw new UsageError(`unknown option ${JSON.stringify(flag)}`, USAGE);
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < limit[1] || value > limit[2])
      throw new UsageError(
        `${flag} needs a whole number ${limit[1]}–${limit[2]} (got ${JSON.stringify(argv[index + 1] ?? "")})`,
        USAGE,
      );
    args[limit[0]] = value;
  }
  return args;
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

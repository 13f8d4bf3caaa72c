import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { startProgress, type Progress } from "../core/progress";
import { generateCollections } from "../plugins/collections/collections.generator";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

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

/** `npm run jobs -- llm-collections`: generates themed collections for shopper clusters, stores and departments into `generated_collections`. */
export async function main(argv: string[]): Promise<void> {
  const args = parseLlmCollectionsArgs(argv);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  const gateway = new LlmGateway({ config, db: database.db, ...(args.offline ? { provider: null } : {}) });
  log(`llm-collections: provider ${gateway.provider ? gateway.model : "offline (no ANTHROPIC_API_KEY)"}`);
  let bar: Progress | undefined;
  try {
    const summary = await generateCollections(database.db, gateway, {
      perTarget: args.perTarget,
      minItems: args.minItems,
      maxStores: args.stores,
      maxCategories: args.categories,
      onTarget: (done, total) => {
        bar ??= startProgress("collections", total);
        bar.update(done);
      },
    });
    bar?.stop();
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    log(
      `llm-collections: ${summary.stored} stored, ${summary.droppedTooFewItems} dropped for fewer than ${args.minItems} in-stock items, ${summary.groundingDrops} ungrounded references dropped; prompt ~${summary.promptTokens.narrowed} tokens vs ~${summary.promptTokens.naive} naive`,
    );
  } finally {
    bar?.stop();
    await close();
  }
}

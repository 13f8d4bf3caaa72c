import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { startProgress, type Progress } from "../core/progress";
import { writeOrderSummaries } from "../plugins/order-summaries/order-summaries.writer";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

export const USAGE = "npm run jobs -- order-summaries [--limit N]";

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

/** `npm run jobs -- order-summaries`: a short profile text per shopper into `user_summaries` (LLM, cache or template). */
export async function main(argv: string[]): Promise<void> {
  const { limit } = parseOrderSummariesArgs(argv);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  const gateway = new LlmGateway({ config, db: database.db });
  let bar: Progress | undefined;
  try {
    const summary = await writeOrderSummaries(database.db, gateway, {
      limit,
      onUser: (done, total) => {
        bar ??= startProgress("shoppers", total);
        bar.update(done);
      },
    });
    bar?.stop();
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    log(
      `order-summaries: ${summary.users} shoppers (${summary.bySource.LLM} model, ${summary.bySource.CACHE} cache, ${summary.bySource.OFFLINE} template); ${summary.droppedProducts} unknown products dropped`,
    );
  } finally {
    bar?.stop();
    await close();
  }
}

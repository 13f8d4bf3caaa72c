import { holdRebuildLease } from "../core/database/lease";
import { CO_PURCHASE_COLLECTION } from "../subgraphs/personalization/services/co-purchase.document";
import { loadConfigOrExit } from "../core/config";
import { startProgress, type Progress } from "../core/progress";
import {
  buildCoPurchase,
  type CoPurchaseBuildOptions,
} from "../subgraphs/personalization/services/co-purchase.builder";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

export const USAGE =
  "npm run jobs -- co-purchase [--min-support N] [--max-neighbours N] [--max-basket-items N] [--max-items N] [--pair-table-bits 16-27]";

const FLAGS: Record<string, { key: keyof CoPurchaseBuildOptions; min: number; max: number }> = {
  "--min-support": { key: "minSupport", min: 1, max: 1_000_000 },
  "--max-neighbours": { key: "maxNeighbours", min: 1, max: 500 },
  "--max-basket-items": { key: "maxBasketItems", min: 2, max: 500 },
  "--max-items": { key: "maxItems", min: 1, max: 5_000_000 },
  "--pair-table-bits": { key: "pairTableBits", min: 16, max: 27 },
};

/** Parses the job's flags; throws {@link UsageError} naming the bad flag and value. */
export function parseCoPurchaseArgs(argv: readonly string[]): CoPurchaseBuildOptions {
  const options: Record<string, number> = {};
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index]!;
    const spec = FLAGS[flag];
    if (!spec) throw new UsageError(`unknown option ${JSON.stringify(flag)}`, USAGE);
    const raw = argv[index + 1];
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new UsageError(
        `${flag} needs a whole number ${spec.min}–${spec.max} (got ${JSON.stringify(raw ?? "")})`,
        USAGE,
      );
    }
    options[spec.key] = value;
  }
  return options as CoPurchaseBuildOptions;
}

/** `npm run jobs -- co-purchase`: rebuilds item–item complements (lift, PMI) from every order into `co_purchase`. */
export async function main(argv: string[]): Promise<void> {
  const options = parseCoPurchaseArgs(argv);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  // One rebuild at a time, whether a serving replica's background task or another run of this job.
  const lease = await holdRebuildLease(database.db, CO_PURCHASE_COLLECTION);
  if (!lease.held) {
    log(`co-purchase: ${lease.holder ?? "another process"} is rebuilding it now; nothing done`);
    await close();
    return;
  }
  let bar: Progress | undefined;
  let phase = "";
  try {
    // No count first: FerretDB v1 counts by scanning, 1.6M orders at the large seed. The first pass
    // shows a running count; the second knows the total from it.
    let orders = 0;
    let counted = 0;
    const summary = await buildCoPurchase(database.db, {
      ...options,
      onProgress(next, done) {
        if (next !== phase) {
          bar?.stop();
          phase = next;
          const label = next === "count" ? "co-purchase: product frequency (orders)" : "co-purchase: pairs (orders)";
          if (next !== "count") orders = counted;
          bar = next === "write" ? undefined : startProgress(label, orders);
        }
        if (next === "count") counted = done;
        bar?.update(done);
      },
    });
    bar?.stop();
    bar = undefined;
    process.stdout.write(
      `co-purchase built: ${summary.documents} products with ${summary.neighbours} complements from ${summary.orders} orders (${summary.lines} lines); ` +
        `${summary.keptProducts}/${summary.products} products kept, ${summary.pairs} pairs counted, ${summary.substitutePairs} substitute pairs excluded, ` +
        `${summary.sampledBaskets} large baskets sampled, ${summary.pruneRounds} prune rounds (max undercount ${summary.maxUndercount}), in ${summary.seconds}s\n`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    bar?.stop();
    await lease.release();
    await close();
  }
}

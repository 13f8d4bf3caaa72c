import { holdRebuildLease } from "../core/database/lease";
import { CO_PURCHASE_COLLECTION } from "../subgraphs/personalization/statistics/co-purchase.document";
import { loadConfigOrExit } from "../core/config";
import { startProgress, type Progress } from "../core/progress";
import {
  buildCoPurchase,
  CO_PURCHASE_DEFAULTS as D,
  type CoPurchaseBuildOptions,
} from "../subgraphs/personalization/statistics/co-purchase.builder";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand } from "../core/cli-args";

const ARGS = defineCommand({
  command: "npm run jobs -- co-purchase",
  summary: "Rebuilds item–item complements (lift, PMI) from every order into `co_purchase`.",
  options: {
    "min-support": { type: "int", min: 1, max: 1_000_000, help: `orders a pair needs (default ${D.minSupport})` },
    "max-neighbours": { type: "int", min: 1, max: 500, help: `complements kept per item (default ${D.maxNeighbours})` },
    "max-basket-items": {
      type: "int",
      min: 2,
      max: 500,
      help: `items of one basket paired at most, larger baskets sampled (default ${D.maxBasketItems})`,
    },
    "max-items": { type: "int", min: 1, max: 5_000_000, help: `most frequent items kept (default ${D.maxItems})` },
    "pair-table-bits": {
      type: "int",
      min: 16,
      max: 27,
      value: "BITS",
      help: `log2 of the pair table's slots (default ${D.pairTableBits})`,
    },
  },
});

export const USAGE = ARGS.usage;

/** Parses the job's flags; throws a UsageError naming the bad flag and value. */
export function parseCoPurchaseArgs(argv: readonly string[]): CoPurchaseBuildOptions {
  const args = ARGS.parse(argv);
  return {
    minSupport: args["min-support"],
    maxNeighbours: args["max-neighbours"],
    maxBasketItems: args["max-basket-items"],
    maxItems: args["max-items"],
    pairTableBits: args["pair-table-bits"],
  };
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

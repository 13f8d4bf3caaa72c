import { loadConfigOrExit } from "../core/config";
import { startProgress, type Progress } from "../core/progress";
import { DEFAULT_USERS_PER_SHARD, rebuildAllAttributes } from "./attributes/attributes.rebuild";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand } from "../core/cli-args";

const ARGS = defineCommand({
  command: "npm run jobs -- attributes",
  summary: "Rebuilds the category medians and every shopper's derived attributes.",
  options: {
    batch: { type: "int", min: 1, max: 1_000_000, default: 1000, value: "USERS", help: "shoppers written per batch" },
    "product-cache": {
      type: "int",
      min: 1,
      max: 1_000_000,
      default: 1_000_000,
      value: "PRODUCTS",
      help: "products kept in memory while reading orders",
    },
    shard: {
      type: "int",
      min: 1,
      max: 1_000_000,
      default: DEFAULT_USERS_PER_SHARD,
      value: "USERS",
      help: "shoppers whose history is read in one pass",
    },
  },
});

export const USAGE = ARGS.usage;

/** `npm run jobs -- attributes`: rebuilds the category medians and every shopper's derived attributes. */
export async function main(argv: string[]): Promise<void> {
  const { batch: batchSize, "product-cache": productCacheSize, shard: usersPerShard } = ARGS.parse(argv);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  let products: Progress | undefined;
  let users: Progress | undefined;
  try {
    // A running count, not a bar: FerretDB v1 counts by scanning (500k products at the large seed).
    products = startProgress("products (facts and category medians)", 0);
    const summary = await rebuildAllAttributes(database.db, {
      batchSize,
      productCacheSize,
      usersPerShard,
      onProducts: (count) => products?.tick(count),
      onUsers: (event) => {
        if ("total" in event) {
          products?.stop();
          products = undefined;
          users = startProgress("user attributes", event.total);
        } else users?.update(event.done);
      },
    });
    users?.stop();
    process.stdout.write(
      `attributes rebuilt: ${summary.users} users (${summary.usersWithPurchases} with purchases, ${summary.purchaseLines} purchase lines), ${summary.categories} category medians, in ${summary.seconds}s\n`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    products?.stop();
    users?.stop();
    await close();
  }
}

import { loadConfigOrExit } from "../core/config";
import { startProgress, type Progress } from "../core/progress";
import { DEFAULT_USERS_PER_SHARD, rebuildAllAttributes } from "./attributes/attributes.rebuild";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

export const USAGE = "npm run jobs -- attributes [--batch USERS] [--product-cache PRODUCTS] [--shard USERS]";

function positiveInt(argv: string[], index: number, flag: string): number {
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000)
    throw new UsageError(
      `${flag} needs a whole number 1–1000000 (got ${JSON.stringify(argv[index + 1] ?? "")})`,
      USAGE,
    );
  return value;
}

/** `npm run jobs -- attributes`: rebuilds the category medians and every shopper's derived attributes. */
export async function main(argv: string[]): Promise<void> {
  let batchSize = 1000;
  let productCacheSize = 1_000_000;
  let usersPerShard = DEFAULT_USERS_PER_SHARD;
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index]!;
    if (flag === "--batch") batchSize = positiveInt(argv, index, flag);
    else if (flag === "--product-cache") productCacheSize = positiveInt(argv, index, flag);
    else if (flag === "--shard") usersPerShard = positiveInt(argv, index, flag);
    else throw new UsageError(`unknown option ${JSON.stringify(flag)}`, USAGE);
  }
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

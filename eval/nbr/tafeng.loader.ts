import { join } from "node:path";
import { readCsvRows } from "./csv-rows.reader";
import { buildGuardedDataset } from "./leakage.guard";
import type { LoadedDataset } from "./nbr-dataset.types";
import { RawBasketBuilder } from "./raw-basket.builder";
import { createInterner } from "./string.interner";

/** The Ta-Feng file inside the data folder. */
export const TAFENG_FILES = ["baskets.csv"] as const;

/** Options shared by the dataset loaders. */
export interface LoaderOptions {
  /** Called with the number of bytes read since the previous call. */
  readonly onBytes?: (bytes: number) => void;
}

/**
 * Streams `DIR/baskets.csv` (`user_id,basket_idx,is_target,product_id`) into a guarded dataset: `is_target=0`
 * rows are history ordered by `basket_idx`, the `is_target=1` basket is the target.
 */
export async function loadTafeng(dir: string, options: LoaderOptions = {}): Promise<LoadedDataset> {
  const path = join(dir, TAFENG_FILES[0]);
  const builder = new RawBasketBuilder();
  const intern = createInterner();
  let line = 1;
  for await (const [userId, basketIdx, isTarget, productId] of readCsvRows(path, {
    columns: ["user_id", "basket_idx", "is_target", "product_id"],
    onBytes: options.onBytes,
  })) {
    line += 1;
    const seq = Number(basketIdx);
    if (!Number.isInteger(seq)) throw new Error(`${path}: row ${line}: basket_idx "${basketIdx}" is not an integer`);
    if (isTarget !== "0" && isTarget !== "1")
      throw new Error(`${path}: row ${line}: is_target "${isTarget}" is not 0 or 1`);
    if (userId === "" || productId === "") throw new Error(`${path}: row ${line}: empty user_id or product_id`);
    builder.add(intern(userId), intern(basketIdx), seq, isTarget === "1" ? "target" : "history", intern(productId));
  }
  const { dataset, skippedUsers } = buildGuardedDataset(builder.logs());
  return { format: "tafeng", dataset, skippedUsers };
}

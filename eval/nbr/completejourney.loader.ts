import { join } from "node:path";
import { readCsvRows } from "./csv-rows.reader";
import { buildGuardedDataset } from "./leakage.guard";
import type { LoadedDataset } from "./nbr-dataset.types";
import { RawBasketBuilder } from "./raw-basket.builder";
import { createInterner } from "./string.interner";
import type { LoaderOptions } from "./tafeng.loader";

/** The Complete Journey file the loader reads inside the data folder. */
export const COMPLETEJOURNEY_FILES = ["transactions_sample.csv"] as const;

/** One basket while the file is read: its household, its earliest line time and its items. */
interface BasketRows {
  readonly household: string;
  readonly id: string;
  firstAt: number;
  readonly items: string[];
}

/**
 * Streams `DIR/transactions_sample.csv` (84.51° The Complete Journey: `household_id, basket_id,
 * product_id, transaction_timestamp`, …) into a guarded dataset: each household's baskets in time order
 * (earliest line of the basket, then basket id), the last one the target, the others the history.
 * Households with a single basket have no history and are skipped. The file is a random sample of line
 * items, so baskets hold only the sampled lines of each real basket.
 */
export async function loadCompleteJourney(dir: string, options: LoaderOptions = {}): Promise<LoadedDataset> {
  const path = join(dir, COMPLETEJOURNEY_FILES[0]);
  const intern = createInterner();
  const baskets = new Map<string, BasketRows>();
  let line = 1;
  for await (const [household, basketId, productId, timestamp] of readCsvRows(path, {
    columns: ["household_id", "basket_id", "product_id", "transaction_timestamp"],
    onBytes: options.onBytes,
  })) {
    line += 1;
    if (household === "" || basketId === "" || productId === "")
      throw new Error(`${path}: row ${line}: empty household_id, basket_id or product_id`);
    const at = Date.parse(timestamp.replace(" ", "T") + "Z");
    if (!Number.isFinite(at))
      throw new Error(`${path}: row ${line}: transaction_timestamp "${timestamp}" is not a date`);
    const key = `${household}\u0000${basketId}`;
    const basket = baskets.get(key);
    if (!basket)
      baskets.set(key, { household: intern(household), id: intern(basketId), firstAt: at, items: [intern(productId)] });
    else {
      if (basket.household !== household)
        throw new Error(
          `${path}: row ${line}: basket ${basketId} belongs to households ${basket.household} and ${household}`,
        );
      basket.firstAt = Math.min(basket.firstAt, at);
      basket.items.push(intern(productId));
    }
  }
  const byHousehold = new Map<string, BasketRows[]>();
  for (const basket of baskets.values()) {
    const list = byHousehold.get(basket.household);
    if (list) list.push(basket);
    else byHousehold.set(basket.household, [basket]);
  }
  const builder = new RawBasketBuilder();
  let skipped = 0;
  for (const [household, list] of byHousehold) {
    if (list.length < 2) {
      skipped += 1;
      continue;
    }
    list.sort((a, b) => a.firstAt - b.firstAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    list.forEach((basket, seq) => {
      for (const item of basket.items)
        builder.add(household, basket.id, seq, seq === list.length - 1 ? "target" : "history", item);
    });
  }
  const { dataset, skippedUsers } = buildGuardedDataset(builder.logs());
  return { format: "completejourney", dataset, skippedUsers: skippedUsers + skipped };
}

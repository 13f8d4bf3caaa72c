import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { readCsvRows } from "./csv-rows.reader";
import { buildGuardedDataset, LeakageError } from "./leakage.guard";
import type { BasketRole, LoadedDataset } from "./nbr-dataset.types";
import { RawBasketBuilder } from "./raw-basket.builder";
import { createInterner } from "./string.interner";
import type { LoaderOptions } from "./tafeng.loader";

/** The Instacart files the loader reads inside the data folder. */
export const INSTACART_FILES = {
  orders: "orders.csv",
  prior: "order_products__prior.csv",
  train: "order_products__train.csv",
} as const;

/**
 * The one-table Instacart layout: every order line of every user in one file (`order_id,user_id,
 * order_number,…,product_id,…`), as the importer reads it. Each user's highest `order_number` is the target.
 */
export const INSTACART_ONE_TABLE_FILE = "transactions.csv";

/** Which Instacart layout `dir` holds: Kaggle's three files, else the one table, else none (Kaggle's names are reported missing). */
export function instacartLayout(dir: string): "kaggle" | "one-table" {
  return !existsSync(join(dir, INSTACART_FILES.orders)) && existsSync(join(dir, INSTACART_ONE_TABLE_FILE))
    ? "one-table"
    : "kaggle";
}

/** The files the loader needs in `dir`, for its layout. */
export function instacartFiles(dir: string): readonly string[] {
  return instacartLayout(dir) === "one-table" ? [INSTACART_ONE_TABLE_FILE] : Object.values(INSTACART_FILES);
}

/** Bytes the Instacart loader reads from `dir` (orders.csv, or the one table, is read twice), for a progress total. */
export function instacartBytesToRead(dir: string): number {
  const size = (name: string) => statSync(join(dir, name)).size;
  if (instacartLayout(dir) === "one-table") return 2 * size(INSTACART_ONE_TABLE_FILE);
  return 2 * size(INSTACART_FILES.orders) + size(INSTACART_FILES.prior) + size(INSTACART_FILES.train);
}

interface OrderInfo {
  readonly userId: string;
  readonly orderNumber: number;
  readonly evalSet: BasketRole;
}

/**
 * Streams an Instacart folder into a guarded dataset: per user, the `train` eval_set order is the target and
 * the `prior` orders (by order_number) are the history; users without a train order are skipped.
 */
export async function loadInstacart(dir: string, options: LoaderOptions = {}): Promise<LoadedDataset> {
  if (instacartLayout(dir) === "one-table") return loadInstacartOneTable(dir, options);
  const intern = createInterner();
  const ordersPath = join(dir, INSTACART_FILES.orders);
  const columns = ["order_id", "user_id", "eval_set", "order_number"] as const;

  // Pass 1: which users have a train order (only they can be evaluated).
  const trainUsers = new Set<string>();
  const allUsers = new Set<string>();
  for await (const [, userId, evalSet] of readCsvRows(ordersPath, { columns, onBytes: options.onBytes })) {
    allUsers.add(userId);
    if (evalSet === "train") trainUsers.add(intern(userId));
  }

  // Pass 2: order id -> (user, order_number, eval_set), for those users' prior and train orders only.
  const orders = new Map<string, OrderInfo>();
  let line = 1;
  for await (const [orderId, userId, evalSet, orderNumber] of readCsvRows(ordersPath, {
    columns,
    onBytes: options.onBytes,
  })) {
    line += 1;
    if (!trainUsers.has(userId) || (evalSet !== "prior" && evalSet !== "train")) continue;
    const seq = Number(orderNumber);
    if (!Number.isInteger(seq))
      throw new Error(`${ordersPath}: row ${line}: order_number "${orderNumber}" is not an integer`);
    if (orders.has(orderId)) throw new Error(`${ordersPath}: row ${line}: order_id ${orderId} listed twice`);
    orders.set(intern(orderId), {
      userId: intern(userId),
      orderNumber: seq,
      evalSet: evalSet === "train" ? "target" : "history",
    });
  }

  const builder = new RawBasketBuilder();
  const sources: Array<[string, BasketRole]> = [
    [INSTACART_FILES.prior, "history"],
    [INSTACART_FILES.train, "target"],
  ];
  for (const [file, role] of sources) {
    for await (const [orderId, productId] of readCsvRows(join(dir, file), {
      columns: ["order_id", "product_id"],
      onBytes: options.onBytes,
    })) {
      const order = orders.get(orderId);
      if (!order) continue; // an order of a user without a train order, or unknown to orders.csv
      if (order.evalSet !== role) {
        throw new LeakageError(
          "role-mismatch",
          order.userId,
          orderId,
          `order is eval_set ${order.evalSet === "target" ? "train" : "prior"} in orders.csv but listed in ${file}`,
        );
      }
      builder.add(order.userId, orderId, order.orderNumber, role, intern(productId));
    }
  }
  const { dataset, skippedUsers } = buildGuardedDataset(builder.logs());
  const usersWithoutAnyUsableOrder = allUsers.size - builder.userCount;
  return { format: "instacart", dataset, skippedUsers: skippedUsers + usersWithoutAnyUsableOrder };
}

/** The one-table layout: pass 1 finds each user's first and last order numbers, pass 2 builds history and target. */
async function loadInstacartOneTable(dir: string, options: LoaderOptions): Promise<LoadedDataset> {
  const intern = createInterner();
  const path = join(dir, INSTACART_ONE_TABLE_FILE);
  const columns = ["order_id", "user_id", "order_number", "product_id"] as const;
  const lastOrder = new Map<string, number>();
  const firstOrder = new Map<string, number>();
  let line = 1;
  for await (const [, userId, orderNumber] of readCsvRows(path, { columns, onBytes: options.onBytes })) {
    line += 1;
    const seq = Number(orderNumber);
    if (!Number.isInteger(seq))
      throw new Error(`${path}: row ${line}: order_number "${orderNumber}" is not an integer`);
    lastOrder.set(intern(userId), Math.max(seq, lastOrder.get(userId) ?? seq));
    firstOrder.set(userId, Math.min(seq, firstOrder.get(userId) ?? seq));
  }
  const builder = new RawBasketBuilder();
  for await (const [orderId, userId, orderNumber, productId] of readCsvRows(path, {
    columns,
    onBytes: options.onBytes,
  })) {
    const seq = Number(orderNumber);
    // A user with one order has no history: all "history", so the guard skips them as having no target.
    const last = lastOrder.get(userId);
    const role: BasketRole = seq === last && last !== firstOrder.get(userId) ? "target" : "history";
    builder.add(intern(userId), intern(orderId), seq, role, intern(productId));
  }
  const { dataset, skippedUsers } = buildGuardedDataset(builder.logs());
  return { format: "instacart", dataset, skippedUsers };
}

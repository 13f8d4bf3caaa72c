import type { Db } from "mongodb";
import { CATALOG_COLLECTIONS, type ProductDocument } from "../../catalog/read-model";
import { USER_PROFILE_COLLECTIONS, type OrderDocument } from "../../user-profile/read-model";
import { CO_PURCHASE_COLLECTION, type CoPurchaseDocument, type CoPurchaseNeighbour } from "./co-purchase.document";
import { PairCounter } from "./co-purchase.pair-counter";
import { CollectionSwap } from "../../../core/database/collection-swap";
import { fnv1a as hash } from "../../../core/hash";

/** Options of {@link buildCoPurchase}; the defaults suit millions of order lines on a small machine. */
export interface CoPurchaseBuildOptions {
  /** Least baskets a product, and a pair, must appear in (default 3). */
  minSupport?: number;
  /** Complements kept per product, best lift first (default 30). */
  maxNeighbours?: number;
  /** Distinct products of one basket that are paired; larger baskets are sampled deterministically (default 40). */
  maxBasketItems?: number;
  /** Most frequent products kept; rarer ones are pruned before pairs are counted (default 200,000). */
  maxItems?: number;
  /** log2 of the pair table's slots (default 22: 4.2M slots, 50 MB; pruned when 70 % full). */
  pairTableBits?: number;
  /** Least lift that makes a complement (default 1.0, i.e. anything above chance). */
  minLift?: number;
  /** Documents per write (default 500). */
  batchSize?: number;
  /** Called with the phase and the orders (or products) done so far. */
  onProgress?(phase: "count" | "pairs" | "write", done: number): void;
}

/** Summary of one build. */
export interface CoPurchaseBuildSummary {
  orders: number;
  lines: number;
  /** Distinct products seen in orders. */
  products: number;
  /** Products kept after pruning by support, cap and presence in the catalog. */
  keptProducts: number;
  /** Baskets larger than `maxBasketItems` that were sampled. */
  sampledBaskets: number;
  /** Distinct pairs held at the end of counting. */
  pairs: number;
  pruneRounds: number;
  maxUndercount: number;
  /** Pairs skipped as substitutes (same leaf category) with enough support. */
  substitutePairs: number;
  /** Documents written (products with at least one complement). */
  documents: number;
  neighbours: number;
  seconds: number;
}

/** The defaults of {@link CoPurchaseBuildOptions} (what the job's `--help` shows). */
export const CO_PURCHASE_DEFAULTS = {
  minSupport: 3,
  maxNeighbours: 30,
  maxBasketItems: 40,
  maxItems: 200_000,
  pairTableBits: 22,
} as const;

/**
 * Builds item–item complements from every stored order (one order = one basket) and replaces
 * collection `co_purchase` (built aside, then swapped in). One streaming pass over `orders` keeps each
 * basket as interned integer ids (4 bytes per distinct line, 8 bytes per order: ~30 MB for 5M lines)
 * and counts basket frequency; then products below `minSupport`, beyond the `maxItems` most frequent
 * or absent from the catalog are dropped, and each basket's remaining products (at most
 * `maxBasketItems`, a deterministic hash sample beyond that) are paired into a fixed-size
 * {@link PairCounter}.
 * Then lift = N·c(a,b) / (c(a)·c(b)) and PMI = log2(lift) over the N baskets, item counts taken from
 * the same capped baskets; pairs below `minSupport` or `minLift`, and substitutes (same leaf
 * category), are skipped; each product keeps its `maxNeighbours` best by lift (then support, then id).
 * Memory: the baskets above, one map entry per distinct product, and 12 bytes × 2^pairTableBits for
 * pairs (×2 while pruning; 50 MB by default) however many pairs occur; at most C(maxBasketItems, 2)
 * pair updates per basket. The database is read once (FerretDB streams ~1 ms per order).
 */
export async function buildCoPurchase(db: Db, options: CoPurchaseBuildOptions = {}): Promise<CoPurchaseBuildSummary> {
  const started = Date.now();
  const minSupport = options.minSupport ?? CO_PURCHASE_DEFAULTS.minSupport;
  const maxNeighbours = options.maxNeighbours ?? CO_PURCHASE_DEFAULTS.maxNeighbours;
  const maxBasketItems = options.maxBasketItems ?? CO_PURCHASE_DEFAULTS.maxBasketItems;
  const maxItems = options.maxItems ?? CO_PURCHASE_DEFAULTS.maxItems;
  const minLift = options.minLift ?? 1;
  const batchSize = options.batchSize ?? 500;
  const progress = options.onProgress ?? (() => undefined);
  const orders = db.collection<OrderDocument>(USER_PROFILE_COLLECTIONS.orders);

  // One pass over orders: intern product ids, keep every basket as integer ids (4 bytes a line).
  const internal = new Map<string, number>();
  const names: string[] = [];
  let frequency = new Uint32Array(1024);
  let basketItems = new Uint32Array(1 << 16);
  let basketEnds = new Uint32Array(1 << 12);
  const orderKeys: number[] = [];
  let itemCount = 0;
  let orderCount = 0;
  let lineCount = 0;
  for await (const order of orders.find({}, { projection: { lines: 1 } })) {
    const lines = Array.isArray(order.lines) ? order.lines : [];
    lineCount += lines.length;
    const distinct = new Set<number>();
    for (const line of lines) {
      if (typeof line?.productId !== "string") continue;
      let id = internal.get(line.productId);
      if (id === undefined) {
        id = names.length;
        internal.set(line.productId, id);
        names.push(line.productId);
        if (id >= frequency.length) frequency = grow(frequency, id + 1);
      }
      distinct.add(id);
    }
    if (itemCount + distinct.size > basketItems.length) basketItems = grow(basketItems, itemCount + distinct.size);
    for (const id of distinct) {
      basketItems[itemCount++] = id;
      frequency[id] = frequency[id]! + 1;
    }
    if (orderCount >= basketEnds.length) basketEnds = grow(basketEnds, orderCount + 1);
    basketEnds[orderCount] = itemCount;
    orderKeys.push(hash(String(order._id)));
    orderCount += 1;
    if (orderCount % 1000 === 0) progress("count", orderCount);
  }
  progress("count", orderCount);
  internal.clear();

  // Prune rare products, cap the count, keep only products the catalog knows (with their leaf category).
  const frequent = names
    .map((id, position) => ({ id, position, count: frequency[position]! }))
    .filter((entry) => entry.count >= minSupport)
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1))
    .slice(0, maxItems);
  const distinctProducts = names.length;
  const leafCategory = new Map<string, string>();
  const products = db.collection<ProductDocument>(CATALOG_COLLECTIONS.products);
  const wanted = new Set(frequent.map((entry) => entry.id));
  // One scan of the catalog: FerretDB answers large `$in` lists with a scan each, so batching costs more.
  for await (const product of products.find({}, { projection: { categoryId: 1 } }))
    if (wanted.has(product._id)) leafCategory.set(product._id, product.categoryId);
  wanted.clear();
  const kept = frequent.filter((entry) => leafCategory.has(entry.id));
  const ids = kept.map((entry) => entry.id);
  const keptIndex = new Int32Array(names.length).fill(-1);
  kept.forEach((entry, position) => (keptIndex[entry.position] = position));
  const categoryIndex = new Map<string, number>();
  const categoryOf = Int32Array.from(ids, (id) => {
    const category = leafCategory.get(id)!;
    if (!categoryIndex.has(category)) categoryIndex.set(category, categoryIndex.size);
    return categoryIndex.get(category)!;
  });
  leafCategory.clear();

  // Count items and pairs over the kept products of each basket, sampled down to maxBasketItems.
  const itemCounts = new Uint32Array(ids.length);
  const pairs = new PairCounter(options.pairTableBits ?? CO_PURCHASE_DEFAULTS.pairTableBits);
  let sampledBaskets = 0;
  let basketStart = 0;
  for (let basket = 0; basket < orderCount; basket += 1) {
    const end = basketEnds[basket]!;
    let positions: number[] = [];
    for (let at = basketStart; at < end; at += 1) {
      const position = keptIndex[basketItems[at]!]!;
      if (position >= 0) positions.push(position);
    }
    basketStart = end;
    if (positions.length > maxBasketItems) {
      sampledBaskets += 1;
      const key = orderKeys[basket]!;
      positions = positions
        .map((position) => ({ position, rank: hash(`${key}|${ids[position]}`) }))
        .sort((a, b) => a.rank - b.rank || a.position - b.position)
        .slice(0, maxBasketItems)
        .map((entry) => entry.position);
    }
    for (let i = 0; i < positions.length; i += 1) {
      itemCounts[positions[i]!] = itemCounts[positions[i]!]! + 1;
      for (let j = i + 1; j < positions.length; j += 1) pairs.add(positions[i]!, positions[j]!);
    }
    if ((basket + 1) % 10000 === 0) progress("pairs", basket + 1);
  }
  progress("pairs", orderCount);

  // Score pairs into a compact adjacency (CSR): both directions of every qualifying pair.
  const baskets = orderCount;
  const degree = new Uint32Array(ids.length + 1);
  let substitutePairs = 0;
  const qualifies = (a: number, b: number, count: number): boolean => {
    if (count < minSupport) return false;
    if (categoryOf[a] === categoryOf[b]) {
      substitutePairs += 1;
      return false;
    }
    return (baskets * count) / (itemCounts[a]! * itemCounts[b]!) > minLift;
  };
  pairs.forEach((a, b, count) => {
    if (!qualifies(a, b, count)) return;
    degree[a] = degree[a]! + 1;
    degree[b] = degree[b]! + 1;
  });
  const offsets = new Uint32Array(ids.length + 1);
  for (let item = 0; item < ids.length; item += 1) offsets[item + 1] = offsets[item]! + degree[item]!;
  const total = offsets[ids.length]!;
  const neighbourOf = new Uint32Array(total);
  const supportOf = new Uint32Array(total);
  const fill = offsets.slice(0, ids.length);
  const place = (from: number, to: number, count: number): void => {
    const at = fill[from]!;
    neighbourOf[at] = to;
    supportOf[at] = count;
    fill[from] = at + 1;
  };
  const substitutesSeen = substitutePairs;
  pairs.forEach((a, b, count) => {
    if (!qualifies(a, b, count)) return;
    place(a, b, count);
    place(b, a, count);
  });
  substitutePairs = substitutesSeen;
  const pairStats = pairs.stats();

  // Write one document per product with complements, in batches, into a staging collection swapped in at the end.
  const swap = new CollectionSwap<CoPurchaseDocument>(db, CO_PURCHASE_COLLECTION);
  const version = started;
  let pending: CoPurchaseDocument[] = [];
  let documents = 0;
  let neighbourCount = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await swap.write(pending);
    pending = [];
    progress("write", documents);
  };
  for (let item = 0; item < ids.length; item += 1) {
    const start = offsets[item]!;
    const end = offsets[item + 1]!;
    if (end === start) continue;
    const neighbours: CoPurchaseNeighbour[] = [];
    for (let at = start; at < end; at += 1) {
      const other = neighbourOf[at]!;
      const support = supportOf[at]!;
      const lift = (baskets * support) / (itemCounts[item]! * itemCounts[other]!);
      neighbours.push({ productId: ids[other]!, lift: round(lift), pmi: round(Math.log2(lift)), support });
    }
    neighbours.sort((a, b) => b.lift - a.lift || b.support - a.support || (a.productId < b.productId ? -1 : 1));
    neighbours.length = Math.min(neighbours.length, maxNeighbours);
    const document: CoPurchaseDocument = { _id: ids[item]!, neighbours, baskets: itemCounts[item]!, version };
    pending.push(document);
    documents += 1;
    neighbourCount += neighbours.length;
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  await swap.commit();

  return {
    orders: orderCount,
    lines: lineCount,
    products: distinctProducts,
    keptProducts: ids.length,
    sampledBaskets,
    pairs: pairStats.pairs,
    pruneRounds: pairStats.pruneRounds,
    maxUndercount: pairStats.maxUndercount,
    substitutePairs,
    documents,
    neighbours: neighbourCount,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** A copy of `array` with room for at least `needed` elements (capacity doubles). */
function grow(array: Uint32Array<ArrayBuffer>, needed: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/** Six significant decimals keep documents small and values stable across runs. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

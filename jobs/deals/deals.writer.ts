import type { Db } from "mongodb";
import { CollectionSwap } from "../../core/database/collection-swap";
import { DEALS_COLLECTION, type DealDocument } from "../../subgraphs/personalization/services/deals.document";
import type { Allocation } from "../../ml/deals/deal-allocator";

/** A stored deal with the engine's bookkeeping next to the fields personalization reads. */
export interface EngineDealDocument extends DealDocument {
  merchantId: string;
  /** Worst-case cost in major units. */
  cost: number;
  baseProbability: number;
  dealProbability: number;
  expectedIncrementalValue: number;
  createdAt: Date;
  /** Ranker version whose predictions priced it. */
  model: string;
  source: "deals-engine";
}

/**
 * Writes a complete allocation all or nothing: documents go to a staging collection, which replaces
 * `deals` only after every write succeeded (an error before the swap leaves `deals` as it was).
 */
export async function writeDeals(
  db: Db,
  allocations: readonly Allocation[],
  options: { now: Date; expiresAt: Date; version: string },
): Promise<number> {
  const swap = new CollectionSwap<EngineDealDocument>(db, DEALS_COLLECTION, [
    { key: { userId: 1, expiresAt: 1 }, name: "userId_expiresAt" },
  ]);
  const documents: EngineDealDocument[] = allocations.map((a) => ({
    _id: `deal:${a.userId}:${a.productId}`,
    userId: a.userId,
    productId: a.productId,
    kind: a.kind,
    value: a.value,
    expiresAt: options.expiresAt,
    reason: a.explanation,
    merchantId: a.merchantId,
    cost: a.costCents / 100,
    baseProbability: a.baseProbability,
    dealProbability: a.dealProbability,
    expectedIncrementalValue: a.expectedIncrementalValue,
    createdAt: options.now,
    model: options.version,
    source: "deals-engine",
  }));
  for (let start = 0; start < documents.length; start += 1000) await swap.write(documents.slice(start, start + 1000));
  await swap.commit();
  return documents.length;
}

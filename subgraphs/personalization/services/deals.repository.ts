import type { Db } from "mongodb";
import type { DealInfo, DealService } from "../../../plugins/sdk/services";
import { ensureIndexes } from "../../../core/database/ensure-indexes";
import { MAX_DEALS_PER_USER, type DealsReadModel } from "../read-models/deals-read-model";
import type { ReadModelHolder } from "../read-models/read-model-holder";
import { READ_MODEL_WAIT_MS } from "../read-models/read-models";
import { DEALS_COLLECTION, type DealDocument } from "./deals.document";

export { DEALS_COLLECTION, type DealDocument };

/**
 * Reads active deals, memoized per request (several plugins ask for the same user): from the process's
 * deals read model when one is given and loaded (no database read), else one query per request.
 */
export class DealsRepository implements DealService {
  private all: Promise<Map<string, DealInfo>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly model?: ReadModelHolder<DealsReadModel>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.db.collection<DealDocument>(DEALS_COLLECTION), [
      { key: { userId: 1, expiresAt: 1 }, name: "userId_expiresAt" },
    ]);
  }

  async active(userId: string | null, now: Date, productIds?: readonly string[]): Promise<Map<string, DealInfo>> {
    if (!userId) return new Map();
    this.all ??= this.read(userId, now);
    const all = await this.all;
    if (!productIds) return all;
    return new Map(productIds.flatMap((id) => (all.has(id) ? [[id, all.get(id)!] as const] : [])));
  }

  private async read(userId: string, now: Date): Promise<Map<string, DealInfo>> {
    const model = await this.model?.get(READ_MODEL_WAIT_MS);
    if (model) return model.active(userId, now);
    return this.db
      .collection<DealDocument>(DEALS_COLLECTION)
      .find({ userId, expiresAt: { $gt: now } })
      .sort({ expiresAt: 1, _id: 1 })
      .limit(MAX_DEALS_PER_USER)
      .toArray()
      .then((found) => {
        const map = new Map<string, DealInfo>();
        for (const deal of found)
          if (!map.has(deal.productId))
            map.set(deal.productId, {
              id: deal._id,
              productId: deal.productId,
              kind: deal.kind,
              value: deal.value,
              expiresAt: deal.expiresAt,
              reason: deal.reason,
            });
        return map;
      });
  }
}

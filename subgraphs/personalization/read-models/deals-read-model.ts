import type { DealInfo } from "../../../plugins/sdk/services";
import type { DealDocument } from "../services/deals.document";

/** Most deals of one shopper considered per request (as the database query limits them). */
export const MAX_DEALS_PER_USER = 500;

/**
 * Personal deals (collection `deals`) held in this process by shopper, each list ordered by expiry then
 * id as the database query sorts them. The deals engine allocates a few deals per shopper under a
 * budget, so the collection stays small next to orders or offers.
 */
export class DealsReadModel {
  private readonly byUser = new Map<string, DealInfo[]>();
  private count = 0;

  private constructor(readonly version: number) {}

  /** Builds the model from a stream of deal documents. */
  static async build(documents: AsyncIterable<DealDocument>, version: number): Promise<DealsReadModel> {
    const model = new DealsReadModel(version);
    for await (const deal of documents) {
      let list = model.byUser.get(deal.userId);
      if (!list) model.byUser.set(deal.userId, (list = []));
      list.push({
        id: deal._id,
        productId: deal.productId,
        kind: deal.kind,
        value: deal.value,
        expiresAt: new Date(deal.expiresAt),
        reason: deal.reason,
      });
      model.count += 1;
    }
    for (const list of model.byUser.values())
      list.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return model;
  }

  /** Deals held. */
  get size(): number {
    return this.count;
  }

  /** A shopper's deals not expired at `now`, by product id (the soonest-expiring deal of a product wins). */
  active(userId: string, now: Date): Map<string, DealInfo> {
    const result = new Map<string, DealInfo>();
    let considered = 0;
    for (const deal of this.byUser.get(userId) ?? []) {
      if (deal.expiresAt.getTime() <= now.getTime()) continue;
      if (++considered > MAX_DEALS_PER_USER) break;
      if (!result.has(deal.productId)) result.set(deal.productId, { ...deal, expiresAt: new Date(deal.expiresAt) });
    }
    return result;
  }
}

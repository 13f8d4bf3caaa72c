import type { Collection, Db, Filter } from "mongodb";
import { CATALOG_COLLECTIONS } from "./read-model";
import type { MerchantDocument } from "../../core/documents/merchant.document";
import type { Vertical } from "../../core/documents/vertical";
import { ensureIndexes } from "../../core/database/ensure-indexes";
import { findByIds } from "../../core/database/by-id-reads";

/** Reads the `merchants` collection (stores and restaurants). */
export class MerchantsRepository {
  readonly collection: Collection<MerchantDocument>;

  constructor(db: Db) {
    this.collection = db.collection<MerchantDocument>(CATALOG_COLLECTIONS.merchants);
  }

  /** Creates the indexes the merchant list uses; safe to call at every start. */
  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { verticals: 1 }, name: "verticals" }]);
  }

  /** Merchants with these ids, read as the process reads by id (`BY_ID_READS`). */
  findByIds(ids: readonly string[]): Promise<MerchantDocument[]> {
    return findByIds(this.collection, ids);
  }

  /** Up to `limit` merchants by id after `afterId`, optionally selling in `vertical`. */
  findPage(options: { vertical?: Vertical; afterId?: string; limit: number }): Promise<MerchantDocument[]> {
    return this.collection.find(this.filter(options, options.afterId)).sort({ _id: 1 }).limit(options.limit).toArray();
  }

  /** How many merchants sell in `vertical` (all when omitted). */
  count(options: { vertical?: Vertical }): Promise<number> {
    return this.collection.countDocuments(this.filter(options));
  }

  private filter(options: { vertical?: Vertical }, afterId?: string): Filter<MerchantDocument> {
    return {
      ...(options.vertical ? { verticals: options.vertical } : {}),
      ...(afterId !== undefined ? { _id: { $gt: afterId } } : {}),
    };
  }
}

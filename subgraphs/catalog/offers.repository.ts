import type { Collection, Db, Filter } from "mongodb";
import { CATALOG_COLLECTIONS } from "./read-model";
import type { OfferDocument } from "../../core/documents/merchant.document";
import { findByKeys } from "../../core/database/by-id-reads";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** Conditions on a merchant's offers. */
export interface OfferConditions {
  /** Only offers in stock. */
  inStock?: boolean;
  minPrice?: number;
  maxPrice?: number;
}

/** Reads the `offers` collection: one document per product a merchant sells, `_id` `${merchantId}|${productId}`. */
export class OffersRepository {
  readonly collection: Collection<OfferDocument>;

  constructor(db: Db) {
    this.collection = db.collection<OfferDocument>(CATALOG_COLLECTIONS.offers);
  }

  /** Creates the indexes assortment pages and product lookups use; safe to call at every start. */
  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { merchantId: 1, productId: 1 }, name: "merchantId_productId" },
      { key: { productId: 1 }, name: "productId" },
    ]);
  }

  /** Ids of the products `merchantId` offers under `conditions`, sorted ascending. */
  async productIds(merchantId: string, conditions: OfferConditions): Promise<string[]> {
    const offers = await this.collection
      .find(this.filter(merchantId, conditions), { projection: { _id: 0, productId: 1 } })
      .toArray();
    return offers.map((offer) => offer.productId).sort(compareIds);
  }

  /** Up to `limit` offers of `merchantId` by product id after `afterProductId`. */
  findPage(
    merchantId: string,
    conditions: OfferConditions,
    afterProductId: string | undefined,
    limit: number,
  ): Promise<OfferDocument[]> {
    return this.collection
      .find(this.filter(merchantId, conditions, afterProductId))
      .sort({ productId: 1 })
      .limit(limit)
      .toArray();
  }

  /** How many offers of `merchantId` meet `conditions`. */
  count(merchantId: string, conditions: OfferConditions): Promise<number> {
    return this.collection.countDocuments(this.filter(merchantId, conditions));
  }

  /**
   * Offers of these products (all merchants), cheapest first (ties by `_id`). Read through the
   * `productId` index as {@link findByKeys} does by id: one `$in`, or on FerretDB/PostgreSQL one indexed
   * equality per product (its `$in` scans every offer).
   */
  async findByProductIds(productIds: readonly string[]): Promise<OfferDocument[]> {
    const offers = await findByKeys(this.collection, "productId", productIds);
    return offers.sort((a, b) => a.price - b.price || compareIds(a._id, b._id));
  }

  private filter(merchantId: string, conditions: OfferConditions, afterProductId?: string): Filter<OfferDocument> {
    const price: { $gte?: number; $lte?: number } = {};
    if (conditions.minPrice !== undefined) price.$gte = conditions.minPrice;
    if (conditions.maxPrice !== undefined) price.$lte = conditions.maxPrice;
    return {
      merchantId,
      ...(conditions.inStock ? { available: true } : {}),
      ...(Object.keys(price).length > 0 ? { price } : {}),
      ...(afterProductId !== undefined ? { productId: { $gt: afterProductId } } : {}),
    };
  }
}

/** Byte-wise string order, the order MongoDB sorts string ids in. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

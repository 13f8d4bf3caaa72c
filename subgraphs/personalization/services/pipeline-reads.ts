import type { Db } from "mongodb";
import { type CategoryDocument, CATALOG_COLLECTIONS, type MerchantDocument } from "../../catalog/read-model";
import type { OrderDocument } from "../../user-profile/read-model";
import type { Logger } from "../../../core/logger";
import type { PipelineReads, ShopperDocuments } from "../pipeline/pipeline.types";
import { READ_MODEL_WAIT_MS, readModelsFor } from "../read-models/read-models";
import { readRecentOrders, readSessionItems, readUserDocuments } from "./user-reads";

/**
 * The pipeline's reads in the personalization process: shopper documents and recent orders shared for
 * a few seconds by the process (user-reads.ts); store names and child categories from the catalog read
 * model (else one `{_id}` read of `merchants`, or one filtered read of `categories`).
 */
export class MongoPipelineReads implements PipelineReads {
  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
  ) {}

  shopper(userId: string): Promise<ShopperDocuments> {
    return readUserDocuments(this.db, userId);
  }

  recentOrders(userId: string, now: Date, limit: number): Promise<OrderDocument[]> {
    return readRecentOrders(this.db, userId, now, limit);
  }

  sessionItems(userId: string, now: Date, limit: number): Promise<string[]> {
    return readSessionItems(this.db, userId, now, limit);
  }

  async storeName(storeId: string): Promise<string | null> {
    const model = await readModelsFor(this.db, this.logger).catalog.get(READ_MODEL_WAIT_MS);
    const name = model?.merchantName(storeId);
    if (name !== undefined) return name;
    const merchant = await this.db
      .collection<MerchantDocument>(CATALOG_COLLECTIONS.merchants)
      .findOne({ _id: storeId }, { projection: { name: 1 } });
    return merchant?.name ?? null;
  }

  async childCategories(parentId: string | null, limit: number): Promise<Pick<CategoryDocument, "_id" | "name">[]> {
    const model = await readModelsFor(this.db, this.logger).catalog.get(READ_MODEL_WAIT_MS);
    if (model) return [...model.childCategories(parentId, limit)];
    return this.db
      .collection<CategoryDocument>(CATALOG_COLLECTIONS.categories)
      .find(parentId ? { parentId } : { depth: 1 }, { projection: { name: 1 } })
      .limit(limit)
      .toArray();
  }
}

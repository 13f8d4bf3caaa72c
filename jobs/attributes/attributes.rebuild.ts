import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { UserDocument } from "../../core/documents/user.document";
import type { EventDocument } from "../../core/documents/event.document";
import type { OrderDocument } from "../../core/documents/order.document";
import { CollectionSwap } from "../../core/database/collection-swap";
import { AttributesBuilder } from "../../subgraphs/user-profile/attributes/attributes.builder";
import { AttributesRefresher } from "../../subgraphs/user-profile/attributes/attributes.refresher";
import { ErasedShoppers } from "../../subgraphs/user-profile/erased-shoppers";
import { ShopperLocks } from "../../subgraphs/user-profile/shopper-locks";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../subgraphs/user-profile/attributes/user-attributes.document";
import {
  collectPurchaseHistories,
  PURCHASE_EVENT_PROJECTION,
  PURCHASE_ORDER_PROJECTION,
  type PurchaseHistories,
} from "../../subgraphs/user-profile/attributes/purchase-history.reader";

/** Default users per shard: about 50 order lines each keeps a shard's histories within a few hundred MB. */
export const DEFAULT_USERS_PER_SHARD = 50_000;

/** Options of {@link rebuildAllAttributes}. */
export interface RebuildOptions {
  /** Users computed and stored together. */
  batchSize: number;
  /** Products kept in the in-memory cache across batches (all of them, ideally: they are preloaded in one scan). */
  productCacheSize: number;
  /** Users whose histories are held in memory at once; each shard costs one scan of orders and of events. */
  usersPerShard?: number;
  /** Called before the user pass with the number of users, then after each batch with the users done. */
  onUsers?: (event: { total: number } | { done: number }) => void;
  /** Called with products scanned while the category medians are rebuilt. */
  onProducts?: (count: number) => void;
  now?: Date;
}

/** What a rebuild did. */
export interface RebuildSummary {
  categories: number;
  users: number;
  usersWithPurchases: number;
  purchaseLines: number;
  seconds: number;
}

/**
 * Rebuilds every shopper's attributes: first one scan of products fills the product cache and rebuilds
 * the category medians, then the users shard by shard. A shard's histories come from one
 * scan of `orders` and one of PURCHASE `events` (on FerretDB every filtered read is a scan, so a `$in` per
 * batch of users would scan both collections once per batch); then its users are computed in batches by
 * the same builder the incremental path uses.
 *
 * The documents go into a staging collection that replaces `user_attributes` at the end
 * ({@link CollectionSwap}): readers keep the previous build until then, and no write ever looks up the
 * growing collection (on FerretDB a `deleteMany($in)` per batch scans it, which at 100k shoppers made
 * the writes outlast the reads). Shoppers whose attributes the serving path stored while the rebuild ran
 * may have history the scans missed, and their newer document would be lost in the swap: the serving
 * path records them while the job's marker exists, and the job recomputes them after the swap, under
 * their leases ({@link ShopperLocks.beginRebuild}).
 */
export async function rebuildAllAttributes(db: Db, options: RebuildOptions): Promise<RebuildSummary> {
  const started = Date.now();
  const builder = new AttributesBuilder(db, { productCacheSize: options.productCacheSize });
  const locks = new ShopperLocks(db);
  await locks.beginRebuild();
  try {
    return await rebuildAll(db, options, builder, locks, started);
  } catch (error) {
    await locks.endRebuild().catch(() => undefined);
    throw error;
  }
}

async function rebuildAll(
  db: Db,
  options: RebuildOptions,
  builder: AttributesBuilder,
  locks: ShopperLocks,
  started: number,
): Promise<RebuildSummary> {
  const staged = new CollectionSwap<UserAttributesDocument>(db, USER_ATTRIBUTES_COLLECTION);
  const categories = await builder.preloadProductsAndRebuildCategoryStats(options.onProducts);
  const userIds: string[] = [];
  for await (const user of db.collection<UserDocument>(COLLECTIONS.users).find({}, { projection: { _id: 1 } }))
    userIds.push(user._id);
  userIds.sort();
  options.onUsers?.({ total: userIds.length });
  const summary: RebuildSummary = { categories, users: 0, usersWithPurchases: 0, purchaseLines: 0, seconds: 0 };
  const shardSize = Math.max(1, options.usersPerShard ?? DEFAULT_USERS_PER_SHARD);
  for (let start = 0; start < userIds.length; start += shardSize) {
    const histories: PurchaseHistories = new Map(userIds.slice(start, start + shardSize).map((id) => [id, []]));
    const orders = db
      .collection<OrderDocument>(COLLECTIONS.orders)
      .find({}, { projection: PURCHASE_ORDER_PROJECTION, batchSize: 2000 });
    const events = db
      .collection<EventDocument>(COLLECTIONS.events)
      .find({ type: "PURCHASE" }, { projection: PURCHASE_EVENT_PROJECTION, batchSize: 5000 });
    await collectPurchaseHistories(histories, orders, events);
    const ids = [...histories.keys()];
    for (let offset = 0; offset < ids.length; offset += options.batchSize) {
      const batch: PurchaseHistories = new Map(
        ids.slice(offset, offset + options.batchSize).map((id) => [id, histories.get(id)!]),
      );
      const documents = await builder.computeFromHistories(batch, options.now);
      await staged.write(documents);
      for (const document of documents) {
        summary.users += 1;
        if (document.purchaseLines > 0) summary.usersWithPurchases += 1;
        summary.purchaseLines += document.purchaseLines;
      }
      options.onUsers?.({ done: summary.users });
    }
  }
  await staged.commit();
  const refreshedMeanwhile = await locks.endRebuild();
  if (refreshedMeanwhile.length > 0) {
    const refresher = new AttributesRefresher(db, builder, locks, new ErasedShoppers(db));
    for (let offset = 0; offset < refreshedMeanwhile.length; offset += options.batchSize)
      await refresher.refresh(refreshedMeanwhile.slice(offset, offset + options.batchSize), options.now);
  }
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

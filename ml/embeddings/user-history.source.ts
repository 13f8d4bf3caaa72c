import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import { USER_SUMMARIES_COLLECTION } from "./catalog-data.reader";

/** A user's recent orders and summary text, wherever they come from (personalization may have them in memory). */
export interface UserHistorySource {
  /** Up to `limit` most recent orders. */
  recentOrders(userId: string, limit: number): Promise<Array<{ placedAt: Date; productIds: string[] }>>;
  /** The order-summary text, or null. */
  summary(userId: string): Promise<string | null>;
}

/** Reads orders and `user_summaries` from the database (one filtered query each: a scan on FerretDB, so cache the result). */
export function databaseUserHistory(db: Db): UserHistorySource {
  return {
    async recentOrders(userId, limit) {
      const orders = await db
        .collection<OrderDocument>(COLLECTIONS.orders)
        .find({ userId }, { projection: { placedAt: 1, lines: 1 } })
        .sort({ placedAt: -1 })
        .limit(limit)
        .toArray();
      return orders.map((order) => ({
        placedAt: new Date(order.placedAt),
        productIds: order.lines.map((line) => line.productId),
      }));
    },
    async summary(userId) {
      const document = await db
        .collection<{ _id: string; text?: string }>(USER_SUMMARIES_COLLECTION)
        .findOne({ _id: userId });
      return typeof document?.text === "string" ? document.text : null;
    },
  };
}

import type { Db } from "mongodb";
import { USER_PROFILE_COLLECTIONS } from "../read-model";
import type { EventDocument } from "../../../core/documents/event.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { PurchaseRecord } from "./attributes.calculator";
import { eventsNotInOrders } from "./mirrored-purchase-events";

/** Purchase lines of several users, by user id (users without purchases map to empty lists). */
export type PurchaseHistories = Map<string, PurchaseRecord[]>;

/** The order fields purchase histories are read from. */
export type PurchaseOrder = Pick<OrderDocument, "_id" | "userId" | "placedAt" | "lines">;
/** The event fields purchase histories are read from. */
export type PurchaseEvent = Pick<EventDocument, "_id" | "userId" | "productId" | "timestamp">;

/** Projection of `orders` for {@link collectPurchaseHistories}. */
export const PURCHASE_ORDER_PROJECTION = { userId: 1, placedAt: 1, lines: 1 } as const;
/** Projection of PURCHASE `events` for {@link collectPurchaseHistories}. */
export const PURCHASE_EVENT_PROJECTION = { userId: 1, productId: 1, timestamp: 1 } as const;

/**
 * Streams the purchase lines of `userIds` from `orders` and PURCHASE `events` (cursors, projected to the
 * fields the calculator needs, so a shopper with thousands of orders costs only their compact lines).
 */
export async function readPurchaseHistories(db: Db, userIds: readonly string[]): Promise<PurchaseHistories> {
  const histories: PurchaseHistories = new Map(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return histories;
  const userFilter = userIds.length === 1 ? userIds[0]! : { $in: [...userIds] };
  const orders = db
    .collection<OrderDocument>(USER_PROFILE_COLLECTIONS.orders)
    .find({ userId: userFilter }, { projection: PURCHASE_ORDER_PROJECTION, batchSize: 500 });
  const events = db
    .collection<EventDocument>(USER_PROFILE_COLLECTIONS.events)
    .find({ userId: userFilter, type: "PURCHASE" }, { projection: PURCHASE_EVENT_PROJECTION, batchSize: 1000 });
  return collectPurchaseHistories(histories, orders, events);
}

/**
 * Fills `histories` (the users wanted, each with an empty list) from order and PURCHASE-event streams;
 * records of other users are skipped, so callers may pass whole-collection scans. PURCHASE events count
 * as one unit at list price; those of one UTC day form one occasion. Events that repeat a line of one of
 * the user's orders are dropped ({@link eventsNotInOrders}). Same streams, same histories, whatever the
 * order the streams come in.
 */
export async function collectPurchaseHistories(
  histories: PurchaseHistories,
  orders: AsyncIterable<PurchaseOrder>,
  events: AsyncIterable<PurchaseEvent>,
): Promise<PurchaseHistories> {
  for await (const order of orders) {
    const list = histories.get(order.userId);
    if (!list) continue;
    order.lines.forEach((line, index) => {
      list.push({
        key: `${order._id}#${index}`,
        occasionId: `order:${order._id}`,
        productId: line.productId,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount ?? 0,
        at: order.placedAt,
      });
    });
  }
  const eventRecords = new Map<string, PurchaseRecord[]>();
  for await (const event of events) {
    if (!histories.has(event.userId) || !event.productId) continue;
    const list = eventRecords.get(event.userId) ?? [];
    eventRecords.set(event.userId, list);
    list.push({
      key: `event:${event._id}`,
      occasionId: `day:${event.timestamp.toISOString().slice(0, 10)}`,
      productId: event.productId,
      quantity: 1,
      unitPrice: null,
      discount: 0,
      at: event.timestamp,
    });
  }
  for (const [userId, records] of eventRecords) {
    const orderLines = histories.get(userId)!;
    orderLines.push(...eventsNotInOrders(orderLines, records));
  }
  return histories;
}

import { randomUUID } from "node:crypto";
import { MongoServerError, type Db } from "mongodb";
import {
  CATALOG_COLLECTIONS,
  type MerchantDocument,
  type OfferDocument,
  type ProductDocument,
} from "../catalog/read-model";
import { findByIds } from "../../core/database/by-id-reads";
import { AGE_RESTRICTED_TAG } from "../../core/text/tags";
import type { OrderDocument, OrderLine } from "../../core/documents/order.document";
import { BadUserInputError, NotFoundError, UserErasedError } from "../shared/errors";
import { assertId } from "../shared/ids";
import type { AttributesRefresher } from "./attributes/attributes.refresher";
import type { ErasedShoppers } from "./erased-shoppers";
import { eraseUserData } from "./user-data.eraser";
import { noteOrdersWritten } from "../../core/documents/order-timeline";
import { withoutDeadline } from "../shared/deadline";
import { MAX_FUTURE_SKEW_MS } from "./event.validator";
import type { PlaceOrderInput } from "./place-order.input";
import type { OrdersRepository } from "./orders.repository";
import type { UsersRepository } from "./users.repository";
import type { EventSink } from "./event-stream/redis-event-stream";

/** Most lines in one order. */
export const MAX_ORDER_LINES = 200;
/** Most units of one line. */
export const MAX_LINE_QUANTITY = 999;

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Validates and prices an order from the catalog (an age-restricted product needs an age-verified
 * shopper), stores it, and updates the shopper's attributes. An erased shopper's id is refused
 * (`USER_ERASED`), also when the erasure runs while the order is written. With the event stream on, the
 * validated, priced order is appended to the stream and its consumer stores it and updates the attributes.
 */
export class OrderPlacementService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly orders: OrdersRepository,
    private readonly attributes: AttributesRefresher,
    private readonly erased: ErasedShoppers,
    /** The event stream when EVENT_STREAM is on: a valid, priced order is appended there instead of stored here. */
    private readonly sink: EventSink | null = null,
  ) {}

  async place(input: PlaceOrderInput, now = new Date()): Promise<OrderDocument> {
    const userId = assertId(input.userId, "input.userId");
    const orderId = input.orderId ? assertId(input.orderId, "input.orderId") : `ord_${randomUUID()}`;
    const merchantId = input.merchantId ? assertId(input.merchantId, "input.merchantId") : null;
    if (input.lines.length === 0 || input.lines.length > MAX_ORDER_LINES)
      throw new BadUserInputError(
        `input.lines must have 1–${MAX_ORDER_LINES} lines (got ${input.lines.length})`,
        "input.lines",
      );
    const seen = new Set<string>();
    input.lines.forEach((line, index) => {
      assertId(line.productId, `input.lines[${index}].productId`);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY)
        throw new BadUserInputError(
          `input.lines[${index}].quantity must be 1–${MAX_LINE_QUANTITY} (got ${line.quantity})`,
          `input.lines[${index}].quantity`,
        );
      if (seen.has(line.productId))
        throw new BadUserInputError(
          `productId ${JSON.stringify(line.productId)} appears on more than one line`,
          `input.lines[${index}].productId`,
        );
      seen.add(line.productId);
    });
    const placedAt = input.placedAt ?? now;
    if (Number.isNaN(placedAt.getTime()) || placedAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS)
      throw new BadUserInputError("input.placedAt is more than 5 minutes in the future", "input.placedAt");

    const [[user], erasedBefore] = await Promise.all([
      this.users.findByIds([userId]),
      this.erased.erasedAmong([userId]),
    ]);
    if (erasedBefore.size > 0) throw new UserErasedError(userId, "input.userId");
    if (!user) throw new NotFoundError("User", userId);
    if (input.orderId) {
      const existing = await this.orders.collection.findOne({ _id: orderId });
      if (existing) return this.replayed(existing, userId);
    }

    const products = new Map(
      (
        await findByIds(this.db.collection<ProductDocument>(CATALOG_COLLECTIONS.products), [...seen], {
          projection: { price: 1, merchantId: 1, tags: 1 },
        })
      ).map((product) => [product._id, product]),
    );
    const unknown = [...seen].filter((id) => !products.has(id));
    if (unknown.length > 0)
      throw new BadUserInputError(
        `unknown product ids: ${unknown.slice(0, 10).join(", ")}${unknown.length > 10 ? ", …" : ""}`,
        "input.lines",
      );
    if (user.ageVerified !== true) {
      const index = input.lines.findIndex((line) => products.get(line.productId)!.tags?.includes(AGE_RESTRICTED_TAG));
      if (index >= 0)
        throw new BadUserInputError(
          `product ${JSON.stringify(input.lines[index]!.productId)} is age-restricted (ID required): only an age-verified shopper can order it`,
          `input.lines[${index}].productId`,
        );
    }

    const offers = new Map<string, OfferDocument>();
    if (merchantId) {
      const merchant = await this.db
        .collection<MerchantDocument>(CATALOG_COLLECTIONS.merchants)
        .findOne({ _id: merchantId }, { projection: { _id: 1 } });
      if (!merchant) throw new NotFoundError("Merchant", merchantId);
      const found = await findByIds(
        this.db.collection<OfferDocument>(CATALOG_COLLECTIONS.offers),
        [...seen].map((id) => `${merchantId}|${id}`),
      );
      for (const offer of found) offers.set(offer.productId, offer);
    }

    const lines: OrderLine[] = input.lines.map((line, index) => {
      const product = products.get(line.productId)!;
      const offer = offers.get(line.productId);
      if (merchantId && offer) {
        if (!offer.available)
          throw new BadUserInputError(
            `product ${JSON.stringify(line.productId)} is not available at merchant ${JSON.stringify(merchantId)}`,
            `input.lines[${index}].productId`,
          );
        return {
          productId: line.productId,
          quantity: line.quantity,
          unitPrice: cents(offer.price),
          discount: cents(Math.max(0, product.price - offer.price)),
        };
      }
      if (merchantId && product.merchantId !== merchantId)
        throw new BadUserInputError(
          `product ${JSON.stringify(line.productId)} is not sold by merchant ${JSON.stringify(merchantId)}`,
          `input.lines[${index}].productId`,
        );
      return { productId: line.productId, quantity: line.quantity, unitPrice: cents(product.price), discount: 0 };
    });
    const order: OrderDocument = {
      _id: orderId,
      userId,
      ...(merchantId ? { merchantId } : {}),
      placedAt,
      lines,
      total: cents(lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0)),
      source: "api",
    };
    if (this.sink) {
      // The consumer stores it (by its id, once) and updates the attributes; the answer is the order as it will be stored.
      await this.sink.append([{ kind: "order", userId, acceptedAt: now, order }]);
      return order;
    }
    // From the first write on, the request's deadline no longer applies: a stored order always gets its attributes.
    return withoutDeadline(() => this.store(order, userId, orderId, now));
  }

  private async store(order: OrderDocument, userId: string, orderId: string, now: Date): Promise<OrderDocument> {
    try {
      await this.orders.collection.insertOne(order);
    } catch (error) {
      // A concurrent placement with the same orderId won the race: answer like a replay.
      if (error instanceof MongoServerError && error.code === 11000) {
        const existing = await this.orders.collection.findOne({ _id: orderId });
        if (existing) return this.replayed(existing, userId);
      }
      throw error;
    }
    await noteOrdersWritten(this.db, [userId]);
    if ((await this.erased.erasedAmong([userId])).size > 0) {
      // Erased while this order was written: the erasure may have missed it.
      await eraseUserData(this.db, userId);
      throw new UserErasedError(userId, "input.userId");
    }
    await this.attributes.refresh([userId], now);
    return order;
  }

  private replayed(existing: OrderDocument, userId: string): OrderDocument {
    if (existing.userId !== userId)
      throw new BadUserInputError(
        `orderId ${JSON.stringify(existing._id)} is already used by another order`,
        "input.orderId",
      );
    return existing;
  }
}

import { noteOrdersWritten } from "../../../core/documents/order-timeline";
import { MongoBulkWriteError, type Db } from "mongodb";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { Logger } from "../../../core/logger";
import type { AttributesRefresher } from "../attributes/attributes.refresher";
import type { ErasedShoppers } from "../erased-shoppers";
import type { EventsRepository } from "../events.repository";
import type { OrdersRepository } from "../orders.repository";
import { eraseUserData } from "../user-data.eraser";
import type { UsersRepository } from "../users.repository";
import type { StreamMessage } from "./stream-message";

const DUPLICATE_KEY = 11000;
/** Shoppers whose attributes are recomputed together. */
const ATTRIBUTE_BATCH = 100;

/** What applying a batch did, message by message (same order as the input). */
export interface ApplyReport {
  /** `applied`: written (or found already written: a redelivery); `dropped`: the shopper was erased, or the order id belongs to another shopper. */
  outcomes: Array<"applied" | "dropped">;
  /** Event documents inserted now (not counting those already stored). */
  eventsStored: number;
  /** Orders inserted now. */
  ordersStored: number;
  /** Shoppers whose attributes were recomputed. */
  attributesUpdated: string[];
}

/**
 * Applies a batch of stream messages to the database, idempotently: events and orders are inserted by
 * their `_id` (shopper and event id; order id), so a message delivered again finds them stored and
 * changes nothing, and the attributes of every shopper with a PURCHASE event or an order in the batch
 * are recomputed from the whole stored history (also on a redelivery: the earlier delivery may have
 * died between its writes and its recompute). Applying a batch twice therefore leaves exactly what
 * applying it once does, which a full rebuild would also compute.
 *
 * Erased shoppers: their messages are dropped (checked before the writes), and a shopper erased while
 * the batch wrote is erased again after it, as the inline path does. Throws when the database fails: the
 * caller leaves the batch unacknowledged and it is delivered again.
 */
export class StreamApplier {
  constructor(
    private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly events: EventsRepository,
    private readonly orders: OrdersRepository,
    private readonly refresher: AttributesRefresher,
    private readonly erased: ErasedShoppers,
    private readonly logger: Logger,
  ) {}

  async apply(messages: readonly StreamMessage[], now = new Date()): Promise<ApplyReport> {
    const outcomes: ApplyReport["outcomes"] = messages.map(() => "applied");
    const erasedBefore = await this.erased.erasedAmong(messages.map((message) => message.userId));
    const live = messages
      .map((message, index) => ({ message, index }))
      .filter(({ message, index }) => {
        if (!erasedBefore.has(message.userId)) return true;
        outcomes[index] = "dropped";
        return false;
      });

    const eventMessages = live.flatMap(({ message }) => (message.kind === "events" ? [message] : []));
    // Lightweight profiles for shoppers first seen in events, stamped with when the batch's first was accepted.
    if (eventMessages.length > 0)
      await this.users.ensureExist(
        eventMessages.map((message) => message.userId),
        new Date(Math.min(...eventMessages.map((message) => message.acceptedAt.getTime()))),
      );
    const eventOutcomes = await this.events.insertNew(eventMessages.flatMap((message) => message.events));
    const failed = eventOutcomes.find((outcome) => outcome.status === "failed");
    if (failed?.status === "failed") throw new Error(`an event write failed: ${failed.message}`);

    const orderEntries = live.flatMap(({ message, index }) => (message.kind === "order" ? [{ message, index }] : []));
    const orderOutcomes = await this.insertOrders(orderEntries.map(({ message }) => message.order));
    await noteOrdersWritten(
      this.db,
      orderEntries.filter((_, i) => orderOutcomes[i] === "stored").map(({ message }) => message.order.userId),
    );
    orderOutcomes.forEach((outcome, position) => {
      if (outcome !== "conflict") return;
      const { message, index } = orderEntries[position]!;
      outcomes[index] = "dropped";
      this.logger.warn(
        { orderId: message.order._id, userId: message.userId },
        "order id already used by another shopper's order; this order is dropped",
      );
    });

    const erasedDuring = await this.erased.erasedAmong(live.map(({ message }) => message.userId));
    for (const userId of erasedDuring) await eraseUserData(this.db, userId);
    const refresh = new Set<string>();
    for (const { message, index } of live) {
      if (erasedDuring.has(message.userId)) outcomes[index] = "dropped";
      else if (outcomes[index] === "dropped") continue;
      else if (message.kind === "order" || message.events.some((event) => event.type === "PURCHASE"))
        refresh.add(message.userId);
    }
    const attributesUpdated = [...refresh].sort();
    for (let start = 0; start < attributesUpdated.length; start += ATTRIBUTE_BATCH)
      await this.refresher.refresh(attributesUpdated.slice(start, start + ATTRIBUTE_BATCH), now);
    return {
      outcomes,
      eventsStored: eventOutcomes.filter((outcome) => outcome.status === "stored").length,
      ordersStored: orderOutcomes.filter((outcome) => outcome === "stored").length,
      attributesUpdated,
    };
  }

  /**
   * Inserts the orders by id: `stored`, `present` (this shopper's order is already stored: a redelivery
   * or a replayed placeOrder) or `conflict` (the id belongs to another shopper's order).
   */
  private async insertOrders(orders: readonly OrderDocument[]): Promise<Array<"stored" | "present" | "conflict">> {
    const outcomes: Array<"stored" | "present" | "conflict"> = orders.map(() => "stored");
    if (orders.length === 0) return outcomes;
    const duplicates: number[] = [];
    try {
      await this.orders.collection.insertMany([...orders], { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      for (const writeError of writeErrors) {
        if (writeError.code !== DUPLICATE_KEY) throw error;
        duplicates.push(writeError.index);
      }
    }
    if (duplicates.length > 0) {
      const owners = new Map(
        (
          await this.orders.collection
            .find({ _id: { $in: duplicates.map((index) => orders[index]!._id) } }, { projection: { userId: 1 } })
            .toArray()
        ).map((order) => [order._id, order.userId]),
      );
      for (const index of duplicates)
        outcomes[index] = owners.get(orders[index]!._id) === orders[index]!.userId ? "present" : "conflict";
    }
    return outcomes;
  }
}

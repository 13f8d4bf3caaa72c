import { createHash } from "node:crypto";
import type { EventDocument, EventType } from "../../../core/documents/event.document";
import type { OrderDocument } from "../../../core/documents/order.document";

/**
 * What `recordEvents` appends: one shopper's validated events from one call, in the order given. The
 * documents are exactly what the inline path would insert (`_id` = shopper and event id).
 */
export interface EventsMessage {
  kind: "events";
  userId: string;
  /** When the mutation accepted them (lightweight profiles created for new shoppers carry it). */
  acceptedAt: Date;
  events: EventDocument[];
}

/** What `placeOrder` appends: the validated, priced order, exactly what the inline path would insert. */
export interface OrderMessage {
  kind: "order";
  userId: string;
  acceptedAt: Date;
  order: OrderDocument;
}

/** One message of the event stream. */
export type StreamMessage = EventsMessage | OrderMessage;

/** The partition of a shopper: a stable hash of the id, so one shopper's messages stay in one ordered partition. */
export function partitionOf(userId: string, partitions: number): number {
  return createHash("sha1").update(userId).digest().readUInt32BE(0) % partitions;
}

/** The message as stored in the stream (JSON; dates as ISO strings). */
export function encodeMessage(message: StreamMessage): string {
  return JSON.stringify(message);
}

const EVENT_TYPES: ReadonlySet<EventType> = new Set(["IMPRESSION", "CLICK", "ADD_TO_CART", "PURCHASE", "SEARCH"]);

function date(value: unknown, what: string): Date {
  const parsed = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime())) throw new Error(`${what} is not a date`);
  return parsed;
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) throw new Error(`${what} is not a string`);
  return value;
}

/**
 * Parses a stored message back, dates revived. Throws on anything the producer would not have written
 * (the consumer sets such a message aside instead of applying it).
 */
export function decodeMessage(raw: string): StreamMessage {
  const value = JSON.parse(raw) as Record<string, unknown>;
  const userId = text(value.userId, "userId");
  const acceptedAt = date(value.acceptedAt, "acceptedAt");
  if (value.kind === "events") {
    if (!Array.isArray(value.events) || value.events.length === 0) throw new Error("events is not a list");
    const events = (value.events as Record<string, unknown>[]).map((event, index): EventDocument => {
      if (event.userId !== userId) throw new Error(`events[${index}] belongs to another shopper`);
      if (!EVENT_TYPES.has(event.type as EventType)) throw new Error(`events[${index}].type is unknown`);
      return {
        ...(event as unknown as EventDocument),
        _id: text(event._id, `events[${index}]._id`),
        timestamp: date(event.timestamp, `events[${index}].timestamp`),
      };
    });
    return { kind: "events", userId, acceptedAt, events };
  }
  if (value.kind === "order") {
    const order = value.order as Record<string, unknown> | undefined;
    if (!order || order.userId !== userId || !Array.isArray(order.lines)) throw new Error("order is malformed");
    return {
      kind: "order",
      userId,
      acceptedAt,
      order: {
        ...(order as unknown as OrderDocument),
        _id: text(order._id, "order._id"),
        placedAt: date(order.placedAt, "order.placedAt"),
      },
    };
  }
  throw new Error(`unknown message kind ${JSON.stringify(value.kind)}`);
}

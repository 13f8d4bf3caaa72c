import { eventDocumentId, type EventDocument } from "../../core/documents/event.document";
import { ID_PATTERN } from "../shared/ids";
import type { EventInput } from "./event-input.type";
import { EventRejection } from "./record-events-result.type";

/** Most events accepted by one `recordEvents` call. */
export const MAX_EVENTS_PER_CALL = 1000;
/** How far in the future a timestamp may be (clock skew allowance). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** Longest accepted search text. */
export const MAX_QUERY_LENGTH = 500;
/** Earliest accepted timestamp. */
const EARLIEST = Date.parse("2000-01-01T00:00:00Z");

/** A rejection of one event. */
export interface EventRejectionInfo {
  rejection: EventRejection;
  reason: string;
}

/** Either the document to store or why not. */
export type EventValidation = { ok: true; document: EventDocument } | ({ ok: false } & EventRejectionInfo);

function reject(rejection: EventRejection, reason: string): EventValidation {
  return { ok: false, rejection, reason };
}

/** Checks one event without touching the database (product existence is checked by the caller). */
export function validateEvent(input: EventInput, now: Date): EventValidation {
  for (const field of ["eventId", "userId", "productId", "sessionId"] as const) {
    const value = input[field];
    if (value !== null && value !== undefined && !ID_PATTERN.test(value)) {
      return reject(
        EventRejection.MALFORMED_ID,
        `${field} ${JSON.stringify(value.slice(0, 140))} is not a valid id (letters, digits, _ . : -, at most 128 characters)`,
      );
    }
  }
  const time = input.timestamp instanceof Date ? input.timestamp.getTime() : Number.NaN;
  if (!Number.isFinite(time) || time < EARLIEST)
    return reject(EventRejection.INVALID_TIMESTAMP, "timestamp must be a date-time after 2000-01-01");
  if (time > now.getTime() + MAX_FUTURE_SKEW_MS)
    return reject(
      EventRejection.FUTURE_TIMESTAMP,
      `timestamp ${input.timestamp.toISOString()} is more than 5 minutes in the future`,
    );
  const query = input.query?.trim();
  if (input.type === "SEARCH") {
    if (!query) return reject(EventRejection.MISSING_QUERY, "SEARCH events need a non-empty query");
  } else if (!input.productId) {
    return reject(EventRejection.MISSING_PRODUCT, `${input.type} events need a productId`);
  }
  if (query && query.length > MAX_QUERY_LENGTH)
    return reject(EventRejection.INVALID_QUERY, `query is longer than ${MAX_QUERY_LENGTH} characters`);

  const document: EventDocument = {
    _id: eventDocumentId(input.userId, input.eventId),
    eventId: input.eventId,
    userId: input.userId,
    type: input.type,
    timestamp: new Date(time),
  };
  if (input.productId) document.productId = input.productId;
  if (query) document.query = query;
  if (input.surface) document.surface = input.surface;
  if (input.sessionId) document.sessionId = input.sessionId;
  return { ok: true, document };
}

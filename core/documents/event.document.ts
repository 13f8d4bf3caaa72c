/** Kinds of engagement events. */
export type EventType = "IMPRESSION" | "CLICK" | "ADD_TO_CART" | "PURCHASE" | "SEARCH";

/** Surfaces where an event happened. */
export type EventSurface = "HOME" | "STORE" | "CATEGORY" | "CHECKOUT" | "SEARCH";

/** One engagement event (collection `events`). */
export interface EventDocument {
  /** {@link eventDocumentId} of the shopper and the event id. */
  _id: string;
  /** The client's event id, unique per shopper (absent in documents stored before it was kept). */
  eventId?: string;
  userId: string;
  type: EventType;
  productId?: string;
  /** Search text for SEARCH events (and impressions/clicks on the search surface). */
  query?: string;
  surface?: EventSurface;
  sessionId?: string;
  timestamp: Date;
}

/**
 * `_id` of a shopper's event. Event ids are unique per shopper, not globally: another shopper's event
 * reusing an id is a different event, a repeat for the same shopper a duplicate. Ids never contain `|`.
 */
export function eventDocumentId(userId: string, eventId: string): string {
  return `${userId}|${eventId}`;
}

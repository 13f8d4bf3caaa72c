/** Kinds of engagement events. */
export type EventType = "IMPRESSION" | "CLICK" | "ADD_TO_CART" | "PURCHASE" | "SEARCH";

/** Surfaces where an event happened. */
export type EventSurface = "HOME" | "STORE" | "CATEGORY" | "CHECKOUT" | "SEARCH";

/** One engagement event (collection `events`). */
export interface EventDocument {
  _id: string;
  userId: string;
  type: EventType;
  productId?: string;
  /** Search text for SEARCH events (and impressions/clicks on the search surface). */
  query?: string;
  surface?: EventSurface;
  sessionId?: string;
  timestamp: Date;
}

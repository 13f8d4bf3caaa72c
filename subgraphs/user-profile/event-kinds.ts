import type { EventType } from "../../core/documents/event.document";

/** Every event type, in the order the GraphQL enum lists them (checked against core's `EventType`). */
export const EVENT_TYPES = [
  "IMPRESSION",
  "CLICK",
  "ADD_TO_CART",
  "PURCHASE",
  "SEARCH",
] as const satisfies readonly EventType[];

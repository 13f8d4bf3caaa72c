import { registerEnumType } from "type-graphql";
import type { EventType } from "../../core/documents/event.document";
import { EVENT_TYPES } from "./event-kinds";

/** GraphQL enum of engagement event kinds. */
export const EventTypeEnum = Object.fromEntries(EVENT_TYPES.map((type) => [type, type])) as { [K in EventType]: K };

registerEnumType(EventTypeEnum, {
  name: "EventType",
  description: "Kind of engagement event.",
  valuesConfig: {
    IMPRESSION: { description: "A product was shown to the shopper (needs productId)." },
    CLICK: { description: "The shopper opened a product (needs productId)." },
    ADD_TO_CART: { description: "The shopper added a product to the cart (needs productId)." },
    PURCHASE: {
      description: "The shopper bought one unit of a product (needs productId); updates the derived attributes.",
    },
    SEARCH: { description: "The shopper searched (needs query)." },
  },
});

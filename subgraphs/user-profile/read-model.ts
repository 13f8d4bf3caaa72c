/**
 * What user-profile publishes for other subgraphs to read directly from the database: its collection
 * names, the shapes of their documents and the constants that define them. Another subgraph imports
 * user-profile only through this module (`npm run check:boundaries` enforces it), so a change of shape
 * here is a change of contract, reviewed as one. Everything else in `subgraphs/user-profile/` is private.
 *
 * Version 1: `users` (with preferences), `orders`, `events` (PURCHASE events mirror order lines),
 * `user_summaries`, and `user_attributes` documents as computed by the attributes calculator, occasions
 * weighted by {@link OCCASION_DECAY}.
 */
import { COLLECTIONS } from "../../core/documents/collections";
import { USER_ATTRIBUTES_COLLECTION } from "./attributes/user-attributes.document";

/** The collections user-profile owns and others may read. */
export const USER_PROFILE_COLLECTIONS = {
  users: COLLECTIONS.users,
  orders: COLLECTIONS.orders,
  /** Write marks of `orders` (core/documents/order-timeline.ts). */
  orderWrites: COLLECTIONS.orderWrites,
  /** Each shopper's derived order history, with the write marks it was derived under. */
  orderTimelines: COLLECTIONS.orderTimelines,
  events: COLLECTIONS.events,
  userSummaries: COLLECTIONS.userSummaries,
  userAttributes: USER_ATTRIBUTES_COLLECTION,
} as const;

export type { PreferencesDocument, UserDocument } from "../../core/documents/user.document";
export type { OrderDocument, OrderLine } from "../../core/documents/order.document";
export {
  eventDocumentId,
  type EventDocument,
  type EventSurface,
  type EventType,
} from "../../core/documents/event.document";
export { readUserSummary, type UserSummaryDocument } from "../../core/documents/user-summary.document";
export {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
  type ItemAttributes,
  type ShareEntry,
  type DietarySignalAttributes,
} from "./attributes/user-attributes.document";
export { OCCASION_DECAY } from "./attributes/attributes.calculator";

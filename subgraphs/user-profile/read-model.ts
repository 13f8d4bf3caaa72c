/**
 * What user-profile publishes for other subgraphs to read directly from the database: its collection
 * names, the shapes of their documents and the constants that define them. Another subgraph imports
 * user-profile only through this module (`npm run check:boundaries` enforces it), so a change of shape
 * here is a change of contract, reviewed as one. Everything else in `subgraphs/user-profile/` is private.
 *
 * Version 1: `user_attributes` documents as computed by the attributes calculator, occasions weighted
 * by {@link OCCASION_DECAY}.
 */
export {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
  type ItemAttributes,
  type ShareEntry,
  type DietarySignalAttributes,
} from "./attributes/user-attributes.document";
export { OCCASION_DECAY } from "./attributes/attributes.calculator";

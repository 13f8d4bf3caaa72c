/** The dietary tag vocabulary lives with the product documents (core/documents); user-profile states and infers these. */
export { DIETARY_TAGS, isDietaryTag, type DietaryTag } from "../../core/documents/dietary-tags";

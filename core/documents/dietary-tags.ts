/** Dietary tags shoppers may state and the attributes infer from purchases (product tags, lower-case). */
export const DIETARY_TAGS = [
  "vegan",
  "vegetarian",
  "gluten-free",
  "dairy-free",
  "nut-free",
  "organic",
  "kosher",
  "halal",
  "keto",
  "low-sugar",
] as const;
export type DietaryTag = (typeof DIETARY_TAGS)[number];

/** True when `tag` is one of {@link DIETARY_TAGS}. */
export function isDietaryTag(tag: string): tag is DietaryTag {
  return (DIETARY_TAGS as readonly string[]).includes(tag);
}

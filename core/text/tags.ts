/** Dietary and other tags inferable from product names, labels and categories. */
export const KNOWN_TAGS = [
  "vegan",
  "vegetarian",
  "gluten-free",
  "organic",
  "kosher",
  "halal",
  "dairy-free",
  "sugar-free",
  "age-restricted",
] as const;

const RULES: Array<{ tag: string; pattern: RegExp }> = [
  { tag: "organic", pattern: /\b(organic|bio|usda organic|en:organic|en:eu-organic)\b/i },
  { tag: "vegan", pattern: /\b(vegan|plant[- ]based|en:vegan)\b/i },
  { tag: "vegetarian", pattern: /\b(vegetarian|veggie|en:vegetarian|meatless)\b/i },
  { tag: "gluten-free", pattern: /\b(gluten[- ]free|no[- ]gluten|en:no-gluten|en:gluten-free|sin gluten)\b/i },
  {
    tag: "dairy-free",
    pattern:
      /\b(dairy[- ]free|non[- ]dairy|lactose[- ]free|en:no-lactose|en:no-milk|oat milk|almond milk|soy milk|coconut milk)\b/i,
  },
  { tag: "kosher", pattern: /\b(kosher|en:kosher)\b/i },
  { tag: "halal", pattern: /\b(halal|en:halal)\b/i },
  { tag: "sugar-free", pattern: /\b(sugar[- ]free|no sugar added|zero sugar|unsweetened|en:no-added-sugar|diet)\b/i },
];

/** Tag of products only an age-verified shopper may buy (alcohol): ID required. */
export const AGE_RESTRICTED_TAG = "age-restricted";

/** Words that make an item alcoholic (age-restricted). "Non-alcoholic" / "0.0%" variants are excluded. */
const ALCOHOL =
  /\b(beer|lager|ale|ipa|stout|pilsner|wine|merlot|cabernet|chardonnay|pinot|sauvignon|riesling|ros[eé]|prosecco|champagne|cava|vodka|whisk(e)?y|bourbon|scotch|gin|rum|tequila|mezcal|brandy|cognac|liqueur|sake|soju|hard seltzer|cider|vermouth|raki|rakia)\b/i;
const NON_ALCOHOLIC =
  /\b(non[- ]?alcoholic|alcohol[- ]free|0\.0 ?%|zero alcohol|vinegar|ginger ale|root beer|cooking wine|wine gums|rum raisin)\b/i;
/** Ingredients that make a dish or product not vegetarian. */
const MEAT =
  /\b(beef|pork|chicken|turkey|lamb|bacon|ham|sausage|salami|pepperoni|prosciutto|veal|duck|steak|meat|fish|salmon|tuna|shrimp|prawn|anchov(y|ies)|crab|lobster|chorizo|gelatin|mish|pulë|viç|proshutë|peshk|karkaleca|sallam)\b/i;
/** Animal products that make an item not vegan (beyond meat). */
const ANIMAL =
  /\b(milk|cheese|butter|cream|yogurt|yoghurt|egg|eggs|honey|whey|mozzarella|parmesan|djath[eë]|qumësht|vez[eë])\b/i;

/** Options of {@link inferTags}. */
export interface TagContext {
  /** Label tags from the source (Open Food Facts `labels_tags`, menu item tags), any spelling. */
  labels?: string[];
  /** Category names along the product's path (e.g. "beer", "wine", "produce"). */
  categories?: string[];
  /** True when the vertical is ALCOHOL: always age-restricted. */
  alcoholVertical?: boolean;
}

/** Infers lower-case tags from a name, labels and category names; sorted and unique. */
export function inferTags(name: string, context: TagContext = {}): string[] {
  const tags = new Set<string>();
  const labelText = (context.labels ?? []).join(" ");
  const text = `${name} ${labelText}`;
  for (const rule of RULES) if (rule.pattern.test(text)) tags.add(rule.tag);
  const categoryText = (context.categories ?? []).join(" ");
  if (
    context.alcoholVertical ||
    ((ALCOHOL.test(name) || /\b(beer|wine|spirits|liquor)\b/i.test(categoryText)) &&
      !NON_ALCOHOLIC.test(`${name} ${categoryText}`))
  )
    tags.add("age-restricted");
  if (tags.has("vegan")) {
    tags.add("vegetarian");
    tags.add("dairy-free");
  }
  if (MEAT.test(name)) {
    tags.delete("vegetarian");
    tags.delete("vegan");
  }
  if (
    ANIMAL.test(name) &&
    !/\b(oat|almond|soy|coconut|rice|cashew|vegan|plant)\b[- ](milk|cheese|butter|cream|yogurt)/i.test(name)
  )
    tags.delete("vegan");
  return [...tags].sort();
}

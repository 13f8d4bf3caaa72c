import { LEXICON } from "../../knowledge/knowledge-graph.lexicon";
import { normalizeText } from "../input-hash";
import type { BundlePlan, BundlePlanInput, BundleSlotPlan } from "./bundle.feature";

const slot = (role: string, queries: string, required = true): BundleSlotPlan => ({
  role,
  queries: queries.split("|"),
  required,
});

/**
 * Gift interests: what a present for someone who loves X is made of (the main present, a complement,
 * a treat or card the shopper drops first). General retail knowledge, not read from any catalog.
 */
const GIFT_INTERESTS: Array<{ keys: string[]; title: string; slots: BundleSlotPlan[] }> = [
  {
    keys: ["coffee", "espresso", "latte"],
    title: "coffee lover",
    slots: [
      slot("coffee", "whole bean coffee|ground coffee|coffee"),
      slot("brewing", "coffee pods|french press|coffee mug|mug", false),
      slot("treat", "chocolate|cookies", false),
    ],
  },
  {
    keys: ["tea"],
    title: "tea lover",
    slots: [slot("tea", "tea gift|green tea|herbal tea|tea"), slot("treat", "cookies|chocolate|honey", false)],
  },
  {
    keys: ["wine"],
    title: "wine lover",
    slots: [slot("wine", "red wine|white wine|wine"), slot("pairing", "cheese|chocolate|crackers", false)],
  },
  {
    keys: ["beer"],
    title: "beer lover",
    slots: [slot("beer", "craft beer|ipa|beer"), slot("snack", "pretzels|nuts|chips", false)],
  },
  {
    keys: ["whiskey", "whisky", "bourbon", "scotch"],
    title: "whiskey lover",
    slots: [slot("whiskey", "bourbon|whiskey|scotch"), slot("glass", "whiskey glasses|glasses|chocolate", false)],
  },
  {
    keys: ["chocolate", "sweet", "candy"],
    title: "chocolate lover",
    slots: [
      slot("chocolate", "chocolate gift box|truffles|chocolate"),
      slot("complement", "cookies|candy|flowers", false),
    ],
  },
  {
    keys: ["cheese"],
    title: "cheese lover",
    slots: [
      slot("cheese", "cheese gift|brie|cheddar|cheese"),
      slot("crackers", "crackers|bread", false),
      slot("pairing", "wine|jam|honey", false),
    ],
  },
  {
    keys: ["baking", "baker", "bake"],
    title: "home baker",
    slots: [
      slot("bakeware", "baking sheet|baking|mixing bowl"),
      slot("ingredient", "flour|chocolate chips|vanilla", false),
    ],
  },
  {
    keys: ["cook", "cooking", "chef", "foodie", "kitchen"],
    title: "home cook",
    slots: [slot("cookware", "skillet|saucepan|dutch oven"), slot("pantry", "olive oil|spices|sauce", false)],
  },
  {
    keys: ["garden", "gardener", "gardening", "plant", "plants"],
    title: "plant lover",
    slots: [slot("plant", "plant|succulent|orchid"), slot("care", "planter|pot|plant food", false)],
  },
  {
    keys: ["flower", "flowers", "roses"],
    title: "flower lover",
    slots: [slot("flowers", "bouquet|roses|flowers"), slot("card", "greeting card|card", false)],
  },
  {
    keys: ["spa", "relax", "relaxation", "self care", "pamper", "bath"],
    title: "relaxation",
    slots: [slot("spa", "spa gift set|bath bombs|lotion"), slot("candle", "candle|candle gift set", false)],
  },
  {
    keys: ["candle", "candles", "cozy"],
    title: "cozy home",
    slots: [slot("candle", "candle gift set|candle"), slot("treat", "chocolate|tea", false)],
  },
  {
    keys: ["dog", "puppy"],
    title: "dog lover",
    slots: [slot("dog", "dog treats|dog toy|dog food"), slot("extra", "dog toy|dog treats|pet", false)],
  },
  {
    keys: ["cat", "kitten"],
    title: "cat lover",
    slots: [slot("cat", "cat treats|cat toy|cat food"), slot("extra", "cat toy|cat litter|pet", false)],
  },
  {
    keys: ["gamer", "gaming", "video games", "tech", "gadget", "music"],
    title: "tech lover",
    slots: [slot("tech", "headphones|wireless earbuds|charger|speaker"), slot("snack", "snacks|chips|candy", false)],
  },
  {
    keys: ["snack", "snacks", "foodie"],
    title: "snack lover",
    slots: [slot("snacks", "gourmet gift basket|snack box|chips"), slot("sweet", "chocolate|cookies", false)],
  },
];

/** Occasions: what an event needs. */
const OCCASIONS: Array<{ keys: string[]; title: string; slots: BundleSlotPlan[] }> = [
  {
    keys: ["movie night", "movie", "film"],
    title: "Movie night",
    slots: [
      slot("popcorn", "popcorn|microwave popcorn|kettle corn", false),
      slot("salty snack", "chips|tortilla chips|pretzels"),
      slot("sweet", "candy|chocolate|cookies"),
      slot("drinks", "soda|sparkling water|juice"),
    ],
  },
  {
    keys: ["game day", "game night", "super bowl", "football", "watch party"],
    title: "Game day",
    slots: [
      slot("chips", "tortilla chips|chips"),
      slot("dip", "salsa|guacamole|hummus|dip"),
      slot("wings", "chicken wings|wings|frozen pizza", false),
      slot("drinks", "soda|beer|sparkling water"),
    ],
  },
  {
    keys: ["picnic"],
    title: "Picnic",
    slots: [
      slot("bread", "baguette|bread|crackers"),
      slot("cheese", "cheese|brie|cheddar"),
      slot("fruit", "grapes|strawberries|apples|fruit"),
      slot("drinks", "lemonade|sparkling water|juice"),
    ],
  },
  {
    keys: ["brunch"],
    title: "Brunch",
    slots: [
      slot("eggs", "eggs|large eggs"),
      slot("bread", "bagels|croissants|english muffins|bread"),
      slot("juice", "orange juice|juice"),
      slot("coffee", "coffee|ground coffee"),
      slot("fruit", "berries|strawberries|fruit", false),
    ],
  },
  {
    keys: ["breakfast"],
    title: "Breakfast",
    slots: [
      slot("eggs", "eggs|large eggs"),
      slot("bread", "bread|bagels|english muffins"),
      slot("dairy", "milk|yogurt|butter"),
      slot("coffee", "coffee|tea|orange juice", false),
    ],
  },
  {
    keys: ["birthday", "party", "celebration"],
    title: "Party",
    slots: [
      slot("cake", "cake|cupcakes|cookies"),
      slot("snacks", "chips|pretzels|popcorn"),
      slot("drinks", "soda|juice|sparkling water"),
      slot("decor", "candles|balloons|napkins|flowers", false),
    ],
  },
  {
    keys: ["bbq", "barbecue", "cookout", "grill"],
    title: "Barbecue",
    slots: [
      slot("meat", "burgers|sausages|hot dogs|chicken"),
      slot("buns", "hamburger buns|hot dog buns|buns"),
      slot("sauce", "bbq sauce|ketchup|mustard"),
      slot("drinks", "soda|beer|lemonade", false),
    ],
  },
  {
    keys: ["date night", "romantic", "anniversary", "valentine"],
    title: "Date night",
    slots: [
      slot("wine", "wine|sparkling wine"),
      slot("chocolate", "chocolate|truffles"),
      slot("flowers", "roses|bouquet|flowers", false),
      slot("candle", "candle", false),
    ],
  },
  {
    keys: ["sleepover", "slumber party", "kids party"],
    title: "Sleepover",
    slots: [
      slot("popcorn", "popcorn"),
      slot("candy", "candy|gummies|chocolate"),
      slot("drinks", "juice|soda|milk"),
      slot("breakfast", "pancake mix|cereal|waffles", false),
    ],
  },
  {
    keys: ["road trip", "travel", "camping", "hike", "hiking"],
    title: "Trip",
    slots: [
      slot("snacks", "trail mix|nuts|granola bars"),
      slot("salty", "chips|pretzels|jerky"),
      slot("water", "water|sparkling water|sports drink"),
      slot("fruit", "apples|bananas|fruit", false),
    ],
  },
  {
    keys: ["beach", "pool"],
    title: "Beach day",
    slots: [
      slot("drinks", "water|lemonade|soda"),
      slot("snacks", "chips|crackers|fruit"),
      slot("sunscreen", "sunscreen|sunblock", false),
    ],
  },
  {
    keys: ["study", "exam", "office", "work snacks"],
    title: "Study session",
    slots: [
      slot("coffee", "coffee|energy drink|tea"),
      slot("snacks", "granola bars|nuts|trail mix"),
      slot("sweet", "chocolate|cookies", false),
    ],
  },
  {
    keys: ["thanksgiving", "holiday dinner", "christmas dinner", "roast dinner"],
    title: "Holiday dinner",
    slots: [
      slot("main", "whole chicken|turkey|ham"),
      slot("potatoes", "potatoes|sweet potatoes"),
      slot("vegetables", "green beans|carrots|broccoli"),
      slot("dessert", "pie|cake|cookies"),
      slot("drinks", "wine|sparkling cider|juice", false),
    ],
  },
  {
    keys: ["cocktail", "happy hour"],
    title: "Cocktail hour",
    slots: [
      slot("spirit", "vodka|gin|tequila|rum"),
      slot("mixer", "tonic|soda|juice|lime"),
      slot("snack", "nuts|olives|crackers", false),
    ],
  },
  {
    keys: ["wine and cheese", "cheese board", "charcuterie"],
    title: "Cheese board",
    slots: [
      slot("cheese", "brie|cheddar|cheese"),
      slot("crackers", "crackers|baguette"),
      slot("fruit", "grapes|fruit|jam", false),
      slot("wine", "wine", false),
    ],
  },
  {
    keys: ["baby shower", "housewarming", "hostess", "host"],
    title: "Host gift",
    slots: [
      slot("gift", "candle gift set|gift basket|flowers"),
      slot("treat", "chocolate|cookies|wine", false),
      slot("card", "greeting card|card", false),
    ],
  },
];

/** Common home recipes: their main ingredients (staples like salt and water left out). */
const RECIPES: Array<{ keys: string[]; title: string; ingredients: string[]; optional?: string[] }> = [
  {
    keys: ["tikka masala", "chicken tikka"],
    title: "Chicken tikka masala",
    ingredients: [
      "chicken breasts|chicken thighs|chicken|paneer|chickpeas|tofu",
      "tikka masala sauce|simmer sauce|curry paste|tomato sauce",
      "basmati rice|jasmine rice|rice",
      "yogurt|greek yogurt|cream",
    ],
    optional: ["naan|garlic naan|bread", "onions|yellow onions|garlic"],
  },
  {
    keys: ["curry"],
    title: "Curry",
    ingredients: [
      "chicken|chickpeas|tofu",
      "curry paste|curry sauce|simmer sauce|tikka masala|curry powder",
      "rice|basmati rice|jasmine rice",
    ],
    optional: ["coconut milk|yogurt|cream", "onions|garlic|ginger"],
  },
  {
    keys: ["spaghetti bolognese", "bolognese", "ragu", "ragù", "meat sauce"],
    title: "Spaghetti bolognese",
    ingredients: [
      "spaghetti|pasta",
      "ground beef|beef|lentils|plant-based",
      "pasta sauce|marinara sauce|tomato sauce",
      "parmesan|grated parmesan|cheese",
    ],
    optional: ["onions|yellow onions|garlic"],
  },
  {
    keys: ["carbonara"],
    title: "Spaghetti carbonara",
    ingredients: ["spaghetti|pasta", "bacon|pancetta|guanciale", "eggs|large eggs", "parmesan|pecorino|cheese"],
  },
  {
    keys: ["lasagna", "lasagne"],
    title: "Lasagna",
    ingredients: [
      "lasagna noodles|pasta",
      "ground beef|italian sausage|beef",
      "pasta sauce|marinara sauce",
      "mozzarella|shredded mozzarella|cheese",
      "ricotta|parmesan|cheese",
    ],
  },
  {
    keys: ["pasta", "penne", "marinara"],
    title: "Pasta night",
    ingredients: ["spaghetti|penne|pasta", "pasta sauce|marinara sauce", "parmesan|cheese"],
    optional: ["basil|garlic", "olive oil"],
  },
  {
    keys: ["pizza"],
    title: "Homemade pizza",
    ingredients: [
      "pizza dough|flour|bread",
      "pizza sauce|marinara sauce|tomato sauce",
      "mozzarella|shredded mozzarella|cheese",
    ],
    optional: ["pepperoni|italian sausage|mushrooms", "basil|oregano"],
  },
  {
    keys: ["tacos", "taco"],
    title: "Tacos",
    ingredients: [
      "tortillas|taco shells",
      "ground beef|chicken|beans|black beans",
      "salsa|hot sauce",
      "cheese|shredded cheese|cheddar",
    ],
    optional: ["avocados|lettuce|tomatoes", "sour cream|lime"],
  },
  {
    keys: ["burrito", "burritos"],
    title: "Burritos",
    ingredients: ["tortillas", "chicken|ground beef|beans", "rice", "cheese|cheddar", "salsa"],
  },
  {
    keys: ["burger", "burgers", "cheeseburger"],
    title: "Burgers",
    ingredients: [
      "ground beef|beef patties|beef|ground turkey|veggie burger|plant-based",
      "hamburger buns|buns",
      "cheese|cheddar|sliced cheese",
      "ketchup|mustard|mayonnaise",
    ],
    optional: ["lettuce|tomatoes|onions"],
  },
  {
    keys: ["stir fry", "stir-fry", "fried rice", "lo mein"],
    title: "Stir-fry",
    ingredients: ["chicken|tofu|beef|shrimp", "rice|noodles", "soy sauce|oyster sauce", "broccoli|vegetables|peppers"],
    optional: ["garlic|ginger"],
  },
  {
    keys: ["pad thai"],
    title: "Pad thai",
    ingredients: ["rice noodles|noodles", "shrimp|chicken|tofu", "eggs", "peanuts|peanut butter"],
    optional: ["lime|bean sprouts"],
  },
  {
    keys: ["ramen"],
    title: "Ramen",
    ingredients: ["ramen noodles|noodles", "eggs", "soy sauce|miso"],
    optional: ["chicken|pork", "green onions|spinach"],
  },
  {
    keys: ["salad", "caesar"],
    title: "Salad",
    ingredients: [
      "romaine|salad greens|lettuce|spinach",
      "tomatoes|cucumbers|carrots",
      "dressing|olive oil",
      "cheese|parmesan|feta",
    ],
    optional: ["croutons|bread|chicken"],
  },
  {
    keys: ["pancakes", "pancake", "waffles"],
    title: "Pancakes",
    ingredients: ["pancake mix|flour", "eggs", "milk", "syrup|maple syrup|honey"],
    optional: ["butter", "berries|blueberries|bananas"],
  },
  {
    keys: ["omelette", "omelet", "scrambled eggs", "frittata"],
    title: "Omelette",
    ingredients: ["eggs|large eggs", "cheese|cheddar", "spinach|mushrooms|peppers"],
    optional: ["butter|milk", "bread"],
  },
  {
    keys: ["chili"],
    title: "Chili",
    ingredients: [
      "ground beef|ground turkey|beans",
      "beans|kidney beans|black beans",
      "tomatoes|tomato sauce|salsa",
      "onions|yellow onions",
    ],
    optional: ["cheese|cheddar", "sour cream"],
  },
  {
    keys: ["soup", "chicken soup", "noodle soup"],
    title: "Chicken soup",
    ingredients: ["chicken|whole chicken|chicken breasts", "broth|stock|soup", "carrots", "noodles|rice|potatoes"],
    optional: ["onions|celery"],
  },
  {
    keys: ["roast chicken", "chicken dinner"],
    title: "Roast chicken",
    ingredients: ["whole chicken|chicken", "potatoes|russet potatoes", "carrots|vegetables"],
    optional: ["lemons|garlic|herbs", "butter|olive oil"],
  },
  {
    keys: ["steak"],
    title: "Steak dinner",
    ingredients: ["steak|ribeye|beef", "potatoes|russet potatoes", "butter|olive oil"],
    optional: ["broccoli|green beans|salad", "wine"],
  },
  {
    keys: ["salmon", "fish"],
    title: "Salmon dinner",
    ingredients: ["salmon|fish|cod", "rice|potatoes", "broccoli|asparagus|vegetables"],
    optional: ["lemons|butter"],
  },
  {
    keys: ["guacamole"],
    title: "Guacamole",
    ingredients: ["avocados", "lime|lemons", "onions|tomatoes|cilantro", "tortilla chips|chips"],
  },
  {
    keys: ["smoothie"],
    title: "Smoothie",
    ingredients: ["bananas|strawberries|blueberries|fruit", "yogurt|greek yogurt|milk", "juice|almond milk|oat milk"],
  },
  {
    keys: ["sandwich", "sandwiches", "grilled cheese"],
    title: "Sandwiches",
    ingredients: ["bread|sandwich bread", "cheese|cheddar|provolone", "turkey|ham|chicken"],
    optional: ["lettuce|tomatoes", "mayonnaise|mustard"],
  },
  {
    keys: ["hummus", "falafel", "mezze"],
    title: "Mezze",
    ingredients: ["hummus|chickpeas", "pita|flatbread|bread", "cucumbers|tomatoes|olives"],
    optional: ["feta|tahini"],
  },
  {
    keys: ["sushi"],
    title: "Sushi at home",
    ingredients: ["sushi rice|rice", "salmon|tuna|fish", "nori|seaweed", "soy sauce"],
    optional: ["avocados|cucumbers"],
  },
];

const WORD_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  dozen: 12,
};
const FILLER = new Set([
  "a",
  "an",
  "the",
  "for",
  "of",
  "to",
  "and",
  "with",
  "my",
  "our",
  "some",
  "who",
  "loves",
  "love",
  "lover",
  "lovers",
  "fan",
  "fans",
  "gift",
  "gifts",
  "present",
  "ideas",
  "idea",
  "ingredients",
  "ingredient",
  "recipe",
  "make",
  "making",
  "cook",
  "cooking",
  "under",
  "below",
  "less",
  "than",
  "people",
  "persons",
  "guests",
  "kids",
  "night",
  "snacks",
  "snack",
  "party",
  "things",
  "stuff",
  "need",
  "i",
  "we",
  "me",
  "budget",
  "about",
  "around",
  "up",
  "something",
  "someone",
  "friend",
  "mom",
  "dad",
  "him",
  "her",
  "them",
  "buy",
]);

/** The budget an intent states ("under $40", "max 25", "$30 budget"), or null. */
export function statedBudget(intent: string): number | null {
  const text = normalizeText(intent);
  const match =
    text.match(/(?:under|below|less than|max(?:imum)?|within|up to|at most|no more than)\s*\$?\s*(\d+(?:\.\d+)?)/) ??
    text.match(/\$\s*(\d+(?:\.\d+)?)(?:\s*budget)?/);
  return match ? Number(match[1]) : null;
}

/** People to serve an intent states ("for 4", "for six people", "serves 2"), or null. */
export function statedServings(intent: string): number | null {
  const text = normalizeText(intent);
  const match = text.match(
    /\b(?:for|serves?|feeds?)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a dozen)\b(?!\s*(?:\$|dollars|usd))/,
  );
  if (!match) return null;
  const value = match[1]!.replace("a dozen", "dozen");
  const count = /^\d+$/.test(value) ? Number(value) : WORD_NUMBERS[value]!;
  return count >= 1 && count <= 50 ? count : null;
}

/** Diet words an intent may state, and the product tag each means. */
const DIET_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\bvegan\b/, "vegan"],
  [/\bvegetarian\b|\bveggie\b|\bmeatless\b|\bmeat[- ]free\b/, "vegetarian"],
  [/\bgluten[- ]free\b|\bgf\b|\bceliac\b/, "gluten-free"],
  [/\bdairy[- ]free\b|\blactose[- ]free\b/, "dairy-free"],
  [/\bnut[- ]free\b/, "nut-free"],
  [/\bkosher\b/, "kosher"],
  [/\bhalal\b/, "halal"],
  [/\bketo\b/, "keto"],
];

/** Dietary tags the intent itself states ("vegetarian lasagna", "gluten-free brunch"): they bind every food slot. */
export function statedDiets(intent: string): string[] {
  const text = normalizeText(intent);
  return DIET_WORDS.filter(([pattern]) => pattern.test(text)).map(([, tag]) => tag);
}

/** People a present can be for (singular): who, never what, so never a topic of the intent. */
const RECIPIENT_WORDS = [
  "mom",
  "mum",
  "mother",
  "dad",
  "father",
  "parent",
  "grandma",
  "grandmother",
  "grandpa",
  "grandfather",
  "grandparent",
  "wife",
  "husband",
  "partner",
  "girlfriend",
  "boyfriend",
  "fiance",
  "fiancee",
  "teacher",
  "boss",
  "coworker",
  "co-worker",
  "colleague",
  "neighbor",
  "neighbour",
  "friend",
  "sister",
  "brother",
  "son",
  "daughter",
  "aunt",
  "uncle",
  "niece",
  "nephew",
  "host",
  "hostess",
  "nurse",
  "doctor",
  "coach",
  "teen",
  "teenager",
  "student",
];
/** Who a present is for: an intent naming one and no dish or occasion is a gift ("something sweet for grandma"). */
const RECIPIENTS = new RegExp(
  `\\bfor (?:my |our |a |an |the )?(?:${RECIPIENT_WORDS.join("|")}|best friend|new (?:mom|dad|parents|baby|neighbou?r))s?\\b`,
);
/** Words that make an intent a present whatever it names. */
const GIFT_WORDS =
  /\b(?:gifts?|presents?|hampers?|stocking stuffers?|care package|gift basket|thank you|get well|sympathy|congratulations|congrats)\b/;

const containsKey = (text: string, key: string): boolean =>
  new RegExp(`(^|[^a-z])${normalizeText(key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}s?([^a-z]|$)`).test(text);

/** Where in `text` the key matches (its index), or -1. */
function keyIndex(text: string, key: string): number {
  const pattern = new RegExp(`(^|[^a-z])${normalizeText(key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}s?([^a-z]|$)`);
  const match = pattern.exec(text);
  return match ? match.index + match[1]!.length : -1;
}

/** A lexicon entry matched in an intent: the entry, and where and how long its matched key is. */
interface KeyMatch<T> {
  entry: T;
  at: number;
  length: number;
}

/**
 * The entries whose keys the intent names, most specific first: the longest matched key wins
 * ("chicken tikka" over "curry"), then the earliest; each entry once, at its best key.
 */
function matchesOf<T extends { keys: string[] }>(entries: readonly T[], text: string): Array<KeyMatch<T>> {
  const found: Array<KeyMatch<T>> = [];
  for (const entry of entries) {
    let best: KeyMatch<T> | null = null;
    for (const key of entry.keys) {
      const at = keyIndex(text, key);
      if (at >= 0 && (!best || key.length > best.length)) best = { entry, at, length: normalizeText(key).length };
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.length - a.length || a.at - b.at);
}

/**
 * The dishes of an intent: the most specific match, plus a second one named in another part of a compound
 * intent ("grilled cheese and tomato soup", "tacos with guacamole"): a match whose key does not overlap
 * the first's and that is joined to it by "and", "with", "&" or "plus".
 */
function dishesOf<T extends { keys: string[] }>(entries: readonly T[], text: string): T[] {
  const [first, ...rest] = matchesOf(entries, text);
  if (!first) return [];
  if (!/\b(and|with|plus)\b|&/.test(text)) return [first.entry];
  const second = rest.find((match) => match.at >= first.at + first.length || match.at + match.length <= first.at);
  if (!second) return [first.entry];
  // In the intent's own order: "tacos with guacamole" is tacos first.
  return second.at < first.at ? [second.entry, first.entry] : [first.entry, second.entry];
}

/** Puts first, in each slot, the queries the intent itself names ("fried rice with shrimp": shrimp before chicken). */
function preferNamed(slots: BundleSlotPlan[], text: string): BundleSlotPlan[] {
  return slots.map((planned) => {
    const named = planned.queries.filter((query) => keyIndex(text, query) >= 0);
    return named.length === 0
      ? planned
      : { ...planned, queries: [...named, ...planned.queries.filter((query) => !named.includes(query))] };
  });
}

/** Slots of several dishes, in order, a role once (the first dish's slot wins), at most {@link MAX_SLOTS}. */
function mergeSlots(lists: BundleSlotPlan[][]): BundleSlotPlan[] {
  const seen = new Set<string>();
  const merged: BundleSlotPlan[] = [];
  for (const list of lists)
    for (const planned of list) {
      const key = planned.queries[0]!;
      if (seen.has(planned.role) || seen.has(key)) continue;
      seen.add(planned.role);
      seen.add(key);
      merged.push(planned);
    }
  // Required slots first when trimming, so a compound plan keeps what each dish needs.
  return [...merged.filter((planned) => planned.required), ...merged.filter((planned) => !planned.required)].slice(
    0,
    MAX_SLOTS,
  );
}

const MAX_SLOTS = 8;

/** Words of the intent that name what it is about (the fallback slots when no lexicon entry matches). */
function topicWords(text: string): string[] {
  return text
    .replace(/\$?\d+(\.\d+)?/g, " ")
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3 && !FILLER.has(word) && !WORD_NUMBERS[word]);
}

/**
 * The offline planner: the intent's kind from its wording (gift, recipe, occasion), then slots from
 * general lexicons (gift interests, occasions, common recipes, and the knowledge graph's cuisine and dish
 * terms), falling back to the intent's own topic words as slots. Deterministic; no catalog access (the
 * service grounds every slot in the catalog afterwards).
 */
export function offlineBundlePlan(input: BundlePlanInput): BundlePlan {
  const text = normalizeText(input.intent);
  const servings = statedServings(input.intent) ?? undefined;
  const explicitRecipe = /\b(ingredients?|recipe)\b/.test(text);
  const isRecipe = explicitRecipe || /\b(to make|to cook|cook|make|homemade|dinner of|bake|from scratch)\b/.test(text);
  const recipes = dishesOf(RECIPES, text);
  const occasions = matchesOf(OCCASIONS, text);
  const interests = matchesOf(GIFT_INTERESTS, text);
  // A gift: it says so, names a lover or fan, or names who it is for and no dish or occasion.
  const isGift =
    !explicitRecipe &&
    (GIFT_WORDS.test(text) ||
      /\b(lover|fan|enthusiast)s?\b/.test(text) ||
      (RECIPIENTS.test(text) && recipes.length === 0 && occasions.length === 0));
  const topics = topicWords(text);
  const withServings = (plan: Omit<BundlePlan, "servings">): BundlePlan => ({
    ...plan,
    ...(servings ? { servings } : {}),
  });
  const card = slot("card", "greeting card|gift card|card", false);

  if (isGift) {
    const interest = interests[0]?.entry;
    if (interest)
      return withServings({
        kind: "gift",
        title: `Gift for a ${interest.title}`,
        slots: preferNamed([...interest.slots, card], text).slice(0, MAX_SLOTS),
      });
    // An occasion named in a gift ("valentine's gift", "housewarming gift") gives the present its parts.
    const occasion = occasions[0]?.entry;
    if (occasion)
      return withServings({
        kind: "gift",
        title: occasion.slots.some((planned) => planned.role === "gift") ? occasion.title : `${occasion.title} gift`,
        slots: mergeSlots([occasion.slots, [card]]),
      });
    // A present with no interest named: a classic gift (a basket or set, flowers), a treat and a card.
    return withServings({
      kind: "gift",
      title: "Gift",
      slots: [
        slot("main gift", "gift basket|gift set|bouquet|flowers"),
        slot("treat", "chocolate|cookies|candy", false),
        card,
      ],
    });
  }
  // A dish named in the intent is more specific than an occasion around it ("pancakes for breakfast").
  if (recipes.length > 0) {
    const lists = recipes.map((recipe) => [
      ...recipe.ingredients.map((queries) => slot(queries.split("|")[0]!, queries)),
      ...(recipe.optional ?? []).map((queries) => slot(queries.split("|")[0]!, queries, false)),
    ]);
    return withServings({
      kind: "recipe",
      title: recipes.map((recipe) => recipe.title).join(" and "),
      slots: preferNamed(mergeSlots(lists), text),
    });
  }
  const occasion = occasions[0]?.entry;
  if (occasion)
    return withServings({ kind: "occasion", title: occasion.title, slots: preferNamed(occasion.slots, text) });
  // The knowledge graph's cuisines and dishes ("japanese night", "curry"): their defining grocery terms.
  const theme = LEXICON.find((entry) => [entry.key, ...entry.aliases].some((key) => containsKey(text, key)));
  if (theme) {
    const terms = [...theme.terms].sort((a, b) => b.weight - a.weight).slice(0, 5);
    return withServings({
      kind: isRecipe ? "recipe" : "occasion",
      title: theme.title.charAt(0).toUpperCase() + theme.title.slice(1),
      slots: terms.map((term) => slot(term.term, term.term, term.weight >= 0.8)),
    });
  }
  const words = topics.slice(0, 5);
  if (words.length === 0)
    return withServings({
      kind: isRecipe ? "recipe" : "occasion",
      title: "Bundle",
      slots: [slot("item", text.slice(0, 80) || "gift set")],
    });
  return withServings({
    kind: isRecipe ? "recipe" : "occasion",
    title: words.join(" ").slice(0, 80),
    slots: words.map((word) => slot(word, word)),
  });
}

/** Which of the planner's lexicons an intent matches, if any (what the data-backed planner keeps). */
export type LexiconMatch = "recipe" | "interest" | "occasion" | "theme" | "classic-gift" | null;

/** The lexicon entry {@link offlineBundlePlan} plans an intent from: its kind, or null when it falls back to the intent's own words. */
export function lexiconMatchOf(intent: string): LexiconMatch {
  const text = normalizeText(intent);
  const explicitRecipe = /\b(ingredients?|recipe)\b/.test(text);
  const recipes = dishesOf(RECIPES, text);
  const occasions = matchesOf(OCCASIONS, text);
  const isGift =
    !explicitRecipe &&
    (GIFT_WORDS.test(text) ||
      /\b(lover|fan|enthusiast)s?\b/.test(text) ||
      (RECIPIENTS.test(text) && recipes.length === 0 && occasions.length === 0));
  if (isGift) {
    if (matchesOf(GIFT_INTERESTS, text).length > 0) return "interest";
    return occasions.length > 0 ? "occasion" : "classic-gift";
  }
  if (recipes.length > 0) return "recipe";
  if (occasions.length > 0) return "occasion";
  if (LEXICON.some((entry) => [entry.key, ...entry.aliases].some((key) => containsKey(text, key)))) return "theme";
  return null;
}

/** Words that say how, when or for whom, never what: left out of the intent's topic phrases. */
const NOT_TOPICS = new Set([
  ...FILLER,
  ...RECIPIENT_WORDS,
  ...RECIPIENT_WORDS.map((word) => `${word}s`),
  "new",
  "just",
  "had",
  "has",
  "have",
  "who",
  "that",
  "this",
  "these",
  "nice",
  "good",
  "great",
  "little",
  "big",
  "small",
  "best",
  "favorite",
  "favourite",
  "day",
  "days",
  "week",
  "weekend",
  "morning",
  "afternoon",
  "evening",
  "tonight",
  "time",
  "home",
  "house",
  "before",
  "after",
  "during",
  "while",
  "from",
  "scratch",
  "homemade",
  "quick",
  "easy",
  "simple",
  "cold",
  "warm",
  "rainy",
  "sunny",
  "lazy",
  "owner",
  "owners",
  "addict",
  "snob",
  "drinker",
  "everything",
  "crowd",
  "family",
  "husband",
  "wife",
  "partner",
  "sister",
  "brother",
  "grandma",
  "grandpa",
  "teacher",
  "coworker",
  "neighbor",
  "neighbors",
  "neighbour",
  "stressed",
  "thank",
  "you",
  "welcome",
  "birthday",
  "anniversary",
  "dinner",
  "lunch",
  "meal",
  "food",
  "at",
  "on",
  "in",
  "by",
  "home",
  "self",
  "care",
  "package",
  "basket",
  "box",
  "set",
  "treat",
]);

/**
 * The intent's topic phrases: what it names, in its own order, split at connectors ("steak and potatoes
 * dinner for 2" → "steak", "potatoes"), with budgets, party sizes and words that say how, when or for whom
 * left out. Each phrase is a run of content words; the data-backed planner grounds them in the catalog.
 */
export function topicPhrases(intent: string): string[] {
  const text = normalizeText(intent)
    .replace(/(?:under|below|less than|max(?:imum)?|within|up to|at most|no more than)?\s*\$\s*\d+(?:\.\d+)?/g, " , ")
    .replace(
      /\b(?:for|serves?|feeds?)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a dozen)\b/g,
      " , ",
    )
    .replace(/'s\b/g, "");
  const phrases: string[] = [];
  for (const chunk of text.split(/\b(?:and|with|plus|for|of|to|or)\b|[&+,;.!?]/)) {
    const words = chunk
      .split(/[^a-z]+/)
      .filter((word) => word.length >= 3 && !NOT_TOPICS.has(word) && !WORD_NUMBERS[word]);
    if (words.length > 0) phrases.push(words.join(" "));
  }
  return [...new Set(phrases)];
}

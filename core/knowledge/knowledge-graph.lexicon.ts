import { normalizeText } from "./knowledge-graph.text";

/** A grocery term a food theme calls for, and how central it is (1 = defining, 0.5 = nice to have). */
export interface LexiconTerm {
  term: string;
  weight: number;
}

/** A food theme: a cuisine ("japanese") or a dish type ("ramen") a shopper may order from restaurants. */
export interface LexiconEntry {
  /** Canonical lower-case English key; matches `cuisineAffinity` keys. */
  key: string;
  kind: "cuisine" | "dish";
  /** Other names (cuisine tags, dish words in menus, local spellings) that mean this theme. */
  aliases: string[];
  /** Dish themes a cuisine includes; their terms are inherited at 60 % weight. */
  related?: string[];
  /** Title fragment: "For <title> at home". */
  title: string;
  /** Grocery product and category names to look for. */
  terms: LexiconTerm[];
}

const t = (term: string, weight = 1): LexiconTerm => ({ term, weight });

/**
 * The hand-curated restaurant → grocery lexicon. Scope: the cuisines and dish types of the seed
 * catalog and of the Durrës menus data (pizza, pasta, seafood, street food, Mediterranean, …) plus the
 * common delivery cuisines (Japanese, Chinese, Thai, Indian, Mexican, Korean, Vietnamese, Middle
 * Eastern, Greek, American). Terms are everyday grocery names as they appear in product and category
 * names (English); matching is token-based and plural-insensitive, so "instant noodles" matches
 * "Instant Noodles Chicken 5-pack" and the category "Instant Noodles". Extend by adding entries; the
 * knowledge-graph job picks them up on its next run.
 */
export const LEXICON: readonly LexiconEntry[] = [
  {
    key: "ramen",
    kind: "dish",
    aliases: ["ramen", "shoyu ramen", "tonkotsu"],
    title: "ramen night",
    terms: [
      t("instant noodles"),
      t("ramen noodles"),
      t("ramen kit"),
      t("ramen"),
      t("miso", 0.9),
      t("soy sauce", 0.8),
      t("nori", 0.8),
      t("sesame oil", 0.8),
      t("dashi", 0.7),
      t("bean sprouts", 0.5),
      t("spring onions", 0.5),
    ],
  },
  {
    key: "sushi",
    kind: "dish",
    aliases: ["sushi", "sashimi", "suşi", "maki", "nigiri"],
    title: "sushi night",
    terms: [
      t("sushi rice"),
      t("nori"),
      t("rice vinegar", 0.9),
      t("wasabi", 0.9),
      t("pickled ginger", 0.8),
      t("soy sauce", 0.8),
      t("salmon", 0.6),
    ],
  },
  {
    key: "japanese",
    kind: "cuisine",
    aliases: ["japan"],
    related: ["ramen", "sushi"],
    title: "a Japanese night",
    terms: [
      t("miso", 0.9),
      t("soy sauce", 0.8),
      t("teriyaki sauce", 0.8),
      t("edamame", 0.7),
      t("panko", 0.6),
      t("udon", 0.8),
      t("matcha", 0.5),
    ],
  },
  {
    key: "pizza",
    kind: "dish",
    aliases: ["pizza", "pica", "pinsa", "margherita", "calzone"],
    title: "pizza night",
    terms: [
      t("mozzarella"),
      t("pizza dough"),
      t("pizza base"),
      t("passata", 0.9),
      t("pizza sauce", 0.9),
      t("pepperoni", 0.8),
      t("oregano", 0.7),
      t("tomato sauce", 0.7),
      t("frozen pizza", 0.6),
      t("olives", 0.5),
      t("basil", 0.5),
    ],
  },
  {
    key: "pasta",
    kind: "dish",
    aliases: [
      "pasta",
      "spaghetti",
      "penne",
      "makarona",
      "tagliatelle",
      "linguine",
      "carbonara",
      "lasagna",
      "lasagne",
      "fettuccine",
      "gnocchi",
      "ravioli",
    ],
    title: "pasta night",
    terms: [
      t("spaghetti"),
      t("penne"),
      t("pasta"),
      t("pasta sauce", 0.9),
      t("parmesan", 0.9),
      t("pesto", 0.8),
      t("passata", 0.8),
      t("grana padano", 0.8),
      t("tomato sauce", 0.6),
      t("olive oil", 0.5),
    ],
  },
  {
    key: "italian",
    kind: "cuisine",
    aliases: ["italy", "italyan"],
    related: ["pizza", "pasta"],
    title: "an Italian night",
    terms: [
      t("olive oil", 0.7),
      t("parmesan", 0.8),
      t("mozzarella", 0.8),
      t("prosciutto", 0.7),
      t("arborio", 0.6),
      t("balsamic vinegar", 0.6),
      t("mascarpone", 0.5),
      t("basil", 0.5),
    ],
  },
  {
    key: "curry",
    kind: "dish",
    aliases: ["curry", "tikka", "korma", "masala", "vindaloo"],
    title: "curry night",
    terms: [
      t("curry paste"),
      t("coconut milk"),
      t("basmati"),
      t("curry powder", 0.9),
      t("naan", 0.8),
      t("garam masala", 0.8),
      t("chutney", 0.7),
      t("lentils", 0.5),
    ],
  },
  {
    key: "indian",
    kind: "cuisine",
    aliases: ["india"],
    related: ["curry"],
    title: "an Indian night",
    terms: [
      t("basmati"),
      t("naan", 0.9),
      t("garam masala", 0.8),
      t("ghee", 0.7),
      t("paneer", 0.7),
      t("turmeric", 0.6),
      t("chickpeas", 0.5),
    ],
  },
  {
    key: "pad thai",
    kind: "dish",
    aliases: ["pad thai"],
    title: "pad thai night",
    terms: [
      t("rice noodles"),
      t("fish sauce"),
      t("tamarind", 0.7),
      t("peanuts", 0.7),
      t("bean sprouts", 0.6),
      t("tofu", 0.6),
    ],
  },
  {
    key: "thai",
    kind: "cuisine",
    aliases: ["thailand"],
    related: ["pad thai", "curry"],
    title: "a Thai night",
    terms: [
      t("green curry paste"),
      t("red curry paste"),
      t("coconut milk"),
      t("fish sauce"),
      t("rice noodles", 0.9),
      t("jasmine rice", 0.9),
      t("sweet chili sauce", 0.7),
      t("lemongrass", 0.7),
      t("peanuts", 0.5),
    ],
  },
  {
    key: "chinese",
    kind: "cuisine",
    aliases: ["china", "cantonese", "szechuan", "sichuan"],
    title: "a Chinese takeaway night",
    terms: [
      t("soy sauce"),
      t("hoisin sauce", 0.9),
      t("oyster sauce", 0.9),
      t("egg noodles", 0.9),
      t("dumplings", 0.8),
      t("sesame oil", 0.7),
      t("jasmine rice", 0.6),
      t("rice vinegar", 0.6),
      t("five spice", 0.6),
    ],
  },
  {
    key: "noodles",
    kind: "dish",
    aliases: ["noodles", "noodle", "eriste", "wok", "lo mein", "chow mein"],
    title: "noodle night",
    terms: [t("noodles"), t("egg noodles", 0.9), t("instant noodles", 0.8), t("soy sauce", 0.7), t("sesame oil", 0.6)],
  },
  {
    key: "asian",
    kind: "cuisine",
    aliases: ["asia", "asiya", "pan asian"],
    related: ["ramen", "noodles"],
    title: "an Asian night",
    terms: [
      t("soy sauce"),
      t("rice noodles", 0.8),
      t("sesame oil", 0.8),
      t("sweet chili sauce", 0.7),
      t("jasmine rice", 0.7),
    ],
  },
  {
    key: "korean",
    kind: "cuisine",
    aliases: ["korea"],
    title: "a Korean night",
    terms: [t("kimchi"), t("gochujang"), t("sesame oil", 0.8), t("seaweed", 0.6), t("short grain rice", 0.6)],
  },
  {
    key: "vietnamese",
    kind: "cuisine",
    aliases: ["vietnam", "pho", "banh mi"],
    title: "a Vietnamese night",
    terms: [t("rice noodles"), t("fish sauce"), t("rice paper", 0.8), t("hoisin sauce", 0.7), t("sriracha", 0.7)],
  },
  {
    key: "tacos",
    kind: "dish",
    aliases: ["taco", "tacos", "burrito", "quesadilla", "nachos", "fajita", "fajitas"],
    title: "taco night",
    terms: [
      t("tortillas"),
      t("taco shells"),
      t("salsa"),
      t("taco seasoning"),
      t("refried beans", 0.8),
      t("jalapenos", 0.7),
      t("guacamole", 0.7),
      t("sour cream", 0.6),
      t("avocado", 0.6),
      t("shredded cheese", 0.5),
    ],
  },
  {
    key: "mexican",
    kind: "cuisine",
    aliases: ["mexico", "tex mex"],
    related: ["tacos"],
    title: "a Mexican night",
    terms: [
      t("tortilla chips", 0.8),
      t("enchilada sauce", 0.8),
      t("salsa", 0.9),
      t("black beans", 0.7),
      t("jalapenos", 0.7),
    ],
  },
  {
    key: "burger",
    kind: "dish",
    aliases: ["burger", "burgers", "hamburger", "cheeseburger", "smash burger"],
    title: "burger night",
    terms: [
      t("burger buns"),
      t("hamburger buns"),
      t("beef patties"),
      t("ground beef", 0.9),
      t("ketchup", 0.8),
      t("cheddar slices", 0.7),
      t("mustard", 0.7),
      t("pickles", 0.7),
      t("burger sauce", 0.6),
      t("frozen fries", 0.6),
    ],
  },
  {
    key: "hot dog",
    kind: "dish",
    aliases: ["hot dog", "hotdog", "hotdoq"],
    title: "hot dog night",
    terms: [
      t("hot dog buns"),
      t("frankfurters"),
      t("hot dogs"),
      t("sausages", 0.8),
      t("mustard", 0.8),
      t("ketchup", 0.7),
    ],
  },
  {
    key: "american",
    kind: "cuisine",
    aliases: ["amerikan", "usa", "diner"],
    related: ["burger", "hot dog"],
    title: "an American diner night",
    terms: [t("bbq sauce", 0.7), t("frozen fries", 0.7), t("coleslaw", 0.6), t("pickles", 0.5)],
  },
  {
    key: "street food",
    kind: "cuisine",
    aliases: ["stritfud", "fast food", "streetfood"],
    related: ["burger", "hot dog", "sandwich"],
    title: "street food at home",
    terms: [t("frozen fries", 0.8), t("ketchup", 0.7), t("mayonnaise", 0.7), t("tortilla wraps", 0.6)],
  },
  {
    key: "bbq",
    kind: "cuisine",
    aliases: ["barbecue", "barbeque", "barbeku", "grill", "qril", "grilled"],
    title: "a barbecue",
    terms: [
      t("bbq sauce"),
      t("charcoal", 0.8),
      t("marinade", 0.7),
      t("sausages", 0.7),
      t("steak", 0.7),
      t("corn on the cob", 0.5),
    ],
  },
  {
    key: "greek",
    kind: "cuisine",
    aliases: ["greece", "yunan", "souvlaki", "gyros", "gyro"],
    title: "a Greek night",
    terms: [
      t("feta"),
      t("tzatziki"),
      t("pita"),
      t("olives", 0.8),
      t("greek yogurt", 0.8),
      t("oregano", 0.6),
      t("cucumber", 0.5),
    ],
  },
  {
    key: "mediterranean",
    kind: "cuisine",
    aliases: ["aralig denizi", "aralıq dənizi"],
    related: ["greek"],
    title: "a Mediterranean night",
    terms: [
      t("olive oil"),
      t("hummus", 0.9),
      t("feta", 0.8),
      t("olives", 0.8),
      t("pita", 0.7),
      t("couscous", 0.6),
      t("chickpeas", 0.6),
    ],
  },
  {
    key: "middle eastern",
    kind: "cuisine",
    aliases: ["lebanese", "turkish", "shawarma", "saurma", "kebab", "kabab", "doner", "falafel"],
    title: "a shawarma night",
    terms: [
      t("pita"),
      t("hummus"),
      t("flatbread", 0.9),
      t("tahini", 0.9),
      t("falafel", 0.8),
      t("garlic sauce", 0.7),
      t("chickpeas", 0.6),
      t("sumac", 0.5),
    ],
  },
  {
    key: "seafood",
    kind: "cuisine",
    aliases: ["fish", "baliq", "deniz mehsullari", "fish and chips"],
    title: "a seafood dinner",
    terms: [
      t("salmon", 0.9),
      t("prawns", 0.9),
      t("shrimp", 0.9),
      t("fish fillets", 0.8),
      t("seafood mix", 0.8),
      t("tuna", 0.7),
      t("tartar sauce", 0.7),
      t("lemons", 0.6),
    ],
  },
  {
    key: "sandwich",
    kind: "dish",
    aliases: ["sandwich", "sendvic", "sanduic", "panini", "panine", "toast", "club sandwich"],
    title: "sandwich lunch",
    terms: [
      t("sandwich bread"),
      t("sliced bread", 0.8),
      t("sliced cheese", 0.8),
      t("sliced ham", 0.8),
      t("mayonnaise", 0.8),
      t("lettuce", 0.5),
    ],
  },
  {
    key: "breakfast",
    kind: "cuisine",
    aliases: ["seher yemeyi", "brunch"],
    title: "breakfast at home",
    terms: [
      t("eggs", 0.9),
      t("bacon", 0.9),
      t("pancake mix", 0.8),
      t("maple syrup", 0.8),
      t("croissants", 0.7),
      t("orange juice", 0.6),
      t("cereal", 0.6),
    ],
  },
  {
    key: "pancakes",
    kind: "dish",
    aliases: ["pancake", "pancakes", "crepe", "crepes", "blincik", "krep"],
    title: "pancake morning",
    terms: [t("pancake mix"), t("maple syrup", 0.9), t("chocolate spread", 0.8), t("nutella", 0.8), t("berries", 0.5)],
  },
  {
    key: "salad",
    kind: "dish",
    aliases: ["salad", "salat", "sallate", "poke", "bowl"],
    title: "fresh salads",
    terms: [
      t("salad mix"),
      t("salad dressing"),
      t("lettuce", 0.9),
      t("cherry tomatoes", 0.8),
      t("croutons", 0.7),
      t("cucumber", 0.7),
      t("feta", 0.5),
    ],
  },
  {
    key: "healthy",
    kind: "cuisine",
    aliases: ["saglam", "health food", "vegan", "vegetarian"],
    related: ["salad"],
    title: "eating well",
    terms: [t("granola", 0.8), t("quinoa", 0.8), t("avocado", 0.7), t("greek yogurt", 0.6), t("hummus", 0.6)],
  },
  {
    key: "bakery",
    kind: "cuisine",
    aliases: ["un memulatlari", "pastry", "pite", "pie", "byrek", "burek"],
    title: "baking at home",
    terms: [t("filo pastry"), t("puff pastry", 0.9), t("flour", 0.6), t("feta", 0.6), t("spinach", 0.5)],
  },
  {
    key: "dessert",
    kind: "cuisine",
    aliases: ["desserts", "desert", "sweets", "sirniyyatlar", "cake", "cakes", "tort"],
    title: "something sweet",
    terms: [t("cake mix"), t("ice cream", 0.8), t("whipped cream", 0.7), t("custard", 0.6), t("chocolate", 0.6)],
  },
  {
    key: "ice cream",
    kind: "dish",
    aliases: ["dondurma", "gelato"],
    title: "an ice-cream treat",
    terms: [t("ice cream"), t("ice cream cones", 0.8), t("sprinkles", 0.6), t("chocolate sauce", 0.6)],
  },
  {
    key: "soup",
    kind: "dish",
    aliases: ["sorba", "soups"],
    title: "soup night",
    terms: [t("stock cubes"), t("broth", 0.9), t("soup", 0.7)],
  },
  {
    key: "coffee",
    kind: "cuisine",
    aliases: ["kofe", "cafe", "coffee shop"],
    title: "coffee at home",
    terms: [t("ground coffee"), t("coffee beans"), t("instant coffee", 0.8), t("coffee creamer", 0.6)],
  },
  {
    key: "tea",
    kind: "cuisine",
    aliases: ["cay"],
    title: "a pot of tea",
    terms: [t("tea bags"), t("tea", 0.9), t("biscuits", 0.5)],
  },
  {
    key: "cocktails",
    kind: "cuisine",
    aliases: ["kokteyl", "cocktail", "bar"],
    title: "cocktail night",
    terms: [t("cocktail mixers"), t("tonic water", 0.8), t("limes", 0.6), t("mint", 0.5)],
  },
  {
    key: "soft drinks",
    kind: "cuisine",
    aliases: ["soda", "drinks"],
    title: "a cold drink",
    terms: [t("cola", 0.8), t("sparkling water", 0.6), t("lemonade", 0.6)],
  },
  {
    key: "snacks",
    kind: "cuisine",
    aliases: ["qelyanaltilar", "appetizers", "starters"],
    title: "snack night",
    terms: [t("chips", 0.8), t("crisps", 0.8), t("dips", 0.7), t("crackers", 0.6)],
  },
  {
    key: "european",
    kind: "cuisine",
    aliases: ["avropa", "french", "continental"],
    related: ["italian"],
    title: "a bistro night",
    terms: [t("baguette", 0.7), t("butter", 0.5), t("cheese", 0.5)],
  },
];

const BY_KEY = new Map(LEXICON.map((entry) => [entry.key, entry]));
const ALIASES = new Map<string, string>();
for (const entry of LEXICON) {
  ALIASES.set(normalizeText(entry.key), entry.key);
  for (const alias of entry.aliases)
    if (!ALIASES.has(normalizeText(alias))) ALIASES.set(normalizeText(alias), entry.key);
}

/** The canonical theme key of a cuisine or dish name ("Japanese" → "japanese", "shawarma" → "middle eastern"); unknown names come back normalized. */
export function themeKey(name: string): string {
  const normalized = normalizeText(name);
  return ALIASES.get(normalized) ?? normalized;
}

/** The lexicon entry of a theme key, if any. */
export function lexiconEntry(key: string): LexiconEntry | undefined {
  return BY_KEY.get(key);
}

/** Display title of a theme: "ramen night", or "<name> night" for themes outside the lexicon. */
export function themeTitle(name: string): string {
  const key = themeKey(name);
  return BY_KEY.get(key)?.title ?? `${key} night`;
}

/** Every alias (normalized) with its theme key, longest first, for finding dish types in dish names. */
export function dishAliases(): Array<{ alias: string; key: string }> {
  return [...ALIASES.entries()]
    .map(([alias, key]) => ({ alias, key }))
    .sort((a, b) => b.alias.length - a.alias.length || (a.alias < b.alias ? -1 : 1));
}

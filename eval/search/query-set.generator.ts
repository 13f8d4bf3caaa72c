import type { InstacartCatalog } from "./instacart-catalog";
import type { LabelRule, LabelledQuery, QueryKind, QuerySet, QuerySpec } from "./query-set.types";
import { gradeCatalog } from "./relevance.labels";

/**
 * The labelled search query set over the Instacart catalog, written by hand as rules and expanded
 * deterministically against products.csv / aisles.csv / departments.csv (no randomness, no model).
 *
 * Grading rules (0–2, a product takes the best rule it satisfies):
 * - product-type ("banana"): 2 = the name names the thing and the product is in the aisle(s) where that
 *   thing is sold (fresh bananas in "fresh fruits"); 1 = the name names it elsewhere (banana chips, banana
 *   baby food) or the aisle is right but the name is a close variant.
 * - brand ("oreo"): 2 = the brand is in the name; 1 = same product family without the brand, when given.
 *   Brands absent from Instacart names ("ragu", "ben & jerry's") are graded by their aisle (1) and typical
 *   products (2): lexical search cannot find them, which is the point.
 * - aisle ("frozen pizza"): 2 = every product of the aisle(s); 1 = named like it in another aisle.
 * - attribute ("gluten free pasta"): 2 = attribute and product both in the name (or aisle); 1 = the product
 *   without the attribute (a shopper may still accept it).
 * - ambiguous ("orange", "chips", "dove"): each plausible reading's products get 2 (main readings) or 1.
 * - misspelled ("bananna"): the labels of the correctly spelled query.
 * - slang and short forms ("oj", "pb", "pop") and abbreviations ("gf bread", "xl eggs"): the labels of what
 *   the words stand for, written out (2 = the meant thing in its aisle; 1 = the meant thing elsewhere).
 * - intent ("movie night", "game day snacks"): 2 = the aisles that occasion is shopped from; 1 = aisles often
 *   added to it. No product is named after the occasion: lexical search can only find them by accident.
 * - dietary ("vegan protein", "gluten free snacks"): 2 = the need stated in the name within the product kind; 1
 *   = the product kind without the stated need, or the need stated elsewhere.
 * Patterns are case-insensitive regular expressions on the product name; `\b` marks word boundaries.
 */

/** Aisle ids of aisles.csv used below, by name. */
const A = {
  preparedSoupsSalads: 1,
  specialtyCheeses: 2,
  energyGranolaBars: 3,
  instantFoods: 4,
  packagedMeat: 7,
  bakeryDesserts: 8,
  pastaSauce: 9,
  coldFluAllergy: 11,
  freshPasta: 12,
  preparedMeals: 13,
  tofuMeatAlternatives: 14,
  packagedSeafood: 15,
  freshHerbs: 16,
  bakingIngredients: 17,
  oilsVinegars: 19,
  oralHygiene: 20,
  packagedCheese: 21,
  hairCare: 22,
  popcornJerky: 23,
  freshFruits: 24,
  soap: 25,
  coffee: 26,
  beersCoolers: 27,
  redWines: 28,
  honeysSyrups: 29,
  latinoFoods: 30,
  refrigerated: 31,
  packagedProduce: 32,
  kosherFoods: 33,
  frozenMeatSeafood: 34,
  poultryCounter: 35,
  butter: 36,
  iceCream: 37,
  frozenMeals: 38,
  seafoodCounter: 39,
  dogFood: 40,
  catFood: 41,
  frozenVegan: 42,
  bunsRolls: 43,
  candyChocolate: 45,
  mintGum: 46,
  vitamins: 47,
  breakfastBars: 48,
  packagedPoultry: 49,
  fruitVegetableSnacks: 50,
  preservedDips: 51,
  frozenBreakfast: 52,
  cream: 53,
  paperGoods: 54,
  diapersWipes: 56,
  granola: 57,
  frozenBreads: 58,
  cannedMeals: 59,
  trashBags: 60,
  cookiesCakes: 61,
  whiteWines: 62,
  grainsRice: 63,
  energySportsDrinks: 64,
  proteinMealReplacements: 65,
  asianFoods: 66,
  freshDips: 67,
  bulkGrains: 68,
  soupBroth: 69,
  refrigeratedPudding: 71,
  condiments: 72,
  dishDetergents: 74,
  laundry: 75,
  indianFoods: 76,
  softDrinks: 77,
  crackers: 78,
  frozenPizza: 79,
  deodorants: 80,
  cannedVegetables: 81,
  freshVegetables: 83,
  milk: 84,
  eggs: 86,
  spreads: 88,
  saladDressing: 89,
  soyLactoseFree: 91,
  babyFood: 92,
  breakfastBakery: 93,
  tea: 94,
  cannedMeatSeafood: 95,
  lunchMeat: 96,
  juice: 98,
  cannedFruit: 99,
  babyBathBody: 102,
  spices: 104,
  doughsBakeMixes: 105,
  hotDogsBaconSausage: 106,
  chipsPretzels: 107,
  otherCreamsCheeses: 108,
  pickledGoods: 110,
  bread: 112,
  cleaningProducts: 114,
  water: 115,
  frozenProduce: 116,
  nutsSeedsDriedFruit: 117,
  firstAid: 118,
  frozenDessert: 119,
  yogurt: 120,
  cereal: 121,
  meatCounter: 122,
  packagedVegetablesFruits: 123,
  spirits: 124,
  trailMix: 125,
  feminineCare: 126,
  bodyLotionsSoap: 127,
  tortillas: 128,
  frozenAppetizers: 129,
  hotCerealPancake: 130,
  dryPasta: 131,
  painRelief: 133,
  specialtyWines: 134,
} as const;

/** `\bword\b`, with an optional plural ending when `plural` is given ("s", "es"). */
function w(word: string, plural = ""): string {
  return plural ? `\\b${word}(?:${plural})?\\b` : `\\b${word}\\b`;
}

/** product-type: 2 = named and in `aisles`; 1 = named anywhere else. */
function productType(
  id: string,
  query: string,
  pattern: string,
  aisles: readonly number[],
  extra: readonly LabelRule[] = [],
): QuerySpec {
  return {
    id,
    query,
    kind: "product-type",
    rules: [{ grade: 2, aisles, name: [pattern] }, { grade: 1, name: [pattern] }, ...extra],
  };
}

/** aisle: 2 = whole aisle(s); 1 = named like it (optional pattern) elsewhere. */
function aisle(id: string, query: string, aisles: readonly number[], pattern?: string): QuerySpec {
  return {
    id,
    query,
    kind: "aisle",
    rules: [{ grade: 2, aisles }, ...(pattern ? [{ grade: 1 as const, name: [pattern] }] : [])],
  };
}

/** brand: 2 = brand in the name (optionally only in `aisles`); 1 = `family` rule (same kind of product). */
function brand(id: string, query: string, pattern: string, family?: LabelRule, aisles?: readonly number[]): QuerySpec {
  return {
    id,
    query,
    kind: "brand",
    rules: [{ grade: 2, name: [pattern], ...(aisles ? { aisles } : {}) }, ...(family ? [family] : [])],
  };
}

/** attribute: 2 = attribute and base both match (base by name and/or aisle); 1 = base without the attribute. */
function attribute(
  id: string,
  query: string,
  attributePattern: string,
  base: { name?: string; aisles?: readonly number[] },
): QuerySpec {
  const baseRule = { ...(base.name ? { name: [base.name] } : {}), ...(base.aisles ? { aisles: base.aisles } : {}) };
  return {
    id,
    query,
    kind: "attribute",
    rules: [
      { grade: 2, ...baseRule, name: [...(baseRule.name ?? []), attributePattern] },
      { grade: 1, ...baseRule },
    ],
  };
}

function ambiguous(id: string, query: string, note: string, rules: readonly LabelRule[]): QuerySpec {
  return { id, query, kind: "ambiguous", note, rules };
}

const PRODUCT_TYPES: QuerySpec[] = [
  productType("banana", "banana", w("banana", "s"), [A.freshFruits, A.packagedVegetablesFruits]),
  productType("apples", "apples", w("apple", "s"), [A.freshFruits, A.packagedVegetablesFruits]),
  productType("strawberries", "strawberries", "\\bstrawberr(?:y|ies)\\b", [
    A.freshFruits,
    A.packagedVegetablesFruits,
    A.frozenProduce,
  ]),
  productType("avocado", "avocado", w("avocado", "s"), [A.freshFruits, A.freshVegetables, A.packagedVegetablesFruits]),
  productType("lemons", "lemons", w("lemon", "s"), [A.freshFruits]),
  productType("blueberries", "blueberries", "\\bblueberr(?:y|ies)\\b", [
    A.freshFruits,
    A.packagedVegetablesFruits,
    A.frozenProduce,
  ]),
  productType("grapes", "grapes", w("grape", "s"), [A.freshFruits, A.packagedVegetablesFruits]),
  productType("tomatoes", "tomatoes", w("tomato", "es"), [
    A.freshVegetables,
    A.packagedVegetablesFruits,
    A.cannedVegetables,
  ]),
  productType("potatoes", "potatoes", w("potato", "es"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("onion", "onion", w("onion", "s"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("garlic", "garlic", w("garlic"), [A.freshVegetables, A.packagedVegetablesFruits, A.spices]),
  productType("spinach", "spinach", w("spinach"), [A.freshVegetables, A.packagedVegetablesFruits, A.frozenProduce]),
  productType("broccoli", "broccoli", w("broccoli"), [A.freshVegetables, A.packagedVegetablesFruits, A.frozenProduce]),
  productType("carrots", "carrots", w("carrot", "s"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("cucumber", "cucumber", w("cucumber", "s"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("cilantro", "cilantro", w("cilantro"), [A.freshHerbs, A.freshVegetables]),
  productType(
    "greek-yogurt",
    "greek yogurt",
    "\\bgreek\\b.*\\byogh?urt\\b|\\byogh?urt\\b.*\\bgreek\\b",
    [A.yogurt],
    [{ grade: 1, aisles: [A.yogurt] }],
  ),
  productType("milk", "milk", w("milk"), [A.milk], [{ grade: 1, aisles: [A.milk, A.soyLactoseFree] }]),
  productType("eggs", "eggs", w("egg", "s"), [A.eggs], [{ grade: 1, aisles: [A.eggs] }]),
  productType("butter", "butter", w("butter"), [A.butter], [{ grade: 1, aisles: [A.butter] }]),
  productType("cheddar", "cheddar cheese", w("cheddar"), [A.packagedCheese, A.specialtyCheeses]),
  productType("mozzarella", "mozzarella", w("mozzarella"), [A.packagedCheese, A.specialtyCheeses]),
  productType("cream-cheese", "cream cheese", "\\bcream cheese\\b", [A.otherCreamsCheeses]),
  productType("sour-cream", "sour cream", "\\bsour cream\\b", [A.otherCreamsCheeses]),
  productType("bread", "bread", w("bread"), [A.bread], [{ grade: 1, aisles: [A.bread] }]),
  productType("bagels", "bagels", w("bagel", "s"), [A.breakfastBakery, A.bread, A.frozenBreads]),
  productType("tortillas", "tortillas", w("tortilla", "s"), [A.tortillas], [{ grade: 1, aisles: [A.tortillas] }]),
  productType("spaghetti", "spaghetti", w("spaghetti"), [A.dryPasta, A.freshPasta]),
  productType(
    "rice",
    "rice",
    w("rice"),
    [A.grainsRice, A.bulkGrains, A.instantFoods],
    [{ grade: 1, aisles: [A.grainsRice] }],
  ),
  productType("oatmeal", "oatmeal", "\\boat(?:meal|s)\\b", [A.hotCerealPancake, A.bulkGrains]),
  productType("cereal", "cereal", w("cereal", "s"), [A.cereal], [{ grade: 1, aisles: [A.cereal] }]),
  productType("granola", "granola", w("granola"), [A.granola, A.cereal]),
  productType("peanut-butter", "peanut butter", "\\bpeanut butter\\b", [A.spreads]),
  productType("honey", "honey", w("honey"), [A.honeysSyrups]),
  productType("maple-syrup", "maple syrup", "\\bmaple\\b.*\\bsyrup\\b", [A.honeysSyrups]),
  productType("olive-oil", "olive oil", "\\bolive oil\\b", [A.oilsVinegars]),
  productType("coffee", "coffee", w("coffee"), [A.coffee], [{ grade: 1, aisles: [A.coffee] }]),
  productType("green-tea", "green tea", "\\bgreen tea\\b", [A.tea]),
  productType("orange-juice", "orange juice", "\\borange juice\\b|\\boj\\b", [A.juice, A.refrigerated]),
  productType("chicken-breast", "chicken breast", "\\bchicken breast", [
    A.poultryCounter,
    A.packagedPoultry,
    A.frozenMeatSeafood,
  ]),
  productType("ground-beef", "ground beef", "\\bground beef\\b", [A.meatCounter, A.packagedMeat, A.frozenMeatSeafood]),
  productType("bacon", "bacon", w("bacon"), [A.hotDogsBaconSausage]),
  productType("salmon", "salmon", w("salmon"), [
    A.seafoodCounter,
    A.packagedSeafood,
    A.frozenMeatSeafood,
    A.cannedMeatSeafood,
  ]),
  productType("shrimp", "shrimp", w("shrimp"), [A.seafoodCounter, A.packagedSeafood, A.frozenMeatSeafood]),
  productType("tofu", "tofu", w("tofu"), [A.tofuMeatAlternatives]),
  productType("hummus", "hummus", w("hummus"), [A.freshDips, A.preservedDips]),
  productType("salsa", "salsa", w("salsa"), [A.preservedDips, A.freshDips, A.latinoFoods]),
  productType("ketchup", "ketchup", w("ketchup"), [A.condiments]),
  productType("mayonnaise", "mayonnaise", "\\bmayo(?:nnaise)?\\b", [A.condiments]),
  productType("toilet-paper", "toilet paper", "\\btoilet paper\\b|\\bbath tissue\\b", [A.paperGoods]),
  productType("paper-towels", "paper towels", "\\bpaper towels?\\b", [A.paperGoods]),
  productType("dish-soap", "dish soap", "\\bdish\\b", [A.dishDetergents], [{ grade: 1, aisles: [A.dishDetergents] }]),
  productType(
    "laundry-detergent",
    "laundry detergent",
    w("detergent", "s"),
    [A.laundry],
    [{ grade: 1, aisles: [A.laundry] }],
  ),
  productType("toothpaste", "toothpaste", w("toothpaste"), [A.oralHygiene]),
  productType("shampoo", "shampoo", w("shampoo", "s"), [A.hairCare]),
  productType("popcorn", "popcorn", w("popcorn"), [A.popcornJerky, A.chipsPretzels]),
  productType("pretzels", "pretzels", w("pretzel", "s"), [A.chipsPretzels]),
  productType("almonds", "almonds", w("almond", "s"), [A.nutsSeedsDriedFruit, A.trailMix]),
  productType("dark-chocolate", "dark chocolate", "\\bdark chocolate\\b", [A.candyChocolate]),
  productType("turkey", "turkey", w("turkey"), [A.poultryCounter, A.packagedPoultry, A.lunchMeat, A.frozenMeatSeafood]),
];

const AISLES: QuerySpec[] = [
  aisle("frozen-pizza", "frozen pizza", [A.frozenPizza], w("pizza", "s")),
  aisle("ice-cream", "ice cream", [A.iceCream], "\\bice cream\\b"),
  aisle("frozen-meals", "frozen meals", [A.frozenMeals]),
  aisle("baby-food", "baby food", [A.babyFood]),
  aisle("energy-drinks", "energy drinks", [A.energySportsDrinks], "\\benergy drink"),
  aisle("soft-drinks", "soft drinks", [A.softDrinks], w("soda", "s")),
  aisle("fresh-herbs", "fresh herbs", [A.freshHerbs]),
  aisle("frozen-vegetables", "frozen vegetables", [A.frozenProduce]),
  aisle("soup", "soup", [A.soupBroth], w("soup", "s")),
  aisle("lunch-meat", "lunch meat", [A.lunchMeat]),
  aisle("cold-medicine", "cold medicine", [A.coldFluAllergy]),
  aisle("vitamins", "vitamins", [A.vitamins], w("vitamin", "s")),
  aisle("protein-bars", "protein bars", [A.energyGranolaBars, A.proteinMealReplacements], "\\bprotein bar"),
  aisle("cleaning-supplies", "cleaning supplies", [A.cleaningProducts]),
  aisle("spices", "spices", [A.spices]),
  aisle("asian-food", "asian food", [A.asianFoods]),
  aisle("indian-food", "indian food", [A.indianFoods]),
  aisle("frozen-breakfast", "frozen breakfast", [A.frozenBreakfast]),
  aisle("salad-dressing", "salad dressing", [A.saladDressing], w("dressing", "s")),
  aisle("pickles", "pickles", [A.pickledGoods], w("pickle", "s")),
  aisle("dried-fruit", "dried fruit", [A.nutsSeedsDriedFruit, 18], "\\bdried\\b"),
  aisle("white-wine", "white wine", [A.whiteWines]),
  aisle("red-wine", "red wine", [A.redWines]),
  aisle("champagne", "champagne", [A.specialtyWines], "\\bchampagne\\b|\\bprosecco\\b"),
  aisle("hot-dogs", "hot dogs", [A.hotDogsBaconSausage], "\\bhot dogs?\\b|\\bfranks?\\b"),
  aisle("candy", "candy", [A.candyChocolate], w("cand(?:y|ies)")),
  aisle("chewing-gum", "chewing gum", [A.mintGum], w("gum")),
  aisle("first-aid", "first aid", [A.firstAid]),
  aisle("pain-relief", "pain relief", [A.painRelief]),
  aisle("dog-food", "dog food", [A.dogFood]),
  aisle("cat-food", "cat food", [A.catFood]),
  aisle("diapers", "diapers", [A.diapersWipes], w("diaper", "s")),
  aisle("sparkling-water", "sparkling water", [A.water], "\\bsparkling\\b.*\\bwater\\b"),
  aisle("beer", "beer", [A.beersCoolers], w("beer", "s")),
];

const BRANDS: QuerySpec[] = [
  brand("oreo", "oreo", w("oreo", "s"), { grade: 1, aisles: [A.cookiesCakes], name: ["\\bsandwich cookies?\\b"] }),
  brand("goldfish", "goldfish", w("goldfish")),
  brand("ritz", "ritz", w("ritz")),
  brand("triscuit", "triscuit", w("triscuits?")),
  brand("cheerios", "cheerios", w("cheerios"), {
    grade: 1,
    aisles: [A.cereal],
    name: ["\\bo'?s\\b|\\btoasted oats?\\b"],
  }),
  brand("hersheys", "hershey's", "\\bhershey'?s?\\b"),
  brand("m-and-ms", "m&m's", "\\bm&m'?s?\\b"),
  brand("kelloggs", "kellogg's", "\\bkellogg'?s?\\b"),
  brand("pepperidge-farm", "pepperidge farm", "\\bpepperidge\\b"),
  brand("philadelphia", "philadelphia cream cheese", "\\bphiladelphia\\b", { grade: 1, name: ["\\bcream cheese\\b"] }),
  brand("fancy-feast", "fancy feast", "\\bfancy feast\\b", { grade: 1, aisles: [A.catFood] }),
  brand("purina", "purina", "\\bpurina\\b"),
  brand("friskies", "friskies", "\\bfriskies\\b", { grade: 1, aisles: [A.catFood] }),
  brand("pampers", "pampers", "\\bpampers\\b", { grade: 1, aisles: [A.diapersWipes] }),
  brand("crest", "crest toothpaste", "\\bcrest\\b", { grade: 1, aisles: [A.oralHygiene], name: [w("toothpaste")] }),
  brand("clorox", "clorox", "\\bclorox\\b"),
  brand("vitaminwater", "vitaminwater", "\\bvitamin ?water\\b"),
  brand("fiji", "fiji water", "\\bfiji\\b", { grade: 1, aisles: [A.water] }),
  brand("coca-cola", "coca cola", "\\bcoca[- ]cola\\b|\\bcoke\\b", {
    grade: 1,
    aisles: [A.softDrinks],
    name: ["\\bcola\\b"],
  }),
  brand("pepsi", "pepsi", "\\bpepsi\\b", { grade: 1, aisles: [A.softDrinks], name: ["\\bcola\\b"] }),
  brand("cheetos", "cheetos", "\\bcheetos\\b"),
  brand("doritos", "doritos", "\\bdoritos\\b", { grade: 1, aisles: [A.chipsPretzels], name: ["\\btortilla chips\\b"] }),
  brand("annies", "annie's", "\\bannie'?s\\b", { grade: 1, name: ["\\bmac(?:aroni)? (?:&|and) cheese\\b"] }),
  brand("almond-breeze", "almond breeze", "\\balmond breeze\\b", { grade: 1, name: ["\\balmond ?milk\\b"] }),
  brand("quest", "quest bar", "\\bquest\\b", { grade: 1, name: ["\\bprotein bars?\\b"] }),
  brand("happy-baby", "happy baby", "\\bhappy ?baby\\b", { grade: 1, aisles: [A.babyFood] }),
  brand("nutella", "nutella", "\\bnutella\\b", { grade: 1, name: ["\\bhazelnut spread\\b"] }),
  brand(
    "kettle-brand",
    "kettle chips",
    "\\bkettle\\b",
    { grade: 1, aisles: [A.chipsPretzels], name: ["\\bchips?\\b"] },
    [A.chipsPretzels],
  ),
  brand("tostitos", "tostitos", "\\btostitos\\b", { grade: 1, name: ["\\btortilla chips\\b"] }),
  {
    id: "ben-and-jerrys",
    query: "ben & jerry's",
    kind: "brand",
    note: "Brand absent from Instacart product names: graded by what the brand sells (ice cream pints).",
    rules: [
      { grade: 2, aisles: [A.iceCream], name: ["\\bice cream\\b"] },
      { grade: 1, aisles: [A.iceCream, A.frozenDessert] },
    ],
  },
];

const ATTRIBUTES: QuerySpec[] = [
  attribute("gluten-free-pasta", "gluten free pasta", "\\bgluten[- ]free\\b", { aisles: [A.dryPasta, A.freshPasta] }),
  attribute("organic-milk", "organic milk", "\\borganic\\b", { name: w("milk"), aisles: [A.milk] }),
  attribute("organic-bananas", "organic bananas", "\\borganic\\b", { name: w("banana", "s"), aisles: [A.freshFruits] }),
  attribute("lactose-free-milk", "lactose free milk", "\\blactose[- ]free\\b", {
    name: w("milk"),
    aisles: [A.milk, A.soyLactoseFree],
  }),
  attribute("sugar-free-gum", "sugar free gum", "\\bsugar[- ]free\\b", { aisles: [A.mintGum] }),
  attribute("vegan-cheese", "vegan cheese", "\\bvegan\\b|\\bdairy[- ]free\\b|\\bplant[- ]based\\b", {
    name: "\\bchees",
    aisles: [A.packagedCheese, A.specialtyCheeses, A.tofuMeatAlternatives, A.otherCreamsCheeses],
  }),
  attribute("nonfat-greek-yogurt", "nonfat greek yogurt", "\\bnon[- ]?fat\\b|\\b0%", {
    name: "\\bgreek\\b",
    aisles: [A.yogurt],
  }),
  attribute("whole-wheat-bread", "whole wheat bread", "\\bwhole wheat\\b", { aisles: [A.bread] }),
  attribute("low-sodium-soup", "low sodium soup", "\\blow sodium\\b|\\breduced sodium\\b|\\bno salt\\b", {
    aisles: [A.soupBroth],
  }),
  attribute("organic-eggs", "organic eggs", "\\borganic\\b", { aisles: [A.eggs], name: w("egg", "s") }),
  attribute("gluten-free-bread", "gluten free bread", "\\bgluten[- ]free\\b", { name: w("bread") }),
  attribute("unsweetened-almond-milk", "unsweetened almond milk", "\\bunsweetened\\b", { name: "\\balmond ?milk\\b" }),
  attribute("decaf-coffee", "decaf coffee", "\\bdecaf", { aisles: [A.coffee] }),
  attribute("organic-baby-food", "organic baby food", "\\borganic\\b", { aisles: [A.babyFood] }),
  attribute("grass-fed-beef", "grass fed beef", "\\bgrass[- ]fed\\b", { name: w("beef") }),
  attribute("whole-milk", "whole milk", "\\bwhole\\b", { aisles: [A.milk], name: w("milk") }),
  attribute("vegan-ice-cream", "vegan ice cream", "\\bvegan\\b|\\bdairy[- ]free\\b|\\bnon[- ]dairy\\b", {
    aisles: [A.iceCream, A.frozenDessert],
  }),
  attribute("organic-spinach", "organic spinach", "\\borganic\\b", {
    name: w("spinach"),
    aisles: [A.freshVegetables, A.packagedVegetablesFruits, A.frozenProduce],
  }),
  attribute("gluten-free-crackers", "gluten free crackers", "\\bgluten[- ]free\\b", { aisles: [A.crackers] }),
  attribute("low-fat-yogurt", "low fat yogurt", "\\blow[- ]?fat\\b|\\blowfat\\b", { aisles: [A.yogurt] }),
  attribute("sugar-free-syrup", "sugar free syrup", "\\bsugar[- ]free\\b", { name: w("syrup") }),
  attribute("caffeine-free-soda", "caffeine free soda", "\\bcaffeine[- ]free\\b", { aisles: [A.softDrinks] }),
  attribute("diet-soda", "diet soda", "\\bdiet\\b|\\bzero\\b", { aisles: [A.softDrinks] }),
  attribute("organic-chicken", "organic chicken", "\\borganic\\b", {
    name: w("chicken"),
    aisles: [A.poultryCounter, A.packagedPoultry, A.frozenMeatSeafood],
  }),
  attribute("dark-roast-coffee", "dark roast coffee", "\\bdark\\b", { aisles: [A.coffee] }),
  attribute("frozen-blueberries", "frozen blueberries", "\\bblueberr", { aisles: [A.frozenProduce] }),
  attribute("spicy-salsa", "hot salsa", "\\bhot\\b|\\bspicy\\b", { name: w("salsa") }),
];

const AMBIGUOUS: QuerySpec[] = [
  ambiguous("orange", "orange", "Fruit or juice (2); anything orange-flavoured (1).", [
    { grade: 2, aisles: [A.freshFruits], name: [w("orange", "s")] },
    { grade: 2, aisles: [A.juice, A.refrigerated], name: ["\\borange juice\\b"] },
    { grade: 1, name: [w("orange", "s")] },
  ]),
  ambiguous("chips", "chips", "Potato/tortilla chips (2); chocolate chips for baking (1).", [
    { grade: 2, aisles: [A.chipsPretzels], name: [w("chip", "s")] },
    { grade: 1, aisles: [A.bakingIngredients], name: [w("chip", "s")] },
    { grade: 1, name: [w("chips")] },
  ]),
  ambiguous(
    "ragu",
    "ragu",
    "Ragú is a sauce brand absent from Instacart names, and ragù is a meat sauce: meat/bolognese pasta sauces (2), any pasta sauce (1).",
    [
      { grade: 2, aisles: [A.pastaSauce], name: ["\\bbolognese\\b|\\bmeat\\b|\\bragu\\b"] },
      { grade: 1, aisles: [A.pastaSauce] },
    ],
  ),
  ambiguous("dove", "dove", "Dove soap and body care, or Dove chocolate: both readings 2.", [
    {
      grade: 2,
      name: ["\\bdove\\b"],
      aisles: [A.soap, A.bodyLotionsSoap, A.deodorants, A.hairCare, A.candyChocolate, A.iceCream],
    },
    { grade: 1, name: ["\\bdove\\b"] },
  ]),
  ambiguous("monster", "monster", "Monster energy drinks (2); monster cookies and others (1).", [
    { grade: 2, aisles: [A.energySportsDrinks], name: ["\\bmonster\\b"] },
    { grade: 1, name: ["\\bmonster\\b"] },
  ]),
  ambiguous("honest", "honest", "Honest Company (baby, household) or Honest Tea/Kids drinks: every Honest product 2.", [
    { grade: 2, name: ["\\bhonest\\b"] },
  ]),
  ambiguous("pepper", "pepper", "Black pepper (spice) or bell peppers (vegetable): both 2; other peppers 1.", [
    { grade: 2, aisles: [A.spices], name: ["\\bpepper\\b", "\\bblack\\b|\\bpeppercorn"] },
    { grade: 2, aisles: [A.freshVegetables, A.packagedVegetablesFruits], name: ["\\bpeppers?\\b"] },
    { grade: 1, name: ["\\bpeppers?\\b"] },
  ]),
  ambiguous("cream", "cream", "Dairy cream (2); cream cheese, sour cream (1).", [
    { grade: 2, aisles: [A.cream] },
    { grade: 1, aisles: [A.otherCreamsCheeses], name: ["\\bcream\\b"] },
  ]),
  ambiguous("seltzer", "seltzer", "Seltzer water or hard seltzer: both 2.", [
    { grade: 2, aisles: [A.water], name: ["\\bseltzer\\b"] },
    { grade: 2, aisles: [A.beersCoolers], name: ["\\bseltzer\\b"] },
    { grade: 1, aisles: [A.water] },
  ]),
  ambiguous("ginger", "ginger", "Fresh ginger root (2); ginger ale, ginger tea, ginger snacks (1).", [
    { grade: 2, aisles: [A.freshVegetables, A.freshHerbs], name: ["\\bginger\\b"] },
    { grade: 1, name: ["\\bginger\\b"] },
  ]),
  ambiguous("cider", "cider", "Apple cider (juice) or hard cider: both 2; cider vinegar 1.", [
    { grade: 2, aisles: [A.juice, A.beersCoolers], name: ["\\bcider\\b"] },
    { grade: 1, name: ["\\bcider\\b"] },
  ]),
  ambiguous("mint", "mint", "Fresh mint or mints/gum: both 2; mint-flavoured items 1.", [
    { grade: 2, aisles: [A.freshHerbs], name: ["\\bmint\\b"] },
    { grade: 2, aisles: [A.mintGum], name: ["\\bmints?\\b"] },
    { grade: 1, name: ["\\bmint\\b"] },
  ]),
  ambiguous("jelly", "jelly", "Jam and jelly spreads (2); jelly beans and gelatin (1).", [
    { grade: 2, aisles: [A.spreads], name: ["\\bjelly\\b|\\bjam\\b|\\bpreserves\\b"] },
    { grade: 1, name: ["\\bjelly\\b"] },
  ]),
  ambiguous("pie", "pie", "Ready pies (bakery or frozen) 2; pie crusts and fillings 1.", [
    { grade: 2, aisles: [A.bakeryDesserts, A.frozenDessert], name: ["\\bpies?\\b"] },
    { grade: 1, name: ["\\bpie\\b"] },
  ]),
];

function kind(kindName: QueryKind, id: string, query: string, note: string, rules: readonly LabelRule[]): QuerySpec {
  return { id, query, kind: kindName, note, rules };
}

/** Snack aisles (the "snacks" department of departments.csv, by aisle). */
const SNACK_AISLES = [
  A.energyGranolaBars,
  A.popcornJerky,
  A.candyChocolate,
  A.mintGum,
  A.fruitVegetableSnacks,
  A.cookiesCakes,
  A.crackers,
  A.chipsPretzels,
  A.nutsSeedsDriedFruit,
  A.trailMix,
];

const SLANG: QuerySpec[] = [
  kind("slang", "slang-oj", "oj", "Orange juice.", [
    { grade: 2, aisles: [A.juice, A.refrigerated], name: ["\\borange juice\\b|\\boj\\b"] },
    { grade: 1, name: ["\\borange juice\\b"] },
  ]),
  kind("slang", "slang-pb", "pb", "Peanut butter.", [
    { grade: 2, aisles: [A.spreads], name: ["\\bpeanut butter\\b|\\bpb\\b"] },
    { grade: 1, name: ["\\bpeanut butter\\b"] },
  ]),
  kind("slang", "slang-mac-n-cheese", "mac n cheese", "Macaroni and cheese.", [
    { grade: 2, name: ["\\bmac(?:aroni)?\\b.*\\bchees"], notName: ["\\bsauce\\b"] },
    { grade: 1, name: ["\\bmac(?:aroni)?\\b"] },
  ]),
  kind("slang", "slang-evoo", "evoo", "Extra virgin olive oil.", [
    { grade: 2, aisles: [A.oilsVinegars], name: ["\\bextra virgin\\b|\\bevoo\\b"] },
    { grade: 1, name: ["\\bolive oil\\b"] },
  ]),
  kind("slang", "slang-coke", "coke", "Coca-Cola.", [
    { grade: 2, aisles: [A.softDrinks], name: ["\\bcoca[- ]cola\\b|\\bcoke\\b"] },
    { grade: 1, aisles: [A.softDrinks], name: ["\\bcola\\b"] },
  ]),
  kind("slang", "slang-tp", "tp", "Toilet paper.", [
    { grade: 2, aisles: [A.paperGoods], name: ["\\btoilet paper\\b|\\bbath tissue\\b|\\btoilet tissue\\b"] },
  ]),
  kind(
    "slang",
    "slang-pop",
    "pop",
    "Soda (regional): every soft drink 2; lollipops and ice pops are other readings (1).",
    [
      { grade: 2, aisles: [A.softDrinks] },
      { grade: 1, name: ["\\bpops?\\b"] },
    ],
  ),
  kind("slang", "slang-mayo", "mayo", "Mayonnaise.", [
    { grade: 2, aisles: [A.condiments], name: ["\\bmayo(?:nnaise)?\\b"] },
    { grade: 1, name: ["\\bmayo(?:nnaise)?\\b"] },
  ]),
  kind("slang", "slang-froyo", "froyo", "Frozen yogurt.", [
    { grade: 2, aisles: [A.iceCream, A.frozenDessert], name: ["\\bfrozen yogh?urt\\b|\\bfro ?yo\\b"] },
    { grade: 1, name: ["\\bfrozen yogh?urt\\b"] },
  ]),
  kind("slang", "slang-garbanzo", "garbanzo beans", "Chickpeas, by their other name.", [
    { grade: 2, name: ["\\bchick ?peas?\\b|\\bgarbanzo"], notName: ["\\bhummus\\b|\\bchips?\\b|\\bpasta\\b"] },
    { grade: 1, name: ["\\bchick ?peas?\\b|\\bgarbanzo"] },
  ]),
  kind("slang", "slang-h2o", "h2o", "Water.", [{ grade: 2, aisles: [A.water] }]),
  kind("slang", "slang-popsicles", "popsicles", "Ice pops (a brand name used for the kind).", [
    {
      grade: 2,
      aisles: [A.frozenDessert, A.iceCream],
      name: ["\\bpops?\\b|\\bpopsicles?\\b|\\bfruit bars?\\b|\\bice bars?\\b"],
    },
  ]),
];

const ABBREVIATIONS: QuerySpec[] = [
  kind("abbreviation", "abbr-gf-bread", "gf bread", "Gluten-free bread.", [
    { grade: 2, name: ["\\bgluten[- ]free\\b|\\bgf\\b", "\\bbread\\b"] },
    { grade: 1, aisles: [A.bread] },
  ]),
  kind("abbreviation", "abbr-org-milk", "org milk", "Organic milk.", [
    { grade: 2, aisles: [A.milk], name: ["\\borganic\\b", "\\bmilk\\b"] },
    { grade: 1, aisles: [A.milk], name: ["\\bmilk\\b"] },
  ]),
  kind("abbreviation", "abbr-choc-milk", "choc milk", "Chocolate milk.", [
    { grade: 2, aisles: [A.milk, A.soyLactoseFree], name: ["\\bchocolate\\b", "\\bmilk\\b"] },
    { grade: 1, aisles: [A.milk] },
  ]),
  kind("abbreviation", "abbr-xl-eggs", "xl eggs", "Extra large eggs.", [
    { grade: 2, aisles: [A.eggs], name: ["\\bextra[- ]large\\b|\\bxl\\b|\\bjumbo\\b"] },
    { grade: 1, aisles: [A.eggs] },
  ]),
  kind("abbreviation", "abbr-lf-yogurt", "lf yogurt", "Low-fat yogurt.", [
    { grade: 2, aisles: [A.yogurt], name: ["\\blow[- ]?fat\\b|\\blowfat\\b|\\bnon[- ]?fat\\b|\\b[0-2]%"] },
    { grade: 1, aisles: [A.yogurt] },
  ]),
  kind("abbreviation", "abbr-vit-c", "vit c", "Vitamin C.", [
    { grade: 2, aisles: [A.vitamins, A.coldFluAllergy], name: ["\\bvitamin c\\b"] },
    { grade: 1, aisles: [A.vitamins] },
  ]),
  kind("abbreviation", "abbr-sf-syrup", "sf syrup", "Sugar-free syrup.", [
    { grade: 2, name: ["\\bsugar[- ]free\\b", "\\bsyrup\\b"] },
    { grade: 1, aisles: [A.honeysSyrups], name: ["\\bsyrup\\b"] },
  ]),
  kind("abbreviation", "abbr-ww-bread", "ww bread", "Whole wheat bread.", [
    { grade: 2, aisles: [A.bread], name: ["\\bwhole wheat\\b|\\b100% whole\\b"] },
    { grade: 1, aisles: [A.bread] },
  ]),
  kind("abbreviation", "abbr-bbq-chips", "bbq chips", "Barbecue potato chips.", [
    { grade: 2, aisles: [A.chipsPretzels], name: ["\\bbbq\\b|\\bbar-?b-?q\\b|\\bbarbe(?:c|qu)ue\\b"] },
    { grade: 1, aisles: [A.chipsPretzels], name: ["\\bchips?\\b"] },
  ]),
  kind("abbreviation", "abbr-pb-cups", "pb cups", "Peanut butter cups.", [
    { grade: 2, name: ["\\bpeanut butter cups?\\b"] },
    { grade: 1, aisles: [A.candyChocolate], name: ["\\bpeanut butter\\b"] },
  ]),
  kind("abbreviation", "abbr-choc-chip-cookies", "choc chip cookies", "Chocolate chip cookies.", [
    {
      grade: 2,
      aisles: [A.cookiesCakes, A.bakeryDesserts],
      name: ["\\bchocolate chip\\b|\\bchoc(?:olate)? chip\\b", "\\bcook(?:ie|y)s?\\b"],
    },
    { grade: 1, name: ["\\bchocolate chip cook"] },
  ]),
  kind("abbreviation", "abbr-bbq-sauce", "bbq sauce", "Barbecue sauce.", [
    { grade: 2, aisles: [A.condiments], name: ["\\bbbq\\b|\\bbarbe(?:c|qu)ue\\b", "\\bsauce\\b"] },
    { grade: 1, name: ["\\bbbq\\b|\\bbarbe(?:c|qu)ue\\b", "\\bsauce\\b"] },
  ]),
];

const INTENTS: QuerySpec[] = [
  kind("intent", "intent-movie-night", "movie night", "Popcorn, candy and chips (2); soft drinks and ice cream (1).", [
    { grade: 2, aisles: [A.popcornJerky], name: ["\\bpopcorn\\b"] },
    { grade: 2, aisles: [A.candyChocolate, A.chipsPretzels] },
    { grade: 1, aisles: [A.softDrinks, A.iceCream] },
  ]),
  kind(
    "intent",
    "intent-game-day-snacks",
    "game day snacks",
    "Chips, dips, wings and other party appetizers (2); beer, soda, nuts and popcorn (1).",
    [
      { grade: 2, aisles: [A.chipsPretzels, A.preservedDips, A.freshDips, A.frozenAppetizers] },
      { grade: 1, aisles: [A.beersCoolers, A.softDrinks, A.popcornJerky, A.nutsSeedsDriedFruit] },
    ],
  ),
  kind(
    "intent",
    "intent-taco-night",
    "taco night",
    "Taco shells and tortillas, taco seasoning, salsa (2); Mexican cheese, refried beans and other Latino foods (1).",
    [
      { grade: 2, name: ["\\btacos?\\b"] },
      { grade: 2, aisles: [A.tortillas] },
      { grade: 2, aisles: [A.preservedDips, A.freshDips], name: ["\\bsalsa\\b"] },
      { grade: 1, aisles: [A.latinoFoods] },
      { grade: 1, name: ["\\bmexican\\b|\\brefried\\b|\\bguacamole\\b"] },
    ],
  ),
  kind(
    "intent",
    "intent-breakfast",
    "breakfast",
    "Cereal, breakfast bakery, frozen breakfast, hot cereal and pancake mixes (2); eggs and breakfast bars (1).",
    [
      { grade: 2, aisles: [A.cereal, A.breakfastBakery, A.frozenBreakfast, A.hotCerealPancake] },
      { grade: 1, aisles: [A.eggs, A.breakfastBars] },
      { grade: 1, name: ["\\bbreakfast\\b"] },
    ],
  ),
  kind("intent", "intent-baking", "baking", "Baking ingredients and bake mixes (2).", [
    { grade: 2, aisles: [A.bakingIngredients, A.doughsBakeMixes] },
    { grade: 1, name: ["\\bbaking\\b"] },
  ]),
  kind(
    "intent",
    "intent-cookout",
    "cookout",
    "Hot dogs, sausages, burgers and buns, barbecue sauce (2); meat counter and chips (1).",
    [
      { grade: 2, aisles: [A.hotDogsBaconSausage, A.bunsRolls] },
      { grade: 2, aisles: [A.condiments], name: ["\\bbbq\\b|\\bbarbe(?:c|qu)ue\\b|\\bketchup\\b|\\bmustard\\b"] },
      { grade: 1, aisles: [A.meatCounter, A.chipsPretzels] },
    ],
  ),
  kind("intent", "intent-sick-day", "sick day", "Cold and flu remedies, soup (2); tea and juice (1).", [
    { grade: 2, aisles: [A.coldFluAllergy, A.soupBroth] },
    { grade: 1, aisles: [A.tea, A.juice] },
  ]),
  kind(
    "intent",
    "intent-new-baby",
    "new baby",
    "Diapers and wipes, baby food and formula, baby bath and body care (2).",
    [
      { grade: 2, aisles: [A.diapersWipes, A.babyFood, A.babyBathBody] },
      { grade: 1, name: ["\\bbaby\\b"] },
    ],
  ),
  kind("intent", "intent-wine-and-cheese", "wine and cheese night", "Wine and specialty cheese (2); crackers (1).", [
    { grade: 2, aisles: [A.redWines, A.whiteWines, A.specialtyWines, A.specialtyCheeses] },
    { grade: 1, aisles: [A.crackers, A.packagedCheese] },
  ]),
  kind(
    "intent",
    "intent-lunchbox",
    "school lunch snacks",
    "Fruit and vegetable snacks, granola bars, crackers (2); lunch meat, cookies (1).",
    [
      { grade: 2, aisles: [A.fruitVegetableSnacks, A.energyGranolaBars, A.crackers] },
      { grade: 1, aisles: [A.lunchMeat, A.cookiesCakes, A.chipsPretzels] },
    ],
  ),
];

const DIETARY: QuerySpec[] = [
  kind(
    "dietary",
    "diet-vegan-protein",
    "vegan protein",
    "Plant protein powders, bars and meat alternatives (2); any protein product (1).",
    [
      { grade: 2, name: ["\\bvegan\\b|\\bplant\\b|\\bpea protein\\b", "\\bprotein\\b"] },
      { grade: 2, aisles: [A.tofuMeatAlternatives] },
      { grade: 1, aisles: [A.proteinMealReplacements] },
    ],
  ),
  kind(
    "dietary",
    "diet-gluten-free-snacks",
    "gluten free snacks",
    "Gluten-free products of the snack aisles (2); gluten-free elsewhere (1).",
    [
      { grade: 2, aisles: SNACK_AISLES, name: ["\\bgluten[- ]free\\b"] },
      { grade: 1, name: ["\\bgluten[- ]free\\b"] },
    ],
  ),
  kind("dietary", "diet-dairy-free-yogurt", "dairy free yogurt", "Non-dairy yogurts (2); any yogurt (1).", [
    {
      grade: 2,
      aisles: [A.yogurt, A.soyLactoseFree],
      name: [
        "\\bdairy[- ]free\\b|\\bnon[- ]?dairy\\b|\\balmond\\b|\\bcoconut\\b|\\bsoy\\b|\\bcashew\\b|\\boat\\b",
        "\\byogh?urt\\b",
      ],
    },
    { grade: 1, aisles: [A.yogurt] },
  ]),
  kind("dietary", "diet-kosher", "kosher", "Products named kosher, or in the kosher foods aisle (2).", [
    { grade: 2, name: ["\\bkosher\\b"] },
    { grade: 2, aisles: [A.kosherFoods] },
  ]),
  kind("dietary", "diet-paleo", "paleo", "Products named paleo (2).", [{ grade: 2, name: ["\\bpaleo\\b"] }]),
  kind(
    "dietary",
    "diet-sugar-free-candy",
    "sugar free candy",
    "Sugar-free candy and chocolate (2); sugar-free gum and mints, any candy (1).",
    [
      { grade: 2, aisles: [A.candyChocolate], name: ["\\bsugar[- ]free\\b|\\bno sugar\\b"] },
      { grade: 1, aisles: [A.mintGum], name: ["\\bsugar[- ]free\\b"] },
      { grade: 1, aisles: [A.candyChocolate] },
    ],
  ),
  kind("dietary", "diet-plant-milk", "plant based milk", "Almond, soy, oat, coconut, rice and other plant milks (2).", [
    {
      grade: 2,
      aisles: [A.soyLactoseFree, A.milk],
      name: [
        "\\balmond\\b|\\bsoy\\b|\\boat\\b|\\bcoconut\\b|\\brice\\b|\\bcashew\\b|\\bhemp\\b|\\bplant\\b",
        "\\bmilk\\b|\\bbeverage\\b|\\bdrink\\b",
      ],
    },
    { grade: 1, aisles: [A.soyLactoseFree] },
  ]),
  kind("dietary", "diet-low-carb", "low carb", "Products named low carb (2); keto-friendly by name (2).", [
    { grade: 2, name: ["\\blow[- ]carb\\b|\\bketo\\b|\\bnet carbs?\\b"] },
  ]),
  kind(
    "dietary",
    "diet-nut-free",
    "nut free snacks",
    "Snacks named nut-free or peanut-free (2); snacks of the snack aisles without nuts in the name (1).",
    [
      { grade: 2, name: ["\\bnut[- ]free\\b|\\bpeanut[- ]free\\b|\\ballergy[- ]friendly\\b"] },
      {
        grade: 1,
        aisles: [A.fruitVegetableSnacks, A.crackers],
        notName: ["\\bnuts?\\b|\\bpeanut|\\balmond|\\bcashew|\\bpecan|\\bwalnut|\\bhazelnut"],
      },
    ],
  ),
  kind(
    "dietary",
    "diet-lactose-free",
    "lactose free",
    "Products named lactose-free (2); the soy and lactose-free aisle (1).",
    [
      { grade: 2, name: ["\\blactose[- ]free\\b"] },
      { grade: 1, aisles: [A.soyLactoseFree] },
    ],
  ),
];

const MORE_BRANDS: QuerySpec[] = [
  brand("clif", "clif bar", "\\bclif\\b", { grade: 1, aisles: [A.energyGranolaBars] }),
  brand("barilla", "barilla pasta", "\\bbarilla\\b", { grade: 1, aisles: [A.dryPasta] }),
  brand("pillsbury", "pillsbury", "\\bpillsbury\\b", { grade: 1, aisles: [A.doughsBakeMixes] }),
  brand("arm-and-hammer", "arm & hammer", "\\barm (?:&|and) hammer\\b", { grade: 1, name: ["\\bbaking soda\\b"] }),
  brand("bounty", "bounty", "\\bbounty\\b", { grade: 1, aisles: [A.paperGoods], name: ["\\bpaper towels?\\b"] }),
  brand("charmin", "charmin", "\\bcharmin\\b", {
    grade: 1,
    aisles: [A.paperGoods],
    name: ["\\btoilet paper\\b|\\bbath tissue\\b"],
  }),
  brand("smartfood", "smartfood popcorn", "\\bsmartfood\\b", {
    grade: 1,
    aisles: [A.popcornJerky],
    name: ["\\bpopcorn\\b"],
  }),
];

const MORE_AMBIGUOUS: QuerySpec[] = [
  ambiguous("stock", "stock", "Soup stock and broth (2); anything else named stock (1).", [
    { grade: 2, aisles: [A.soupBroth], name: ["\\bstock\\b|\\bbroth\\b"] },
    { grade: 1, name: ["\\bstock\\b"] },
  ]),
  ambiguous("lime", "lime", "Fresh limes (2); lime juice and lime-flavoured items (1).", [
    { grade: 2, aisles: [A.freshFruits, A.packagedVegetablesFruits], name: ["\\blimes?\\b"] },
    { grade: 1, name: ["\\blimes?\\b"] },
  ]),
  ambiguous("apple", "apple", "Fresh apples (2); apple juice, apple sauce, apple-flavoured items (1).", [
    { grade: 2, aisles: [A.freshFruits, A.packagedVegetablesFruits], name: ["\\bapples?\\b"] },
    { grade: 1, name: ["\\bapples?\\b"] },
  ]),
  ambiguous("chicken", "chicken", "Chicken meat (2); chicken soup, broth and chicken-flavoured foods (1).", [
    { grade: 2, aisles: [A.poultryCounter, A.packagedPoultry, A.frozenMeatSeafood], name: ["\\bchicken\\b"] },
    { grade: 1, name: ["\\bchicken\\b"] },
  ]),
  ambiguous("tea", "tea", "Tea to brew (2); iced tea drinks and tea-scented items (1).", [
    { grade: 2, aisles: [A.tea] },
    { grade: 1, name: ["\\btea\\b"] },
  ]),
];

/** Misspellings of other queries, with the labels of the query they misspell. */
const MISSPELLINGS: Array<[string, string]> = [
  ["bananna", "banana"],
  ["strawbery", "strawberries"],
  ["avacado", "avocado"],
  ["brocoli", "broccoli"],
  ["tomatos", "tomatoes"],
  ["spinnach", "spinach"],
  ["mozarella", "mozzarella"],
  ["spagetti", "spaghetti"],
  ["cheddder cheese", "cheddar"],
  ["tortila", "tortillas"],
  ["toothpast", "toothpaste"],
  ["humus", "hummus"],
  ["mayonaise", "mayonnaise"],
  ["cerael", "cereal"],
  ["pretzles", "pretzels"],
  ["granloa", "granola"],
  ["cucmber", "cucumber"],
  ["shampo", "shampoo"],
];

/** Every query spec, in a fixed order (product types, aisles, brands, attributes, ambiguous, slang, abbreviations, intents, dietary, misspelled). */
export function querySpecs(): QuerySpec[] {
  const base = [
    ...PRODUCT_TYPES,
    ...AISLES,
    ...BRANDS,
    ...MORE_BRANDS,
    ...ATTRIBUTES,
    ...AMBIGUOUS,
    ...MORE_AMBIGUOUS,
    ...SLANG,
    ...ABBREVIATIONS,
    ...INTENTS,
    ...DIETARY,
  ];
  const byId = new Map(base.map((spec) => [spec.id, spec]));
  const misspelled = MISSPELLINGS.map(([query, of]): QuerySpec => {
    const original = byId.get(of);
    if (!original) throw new Error(`misspelling "${query}" refers to unknown query ${of}`);
    return {
      id: `misspelled-${of}`,
      query,
      kind: "misspelled" satisfies QueryKind,
      note: `Misspelling of "${original.query}"; same labels.`,
      rules: original.rules,
    };
  });
  const all = [...base, ...misspelled];
  const ids = new Set<string>();
  for (const spec of all) {
    if (ids.has(spec.id)) throw new Error(`duplicate query id ${spec.id}`);
    ids.add(spec.id);
  }
  return all;
}

/** Fewest grade-2 products a query must have in the catalog to be kept (otherwise the generator fails). */
export const MIN_GRADE2 = 1;

/**
 * Expands the specs against a catalog: per query the grade counts and the aisles holding its relevant
 * products. Deterministic (same catalog → byte-identical JSON). Throws when a query selects no grade-2 product.
 */
export function generateQuerySet(catalog: InstacartCatalog, specs: readonly QuerySpec[] = querySpecs()): QuerySet {
  const queries = specs.map((spec): LabelledQuery => {
    const grades = gradeCatalog(spec, catalog.products);
    const aisles2 = new Set<number>();
    const aisles1 = new Set<number>();
    let grade2 = 0;
    let grade1 = 0;
    for (const product of catalog.products) {
      const grade = grades.get(product.productId);
      if (grade === 2) {
        grade2 += 1;
        aisles2.add(product.aisleId);
      } else if (grade === 1) {
        grade1 += 1;
        aisles1.add(product.aisleId);
      }
    }
    if (grade2 < MIN_GRADE2)
      throw new Error(`query ${spec.id} ("${spec.query}") has no grade-2 product in this catalog; fix its rules`);
    const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);
    return {
      ...spec,
      counts: { grade2, grade1 },
      relevantAisles: { grade2: ascending(aisles2), grade1: ascending(aisles1).filter((id) => !aisles2.has(id)) },
    };
  });
  return {
    name: "instacart-search-relevance",
    generatedBy: "npm run eval -- search-queries --data DIR (eval/search/query-set.generator.ts)",
    catalog: { products: catalog.products.length, aisles: catalog.aisles.size, departments: catalog.departments.size },
    grading:
      "Graded 0-2 by hand-written rules over aisle ids and product-name patterns (see query-set.generator.ts): 2 = what the query asks for, 1 = related or a secondary reading, 0 = not relevant. NDCG gain 2^g - 1.",
    queries,
  };
}

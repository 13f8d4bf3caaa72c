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
 * Patterns are case-insensitive regular expressions on the product name; `\b` marks word boundaries.
 */

/** Aisle ids of aisles.csv used below, by name. */
const A = {
  preparedSoupsSalads: 1, specialtyCheeses: 2, energyGranolaBars: 3, instantFoods: 4, packagedMeat: 7, bakeryDesserts: 8, pastaSauce: 9,
  coldFluAllergy: 11, freshPasta: 12, preparedMeals: 13, tofuMeatAlternatives: 14, packagedSeafood: 15, freshHerbs: 16, bakingIngredients: 17,
  oilsVinegars: 19, oralHygiene: 20, packagedCheese: 21, hairCare: 22, popcornJerky: 23, freshFruits: 24, soap: 25, coffee: 26, beersCoolers: 27,
  redWines: 28, honeysSyrups: 29, latinoFoods: 30, refrigerated: 31, packagedProduce: 32, kosherFoods: 33, frozenMeatSeafood: 34, poultryCounter: 35,
  butter: 36, iceCream: 37, frozenMeals: 38, seafoodCounter: 39, dogFood: 40, catFood: 41, frozenVegan: 42, bunsRolls: 43, candyChocolate: 45,
  mintGum: 46, vitamins: 47, breakfastBars: 48, packagedPoultry: 49, fruitVegetableSnacks: 50, preservedDips: 51, frozenBreakfast: 52, cream: 53,
  paperGoods: 54, diapersWipes: 56, granola: 57, frozenBreads: 58, cannedMeals: 59, trashBags: 60, cookiesCakes: 61, whiteWines: 62,
  grainsRice: 63, energySportsDrinks: 64, proteinMealReplacements: 65, asianFoods: 66, freshDips: 67, bulkGrains: 68, soupBroth: 69,
  refrigeratedPudding: 71, condiments: 72, dishDetergents: 74, laundry: 75, indianFoods: 76, softDrinks: 77, crackers: 78, frozenPizza: 79,
  deodorants: 80, cannedVegetables: 81, freshVegetables: 83, milk: 84, eggs: 86, spreads: 88, saladDressing: 89, soyLactoseFree: 91,
  babyFood: 92, breakfastBakery: 93, tea: 94, cannedMeatSeafood: 95, lunchMeat: 96, juice: 98, cannedFruit: 99, babyBathBody: 102,
  spices: 104, doughsBakeMixes: 105, hotDogsBaconSausage: 106, chipsPretzels: 107, otherCreamsCheeses: 108, pickledGoods: 110, bread: 112,
  cleaningProducts: 114, water: 115, frozenProduce: 116, nutsSeedsDriedFruit: 117, firstAid: 118, frozenDessert: 119, yogurt: 120, cereal: 121,
  meatCounter: 122, packagedVegetablesFruits: 123, spirits: 124, trailMix: 125, feminineCare: 126, bodyLotionsSoap: 127, tortillas: 128,
  frozenAppetizers: 129, hotCerealPancake: 130, dryPasta: 131, painRelief: 133, specialtyWines: 134,
} as const;

/** `\bword\b`, with an optional plural ending when `plural` is given ("s", "es"). */
function w(word: string, plural = ""): string {
  return plural ? `\\b${word}(?:${plural})?\\b` : `\\b${word}\\b`;
}

/** product-type: 2 = named and in `aisles`; 1 = named anywhere else. */
function productType(id: string, query: string, pattern: string, aisles: readonly number[], extra: readonly LabelRule[] = []): QuerySpec {
  return { id, query, kind: "product-type", rules: [{ grade: 2, aisles, name: [pattern] }, { grade: 1, name: [pattern] }, ...extra] };
}

/** aisle: 2 = whole aisle(s); 1 = named like it (optional pattern) elsewhere. */
function aisle(id: string, query: string, aisles: readonly number[], pattern?: string): QuerySpec {
  return { id, query, kind: "aisle", rules: [{ grade: 2, aisles }, ...(pattern ? [{ grade: 1 as const, name: [pattern] }] : [])] };
}

/** brand: 2 = brand in the name (optionally only in `aisles`); 1 = `family` rule (same kind of product). */
function brand(id: string, query: string, pattern: string, family?: LabelRule, aisles?: readonly number[]): QuerySpec {
  return { id, query, kind: "brand", rules: [{ grade: 2, name: [pattern], ...(aisles ? { aisles } : {}) }, ...(family ? [family] : [])] };
}

/** attribute: 2 = attribute and base both match (base by name and/or aisle); 1 = base without the attribute. */
function attribute(id: string, query: string, attributePattern: string, base: { name?: string; aisles?: readonly number[] }): QuerySpec {
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
  productType("strawberries", "strawberries", "\\bstrawberr(?:y|ies)\\b", [A.freshFruits, A.packagedVegetablesFruits, A.frozenProduce]),
  productType("avocado", "avocado", w("avocado", "s"), [A.freshFruits, A.freshVegetables, A.packagedVegetablesFruits]),
  productType("lemons", "lemons", w("lemon", "s"), [A.freshFruits]),
  productType("blueberries", "blueberries", "\\bblueberr(?:y|ies)\\b", [A.freshFruits, A.packagedVegetablesFruits, A.frozenProduce]),
  productType("grapes", "grapes", w("grape", "s"), [A.freshFruits, A.packagedVegetablesFruits]),
  productType("tomatoes", "tomatoes", w("tomato", "es"), [A.freshVegetables, A.packagedVegetablesFruits, A.cannedVegetables]),
  productType("potatoes", "potatoes", w("potato", "es"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("onion", "onion", w("onion", "s"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("garlic", "garlic", w("garlic"), [A.freshVegetables, A.packagedVegetablesFruits, A.spices]),
  productType("spinach", "spinach", w("spinach"), [A.freshVegetables, A.packagedVegetablesFruits, A.frozenProduce]),
  productType("broccoli", "broccoli", w("broccoli"), [A.freshVegetables, A.packagedVegetablesFruits, A.frozenProduce]),
  productType("carrots", "carrots", w("carrot", "s"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("cucumber", "cucumber", w("cucumber", "s"), [A.freshVegetables, A.packagedVegetablesFruits]),
  productType("cilantro", "cilantro", w("cilantro"), [A.freshHerbs, A.freshVegetables]),
  productType("greek-yogurt", "greek yogurt", "\\bgreek\\b.*\\byogh?urt\\b|\\byogh?urt\\b.*\\bgreek\\b", [A.yogurt], [{ grade: 1, aisles: [A.yogurt] }]),
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
  productType("rice", "rice", w("rice"), [A.grainsRice, A.bulkGrains, A.instantFoods], [{ grade: 1, aisles: [A.grainsRice] }]),
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
  productType("chicken-breast", "chicken breast", "\\bchicken breast", [A.poultryCounter, A.packagedPoultry, A.frozenMeatSeafood]),
  productType("ground-beef", "ground beef", "\\bground beef\\b", [A.meatCounter, A.packagedMeat, A.frozenMeatSeafood]),
  productType("bacon", "bacon", w("bacon"), [A.hotDogsBaconSausage]),
  productType("salmon", "salmon", w("salmon"), [A.seafoodCounter, A.packagedSeafood, A.frozenMeatSeafood, A.cannedMeatSeafood]),
  productType("shrimp", "shrimp", w("shrimp"), [A.seafoodCounter, A.packagedSeafood, A.frozenMeatSeafood]),
  productType("tofu", "tofu", w("tofu"), [A.tofuMeatAlternatives]),
  productType("hummus", "hummus", w("hummus"), [A.freshDips, A.preservedDips]),
  productType("salsa", "salsa", w("salsa"), [A.preservedDips, A.freshDips, A.latinoFoods]),
  productType("ketchup", "ketchup", w("ketchup"), [A.condiments]),
  productType("mayonnaise", "mayonnaise", "\\bmayo(?:nnaise)?\\b", [A.condiments]),
  productType("toilet-paper", "toilet paper", "\\btoilet paper\\b|\\bbath tissue\\b", [A.paperGoods]),
  productType("paper-towels", "paper towels", "\\bpaper towels?\\b", [A.paperGoods]),
  productType("dish-soap", "dish soap", "\\bdish\\b", [A.dishDetergents], [{ grade: 1, aisles: [A.dishDetergents] }]),
  productType("laundry-detergent", "laundry detergent", w("detergent", "s"), [A.laundry], [{ grade: 1, aisles: [A.laundry] }]),
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
  brand("cheerios", "cheerios", w("cheerios"), { grade: 1, aisles: [A.cereal], name: ["\\bo'?s\\b|\\btoasted oats?\\b"] }),
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
  brand("coca-cola", "coca cola", "\\bcoca[- ]cola\\b|\\bcoke\\b", { grade: 1, aisles: [A.softDrinks], name: ["\\bcola\\b"] }),
  brand("pepsi", "pepsi", "\\bpepsi\\b", { grade: 1, aisles: [A.softDrinks], name: ["\\bcola\\b"] }),
  brand("cheetos", "cheetos", "\\bcheetos\\b"),
  brand("doritos", "doritos", "\\bdoritos\\b", { grade: 1, aisles: [A.chipsPretzels], name: ["\\btortilla chips\\b"] }),
  brand("annies", "annie's", "\\bannie'?s\\b", { grade: 1, name: ["\\bmac(?:aroni)? (?:&|and) cheese\\b"] }),
  brand("almond-breeze", "almond breeze", "\\balmond breeze\\b", { grade: 1, name: ["\\balmond ?milk\\b"] }),
  brand("quest", "quest bar", "\\bquest\\b", { grade: 1, name: ["\\bprotein bars?\\b"] }),
  brand("happy-baby", "happy baby", "\\bhappy ?baby\\b", { grade: 1, aisles: [A.babyFood] }),
  brand("nutella", "nutella", "\\bnutella\\b", { grade: 1, name: ["\\bhazelnut spread\\b"] }),
  brand("kettle-brand", "kettle chips", "\\bkettle\\b", { grade: 1, aisles: [A.chipsPretzels], name: ["\\bchips?\\b"] }, [A.chipsPretzels]),
  brand("tostitos", "tostitos", "\\btostitos\\b", { grade: 1, name: ["\\btortilla chips\\b"] }),
  {
    id: "ben-and-jerrys",
    query: "ben & jerry's",
    kind: "brand",
    note: "Brand absent from Instacart product names: graded by what the brand sells (ice cream pints).",
    rules: [{ grade: 2, aisles: [A.iceCream], name: ["\\bice cream\\b"] }, { grade: 1, aisles: [A.iceCream, A.frozenDessert] }],
  },
];

const ATTRIBUTES: QuerySpec[] = [
  attribute("gluten-free-pasta", "gluten free pasta", "\\bgluten[- ]free\\b", { aisles: [A.dryPasta, A.freshPasta] }),
  attribute("organic-milk", "organic milk", "\\borganic\\b", { name: w("milk"), aisles: [A.milk] }),
  attribute("organic-bananas", "organic bananas", "\\borganic\\b", { name: w("banana", "s"), aisles: [A.freshFruits] }),
  attribute("lactose-free-milk", "lactose free milk", "\\blactose[- ]free\\b", { name: w("milk"), aisles: [A.milk, A.soyLactoseFree] }),
  attribute("sugar-free-gum", "sugar free gum", "\\bsugar[- ]free\\b", { aisles: [A.mintGum] }),
  attribute("vegan-cheese", "vegan cheese", "\\bvegan\\b|\\bdairy[- ]free\\b|\\bplant[- ]based\\b", { name: "\\bchees", aisles: [A.packagedCheese, A.specialtyCheeses, A.tofuMeatAlternatives, A.otherCreamsCheeses] }),
  attribute("nonfat-greek-yogurt", "nonfat greek yogurt", "\\bnon[- ]?fat\\b|\\b0%", { name: "\\bgreek\\b", aisles: [A.yogurt] }),
  attribute("whole-wheat-bread", "whole wheat bread", "\\bwhole wheat\\b", { aisles: [A.bread] }),
  attribute("low-sodium-soup", "low sodium soup", "\\blow sodium\\b|\\breduced sodium\\b|\\bno salt\\b", { aisles: [A.soupBroth] }),
  attribute("organic-eggs", "organic eggs", "\\borganic\\b", { aisles: [A.eggs], name: w("egg", "s") }),
  attribute("gluten-free-bread", "gluten free bread", "\\bgluten[- ]free\\b", { name: w("bread") }),
  attribute("unsweetened-almond-milk", "unsweetened almond milk", "\\bunsweetened\\b", { name: "\\balmond ?milk\\b" }),
  attribute("decaf-coffee", "decaf coffee", "\\bdecaf", { aisles: [A.coffee] }),
  attribute("organic-baby-food", "organic baby food", "\\borganic\\b", { aisles: [A.babyFood] }),
  attribute("grass-fed-beef", "grass fed beef", "\\bgrass[- ]fed\\b", { name: w("beef") }),
  attribute("whole-milk", "whole milk", "\\bwhole\\b", { aisles: [A.milk], name: w("milk") }),
  attribute("vegan-ice-cream", "vegan ice cream", "\\bvegan\\b|\\bdairy[- ]free\\b|\\bnon[- ]dairy\\b", { aisles: [A.iceCream, A.frozenDessert] }),
  attribute("organic-spinach", "organic spinach", "\\borganic\\b", { name: w("spinach"), aisles: [A.freshVegetables, A.packagedVegetablesFruits, A.frozenProduce] }),
  attribute("gluten-free-crackers", "gluten free crackers", "\\bgluten[- ]free\\b", { aisles: [A.crackers] }),
  attribute("low-fat-yogurt", "low fat yogurt", "\\blow[- ]?fat\\b|\\blowfat\\b", { aisles: [A.yogurt] }),
  attribute("sugar-free-syrup", "sugar free syrup", "\\bsugar[- ]free\\b", { name: w("syrup") }),
  attribute("caffeine-free-soda", "caffeine free soda", "\\bcaffeine[- ]free\\b", { aisles: [A.softDrinks] }),
  attribute("diet-soda", "diet soda", "\\bdiet\\b|\\bzero\\b", { aisles: [A.softDrinks] }),
  attribute("organic-chicken", "organic chicken", "\\borganic\\b", { name: w("chicken"), aisles: [A.poultryCounter, A.packagedPoultry, A.frozenMeatSeafood] }),
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
  ambiguous("ragu", "ragu", "Ragú is a sauce brand absent from Instacart names, and ragù is a meat sauce: meat/bolognese pasta sauces (2), any pasta sauce (1).", [
    { grade: 2, aisles: [A.pastaSauce], name: ["\\bbolognese\\b|\\bmeat\\b|\\bragu\\b"] },
    { grade: 1, aisles: [A.pastaSauce] },
  ]),
  ambiguous("dove", "dove", "Dove soap and body care, or Dove chocolate: both readings 2.", [
    { grade: 2, name: ["\\bdove\\b"], aisles: [A.soap, A.bodyLotionsSoap, A.deodorants, A.hairCare, A.candyChocolate, A.iceCream] },
    { grade: 1, name: ["\\bdove\\b"] },
  ]),
  ambiguous("monster", "monster", "Monster energy drinks (2); monster cookies and others (1).", [
    { grade: 2, aisles: [A.energySportsDrinks], name: ["\\bmonster\\b"] },
    { grade: 1, name: ["\\bmonster\\b"] },
  ]),
  ambiguous("honest", "honest", "Honest Company (baby, household) or Honest Tea/Kids drinks: every Honest product 2.", [{ grade: 2, name: ["\\bhonest\\b"] }]),
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

/** Every query spec, in a fixed order (product types, aisles, brands, attributes, ambiguous, misspelled). */
export function querySpecs(): QuerySpec[] {
  const base = [...PRODUCT_TYPES, ...AISLES, ...BRANDS, ...ATTRIBUTES, ...AMBIGUOUS];
  const byId = new Map(base.map((spec) => [spec.id, spec]));
  const misspelled = MISSPELLINGS.map(([query, of]): QuerySpec => {
    const original = byId.get(of);
    if (!original) throw new Error(`misspelling "${query}" refers to unknown query ${of}`);
    return { id: `misspelled-${of}`, query, kind: "misspelled" satisfies QueryKind, note: `Misspelling of "${original.query}"; same labels.`, rules: original.rules };
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
    if (grade2 < MIN_GRADE2) throw new Error(`query ${spec.id} ("${spec.query}") has no grade-2 product in this catalog; fix its rules`);
    const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);
    return {
      ...spec,
      counts: { grade2, grade1 },
      relevantAisles: { grade2: ascending(aisles2), grade1: ascending(aisles1).filter((id) => !aisles2.has(id)) },
    };
  });
  return {
    name: "instacart-search-relevance",
    generatedBy: "npm run eval -- search-queries --data DIR (ml/search-eval/query-set.generator.ts)",
    catalog: { products: catalog.products.length, aisles: catalog.aisles.size, departments: catalog.departments.size },
    grading:
      "Graded 0-2 by hand-written rules over aisle ids and product-name patterns (see query-set.generator.ts): 2 = what the query asks for, 1 = related or a secondary reading, 0 = not relevant. NDCG gain 2^g - 1.",
    queries,
  };
}

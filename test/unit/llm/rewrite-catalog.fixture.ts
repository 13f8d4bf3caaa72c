import type { ContextCategory, ContextItem } from "../../../core/llm/context-narrowing";
import type { RewriteShopper } from "../../../plugins/query-rewrite/rewrite-shopper";
import type { Vertical } from "../../../core/documents/vertical";

function category(id: string, name: string, vertical: Vertical, path: string[]): ContextCategory {
  return {
    id,
    name,
    vertical,
    parentId: path.length > 1 ? path[path.length - 2]! : null,
    path,
    depth: path.length - 1,
  };
}

/** GROCERY › Pantry › (Pasta Sauce, Dry Pasta), Produce › Fresh Fruit; ALCOHOL › Wine › Red Wine; RESTAURANT › Italian, Thai. */
export const CATEGORIES: ContextCategory[] = [
  category("grocery", "Grocery", "GROCERY", ["grocery"]),
  category("pantry", "Pantry", "GROCERY", ["grocery", "pantry"]),
  category("pasta-sauce", "Pasta Sauce", "GROCERY", ["grocery", "pantry", "pasta-sauce"]),
  category("dry-pasta", "Dry Pasta", "GROCERY", ["grocery", "pantry", "dry-pasta"]),
  category("produce", "Produce", "GROCERY", ["grocery", "produce"]),
  category("fruit", "Fresh Fruit", "GROCERY", ["grocery", "produce", "fruit"]),
  category("alcohol", "Alcohol", "ALCOHOL", ["alcohol"]),
  category("wine", "Wine", "ALCOHOL", ["alcohol", "wine"]),
  category("red-wine", "Red Wine", "ALCOHOL", ["alcohol", "wine", "red-wine"]),
  category("restaurant", "Restaurants", "RESTAURANT", ["restaurant"]),
  category("restaurant-italian", "Italian", "RESTAURANT", ["restaurant", "restaurant-italian"]),
  category("restaurant-thai", "Thai", "RESTAURANT", ["restaurant", "restaurant-thai"]),
];

function item(id: string, name: string, categoryPath: string[], extra: Partial<ContextItem> = {}): ContextItem {
  const vertical = CATEGORIES.find((c) => c.id === categoryPath[0])!.vertical;
  return { id, name, vertical, categoryId: categoryPath[categoryPath.length - 1]!, categoryPath, tags: [], ...extra };
}

const SAUCE = ["grocery", "pantry", "pasta-sauce"];
const ITALIAN = ["restaurant", "restaurant-italian"];

/** Products and dishes; "ragu" is a brand, a sauce aisle word and a dish word. */
export const ITEMS: ContextItem[] = [
  item("p-ragu-traditional", "Ragu Traditional Pasta Sauce", SAUCE, { brand: "Ragu", tags: ["vegetarian"] }),
  item("p-ragu-chunky", "Ragu Chunky Tomato Garlic & Onion", SAUCE, { brand: "Ragu", tags: ["vegan"] }),
  item("p-ragu-alfredo", "Ragu Classic Alfredo Sauce", SAUCE, { brand: "Ragu", tags: ["vegetarian"] }),
  item("p-barilla-bolognese", "Barilla Bolognese Ragù Sauce", SAUCE, { brand: "Barilla" }),
  item("p-raos", "Rao's Marinara Sauce", SAUCE, { brand: "Rao's", tags: ["vegan"] }),
  item("p-spaghetti", "Spaghetti No. 5", ["grocery", "pantry", "dry-pasta"], { brand: "Barilla", tags: ["vegan"] }),
  item("p-banana", "Bananas", ["grocery", "produce", "fruit"], { tags: ["vegan"] }),
  item("p-chianti", "Chianti Classico", ["alcohol", "wine", "red-wine"], { brand: "Ruffino" }),
  item("d-tagliatelle", "Tagliatelle al Ragù", ITALIAN, { merchantId: "m-trattoria", cuisines: ["italian"] }),
  item("d-pappardelle", "Pappardelle Wild Boar Ragù", ITALIAN, { merchantId: "m-trattoria", cuisines: ["italian"] }),
  item("d-lentil-lasagna", "Vegan Lentil Ragù Lasagna", ITALIAN, {
    merchantId: "m-osteria",
    cuisines: ["italian"],
    tags: ["vegan"],
  }),
  item("d-pad-thai", "Pad Thai with Tofu", ["restaurant", "restaurant-thai"], {
    merchantId: "m-thai",
    cuisines: ["thai"],
    tags: ["vegan"],
  }),
];

/** Orders restaurants most of the time, Italian above all. */
export const RESTAURANT_REGULAR: RewriteShopper = {
  verticalAffinity: { RESTAURANT: 0.8, GROCERY: 0.2 },
  brandAffinity: {},
  cuisineAffinity: { italian: 0.6 },
  dietary: [],
};

/** Buys groceries, likes the Ragu brand. */
export const GROCERY_REGULAR: RewriteShopper = {
  verticalAffinity: { GROCERY: 0.9, RESTAURANT: 0.1 },
  brandAffinity: { Ragu: 0.3 },
  cuisineAffinity: {},
  dietary: [],
};

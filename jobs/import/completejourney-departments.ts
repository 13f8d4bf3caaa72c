import type { Vertical } from "../../core/documents/vertical";

/**
 * Where a Complete Journey product goes: its vertical, or why it is not a catalog product. The store's
 * departments are mapped as a whole (GROCERY, PRODUCE, MEAT, … → GROCERY; SPIRITS → ALCOHOL; FLORAL →
 * FLOWERS; DRUG GM, COSMETICS and general merchandise → RETAIL), then a few commodities are moved
 * where a shopper would look for them (beer and wine → ALCOHOL wherever they are shelved, greeting cards
 * and candles → GIFTING, checkout candy → CONVENIENCE, baby food → GROCERY).
 */
export type DepartmentPlacement = { vertical: Vertical } | { excluded: string };

const DEPARTMENT_VERTICALS: Record<string, Vertical> = {
  GROCERY: "GROCERY",
  PRODUCE: "GROCERY",
  MEAT: "GROCERY",
  "MEAT-PCKGD": "GROCERY",
  DELI: "GROCERY",
  PASTRY: "GROCERY",
  SEAFOOD: "GROCERY",
  "SEAFOOD-PCKGD": "GROCERY",
  "SALAD BAR": "GROCERY",
  "FROZEN GROCERY": "GROCERY",
  "CHEF SHOPPE": "GROCERY",
  NUTRITION: "GROCERY",
  // Its products are fruit (apples, melons, berries).
  "TRAVEL & LEISURE": "GROCERY",
  // The in-store coffee shop: grab-and-go, not a restaurant merchant with a menu.
  RESTAURANT: "CONVENIENCE",
  SPIRITS: "ALCOHOL",
  FLORAL: "FLOWERS",
  "GARDEN CENTER": "RETAIL",
  "DRUG GM": "RETAIL",
  COSMETICS: "RETAIL",
  "PHOTO & VIDEO": "RETAIL",
  TOYS: "RETAIL",
  AUTOMOTIVE: "RETAIL",
  "ELECT &PLUMBING": "RETAIL",
  HOUSEWARES: "RETAIL",
};

/** Departments that are not shoppable products: fuel, coupons, services, store supplies. */
const EXCLUDED_DEPARTMENTS = new Set([
  "COUPON",
  "FUEL",
  "POSTAL CENTER",
  "CHARITABLE CONT",
  "PROD-WHS SALES",
  "CNTRL/STORE SUP",
  "GM MERCH EXP",
  "MISCELLANEOUS",
]);
/** Commodities that are coupons or miscellaneous store items, whatever their department. */
const EXCLUDED_COMMODITIES = new Set(["COUPON/MISC ITEMS", "COUPONS/STORE & MFG"]);

const COMMODITY_VERTICALS: Record<string, Vertical> = {
  LIQUOR: "ALCOHOL",
  "BEERS/ALES": "ALCOHOL",
  "DOMESTIC WINE": "ALCOHOL",
  "IMPORTED WINE": "ALCOHOL",
  "MISC WINE": "ALCOHOL",
  "GREETING CARDS/WRAP/PARTY SPLY": "GIFTING",
  "CANDLES/ACCESSORIES": "GIFTING",
  "GIFT & FRUIT BASKETS": "GIFTING",
  "FLORAL BALLOONS": "GIFTING",
  "CANDY - CHECKLANE": "CONVENIENCE",
  "BABY FOODS": "GROCERY",
};

/** Places a product by department and commodity (`product_category`), both as the source spells them. */
export function placeProduct(department: string, commodity: string): DepartmentPlacement {
  if (EXCLUDED_DEPARTMENTS.has(department))
    return { excluded: `department ${department} holds no shoppable products (fuel, coupons, services)` };
  if (EXCLUDED_COMMODITIES.has(commodity))
    return { excluded: `commodity ${commodity} is a coupon or store item, not a product` };
  const vertical = COMMODITY_VERTICALS[commodity] ?? DEPARTMENT_VERTICALS[department];
  return vertical ? { vertical } : { excluded: `unknown department ${JSON.stringify(department)}` };
}

/** "ICE - CRUSHED/CUBED" → "Ice - Crushed/Cubed". */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(^|[\s\-/:&(,])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

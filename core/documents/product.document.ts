import type { Vertical } from "./vertical";

/** Pack size parsed from text such as "22 LB", "12 oz" or "6 x 330 ml". */
export interface PackSize {
  /** Quantity of one unit in `unit`. */
  value: number;
  /** Normalized unit: g, kg, ml, l, oz, lb, fl_oz, ct (count). */
  unit: string;
  /** Number of units in the pack ("6 x 330 ml" → 6); 1 when not a multipack. */
  count: number;
  /** The text it was parsed from. */
  text: string;
}

/** A product or restaurant dish (collection `products`). Prices are in major currency units. */
export interface ProductDocument {
  _id: string;
  name: string;
  description?: string;
  brand?: string;
  vertical: Vertical;
  /** Leaf category id. */
  categoryId: string;
  /** Ancestor category ids from the root down to and including `categoryId`. */
  categoryPath: string[];
  size?: PackSize;
  /** List price. */
  price: number;
  /** True when the source has no price and `price` is an estimate (e.g. Instacart, priced per department). */
  priceEstimated?: boolean;
  currency: string;
  /** Price per normalized unit (per kg, per l or per item) when a size is known. */
  unitPrice?: { value: number; per: string };
  /** Lower-case tags: vegan, vegetarian, gluten-free, organic, kosher, halal, dairy-free, age-restricted, … */
  tags: string[];
  imageUrl?: string;
  /** For restaurant dishes: the restaurant, its cuisines and known ingredients. */
  merchantId?: string;
  cuisines?: string[];
  ingredients?: string[];
  /** Where it came from, e.g. "seed", "instacart", "completejourney". */
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

import type { CategoryDocument } from "../../core/documents/category.document";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { Vertical } from "../../core/documents/vertical";
import { parsePackSize, totalQuantity, unitPrice } from "../../core/text/pack-size";
import { inferTags } from "../../core/text/tags";
import { CUISINES, STORE_BLUEPRINT, type AisleBlueprint } from "./catalog.blueprint";
import { CHAINS, CITIES, NEIGHBORHOODS } from "./merchant.blueprint";
import { Random, hash32, hashUnit } from "./random";
import type { ScaleSpec } from "./seed-scale";

/** The fixed clock of seeded data, so documents are byte-identical for a seed. */
export const SEED_EPOCH = new Date("2025-06-30T00:00:00.000Z");

/** Departments whose products are not food (dietary preferences do not apply). */
const NON_FOOD_DEPARTMENTS = new Set([
  "Household",
  "Essentials",
  "Electronics",
  "Home & Kitchen",
  "Health & Beauty",
  "Pets",
  "Office & School",
  "Bouquets",
  "Plants",
  "Occasions",
  "Gift Sets & Cards",
]);

/** Root category id of a vertical, shared by the seed and the importers, e.g. `cat:grocery`. */
export function verticalCategoryId(vertical: Vertical): string {
  return `cat:${vertical.toLowerCase()}`;
}

/** Display name of a vertical root. */
export const VERTICAL_NAMES: Record<Vertical, string> = {
  GROCERY: "Grocery",
  CONVENIENCE: "Convenience",
  ALCOHOL: "Alcohol",
  RETAIL: "Retail",
  FLOWERS: "Flowers",
  GIFTING: "Gifting",
  RESTAURANT: "Restaurants",
};

/** Root category document of a vertical. */
export function verticalCategory(vertical: Vertical): CategoryDocument {
  const id = verticalCategoryId(vertical);
  return { _id: id, name: VERTICAL_NAMES[vertical], vertical, parentId: null, path: [id], depth: 0, source: "seed" };
}

/** Lower-case slug for ids: letters, digits and dashes. */
export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/&/g, "and")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "x"
  );
}

interface ParsedItem {
  base: string;
  sizes: string[];
  low: number;
  high: number;
  tags: string[];
  /** Brands making this item; the aisle's when absent. */
  brands?: string[];
}

/** A compiled aisle: ids, path and parsed item templates. */
export interface CompiledAisle {
  index: number;
  vertical: Vertical;
  department: string;
  name: string;
  categoryId: string;
  path: string[];
  food: boolean;
  blueprint: AisleBlueprint;
  items: ParsedItem[];
  weight: number;
}

function parseItem(spec: string): ParsedItem {
  const [base = "", sizes = "", range = "1-2", tags = "", brands = ""] = spec.split(";");
  const [low, high] = range.split("-").map(Number);
  return {
    base,
    sizes: sizes ? sizes.split("|") : [""],
    low: low ?? 1,
    high: high ?? low ?? 2,
    tags: tags ? tags.split(",") : [],
    ...(brands ? { brands: brands.split(",") } : {}),
  };
}

/** Compact per-product facts the simulator samples from (typed arrays: bounded memory at 500k products). */
export interface ProductFacts {
  price: Float32Array;
  /** Price relative to the typical price of the same item template and size (1 = typical). */
  relativePrice: Float32Array;
  brand: Int32Array;
  aisle: Int32Array;
  /** Bit i set when product has DIETARY_TAGS[i]. */
  tagMask: Int32Array;
  /** 1 when the pack is larger than the template's smallest (bulk). */
  bulk: Uint8Array;
  /** Cuisine index for dishes, -1 otherwise. */
  cuisine: Int16Array;
}

/** Dietary tags tracked as bits in {@link ProductFacts.tagMask}. */
export const DIETARY_TAGS = [
  "vegan",
  "vegetarian",
  "gluten-free",
  "dairy-free",
  "halal",
  "kosher",
  "organic",
  "age-restricted",
] as const;

/** A store or restaurant with its place in the assortment scheme. */
export interface GeneratedMerchant {
  index: number;
  document: MerchantDocument;
  priceLevel: number;
  /** For stores: per vertical, the assortment group this store belongs to. */
  groups: Partial<Record<Vertical, number>>;
  cuisine?: number;
}

/**
 * Deterministic catalog of a scale and seed. Products are random-access (`product(i)`): each is made
 * from its own PRNG stream, so the catalog can be streamed in any batch size with bounded memory.
 */
export class CatalogGenerator {
  readonly aisles: CompiledAisle[] = [];
  readonly categories: CategoryDocument[] = [];
  readonly merchants: GeneratedMerchant[] = [];
  readonly storeProductCount: number;
  readonly dishesPerRestaurant: number;
  readonly productCount: number;
  /** Per store vertical: [start, end) of its product index range. */
  readonly verticalRanges = new Map<
    Vertical,
    { start: number; end: number; aisles: CompiledAisle[]; weights: number[] }
  >();
  /** Per store vertical: the stores (merchant indexes) carrying it, by group. */
  readonly storeGroups = new Map<Vertical, number[][]>();
  readonly brands: string[] = [];
  private readonly brandIndex = new Map<string, number>();
  readonly restaurantAisles = new Map<string, CompiledAisle>();
  /** Core-line products (every brand of every aisle's `core` templates), indexed from {@link coreStart}. */
  readonly coreProducts: Array<{ aisle: CompiledAisle; item: ParsedItem; brand: string }> = [];
  /** First index of the core-line products (after the store products and the dishes). */
  readonly coreStart: number;
  private menuCache: { restaurant: number; menu: Array<{ course: string; dish: string; variant: string }> } | undefined;

  constructor(
    readonly seed: number,
    readonly scale: ScaleSpec,
  ) {
    this.compileCategories();
    this.createMerchants();
    const dishTarget = Math.round(scale.products * 0.1);
    this.dishesPerRestaurant = Math.max(12, Math.min(80, Math.round(dishTarget / Math.max(1, scale.restaurants))));
    this.storeProductCount = Math.max(0, scale.products - this.dishesPerRestaurant * scale.restaurants);
    this.coreStart = this.storeProductCount + this.dishesPerRestaurant * scale.restaurants;
    this.productCount = this.coreStart + this.coreProducts.length;
    let start = 0;
    const totalShare = STORE_BLUEPRINT.reduce((sum, v) => sum + v.share, 0);
    STORE_BLUEPRINT.forEach((vertical, v) => {
      const count =
        v === STORE_BLUEPRINT.length - 1
          ? this.storeProductCount - start
          : Math.round((this.storeProductCount * vertical.share) / totalShare);
      const aisles = this.aisles.filter((aisle) => aisle.vertical === vertical.vertical);
      this.verticalRanges.set(vertical.vertical, {
        start,
        end: start + count,
        aisles,
        weights: aisles.map((aisle) => aisle.weight),
      });
      start += count;
    });
  }

  /** Interned brand id. */
  brandId(brand: string): number {
    let id = this.brandIndex.get(brand);
    if (id === undefined) {
      id = this.brands.length;
      this.brands.push(brand);
      this.brandIndex.set(brand, id);
    }
    return id;
  }

  private compileCategories(): void {
    for (const vertical of STORE_BLUEPRINT) {
      const root = verticalCategory(vertical.vertical);
      this.categories.push(root);
      for (const department of vertical.departments) {
        const departmentId = `${root._id.replace("cat:", "cat:seed:")}:${slug(department.name)}`;
        this.categories.push({
          _id: departmentId,
          name: department.name,
          vertical: vertical.vertical,
          parentId: root._id,
          path: [root._id, departmentId],
          depth: 1,
          source: "seed",
        });
        for (const aisle of department.aisles) {
          const aisleId = `${departmentId}:${slug(aisle.name)}`;
          this.categories.push({
            _id: aisleId,
            name: aisle.name,
            vertical: vertical.vertical,
            parentId: departmentId,
            path: [root._id, departmentId, aisleId],
            depth: 2,
            source: "seed",
          });
          this.aisles.push({
            index: this.aisles.length,
            vertical: vertical.vertical,
            department: department.name,
            name: aisle.name,
            categoryId: aisleId,
            path: [root._id, departmentId, aisleId],
            food: !NON_FOOD_DEPARTMENTS.has(department.name),
            blueprint: aisle,
            items: aisle.items.map(parseItem),
            weight: aisle.weight ?? 1,
          });
          for (const brand of aisle.brands) this.brandId(brand);
          for (const item of this.aisles[this.aisles.length - 1]!.items)
            for (const brand of item.brands ?? []) this.brandId(brand);
        }
      }
    }
    // Core lines after every aisle brand, so their brands take new ids and earlier brand ids stay as they were.
    for (const aisle of this.aisles) {
      for (const spec of aisle.blueprint.core ?? []) {
        const item = parseItem(spec);
        for (const brand of item.brands ?? aisle.blueprint.brands) {
          this.brandId(brand);
          this.coreProducts.push({ aisle, item, brand });
        }
      }
    }
    const root = verticalCategory("RESTAURANT");
    this.categories.push(root);
    for (const cuisine of CUISINES) {
      const cuisineId = `cat:seed:restaurant:${cuisine.cuisine}`;
      this.categories.push({
        _id: cuisineId,
        name: cuisine.name,
        vertical: "RESTAURANT",
        parentId: root._id,
        path: [root._id, cuisineId],
        depth: 1,
        source: "seed",
      });
      for (const course of Object.keys(cuisine.courses)) {
        const courseId = `${cuisineId}:${slug(course)}`;
        this.categories.push({
          _id: courseId,
          name: `${cuisine.name} ${course}`,
          vertical: "RESTAURANT",
          parentId: cuisineId,
          path: [root._id, cuisineId, courseId],
          depth: 2,
          source: "seed",
        });
        const compiled: CompiledAisle = {
          index: this.aisles.length,
          vertical: "RESTAURANT",
          department: cuisine.name,
          name: course,
          categoryId: courseId,
          path: [root._id, cuisineId, courseId],
          food: true,
          blueprint: { name: course, brands: [], variants: [""], items: [] },
          items: [],
          weight: 1,
        };
        this.aisles.push(compiled);
        this.restaurantAisles.set(`${cuisine.cuisine}|${course}`, compiled);
      }
    }
  }

  private createMerchants(): void {
    const random = new Random(this.seed, 11);
    for (let s = 0; s < this.scale.stores; s++) {
      const chain = CHAINS[s % CHAINS.length]!;
      const neighborhood = NEIGHBORHOODS[Math.floor(s / CHAINS.length) % NEIGHBORHOODS.length]!;
      const city = random.pick(CITIES);
      const id = `m:seed:store:${String(s + 1).padStart(5, "0")}`;
      const round = Math.floor(s / (CHAINS.length * NEIGHBORHOODS.length));
      const name = `${chain.name} ${neighborhood}${round > 0 ? ` #${round + 1}` : ""}`;
      this.merchants.push({
        index: this.merchants.length,
        document: { _id: id, name, kind: "STORE", verticals: [...chain.verticals], city, source: "seed" },
        priceLevel: chain.priceLevel,
        groups: {},
      });
    }
    for (const vertical of STORE_BLUEPRINT.map((v) => v.vertical)) {
      const stores = this.merchants.filter((m) => m.document.verticals.includes(vertical));
      const groupCount =
        this.scale.storesPerProduct > 0 ? Math.max(1, Math.floor(stores.length / this.scale.storesPerProduct)) : 1;
      const groups: number[][] = Array.from({ length: groupCount }, () => []);
      stores.forEach((store, position) => {
        store.groups[vertical] = position % groupCount;
        groups[position % groupCount]!.push(store.index);
      });
      this.storeGroups.set(vertical, groups);
    }
    for (let r = 0; r < this.scale.restaurants; r++) {
      const cuisineIndex = r % CUISINES.length;
      const cuisine = CUISINES[cuisineIndex]!;
      const base = cuisine.restaurantNames[Math.floor(r / CUISINES.length) % cuisine.restaurantNames.length]!;
      const round = Math.floor(r / (CUISINES.length * cuisine.restaurantNames.length));
      const neighborhood = NEIGHBORHOODS[(r + round) % NEIGHBORHOODS.length]!;
      const name = round > 0 ? `${base} ${neighborhood}` : base;
      const cuisines = [cuisine.cuisine];
      if (random.chance(0.25)) {
        const other = CUISINES[(cuisineIndex + 1 + random.int(0, CUISINES.length - 2)) % CUISINES.length]!.cuisine;
        cuisines.push(other);
      }
      const id = `m:seed:restaurant:${String(r + 1).padStart(5, "0")}`;
      this.merchants.push({
        index: this.merchants.length,
        document: {
          _id: id,
          name,
          kind: "RESTAURANT",
          verticals: ["RESTAURANT"],
          cuisines,
          city: random.pick(CITIES),
          source: "seed",
        },
        priceLevel: 1,
        groups: {},
        cuisine: cuisineIndex,
      });
    }
  }

  /** Product id of index i. */
  productId(i: number): string {
    return `p:seed:${String(i).padStart(6, "0")}`;
  }

  /** Vertical of product index i. */
  verticalOf(i: number): Vertical {
    if (this.isCore(i)) return this.coreProducts[i - this.coreStart]!.aisle.vertical;
    if (i >= this.storeProductCount) return "RESTAURANT";
    for (const [vertical, range] of this.verticalRanges) if (i >= range.start && i < range.end) return vertical;
    return "GROCERY";
  }

  /** True for a core-line product (carried by every store of its vertical; shoppers are not simulated buying it). */
  isCore(i: number): boolean {
    return i >= this.coreStart;
  }

  /** The store group (within its vertical) carrying product i, or the restaurant's merchant index for dishes. */
  groupOf(i: number): number {
    if (i >= this.storeProductCount)
      return this.scale.stores + Math.floor((i - this.storeProductCount) / this.dishesPerRestaurant);
    const groups = this.storeGroups.get(this.verticalOf(i))!;
    return hash32(this.seed, 17, i) % groups.length;
  }

  /** Merchant indexes offering product i. */
  merchantsOf(i: number): number[] {
    if (this.isCore(i))
      return this.storeGroups
        .get(this.verticalOf(i))!
        .flat()
        .sort((x, y) => x - y);
    if (i >= this.storeProductCount) return [this.groupOf(i)];
    return this.storeGroups.get(this.verticalOf(i))![this.groupOf(i)] ?? [];
  }

  /** Whether merchant m currently has product i in stock (about 94% do). */
  available(m: number, i: number): boolean {
    return hashUnit(this.seed, 23, m, i) >= 0.06;
  }

  /** The offer price of product i at merchant m. */
  offerPrice(m: number, i: number, listPrice: number): number {
    const merchant = this.merchants[m]!;
    if (merchant.document.kind === "RESTAURANT") return listPrice;
    const noise = 0.97 + 0.06 * hashUnit(this.seed, 29, m, i);
    return retailPrice(listPrice * merchant.priceLevel * noise);
  }

  /** Offer documents of product i. */
  offers(i: number, product: ProductDocument): OfferDocument[] {
    return this.merchantsOf(i).map((m) => {
      const merchantId = this.merchants[m]!.document._id;
      return {
        _id: `${merchantId}|${product._id}`,
        merchantId,
        productId: product._id,
        price: this.offerPrice(m, i, product.price),
        available: this.available(m, i),
      };
    });
  }

  /** Builds product i (a pure function of seed, scale and i), plus facts for the simulator. */
  product(i: number): {
    document: ProductDocument;
    facts: { relativePrice: number; brand: number; aisle: number; bulk: boolean; cuisine: number };
  } {
    const core = this.isCore(i) ? this.coreProducts[i - this.coreStart]! : undefined;
    if (!core && i >= this.storeProductCount) return this.dish(i);
    const vertical = this.verticalOf(i);
    const range = this.verticalRanges.get(vertical)!;
    const random = new Random(this.seed, 101, i);
    // A core-line product draws the same numbers as any other (aisle, item, brand, variant) but keeps its own.
    const drawnAisle = range.aisles[random.weightedIndex(range.weights)]!;
    const drawnItem = random.pick(drawnAisle.items);
    const drawnBrand = random.pick(drawnItem.brands ?? drawnAisle.blueprint.brands);
    const aisle = core?.aisle ?? drawnAisle;
    const item = core?.item ?? drawnItem;
    const brand = core?.brand ?? drawnBrand;
    let variant = random.pick(aisle.blueprint.variants);
    if (core) variant = "";
    if (
      variant &&
      (item.base.toLowerCase().includes(variant.toLowerCase()) || brand.toLowerCase().includes(variant.toLowerCase()))
    )
      variant = "";
    const sizeIndex = random.int(0, item.sizes.length - 1);
    const sizeText = item.sizes[sizeIndex]!;
    const typical = this.typicalPrice(item, sizeIndex, random.next());
    const brandFactor = 0.8 + 0.45 * hashUnit(this.seed, 31, this.brandId(brand));
    const variantFactor = /organic|premium|reserve|grass-fed|wild|pasture|single barrel|12 year|deluxe|signature/i.test(
      variant,
    )
      ? 1.25
      : 1;
    const price = retailPrice(typical * brandFactor * variantFactor);
    const name = dedupeWords([brand, variant, item.base].filter(Boolean).join(" "));
    const size = parsePackSize(sizeText);
    const tags = new Set([
      ...item.tags,
      ...inferTags(name, { categories: [aisle.department, aisle.name], alcoholVertical: vertical === "ALCOHOL" }),
    ]);
    if (/organic/i.test(variant)) tags.add("organic");
    if (aisle.food && vertical === "GROCERY" && hashUnit(this.seed, 37, i) < 0.08) tags.add("kosher");
    const document: ProductDocument = {
      _id: this.productId(i),
      name,
      description: `${name}${sizeText ? `, ${sizeText}` : ""}. ${aisle.name} from ${brand}.`,
      brand,
      vertical,
      categoryId: aisle.categoryId,
      categoryPath: aisle.path,
      ...(size ? { size } : {}),
      price,
      currency: "USD",
      ...(size && unitPrice(price, size) ? { unitPrice: unitPrice(price, size)! } : {}),
      tags: [...tags].sort(),
      source: "seed",
      createdAt: SEED_EPOCH,
      updatedAt: SEED_EPOCH,
    };
    return {
      document,
      facts: {
        relativePrice: price / typical,
        brand: this.brandId(brand),
        aisle: aisle.index,
        bulk: sizeIndex > 0,
        cuisine: -1,
      },
    };
  }

  private typicalPrice(item: ParsedItem, sizeIndex: number, r: number): number {
    const basePrice = item.low + (item.high - item.low) * r;
    if (sizeIndex === 0) return basePrice;
    const first = parsePackSize(item.sizes[0]);
    const chosen = parsePackSize(item.sizes[sizeIndex]);
    const a = first && totalQuantity(first);
    const b = chosen && totalQuantity(chosen);
    if (a && b && a.base === b.base && a.amount > 0) return basePrice * Math.pow(b.amount / a.amount, 0.85);
    return basePrice * (1 + 0.7 * sizeIndex);
  }

  private menu(restaurant: number): Array<{ course: string; dish: string; variant: string }> {
    if (this.menuCache?.restaurant === restaurant) return this.menuCache.menu;
    const merchant = this.merchants[restaurant]!;
    const cuisine = CUISINES[merchant.cuisine!]!;
    const random = new Random(this.seed, 53, restaurant);
    const combos: Array<{ course: string; dish: string; variant: string }> = [];
    const variants = ["", "Spicy", "Large", "Family-Style", "Lunch Special", "Half Portion", "Chef's"];
    for (const variant of variants)
      for (const [course, dishes] of Object.entries(cuisine.courses))
        for (const dish of dishes) combos.push({ course, dish, variant });
    const plain = combos.filter((c) => c.variant === "");
    const rest = random.sample(
      combos.filter((c) => c.variant !== ""),
      this.dishesPerRestaurant,
    );
    const menu = [...random.sample(plain, plain.length), ...rest].slice(0, this.dishesPerRestaurant);
    this.menuCache = { restaurant, menu };
    return menu;
  }

  private dish(i: number): ReturnType<CatalogGenerator["product"]> {
    const restaurant = this.groupOf(i);
    const j = (i - this.storeProductCount) % this.dishesPerRestaurant;
    const merchant = this.merchants[restaurant]!;
    const cuisine = CUISINES[merchant.cuisine!]!;
    const entry = this.menu(restaurant)[j % this.menu(restaurant).length]!;
    const [base = "", range = "10-15", tagText = "", ingredientText = ""] = entry.dish.split(";");
    const [low = 10, high = 15] = range.split("-").map(Number);
    const random = new Random(this.seed, 59, i);
    const variantFactor =
      entry.variant === "Large" || entry.variant === "Family-Style"
        ? 1.6
        : entry.variant === "Half Portion" || entry.variant === "Lunch Special"
          ? 0.75
          : 1;
    const typical = (low + (high - low) * random.next()) * variantFactor;
    const price = Math.max(3, Math.round(typical)) - 0.01;
    const name = entry.variant ? `${entry.variant} ${base}` : base;
    const aisle = this.restaurantAisles.get(`${cuisine.cuisine}|${entry.course}`)!;
    const tags = new Set([...(tagText ? tagText.split(",") : []), ...inferTags(name)]);
    if (entry.variant === "Spicy") tags.add("spicy");
    const ingredients = ingredientText ? ingredientText.split(",") : [];
    const document: ProductDocument = {
      _id: this.productId(i),
      name,
      description: `${name} at ${merchant.document.name}${ingredients.length ? `: ${ingredients.join(", ")}` : ""}.`,
      vertical: "RESTAURANT",
      categoryId: aisle.categoryId,
      categoryPath: aisle.path,
      price: Math.round(price * 100) / 100,
      currency: "USD",
      tags: [...tags].sort(),
      merchantId: merchant.document._id,
      cuisines: merchant.document.cuisines ?? [cuisine.cuisine],
      ingredients,
      source: "seed",
      createdAt: SEED_EPOCH,
      updatedAt: SEED_EPOCH,
    };
    return {
      document,
      facts: {
        relativePrice: price / typical,
        brand: -1,
        aisle: aisle.index,
        bulk: entry.variant === "Family-Style" || entry.variant === "Large",
        cuisine: merchant.cuisine!,
      },
    };
  }
}

/** Rounds to a shelf price ending in .29, .49, .79 or .99 (cents precision for small prices). */
export function retailPrice(value: number): number {
  if (value < 1) return Math.max(0.19, Math.round(value * 100) / 100);
  const whole = Math.floor(value);
  const cents = value - whole;
  const ending = cents < 0.35 ? 0.29 : cents < 0.6 ? 0.49 : cents < 0.85 ? 0.79 : 0.99;
  return Math.round((whole + ending) * 100) / 100;
}

/** Bit mask of dietary tags. */
export function tagMask(tags: readonly string[]): number {
  let mask = 0;
  DIETARY_TAGS.forEach((tag, bit) => {
    if (tags.includes(tag)) mask |= 1 << bit;
  });
  return mask;
}

/** Drops a word repeated right after itself ("Aveeno Baby Baby Wash" → "Aveeno Baby Wash"). */
function dedupeWords(name: string): string {
  return name.replace(/\b(\S+) \1\b/gi, "$1");
}

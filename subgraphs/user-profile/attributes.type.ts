import { Arg, Field, Float, Int, ObjectType } from "type-graphql";
import type { Vertical } from "../../core/documents/vertical";
import { VerticalEnum } from "../shared/vertical.type";
import { pageSize } from "../shared/ids";
import type { UserAttributesDocument } from "./attributes/user-attributes.document";
import { Category, categoryRef } from "./category.type";
import { Product } from "./product.type";

/** Most items `UserAttributes.items` returns. */
export const MAX_ITEMS_PAGE = 100;

/** Purchase history of one product. */
@ObjectType({ description: "How the shopper buys one product." })
export class ItemAttribute {
  @Field(() => Product, { description: "The product." })
  product!: Product;

  @Field(() => Int, { description: "Purchase occasions (orders, or days with PURCHASE events) that included it." })
  purchaseCount!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Recency-weighted share of the shopper's purchase occasions that included it, 0–1 (each occasion counts 0.9 for every later one); null in attributes computed before it existed.",
  })
  occasionShare!: number | null;

  @Field(() => Int, { description: "Units bought in all." })
  units!: number;

  @Field(() => Date, { description: "Last time it was bought." })
  lastPurchasedAt!: Date;

  @Field(() => Float, {
    nullable: true,
    description: "Typical reorder interval: median days between purchase days; null when bought on one day only.",
  })
  reorderIntervalDays!: number | null;

  @Field(() => Date, {
    nullable: true,
    description: "When the next reorder is due: last purchase + reorder interval; null without an interval.",
  })
  nextReorderDueAt!: Date | null;
}

/** Share of purchases in one category. */
@ObjectType({ description: "Share of the shopper's purchase lines in one leaf category." })
export class CategoryAffinity {
  @Field(() => Category, { description: "The category." })
  category!: Category;

  @Field(() => Float, { description: "Share of purchase lines, 0–1." })
  share!: number;

  @Field(() => Int, { description: "Purchase lines in this category." })
  lines!: number;
}

/** Share of purchases in one vertical. */
@ObjectType({ description: "Share of the shopper's purchase lines in one vertical." })
export class VerticalAffinity {
  @Field(() => VerticalEnum, { description: "The vertical." })
  vertical!: Vertical;

  @Field(() => Float, { description: "Share of purchase lines, 0–1." })
  share!: number;

  @Field(() => Int, { description: "Purchase lines in this vertical." })
  lines!: number;
}

/** Share of branded purchases on one brand. */
@ObjectType({ description: "Share of the shopper's branded purchase lines on one brand." })
export class BrandAffinity {
  @Field({ description: "Brand name as in the catalog." })
  brand!: string;

  @Field(() => Float, { description: "Share of branded purchase lines, 0–1." })
  share!: number;

  @Field(() => Int, { description: "Purchase lines of this brand." })
  lines!: number;
}

/** The top brand of one category. */
@ObjectType({ description: "The brand the shopper buys most in one category, and how loyal they are to it." })
export class CategoryBrandLoyalty {
  @Field(() => Category, { description: "The category." })
  category!: Category;

  @Field({ description: "The most bought brand in the category." })
  brand!: string;

  @Field(() => Float, { description: "Share of the category's branded lines on that brand, 0–1." })
  share!: number;

  @Field(() => Int, { description: "Branded purchase lines in the category." })
  lines!: number;
}

/** Price sensitivity signals. */
@ObjectType({ description: "How price-driven the shopper is." })
export class PriceSensitivity {
  @Field(() => Float, {
    nullable: true,
    description: "Mean of price paid / the category's median list price (1 = pays the median, below 1 = cheaper).",
  })
  index!: number | null;

  @Field(() => Float, { nullable: true, description: "Share of purchase lines bought with a discount." })
  dealShare!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean discount as a share of the undiscounted price." })
  meanDiscountRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "0 (price-indifferent) to 1 (very price sensitive): deal share calibrated on The Complete Journey (p10 0.36 → 0, p90 0.66 → 1) averaged with the price index (1.25 → 0, 0.75 → 1).",
  })
  sensitivity!: number | null;

  @Field(() => Int, { description: "Purchase lines compared with a category median price." })
  linesCompared!: number;
}

/** Pack size preference. */
@ObjectType({ description: "Whether the shopper buys larger or smaller packs than usual." })
export class SizePreference {
  @Field(() => Float, {
    nullable: true,
    description: "Mean pack size / the category's median pack size of the same unit (1 = typical).",
  })
  index!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Share of compared lines with a pack at least 1.5× the category median.",
  })
  bulkShare!: number | null;

  @Field(() => Int, { description: "Purchase lines with a comparable pack size." })
  linesCompared!: number;
}

/** Shopping cadence. */
@ObjectType({ description: "How often and how much the shopper buys at a time." })
export class StockUpCadence {
  @Field(() => Float, { nullable: true, description: "Median days between shopping occasions." })
  medianDaysBetweenOccasions!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean units bought per occasion." })
  meanUnitsPerOccasion!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Share of occasions with at least twice the shopper's median units (stock-up trips); null with fewer than 3 occasions.",
  })
  stockUpShare!: number | null;
}

/** One inferred dietary signal. */
@ObjectType({ description: "A dietary pattern inferred from purchases." })
export class DietarySignal {
  @Field({ description: "Dietary product tag (vegan, gluten-free, …)." })
  tag!: string;

  @Field(() => Float, { description: "Share of food purchase lines carrying the tag, 0–1." })
  share!: number;

  @Field(() => Int, { description: "Food purchase lines carrying the tag." })
  lines!: number;

  @Field(() => Float, { description: "Confidence 0–1; grows with the number of food lines seen (0.5 at 10)." })
  confidence!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Probability 0–1 that the shopper keeps this diet: each food line weighed against how common the tag is among its category's products (choosing the tagged option where it is rare counts most; an untagged line where the category offers the tag counts against). From 0.5 the profile treats the diet as inferred. Null until the attributes are next rebuilt.",
  })
  probability!: number | null;
}

/** Stated and inferred dietary information. */
@ObjectType({
  description:
    "Dietary preferences: what the shopper stated, and what purchases suggest. Inferred signals never override explicit ones.",
})
export class DietaryAttributes {
  @Field(() => [String], { description: "Dietary tags the shopper stated (authoritative)." })
  explicit!: string[];

  @Field(() => [DietarySignal], { description: "Signals inferred from purchases, strongest first." })
  inferred!: DietarySignal[];
}

/** Share of restaurant orders of one cuisine. */
@ObjectType({ description: "Share of the shopper's restaurant purchase lines of one cuisine." })
export class CuisineAffinity {
  @Field({ description: "Cuisine, lower-case as in the catalog." })
  cuisine!: string;

  @Field(() => Float, { description: "Share of restaurant lines, 0–1 (a dish of k cuisines counts 1/k to each)." })
  share!: number;

  @Field(() => Float, { description: "Restaurant lines of this cuisine (fractional for multi-cuisine dishes)." })
  lines!: number;
}

/** Derived shopper attributes. */
@ObjectType({ description: "Shopper attributes derived from orders and PURCHASE events; kept current as they arrive." })
export class UserAttributes {
  @Field(() => Date, {
    nullable: true,
    description: "Time of the latest purchase taken into account; null without purchases.",
  })
  asOf!: Date | null;

  @Field(() => Date, { description: "When these attributes were computed." })
  computedAt!: Date;

  @Field(() => Int, { description: "Purchase lines taken into account." })
  purchaseLines!: number;

  @Field(() => Int, { description: "Shopping occasions (orders, and days with PURCHASE events)." })
  occasions!: number;

  @Field(() => Int, { description: "Units bought in all." })
  units!: number;

  /** All stored items (top 100); the field returns the first `first`. */
  storedItems!: ItemAttribute[];

  @Field(() => [ItemAttribute], {
    description: `Most bought products, by purchase count then recency (at most ${MAX_ITEMS_PAGE}).`,
  })
  items(
    @Arg("first", () => Int, { nullable: true, description: `How many, 1–${MAX_ITEMS_PAGE}; default 20.` })
    first?: number,
  ): ItemAttribute[] {
    return this.storedItems.slice(0, pageSize(first, "first", MAX_ITEMS_PAGE, 20));
  }

  @Field(() => [CategoryAffinity], {
    description: "Category affinity: top 20 leaf categories by share of purchase lines.",
  })
  categories!: CategoryAffinity[];

  @Field(() => [VerticalAffinity], {
    description: "Vertical affinity: every vertical bought, by share of purchase lines.",
  })
  verticals!: VerticalAffinity[];

  @Field(() => [BrandAffinity], { description: "Brand affinity: top 20 brands by share of branded purchase lines." })
  brands!: BrandAffinity[];

  @Field(() => Float, {
    nullable: true,
    description:
      "Brand loyalty 0–1: share of purchases on the top brand of each category, over categories with at least 2 branded lines.",
  })
  brandLoyalty!: number | null;

  @Field(() => [CategoryBrandLoyalty], {
    description: "Top brand per category, for the 20 categories with the most branded lines.",
  })
  categoryBrandLoyalty!: CategoryBrandLoyalty[];

  @Field(() => PriceSensitivity, { description: "Price sensitivity." })
  price!: PriceSensitivity;

  @Field(() => SizePreference, { description: "Bulk and pack size preference." })
  size!: SizePreference;

  @Field(() => StockUpCadence, { description: "Stock-up cadence." })
  stockUp!: StockUpCadence;

  @Field(() => DietaryAttributes, { description: "Explicit and inferred dietary preferences." })
  dietary!: DietaryAttributes;

  @Field(() => [CuisineAffinity], { description: "Cuisine affinity from restaurant orders: top 10 cuisines." })
  cuisines!: CuisineAffinity[];

  /** Maps a stored document plus the shopper's stated dietary tags. */
  static fromDocument(document: UserAttributesDocument, explicitDietary: readonly string[]): UserAttributes {
    return Object.assign(new UserAttributes(), {
      asOf: document.asOf,
      computedAt: document.computedAt,
      purchaseLines: document.purchaseLines,
      occasions: document.occasions,
      units: document.units,
      storedItems: document.items.map((item) =>
        Object.assign(new ItemAttribute(), { ...item, product: Object.assign(new Product(), { id: item.productId }) }),
      ),
      categories: document.categories.map((entry) =>
        Object.assign(new CategoryAffinity(), {
          category: categoryRef(entry.key),
          share: entry.share,
          lines: entry.lines,
        }),
      ),
      verticals: document.verticals.map((entry) =>
        Object.assign(new VerticalAffinity(), { vertical: entry.key, share: entry.share, lines: entry.lines }),
      ),
      brands: document.brands.map((entry) =>
        Object.assign(new BrandAffinity(), { brand: entry.key, share: entry.share, lines: entry.lines }),
      ),
      brandLoyalty: document.brandLoyalty,
      categoryBrandLoyalty: document.categoryBrandLoyalty.map((entry) =>
        Object.assign(new CategoryBrandLoyalty(), {
          category: categoryRef(entry.categoryId),
          brand: entry.brand,
          share: entry.share,
          lines: entry.lines,
        }),
      ),
      price: Object.assign(new PriceSensitivity(), document.price),
      size: Object.assign(new SizePreference(), document.size),
      stockUp: Object.assign(new StockUpCadence(), document.stockUp),
      dietary: Object.assign(new DietaryAttributes(), {
        explicit: [...explicitDietary],
        inferred: document.dietary.map((signal) =>
          Object.assign(new DietarySignal(), { ...signal, probability: signal.probability ?? null }),
        ),
      }),
      cuisines: document.cuisines.map((entry) =>
        Object.assign(new CuisineAffinity(), { cuisine: entry.key, share: entry.share, lines: entry.lines }),
      ),
    });
  }
}

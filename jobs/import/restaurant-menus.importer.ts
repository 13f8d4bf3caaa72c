import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { ProductDocument } from "../../core/documents/product.document";
import { inferTags } from "../../core/text/tags";
import { UsageError } from "../../core/cli-args";
import { slug, verticalCategory } from "../seed/catalog.generator";
import { finiteNumber, readCsv } from "./csv-source";
import type { ImportSummary } from "./import-report";
import {
  StageBuffer,
  importCommand,
  importUsage,
  runImport,
  type ImportContext,
  type ImportOptions,
} from "./import-run";

const SOURCE = "restaurant-menus";
/** Dish prices above this many minor units are rejected as absurd. */
export const MAX_DISH_PRICE_MINOR = 5_000_000;
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Cuisine tags of the Wolt data (Azerbaijani) → English cuisine names used across the catalog. */
const CUISINE_NAMES: Record<string, string> = {
  pizza: "pizza",
  pasta: "italian",
  italyan: "italian",
  pinsa: "italian",
  sendviç: "sandwiches",
  "dəniz məhsulları": "seafood",
  balıq: "seafood",
  stritfud: "street food",
  "aralıq dənizi": "mediterranean",
  burger: "american",
  amerikan: "american",
  salat: "salads",
  şirniyyatlar: "desserts",
  desert: "desserts",
  tort: "desserts",
  dondurma: "desserts",
  "səhər yeməyi": "breakfast",
  souvlaki: "greek",
  yunan: "greek",
  pitə: "greek",
  blinçik: "crepes",
  "un məmulatları": "bakery",
  suşi: "japanese",
  sashimi: "japanese",
  asiya: "asian",
  əriştə: "asian",
  qril: "grill",
  barbekü: "grill",
  kabab: "middle-eastern",
  şaurma: "middle-eastern",
  halal: "halal",
  sağlam: "healthy",
  avropa: "european",
  "soft drinks": "drinks",
  kokteyl: "drinks",
  çay: "drinks",
  qəlyanaltılar: "snacks",
  şorba: "soups",
  homemade: "homestyle",
};

/** English cuisines of a comma-separated tag list (unknown tags are kept, lower-cased). */
export function cuisinesOf(tags: string | undefined): string[] {
  const result = new Set<string>();
  for (const raw of (tags ?? "").split(",")) {
    const tag = raw.trim().toLowerCase();
    if (tag) result.add(CUISINE_NAMES[tag] ?? tag);
  }
  return [...result];
}

/** Imports restaurants.csv (→ RESTAURANT merchants) and menu_items.csv (→ dishes under restaurant → cuisine). */
export async function importRestaurantMenus(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const directory = statSync(path).isDirectory() ? path : join(path, "..");
  for (const file of ["restaurants.csv", "menu_items.csv"])
    if (!existsSync(join(directory, file))) throw new UsageError(`${join(directory, file)} is missing`);
  return runImport(db, SOURCE, (context) => importInto(context, directory), options);
}

async function importInto(context: ImportContext, directory: string): Promise<void> {
  const restaurants = new Map<string, { cuisines: string[] }>();
  const merchants = new StageBuffer(context, COLLECTIONS.merchants);
  const categories = new StageBuffer(context, COLLECTIONS.categories);
  const root = verticalCategory("RESTAURANT");
  const seenCategories = new Set<string>();
  if (!(await context.db.collection<CategoryDocument>(COLLECTIONS.categories).findOne({ _id: root._id })))
    await categories.add({ ...root, source: SOURCE }, "restaurants.csv", 1);
  const cuisineCategory = async (cuisine: string, line: number) => {
    const id = `cat:menus:${slug(cuisine)}`;
    if (!seenCategories.has(id)) {
      seenCategories.add(id);
      await categories.add(
        {
          _id: id,
          name: cuisine.replace(/^./, (c) => c.toUpperCase()),
          vertical: "RESTAURANT",
          parentId: root._id,
          path: [root._id, id],
          depth: 1,
          source: SOURCE,
        },
        "restaurants.csv",
        line,
      );
    }
    return id;
  };
  for await (const { line, record } of readCsv(join(directory, "restaurants.csv"), context.report)) {
    context.read(COLLECTIONS.merchants);
    const id = record.restaurant_id?.trim() ?? "";
    if (!ID.test(id)) {
      context.reject(COLLECTIONS.merchants, {
        file: "restaurants.csv",
        line,
        field: "restaurant_id",
        reason: "missing or not letters, digits, _ . : -",
        value: id,
      });
      continue;
    }
    if (!record.restaurant_name?.trim()) {
      context.reject(COLLECTIONS.merchants, {
        file: "restaurants.csv",
        line,
        field: "restaurant_name",
        reason: "empty name",
      });
      continue;
    }
    if (restaurants.has(id)) {
      context.reject(COLLECTIONS.merchants, {
        file: "restaurants.csv",
        line,
        field: "restaurant_id",
        reason: `duplicate id ${id} (first occurrence kept)`,
        value: id,
      });
      continue;
    }
    const cuisines = cuisinesOf(record.cuisine_tags);
    restaurants.set(id, { cuisines });
    const merchant: MerchantDocument = {
      _id: `m:menus:${id}`,
      name: record.restaurant_name.trim(),
      kind: "RESTAURANT",
      verticals: ["RESTAURANT"],
      cuisines,
      ...(record.city ? { city: record.city } : {}),
      source: SOURCE,
    };
    await merchants.add(merchant, "restaurants.csv", line);
    for (const cuisine of cuisines.length ? cuisines : ["other"]) await cuisineCategory(cuisine, line);
  }
  const products = new StageBuffer(context, COLLECTIONS.products);
  const offers = new StageBuffer(context, COLLECTIONS.offers);
  for await (const { line, record } of readCsv(join(directory, "menu_items.csv"), context.report)) {
    context.read(COLLECTIONS.products);
    const reject = (field: string, reason: string, value?: string) =>
      context.reject(COLLECTIONS.products, {
        file: "menu_items.csv",
        line,
        field,
        reason,
        ...(value !== undefined ? { value } : {}),
      });
    const restaurantId = record.restaurant_id?.trim() ?? "";
    const itemId = record.item_id?.trim() ?? "";
    const name = record.item_name?.trim().replace(/\s+/g, " ");
    const priceMinor = finiteNumber(record.item_price_minor);
    if (!restaurants.has(restaurantId)) {
      reject("restaurant_id", "unknown restaurant id", restaurantId);
      continue;
    }
    if (!ID.test(itemId)) {
      reject("item_id", "missing or not letters, digits, _ . : -", itemId);
      continue;
    }
    if (!name) {
      reject("item_name", "empty name");
      continue;
    }
    if (priceMinor === undefined) {
      reject("item_price_minor", "not a number", record.item_price_minor);
      continue;
    }
    if (priceMinor < 0) {
      reject("item_price_minor", "negative price", record.item_price_minor);
      continue;
    }
    if (priceMinor === 0 || priceMinor > MAX_DISH_PRICE_MINOR) {
      reject(
        "item_price_minor",
        `absurd price (must be > 0 and ≤ ${MAX_DISH_PRICE_MINOR} minor units)`,
        record.item_price_minor,
      );
      continue;
    }
    const cuisines = restaurants.get(restaurantId)!.cuisines;
    const categoryId = `cat:menus:${slug(cuisines[0] ?? "other")}`;
    const description = record.item_description?.trim();
    const ingredients =
      description && description.length < 300
        ? description
            .split(/,\s*/)
            .map((s) => s.trim().toLowerCase())
            .filter((s) => s && s.length < 40)
        : [];
    const merchantId = `m:menus:${restaurantId}`;
    const price = Math.round(priceMinor) / 100;
    const tags = inferTags(`${name} ${description ?? ""}`, { labels: cuisines });
    if (record.item_tags?.includes('"popular"')) tags.push("popular");
    const product: ProductDocument = {
      _id: `p:menus:${itemId}`,
      name,
      ...(description ? { description } : {}),
      vertical: "RESTAURANT",
      categoryId,
      categoryPath: [root._id, categoryId],
      price,
      currency: (record.currency ?? "").trim() || "ALL",
      tags: [...new Set(tags)].sort(),
      merchantId,
      cuisines,
      ...(ingredients.length ? { ingredients } : {}),
      source: SOURCE,
      createdAt: context.now,
      updatedAt: context.now,
    };
    await products.add(product, "menu_items.csv", line);
    const offer: OfferDocument = {
      _id: `${merchantId}|${product._id}`,
      merchantId,
      productId: product._id,
      price,
      available: true,
    };
    await offers.add(offer, "menu_items.csv", line);
  }
  for (const buffer of [merchants, categories, products, offers]) await buffer.flush();
}

/** `npm run import -- restaurant-menus DIR [--report FILE]`. */
/** Command line of this importer (`--help`). */
export const USAGE = importUsage(SOURCE);

export async function main(argv: string[]): Promise<void> {
  await importCommand(SOURCE, argv, importRestaurantMenus);
}

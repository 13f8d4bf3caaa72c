import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { ProductDocument } from "../../core/documents/product.document";
import { VERTICALS, type Vertical } from "../../core/documents/vertical";
import { startProgress } from "../../core/progress";
import { parsePackSize, unitPrice } from "../../core/text/pack-size";
import { inferTags } from "../../core/text/tags";
import { slug, verticalCategory } from "../seed/catalog.generator";
import { UNDECODABLE, Utf8Repair } from "./csv-source";
import type { ImportSummary } from "./import-report";
import {
  StageBuffer,
  importCommand,
  importUsage,
  runImport,
  type ImportContext,
  type ImportOptions,
} from "./import-run";

const SOURCE = "jsonl";
/** Prices above this are rejected as absurd. */
export const MAX_PRICE = 100000;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,100}$/;

/**
 * One line of the generic JSON-lines format (see docs/data.md): a product, its category path of names
 * under its vertical, and optionally the merchant offering it.
 */
export interface JsonlProduct {
  id: string;
  name: string;
  vertical: Vertical;
  category: string[];
  price: number;
  currency?: string;
  brand?: string;
  description?: string;
  size?: string;
  tags?: string[];
  labels?: string[];
  imageUrl?: string;
  cuisines?: string[];
  ingredients?: string[];
  merchant?: { id: string; name: string; kind?: "STORE" | "RESTAURANT"; city?: string };
  available?: boolean;
}

/** Imports a JSON-lines file of products (one {@link JsonlProduct} per line). */
export async function importJsonl(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return runImport(db, SOURCE, (context) => importInto(context, path), options);
}

function problem(value: unknown): { field: string; reason: string } | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value))
    return { field: "(line)", reason: "not a JSON object" };
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || !ID.test(v.id))
    return { field: "id", reason: "missing or not letters, digits, _ . : - (≤ 101 characters)" };
  if (typeof v.name !== "string" || !v.name.trim() || v.name.length > 300)
    return { field: "name", reason: "missing, empty or longer than 300 characters" };
  if (typeof v.vertical !== "string" || !(VERTICALS as readonly string[]).includes(v.vertical))
    return { field: "vertical", reason: `not one of ${VERTICALS.join(", ")}` };
  if (
    !Array.isArray(v.category) ||
    v.category.length < 1 ||
    v.category.length > 4 ||
    v.category.some((c) => typeof c !== "string" || !c.trim())
  )
    return { field: "category", reason: "must be 1–4 non-empty category names" };
  if (typeof v.price !== "number" || !Number.isFinite(v.price)) return { field: "price", reason: "not a number" };
  if (v.price < 0) return { field: "price", reason: "negative price" };
  if (v.price === 0 || v.price > MAX_PRICE)
    return { field: "price", reason: `absurd price (must be > 0 and ≤ ${MAX_PRICE})` };
  for (const key of ["tags", "labels", "cuisines", "ingredients"])
    if (v[key] !== undefined && (!Array.isArray(v[key]) || (v[key] as unknown[]).some((t) => typeof t !== "string")))
      return { field: key, reason: "must be an array of strings" };
  for (const key of ["brand", "description", "size", "imageUrl", "currency"])
    if (v[key] !== undefined && typeof v[key] !== "string") return { field: key, reason: "must be a string" };
  if (v.merchant !== undefined) {
    const m = v.merchant as Record<string, unknown>;
    if (!m || typeof m.id !== "string" || !ID.test(m.id) || typeof m.name !== "string" || !m.name)
      return { field: "merchant", reason: "needs id (letters, digits, _ . : -) and name" };
  }
  return undefined;
}

async function importInto(context: ImportContext, path: string): Promise<void> {
  const file = basename(path);
  const products = new StageBuffer(context, COLLECTIONS.products);
  const offers = new StageBuffer(context, COLLECTIONS.offers);
  const categories = new StageBuffer(context, COLLECTIONS.categories);
  const merchants = new StageBuffer(context, COLLECTIONS.merchants);
  // Category and merchant ids already staged this pass (bounded by the number of distinct categories/merchants).
  const seenCategories = new Set<string>();
  const seenMerchants = new Set<string>();
  const progress = startProgress(`import ${file}`, statSync(path).size);
  const input = createReadStream(path);
  input.on("data", (chunk) => progress.tick(chunk.length));
  const repaired = input.pipe(
    new Utf8Repair((line) =>
      context.report.warn({ file, line, field: "(line)", reason: "invalid UTF-8 repaired as Windows-1252" }),
    ),
  );
  let line = 0;
  try {
    for await (const text of createInterface({ input: repaired, crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      context.read(COLLECTIONS.products);
      if (text.includes(UNDECODABLE)) {
        context.reject(COLLECTIONS.products, {
          file,
          line,
          field: "(line)",
          reason: "invalid UTF-8: byte sequence that is neither UTF-8 nor Windows-1252",
        });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        context.reject(COLLECTIONS.products, {
          file,
          line,
          field: "(line)",
          reason: `malformed JSON: ${(error as Error).message}`,
          value: text,
        });
        continue;
      }
      const bad = problem(value);
      if (bad) {
        context.reject(COLLECTIONS.products, {
          file,
          line,
          ...bad,
          value: JSON.stringify((value as Record<string, unknown>)?.[bad.field] ?? null),
        });
        continue;
      }
      const item = value as JsonlProduct;
      const root = verticalCategory(item.vertical);
      const path_ = [root._id];
      for (let depth = 0; depth < item.category.length; depth++) {
        const id = `cat:jsonl:${item.vertical.toLowerCase()}:${item.category
          .slice(0, depth + 1)
          .map(slug)
          .join(":")}`.slice(0, 128);
        path_.push(id);
        if (!seenCategories.has(id)) {
          seenCategories.add(id);
          const category: CategoryDocument = {
            _id: id,
            name: item.category[depth]!.trim(),
            vertical: item.vertical,
            parentId: path_[depth]!,
            path: [...path_],
            depth: depth + 1,
            source: SOURCE,
          };
          await categories.add(category, file, line);
        }
      }
      if (!seenCategories.has(root._id)) {
        seenCategories.add(root._id);
        const existing = await context.db
          .collection<CategoryDocument>(COLLECTIONS.categories)
          .findOne({ _id: root._id });
        if (!existing) await categories.add({ ...root, source: SOURCE }, file, line);
      }
      const size = item.size ? parsePackSize(item.size) : parsePackSize(item.name);
      const price = Math.round(item.price * 100) / 100;
      const unit = unitPrice(price, size);
      const tags = new Set([
        ...(item.tags ?? []).map((t) => t.toLowerCase().trim()).filter(Boolean),
        ...inferTags(item.name, {
          labels: item.labels ?? [],
          categories: item.category,
          alcoholVertical: item.vertical === "ALCOHOL",
        }),
      ]);
      const merchantId = item.merchant ? `m:jsonl:${item.merchant.id}` : undefined;
      const product: ProductDocument = {
        _id: `p:jsonl:${item.id}`,
        name: item.name.trim(),
        ...(item.description ? { description: item.description } : {}),
        ...(item.brand ? { brand: item.brand } : {}),
        vertical: item.vertical,
        categoryId: path_[path_.length - 1]!,
        categoryPath: path_,
        ...(size ? { size } : {}),
        price,
        currency: item.currency ?? "USD",
        ...(unit ? { unitPrice: unit } : {}),
        tags: [...tags].sort(),
        ...(item.imageUrl ? { imageUrl: item.imageUrl } : {}),
        ...(merchantId && item.vertical === "RESTAURANT" ? { merchantId } : {}),
        ...(item.cuisines ? { cuisines: item.cuisines } : {}),
        ...(item.ingredients ? { ingredients: item.ingredients } : {}),
        source: SOURCE,
        createdAt: context.now,
        updatedAt: context.now,
      };
      await products.add(product, file, line);
      if (item.merchant && merchantId) {
        if (!seenMerchants.has(merchantId)) {
          seenMerchants.add(merchantId);
          const merchant: MerchantDocument = {
            _id: merchantId,
            name: item.merchant.name,
            kind: item.merchant.kind ?? (item.vertical === "RESTAURANT" ? "RESTAURANT" : "STORE"),
            verticals: [item.vertical],
            ...(item.merchant.city ? { city: item.merchant.city } : {}),
            source: SOURCE,
          };
          await merchants.add(merchant, file, line);
        }
        const offer: OfferDocument = {
          _id: `${merchantId}|${product._id}`,
          merchantId,
          productId: product._id,
          price,
          available: item.available ?? true,
        };
        await offers.add(offer, file, line);
      }
    }
  } finally {
    progress.stop();
  }
  for (const buffer of [products, offers, categories, merchants]) await buffer.flush();
}

/** `npm run import -- jsonl FILE [--report FILE]`. */
/** Command line of this importer (`--help`). */
export const USAGE = importUsage(SOURCE);

export async function main(argv: string[]): Promise<void> {
  await importCommand(SOURCE, argv, importJsonl);
}

import type { ProductDocument } from "../core/documents/product.document";
import { mulberry32 } from "../core/random";
import { CatalogReadModel } from "../subgraphs/personalization/read-models/catalog-read-model";
import { CoPurchaseReadModel } from "../subgraphs/personalization/read-models/co-purchase-read-model";
import { PopularityReadModel } from "../subgraphs/personalization/read-models/popularity-read-model";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { emitJson } from "./bench-args";

const ARGS = defineCommand({
  command: "node --expose-gc -r @swc-node/register jobs/command.ts bench .bench read-models",
  summary:
    "Heap bytes per item of personalization's read models, built from synthetic documents shaped like the seed's, and the time to build each (needs --expose-gc for exact heap deltas).",
  options: {
    products: { type: "int", min: 1, max: 10_000_000, default: 500_000, help: "products" },
    offers: { type: "int", min: 0, max: 100_000_000, help: "offers (default 5 a product)" },
    neighbours: { type: "int", min: 1, max: 1000, default: 30, help: "co-purchase neighbours a product" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;

/**
 * `read-models`: heap bytes per item of personalization's process-local read models, built from
 * synthetic documents shaped like the seed's (about 400 bytes of JSON a product, categories three levels
 * deep, five offers a product), and the time to build each. Needs `--expose-gc` for exact heap deltas.
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const { products, neighbours } = args;
  const offers = args.offers ?? products * 5;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) process.stderr.write("read-models: run node with --expose-gc for exact heap deltas\n");
  const heap = (): number => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  };
  const ids = Array.from({ length: products }, (_, i) => `p${String(i).padStart(7, "0")}`);
  const next = mulberry32(7);

  const base = heap();
  let started = performance.now();
  const catalog = await CatalogReadModel.build(
    {
      products: generate(products, (i) => product(ids[i]!, i, next)),
      offers: generate(offers, (i) => ({
        merchantId: `store${i % 200}`,
        productId: ids[Math.floor(next() * products)]!,
        price: Math.round(next() * 2000) / 100,
        available: next() > 0.1,
      })),
      categories: generate(0, () => {
        throw new Error("unused");
      }),
      merchants: generate(200, (i) => ({ _id: `store${i}`, name: `Store ${i}` })),
    },
    1,
  );
  const catalogMs = performance.now() - started;
  const catalogBytes = heap() - base;

  started = performance.now();
  const popularity = await PopularityReadModel.build(
    generate(products, (i) => ({
      _id: ids[i]!,
      categoryPath: categoryPath(i),
      buyers: Math.floor(next() * 1000),
      units: Math.floor(next() * 5000),
    })),
    1,
  );
  const popularityMs = performance.now() - started;
  const popularityBytes = heap() - base - catalogBytes;

  const coPurchaseProducts = Math.min(products, 200_000);
  started = performance.now();
  const coPurchase = await CoPurchaseReadModel.build(
    generate(coPurchaseProducts, (i) => ({
      _id: ids[i]!,
      neighbours: Array.from({ length: neighbours }, () => ({
        productId: ids[Math.floor(next() * coPurchaseProducts)]!,
        lift: Math.round(next() * 1e7) / 1e6,
        pmi: Math.round(next() * 4e6) / 1e6,
        support: 3 + Math.floor(next() * 50),
      })),
    })),
    1,
  );
  const coPurchaseMs = performance.now() - started;
  const coPurchaseBytes = heap() - base - catalogBytes - popularityBytes;

  const sample = JSON.stringify(product(ids[0]!, 0, mulberry32(1))).length;
  emitJson(
    {
      catalog: {
        products: catalog.size,
        offers: catalog.offerCount,
        productJsonBytes: sample,
        heapMb: mb(catalogBytes),
        bytesPerProduct: Math.round(catalogBytes / products),
        buildMs: Math.round(catalogMs),
      },
      popularity: {
        products: popularity.size,
        heapMb: mb(popularityBytes),
        bytesPerProduct: Math.round(popularityBytes / products),
        buildMs: Math.round(popularityMs),
      },
      coPurchase: {
        products: coPurchase.size,
        neighbours: coPurchase.neighbourCount,
        heapMb: mb(coPurchaseBytes),
        bytesPerNeighbour: Math.round(coPurchaseBytes / Math.max(1, coPurchase.neighbourCount)),
        buildMs: Math.round(coPurchaseMs),
      },
      rssMb: mb(process.memoryUsage().rss),
      node: process.version,
    },
    args.out,
  );
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

async function* generate<T>(count: number, make: (i: number) => T): AsyncIterable<T> {
  for (let i = 0; i < count; i += 1) yield make(i);
}

function categoryPath(i: number): string[] {
  return [`v${i % 4}`, `d${i % 40}`, `a${i % 400}`, `l${i % 2000}`];
}

/** A product shaped like the seed's (about 400 bytes of JSON). */
function product(id: string, i: number, next: () => number): ProductDocument {
  const path = categoryPath(i);
  const price = Math.round((1 + next() * 30) * 100) / 100;
  return {
    _id: id,
    name: `Organic Whole Grain Product ${i}`,
    description: "A synthetic product of the read-model benchmark, about as long as a seed description.",
    brand: `Brand ${i % 3000}`,
    vertical: "GROCERY",
    categoryId: path[path.length - 1]!,
    categoryPath: path,
    size: { value: 500, unit: "g", count: 1, text: "500 g" },
    price,
    currency: "USD",
    unitPrice: { value: price * 2, per: "kg" },
    tags: next() > 0.5 ? ["organic", "vegan"] : ["vegetarian"],
    source: "seed",
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    updatedAt: new Date(Date.UTC(2024, 0, 1)),
  };
}

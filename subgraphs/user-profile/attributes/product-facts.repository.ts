import type { Collection, Db } from "mongodb";
import { LRUCache } from "lru-cache";
import { CATALOG_COLLECTIONS, type ProductDocument } from "../../catalog/read-model";
import { normalizeSize, type ProductFacts } from "./attributes.calculator";

/** The product fields the attributes need. */
export const PRODUCT_FACTS_PROJECTION = {
  vertical: 1,
  categoryId: 1,
  brand: 1,
  price: 1,
  size: 1,
  tags: 1,
  cuisines: 1,
} as const;

/** Largest `$in` list sent in one query. */
const CHUNK = 1000;

/** Converts a product document to {@link ProductFacts}. */
export function toProductFacts(
  document: Pick<ProductDocument, "_id" | "vertical" | "categoryId" | "brand" | "price" | "size" | "tags" | "cuisines">,
): ProductFacts {
  return {
    id: document._id,
    vertical: document.vertical,
    categoryId: document.categoryId,
    brand: document.brand ? document.brand : null,
    price: document.price,
    size: normalizeSize(document.size),
    tags: document.tags ?? [],
    cuisines: document.cuisines ?? [],
  };
}

/** Reads product facts from `products` in `$in` chunks, optionally through an LRU cache (batch jobs). */
export class ProductFactsRepository {
  private readonly collection: Collection<ProductDocument>;
  private readonly cache?: LRUCache<string, ProductFacts>;

  constructor(db: Db, cacheSize = 0) {
    this.collection = db.collection<ProductDocument>(CATALOG_COLLECTIONS.products);
    if (cacheSize > 0) this.cache = new LRUCache<string, ProductFacts>({ max: cacheSize });
  }

  /**
   * Streams every product into the cache (when it holds them all, later look-ups never query), showing
   * each product's facts to `visit`; returns the number read.
   */
  async preloadAll(onProducts?: (count: number) => void, visit?: (facts: ProductFacts) => void): Promise<number> {
    let seen = 0;
    for await (const document of this.collection.find({}, { projection: PRODUCT_FACTS_PROJECTION, batchSize: 2000 })) {
      const facts = toProductFacts(document);
      this.cache?.set(document._id, facts);
      visit?.(facts);
      if (++seen % 1000 === 0) onProducts?.(1000);
    }
    onProducts?.(seen % 1000);
    return seen;
  }

  /** Facts of the products that exist among `ids`. */
  async findByIds(ids: Iterable<string>): Promise<Map<string, ProductFacts>> {
    const found = new Map<string, ProductFacts>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.cache?.get(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    for (let start = 0; start < missing.length; start += CHUNK) {
      const documents = await this.collection
        .find({ _id: { $in: missing.slice(start, start + CHUNK) } }, { projection: PRODUCT_FACTS_PROJECTION })
        .toArray();
      for (const document of documents) {
        const facts = toProductFacts(document);
        found.set(facts.id, facts);
        this.cache?.set(facts.id, facts);
      }
    }
    return found;
  }
}

import type { Collection, Db, Filter } from "mongodb";
import { ensureIndexes } from "../database/ensure-indexes";
import type { LlmSource } from "../llm/llm-feature";
import { COLLECTIONS } from "./collections";
import type { OfferDocument } from "./merchant.document";
import type { ProductDocument } from "./product.document";

/**
 * Collection of LLM-generated collections: written by the collections plugin's enrichment (`npm run jobs --
 * llm-collections`), read by the personalization process (its read model, this repository as the fallback).
 * Here, in core, because the host serves what the plugin writes.
 */
export const GENERATED_COLLECTIONS = "generated_collections";

/** What a generated collection's items must satisfy (every field that is set). */
export interface GeneratedCollectionConstraints {
  categoryIds: string[];
  tags: string[];
  brands: string[];
  maxPrice: number | null;
}

/** A stored collection as readers see it (plugins/sdk's `GeneratedCollectionInfo`). */
export interface StoredGeneratedCollection {
  id: string;
  target: string;
  title: string;
  description: string;
  constraints: GeneratedCollectionConstraints;
  itemCount: number;
  source: LlmSource;
}

/** A stored generated collection (`_id` = `${target}#${n}`). */
export interface GeneratedCollectionDocument {
  _id: string;
  target: string;
  targetKind: "cluster" | "store" | "category";
  title: string;
  description: string;
  constraints: GeneratedCollectionConstraints;
  itemCount: number;
  /** Position among the target's collections (0 = best). */
  position: number;
  source: LlmSource;
  promptVersion: string;
  generatedAt: Date;
}

/** Most items a constraint query reads before the stock check. */
const MAX_SCAN = 600;

/** Reads and writes `generated_collections`; retrieves their items from `products` and `offers`. */
export class GeneratedCollectionsRepository {
  private readonly collection: Collection<GeneratedCollectionDocument>;

  constructor(private readonly db: Db) {
    this.collection = db.collection<GeneratedCollectionDocument>(GENERATED_COLLECTIONS);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { target: 1, position: 1 }, name: "target_1_position_1" }]);
  }

  async forTargets(targets: readonly string[], limit: number): Promise<StoredGeneratedCollection[]> {
    if (targets.length === 0 || limit <= 0) return [];
    const documents = await this.collection
      .find({ target: { $in: [...targets] } })
      .sort({ position: 1, _id: 1 })
      .limit(Math.min(limit * 4, 200))
      .toArray();
    const order = new Map(targets.map((target, i) => [target, i]));
    documents.sort(
      (a, b) =>
        (order.get(a.target) ?? 0) - (order.get(b.target) ?? 0) ||
        a.position - b.position ||
        a._id.localeCompare(b._id),
    );
    return documents.slice(0, limit).map((document) => ({
      id: document._id,
      target: document.target,
      title: document.title,
      description: document.description,
      constraints: document.constraints,
      itemCount: document.itemCount,
      source: document.source,
    }));
  }

  /**
   * Products under any of the categories, carrying every tag, of one of the brands and at most the price;
   * in stock at `storeId` (an available offer) or, without a store, available somewhere when the
   * catalog has offers at all. Cheapest first; score 1/(rank+1).
   */
  async items(
    constraints: GeneratedCollectionConstraints,
    storeId: string | null,
    limit: number,
  ): Promise<{ productId: string; score: number }[]> {
    if (constraints.categoryIds.length === 0 || limit <= 0) return [];
    const filter: Filter<ProductDocument> = { categoryPath: { $in: constraints.categoryIds } };
    if (constraints.tags.length > 0) filter.tags = { $all: constraints.tags };
    if (constraints.brands.length > 0) filter.brand = { $in: constraints.brands };
    if (constraints.maxPrice !== null) filter.price = { $lte: constraints.maxPrice };
    const products = await this.db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find(filter, { projection: { _id: 1, price: 1 } })
      .sort({ price: 1, _id: 1 })
      .limit(Math.min(MAX_SCAN, Math.max(limit * 3, limit)))
      .toArray();
    let ids = products.map((product) => product._id);
    const offers = this.db.collection<OfferDocument>(COLLECTIONS.offers);
    if (storeId) {
      const stocked = new Set(
        (
          await offers
            .find({ merchantId: storeId, productId: { $in: ids }, available: true }, { projection: { productId: 1 } })
            .toArray()
        ).map((offer) => offer.productId),
      );
      ids = ids.filter((id) => stocked.has(id));
    } else if ((await offers.findOne({}, { projection: { _id: 1 } })) !== null) {
      const stocked = new Set(
        (
          await offers.find({ productId: { $in: ids }, available: true }, { projection: { productId: 1 } }).toArray()
        ).map((offer) => offer.productId),
      );
      ids = ids.filter((id) => stocked.has(id));
    }
    return ids.slice(0, limit).map((productId, i) => ({ productId, score: 1 / (i + 1) }));
  }

  /** Replaces the stored collections of one target. */
  async replaceTarget(target: string, documents: GeneratedCollectionDocument[]): Promise<void> {
    await this.collection.deleteMany({ target });
    if (documents.length > 0) await this.collection.insertMany(documents);
  }
}

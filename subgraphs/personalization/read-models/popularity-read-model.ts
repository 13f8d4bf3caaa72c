import type { ScoredId } from "../../../plugins/sdk/services";
import type { PopularityDocument } from "../popularity.repository";

const YIELD_EVERY = 2000;

/**
 * Product popularity (collection `product_popularity`) held in this process: products ranked by
 * distinct buyers, then units, then id, overall and under every category of their path, in Int32Arrays
 * of row numbers, with buyers in a typed column (about 8 bytes a product plus 4 per path entry, and its id).
 */
export class PopularityReadModel {
  private readonly ids: string[] = [];
  private readonly rows = new Map<string, number>();
  private buyers = new Int32Array(0);
  private rankedAll = new Int32Array(0);
  private readonly rankedIn = new Map<string, Int32Array>();

  private constructor(readonly version: number) {}

  /** Builds the model from a stream of popularity documents. */
  static async build(
    documents: AsyncIterable<Pick<PopularityDocument, "_id" | "categoryPath" | "buyers" | "units">>,
    version: number,
  ): Promise<PopularityReadModel> {
    const model = new PopularityReadModel(version);
    const buyers: number[] = [];
    const units: number[] = [];
    const members = new Map<string, number[]>();
    for await (const document of documents) {
      if (model.rows.has(document._id)) continue;
      const row = model.ids.length;
      model.ids.push(document._id);
      model.rows.set(document._id, row);
      buyers.push(document.buyers);
      units.push(document.units);
      for (const categoryId of new Set(document.categoryPath ?? [])) {
        let list = members.get(categoryId);
        if (!list) members.set(categoryId, (list = []));
        list.push(row);
      }
      if (row % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    model.buyers = Int32Array.from(buyers);
    const ids = model.ids;
    const byRank = (a: number, b: number): number =>
      buyers[b]! - buyers[a]! || units[b]! - units[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
    model.rankedAll = Int32Array.from(ids.keys()).sort(byRank);
    for (const [categoryId, list] of members) model.rankedIn.set(categoryId, Int32Array.from(list).sort(byRank));
    return model;
  }

  /** Products held. */
  get size(): number {
    return this.ids.length;
  }

  /** Distinct buyers of the most popular product (at least 1): the scale of every score. */
  get maxBuyers(): number {
    return Math.max(1, this.rankedAll.length > 0 ? this.buyers[this.rankedAll[0]!]! : 1);
  }

  /** The `limit` most popular products, optionally under a category; score = buyers / {@link maxBuyers}. */
  top(limit: number, categoryId?: string | null): ScoredId[] {
    const list = categoryId ? this.rankedIn.get(categoryId) : this.rankedAll;
    if (!list) return [];
    const n = Math.min(list.length, Math.max(0, Math.floor(limit)));
    const scale = this.maxBuyers;
    const result: ScoredId[] = new Array(n);
    for (let i = 0; i < n; i += 1)
      result[i] = { productId: this.ids[list[i]!]!, score: this.buyers[list[i]!]! / scale };
    return result;
  }

  /** Popularity prior in [0, 1] of the given products; never-bought products are absent. */
  priors(ids: readonly string[]): Map<string, number> {
    const scale = this.maxBuyers;
    const result = new Map<string, number>();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row !== undefined) result.set(id, Math.min(1, this.buyers[row]! / scale));
    }
    return result;
  }
}

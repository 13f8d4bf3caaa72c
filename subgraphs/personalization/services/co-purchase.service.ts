import type { Collection, Db } from "mongodb";
import { findByIds } from "../../../core/database/by-id-reads";
import type { CoPurchaseService, ScoredId } from "../../../plugins/sdk/services";
import type { CoPurchaseReadModel } from "../read-models/co-purchase-read-model";
import { CO_PURCHASE_COLLECTION, type CoPurchaseDocument } from "../statistics/co-purchase.document";
import type { ReadModelHolder } from "../read-models/read-model-holder";
import { READ_MODEL_WAIT_MS } from "../read-models/read-models";

/** A complement with the evidence behind it: `score` is the lift, `via` the input item it complements. */
export interface Complement extends ScoredId {
  /** The given product it was most often bought with (highest lift). */
  via: string;
  lift: number;
  pmi: number;
  support: number;
}

/** Most input ids read per call (the rest are ignored; callers pass the most relevant first). */
export const MAX_COMPLEMENT_SEEDS = 100;
/** Most complements returned per call. */
export const MAX_COMPLEMENTS = 500;

/**
 * Reads complements from collection `co_purchase` (written by `npm run jobs -- co-purchase` and the
 * background rebuild): from the process's read model when one is given and loaded, else one `$in`.
 */
export class MongoCoPurchaseService implements CoPurchaseService {
  private readonly collection: Collection<CoPurchaseDocument>;

  constructor(
    db: Db,
    private readonly model?: ReadModelHolder<CoPurchaseReadModel>,
  ) {
    this.collection = db.collection<CoPurchaseDocument>(CO_PURCHASE_COLLECTION);
  }

  /**
   * Complements of the given items in one `$in` query: each neighbour scored by its best lift over the
   * inputs (ties: more inputs it complements, then support, then id); the inputs themselves are
   * excluded. An empty or unknown input gives an empty list.
   */
  async complements(productIds: readonly string[], limit: number): Promise<Complement[]> {
    const seeds = [...new Set(productIds.filter((id) => typeof id === "string" && id.length > 0))].slice(
      0,
      MAX_COMPLEMENT_SEEDS,
    );
    const cap = Math.min(Math.max(Math.floor(limit), 0), MAX_COMPLEMENTS);
    if (seeds.length === 0 || cap === 0) return [];
    const documents = await this.documents(seeds);
    const inputs = new Set(seeds);
    const best = new Map<string, Complement & { hits: number }>();
    for (const document of documents) {
      for (const neighbour of document.neighbours ?? []) {
        if (inputs.has(neighbour.productId)) continue;
        const current = best.get(neighbour.productId);
        if (!current) {
          best.set(neighbour.productId, {
            productId: neighbour.productId,
            score: neighbour.lift,
            via: document._id,
            lift: neighbour.lift,
            pmi: neighbour.pmi,
            support: neighbour.support,
            hits: 1,
          });
          continue;
        }
        current.hits += 1;
        if (neighbour.lift > current.lift)
          Object.assign(current, {
            score: neighbour.lift,
            via: document._id,
            lift: neighbour.lift,
            pmi: neighbour.pmi,
            support: neighbour.support,
          });
      }
    }
    return [...best.values()]
      .sort(
        (a, b) => b.score - a.score || b.hits - a.hits || b.support - a.support || (a.productId < b.productId ? -1 : 1),
      )
      .slice(0, cap)
      .map(({ hits: _hits, ...complement }) => complement);
  }

  /** The co-purchase documents of `seeds` that exist, in seed order. */
  private async documents(seeds: readonly string[]): Promise<Pick<CoPurchaseDocument, "_id" | "neighbours">[]> {
    const model = await this.model?.get(READ_MODEL_WAIT_MS);
    if (model)
      return seeds.flatMap((id) => {
        const neighbours = model.neighbours(id);
        return neighbours ? [{ _id: id, neighbours }] : [];
      });
    const documents = await findByIds(this.collection, seeds, { projection: { neighbours: 1 } });
    const order = new Map(seeds.map((id, position) => [id, position]));
    return documents.sort((a, b) => order.get(a._id)! - order.get(b._id)!);
  }
}

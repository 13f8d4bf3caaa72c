import type { Collection, Db } from "mongodb";
import type { KnowledgeGraphService, ScoredId } from "../../../plugins/sdk/services";
import {
  KNOWLEDGE_GRAPH_COLLECTION,
  type EdgeProvenance,
  type KnowledgeGraphEdgeDocument,
} from "../statistics/knowledge-graph.document";
import type { CuisineProductEdge, KnowledgeGraphReadModel } from "../read-models/knowledge-graph-read-model";
import { themeKey } from "../../../core/knowledge/knowledge-graph.lexicon";
import type { ReadModelHolder } from "../read-models/read-model-holder";
import { READ_MODEL_WAIT_MS } from "../read-models/read-models";

/**
 * A grocery product for a cuisine: `score` is the edge confidence, `via` the grocery term that linked
 * them, `onTheme` whether the link is direct (see `KnowledgeGraphEdgeDocument.direct`).
 */
export interface CuisineProduct extends ScoredId {
  via: string;
  provenance: EdgeProvenance[];
  onTheme: boolean;
}

/** Most products returned per call. */
export const MAX_CUISINE_PRODUCTS = 500;

/**
 * Reads the restaurant → grocery knowledge graph (written by `npm run jobs -- knowledge-graph` and the
 * background rebuild): cuisine products from the process's read model when one is given and loaded.
 */
export class MongoKnowledgeGraphService implements KnowledgeGraphService {
  private readonly collection: Collection<KnowledgeGraphEdgeDocument>;

  constructor(
    db: Db,
    private readonly model?: ReadModelHolder<KnowledgeGraphReadModel>,
  ) {
    this.collection = db.collection<KnowledgeGraphEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION);
  }

  /**
   * Grocery products for cooking a cuisine or dish type at home ("Japanese", "ramen"; aliases and
   * case are normalized), in one query. Best confidence first, interleaved across grocery terms so a
   * short list mixes noodles, miso and nori rather than ten noodle packs. Each product says whether its
   * link is direct (`onTheme`). Unknown cuisine → [].
   */
  async groceryForCuisine(cuisine: string, limit: number): Promise<CuisineProduct[]> {
    const cap = Math.min(Math.max(Math.floor(limit), 0), MAX_CUISINE_PRODUCTS);
    const key = typeof cuisine === "string" ? themeKey(cuisine) : "";
    if (!key || cap === 0) return [];
    const edges = await this.cuisineEdges(key, Math.min(cap * 10, 2000));
    const groups = new Map<string, CuisineProductEdge[]>();
    for (const edge of edges) {
      const term = edge.term ?? "";
      let group = groups.get(term);
      if (!group) groups.set(term, (group = []));
      group.push(edge);
    }
    const result: CuisineProduct[] = [];
    const seen = new Set<string>();
    const lists = [...groups.values()];
    for (let round = 0; result.length < cap && lists.some((list) => list.length > round); round += 1) {
      for (const list of lists) {
        const edge = list[round];
        if (!edge || seen.has(edge.to)) continue;
        seen.add(edge.to);
        result.push({
          productId: edge.to,
          score: edge.confidence,
          via: edge.term ?? "",
          provenance: edge.provenance,
          onTheme: edge.direct !== false,
        });
        if (result.length >= cap) break;
      }
    }
    return result;
  }

  /** The best `limit` cuisine-product edges of a cuisine key, best confidence first (ties by id). */
  private async cuisineEdges(key: string, limit: number): Promise<readonly CuisineProductEdge[]> {
    const model = await this.model?.get(READ_MODEL_WAIT_MS);
    if (model) return model.cuisineProducts(key, limit);
    return this.collection
      .find(
        { from: key, kind: "cuisine-product" },
        { projection: { to: 1, term: 1, confidence: 1, provenance: 1, direct: 1 } },
      )
      .sort({ confidence: -1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** Edges leaving a node (a theme key or a dish id), best first; for inspection and tests. */
  async edgesFrom(from: string, limit = 100): Promise<KnowledgeGraphEdgeDocument[]> {
    return this.collection
      .find({ from })
      .sort({ confidence: -1, _id: 1 })
      .limit(Math.min(Math.max(limit, 1), 1000))
      .toArray();
  }
}

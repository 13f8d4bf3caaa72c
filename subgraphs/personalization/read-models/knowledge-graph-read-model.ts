import type { KnowledgeGraphEdgeDocument } from "../statistics/knowledge-graph.document";

/** What groceryForCuisine reads of an edge. */
export type CuisineProductEdge = Pick<
  KnowledgeGraphEdgeDocument,
  "_id" | "to" | "term" | "confidence" | "provenance" | "direct"
>;

/**
 * The knowledge graph's cuisine → grocery product edges (the only kind the request path reads), held in
 * this process by cuisine key, best confidence first (ties by edge id), as the database query sorts them.
 * The graph is small (themes × terms × products per term), so edges stay plain frozen objects.
 */
export class KnowledgeGraphReadModel {
  private readonly byCuisine = new Map<string, readonly CuisineProductEdge[]>();
  private edges = 0;

  private constructor(readonly version: number) {}

  /** Builds the model from a stream of `cuisine-product` edges (other kinds are skipped). */
  static async build(
    documents: AsyncIterable<
      Pick<KnowledgeGraphEdgeDocument, "_id" | "kind" | "from" | "to" | "term" | "confidence" | "provenance" | "direct">
    >,
    version: number,
  ): Promise<KnowledgeGraphReadModel> {
    const model = new KnowledgeGraphReadModel(version);
    const lists = new Map<string, CuisineProductEdge[]>();
    for await (const edge of documents) {
      if (edge.kind !== "cuisine-product") continue;
      let list = lists.get(edge.from);
      if (!list) lists.set(edge.from, (list = []));
      list.push(
        Object.freeze({
          _id: edge._id,
          to: edge.to,
          term: edge.term ?? null,
          confidence: edge.confidence,
          provenance: Object.freeze([...(edge.provenance ?? [])]) as KnowledgeGraphEdgeDocument["provenance"],
          ...(edge.direct === undefined ? {} : { direct: edge.direct }),
        }),
      );
      model.edges += 1;
    }
    for (const [from, list] of lists) {
      list.sort((a, b) => b.confidence - a.confidence || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
      model.byCuisine.set(from, list);
    }
    return model;
  }

  /** Edges held. */
  get size(): number {
    return this.edges;
  }

  /** The first `limit` cuisine-product edges of a cuisine key, best first. */
  cuisineProducts(key: string, limit: number): readonly CuisineProductEdge[] {
    return (this.byCuisine.get(key) ?? []).slice(0, Math.max(0, limit));
  }
}

/** Collection of typed knowledge-graph edges, written by the knowledge-graph job. */
export const KNOWLEDGE_GRAPH_COLLECTION = "knowledge_graph_edges";

/** Where an edge came from: the hand-curated lexicon, restaurant menu data (catalog dishes or the menus folder), or an LLM. */
export type EdgeProvenance = "lexicon" | "menu-data" | "llm";

/** Kinds of edges; the name reads from → to. */
export type EdgeKind =
  "dish-ingredient" | "dish-category" | "cuisine-dish" | "cuisine-ingredient" | "cuisine-category" | "cuisine-product";

/**
 * One edge (collection `knowledge_graph_edges`). Cuisine nodes are theme keys of the lexicon
 * ("ramen", "japanese"); dish nodes are restaurant product ids; ingredient nodes are English terms;
 * category and product nodes are catalog ids. `_id` is `${kind}|${from}|${to}`.
 */
export interface KnowledgeGraphEdgeDocument {
  _id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  /** Display name of `to` (category or product name, or the term). */
  toName: string;
  /** The grocery term that produced a category or product edge ("instant noodles"). */
  term: string | null;
  /** In [0, 1]. */
  confidence: number;
  provenance: EdgeProvenance[];
  /** Observations behind a menu-data edge (dishes), 0 for lexicon-only edges. */
  support: number;
  /** Version (start time in ms) of the build that wrote it. */
  version: number;
  /**
   * For a cuisine-product edge: true when the link is direct (the product's name holds a grocery term
   * of the cuisine, or its category is named exactly like one), false when the product only lies under
   * a broader category a term matched ("egg" → Dairy & Eggs → a carton of milk). Absent in graphs
   * built before it existed (read as direct).
   */
  direct?: boolean;
}

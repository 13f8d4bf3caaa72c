import type { Db } from "mongodb";
import { type CategoryDocument, CATALOG_COLLECTIONS, type ProductDocument } from "../../catalog/read-model";
import { KNOWLEDGE_GRAPH_COLLECTION, type EdgeKind, type KnowledgeGraphEdgeDocument } from "./knowledge-graph.document";
import { tokens } from "../../../core/knowledge/knowledge-graph.text";

/** Kinds an `llm` edge may have: the builder's dish kinds, and complement/substitute, which only kg-augment writes. */
export type LlmCarriedKind = Extract<EdgeKind, "dish-ingredient" | "dish-category"> | "complement" | "substitute";

/** An `llm`-provenance edge as kg-augment stores it in `knowledge_graph_edges`. */
export type LlmEdgeDocument = Omit<KnowledgeGraphEdgeDocument, "kind"> & { kind: LlmCarriedKind };

/** Why a carried edge was dropped on rebuild. */
export interface LlmEdgeDrops {
  /** The dish (`from`) is no longer a restaurant product. */
  missingDish: number;
  /** The target category or grocery product no longer exists. */
  missingTarget: number;
  /** An ingredient term no grocery product or category name contains any more. */
  unmatchedTerm: number;
  /** A kind kg-augment does not write (corrupt or foreign document). */
  unknownKind: number;
}

/** What a rebuild did with the `llm` edges it found. */
export interface LlmEdgeCarryOver {
  found: number;
  kept: number;
  dropped: number;
  drops: LlmEdgeDrops;
  keptByKind: Record<LlmCarriedKind, number>;
}

const CARRIED_KINDS: ReadonlySet<string> = new Set<LlmCarriedKind>([
  "dish-ingredient",
  "dish-category",
  "complement",
  "substitute",
]);
const ID_BATCH = 1000;

/**
 * Carries the `llm`-provenance edges of the current graph through a rebuild, which replaces the
 * collection wholesale. Contract: `load` reads them before the build; the builder shows it every grocery
 * category and product name (`observeName`) so ingredient terms are re-checked against the current
 * catalog; `validate` then checks dishes, categories and products by id and returns the survivors.
 * Edges kg-augment writes while a rebuild runs are not seen and must be re-proposed (re-run kg-augment).
 */
export class LlmEdgeCarrier {
  private edges: LlmEdgeDocument[] = [];
  private readonly termTokens = new Map<string, string[]>();
  private readonly termsByAnchor = new Map<string, string[]>();
  private readonly matchedTerms = new Set<string>();

  constructor(private readonly db: Db) {}

  /** Reads the current graph's `llm` edges, the cuisine links derived from them left out (none when the collection does not exist yet). */
  async load(): Promise<number> {
    // Cuisine edges with `llm` provenance are what the previous build derived from these: rebuilt, never carried.
    this.edges = (
      await this.db.collection<LlmEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION).find({ provenance: "llm" }).toArray()
    ).filter((edge) => !String(edge.kind).startsWith("cuisine-"));
    for (const edge of this.edges) {
      if (edge.kind !== "dish-ingredient" || this.termTokens.has(edge.to)) continue;
      const wanted = tokens(edge.to);
      this.termTokens.set(edge.to, wanted);
      const anchor = wanted[0];
      if (anchor) this.termsByAnchor.set(anchor, [...(this.termsByAnchor.get(anchor) ?? []), edge.to]);
    }
    return this.edges.length;
  }

  /** The loaded `llm` edges (before validation), for the builder to derive cuisine links from. */
  get loaded(): readonly LlmEdgeDocument[] {
    return this.edges;
  }

  /** True when there is nothing to carry (the builder can skip name checks). */
  get empty(): boolean {
    return this.edges.length === 0;
  }

  /** A grocery category or product name: ingredient terms whose every token it contains are still sold. */
  observeName(name: string): void {
    if (this.termsByAnchor.size === 0) return;
    const present = new Set(tokens(name));
    for (const token of present) {
      for (const term of this.termsByAnchor.get(token) ?? []) {
        if (!this.matchedTerms.has(term) && this.termTokens.get(term)!.every((word) => present.has(word)))
          this.matchedTerms.add(term);
      }
    }
  }

  /**
   * The edges whose both ends still exist (dish a restaurant product; category or grocery product by id;
   * ingredient term named by a grocery product or category seen through `observeName`), with `version`
   * set to the rebuild's; the rest dropped and counted by reason.
   */
  async validate(version: number): Promise<{ edges: LlmEdgeDocument[]; report: LlmEdgeCarryOver }> {
    const report: LlmEdgeCarryOver = {
      found: this.edges.length,
      kept: 0,
      dropped: 0,
      drops: { missingDish: 0, missingTarget: 0, unmatchedTerm: 0, unknownKind: 0 },
      keptByKind: { "dish-ingredient": 0, "dish-category": 0, complement: 0, substitute: 0 },
    };
    const dishIds = new Set(this.edges.map((edge) => edge.from));
    const categoryIds = new Set(this.edges.filter((edge) => edge.kind === "dish-category").map((edge) => edge.to));
    const productIds = new Set(
      this.edges.filter((edge) => edge.kind === "complement" || edge.kind === "substitute").map((edge) => edge.to),
    );
    const products = this.db.collection<ProductDocument>(CATALOG_COLLECTIONS.products);
    const [dishes, categories, groceries] = await Promise.all([
      existing([...dishIds], (ids) =>
        products.find({ _id: { $in: ids }, vertical: "RESTAURANT" }, { projection: { _id: 1 } }).toArray(),
      ),
      existing([...categoryIds], (ids) =>
        this.db
          .collection<CategoryDocument>(CATALOG_COLLECTIONS.categories)
          .find({ _id: { $in: ids }, vertical: { $ne: "RESTAURANT" } }, { projection: { name: 1 } })
          .toArray(),
      ),
      existing([...productIds], (ids) =>
        products.find({ _id: { $in: ids }, vertical: { $ne: "RESTAURANT" } }, { projection: { name: 1 } }).toArray(),
      ),
    ]);
    const kept: LlmEdgeDocument[] = [];
    for (const edge of this.edges) {
      let reason: keyof LlmEdgeDrops | null;
      let toName = edge.toName;
      if (!CARRIED_KINDS.has(edge.kind)) reason = "unknownKind";
      else if (!dishes.has(edge.from)) reason = "missingDish";
      else if (edge.kind === "dish-category") reason = categories.has(edge.to) ? null : "missingTarget";
      else if (edge.kind === "dish-ingredient") reason = this.matchedTerms.has(edge.to) ? null : "unmatchedTerm";
      else reason = groceries.has(edge.to) ? null : "missingTarget";
      if (reason) {
        report.drops[reason] += 1;
        report.dropped += 1;
        continue;
      }
      // Names follow the catalog (a renamed product keeps its edge with its new name).
      toName = (edge.kind === "dish-category" ? categories.get(edge.to) : groceries.get(edge.to)) ?? toName;
      kept.push({ ...edge, toName, version });
      report.keptByKind[edge.kind] += 1;
      report.kept += 1;
    }
    return { edges: kept, report };
  }
}

/** Ids (in batches) that the lookup finds, with their names when projected. */
async function existing(
  ids: string[],
  lookup: (ids: string[]) => Promise<Array<{ _id: string; name?: string }>>,
): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>();
  for (let offset = 0; offset < ids.length; offset += ID_BATCH) {
    for (const document of await lookup(ids.slice(offset, offset + ID_BATCH))) found.set(document._id, document.name);
  }
  return found;
}

import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { ProductDocument } from "../../core/documents/product.document";
import { CatalogContextLoader, type CatalogContextLoaderOptions } from "../../core/llm/catalog-context.loader";
import { narrowContext, promptTokenReport } from "../../core/llm/context-narrowing";
import { kgAugmentationFeature, type LlmEdgeKind } from "./kg-augmentation.feature";
import type { LlmSource } from "../../core/llm/llm-feature";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import {
  KNOWLEDGE_GRAPH_COLLECTION,
  type EdgeKind,
  type KnowledgeGraphEdgeDocument,
} from "../../subgraphs/personalization/statistics/knowledge-graph.document";

/** An edge document of `knowledge_graph_edges` that may also carry the LLM kinds (complement, substitute). */
export type AugmentedEdgeDocument = Omit<KnowledgeGraphEdgeDocument, "kind"> & { kind: EdgeKind | LlmEdgeKind };

/** Summary of one augmentation run. */
export interface KgAugmentSummary {
  dishes: number;
  proposed: number;
  stored: number;
  /** Dropped by grounding (target not in the prompt's context) or by catalog validation (an end missing). */
  droppedUngrounded: number;
  droppedInvalid: number;
  byKind: Record<LlmEdgeKind, number>;
  bySource: Record<LlmSource, number>;
  promptTokens: { narrowed: number; naive: number };
}

/**
 * Proposes typed edges for restaurant dishes through the LLM gateway (model, cache or offline), with
 * a context narrowed to the grocery categories and items the dish's words match, validates both ends
 * against the catalog (`products`, `categories`) and upserts them into `knowledge_graph_edges`
 * (provenance "llm" for model answers, "menu-data" for offline ones). A `knowledge-graph` rebuild keeps
 * the "llm" edges whose ends still exist; offline ("menu-data") ones are not carried, the build derives its own dish edges.
 */
export async function augmentKnowledgeGraph(
  db: Db,
  gateway: LlmGateway,
  options: {
    maxDishes?: number;
    onDish?(done: number, total: number): void;
    semanticIds?: CatalogContextLoaderOptions["semanticIds"];
  } = {},
): Promise<KgAugmentSummary> {
  // Semantic IDs for the narrowing step come from the host (the job), which owns the model store.
  const loader = new CatalogContextLoader(db, { candidateLimit: 150, semanticIds: options.semanticIds });
  const { categories } = await loader.categories();
  const grocery = categories.filter((category) => category.vertical !== "RESTAURANT");
  const dishes = await db
    .collection<ProductDocument>(COLLECTIONS.products)
    .find({ vertical: "RESTAURANT" }, { projection: { name: 1, cuisines: 1, ingredients: 1 } })
    .sort({ _id: 1 })
    .limit(options.maxDishes ?? 500)
    .toArray();
  const summary: KgAugmentSummary = {
    dishes: dishes.length,
    proposed: 0,
    stored: 0,
    droppedUngrounded: 0,
    droppedInvalid: 0,
    byKind: { "dish-ingredient": 0, "dish-category": 0, complement: 0, substitute: 0 },
    bySource: { LLM: 0, CACHE: 0, OFFLINE: 0 },
    promptTokens: { narrowed: 0, naive: 0 },
  };
  const version = Date.now();
  const edges = db.collection<AugmentedEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION);
  let done = 0;
  for (const dish of dishes) {
    const words = [dish.name, ...(dish.ingredients ?? [])].join(" ");
    const candidates = (await loader.candidates(words)).filter((item) => item.vertical !== "RESTAURANT");
    const context = narrowContext(words, grocery, candidates, { maxItems: 30, maxCategories: 30 });
    const report = promptTokenReport(context, grocery, candidates);
    summary.promptTokens.narrowed += report.narrowedTokens;
    summary.promptTokens.naive += report.naiveTokens;
    const input = {
      dish: {
        id: dish._id,
        name: dish.name,
        cuisines: dish.cuisines ?? [],
        ingredients: (dish.ingredients ?? []).slice(0, 20),
      },
      categories: context.categories,
      items: context.items,
    };
    const result = await gateway.run(kgAugmentationFeature, input);
    summary.bySource[result.source] += 1;
    summary.droppedUngrounded += result.dropped;
    summary.proposed += result.output.edges.length;
    // Catalog validation: both ends must exist (the dish was read above; targets are checked here).
    const categoryIds = result.output.edges.filter((edge) => edge.kind === "dish-category").map((edge) => edge.to);
    const productIds = result.output.edges
      .filter((edge) => edge.kind === "complement" || edge.kind === "substitute")
      .map((edge) => edge.to);
    const [knownCategories, knownProducts] = await Promise.all([
      db
        .collection<CategoryDocument>(COLLECTIONS.categories)
        .find({ _id: { $in: categoryIds } }, { projection: { name: 1, vertical: 1 } })
        .toArray(),
      db
        .collection<ProductDocument>(COLLECTIONS.products)
        .find({ _id: { $in: productIds }, vertical: { $ne: "RESTAURANT" } }, { projection: { name: 1 } })
        .toArray(),
    ]);
    const names = new Map<string, string>([
      ...knownCategories.map((category) => [category._id, category.name] as const),
      ...knownProducts.map((product) => [product._id, product.name] as const),
    ]);
    const provenance = result.source === "OFFLINE" ? "menu-data" : "llm";
    const writes = [];
    for (const edge of result.output.edges) {
      const toName = edge.kind === "dish-ingredient" ? edge.to : names.get(edge.to);
      if (toName === undefined) {
        summary.droppedInvalid += 1;
        continue;
      }
      const document: AugmentedEdgeDocument = {
        _id: `${edge.kind}|${dish._id}|${edge.to}`,
        kind: edge.kind,
        from: dish._id,
        to: edge.to,
        toName,
        term: edge.kind === "dish-ingredient" ? edge.to : null,
        confidence: Math.round(edge.confidence * 1e4) / 1e4,
        provenance: [provenance],
        support: 0,
        version,
      };
      writes.push({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } });
      summary.byKind[edge.kind] += 1;
    }
    if (writes.length > 0) await edges.bulkWrite(writes, { ordered: false });
    summary.stored += writes.length;
    done += 1;
    options.onDish?.(done, dishes.length);
  }
  const count = Math.max(1, dishes.length);
  summary.promptTokens = {
    narrowed: Math.round(summary.promptTokens.narrowed / count),
    naive: Math.round(summary.promptTokens.naive / count),
  };
  return summary;
}

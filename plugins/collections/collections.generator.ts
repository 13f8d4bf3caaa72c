import type { Db } from "mongodb";
import { CatalogContextLoader } from "../../core/llm/catalog-context.loader";
import { renderCatalogBlock } from "../../core/llm/context-narrowing";
import { buildCollectionsPrompt, collectionsFeature } from "./collections.feature";
import type { LlmSource } from "../../core/llm/llm-feature";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import { estimateTokens } from "../../core/llm/token-estimate";
import {
  categoryTargets,
  clusterTargets,
  collectionsInputFor,
  storeTargets,
  type PlannedTarget,
} from "./collection-targets";
import { publishDerivedVersion } from "../../core/database/derived-version";
import {
  GENERATED_COLLECTIONS,
  GeneratedCollectionsRepository,
  type GeneratedCollectionDocument,
} from "../../core/documents/generated-collection.document";

/** Fewest in-stock catalog items a generated collection needs, unless the run says otherwise. */
export const DEFAULT_MIN_ITEMS = 4;

/** Options of {@link generateCollections}. */
export interface GenerateCollectionsOptions {
  /** Collections asked for per target. */
  perTarget?: number;
  /** Fewest in-stock catalog items a collection needs to be kept. */
  minItems?: number;
  /** Most stores and departments (clusters are all kept). */
  maxStores?: number;
  maxCategories?: number;
  /** Called after each target. */
  onTarget?(done: number, total: number): void;
  now?: Date;
}

/** Summary of one generation run. */
export interface GenerateCollectionsSummary {
  targets: { cluster: number; store: number; category: number };
  proposed: number;
  stored: number;
  /** Dropped for fewer than `minItems` in-stock items. */
  droppedTooFewItems: number;
  bySource: Record<LlmSource, number>;
  /** Model references dropped by grounding (unknown categories, brands, tags, products). */
  groundingDrops: number;
  /** Mean estimated prompt tokens per target: narrowed context vs the whole tree and every item of the focus categories. */
  promptTokens: { narrowed: number; naive: number };
}

/**
 * Generates themed collections for shopper clusters, stores and department subtrees through the LLM
 * gateway (model, cache or offline), grounds them, counts their in-stock catalog items by their
 * constraints (never invented), drops those under `minItems`, replaces each target's stored set and
 * publishes a new `derived_versions` entry so serving processes reload them.
 */
export async function generateCollections(
  db: Db,
  gateway: LlmGateway,
  options: GenerateCollectionsOptions = {},
): Promise<GenerateCollectionsSummary> {
  const perTarget = options.perTarget ?? 3;
  const minItems = options.minItems ?? DEFAULT_MIN_ITEMS;
  const now = options.now ?? new Date();
  const repository = new GeneratedCollectionsRepository(db);
  await repository.ensureIndexes();
  const { categories: tree } = await new CatalogContextLoader(db).categories();
  const planned: PlannedTarget[] = [
    ...(await clusterTargets(db)),
    ...(await storeTargets(db, options.maxStores ?? 20)),
    ...(await categoryTargets(db, options.maxCategories ?? 30)),
  ];
  const summary: GenerateCollectionsSummary = {
    targets: { cluster: 0, store: 0, category: 0 },
    proposed: 0,
    stored: 0,
    droppedTooFewItems: 0,
    bySource: { LLM: 0, CACHE: 0, OFFLINE: 0 },
    groundingDrops: 0,
    promptTokens: { narrowed: 0, naive: 0 },
  };
  const treeBlock = estimateTokens(renderCatalogBlock(tree, []));
  let done = 0;
  for (const target of planned) {
    summary.targets[target.target.kind] += 1;
    const { input, naiveItems } = await collectionsInputFor(db, target, tree, perTarget);
    const prompt = buildCollectionsPrompt(input);
    summary.promptTokens.narrowed += estimateTokens(prompt.system) + estimateTokens(prompt.user);
    summary.promptTokens.naive +=
      estimateTokens(prompt.system) + treeBlock + estimateTokens(renderCatalogBlock([], naiveItems));
    const result = await gateway.run(collectionsFeature, input);
    summary.groundingDrops += result.dropped;
    const documents: GeneratedCollectionDocument[] = [];
    for (const collection of result.output.collections) {
      summary.proposed += 1;
      const constraints = {
        categoryIds: collection.constraints.categoryIds,
        tags: collection.constraints.tags ?? [],
        brands: collection.constraints.brands ?? [],
        maxPrice: collection.constraints.maxPrice ?? null,
      };
      const items = await repository.items(constraints, target.storeId, minItems * 5);
      if (items.length < minItems) {
        summary.droppedTooFewItems += 1;
        continue;
      }
      documents.push({
        _id: `${target.target.key}#${documents.length}`,
        target: target.target.key,
        targetKind: target.target.kind,
        title: collection.title,
        description: collection.description,
        constraints,
        itemCount: items.length,
        position: documents.length,
        source: result.source,
        promptVersion: collectionsFeature.promptVersion,
        generatedAt: now,
      });
      summary.bySource[result.source] += 1;
    }
    await repository.replaceTarget(target.target.key, documents);
    summary.stored += documents.length;
    done += 1;
    options.onTarget?.(done, planned.length);
  }
  // Serving processes reload their generated-collections read model when this version changes.
  await publishDerivedVersion(db, GENERATED_COLLECTIONS);
  const count = Math.max(1, planned.length);
  summary.promptTokens = {
    narrowed: Math.round(summary.promptTokens.narrowed / count),
    naive: Math.round(summary.promptTokens.naive / count),
  };
  return summary;
}

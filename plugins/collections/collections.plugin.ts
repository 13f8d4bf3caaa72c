import { collectionsFeature } from "./collections.feature";
import type { CollectionProposal } from "../sdk/candidate";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import { numberOption } from "../sdk/llm-hooks";
import { DEFAULT_MIN_ITEMS, generateCollections } from "./collections.generator";
import type { GeneratedCollectionInfo } from "../sdk/services";
import { shopperClusterKey } from "./shopper-cluster";

/** Generated collections offered per request (targeting keeps those whose items suit the shopper). */
export const OFFERED_COLLECTIONS = 3;
/** The shopper's strongest categories whose department collections are offered after the cluster's. */
const AFFINITY_TARGETS = 6;

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

/** The constraints a proposal carries in `params` (written by `prospect`). */
export function constraintsOf(params: CollectionProposal["params"]): GeneratedCollectionInfo["constraints"] {
  return {
    categoryIds: stringList(params?.categoryIds),
    tags: stringList(params?.tags),
    brands: stringList(params?.brands),
    maxPrice: typeof params?.maxPrice === "number" ? params.maxPrice : null,
  };
}

/**
 * Offers the stored LLM-generated collections (`npm run jobs -- llm-collections`, and `npm start` on
 * first start) of the request's store, category subtree, shopper cluster and the shopper's strongest
 * departments; items are always retrieved from the catalog by the collection's constraints. Reads
 * stored output only (the serving process holds both in read models): the hot path never waits on a
 * model or queries the database. `enrich` (run by `npm run jobs -- llm-collections`, options `perTarget`,
 * `minItems`, `stores`, `categories`) generates and stores them.
 */
export const collectionsPlugin = defineLlmFeature({
  name: "generated_collections",
  description:
    "Themed collections generated offline for shopper clusters, stores and category subtrees; items always come from the catalog.",
  features: [collectionsFeature],
  needs: ["generatedCollections"],
  budgetMs: 150,
  async prospect(context) {
    const store = context.services.generatedCollections;
    const { attributes } = context;
    if (!store || attributes.surface === "CHECKOUT" || attributes.surface === "SEARCH") return [];
    const targets = [
      ...(attributes.storeId ? [`store:${attributes.storeId}`] : []),
      ...(attributes.categoryId ? [`category:${attributes.categoryId}`] : []),
      shopperClusterKey(attributes.verticalAffinity, attributes.priceSensitivity, attributes.coldStart),
      // Then the departments the shopper buys from most (category targets exist for departments only; other keys match nothing).
      ...Object.entries(attributes.categoryAffinity)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, AFFINITY_TARGETS)
        .map(([id]) => `category:${id}`),
    ];
    const found = await store.forTargets(targets, OFFERED_COLLECTIONS);
    return found.map((collection, i): CollectionProposal => ({
      id: `generated.${collection.id}`,
      title: collection.title,
      subtitle: collection.description,
      dimension: "generated_collections",
      relevance: Math.round((0.72 - 0.04 * i) * 100) / 100,
      params: {
        categoryIds: collection.constraints.categoryIds,
        tags: collection.constraints.tags,
        brands: collection.constraints.brands,
        ...(collection.constraints.maxPrice !== null ? { maxPrice: collection.constraints.maxPrice } : {}),
        target: collection.target,
        llmSource: collection.source,
      },
      // Its constraints are its theme: the pipeline keeps only items that satisfy all of them.
      theme: {
        label: collection.title,
        ...collection.constraints,
        maxPrice: collection.constraints.maxPrice ?? undefined,
      },
    }));
  },
  async retrieve(context, collection, limit) {
    const store = context.services.generatedCollections;
    if (!store) return [];
    return store.items(constraintsOf(collection.params), context.attributes.storeId, limit);
  },
  async enrich(context, options) {
    const minItems = numberOption(options, "minItems") ?? DEFAULT_MIN_ITEMS;
    const summary = await generateCollections(context.db, context.gateway, {
      perTarget: numberOption(options, "perTarget"),
      minItems,
      maxStores: numberOption(options, "stores"),
      maxCategories: numberOption(options, "categories"),
      onTarget: (done, total) => context.progress("collections", done, total),
    });
    return {
      summary,
      message: `${summary.stored} stored, ${summary.droppedTooFewItems} dropped for fewer than ${minItems} in-stock items, ${summary.groundingDrops} ungrounded references dropped; prompt ~${summary.promptTokens.narrowed} tokens vs ~${summary.promptTokens.naive} naive`,
    };
  },
});

import type { Db } from "mongodb";
import { readCatalogVersion } from "../../../core/catalog/catalog-version";
import {
  type CategoryDocument,
  CATALOG_COLLECTIONS,
  type MerchantDocument,
  type OfferDocument,
  type ProductDocument,
} from "../../catalog/read-model";
import { createLogger, type Logger } from "../../../core/logger";
import { POPULARITY_COLLECTION, type PopularityDocument } from "../popularity.repository";
import { CatalogReadModel } from "./catalog-read-model";
import { CoPurchaseReadModel } from "./co-purchase-read-model";
import { CO_PURCHASE_COLLECTION, type CoPurchaseDocument } from "../statistics/co-purchase.document";
import { DealsReadModel } from "./deals-read-model";
import { DEALS_COLLECTION, type DealDocument } from "../services/deals.document";
import { readDerivedVersion } from "../../../core/database/derived-version";
import { KnowledgeGraphReadModel } from "./knowledge-graph-read-model";
import { PopularityReadModel } from "./popularity-read-model";
import { KNOWLEDGE_GRAPH_COLLECTION, type KnowledgeGraphEdgeDocument } from "../statistics/knowledge-graph.document";
import { ReadModelHolder, type ReadModelRefresh } from "./read-model-holder";
import {
  GENERATED_COLLECTIONS,
  type GeneratedCollectionDocument,
} from "../../../core/documents/generated-collection.document";
import { GeneratedCollectionsReadModel } from "./generated-collections-read-model";

/** Documents per batch of the streaming scans that load the read models. */
const SCAN_BATCH = 2000;

/**
 * How long a request waits for a read model that is loading (first load, or a reload after a rebuild
 * in this process) before it reads the database instead.
 */
export const READ_MODEL_WAIT_MS = 2000;

/** The personalization process's read models over one database. */
export interface PersonalizationReadModels {
  /** Products, categories, merchants, medians, category lists, new arrivals and offers of one catalog version. */
  catalog: ReadModelHolder<CatalogReadModel>;
  popularity: ReadModelHolder<PopularityReadModel>;
  coPurchase: ReadModelHolder<CoPurchaseReadModel>;
  knowledgeGraph: ReadModelHolder<KnowledgeGraphReadModel>;
  deals: ReadModelHolder<DealsReadModel>;
  /** LLM-generated collections by target (plugins/collections), versioned like the statistics. */
  generatedCollections: ReadModelHolder<GeneratedCollectionsReadModel>;
  /** Reloads the catalog model when `catalog_meta.version` changed (the CATALOG_VERSION_POLL_SECONDS task). */
  refreshCatalog(): Promise<ReadModelRefresh>;
  /** Reloads each statistics model (and deals, generated collections) whose `derived_versions` entry changed (the STATISTICS_REFRESH_SECONDS task). */
  refreshStatistics(): Promise<ReadModelRefresh[]>;
}

const registry = new WeakMap<Db, PersonalizationReadModels>();

/** The read models of `db` in this process (created on first use; each loads on first read or refresh). */
export function readModelsFor(db: Db, logger?: Logger): PersonalizationReadModels {
  let models = registry.get(db);
  if (!models) {
    models = createReadModels(db, logger ?? createLogger("personalization"));
    registry.set(db, models);
  }
  return models;
}

function createReadModels(db: Db, logger: Logger): PersonalizationReadModels {
  const derivedVersion = (collection: string) => (database: Db) => readDerivedVersion(database, collection);
  const catalog = new ReadModelHolder<CatalogReadModel>(db, logger, {
    name: "catalog",
    version: readCatalogVersion,
    load: (database, version) =>
      CatalogReadModel.build(
        {
          products: database
            .collection<ProductDocument>(CATALOG_COLLECTIONS.products)
            .find({}, { batchSize: SCAN_BATCH }),
          offers: database
            .collection<OfferDocument>(CATALOG_COLLECTIONS.offers)
            .find(
              {},
              { projection: { merchantId: 1, productId: 1, price: 1, available: 1 }, batchSize: SCAN_BATCH * 5 },
            ),
          categories: database
            .collection<CategoryDocument>(CATALOG_COLLECTIONS.categories)
            .find({}, { batchSize: SCAN_BATCH }),
          merchants: database
            .collection<MerchantDocument>(CATALOG_COLLECTIONS.merchants)
            .find({}, { projection: { name: 1 }, batchSize: SCAN_BATCH }),
        },
        version,
      ),
  });
  const popularity = new ReadModelHolder<PopularityReadModel>(db, logger, {
    name: "popularity",
    derivedCollection: POPULARITY_COLLECTION,
    version: derivedVersion(POPULARITY_COLLECTION),
    load: (database, version) =>
      PopularityReadModel.build(
        database
          .collection<PopularityDocument>(POPULARITY_COLLECTION)
          .find({}, { projection: { categoryPath: 1, buyers: 1, units: 1 }, batchSize: SCAN_BATCH * 5 }),
        version,
      ),
  });
  const coPurchase = new ReadModelHolder<CoPurchaseReadModel>(db, logger, {
    name: "co-purchase",
    derivedCollection: CO_PURCHASE_COLLECTION,
    version: derivedVersion(CO_PURCHASE_COLLECTION),
    load: (database, version) =>
      CoPurchaseReadModel.build(
        database
          .collection<CoPurchaseDocument>(CO_PURCHASE_COLLECTION)
          .find({}, { projection: { neighbours: 1 }, batchSize: SCAN_BATCH }),
        version,
      ),
  });
  const knowledgeGraph = new ReadModelHolder<KnowledgeGraphReadModel>(db, logger, {
    name: "knowledge-graph",
    derivedCollection: KNOWLEDGE_GRAPH_COLLECTION,
    version: derivedVersion(KNOWLEDGE_GRAPH_COLLECTION),
    load: (database, version) =>
      KnowledgeGraphReadModel.build(
        database.collection<KnowledgeGraphEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION).find(
          { kind: "cuisine-product" },
          {
            projection: { kind: 1, from: 1, to: 1, term: 1, confidence: 1, provenance: 1, direct: 1 },
            batchSize: SCAN_BATCH,
          },
        ),
        version,
      ),
  });
  const deals = new ReadModelHolder<DealsReadModel>(db, logger, {
    name: "deals",
    derivedCollection: DEALS_COLLECTION,
    version: derivedVersion(DEALS_COLLECTION),
    load: (database, version) =>
      DealsReadModel.build(
        database.collection<DealDocument>(DEALS_COLLECTION).find(
          {},
          {
            projection: { userId: 1, productId: 1, kind: 1, value: 1, expiresAt: 1, reason: 1 },
            batchSize: SCAN_BATCH,
          },
        ),
        version,
      ),
  });
  const generatedCollections = new ReadModelHolder<GeneratedCollectionsReadModel>(db, logger, {
    name: "generated-collections",
    derivedCollection: GENERATED_COLLECTIONS,
    version: derivedVersion(GENERATED_COLLECTIONS),
    load: (database, version) =>
      GeneratedCollectionsReadModel.build(
        database.collection<GeneratedCollectionDocument>(GENERATED_COLLECTIONS).find({}, { batchSize: SCAN_BATCH }),
        version,
      ),
  });
  return {
    catalog,
    popularity,
    coPurchase,
    knowledgeGraph,
    deals,
    generatedCollections,
    refreshCatalog: () => catalog.refresh(),
    // One after another: on FerretDB/SQLite, parallel scans only queue behind each other.
    async refreshStatistics() {
      const results: ReadModelRefresh[] = [];
      for (const holder of [popularity, coPurchase, knowledgeGraph, deals, generatedCollections])
        results.push(await holder.refresh());
      return results;
    },
  };
}

import type { RankerService } from "./services/ranker.service";
import type { Db } from "mongodb";
import { loadConfig, subgraphUrl } from "../../core/config";
import type { Logger } from "../../core/logger";
import { CatalogContextLoader } from "../../core/llm/catalog-context.loader";
import { LlmGateway } from "../../core/llm/llm-gateway";
import type { LlmServices } from "../../plugins/sdk/llm-services";
import { withProvidedServices, type ProcessServiceCache, type ServiceProvider } from "../../plugins/sdk/define-service";
import type {
  BuiltInServices,
  LearnedRetrievalService,
  ServiceName,
  TextSearchService,
} from "../../plugins/sdk/services";
import type { SubgraphServices } from "../shared/subgraph";
import type { PipelineDeps } from "./pipeline/pipeline.types";
import { PLUGINS, SERVICES } from "../../plugins/registry";
import { SERVED_LLM_FEATURES, type LlmFeatureRegistry } from "./llm-features";
import { Timings } from "./pipeline/timings";
import { categoryLoader, MongoCatalogService, productLoader } from "./services/catalog.service";
import { MongoCoPurchaseService } from "./services/co-purchase.service";
import { DealsRepository } from "./services/deals.repository";
import { ServedGeneratedCollections } from "./services/generated-collections.service";
import { MongoKnowledgeGraphService } from "./services/knowledge-graph.service";
import { MongoPipelineReads } from "./services/pipeline-reads";
import { readModelsFor, type PersonalizationReadModels } from "./read-models/read-models";
import { VersionedTextSearch } from "./services/cached-text-search";
import { CatalogTextSearch, httpCatalogExecutor } from "./services/text-search.service";
import { SURFACE_CONFIGURATION } from "./surfaces";
import { learnedRetrievalFor } from "./learned-retrieval.provider";
import { searchIndexCandidates } from "./services/search-index-candidates";
import { semanticIdLookup } from "../../ml/semantic-ids/semantic-id.cache";

/**
 * Built-in services this process provides to plugins; the registry (with its plugin-provided `SERVICES`)
 * is validated against it at boot.
 */
export const PROVIDED_SERVICES: readonly ServiceName[] = [
  "catalog",
  "textSearch",
  "deals",
  "coPurchase",
  "knowledgeGraph",
  "generatedCollections",
  "embeddings",
];

/** The personalization request context: request-scoped loaders, services and timings; no globals. */
export interface PersonalizationContext {
  logger: Logger;
  db: Db;
  /** Per-step latency of this request (served in `extensions.timings` when asked). */
  timings: Timings;
  /** What the pipeline steps need. */
  pipeline: PipelineDeps;
  /** Request time. */
  now: () => Date;
  /** The process's LLM gateway and catalog context (what LLM feature hooks run with). */
  llm: LlmServices;
  /** The LLM feature plugins of the registry: resolvers call their hooks here (also `pipeline.features`). */
  features: LlmFeatureRegistry;
}

/** Test and bench hooks. */
export interface ContextOverrides {
  textSearch?: TextSearchService;
  services?: Partial<BuiltInServices>;
  /** Plugin-provided services (tests pass their own registry line); default the registry's SERVICES. */
  providers?: readonly ServiceProvider[];
  now?: () => Date;
  /** LLM gateway and catalog context (tests pass one on the offline provider or a fake Messages server). */
  llm?: LlmServices;
  /** The ranker; null pins ranking to the dimension blend whatever artifact DATA_DIR holds. */
  ranker?: RankerService | null;
  /** Learned retrieval; null pins it off whatever artifact DATA_DIR holds. */
  embeddings?: LearnedRetrievalService | null;
  /** The LLM feature plugins (tests drop one to show its feature off); default the served registry. */
  features?: LlmFeatureRegistry;
}

let defaultTextSearch: CatalogTextSearch | undefined;
/** The catalog's search over HTTP at the configured catalog URL (stateless: one per process). */
function catalogTextSearch(): CatalogTextSearch {
  defaultTextSearch ??= new CatalogTextSearch(httpCatalogExecutor(subgraphUrl(loadConfig(process.env), "catalog")));
  return defaultTextSearch;
}
/** The catalog's search with answers kept per catalog version, one per process and database. */
const versionedTextSearchByDb = new WeakMap<Db, VersionedTextSearch>();
function versionedTextSearch(db: Db, models: PersonalizationReadModels): VersionedTextSearch {
  let search = versionedTextSearchByDb.get(db);
  if (!search)
    versionedTextSearchByDb.set(
      db,
      (search = new VersionedTextSearch(catalogTextSearch(), () => models.catalog.version)),
    );
  return search;
}
/** One gateway per process and database: its LRU cache, in-flight coalescing and usage rollups are shared by requests. */
const llmByDb = new WeakMap<Db, LlmServices>();

/** The process's LLM services for `db` (created on first use from the validated configuration). */
export function llmServicesFor(db: Db, logger: Logger): LlmServices {
  let services = llmByDb.get(db);
  if (!services) {
    const findCandidates = searchIndexCandidates(catalogTextSearch(), readModelsFor(db, logger));
    services = {
      gateway: new LlmGateway({ config: loadConfig(process.env), db, logger }),
      catalogContext: new CatalogContextLoader(db, { findCandidates, semanticIds: semanticIdLookup(db) }),
    };
    llmByDb.set(db, services);
  }
  return services;
}

/** Process-scoped plugin-provided services, one set per process and database. */
const providedByDb = new WeakMap<Db, ProcessServiceCache>();

/** Builds a fresh context for one request. */
export function createPersonalizationContext(
  { db, logger }: SubgraphServices,
  overrides: ContextOverrides = {},
): PersonalizationContext {
  const timings = new Timings();
  // Process-local read models (catalog version, statistics, deals, generated collections); each read falls back to the database until loaded.
  const models = readModelsFor(db, logger);
  const product = productLoader(db, models);
  const category = categoryLoader(db, models);
  const builtIns: BuiltInServices = {
    catalog: new MongoCatalogService(db, product, models),
    textSearch: overrides.textSearch ?? versionedTextSearch(db, models),
    deals: new DealsRepository(db, models.deals),
    coPurchase: new MongoCoPurchaseService(db, models.coPurchase),
    knowledgeGraph: new MongoKnowledgeGraphService(db, models.knowledgeGraph),
    generatedCollections: new ServedGeneratedCollections(db, models),
    embeddings:
      overrides.embeddings === undefined ? learnedRetrievalFor(db, logger) : (overrides.embeddings ?? undefined),
    ...overrides.services,
  };
  let cache = providedByDb.get(db);
  if (!cache) providedByDb.set(db, (cache = new WeakMap()));
  const services = withProvidedServices(builtIns, overrides.providers ?? SERVICES, { db, logger, cache });
  const features = overrides.features ?? SERVED_LLM_FEATURES;
  return {
    logger,
    db,
    timings,
    features,
    now: overrides.now ?? (() => new Date()),
    llm: overrides.llm ?? llmServicesFor(db, logger),
    pipeline: {
      reads: new MongoPipelineReads(db, logger),
      logger,
      plugins: PLUGINS,
      features,
      surfaces: SURFACE_CONFIGURATION,
      services,
      loaders: { product, category },
      timings,
      ranker: overrides.ranker,
    },
  };
}

import type { Db } from "mongodb";
import { withRebuildLease } from "../../core/database/lease";
import { readDerivedVersion } from "../../core/database/derived-version";
import { ALL_PLUGINS, SERVICES } from "../../plugins/registry";
import { validateRegistry } from "../../plugins/sdk/registry-validation";
import { buildFederatedSchema } from "../shared/federation";
import type { BackgroundTask, SubgraphDefinition } from "../shared/subgraph";
import { CarouselsResolver } from "./carousels.resolver";
import { createPersonalizationContext, PROVIDED_SERVICES, type PersonalizationContext } from "./context";
import { DimensionsResolver } from "./dimensions.resolver";
import { droppedContributions } from "./pipeline/dropped-contributions";
import { PopularProductsResolver } from "./popular-products.resolver";
import { rebuildPopularity } from "./popularity.builder";
import { POPULARITY_COLLECTION, PopularityRepository } from "./popularity.repository";
import { CO_PURCHASE_COLLECTION } from "./statistics/co-purchase.document";
import { KNOWLEDGE_GRAPH_COLLECTION } from "./statistics/knowledge-graph.document";
import { SearchResolver } from "./search.resolver";
import { BundleResolver } from "./bundle.resolver";
import { buildCoPurchase } from "./statistics/co-purchase.builder";
import { buildKnowledgeGraph } from "./statistics/knowledge-graph.builder";
import { DealsRepository } from "./services/deals.repository";
import { readModelsFor } from "./read-models/read-models";
import { SURFACE_CONFIGURATION } from "./surfaces";
import { timingsPlugin } from "./timings.plugin";
import { modelArtifactsTask } from "../shared/model-artifacts.task";
import {
  RANKER_ARTIFACT,
  SEMANTIC_ID_ARTIFACT,
  servedArtifacts,
  TEXT_ENCODER_ARTIFACT,
  TWO_TOWER_ARTIFACT,
} from "../../ml/model-artifacts";
import { refreshLearnedRetrieval } from "./learned-retrieval.provider";
import { refreshDefaultRanker } from "./services/ranker.service";
import { UserCarouselsResolver } from "./user-carousels.resolver";
import { resolveUserReference, User } from "./user.type";

/** The personalization subgraph: the five-step pipeline, carousels, search and the plugin registry. */
export const personalizationSubgraph: SubgraphDefinition<PersonalizationContext> = {
  name: "personalization",
  port: (config) => config.PERSONALIZATION_PORT,
  schema: () => {
    // Boot-time validation: a bad registry or surface configuration fails here, by name.
    validateRegistry(ALL_PLUGINS, PROVIDED_SERVICES, SURFACE_CONFIGURATION, SERVICES);
    return buildFederatedSchema<PersonalizationContext>(
      {
        resolvers: [
          PopularProductsResolver,
          CarouselsResolver,
          SearchResolver,
          BundleResolver,
          DimensionsResolver,
          UserCarouselsResolver,
        ],
        orphanedTypes: [User],
      },
      { User: (reference) => resolveUserReference(reference) },
      // A personalization outage must leave catalog and profile answers intact.
      { nullableFieldsOf: ["Query", "User"] },
    );
  },
  context: (services) => createPersonalizationContext(services),
  plugins: [timingsPlugin()],
  // Totals since start, by plugin and `step.status`; the log gets one summary line per interval.
  metrics: () => ({ pluginContributionsDropped: droppedContributions.snapshot() }),
  async ensureIndexes(db) {
    await new PopularityRepository(db).ensureIndexes();
    await new DealsRepository(db).ensureIndexes();
  },
  background: [
    {
      // First, so requests stop reading the catalog from the database as early as possible. It gates
      // readiness: without the model every request reads and sorts the catalog in the database, which at
      // the large seed on FerretDB takes minutes and slows the load it waits for.
      name: "catalog-read-model",
      everySeconds: (config) => config.CATALOG_VERSION_POLL_SECONDS,
      gatesReadiness: true,
      run: async (db) => {
        const models = readModelsFor(db);
        const refreshed = await models.refreshCatalog();
        if (models.catalog.version === null) throw new Error("the catalog read model is not loaded yet");
        return refreshed;
      },
    },
    // The models and vector indexes serving reads, from the artifact store; loaded models swap to new versions.
    modelArtifactsTask(
      (config) => servedArtifacts(config),
      async (db) => {
        const learned = await refreshLearnedRetrieval(db);
        return {
          [RANKER_ARTIFACT.name]: refreshDefaultRanker(),
          [TEXT_ENCODER_ARTIFACT.name]: learned?.textEncoder ?? null,
          [TWO_TOWER_ARTIFACT.name]: learned?.twoTower ?? null,
          [SEMANTIC_ID_ARTIFACT.name]: learned?.semanticIds ?? null,
        };
      },
    ),
    statisticsTask("popularity", POPULARITY_COLLECTION, rebuildPopularity),
    statisticsTask("co-purchase", CO_PURCHASE_COLLECTION, buildCoPurchase),
    statisticsTask("knowledge-graph", KNOWLEDGE_GRAPH_COLLECTION, buildKnowledgeGraph),
    {
      // Rebuilds in this process reload their model on commit; this poll picks up other processes' commits.
      name: "statistics-read-models",
      everySeconds: (config) => config.STATISTICS_REFRESH_SECONDS,
      run: async (db) => readModelsFor(db).refreshStatistics(),
    },
  ],
};

/**
 * A derived collection rebuilt every STATISTICS_REFRESH_SECONDS, unless a commit younger than that
 * exists (a job's, or another process's): a restart after `npm run jobs -- co-purchase` does not redo
 * the work, which at the large seed is a scan of 1.6M orders. The rebuild holds the lease
 * `rebuild:<collection>`, so of several replicas (and a job) only one rebuilds at a time; the others
 * reload the result through `statistics-read-models`.
 */
function statisticsTask(name: string, collection: string, build: (db: Db) => Promise<unknown>): BackgroundTask {
  return {
    name,
    everySeconds: (config) => config.STATISTICS_REFRESH_SECONDS,
    run: async (db, config) => {
      const age = Date.now() - (await readDerivedVersion(db, collection));
      if (age < config.STATISTICS_REFRESH_SECONDS * 1000)
        return { skipped: `${collection} was committed ${Math.round(age / 1000)} s ago` };
      const outcome = await withRebuildLease(db, collection, async () => {
        // Another replica may have committed between the check above and taking the lease.
        const ageNow = Date.now() - (await readDerivedVersion(db, collection));
        return ageNow < config.STATISTICS_REFRESH_SECONDS * 1000
          ? { skipped: `${collection} was committed ${Math.round(ageNow / 1000)} s ago` }
          : build(db);
      });
      return outcome.held
        ? outcome.result
        : { skipped: `${outcome.holder ?? "another process"} is rebuilding ${collection}` };
    },
  };
}

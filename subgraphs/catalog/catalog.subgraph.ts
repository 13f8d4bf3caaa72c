import { resolve } from "node:path";
import { projectRoot } from "../../core/paths";
import { SemanticIdFollower } from "../../ml/semantic-ids/incremental-assigner";
import { buildFederatedSchema } from "../shared/federation";
import type { SubgraphDefinition } from "../shared/subgraph";
import { CategoriesRepository } from "./categories.repository";
import { resolveCategoryReference } from "./category.reference";
import { CategoryResolver } from "./category.resolver";
import { createCatalogContext, type CatalogContext } from "./context";
import { resolveMerchantReference } from "./merchant.reference";
import { MerchantResolver } from "./merchant.resolver";
import { MerchantsRepository } from "./merchants.repository";
import { OfferResolver } from "./offer.resolver";
import { OffersRepository } from "./offers.repository";
import { resolveProductReference } from "./product.reference";
import { ProductResolver } from "./product.resolver";
import { ProductsRepository } from "./products.repository";
import { SearchResolver } from "./search.resolver";
import { SemanticIdResolver } from "./semantic-id.resolver";
import { catalogSearchFor } from "./search/catalog-search";
import { modelRefreshTask } from "./model-refresh.task";
import { modelArtifactsTask } from "../shared/model-artifacts.task";
import { SEMANTIC_ID_ARTIFACT, TEXT_ENCODER_ARTIFACT, TWO_TOWER_ARTIFACT } from "../../ml/model-artifacts";

/** The catalog subgraph: verticals, the category tree, merchants and products. */
const followers = new Map<string, SemanticIdFollower>();
/** One follower per DATA_DIR in this process. */
function semanticIdFollowerFor(dataDir: string): SemanticIdFollower {
  let follower = followers.get(dataDir);
  if (!follower) followers.set(dataDir, (follower = new SemanticIdFollower(dataDir)));
  return follower;
}

export const catalogSubgraph: SubgraphDefinition<CatalogContext> = {
  name: "catalog",
  port: (config) => config.CATALOG_PORT,
  schema: () =>
    buildFederatedSchema<CatalogContext>(
      {
        resolvers: [
          ProductResolver,
          CategoryResolver,
          MerchantResolver,
          OfferResolver,
          SearchResolver,
          SemanticIdResolver,
        ],
      },
      { Product: resolveProductReference, Category: resolveCategoryReference, Merchant: resolveMerchantReference },
    ),
  context: createCatalogContext,
  async ensureIndexes(db) {
    await new ProductsRepository(db).ensureIndexes();
    await new CategoriesRepository(db).ensureIndexes();
    await new MerchantsRepository(db).ensureIndexes();
    await new OffersRepository(db).ensureIndexes();
  },
  background: [
    {
      name: "search-index",
      // Builds the index at start, then checks `catalog_meta.version` and rebuilds when it changed.
      everySeconds: (config) => config.CATALOG_VERSION_POLL_SECONDS,
      run: (db) => catalogSearchFor(db).refresh(),
      // searchCatalog and by-id resolution from the snapshot need the first build.
      gatesReadiness: true,
    },
    // The text encoder, two-tower and Semantic-ID codebooks the two tasks below read, from the artifact store.
    modelArtifactsTask(
      () => [TEXT_ENCODER_ARTIFACT, TWO_TOWER_ARTIFACT, SEMANTIC_ID_ARTIFACT],
      async () => ({}),
    ),
    {
      // New and imported products get Semantic IDs from the current encoder and codebooks when a catalog version appears.
      name: "semantic-ids",
      everySeconds: (config) => config.CATALOG_VERSION_POLL_SECONDS,
      run: (db, config) => semanticIdFollowerFor(resolve(projectRoot, config.DATA_DIR)).run(db),
    },
    // After a substantial catalog change, the text encoder, vector indexes and Semantic IDs are rebuilt in the background.
    modelRefreshTask,
  ],
};

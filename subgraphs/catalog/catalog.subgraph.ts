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

/** The catalog subgraph: verticals, the category tree, merchants and products. */
export const catalogSubgraph: SubgraphDefinition<CatalogContext> = {
  name: "catalog",
  port: (config) => config.CATALOG_PORT,
  schema: () =>
    buildFederatedSchema<CatalogContext>(
      { resolvers: [ProductResolver, CategoryResolver, MerchantResolver, OfferResolver, SearchResolver, SemanticIdResolver] },
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
  ],
};

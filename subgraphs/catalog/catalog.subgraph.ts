import { buildFederatedSchema } from "../shared/federation";
import type { SubgraphDefinition } from "../shared/subgraph";
import { CategoriesRepository } from "./categories.repository";
import { resolveCategoryReference } from "./category.reference";
import { CategoryResolver } from "./category.resolver";
import { createCatalogContext, type CatalogContext } from "./context";
import { resolveProductReference } from "./product.reference";
import { ProductResolver } from "./product.resolver";
import { ProductsRepository } from "./products.repository";

/** The catalog subgraph: verticals, the category tree, merchants and products. */
export const catalogSubgraph: SubgraphDefinition<CatalogContext> = {
  name: "catalog",
  port: (config) => config.CATALOG_PORT,
  schema: () =>
    buildFederatedSchema<CatalogContext>(
      { resolvers: [ProductResolver, CategoryResolver] },
      { Product: resolveProductReference, Category: resolveCategoryReference },
    ),
  context: createCatalogContext,
  async ensureIndexes(db) {
    await new ProductsRepository(db).ensureIndexes();
    await new CategoriesRepository(db).ensureIndexes();
  },
};

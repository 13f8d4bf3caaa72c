import type DataLoader from "dataloader";
import type { CategoryDocument } from "../../core/documents/category.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { Logger } from "../../core/logger";
import type { SubgraphServices } from "../shared/subgraph";
import { CategoriesRepository } from "./categories.repository";
import { createCatalogLoaders } from "./loaders";
import { ProductsRepository } from "./products.repository";

/** The catalog's request context: repositories and this request's DataLoaders. */
export interface CatalogContext {
  logger: Logger;
  products: ProductsRepository;
  categories: CategoriesRepository;
  loaders: {
    product: DataLoader<string, ProductDocument | null>;
    category: DataLoader<string, CategoryDocument | null>;
  };
}

/** Builds a fresh context (and fresh loaders) for one request. */
export function createCatalogContext({ db, logger }: SubgraphServices): CatalogContext {
  const products = new ProductsRepository(db);
  const categories = new CategoriesRepository(db);
  return { logger, products, categories, loaders: createCatalogLoaders(products, categories) };
}

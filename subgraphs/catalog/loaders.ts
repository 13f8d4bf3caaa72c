import { byIdLoader } from "../shared/by-id-loader";
import type { CategoriesRepository } from "./categories.repository";
import type { ProductsRepository } from "./products.repository";

/** Per-request DataLoaders of the catalog: every by-id lookup goes through one of these. */
export function createCatalogLoaders(products: ProductsRepository, categories: CategoriesRepository) {
  return {
    product: byIdLoader((ids) => products.findByIds(ids)),
    category: byIdLoader((ids) => categories.findByIds(ids)),
  };
}

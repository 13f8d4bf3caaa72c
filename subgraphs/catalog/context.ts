import type { Db } from "mongodb";
import type { Logger } from "../../core/logger";
import type { SubgraphServices } from "../shared/subgraph";
import { CategoriesRepository } from "./categories.repository";
import { loadCatalogSettings, type CatalogSettings } from "./catalog-settings";
import { createCatalogLoaders, type CatalogLoaders } from "./loaders";
import { MerchantsRepository } from "./merchants.repository";
import { OffersRepository } from "./offers.repository";
import { ProductsRepository } from "./products.repository";
import { catalogSearchFor, type CatalogSearch } from "./search/catalog-search";

/** The catalog's request context: repositories, this request's DataLoaders and the process's search index. */
export interface CatalogContext {
  logger: Logger;
  /** The catalog database (read models such as Semantic IDs load from it once per process). */
  db: Db;
  products: ProductsRepository;
  categories: CategoriesRepository;
  merchants: MerchantsRepository;
  offers: OffersRepository;
  loaders: CatalogLoaders;
  /** The process-wide search index over this database (shared by all requests). */
  search: CatalogSearch;
  settings: CatalogSettings;
}

/** Settings are read once per process. */
let settings: CatalogSettings | undefined;

/** Builds a fresh context (and fresh loaders) for one request. */
export function createCatalogContext({ db, logger }: SubgraphServices): CatalogContext {
  settings ??= loadCatalogSettings();
  const products = new ProductsRepository(db);
  const categories = new CategoriesRepository(db);
  const merchants = new MerchantsRepository(db);
  const offers = new OffersRepository(db);
  const search = catalogSearchFor(db, logger);
  return {
    logger,
    db,
    products,
    categories,
    merchants,
    offers,
    loaders: createCatalogLoaders(products, categories, merchants, offers, () => search.index?.snapshot),
    search,
    settings,
  };
}

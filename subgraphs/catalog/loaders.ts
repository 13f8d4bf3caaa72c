import DataLoader from "dataloader";
import type { OfferDocument } from "../../core/documents/merchant.document";
import { byIdLoader } from "../shared/by-id-loader";
import type { CategoriesRepository } from "./categories.repository";
import type { MerchantsRepository } from "./merchants.repository";
import type { OffersRepository } from "./offers.repository";
import type { ProductsRepository } from "./products.repository";

/** Per-request DataLoaders of the catalog: every by-id lookup goes through one of these. */
export function createCatalogLoaders(products: ProductsRepository, categories: CategoriesRepository, merchants: MerchantsRepository, offers: OffersRepository) {
  return {
    product: byIdLoader((ids) => products.findByIds(ids)),
    category: byIdLoader((ids) => categories.findByIds(ids)),
    merchant: byIdLoader((ids) => merchants.findByIds(ids)),
    /** Every offer of a product (all merchants), cheapest first; one `$in` query per batch. */
    offersOfProduct: new DataLoader<string, OfferDocument[]>(async (productIds) => {
      const byProduct = new Map<string, OfferDocument[]>(productIds.map((id) => [id, []]));
      for (const offer of await offers.findByProductIds(productIds)) byProduct.get(offer.productId)?.push(offer);
      return productIds.map((id) => byProduct.get(id) ?? []);
    }),
  };
}

/** The loaders of one request. */
export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;

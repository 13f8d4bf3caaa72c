import DataLoader from "dataloader";
import type { OfferDocument } from "../../core/documents/merchant.document";
import type { ProductDocument } from "../../core/documents/product.document";
import { byIdLoader } from "../shared/by-id-loader";
import type { CategoriesRepository } from "./categories.repository";
import type { MerchantsRepository } from "./merchants.repository";
import type { OffersRepository } from "./offers.repository";
import type { ProductsRepository } from "./products.repository";
import type { ProductSnapshot } from "./search/product-snapshot";

/** Per-request DataLoaders of the catalog: every by-id lookup goes through one of these. */
export function createCatalogLoaders(
  products: ProductsRepository,
  categories: CategoriesRepository,
  merchants: MerchantsRepository,
  offers: OffersRepository,
  /** The current catalog snapshot, when built: products found there cost no query; the rest are read by id. */
  snapshot: () => ProductSnapshot | undefined = () => undefined,
) {
  /** Documents the snapshot holds cost nothing; the rest (none, or written since it was built) are read by id. */
  async function fromSnapshot<T>(
    ids: readonly string[],
    lookup: (current: ProductSnapshot, id: string) => T | undefined,
    read: (missing: string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const current = snapshot();
    if (!current) return read([...ids]);
    const found: T[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const document = lookup(current, id);
      if (document) found.push(document);
      else missing.push(id);
    }
    return missing.length ? [...found, ...(await read(missing))] : found;
  }

  return {
    product: byIdLoader(async (ids) => {
      const current = snapshot();
      if (!current) return products.findByIds(ids);
      const found: ProductDocument[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const product = current.get(id);
        if (product) found.push(product);
        else missing.push(id);
      }
      return missing.length ? [...found, ...(await products.findByIds(missing))] : found;
    }),
    category: byIdLoader((ids) =>
      fromSnapshot(
        ids,
        (current, id) => current.category(id),
        (missing) => categories.findByIds(missing),
      ),
    ),
    merchant: byIdLoader((ids) =>
      fromSnapshot(
        ids,
        (current, id) => current.merchant(id),
        (missing) => merchants.findByIds(missing),
      ),
    ),
    /** Every offer of a product (all merchants), cheapest first; one read per batch. */
    offersOfProduct: new DataLoader<string, OfferDocument[]>(async (productIds) => {
      const byProduct = new Map<string, OfferDocument[]>(productIds.map((id) => [id, []]));
      for (const offer of await offers.findByProductIds(productIds)) byProduct.get(offer.productId)?.push(offer);
      return productIds.map((id) => byProduct.get(id) ?? []);
    }),
  };
}

/** The loaders of one request. */
export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;

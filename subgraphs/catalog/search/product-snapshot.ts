import type { CategoryDocument } from "../../../core/documents/category.document";
import type { MerchantDocument } from "../../../core/documents/merchant.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { ParsedProducts } from "../../../core/documents/parsed-products";

/**
 * Every product of one catalog version, held in the catalog process as compact JSON strings (about
 * the document's size in bytes each), so resolving products by id does not depend on the database's
 * speed: FerretDB v1 answers every `$in` with a scan of the whole collection.
 * Built in the same streaming pass as the search index and swapped with it. It also holds every
 * category and merchant of that version (a few thousand at most), so a product's per-product lookups
 * (`category`, `merchant`) cost no database read either.
 */
export class ProductSnapshot {
  private readonly byId = new Map<string, string>();
  private readonly parsed = new ParsedProducts();
  private readonly categories = new Map<string, CategoryDocument>();
  private readonly merchants = new Map<string, MerchantDocument>();

  add(product: ProductDocument): void {
    this.byId.set(product._id, JSON.stringify(product));
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * The product with `id` as stored at snapshot time, or undefined when the snapshot lacks it; frozen and
   * shared by every request (the hot ones stay parsed), so never changed.
   */
  get(id: string): ProductDocument | undefined {
    const json = this.byId.get(id);
    return json === undefined ? undefined : this.parsed.get(id, json);
  }

  addCategory(category: CategoryDocument): void {
    this.categories.set(category._id, Object.freeze(category));
  }

  addMerchant(merchant: MerchantDocument): void {
    this.merchants.set(merchant._id, Object.freeze(merchant));
  }

  /** The category with `id` as stored at snapshot time, or undefined; shared by every request, so never changed. */
  category(id: string): CategoryDocument | undefined {
    return this.categories.get(id);
  }

  /** The merchant with `id` as stored at snapshot time, or undefined; shared by every request, so never changed. */
  merchant(id: string): MerchantDocument | undefined {
    return this.merchants.get(id);
  }
}

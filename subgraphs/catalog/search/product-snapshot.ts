import type { ProductDocument } from "../../../core/documents/product.document";

/**
 * Every product of one catalog version, held in the catalog process as compact JSON strings (about
 * the document's size in bytes each), so resolving products by id does not depend on the database's
 * speed: FerretDB v1 answers every `$in` with a scan of the whole collection.
 * Built in the same streaming pass as the search index and swapped with it.
 */
export class ProductSnapshot {
  private readonly byId = new Map<string, string>();

  add(product: ProductDocument): void {
    this.byId.set(product._id, JSON.stringify(product));
  }

  get size(): number {
    return this.byId.size;
  }

  /** The product with `id` as stored at snapshot time, or undefined when the snapshot lacks it. */
  get(id: string): ProductDocument | undefined {
    const json = this.byId.get(id);
    if (json === undefined) return undefined;
    const product = JSON.parse(json) as ProductDocument & { createdAt: string; updatedAt: string };
    return { ...product, createdAt: new Date(product.createdAt), updatedAt: new Date(product.updatedAt) };
  }
}

import type { CatalogContext } from "./context";
import { Product } from "./product.type";

/** Resolves `Product` references from other subgraphs, batched through the request's DataLoader. */
export async function resolveProductReference(
  reference: { id: string },
  context: CatalogContext,
): Promise<Product | null> {
  const document = await context.loaders.product.load(reference.id);
  return document ? Product.fromDocument(document) : null;
}

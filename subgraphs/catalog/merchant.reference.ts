import type { CatalogContext } from "./context";
import { Merchant } from "./merchant.type";

/** Resolves `Merchant` references from other subgraphs, batched through the request's DataLoader. */
export async function resolveMerchantReference(
  reference: { id: string },
  context: CatalogContext,
): Promise<Merchant | null> {
  const document = await context.loaders.merchant.load(reference.id);
  return document ? Merchant.fromDocument(document) : null;
}

import { Category } from "./category.type";
import type { CatalogContext } from "./context";

/** Resolves `Category` references from other subgraphs, batched through the request's DataLoader. */
export async function resolveCategoryReference(
  reference: { id: string },
  context: CatalogContext,
): Promise<Category | null> {
  const document = await context.loaders.category.load(reference.id);
  return document ? Category.fromDocument(document) : null;
}

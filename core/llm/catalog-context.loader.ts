import type { Db } from "mongodb";
import type { CategoryDocument } from "../documents/category.document";
import { COLLECTIONS } from "../documents/collections";
import type { ProductDocument } from "../documents/product.document";
import { pathName, termsOf, type ContextCategory, type ContextItem } from "./context-narrowing";

const FOLDS: Record<string, string> = {
  a: "aàáâäãå",
  e: "eèéêë",
  i: "iìíîï",
  o: "oòóôöõ",
  u: "uùúûü",
  c: "cç",
  n: "nñ",
};

/** A case-insensitive regex source for a normalized term that also matches accented spellings ("ragu" ~ "ragù"). */
export function accentInsensitivePattern(term: string): string {
  return [...term]
    .map((char) => (FOLDS[char] ? `[${FOLDS[char]}]` : char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
}

/**
 * Finds the products a query's RAG context starts from, up to `limit` (or null: cannot now, scan
 * instead). A serving process passes its search index: the default regex scan reads `products` until
 * enough match, seconds per query at 500k products on FerretDB.
 */
export type CandidateFinder = (
  query: string,
  limit: number,
) => Promise<Array<
  Pick<
    ProductDocument,
    "_id" | "name" | "brand" | "vertical" | "categoryId" | "categoryPath" | "tags" | "merchantId" | "cuisines"
  > & { price?: number }
> | null>;

/** Formatted Semantic IDs of products (`12-201-7-0`), by product id; products without one are absent. */
export type SemanticIdLookup = (productIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Options of {@link CatalogContextLoader}. */
export interface CatalogContextLoaderOptions {
  /** How candidates are found first; the regex scan of `products` when absent or when it answers null. */
  findCandidates?: CandidateFinder;
  /**
   * Semantic IDs of the candidates (ml/semantic-ids `semanticIdLookup`): fills `ContextItem.semanticId`, so
   * narrowing adds items sharing a Semantic-ID prefix with the lexical matches. Absent = no such step.
   */
  semanticIds?: SemanticIdLookup;
  /** How long the category tree is kept in process. */
  treeTtlMs?: number;
  /** Candidates read from `products` per query before narrowing. */
  candidateLimit?: number;
  now?: () => number;
}

/**
 * Reads what hierarchical RAG needs from the catalog collections: the whole category tree (cached in
 * process) and the products matching the query's terms ({@link CandidateFinder}; by default those whose
 * name or brand contains a term: regex on name/brand, no $text).
 */
export class CatalogContextLoader {
  private tree?: { at: number; categories: ContextCategory[]; overview: string };

  constructor(
    private readonly db: Db,
    private readonly options: CatalogContextLoaderOptions = {},
  ) {}

  /** Every category, and the stable overview text (verticals and departments). */
  async categories(): Promise<{ categories: ContextCategory[]; overview: string }> {
    const now = (this.options.now ?? Date.now)();
    if (this.tree && now - this.tree.at < (this.options.treeTtlMs ?? 10 * 60_000)) return this.tree;
    const documents = await this.db
      .collection<CategoryDocument>(COLLECTIONS.categories)
      .find({}, { projection: { source: 0 } })
      .toArray();
    const categories = documents.map((document) => ({
      id: document._id,
      name: document.name,
      vertical: document.vertical,
      parentId: document.parentId,
      path: document.path,
      depth: document.depth,
    }));
    const byId = new Map(categories.map((category) => [category.id, category]));
    const overview = categories
      .filter((category) => category.depth <= 1)
      .map((category) => pathName(category, byId))
      .sort()
      .join("\n");
    this.tree = { at: now, categories, overview };
    return this.tree;
  }

  /** Products whose name or brand contains a term of `query` (at most `candidateLimit`), with their Semantic IDs when a lookup is given. */
  async candidates(query: string): Promise<ContextItem[]> {
    const terms = termsOf(query)
      .filter((term) => term.length >= 3)
      .slice(0, 6);
    if (terms.length === 0) return [];
    const limit = this.options.candidateLimit ?? 200;
    const pattern = terms.map(accentInsensitivePattern).join("|");
    const documents =
      (await this.options.findCandidates?.(terms.join(" "), limit)) ??
      (await this.db
        .collection<ProductDocument>(COLLECTIONS.products)
        .find(
          { $or: [{ name: { $regex: pattern, $options: "i" } }, { brand: { $regex: pattern, $options: "i" } }] },
          {
            projection: {
              _id: 1,
              name: 1,
              brand: 1,
              vertical: 1,
              categoryId: 1,
              categoryPath: 1,
              tags: 1,
              merchantId: 1,
              cuisines: 1,
              price: 1,
            },
          },
        )
        .limit(limit)
        .toArray());
    const semanticIds = this.options.semanticIds
      ? await this.options.semanticIds(documents.map((document) => document._id)).catch(() => new Map<string, string>())
      : new Map<string, string>();
    return documents.map((document) => ({
      id: document._id,
      ...(semanticIds.has(document._id) ? { semanticId: semanticIds.get(document._id)! } : {}),
      name: document.name,
      brand: document.brand,
      vertical: document.vertical,
      categoryId: document.categoryId,
      categoryPath: document.categoryPath,
      tags: document.tags ?? [],
      merchantId: document.merchantId,
      cuisines: document.cuisines,
      ...(typeof document.price === "number" ? { price: document.price } : {}),
    }));
  }
}

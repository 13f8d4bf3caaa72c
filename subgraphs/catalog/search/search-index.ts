import MiniSearch, { type Query } from "minisearch";
import { processTerm, terms, tokenize } from "../../../core/text/search-terms";
import { CatalogVocabulary, type WordReading } from "./catalog-vocabulary";

/** The fields of one product the index reads. */
export interface SearchableProduct {
  _id: string;
  name: string;
  brand?: string;
  categoryPath: string[];
  tags: string[];
}

/** The indexed text of a product, one string a field; `category` and `tags` are built by {@link searchText}. */
interface IndexedProduct {
  id: string;
  name: string;
  brand: string;
  category: string;
  tags: string;
}

/** Indexed field names, as MiniSearch and the highlights know them. */
export type IndexedField = "name" | "brand" | "category" | "tags";
const FIELDS: IndexedField[] = ["name", "brand", "category", "tags"];

/** Field boosts: a word in the name says more than the same word in the category path. */
const BOOST: Record<IndexedField, number> = { name: 3, brand: 1.5, category: 1, tags: 1 };

/** One search hit: product id, BM25+ score and which fields each matched term was found in. */
export interface SearchHit {
  id: string;
  score: number;
  match: Record<string, IndexedField[]>;
}

/** A search's ranked hits (at most the window) and how many matched in all. */
export interface SearchResults {
  total: number;
  hits: SearchHit[];
}

/** The text the index stores terms for, per field; the highlights rebuild the same text to mark it. */
export function searchText(
  product: Omit<SearchableProduct, "_id">,
  categoryName: (id: string) => string | undefined,
): Omit<IndexedProduct, "id"> {
  return {
    name: product.name,
    brand: product.brand ?? "",
    category: product.categoryPath.flatMap((id) => categoryName(id) ?? []).join(" › "),
    tags: product.tags.join(", "),
  };
}

/**
 * An immutable-after-build BM25+ index over product name, brand, category names and tags (MiniSearch).
 * It keeps only ids and term statistics, never the product text.
 */
export class SearchIndex {
  private readonly vocabulary = new CatalogVocabulary();
  /** True while {@link add} runs: the terms the index stores then are the catalog's vocabulary. */
  private adding = false;
  private readonly index = new MiniSearch<IndexedProduct>({
    idField: "id",
    fields: FIELDS,
    storeFields: [],
    tokenize: (text) => tokenize(text),
    processTerm: (word, field) => {
      const term = processTerm(word);
      if (this.adding && field !== undefined) this.vocabulary.term(word, term, field);
      return term ?? false;
    },
  });

  constructor(private readonly categoryName: (id: string) => string | undefined) {}

  /** Adds one product; a duplicate id is ignored (the collection's `_id` is unique anyway). */
  add(product: SearchableProduct): void {
    if (this.index.has(product._id)) return;
    this.adding = true;
    try {
      this.index.add({ id: product._id, ...searchText(product, this.categoryName) });
    } finally {
      this.adding = false;
      this.vocabulary.endProduct();
    }
  }

  /** Number of indexed products. */
  get size(): number {
    return this.index.documentCount;
  }

  /**
   * Ranked hits for `text`, at most `window` of them. Each query word is read against the catalog's
   * own words ({@link CatalogVocabulary}): a word the catalog uses is searched as it is (the last one
   * also as a prefix of 3+ letters, for search-as-you-type); an abbreviation the catalog's names spell
   * out ("oj") matches the word or its phrase ("orange juice"); a truncated word ("choc") matches as a
   * prefix; a word unknown in every form cannot narrow the search and is left out of it. All those
   * parts must match (in any field); when nothing does, any part may; when still nothing, every word of
   * 5+ letters also matches with one or two typos.
   */
  search(text: string, window: number): SearchResults {
    if (terms(text).length === 0) return { total: 0, hits: [] };
    const words = tokenize(text);
    const readings = words.flatMap((word) => this.vocabulary.read(word) ?? []);
    const last = readings.at(-1);
    const parts: Query[] = readings.flatMap((reading) => partOf(reading, reading === last));
    const attempts: Query[] =
      parts.length === 0
        ? []
        : [
            { combineWith: "AND", queries: parts },
            { combineWith: "OR", queries: parts },
          ];
    attempts.push({
      combineWith: "OR",
      queries: [text],
      prefix: (term, index, all) => index === all.length - 1 && term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    });
    for (const query of attempts) {
      const results = this.index.search(query, { boost: BOOST });
      if (results.length > 0) {
        return {
          total: results.length,
          hits: results.slice(0, window).map((result) => ({
            id: String(result.id),
            score: result.score,
            match: result.match as Record<string, IndexedField[]>,
          })),
        };
      }
    }
    return { total: 0, hits: [] };
  }
}

/** The part of a search one query word stands for (none when it cannot match anything). */
function partOf(reading: WordReading, isLast: boolean): Query[] {
  switch (reading.kind) {
    case "known":
      return [{ combineWith: "OR", queries: [reading.term], prefix: isLast && reading.term.length >= 3 }];
    case "abbreviation":
      return [
        {
          combineWith: "OR",
          queries: [reading.term, { combineWith: "AND", queries: reading.phrase, prefix: false }],
          prefix: false,
        },
      ];
    case "truncated":
      return [{ combineWith: "OR", queries: [reading.term], prefix: true }];
    case "unknown":
      return [];
  }
}

import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { decodeCursor, encodeCursor } from "../shared/relay-connection";
import { BadUserInputError } from "../shared/errors";
import { pageSize } from "../shared/ids";
import type { CatalogContext } from "./context";
import { ProductConnection, ProductEdge } from "./product-connection.type";
import { Product } from "./product.type";
import { highlightsOf } from "./search/highlights";

/** Largest `first` of `searchCatalog`. */
export const MAX_SEARCH_PAGE = 50;
/** How deep `searchCatalog` pages: hits beyond this rank are not served. */
export const MAX_SEARCH_RESULTS = 1000;
/** Longest query text. */
export const MAX_SEARCH_TEXT = 200;

/** Cursor of a search result: rank of the next hit, and the query it belongs to. */
interface SearchCursor {
  s: number;
  q: string;
}

function isSearchCursor(value: unknown): value is SearchCursor {
  const cursor = value as SearchCursor;
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isInteger(cursor.s) &&
    cursor.s > 0 &&
    cursor.s <= MAX_SEARCH_RESULTS &&
    typeof cursor.q === "string"
  );
}

/** The lexical (BM25) catalog search: the baseline personalized search is measured against. */
@Resolver()
export class SearchResolver {
  @Query(() => ProductConnection, {
    description: `Products matching \`text\` in name, brand, category names or tags, best first (BM25+ over an in-memory index of the published catalog), with highlights. Pages up to rank ${MAX_SEARCH_RESULTS}.`,
  })
  async searchCatalog(
    @Arg("text", {
      description: `What to look for, 1–${MAX_SEARCH_TEXT} characters; plurals and case do not matter, the last word also matches as a prefix.`,
    })
    text: string,
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_SEARCH_PAGE}; default 20.` })
    first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page of the same search." })
    after: string | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<ProductConnection> {
    const query = text.trim();
    if (query.length === 0 || query.length > MAX_SEARCH_TEXT)
      throw new BadUserInputError(`text must be 1–${MAX_SEARCH_TEXT} characters (got ${query.length})`, "text");
    const limit = pageSize(first, "first", MAX_SEARCH_PAGE, 20);
    let offset = 0;
    if (after) {
      const cursor = decodeCursor(after, "after", isSearchCursor);
      if (cursor.q !== query) throw new BadUserInputError("after is a cursor of a different search text", "after");
      offset = cursor.s;
    }

    const built = await context.search.ready(context.settings.CATALOG_SEARCH_WAIT_MS);
    let results = built.results.get(query);
    if (!results) {
      results = built.index.search(query, MAX_SEARCH_RESULTS);
      built.results.set(query, results);
    }
    const page = results.hits.slice(offset, offset + limit);
    const documents = await context.loaders.product.loadMany(page.map((hit) => hit.id));
    // Highlights (and the category names they cite) are worked out only when a client selects them:
    // personalization's lexical retrieval asks for ids and scores alone.
    let names: Promise<Map<string, string>> | undefined;
    const categoryNames = (): Promise<Map<string, string>> =>
      (names ??= context.loaders.category
        .loadMany([
          ...new Set(
            documents.flatMap((document) => (document && !(document instanceof Error) ? document.categoryPath : [])),
          ),
        ])
        .then(
          (categories) =>
            new Map(
              categories.flatMap((category) =>
                category && !(category instanceof Error) ? [[category._id, category.name] as const] : [],
              ),
            ),
        ));

    const edges: ProductEdge[] = [];
    page.forEach((hit, i) => {
      const document = documents[i];
      if (document instanceof Error) throw document;
      // A product deleted since the index was built is skipped until the next rebuild.
      if (!document) return;
      const edge = Object.assign(new ProductEdge(), {
        cursor: encodeCursor({ s: offset + i + 1, q: query } satisfies SearchCursor),
        node: Product.fromDocument(document),
        score: hit.score,
      });
      Object.defineProperty(edge, "highlights", {
        enumerable: true,
        get: () => categoryNames().then((byId) => highlightsOf(hit.match, document, (id) => byId.get(id))),
      });
      edges.push(edge);
    });
    const total = results.total;
    return ProductConnection.of(edges, offset + page.length < results.hits.length, async () => total);
  }
}

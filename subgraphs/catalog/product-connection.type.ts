import { Field, Float, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../shared/relay-connection";
import { Product } from "./product.type";
import { SearchHighlight } from "./search-highlight.type";

/** One product in a connection. */
@ObjectType({
  description: "A product in a paginated list, with its cursor (and, in search results, its score and highlights).",
})
export class ProductEdge {
  @Field({ description: "Opaque cursor of this edge; pass it as `after` to continue after it." })
  cursor!: string;

  @Field(() => Product, { description: "The product." })
  node!: Product;

  @Field(() => Float, {
    nullable: true,
    description: "BM25 relevance score in `searchCatalog` (higher is better); null elsewhere.",
  })
  score!: number | null;

  @Field(() => [SearchHighlight], { description: "In `searchCatalog`: which fields matched and how; empty elsewhere." })
  highlights!: SearchHighlight[] | Promise<SearchHighlight[]>;
}

/** A Relay connection of products; `totalCount` is computed only when asked for. */
@ObjectType({ description: "A page of products (Relay connection)." })
export class ProductConnection {
  @Field(() => [ProductEdge], { description: "The products of this page, in order." })
  edges!: ProductEdge[];

  @Field(() => PageInfo, { description: "Whether more pages follow, and the cursor to ask for the next one." })
  pageInfo!: PageInfo;

  /** Counts every match of the query, over all pages. */
  countAll!: () => Promise<number>;

  @Field(() => Int, { description: "Number of products matching over all pages (computed only when selected)." })
  totalCount(): Promise<number> {
    return this.countAll();
  }

  /** Builds a connection; `count` runs only if a client selects `totalCount`. */
  static of(edges: ProductEdge[], hasNextPage: boolean, count: () => Promise<number>): ProductConnection {
    const pageInfo = Object.assign(new PageInfo(), {
      hasNextPage,
      endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
    });
    return Object.assign(new ProductConnection(), { edges, pageInfo, countAll: count });
  }
}

/** An edge without search details. */
export function productEdge(cursor: string, node: Product): ProductEdge {
  return Object.assign(new ProductEdge(), { cursor, node, score: null, highlights: [] });
}

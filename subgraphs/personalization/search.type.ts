import { Arg, Field, Int, ObjectType } from "type-graphql";
import { QueryRewrite } from "./query-rewrite.type";
import type { PresentedItem } from "./pipeline/pipeline.types";
import { MAX_ITEMS_PAGE, RankedItemConnection, rankedPage } from "./ranked-item.type";

/** A personalized search. */
@ObjectType({
  description:
    "Search results: lexical matches of the query and of its interpretations, fused and re-ranked for the shopper.",
})
export class Search {
  @Field({ description: "The query as understood (trimmed)." })
  query!: string;

  @Field(() => QueryRewrite, {
    description:
      "How the query was understood for this shopper: interpretations (category, brand, dietary, rewritten query) and their source. `results` searches the top interpretations too.",
  })
  rewrite!: QueryRewrite;

  /** Every ranked result; `results` pages through them. */
  ranked!: PresentedItem[];

  @Field(() => RankedItemConnection, { description: `Results, best first. Page size 1–${MAX_ITEMS_PAGE}, default 20.` })
  results(
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_ITEMS_PAGE}; default 20.` })
    first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page of this search." })
    after?: string | null,
  ): RankedItemConnection {
    return rankedPage(this.ranked, `search:${this.query}`, first, after, 20);
  }
}

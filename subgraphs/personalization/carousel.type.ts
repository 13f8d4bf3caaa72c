import { Arg, Field, ID, Int, ObjectType } from "type-graphql";
import type { PresentedCollection, PresentedItem } from "./pipeline/pipeline.types";
import { MAX_ITEMS_PAGE, RankedItemConnection, rankedPage } from "./ranked-item.type";

/** A titled, ranked collection of items. */
@ObjectType({ description: "A personalized collection (\"Buy it again\", \"Deals for you\", …) of ranked items." })
export class Carousel {
  @Field(() => ID, { description: "Collection id, stable across requests (e.g. `familiarity.buy-it-again`)." })
  id!: string;

  @Field({ description: "Title to show." })
  title!: string;

  @Field(() => String, { nullable: true, description: "Secondary line; null when none." })
  subtitle!: string | null;

  @Field(() => String, { nullable: true, description: "The dimension that leads this collection; null for context collections (popular, new, by category)." })
  dimension!: string | null;

  @Field({ description: "Why these items, from the reasons of its top items." })
  explanation!: string;

  /** All ranked items; `items` pages through them. */
  ranked!: PresentedItem[];

  @Field(() => RankedItemConnection, { description: `The collection's items, best first (duplicates of earlier carousels on the page removed). Page size 1–${MAX_ITEMS_PAGE}, default 10.` })
  items(
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_ITEMS_PAGE}; default 10.` }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page of this carousel." }) after?: string | null,
  ): RankedItemConnection {
    return rankedPage(this.ranked, this.id, first, after);
  }

  static of(collection: PresentedCollection): Carousel {
    return Object.assign(new Carousel(), { id: collection.id, title: collection.title, subtitle: collection.subtitle, dimension: collection.dimension, explanation: collection.explanation, ranked: collection.items });
  }
}

import { Directive, Field, Float, Int, ObjectType } from "type-graphql";
import { decodeCursor, encodeCursor, PageInfo } from "../shared/relay-connection";
import { BadUserInputError } from "../shared/errors";
import { pageSize } from "../shared/ids";
import { Deal } from "./deal.type";
import { isAgeRestricted } from "./pipeline/eligibility.rules";
import type { PresentedItem } from "./pipeline/pipeline.types";
import { Product, PROVIDED_PRODUCT_FIELDS } from "./product.type";
import { Reason } from "./reason.type";

/** Largest page of ranked items. */
export const MAX_ITEMS_PAGE = 50;

/** A personalized item. */
@ObjectType({
  description: "A product ranked for this shopper, with its score, the reasons behind it and any personal deal.",
})
export class RankedItem {
  @Directive(`@provides(fields: "${PROVIDED_PRODUCT_FIELDS}")`)
  @Field(() => Product, {
    description:
      "The product. Its name, brand, price, currency and image come with the item, from the same catalog version the item was ranked in; other fields from the catalog subgraph.",
  })
  product!: Product;

  @Field(() => Float, {
    description:
      "Blended score, 0–1: the weighted mean of the dimension scores in `reasons` (plus a small share from the retrieval source).",
  })
  score!: number;

  @Field(() => [Reason], {
    description: "One reason per dimension that scored the item, largest weighted contribution first.",
  })
  reasons!: Reason[];

  @Field(() => Deal, { nullable: true, description: "The shopper's active deal on this product; null when none." })
  deal!: Deal | null;

  @Field({
    description:
      'True for an age-restricted product (alcohol): ID required. It is shown when a shopper searches for it, never recommended to a shopper whose age is not verified, and `placeOrder` refuses it to them. Its reasons then include `age-restricted` ("ID required").',
  })
  ageRestricted!: boolean;

  /** Resolves `explanation` (set for carousel items). */
  explain?: () => Promise<string | null>;

  @Field(() => String, {
    nullable: true,
    description:
      "Why this item, in a few words grounded in its reasons (in carousels: the model's, cached, or its leading reason; see `Carousel.explanationSource`); null outside carousels.",
  })
  async explanation(): Promise<string | null> {
    return this.explain ? this.explain() : null;
  }

  static of(item: PresentedItem): RankedItem {
    return Object.assign(new RankedItem(), {
      product: Product.provided(item.product),
      score: item.score,
      reasons: item.reasons.map((reason) => Object.assign(new Reason(), reason)),
      deal: item.deal ? Deal.of(item.deal) : null,
      ageRestricted: isAgeRestricted(item.product),
    });
  }
}

/** One ranked item in a connection. */
@ObjectType({ description: "A ranked item and its cursor." })
export class RankedItemEdge {
  @Field({ description: "Opaque cursor; pass it as `after` to continue after this item." })
  cursor!: string;

  @Field(() => RankedItem, { description: "The ranked item." })
  node!: RankedItem;
}

/** A page of ranked items. */
@ObjectType({ description: "A page of ranked items (Relay connection)." })
export class RankedItemConnection {
  @Field(() => [RankedItemEdge], { description: "Items of this page, best first." })
  edges!: RankedItemEdge[];

  @Field(() => PageInfo, { description: "Whether more items follow, and the cursor to ask for them." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Items in the whole ranked list (all pages)." })
  totalCount!: number;
}

/** Position in a ranked list, bound to the list it came from. */
interface ItemCursor {
  k: string;
  o: number;
}

/**
 * A page of `items` after the cursor `after`. `key` names the list (carousel id, query, category), so a
 * cursor of another list is BAD_USER_INPUT. Rankings are recomputed per request: cursors are positions.
 */
export function rankedPage(
  items: readonly PresentedItem[],
  key: string,
  first: number | null | undefined,
  after: string | null | undefined,
  fallback = 10,
  explain?: (item: PresentedItem) => Promise<string | null>,
): RankedItemConnection {
  const limit = pageSize(first, "first", MAX_ITEMS_PAGE, fallback);
  let offset = 0;
  if (after) {
    const cursor = decodeCursor(
      after,
      "after",
      (value): value is ItemCursor =>
        typeof value === "object" &&
        value !== null &&
        typeof (value as ItemCursor).k === "string" &&
        Number.isInteger((value as ItemCursor).o) &&
        (value as ItemCursor).o > 0,
    );
    if (cursor.k !== key) throw new BadUserInputError("after is a cursor of a different list", "after");
    offset = cursor.o;
  }
  const page = items.slice(offset, offset + limit);
  const edges = page.map((item, i) =>
    Object.assign(new RankedItemEdge(), {
      cursor: encodeCursor({ k: key, o: offset + i + 1 } satisfies ItemCursor),
      node: Object.assign(RankedItem.of(item), explain ? { explain: () => explain(item) } : {}),
    }),
  );
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: offset + page.length < items.length,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  });
  return Object.assign(new RankedItemConnection(), { edges, pageInfo, totalCount: items.length });
}

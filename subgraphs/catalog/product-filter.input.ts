import { Field, Float, ID, InputType } from "type-graphql";

/** Largest number of tags a product filter may require. */
export const MAX_FILTER_TAGS = 20;

/** Narrows a list of products. */
@InputType({ description: "Narrows a list of products; every given condition must hold." })
export class ProductFilter {
  @Field(() => ID, {
    nullable: true,
    description:
      "Only products in this merchant's assortment (it has an offer for them). Unknown merchants are NOT_FOUND.",
  })
  merchantId?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `Only products carrying all of these tags (lower case, e.g. "vegan", "gluten-free"); at most ${MAX_FILTER_TAGS}.`,
  })
  tags?: string[] | null;

  @Field(() => Float, {
    nullable: true,
    description: "Lowest price, inclusive: the merchant's offer price when `merchantId` is given, else the list price.",
  })
  minPrice?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Highest price, inclusive: the merchant's offer price when `merchantId` is given, else the list price.",
  })
  maxPrice?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only products in stock at `merchantId` (which it then requires); false or omitted: no condition.",
  })
  inStock?: boolean | null;
}

import { Field, Float, InputType } from "type-graphql";

/** Narrows a merchant's offers. */
@InputType({ description: "Narrows a merchant's offers; every given condition must hold." })
export class OfferFilter {
  @Field(() => Boolean, { nullable: true, description: "true: only offers in stock; false or omitted: no condition." })
  inStock?: boolean | null;

  @Field(() => Float, { nullable: true, description: "Lowest offer price, inclusive." })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true, description: "Highest offer price, inclusive." })
  maxPrice?: number | null;
}

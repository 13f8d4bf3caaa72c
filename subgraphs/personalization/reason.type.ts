import { Field, Float, ObjectType } from "type-graphql";

/** Why an item got its score from one dimension. */
@ObjectType({ description: "One dimension's contribution to an item's score, with a human-readable reason." })
export class Reason {
  @Field({
    description:
      "Dimension name (as in `Query.dimensions`), `relevance` for the text match in search (present only on items that match the query), `ranker` for the trained ranker, or `age-restricted` for an item that needs ID (not a score: it says why ordering needs an age-verified shopper).",
  })
  dimension!: string;

  @Field(() => Float, { description: "The dimension's score of the item, 0–1." })
  score!: number;

  @Field({ description: "Short explanation grounded in the signal behind the score." })
  text!: string;
}

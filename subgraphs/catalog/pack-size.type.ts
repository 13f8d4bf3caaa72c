import { Field, Float, Int, ObjectType } from "type-graphql";

/** Pack size parsed from the product text. */
@ObjectType({ description: 'Pack size parsed from product text such as "22 LB", "12 oz" or "6 x 330 ml".' })
export class PackSize {
  @Field(() => Float, { description: "Quantity of one unit, in `unit`." })
  value!: number;

  @Field({ description: "Normalized unit: g, kg, ml, l, oz, lb, fl_oz or ct (count)." })
  unit!: string;

  @Field(() => Int, { description: 'Units in the pack (6 for "6 x 330 ml"); 1 when not a multipack.' })
  count!: number;

  @Field({ description: "The text the size was parsed from." })
  text!: string;
}

/** Price per normalized unit. */
@ObjectType({ description: "Price per normalized unit, for comparing value across pack sizes." })
export class UnitPrice {
  @Field(() => Float, { description: "Price per `per`." })
  value!: number;

  @Field({ description: "The unit the price is per: kg, l or item." })
  per!: string;
}

import { Field, ID, InputType, Int } from "type-graphql";

/** One line of an order to place. */
@InputType({ description: "A product and a quantity; the price comes from the catalog." })
export class OrderLineInput {
  @Field(() => ID, { description: "Product id." })
  productId!: string;

  @Field(() => Int, { description: "Units, 1–999." })
  quantity!: number;
}

/** An order to place. */
@InputType({
  description: "An order to place. Prices are taken from the merchant's offers or the catalog, never from the client.",
})
export class PlaceOrderInput {
  @Field(() => ID, {
    nullable: true,
    description: "Idempotency key: placing the same orderId again returns the stored order. Generated when omitted.",
  })
  orderId?: string | null;

  @Field(() => ID, { description: "The shopper; must exist." })
  userId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The store or restaurant; its offers set the prices. Without it, list prices apply.",
  })
  merchantId?: string | null;

  @Field(() => [OrderLineInput], { description: "What to buy: 1–200 lines, each product at most once." })
  lines!: OrderLineInput[];

  @Field(() => Date, {
    nullable: true,
    description: "When it was placed (imports); default now, at most 5 minutes in the future.",
  })
  placedAt?: Date | null;
}

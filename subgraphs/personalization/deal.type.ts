import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import type { DealInfo } from "../../plugins/sdk/services";

/** Kinds of personal deals. */
export enum DealKind {
  PERCENT_OFF = "PERCENT_OFF",
  AMOUNT_OFF = "AMOUNT_OFF",
  BUNDLE = "BUNDLE",
}

registerEnumType(DealKind, {
  name: "DealKind",
  description: "How a deal lowers the price.",
  valuesConfig: {
    PERCENT_OFF: { description: "`value` percent off the price." },
    AMOUNT_OFF: { description: "`value` off the price, in the product's currency." },
    BUNDLE: { description: "A multi-buy: `value` units for a bundle price." },
  },
});

/** A personal deal on an item. */
@ObjectType({ description: "A personal offer on a product for this shopper (from the deals collection)." })
export class Deal {
  @Field(() => ID, { description: "Deal id." })
  id!: string;

  @Field(() => DealKind, { description: "How the deal lowers the price." })
  kind!: DealKind;

  @Field(() => Float, { description: "Percent, amount or units, depending on `kind`." })
  value!: number;

  @Field(() => Date, { description: "When the deal ends." })
  expiresAt!: Date;

  @Field({ description: "Why the shopper gets this deal." })
  reason!: string;

  static of(deal: DealInfo): Deal {
    return Object.assign(new Deal(), {
      id: deal.id,
      kind: deal.kind as DealKind,
      value: deal.value,
      expiresAt: deal.expiresAt,
      reason: deal.reason,
    });
  }
}

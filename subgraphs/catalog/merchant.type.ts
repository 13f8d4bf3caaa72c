import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { MerchantDocument } from "../../core/documents/merchant.document";
import type { Vertical } from "../../core/documents/vertical";
import { VerticalEnum } from "../shared/vertical.type";

/** Whether a merchant is a store or a restaurant. */
export enum MerchantKind {
  STORE = "STORE",
  RESTAURANT = "RESTAURANT",
}

registerEnumType(MerchantKind, {
  name: "MerchantKind",
  description: "What kind of merchant it is.",
  valuesConfig: {
    STORE: { description: "A store: its assortment is products with a price and stock each." },
    RESTAURANT: { description: "A restaurant: its assortment is the dishes on its menu." },
  },
});

/** A store or a restaurant. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A store or a restaurant, with its assortment (offers)." })
export class Merchant {
  @Field(() => ID, { description: "Stable merchant id." })
  id!: string;

  @Field({ description: "Display name." })
  name!: string;

  @Field(() => MerchantKind, { description: "Store or restaurant." })
  kind!: MerchantKind;

  @Field(() => [VerticalEnum], { description: "The verticals it sells in." })
  verticals!: Vertical[];

  @Field(() => [String], { description: "For restaurants: its cuisines (lower case); empty for stores." })
  cuisines!: string[];

  @Field(() => String, { nullable: true, description: "City, when known." })
  city!: string | null;

  static fromDocument(document: MerchantDocument): Merchant {
    return Object.assign(new Merchant(), {
      id: document._id,
      name: document.name,
      kind: document.kind as MerchantKind,
      verticals: document.verticals,
      cuisines: document.cuisines ?? [],
      city: document.city ?? null,
    });
  }
}

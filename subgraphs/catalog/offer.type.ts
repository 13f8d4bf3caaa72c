import { Field, Float, ID, ObjectType } from "type-graphql";
import type { OfferDocument } from "../../core/documents/merchant.document";

/** A product in a merchant's assortment. */
@ObjectType({ description: "A product as one merchant sells it: that merchant's price and stock." })
export class Offer {
  @Field(() => ID, { description: "Id of the merchant." })
  merchantId!: string;

  @Field(() => ID, { description: "Id of the product." })
  productId!: string;

  @Field(() => Float, { description: "This merchant's price, in the product's currency." })
  price!: number;

  @Field({ description: "Whether it is in stock at this merchant." })
  available!: boolean;

  static fromDocument(document: OfferDocument): Offer {
    return Object.assign(new Offer(), {
      merchantId: document.merchantId,
      productId: document.productId,
      price: document.price,
      available: document.available,
    });
  }
}

import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { CatalogContext } from "./context";
import { Merchant } from "./merchant.type";
import { Offer } from "./offer.type";
import { Product } from "./product.type";

/** The product and merchant of an offer, batched through the request's DataLoaders. */
@Resolver(() => Offer)
export class OfferResolver {
  @FieldResolver(() => Product, {
    nullable: true,
    description: "The product offered; null if it was removed from the catalog.",
  })
  async product(@Root() offer: Offer, @Ctx() context: CatalogContext): Promise<Product | null> {
    const document = await context.loaders.product.load(offer.productId);
    return document ? Product.fromDocument(document) : null;
  }

  @FieldResolver(() => Merchant, { nullable: true, description: "The merchant offering it; null if it was removed." })
  async merchant(@Root() offer: Offer, @Ctx() context: CatalogContext): Promise<Merchant | null> {
    const document = await context.loaders.merchant.load(offer.merchantId);
    return document ? Merchant.fromDocument(document) : null;
  }
}

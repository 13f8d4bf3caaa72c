import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { assertId, assertIds, pageSize } from "../shared/ids";
import { Category } from "./category.type";
import type { CatalogContext } from "./context";
import { Merchant } from "./merchant.type";
import { Offer } from "./offer.type";
import { Product } from "./product.type";

/** Largest `ids` list `Query.products` accepts. */
export const MAX_PRODUCT_IDS = 200;
/** Largest `first` of `Product.offers`. */
export const MAX_PRODUCT_OFFERS = 50;

/** Product lookups by id. */
@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: "One product by id; null when it does not exist." })
  async product(
    @Arg("id", () => ID, { description: "Product id." }) id: string,
    @Ctx() context: CatalogContext,
  ): Promise<Product | null> {
    const document = await context.loaders.product.load(assertId(id, "id"));
    return document ? Product.fromDocument(document) : null;
  }

  @Query(() => [Product], {
    nullable: "items",
    description: `Products by id, in the order asked; null where an id does not exist. At most ${MAX_PRODUCT_IDS} ids.`,
  })
  async products(
    @Arg("ids", () => [ID], { description: "Product ids." }) ids: string[],
    @Ctx() context: CatalogContext,
  ): Promise<Array<Product | null>> {
    const documents = await context.loaders.product.loadMany(assertIds(ids, "ids", MAX_PRODUCT_IDS));
    return documents.map((document) => {
      if (document instanceof Error) throw document;
      return document ? Product.fromDocument(document) : null;
    });
  }

  @FieldResolver(() => Category, { nullable: true, description: "Its leaf category." })
  async category(@Root() product: Product, @Ctx() context: CatalogContext): Promise<Category | null> {
    const document = await context.loaders.category.load(product.categoryId);
    return document ? Category.fromDocument(document) : null;
  }

  @FieldResolver(() => [Offer], { description: `Merchants selling it, cheapest first. At most ${MAX_PRODUCT_OFFERS}.` })
  async offers(
    @Root() product: Product,
    @Arg("first", () => Int, { nullable: true, description: `How many, 1–${MAX_PRODUCT_OFFERS}; default 10.` })
    first: number | null | undefined,
    @Arg("inStock", () => Boolean, { nullable: true, description: "true: only merchants that have it in stock." })
    inStock: boolean | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<Offer[]> {
    const limit = pageSize(first, "first", MAX_PRODUCT_OFFERS, 10);
    const offers = await context.loaders.offersOfProduct.load(product.id);
    return offers
      .filter((offer) => !inStock || offer.available)
      .slice(0, limit)
      .map(Offer.fromDocument);
  }

  @FieldResolver(() => Merchant, {
    nullable: true,
    description: "For restaurant dishes: the restaurant serving it; null for store products.",
  })
  async merchant(@Root() product: Product, @Ctx() context: CatalogContext): Promise<Merchant | null> {
    if (!product.merchantId) return null;
    const document = await context.loaders.merchant.load(product.merchantId);
    return document ? Merchant.fromDocument(document) : null;
  }
}

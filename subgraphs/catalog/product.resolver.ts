import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { assertId, assertIds } from "../shared/ids";
import { Category } from "./category.type";
import type { CatalogContext } from "./context";
import { Product } from "./product.type";

/** Largest `ids` list `Query.products` accepts. */
export const MAX_PRODUCT_IDS = 200;

/** Product lookups by id. */
@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: "One product by id; null when it does not exist." })
  async product(@Arg("id", () => ID, { description: "Product id." }) id: string, @Ctx() context: CatalogContext): Promise<Product | null> {
    const document = await context.loaders.product.load(assertId(id, "id"));
    return document ? Product.fromDocument(document) : null;
  }

  @Query(() => [Product], { nullable: "items", description: `Products by id, in the order asked; null where an id does not exist. At most ${MAX_PRODUCT_IDS} ids.` })
  async products(@Arg("ids", () => [ID], { description: "Product ids." }) ids: string[], @Ctx() context: CatalogContext): Promise<Array<Product | null>> {
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
}

import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { CATALOG_COLLECTIONS } from "../catalog/read-model";
import { NotFoundError } from "../shared/errors";
import { assertId, pageSize } from "../shared/ids";
import type { PersonalizationContext } from "./context";
import { Product } from "./product.type";

/** Largest `first` of `popularProducts`. */
export const MAX_POPULAR_PRODUCTS = 100;

/** The first personalization query: products ranked by how many shoppers bought them. */
@Resolver()
export class PopularProductsResolver {
  @Query(() => [Product], {
    description: `Products most shoppers bought (then most units), over all stored orders; optionally under a category. At most ${MAX_POPULAR_PRODUCTS}.`,
  })
  async popularProducts(
    @Ctx() context: PersonalizationContext,
    @Arg("categoryId", () => ID, { nullable: true, description: "Only products in this category or below it." })
    categoryId?: string,
    @Arg("first", () => Int, { nullable: true, description: `How many, 1–${MAX_POPULAR_PRODUCTS}; default 10.` })
    first?: number,
  ): Promise<Product[]> {
    const limit = pageSize(first, "first", MAX_POPULAR_PRODUCTS, 10);
    if (categoryId) {
      assertId(categoryId, "categoryId");
      const exists = await context.db
        .collection(CATALOG_COLLECTIONS.categories)
        .countDocuments({ _id: categoryId as never }, { limit: 1 });
      if (!exists) throw new NotFoundError("Category", categoryId);
    }
    // The catalog service ranks from the popularity read model once loaded (a database sort scans every
    // product's popularity on FerretDB: past the gateway's timeout at the large seed).
    const top = await context.pipeline.services.catalog.popular(limit, categoryId);
    return top.map((entry) => Product.reference(entry.productId));
  }
}

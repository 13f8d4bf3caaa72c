import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { assertId, pageSize } from "../shared/ids";
import { Category } from "./category.type";
import type { CatalogContext } from "./context";
import { ProductConnection } from "./product-connection.type";
import { ProductFilter } from "./product-filter.input";
import { DEFAULT_PRODUCT_PAGE, MAX_PRODUCT_PAGE, findProductPage } from "./product-page.finder";

/** Largest `first` of `categories` and `Category.children`. */
export const MAX_CATEGORY_PAGE = 500;

/** The category tree. */
@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], {
    description: `Children of \`parentId\`, or the root categories when it is omitted, by name. At most ${MAX_CATEGORY_PAGE}.`,
  })
  async categories(
    @Arg("parentId", () => ID, { nullable: true, description: "Parent category id." })
    parentId: string | null | undefined,
    @Arg("first", () => Int, {
      nullable: true,
      description: `How many, 1–${MAX_CATEGORY_PAGE}; default ${MAX_CATEGORY_PAGE}.`,
    })
    first: number | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<Category[]> {
    const limit = pageSize(first, "first", MAX_CATEGORY_PAGE, MAX_CATEGORY_PAGE);
    const documents = await context.categories.findChildren(parentId ? assertId(parentId, "parentId") : null, limit);
    return documents.map(Category.fromDocument);
  }

  @Query(() => Category, { nullable: true, description: "One category by id; null when it does not exist." })
  async category(
    @Arg("id", () => ID, { description: "Category id." }) id: string,
    @Ctx() context: CatalogContext,
  ): Promise<Category | null> {
    const document = await context.loaders.category.load(assertId(id, "id"));
    return document ? Category.fromDocument(document) : null;
  }

  @FieldResolver(() => [Category], { description: "Ancestors from the root down to the parent." })
  async ancestors(@Root() category: Category, @Ctx() context: CatalogContext): Promise<Category[]> {
    const documents = await context.loaders.category.loadMany(category.path.slice(0, -1));
    return documents.flatMap((document) =>
      document && !(document instanceof Error) ? [Category.fromDocument(document)] : [],
    );
  }

  @FieldResolver(() => [Category], { description: `Direct children, by name. At most ${MAX_CATEGORY_PAGE}.` })
  async children(
    @Root() category: Category,
    @Arg("first", () => Int, {
      nullable: true,
      description: `How many, 1–${MAX_CATEGORY_PAGE}; default ${MAX_CATEGORY_PAGE}.`,
    })
    first: number | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<Category[]> {
    const limit = pageSize(first, "first", MAX_CATEGORY_PAGE, MAX_CATEGORY_PAGE);
    return (await context.categories.findChildren(category.id, limit)).map(Category.fromDocument);
  }

  @FieldResolver(() => ProductConnection, {
    description: `Products of this category and every category below it, by id, narrowed by \`filter\`. At most ${MAX_PRODUCT_PAGE} a page.`,
  })
  async products(
    @Root() category: Category,
    @Arg("first", () => Int, {
      nullable: true,
      description: `Page size, 1–${MAX_PRODUCT_PAGE}; default ${DEFAULT_PRODUCT_PAGE}.`,
    })
    first: number | null | undefined,
    @Arg("after", () => String, {
      nullable: true,
      description: "`endCursor` of the previous page (with the same filter).",
    })
    after: string | null | undefined,
    @Arg("filter", () => ProductFilter, { nullable: true, description: "Merchant, tag, price and stock conditions." })
    filter: ProductFilter | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<ProductConnection> {
    return findProductPage(context, { categoryId: category.id, filter, first, after });
  }
}

import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { assertId } from "../shared/ids";
import { Category } from "./category.type";
import type { CatalogContext } from "./context";

/** The category tree. */
@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: "Children of `parentId`, or the root categories when it is omitted, by name." })
  async categories(@Arg("parentId", () => ID, { nullable: true, description: "Parent category id." }) parentId: string | null | undefined, @Ctx() context: CatalogContext): Promise<Category[]> {
    const documents = await context.categories.findChildren(parentId ? assertId(parentId, "parentId") : null);
    return documents.map(Category.fromDocument);
  }

  @Query(() => Category, { nullable: true, description: "One category by id; null when it does not exist." })
  async category(@Arg("id", () => ID, { description: "Category id." }) id: string, @Ctx() context: CatalogContext): Promise<Category | null> {
    const document = await context.loaders.category.load(assertId(id, "id"));
    return document ? Category.fromDocument(document) : null;
  }

  @FieldResolver(() => [Category], { description: "Ancestors from the root down to the parent." })
  async ancestors(@Root() category: Category, @Ctx() context: CatalogContext): Promise<Category[]> {
    const documents = await context.loaders.category.loadMany(category.path.slice(0, -1));
    return documents.flatMap((document) => (document && !(document instanceof Error) ? [Category.fromDocument(document)] : []));
  }

  @FieldResolver(() => [Category], { description: "Direct children, by name." })
  async children(@Root() category: Category, @Ctx() context: CatalogContext): Promise<Category[]> {
    return (await context.categories.findChildren(category.id)).map(Category.fromDocument);
  }
}

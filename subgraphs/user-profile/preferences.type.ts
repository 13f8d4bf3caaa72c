import { Field, ID, ObjectType } from "type-graphql";

/** What the shopper told us; derived signals never override it. */
@ObjectType({ description: "Explicit shopper preferences. Derived signals never override them." })
export class Preferences {
  @Field(() => [String], { description: "Dietary constraints as product tags (vegan, gluten-free, …)." })
  dietary!: string[];

  @Field(() => [String], { description: "Brands the shopper never wants to see." })
  excludedBrands!: string[];

  @Field(() => [ID], { description: "Categories the shopper never wants to see." })
  excludedCategoryIds!: string[];
}

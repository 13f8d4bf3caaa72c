import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A reference to a catalog category; the gateway resolves its other fields from the catalog subgraph. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: "A node of the category tree, owned by the catalog subgraph." })
export class Category {
  @Field(() => ID, { description: "Stable category id." })
  id!: string;
}

/** A category reference by id. */
export function categoryRef(id: string): Category {
  return Object.assign(new Category(), { id });
}

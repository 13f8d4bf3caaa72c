import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A reference to a catalog product; the gateway resolves its other fields from the catalog subgraph. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: "A product, owned by the catalog subgraph." })
export class Product {
  @Field(() => ID, { description: "Product id." })
  id!: string;
}

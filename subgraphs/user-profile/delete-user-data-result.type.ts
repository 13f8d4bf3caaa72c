import { Field, ID, Int, ObjectType } from "type-graphql";

/** Documents removed from one collection. */
@ObjectType({ description: "How many documents were removed from one collection." })
export class CollectionDeletion {
  @Field({ description: "Collection name." })
  collection!: string;

  @Field(() => Int, { description: "Documents removed." })
  deleted!: number;
}

/** Outcome of `deleteUserData`. */
@ObjectType({ description: "What deleteUserData removed." })
export class DeleteUserDataResult {
  @Field(() => ID, { description: "The user whose data was removed." })
  userId!: string;

  @Field(() => Int, { description: "Documents removed in all; 0 when nothing was stored for the user." })
  deleted!: number;

  @Field(() => [CollectionDeletion], { description: "Removals by collection (collections with none are left out)." })
  collections!: CollectionDeletion[];
}

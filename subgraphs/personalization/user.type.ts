import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The shopper entity (owned by user-profile); personalization adds `carousels`. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A shopper; personalization contributes their carousels." })
export class User {
  @Field(() => ID, { description: "Stable user id." })
  id!: string;
}

/** Reference resolver: personalization needs only the id. */
export function resolveUserReference(reference: { id: string }): User {
  return Object.assign(new User(), { id: reference.id });
}

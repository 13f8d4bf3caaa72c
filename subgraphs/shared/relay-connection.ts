import { Directive, Field, ObjectType } from "type-graphql";
import { BadUserInputError } from "./errors";

/** Relay page information (shared by every subgraph that paginates). */
@Directive("@shareable")
@ObjectType({ description: "Relay pagination state of a connection." })
export class PageInfo {
  @Field({ description: "Whether more items follow `endCursor`." })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last edge; pass it as `after` for the next page.",
  })
  endCursor!: string | null;
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is BAD_USER_INPUT on `field`. */
export function decodeCursor<T>(cursor: string, field: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (!isValid(value)) throw new BadUserInputError(`${field} is not a cursor this field returned`, field);
  return value;
}

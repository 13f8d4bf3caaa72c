import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { UserDocument } from "../../core/documents/user.document";
import { Preferences } from "./preferences.type";

/** A shopper. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A shopper: profile, preferences and order history." })
export class User {
  @Field(() => ID, { description: "Stable user id." })
  id!: string;

  @Field({ description: "Display name." })
  name!: string;

  @Field({ description: "Whether the shopper's age is verified (needed for age-restricted items)." })
  ageVerified!: boolean;

  @Field(() => Preferences, { description: "Explicit preferences." })
  preferences!: Preferences;

  @Field({ description: "When the profile was created." })
  createdAt!: Date;

  static fromDocument(document: UserDocument): User {
    return Object.assign(new User(), {
      id: document._id,
      name: document.name,
      ageVerified: document.ageVerified,
      preferences: Object.assign(new Preferences(), document.preferences),
      createdAt: document.createdAt,
    });
  }
}

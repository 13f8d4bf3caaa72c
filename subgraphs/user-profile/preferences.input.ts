import { Field, ID, InputType } from "type-graphql";
import { DIETARY_TAGS } from "../../core/documents/dietary-tags";

/** Most entries in one preference list. */
export const MAX_PREFERENCE_ENTRIES = 100;

/** Changes to a shopper's stated preferences; omitted lists stay as they are. */
@InputType({
  description: "New stated preferences. Each list given replaces the stored one; omitted lists are unchanged.",
})
export class PreferencesInput {
  @Field(() => [String], { nullable: true, description: `Dietary tags, each one of: ${DIETARY_TAGS.join(", ")}.` })
  dietary?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Brands never to show (at most ${MAX_PREFERENCE_ENTRIES}, 1–100 characters each).`,
  })
  excludedBrands?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Categories never to show (at most ${MAX_PREFERENCE_ENTRIES}); each must exist in the catalog.`,
  })
  excludedCategoryIds?: string[] | null;
}

import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { readUserSummary } from "../../core/documents/user-summary.document";
import type { UserProfileContext } from "./context";
import { UserAttributes } from "./attributes.type";
import { summarizeAttributes } from "./summary.template";
import { SummarySource, UserSummary } from "./summary.type";
import { User } from "./user.type";

/** Derived attributes and the summary of a shopper. */
@Resolver(() => User)
export class UserAttributesResolver {
  @FieldResolver(() => UserAttributes, {
    description: "Attributes derived from orders and PURCHASE events; updated as they arrive.",
  })
  async attributes(@Root() user: User, @Ctx() context: UserProfileContext): Promise<UserAttributes> {
    return UserAttributes.fromDocument(await context.loaders.attributes.load(user.id), user.preferences.dietary);
  }

  @FieldResolver(() => UserSummary, {
    description:
      "A short description of the shopper's habits: the stored summary (order-summaries job) when it describes the current attributes, else the offline template.",
  })
  async summary(@Root() user: User, @Ctx() context: UserProfileContext): Promise<UserSummary> {
    const [document, stored] = await Promise.all([
      context.loaders.attributes.load(user.id),
      readUserSummary(context.db, user.id),
    ]);
    if (stored && stored.attributesComputedAt.getTime() >= document.computedAt.getTime()) {
      return Object.assign(new UserSummary(), {
        text: stored.text,
        source: SummarySource[stored.source],
        updatedAt: stored.updatedAt,
      });
    }
    return Object.assign(new UserSummary(), {
      text: summarizeAttributes(document, user.preferences.dietary),
      source: SummarySource.OFFLINE,
      updatedAt: document.computedAt,
    });
  }
}

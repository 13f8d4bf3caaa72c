import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { UserProfileContext } from "./context";
import { UserAttributes } from "./attributes.type";
import { summarizeAttributes } from "./summary.template";
import { SummarySource, UserSummary } from "./summary.type";
import { User } from "./user.type";

/** Derived attributes and the summary of a shopper. */
@Resolver(() => User)
export class UserAttributesResolver {
  @FieldResolver(() => UserAttributes, { description: "Attributes derived from orders and PURCHASE events; updated as they arrive." })
  async attributes(@Root() user: User, @Ctx() context: UserProfileContext): Promise<UserAttributes> {
    return UserAttributes.fromDocument(await context.loaders.attributes.load(user.id), user.preferences.dietary);
  }

  @FieldResolver(() => UserSummary, { description: "A short description of the shopper's habits (offline template over the attributes)." })
  async summary(@Root() user: User, @Ctx() context: UserProfileContext): Promise<UserSummary> {
    const document = await context.loaders.attributes.load(user.id);
    return Object.assign(new UserSummary(), { text: summarizeAttributes(document, user.preferences.dietary), source: SummarySource.OFFLINE, updatedAt: document.computedAt });
  }
}

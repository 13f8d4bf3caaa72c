import { DateTimeResolver } from "graphql-scalars";
import { buildFederatedSchema } from "../shared/federation";
import type { SubgraphDefinition } from "../shared/subgraph";
import { createUserProfileContext, type UserProfileContext } from "./context";
import { EventsRepository } from "./events.repository";
import { OrdersRepository } from "./orders.repository";
import { resolveUserReference } from "./user.reference";
import { UserAttributesResolver } from "./user-attributes.resolver";
import { UserProfileMutationResolver } from "./user-profile.mutation.resolver";
import { UserResolver } from "./user.resolver";
import { UsersRepository } from "./users.repository";

/** The user-profile subgraph: shoppers, orders, events, preferences and derived attributes. */
export const userProfileSubgraph: SubgraphDefinition<UserProfileContext> = {
  name: "user-profile",
  port: (config) => config.USER_PROFILE_PORT,
  schema: () =>
    buildFederatedSchema<UserProfileContext>(
      // Dates are the `DateTime` scalar (RFC 3339), the name the public contract uses (EventInput.timestamp).
      {
        resolvers: [UserResolver, UserAttributesResolver, UserProfileMutationResolver],
        scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
      },
      { User: resolveUserReference },
    ),
  context: createUserProfileContext,
  async ensureIndexes(db) {
    await new UsersRepository(db).ensureIndexes();
    await new OrdersRepository(db).ensureIndexes();
    await new EventsRepository(db).ensureIndexes();
  },
};

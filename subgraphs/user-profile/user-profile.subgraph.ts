import { buildFederatedSchema } from "../shared/federation";
import type { SubgraphDefinition } from "../shared/subgraph";
import { createUserProfileContext, type UserProfileContext } from "./context";
import { OrdersRepository } from "./orders.repository";
import { resolveUserReference } from "./user.reference";
import { UserResolver } from "./user.resolver";
import { UsersRepository } from "./users.repository";

/** The user-profile subgraph: shoppers, orders, events, preferences and derived attributes. */
export const userProfileSubgraph: SubgraphDefinition<UserProfileContext> = {
  name: "user-profile",
  port: (config) => config.USER_PROFILE_PORT,
  schema: () => buildFederatedSchema<UserProfileContext>({ resolvers: [UserResolver] }, { User: resolveUserReference }),
  context: createUserProfileContext,
  async ensureIndexes(db) {
    await new UsersRepository(db).ensureIndexes();
    await new OrdersRepository(db).ensureIndexes();
  },
};

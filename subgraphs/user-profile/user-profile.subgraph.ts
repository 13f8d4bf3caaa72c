import { DateTimeResolver } from "graphql-scalars";
import type { Db } from "mongodb";
import { openEventStream } from "./event-stream/open-event-stream";
import type { EventSink } from "./event-stream/redis-event-stream";
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

/** The event stream of each started user-profile subgraph, by the database handle its contexts receive. */
const sinks = new WeakMap<Db, EventSink>();

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
  context: (services) => createUserProfileContext(services, sinks.get(services.db) ?? null),
  async open(db, config, logger) {
    const stream = await openEventStream(db, config, logger);
    if (stream) sinks.set(db, stream.sink);
    return {
      async close() {
        sinks.delete(db);
        await stream?.close();
      },
    };
  },
  async ensureIndexes(db) {
    await new UsersRepository(db).ensureIndexes();
    await new OrdersRepository(db).ensureIndexes();
    await new EventsRepository(db).ensureIndexes();
  },
};

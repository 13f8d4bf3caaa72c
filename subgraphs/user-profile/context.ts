import type DataLoader from "dataloader";
import type { UserDocument } from "../../core/documents/user.document";
import type { Logger } from "../../core/logger";
import { byIdLoader } from "../shared/by-id-loader";
import type { SubgraphServices } from "../shared/subgraph";
import { OrdersRepository } from "./orders.repository";
import { UsersRepository } from "./users.repository";

/** The user-profile request context: repositories and this request's DataLoaders. */
export interface UserProfileContext {
  logger: Logger;
  users: UsersRepository;
  orders: OrdersRepository;
  loaders: { user: DataLoader<string, UserDocument | null> };
}

/** Builds a fresh context (and fresh loaders) for one request. */
export function createUserProfileContext({ db, logger }: SubgraphServices): UserProfileContext {
  const users = new UsersRepository(db);
  const orders = new OrdersRepository(db);
  return { logger, users, orders, loaders: { user: byIdLoader((ids) => users.findByIds(ids)) } };
}

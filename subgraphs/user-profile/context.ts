import "reflect-metadata";
import DataLoader from "dataloader";
import type { Db } from "mongodb";
import type { UserDocument } from "../../core/documents/user.document";
import type { Logger } from "../../core/logger";
import { byIdLoader } from "../shared/by-id-loader";
import type { SubgraphServices } from "../shared/subgraph";
import { AttributesBuilder } from "./attributes/attributes.builder";
import type { UserAttributesDocument } from "./attributes/user-attributes.document";
import { EventIngestionService } from "./event-ingestion.service";
import { EventsRepository } from "./events.repository";
import { OrderPlacementService } from "./order-placement.service";
import { OrdersRepository } from "./orders.repository";
import { PreferencesService } from "./preferences.service";
import { UsersRepository } from "./users.repository";

/** The user-profile request context: repositories, services and this request's DataLoaders. */
export interface UserProfileContext {
  logger: Logger;
  db: Db;
  users: UsersRepository;
  orders: OrdersRepository;
  events: EventsRepository;
  attributes: AttributesBuilder;
  ingestion: EventIngestionService;
  placement: OrderPlacementService;
  preferences: PreferencesService;
  loaders: {
    user: DataLoader<string, UserDocument | null>;
    /** Stored attributes; users without a document get theirs computed (and stored) on first read. */
    attributes: DataLoader<string, UserAttributesDocument>;
  };
}

/** Builds a fresh context (and fresh loaders) for one request. */
export function createUserProfileContext({ db, logger }: SubgraphServices): UserProfileContext {
  const users = new UsersRepository(db);
  const orders = new OrdersRepository(db);
  const events = new EventsRepository(db);
  const attributes = new AttributesBuilder(db);
  const attributesLoader = new DataLoader<string, UserAttributesDocument>(async (ids) => {
    const found = new Map((await attributes.attributes.findByIds(ids)).map((document) => [document._id, document]));
    const missing = ids.filter((id) => !found.has(id));
    for (const document of await attributes.rebuildUsers(missing)) found.set(document._id, document);
    return ids.map((id) => found.get(id)!);
  });
  return {
    logger,
    db,
    users,
    orders,
    events,
    attributes,
    ingestion: new EventIngestionService(db, events, users, attributes, logger),
    placement: new OrderPlacementService(db, users, orders, attributes),
    preferences: new PreferencesService(db, users),
    loaders: { user: byIdLoader((ids) => users.findByIds(ids)), attributes: attributesLoader },
  };
}

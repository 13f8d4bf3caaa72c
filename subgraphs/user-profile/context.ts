import "reflect-metadata";
import DataLoader from "dataloader";
import type { Db } from "mongodb";
import type { UserDocument } from "../../core/documents/user.document";
import type { Logger } from "../../core/logger";
import { byIdLoader } from "../shared/by-id-loader";
import type { SubgraphServices } from "../shared/subgraph";
import { AttributesBuilder } from "./attributes/attributes.builder";
import { AttributesRefresher } from "./attributes/attributes.refresher";
import { readPurchaseHistories } from "./attributes/purchase-history.reader";
import { ErasedShoppers } from "./erased-shoppers";
import { ShopperLocks } from "./shopper-locks";
import type { UserAttributesDocument } from "./attributes/user-attributes.document";
import { EventIngestionService } from "./event-ingestion.service";
import { EventsRepository } from "./events.repository";
import type { EventSink } from "./event-stream/redis-event-stream";
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
  /** Stores attributes after writes, serialized per shopper across processes. */
  refresher: AttributesRefresher;
  /** Per-shopper leases; erasure holds the shopper's while it runs. */
  locks: ShopperLocks;
  /** Tombstones of erased shoppers. */
  erased: ErasedShoppers;
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
export function createUserProfileContext(
  { db, logger }: SubgraphServices,
  /** The event stream (EVENT_STREAM=redis); null keeps writes inline. */
  sink: EventSink | null = null,
): UserProfileContext {
  const users = new UsersRepository(db);
  const orders = new OrdersRepository(db);
  const events = new EventsRepository(db);
  const attributes = new AttributesBuilder(db);
  const locks = new ShopperLocks(db);
  const erased = new ErasedShoppers(db);
  const refresher = new AttributesRefresher(db, attributes, locks, erased);
  const attributesLoader = new DataLoader<string, UserAttributesDocument>(async (ids) => {
    const found = new Map((await attributes.attributes.findByIds(ids)).map((document) => [document._id, document]));
    const missing = ids.filter((id) => !found.has(id));
    for (const document of await refresher.refresh(missing)) found.set(document._id, document);
    const unstored = ids.filter((id) => !found.has(id));
    // Not stored (erased meanwhile): computed for this answer only.
    if (unstored.length > 0)
      for (const document of await attributes.computeFromHistories(await readPurchaseHistories(db, unstored)))
        found.set(document._id, document);
    return ids.map((id) => found.get(id)!);
  });
  return {
    logger,
    db,
    users,
    orders,
    events,
    attributes,
    refresher,
    locks,
    erased,
    ingestion: new EventIngestionService(db, events, users, refresher, erased, logger, sink),
    placement: new OrderPlacementService(db, users, orders, refresher, erased, sink),
    preferences: new PreferencesService(db, users, erased),
    loaders: { user: byIdLoader((ids) => users.findByIds(ids)), attributes: attributesLoader },
  };
}

import Redis from "ioredis";
import type { Db } from "mongodb";
import type { Config } from "../../../core/config";
import type { Logger } from "../../../core/logger";
import { trackStreamLag } from "../../../core/metrics";
import { AttributesBuilder } from "../attributes/attributes.builder";
import { AttributesRefresher } from "../attributes/attributes.refresher";
import { ErasedShoppers } from "../erased-shoppers";
import { EventsRepository } from "../events.repository";
import { OrdersRepository } from "../orders.repository";
import { ShopperLocks } from "../shopper-locks";
import { UsersRepository } from "../users.repository";
import { RedisEventStream, type EventSink } from "./redis-event-stream";
import { StreamApplier } from "./stream-applier";
import { StreamConsumer, type StreamConsumerOptions } from "./stream-consumer";

/** The settings the event stream reads. */
export type EventStreamConfig = Pick<
  Config,
  | "EVENT_STREAM"
  | "EVENT_STREAM_PARTITIONS"
  | "EVENT_STREAM_CONSUMER"
  | "EVENT_STREAM_BATCH"
  | "EVENT_STREAM_LEASE_MS"
  | "REDIS_URL"
  | "REDIS_KEY_PREFIX"
>;

/** An opened event stream: where the mutations append, and this process's consumer when it runs one. */
export interface OpenedEventStream {
  sink: EventSink & { lag: RedisEventStream["lag"]; keys: RedisEventStream["keys"] };
  consumer: StreamConsumer | null;
  /** Whether Redis answers (for readiness probes). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The applier over `db`: the same repositories and attribute refresher as the inline path. */
export function createStreamApplier(db: Db, logger: Logger): StreamApplier {
  const locks = new ShopperLocks(db);
  const erased = new ErasedShoppers(db);
  return new StreamApplier(
    db,
    new UsersRepository(db),
    new EventsRepository(db),
    new OrdersRepository(db),
    new AttributesRefresher(db, new AttributesBuilder(db), locks, erased),
    erased,
    logger,
  );
}

/**
 * Opens the event stream configured by EVENT_STREAM (null for `inline`): a Redis connection to append
 * on, lag reported at every `/metrics` scrape, and, when `consume` (EVENT_STREAM_CONSUMER=on in
 * user-profile; always in the event-consumer job), a consumer on a connection of its own. Redis being
 * unreachable at start is not fatal: appends answer UNAVAILABLE and the consumer retries until it is back.
 */
export async function openEventStream(
  db: Db,
  config: EventStreamConfig,
  logger: Logger,
  options: { consume: boolean } & Partial<Pick<StreamConsumerOptions, "beforeAck" | "blockMs">> = {
    consume: config.EVENT_STREAM_CONSUMER === "on",
  },
): Promise<OpenedEventStream | null> {
  if (config.EVENT_STREAM === "inline") return null;
  if (config.REDIS_URL === "off") throw new Error("EVENT_STREAM=redis needs REDIS_URL");
  // A command fails after two reconnection attempts (UNAVAILABLE to the client) rather than waiting for Redis.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  redis.on("error", (error: Error) => logger.debug({ err: error }, "event stream: redis connection error"));
  const stream = new RedisEventStream(redis, {
    prefix: config.REDIS_KEY_PREFIX,
    partitions: config.EVENT_STREAM_PARTITIONS,
  });
  await stream.ensureGroups().catch((error: unknown) => {
    logger.warn(
      { err: error },
      "event stream: Redis unreachable at start; appends answer UNAVAILABLE until it is back",
    );
  });
  const untrackLag = trackStreamLag(() => stream.lag());
  let consumer: StreamConsumer | null = null;
  let reader: Redis | null = null;
  if (options.consume) {
    // Reads block for up to a second: a connection of its own.
    reader = redis.duplicate();
    reader.on("error", (error: Error) => logger.debug({ err: error }, "event stream: redis connection error"));
    consumer = new StreamConsumer(reader, stream.keys, createStreamApplier(db, logger), logger, {
      batch: config.EVENT_STREAM_BATCH,
      leaseMs: config.EVENT_STREAM_LEASE_MS,
      ...(options.beforeAck ? { beforeAck: options.beforeAck } : {}),
      ...(options.blockMs ? { blockMs: options.blockMs } : {}),
    });
    consumer.start();
  }
  logger.info(
    { partitions: config.EVENT_STREAM_PARTITIONS, consumer: options.consume },
    "event stream on Redis Streams: writes are appended and applied by the consumer group",
  );
  return {
    sink: stream,
    consumer,
    ping: () =>
      redis.ping().then(
        (reply) => reply === "PONG",
        () => false,
      ),
    async close() {
      await consumer?.stop();
      untrackLag();
      await reader?.quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}

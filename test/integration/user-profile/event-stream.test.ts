import "reflect-metadata";
import { spawn, spawnSync } from "node:child_process";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import Redis from "ioredis";
import type { Db } from "mongodb";
import { loadConfig, type Config } from "../../../core/config";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { createLogger } from "../../../core/logger";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";
import { startSubgraph } from "../../../subgraphs/shared/subgraph";
import { AttributesBuilder } from "../../../subgraphs/user-profile/attributes/attributes.builder";
import { readPurchaseHistories } from "../../../subgraphs/user-profile/attributes/purchase-history.reader";
import type { UserAttributesDocument } from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { createUserProfileContext, type UserProfileContext } from "../../../subgraphs/user-profile/context";
import { ErasedShoppers } from "../../../subgraphs/user-profile/erased-shoppers";
import {
  createStreamApplier,
  openEventStream,
  type OpenedEventStream,
} from "../../../subgraphs/user-profile/event-stream/open-event-stream";
import { readLag, RedisEventStream, StreamKeys } from "../../../subgraphs/user-profile/event-stream/redis-event-stream";
import { StreamConsumer } from "../../../subgraphs/user-profile/event-stream/stream-consumer";
import type { StreamMessage } from "../../../subgraphs/user-profile/event-stream/stream-message";
import { userProfileSubgraph } from "../../../subgraphs/user-profile/user-profile.subgraph";
import { useTestDatabase } from "../../support/test-database";
import { CATEGORIES, PRODUCTS, user } from "./user-profile-fixtures";

/**
 * The event stream against the real Redis at REDIS_URL (127.0.0.1:6379 by default; `.ci/run` starts one
 * when none answers). Skipped, saying so, only when no Redis answers there.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisAnswers =
  spawnSync(
    process.execPath,
    [
      "-e",
      `const s=require("node:net").connect(${new URL(REDIS_URL).port || 6379},${JSON.stringify(new URL(REDIS_URL).hostname)});` +
        `s.setTimeout(2000,()=>process.exit(1));s.on("connect",()=>{s.write("PING\\r\\n")});` +
        `s.on("data",d=>process.exit(String(d).startsWith("+PONG")?0:1));s.on("error",()=>process.exit(1));`,
    ],
    { timeout: 5000 },
  ).status === 0;
if (!redisAnswers)
  process.stderr.write(
    `event-stream tests SKIPPED: no Redis answers at ${REDIS_URL} (start redis-server, or see .ci/run)\n`,
  );
const describeWithRedis = redisAnswers ? describe : describe.skip;

jest.setTimeout(120_000);

const ACTS_AS_ADMIN = { role: "admin", subject: "test-admin" } as const;
const logger = createLogger("test", "silent");
const PRODUCT_IDS = ["p-milk-a", "p-milk-b", "p-milk-c", "p-bread"];
const RECORD = `mutation Record($events: [EventInput!]!) { recordEvents(events: $events) { stored accepted duplicates rejected usersCreated attributesUpdated results { eventId status rejection } } }`;
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id total } }`;

const database = useTestDatabase("event_stream");

const prefixes: string[] = [];
/** Configuration of one test: its own key prefix in Redis, so tests never see each other's streams. */
function streamConfig(overrides: Record<string, string> = {}): Config {
  const prefix = `test-stream-${process.pid}-${prefixes.length}-${Date.now().toString(36)}:`;
  prefixes.push(prefix);
  return loadConfig({
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    EVENT_STREAM: "redis",
    EVENT_STREAM_PARTITIONS: "4",
    EVENT_STREAM_BATCH: "40",
    EVENT_STREAM_LEASE_MS: "1500",
    ...overrides,
  });
}

let redis: Redis;
let schema: Awaited<ReturnType<typeof userProfileSubgraph.schema>>;
beforeAll(async () => {
  if (!redisAnswers) return;
  redis = new Redis(REDIS_URL);
  schema = await userProfileSubgraph.schema();
});
afterAll(async () => {
  if (!redisAnswers) return;
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  redis.disconnect();
});

async function resetDatabase(db: Db, users: string[] = []): Promise<void> {
  await db.dropDatabase();
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(PRODUCTS);
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(CATEGORIES);
  if (users.length > 0) await db.collection<UserDocument>(COLLECTIONS.users).insertMany(users.map((id) => user(id)));
  await userProfileSubgraph.ensureIndexes(db);
}

/** Runs an operation against the user-profile schema with the stream as its sink (an admin acts). */
function executor(db: Db, stream: OpenedEventStream) {
  const server = new ApolloServer<UserProfileContext>({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  return async <T>(query: string, variables: Record<string, unknown>) => {
    const response = await server.executeOperation(
      { query, variables },
      { contextValue: bindPrincipal(createUserProfileContext({ db, logger }, stream.sink), ACTS_AS_ADMIN) },
    );
    if (response.body.kind !== "single") throw new Error("unexpected incremental response");
    return response.body.singleResult as { data?: T; errors?: { extensions?: { code?: string } }[] };
  };
}

async function totalLag(keys: StreamKeys): Promise<number> {
  return (await readLag(redis, keys)).reduce((sum, partition) => sum + partition.lag, 0);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sum = (values: Map<string, number>): number => [...values.values()].reduce((total, value) => total + value, 0);

const strip = ({
  computedAt: _computedAt,
  ...rest
}: UserAttributesDocument): Omit<UserAttributesDocument, "computedAt"> => rest;

/** Every shopper's stored attributes equal what a full rebuild computes from the stored history. */
async function expectAttributesEqualFullRebuild(db: Db, userIds: readonly string[]): Promise<void> {
  const builder = new AttributesBuilder(db);
  const stored = await builder.attributes.findByIds(userIds);
  expect(stored.map((document) => document._id).sort()).toEqual([...userIds].sort());
  for (const document of stored) {
    const [full] = await builder.computeFromHistories(
      await readPurchaseHistories(db, [document._id]),
      document.computedAt,
    );
    expect(strip(document)).toEqual(strip(full!));
  }
}

/** Each shopper's events for one call: two purchases, a click and a search, distinct per shopper and call. */
function eventsOf(userId: string, call: number, base = Date.parse("2026-11-01T00:00:00Z")) {
  return [0, 1, 2, 3].map((position) => ({
    eventId: `e-${call}-${position}`,
    userId,
    type: position < 2 ? "PURCHASE" : position === 2 ? "CLICK" : "SEARCH",
    ...(position === 3 ? { query: "milk" } : { productId: PRODUCT_IDS[(call + position) % PRODUCT_IDS.length] }),
    timestamp: new Date(base + (call * 4 + position) * 60_000).toISOString(),
  }));
}

describe("applying stream messages (no Redis involved)", () => {
  const purchase = (userId: string, eventId: string, productId: string): StreamMessage => ({
    kind: "events",
    userId,
    acceptedAt: new Date(),
    events: [
      {
        _id: `${userId}|${eventId}`,
        eventId,
        userId,
        type: "PURCHASE",
        productId,
        timestamp: new Date("2026-11-02T10:00:00Z"),
      },
    ],
  });
  const orderMessage = (orderId: string, userId: string): StreamMessage => ({
    kind: "order",
    userId,
    acceptedAt: new Date(),
    order: {
      _id: orderId,
      userId,
      placedAt: new Date("2026-11-03T10:00:00Z"),
      lines: [{ productId: "p-milk-b", quantity: 2, unitPrice: 3, discount: 0 }],
      total: 6,
      source: "api",
    },
  });

  it("a batch delivered again after its writes landed but before the attributes were recomputed: the redelivery recomputes them and stores nothing twice", async () => {
    const db = database.db;
    await resetDatabase(db, ["u-half"]);
    const messages = [purchase("u-half", "e1", "p-milk-a"), orderMessage("o-half", "u-half")];
    // What a consumer that died between its writes and its recompute left behind.
    await db.collection(COLLECTIONS.events).insertOne((messages[0] as { events: object[] }).events[0] as never);
    await db.collection(COLLECTIONS.orders).insertOne((messages[1] as { order: object }).order as never);
    const report = await createStreamApplier(db, logger).apply(messages);
    expect(report).toMatchObject({
      outcomes: ["applied", "applied"],
      eventsStored: 0,
      ordersStored: 0,
      attributesUpdated: ["u-half"],
    });
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(1);
    expect(await db.collection(COLLECTIONS.orders).countDocuments()).toBe(1);
    await expectAttributesEqualFullRebuild(db, ["u-half"]);
  });

  it("drops the messages of an erased shopper and an order whose id another shopper's order holds", async () => {
    const db = database.db;
    await resetDatabase(db, ["u-gone", "u-a", "u-b"]);
    await new ErasedShoppers(db).record("u-gone");
    const report = await createStreamApplier(db, logger).apply([
      purchase("u-gone", "e1", "p-milk-a"),
      orderMessage("o-shared", "u-a"),
      orderMessage("o-shared", "u-b"),
      orderMessage("o-shared", "u-a"),
    ]);
    expect(report.outcomes).toEqual(["dropped", "applied", "dropped", "applied"]);
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(0);
    expect(await db.collection(COLLECTIONS.orders).find().toArray()).toMatchObject([
      { _id: "o-shared", userId: "u-a" },
    ]);
    expect(report.attributesUpdated).toEqual(["u-a"]);
  });
});

describeWithRedis("event stream on Redis Streams (EVENT_STREAM=redis)", () => {
  it("the mutations validate synchronously, append, and answer ACCEPTED; client errors are typed and never appended; the consumer then stores them", async () => {
    const db = database.db;
    await resetDatabase(db, ["u-order"]);
    const config = streamConfig();
    const producer = (await openEventStream(db, config, logger, { consume: false }))!;
    try {
      const run = executor(db, producer);
      const recorded = await run<{ recordEvents: Record<string, unknown> }>(RECORD, {
        events: [
          ...eventsOf("u-new", 0),
          {
            eventId: "bad",
            userId: "u-new",
            type: "CLICK",
            productId: "p-unknown",
            timestamp: new Date().toISOString(),
          },
          {
            eventId: "e-0-0",
            userId: "u-new",
            type: "PURCHASE",
            productId: "p-milk-a",
            timestamp: new Date().toISOString(),
          },
        ],
      });
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data!.recordEvents).toMatchObject({
        stored: 0,
        accepted: 4,
        duplicates: 1,
        rejected: 1,
        usersCreated: [],
        attributesUpdated: [],
      });
      expect((recorded.data!.recordEvents.results as { status: string }[]).map((result) => result.status)).toEqual([
        "ACCEPTED",
        "ACCEPTED",
        "ACCEPTED",
        "ACCEPTED",
        "REJECTED",
        "DUPLICATE",
      ]);
      const refused = await run(PLACE, { input: { userId: "u-order", lines: [{ productId: "p-nope", quantity: 1 }] } });
      expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const placed = await run<{ placeOrder: { id: string; total: number } }>(PLACE, {
        input: { orderId: "o-stream-1", userId: "u-order", lines: [{ productId: "p-milk-b", quantity: 2 }] },
      });
      expect(placed.data!.placeOrder).toEqual({ id: "o-stream-1", total: 6 });
      // Appended, not applied: two messages (one per call that had valid writes), nothing in the database yet.
      expect(await totalLag(producer.sink.keys)).toBe(2);
      expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(0);
      expect(await db.collection(COLLECTIONS.orders).countDocuments()).toBe(0);

      const consumer = (await openEventStream(db, config, logger, { consume: true }))!;
      try {
        await eventually(async () => (await totalLag(producer.sink.keys)) === 0);
      } finally {
        await consumer.close();
      }
      expect(await db.collection(COLLECTIONS.events).countDocuments({ userId: "u-new" })).toBe(4);
      expect(await db.collection(COLLECTIONS.users).countDocuments({ _id: "u-new" } as never)).toBe(1);
      expect(await db.collection(COLLECTIONS.orders).findOne({ _id: "o-stream-1" } as never)).toMatchObject({
        userId: "u-order",
        total: 6,
      });
      await expectAttributesEqualFullRebuild(db, ["u-new", "u-order"]);
      // Replaying an applied event: ACCEPTED (stored events are not read on the write path), then applied as a no-op.
      const replay = await run<{ recordEvents: { duplicates: number; accepted: number } }>(RECORD, {
        events: eventsOf("u-new", 0).slice(0, 2),
      });
      expect(replay.data!.recordEvents).toMatchObject({ duplicates: 0, accepted: 2 });
      const again = (await openEventStream(db, config, logger, { consume: true }))!;
      try {
        await eventually(async () => (await totalLag(producer.sink.keys)) === 0);
      } finally {
        await again.close();
      }
      expect(await db.collection(COLLECTIONS.events).countDocuments({ userId: "u-new" })).toBe(4);
      await expectAttributesEqualFullRebuild(db, ["u-new", "u-order"]);
    } finally {
      await producer.close();
    }
  });

  it("a consumer killed mid-batch (applied, not acknowledged): after a restart nothing is lost and nothing counted twice", async () => {
    const db = database.db;
    const shoppers = Array.from({ length: 30 }, (_, index) => `u-crash-${String(index).padStart(2, "0")}`);
    const ordering = shoppers.filter((_, index) => index % 2 === 0);
    await resetDatabase(db, ordering);
    const config = streamConfig();
    const producer = (await openEventStream(db, config, logger, { consume: false }))!;
    const run = executor(db, producer);
    for (const userId of shoppers) {
      const answer = await run<{ recordEvents: { accepted: number } }>(RECORD, { events: eventsOf(userId, 1) });
      expect(answer.data!.recordEvents.accepted).toBe(4);
    }
    for (const userId of ordering) {
      const answer = await run(PLACE, {
        input: { orderId: `o-${userId}`, userId, lines: [{ productId: "p-bread", quantity: 3 }] },
      });
      expect(answer.errors).toBeUndefined();
    }
    // Replays before anything is applied: accepted again, so the stream holds them twice.
    for (const userId of shoppers.slice(0, 10)) await run(RECORD, { events: eventsOf(userId, 1) });
    for (const userId of ordering.slice(0, 5))
      await run(PLACE, { input: { orderId: `o-${userId}`, userId, lines: [{ productId: "p-bread", quantity: 3 }] } });
    const appended = shoppers.length + ordering.length + 10 + 5;
    expect(await totalLag(producer.sink.keys)).toBe(appended);

    const child = spawn(process.execPath, ["-r", "@swc-node/register", "test/support/event-consumer-child.ts"], {
      env: {
        ...process.env,
        TEST_DATABASE: db.databaseName,
        REDIS_URL,
        REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
        EVENT_STREAM_PARTITIONS: String(config.EVENT_STREAM_PARTITIONS),
        EVENT_STREAM_BATCH: String(config.EVENT_STREAM_BATCH),
        EVENT_STREAM_LEASE_MS: String(config.EVENT_STREAM_LEASE_MS),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const firstBatch = await new Promise<number>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /applied-unacked (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`consumer child exited early (${code})`)));
    });
    // Mid-batch: part of the stream was applied to the database, none of it acknowledged.
    const storedAtKill = await db.collection(COLLECTIONS.events).countDocuments();
    const pendingAtKill = (await readLag(redis, producer.sink.keys)).reduce((total, p) => total + p.pending, 0);
    child.kill("SIGKILL");
    await exited;
    expect(firstBatch).toBeGreaterThan(0);
    expect(firstBatch).toBeLessThan(appended);
    expect(storedAtKill).toBeGreaterThan(0);
    expect(pendingAtKill).toBe(firstBatch);
    expect(await totalLag(producer.sink.keys)).toBe(appended);

    // Restarted as the dedicated consumer process (`npm run jobs -- event-consumer`), with its metrics port.
    const job = spawn(
      process.execPath,
      ["-r", "@swc-node/register", "jobs/command.ts", "jobs", ".job", "event-consumer", "--port", "0"],
      {
        env: { ...process.env, ...stringEnv(config), MONGODB_DATABASE: db.databaseName, LOG_LEVEL: "silent" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const jobExit = new Promise<number | null>((resolve) => job.on("exit", (code) => resolve(code)));
    const metricsUrl = await new Promise<string>((resolve, reject) => {
      let output = "";
      job.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/[^ ]+\/metrics)/.exec(output);
        if (match) resolve(match[1]!.replace(",", ""));
      });
      job.on("exit", (code) => reject(new Error(`event-consumer exited early (${code}): ${output}`)));
    });
    let scraped = "";
    try {
      // The dead consumer's leases expire (EVENT_STREAM_LEASE_MS), then its pending batch is applied again first.
      await eventually(async () => (await totalLag(producer.sink.keys)) === 0);
      scraped = await (await fetch(metricsUrl)).text();
      expect((await fetch(metricsUrl.replace(/metrics$/, "ready"))).status).toBe(200);
    } finally {
      job.kill("SIGTERM");
      await producer.close();
    }
    expect(await jobExit).toBe(0);
    const value = (pattern: RegExp): number =>
      scraped
        .split("\n")
        .filter((line) => pattern.test(line))
        .reduce((total, line) => total + Number(line.split(" ").pop()), 0);
    expect(value(/^discovery_event_stream_redelivered_total\{/)).toBe(firstBatch);
    expect(value(/^discovery_event_stream_applied_total\{/)).toBe(appended);
    expect(value(/^discovery_event_stream_lag_messages\{/)).toBe(0);
    expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(shoppers.length * 4);
    expect(await db.collection(COLLECTIONS.orders).countDocuments()).toBe(ordering.length);
    const purchases = await db
      .collection(COLLECTIONS.events)
      .aggregate<{ _id: string; count: number }>([
        { $match: { type: "PURCHASE" } },
        { $group: { _id: "$userId", count: { $sum: 1 } } },
      ])
      .toArray();
    expect(purchases.every((entry) => entry.count === 2)).toBe(true);
    await expectAttributesEqualFullRebuild(db, shoppers);
    const attributes = await new AttributesBuilder(db).attributes.findByIds(ordering.slice(0, 1));
    // Two purchase events and one order line (3 units of bread), each counted once.
    expect(attributes[0]!.purchaseLines).toBe(3);
  });

  it("two consumers share the partitions and each shopper's messages are applied in the order appended", async () => {
    const db = database.db;
    await resetDatabase(db);
    const config = streamConfig({ EVENT_STREAM_BATCH: "8" });
    const keys = new StreamKeys(config.REDIS_KEY_PREFIX, config.EVENT_STREAM_PARTITIONS);
    const producer = new RedisEventStream(redis, {
      prefix: config.REDIS_KEY_PREFIX,
      partitions: config.EVENT_STREAM_PARTITIONS,
    });
    await producer.ensureGroups();
    const applied: { consumer: number; userId: string; sequence: number }[] = [];
    const connections: Redis[] = [];
    const consumers = [0, 1].map((number) => {
      const connection = new Redis(REDIS_URL);
      connections.push(connection);
      const applier = createStreamApplier(db, logger);
      return new StreamConsumer(
        connection,
        keys,
        {
          apply: async (messages: readonly StreamMessage[]) => {
            for (const message of messages)
              for (const event of message.kind === "events" ? message.events : [])
                applied.push({ consumer: number, userId: message.userId, sequence: Number(event.eventId!.slice(4)) });
            // Slow enough that both consumers are busy at once.
            await new Promise((resolve) => setTimeout(resolve, 20));
            return applier.apply(messages);
          },
        },
        logger,
        { batch: config.EVENT_STREAM_BATCH, leaseMs: config.EVENT_STREAM_LEASE_MS, blockMs: 200 },
      );
    });
    try {
      consumers[0]!.start();
      await eventually(async () => consumers[0]!.partitions().length === 4, 10_000);
      consumers[1]!.start();
      await eventually(
        async () => consumers[0]!.partitions().length === 2 && consumers[1]!.partitions().length === 2,
        10_000,
      );
      const shoppers = Array.from({ length: 12 }, (_, index) => `u-order-${index}`);
      const base = Date.parse("2026-11-01T00:00:00Z");
      for (let sequence = 0; sequence < 25; sequence += 1)
        await producer.append(
          shoppers.map((userId): StreamMessage => ({
            kind: "events",
            userId,
            acceptedAt: new Date(),
            events: [
              {
                _id: `${userId}|seq-${sequence}`,
                eventId: `seq-${sequence}`,
                userId,
                type: "CLICK",
                productId: "p-milk-a",
                timestamp: new Date(base + sequence * 1000),
              },
            ],
          })),
        );
      await eventually(async () => (await totalLag(keys)) === 0);
      expect(new Set(applied.map((entry) => entry.consumer))).toEqual(new Set([0, 1]));
      for (const userId of shoppers) {
        const sequences = applied.filter((entry) => entry.userId === userId).map((entry) => entry.sequence);
        expect(sequences).toEqual(Array.from({ length: 25 }, (_, index) => index));
        // One consumer applied each shopper.
        expect(new Set(applied.filter((entry) => entry.userId === userId).map((entry) => entry.consumer)).size).toBe(1);
      }
      expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(12 * 25);
    } finally {
      for (const consumer of consumers) await consumer.stop();
      for (const connection of connections) connection.disconnect();
    }
  });

  it("user-profile with the stream on reports the lag at /metrics, and it falls to 0 once a consumer applies the backlog", async () => {
    const db = database.db;
    await resetDatabase(db);
    const config = streamConfig({ EVENT_STREAM_CONSUMER: "off" });
    const subgraph = await startSubgraph(
      userProfileSubgraph,
      {
        ...loadConfig({ ...process.env, ...stringEnv(config), LOG_LEVEL: "silent", MONGODB_DATABASE: db.databaseName }),
        MONGODB_URI: process.env.MONGODB_URI!,
      },
      0,
    );
    try {
      const producer = new RedisEventStream(redis, {
        prefix: config.REDIS_KEY_PREFIX,
        partitions: config.EVENT_STREAM_PARTITIONS,
      });
      await producer.append(
        ["u-lag-1", "u-lag-2", "u-lag-3"].flatMap((userId) =>
          [0, 1].map((call): StreamMessage => ({
            kind: "events",
            userId,
            acceptedAt: new Date(),
            events: [
              {
                _id: `${userId}|lag-${call}`,
                eventId: `lag-${call}`,
                userId,
                type: "CLICK",
                productId: "p-bread",
                timestamp: new Date(),
              },
            ],
          })),
        ),
      );
      const scrape = async (): Promise<Map<string, number>> => {
        const text = await (await fetch(subgraph.url.replace(/\/graphql$/, "/metrics"))).text();
        const lag = new Map<string, number>();
        for (const line of text.split("\n")) {
          const match = /^discovery_event_stream_lag_messages\{partition="(\d+)"[^}]*\} (\S+)$/.exec(line);
          if (match) lag.set(match[1]!, Number(match[2]));
        }
        return lag;
      };
      const before = await scrape();
      expect([...before.keys()].sort()).toEqual(["0", "1", "2", "3"]);
      expect(sum(before)).toBe(6);
      const consumer = (await openEventStream(db, config, logger, { consume: true }))!;
      try {
        await eventually(async () => sum(await scrape()) === 0);
      } finally {
        await consumer.close();
      }
      expect(await db.collection(COLLECTIONS.events).countDocuments()).toBe(6);
    } finally {
      await subgraph.stop();
    }
  });
});

/** The stream settings of `config` as environment variables. */
function stringEnv(config: Config): Record<string, string> {
  return {
    REDIS_URL: config.REDIS_URL,
    REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
    EVENT_STREAM: config.EVENT_STREAM,
    EVENT_STREAM_PARTITIONS: String(config.EVENT_STREAM_PARTITIONS),
    EVENT_STREAM_CONSUMER: config.EVENT_STREAM_CONSUMER,
    EVENT_STREAM_BATCH: String(config.EVENT_STREAM_BATCH),
    EVENT_STREAM_LEASE_MS: String(config.EVENT_STREAM_LEASE_MS),
  };
}

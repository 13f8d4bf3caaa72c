import "reflect-metadata";
import Redis from "ioredis";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { cpus } from "node:os";
import type { Db } from "mongodb";
import { loadConfigOrExit, type Config } from "../core/config";
import { COLLECTIONS } from "../core/documents/collections";
import type { ProductDocument } from "../core/documents/product.document";
import { openJobDatabase } from "../core/database/job-database";
import { createLogger } from "../core/logger";
import { mulberry32 as random } from "../core/random";
import { bindPrincipal } from "../subgraphs/shared/authorization";
import { USER_ATTRIBUTES_COLLECTION } from "../subgraphs/user-profile/attributes/user-attributes.document";
import { createUserProfileContext, type UserProfileContext } from "../subgraphs/user-profile/context";
import { openEventStream, type OpenedEventStream } from "../subgraphs/user-profile/event-stream/open-event-stream";
import { userProfileSubgraph } from "../subgraphs/user-profile/user-profile.subgraph";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { insertBenchShoppers } from "./bench-data";
import { emitJson } from "./bench-args";
import { percentile } from "./percentile";

const ARGS = defineCommand({
  command: "npm run bench -- event-stream",
  summary:
    "recordEvents ingestion with the event stream off (inline) and on (Redis Streams), alternating the modes in one run on one database, as JSON (needs Redis at REDIS_URL).",
  options: {
    events: { type: "int", min: 1, max: 10_000_000, default: 10_000, help: "events recorded per mode and round" },
    users: { type: "int", min: 1, max: 10_000_000, default: 1_000, help: "shoppers the events spread over" },
    batch: { type: "int", min: 1, max: 1000, default: 100, value: "EVENTS_PER_CALL", help: "events per call" },
    rounds: { type: "int", min: 1, max: 100, default: 2, help: "rounds of both modes" },
    consumers: { type: "int", min: 1, max: 64, default: 1, help: "in-process stream consumers" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});

export const USAGE = ARGS.usage;

const ACTS_AS_ADMIN = { role: "admin", subject: "bench-admin" } as const;
const TYPES = [
  "IMPRESSION",
  "IMPRESSION",
  "IMPRESSION",
  "IMPRESSION",
  "CLICK",
  "CLICK",
  "ADD_TO_CART",
  "SEARCH",
  "PURCHASE",
];
const RECORD =
  "mutation Record($events: [EventInput!]!) { recordEvents(events: $events) { stored accepted rejected } }";

interface ModeResult {
  mode: "inline" | "stream";
  round: number;
  /** Events a second the mutation answered for (inline: stored and attributes updated; stream: appended). */
  answeredPerSecond: number;
  /** Events a second stored with their attributes updated, from the first call until the last was applied. */
  appliedPerSecond: number;
  callP50Ms: number;
  callP99Ms: number;
  /** Stream only: seconds from the last answer until the consumers had applied everything. */
  drainSeconds?: number;
}

/**
 * `npm run bench -- event-stream`: recordEvents ingestion with the event stream off (inline: each call
 * stores its events and recomputes its purchasers' attributes) and on (Redis Streams: each call appends;
 * `--consumers` in-process consumers apply), alternating the two modes in one run on one database. Calls
 * are sequential (one client), each of `--batch` events over `--users` shoppers, about one in nine a PURCHASE.
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const { events, users, batch, rounds, consumers } = args;
  const base = loadConfigOrExit({ ...process.env, LOG_LEVEL: "silent" });
  if (base.REDIS_URL === "off") throw new Error("the event stream needs REDIS_URL");
  const logger = createLogger("bench", "silent");
  const { database, close } = await openJobDatabase(base, (line) => void process.stderr.write(`${line}\n`));
  const db = database.client.db(`bench_event_stream_${process.pid}`);
  const server = new ApolloServer<UserProfileContext>({
    schema: await userProfileSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const results: ModeResult[] = [];
  try {
    await db.dropDatabase();
    await userProfileSubgraph.ensureIndexes(db);
    const productIds = await seed(db, users);
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which mode goes first, so neither always runs on the warmer database.
      const order: Array<"inline" | "stream"> = round % 2 === 0 ? ["inline", "stream"] : ["stream", "inline"];
      for (const mode of order) {
        await db.collection(COLLECTIONS.events).deleteMany({});
        await db.collection(USER_ATTRIBUTES_COLLECTION).deleteMany({});
        const config: Config = {
          ...base,
          EVENT_STREAM: "redis",
          REDIS_KEY_PREFIX: `${base.REDIS_KEY_PREFIX}bench-${process.pid}-${round}-${mode}:`,
        };
        const producer = mode === "stream" ? await openEventStream(db, config, logger, { consume: false }) : null;
        const opened: OpenedEventStream[] = [];
        for (let index = 0; mode === "stream" && index < consumers; index += 1)
          opened.push((await openEventStream(db, config, logger, { consume: true }))!);
        try {
          const rand = random(10 + round);
          const callMs: number[] = [];
          const started = process.hrtime.bigint();
          for (let offset = 0; offset < events; offset += batch) {
            const input = Array.from({ length: Math.min(batch, events - offset) }, (_, index) => {
              const type = TYPES[Math.floor(rand() * TYPES.length)]!;
              return {
                eventId: `b-${round}-${offset + index}`,
                userId: `bu-${Math.floor(rand() * users)}`,
                type,
                ...(type === "SEARCH"
                  ? { query: "oat milk" }
                  : { productId: productIds[Math.floor(rand() * productIds.length)] }),
                timestamp: new Date(Date.now() - Math.floor(rand() * 90 * 86_400_000)).toISOString(),
              };
            });
            const callStart = process.hrtime.bigint();
            const response = await server.executeOperation(
              { query: RECORD, variables: { events: input } },
              {
                contextValue: bindPrincipal(
                  createUserProfileContext({ db, logger }, producer?.sink ?? null),
                  ACTS_AS_ADMIN,
                ),
              },
            );
            if (response.body.kind !== "single" || response.body.singleResult.errors)
              throw new Error(`recordEvents failed: ${JSON.stringify(response.body)}`);
            callMs.push(Number(process.hrtime.bigint() - callStart) / 1e6);
          }
          const answeredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
          if (producer) {
            const deadline = Date.now() + 600_000;
            while ((await producer.sink.lag()).some((partition) => partition.lag > 0)) {
              if (Date.now() > deadline) throw new Error("the consumers did not drain the stream in 10 minutes");
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          }
          const appliedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
          const stored = await db.collection(COLLECTIONS.events).countDocuments();
          if (stored !== events) throw new Error(`${mode}: ${stored} events stored, expected ${events}`);
          callMs.sort((a, b) => a - b);
          const result: ModeResult = {
            mode,
            round,
            answeredPerSecond: Math.round(events / answeredSeconds),
            appliedPerSecond: Math.round(events / appliedSeconds),
            callP50Ms: Math.round(percentile(callMs, 50) * 10) / 10,
            callP99Ms: Math.round(percentile(callMs, 99) * 10) / 10,
            ...(producer ? { drainSeconds: Math.round((appliedSeconds - answeredSeconds) * 100) / 100 } : {}),
          };
          results.push(result);
          process.stderr.write(`${JSON.stringify(result)}\n`);
        } finally {
          for (const stream of opened) await stream.close();
          await producer?.close();
          if (mode === "stream") await deleteKeys(base.REDIS_URL, config.REDIS_KEY_PREFIX);
        }
      }
    }
  } finally {
    await db.dropDatabase();
    await close();
  }
  const median = (mode: string, key: "answeredPerSecond" | "appliedPerSecond" | "callP50Ms" | "callP99Ms"): number => {
    const values = results
      .filter((result) => result.mode === mode)
      .map((result) => result[key])
      .sort((a, b) => a - b);
    const middle = (values.length - 1) / 2;
    return (values[Math.floor(middle)]! + values[Math.ceil(middle)]!) / 2;
  };
  const summary = (mode: string) => ({
    answeredPerSecond: median(mode, "answeredPerSecond"),
    appliedPerSecond: median(mode, "appliedPerSecond"),
    callP50Ms: median(mode, "callP50Ms"),
    callP99Ms: median(mode, "callP99Ms"),
  });
  const inline = summary("inline");
  const stream = summary("stream");
  emitJson(
    {
      bench: "event-stream",
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown" },
      database: base.MONGODB_URI ? "MONGODB_URI" : `embedded FerretDB (${base.FERRETDB_BACKEND})`,
      events,
      users,
      eventsPerCall: batch,
      rounds,
      consumers,
      inline,
      stream,
      ratios: {
        answeredStreamOverInline: Math.round((stream.answeredPerSecond / inline.answeredPerSecond) * 100) / 100,
        appliedStreamOverInline: Math.round((stream.appliedPerSecond / inline.appliedPerSecond) * 100) / 100,
        callP50InlineOverStream: Math.round((inline.callP50Ms / stream.callP50Ms) * 100) / 100,
      },
      runs: results,
    },
    args.out,
  );
}

async function seed(db: Db, users: number): Promise<string[]> {
  const rand = random(1);
  const now = new Date();
  const products: ProductDocument[] = Array.from({ length: 1_000 }, (_, index) => ({
    _id: `bp-${index}`,
    name: `Product ${index}`,
    brand: `Brand ${index % 37}`,
    vertical: "GROCERY",
    categoryId: `bc-${index % 40}`,
    categoryPath: [`bc-${index % 40}`],
    price: Math.round((1 + rand() * 20) * 100) / 100,
    currency: "USD",
    tags: [],
    source: "bench",
    createdAt: now,
    updatedAt: now,
  }));
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(products);
  await insertBenchShoppers(db, users, now);
  return products.map((product) => product._id);
}

/** Removes the keys a run left in Redis (its streams, leases and consumer registry). */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

import { insertBenchShoppers } from "./bench-data";
import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { writeFileSync } from "node:fs";
import type { Db } from "mongodb";
import { loadConfigOrExit } from "../core/config";
import { COLLECTIONS } from "../core/documents/collections";
import type { OrderDocument } from "../core/documents/order.document";
import type { ProductDocument } from "../core/documents/product.document";
import { createLogger } from "../core/logger";
import { startProgress } from "../core/progress";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { openJobDatabase } from "../core/database/job-database";
import { AttributesBuilder } from "../subgraphs/user-profile/attributes/attributes.builder";
import { createUserProfileContext, type UserProfileContext } from "../subgraphs/user-profile/context";
import { userProfileSubgraph } from "../subgraphs/user-profile/user-profile.subgraph";
import { mulberry32 as random } from "../core/random";
import { percentile as nearestRankPercentile } from "./percentile";
import { bindPrincipal } from "../subgraphs/shared/authorization";

/** Who these requests act for: the benchmark measures serving, not authorization: it acts as an admin. */
const ACTS_AS_ADMIN = { role: "admin", subject: "bench-admin" } as const;

const ARGS = defineCommand({
  command: "npm run bench -- user-profile",
  summary:
    "recordEvents ingestion rate, User.attributes latency and a shopper with thousands of orders, on synthetic data, as JSON.",
  options: {
    events: { type: "int", min: 1, max: 10_000_000, default: 50_000, help: "events recorded" },
    users: { type: "int", min: 1, max: 10_000_000, default: 2_000, help: "shoppers" },
    queries: { type: "int", min: 1, max: 10_000_000, default: 500, help: "profile reads timed" },
    "heavy-orders": { type: "int", min: 1, max: 10_000_000, default: 5_000, help: "orders of the one heavy shopper" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;
const BATCH = 500;

/** Nearest-rank percentile (bench/percentile.ts), rounded to 0.01 ms. */
function percentile(values: readonly number[], p: number): number {
  return Math.round(nearestRankPercentile(values, p) * 100) / 100;
}

function parseArgs(argv: string[]): {
  events: number;
  users: number;
  queries: number;
  heavyOrders: number;
  out?: string;
} {
  const { events, users, queries, "heavy-orders": heavyOrders, out } = ARGS.parse(argv);
  return { events, users, queries, heavyOrders, out };
}

async function seedCatalog(db: Db, users: number): Promise<string[]> {
  const rand = random(1);
  const now = new Date();
  const tags = ["vegan", "vegetarian", "gluten-free", "organic", "dairy-free"];
  const products: ProductDocument[] = Array.from({ length: 2_000 }, (_, index) => ({
    _id: `bp-${index}`,
    name: `Product ${index}`,
    brand: `Brand ${index % 37}`,
    vertical: index % 10 === 0 ? "RESTAURANT" : "GROCERY",
    categoryId: `bc-${index % 40}`,
    categoryPath: [`bc-${index % 40}`],
    price: Math.round((1 + rand() * 20) * 100) / 100,
    currency: "USD",
    size: { value: 100 + Math.round(rand() * 900), unit: "g", count: 1, text: "" },
    tags: tags.filter(() => rand() < 0.2),
    cuisines: index % 10 === 0 ? [["japanese", "italian", "indian", "mexican"][index % 4]!] : undefined,
    source: "bench",
    createdAt: now,
    updatedAt: now,
  }));
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(products);
  await insertBenchShoppers(db, users, now);
  return products.map((product) => product._id);
}

/** `npm run bench -- user-profile`: recordEvents ingestion rate, User.attributes latency, a 5,000-order shopper. */
export async function main(argv: string[]): Promise<void> {
  const options = parseArgs(argv);
  const config = loadConfigOrExit({ ...process.env, LOG_LEVEL: "silent" });
  const { database, close } = await openJobDatabase(config, (line) => void process.stderr.write(`${line}\n`));
  const db = database.client.db(`bench_user_profile_${process.pid}`);
  const logger = createLogger("bench", "silent");
  const server = new ApolloServer<UserProfileContext>({
    schema: await userProfileSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const run = async (query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await server.executeOperation(
      { query, variables },
      { contextValue: bindPrincipal(createUserProfileContext({ db, logger }), ACTS_AS_ADMIN) },
    );
    if (response.body.kind !== "single" || response.body.singleResult.errors)
      throw new Error(
        `bench operation failed: ${JSON.stringify(response.body.kind === "single" ? response.body.singleResult.errors : "incremental")}`,
      );
    return response.body.singleResult.data as Record<string, unknown>;
  };
  try {
    await db.dropDatabase();
    await userProfileSubgraph.ensureIndexes(db);
    const productIds = await seedCatalog(db, options.users);

    // 1. Sustained ingestion: batches of 500 acknowledged writes through the resolver (socket-free).
    const rand = random(2);
    const types = [
      "IMPRESSION",
      "IMPRESSION",
      "IMPRESSION",
      "IMPRESSION",
      "IMPRESSION",
      "IMPRESSION",
      "CLICK",
      "CLICK",
      "ADD_TO_CART",
      "SEARCH",
      "PURCHASE",
    ] as const;
    const record =
      "mutation Record($events: [EventInput!]!) { recordEvents(events: $events) { stored duplicates rejected } }";
    const progress = startProgress("recordEvents", options.events);
    let stored = 0;
    let purchases = 0;
    const batchMs: number[] = [];
    const started = process.hrtime.bigint();
    for (let offset = 0; offset < options.events; offset += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, options.events - offset) }, (_, index) => {
        const type = types[Math.floor(rand() * types.length)]!;
        if (type === "PURCHASE") purchases += 1;
        return {
          eventId: `be-${offset + index}`,
          userId: `bu-${Math.floor(rand() * options.users)}`,
          type,
          ...(type === "SEARCH"
            ? { query: "oat milk" }
            : { productId: productIds[Math.floor(rand() * productIds.length)] }),
          surface: "HOME",
          timestamp: new Date(Date.now() - Math.floor(rand() * 90 * 86_400_000)).toISOString(),
        };
      });
      const batchStart = process.hrtime.bigint();
      const result = (await run(record, { events })).recordEvents as { stored: number };
      batchMs.push(Number(process.hrtime.bigint() - batchStart) / 1e6);
      stored += result.stored;
      progress.tick(events.length);
    }
    progress.stop();
    const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    batchMs.sort((a, b) => a - b);

    // 2. User.attributes latency on stored attributes (all users had theirs computed or are computed on first read).
    await new AttributesBuilder(db).rebuildUsers(Array.from({ length: options.users }, (_, index) => `bu-${index}`));
    const attributesQuery =
      "query A($id: ID!) { user(id: $id) { attributes { purchaseLines items(first: 20) { product { id } purchaseCount nextReorderDueAt } categories { category { id } share } brands { brand share } brandLoyalty price { index dealShare sensitivity } dietary { explicit inferred { tag share confidence } } cuisines { cuisine share } } summary { text } } }";
    const latencies: number[] = [];
    const queryRand = random(3);
    for (let index = 0; index < options.queries; index++) {
      const queryStart = process.hrtime.bigint();
      await run(attributesQuery, { id: `bu-${Math.floor(queryRand() * options.users)}` });
      latencies.push(Number(process.hrtime.bigint() - queryStart) / 1e6);
    }
    latencies.sort((a, b) => a - b);

    // 3. A shopper with many orders: full recompute (what placeOrder triggers) and the first orders page.
    const heavyRand = random(4);
    const heavyOrders: OrderDocument[] = Array.from({ length: options.heavyOrders }, (_, index) => {
      const lines = Array.from({ length: 8 }, (_, line) => ({
        productId: productIds[(index * 7 + line * 131 + Math.floor(heavyRand() * 50)) % productIds.length]!,
        quantity: 1 + Math.floor(heavyRand() * 3),
        unitPrice: 3,
        discount: heavyRand() < 0.3 ? 0.5 : 0,
      }));
      return {
        _id: `bo-${index}`,
        userId: "bu-0",
        placedAt: new Date(Date.now() - (options.heavyOrders - index) * 3_600_000 * 7),
        lines,
        total: 0,
        source: "bench",
      };
    });
    for (let start = 0; start < heavyOrders.length; start += 1000)
      await db.collection<OrderDocument>(COLLECTIONS.orders).insertMany(heavyOrders.slice(start, start + 1000));
    const recomputeStart = process.hrtime.bigint();
    await new AttributesBuilder(db).rebuildUsers(["bu-0"]);
    const recomputeMs = Number(process.hrtime.bigint() - recomputeStart) / 1e6;
    const placeStart = process.hrtime.bigint();
    await run("mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }", {
      input: { userId: "bu-0", lines: [{ productId: productIds[0], quantity: 1 }] },
    });
    const placeOrderMs = Number(process.hrtime.bigint() - placeStart) / 1e6;
    const pageStart = process.hrtime.bigint();
    await run(
      '{ user(id: "bu-0") { orders(first: 100) { totalCount edges { node { id total } } } attributes { purchaseLines } } }',
    );
    const firstPageMs = Number(process.hrtime.bigint() - pageStart) / 1e6;

    const report = {
      bench: "user-profile",
      database: process.env.MONGODB_URI ? "MONGODB_URI" : "embedded FerretDB",
      ingestion: {
        events: options.events,
        batchSize: BATCH,
        stored,
        purchaseEvents: purchases,
        seconds: Math.round(ingestSeconds * 100) / 100,
        eventsPerSecond: Math.round(stored / ingestSeconds),
        batchMsP50: percentile(batchMs, 50),
        batchMsP99: percentile(batchMs, 99),
      },
      attributes: {
        users: options.users,
        queries: options.queries,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
      },
      heavyUser: {
        orders: options.heavyOrders + 1,
        lines: options.heavyOrders * 8 + 1,
        recomputeMs: Math.round(recomputeMs),
        placeOrderMs: Math.round(placeOrderMs),
        firstPageWithAttributesMs: Math.round(firstPageMs),
      },
    };
    const json = JSON.stringify(report, null, 2);
    process.stdout.write(`${json}\n`);
    if (options.out) writeFileSync(options.out, `${json}\n`);
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await server.stop();
    await close();
  }
}

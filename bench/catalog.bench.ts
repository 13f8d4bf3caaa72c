import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startStack } from "../bin/stack";
import { loadConfig } from "../core/config";
import { connectDatabase } from "../core/database/connection";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../core/database/embedded-database";
import { COLLECTIONS } from "../core/documents/collections";
import { createLogger } from "../core/logger";
import { projectRoot } from "../core/paths";
import { startProgress } from "../core/progress";
import { DATABASE_NAME, defineCommand, JSON_FILE, UsageError } from "../core/cli-args";
import { importInstacart } from "../jobs/import/instacart.importer";
import { catalogSubgraph } from "../subgraphs/catalog/catalog.subgraph";
import { createCatalogContext, type CatalogContext } from "../subgraphs/catalog/context";
import { catalogSearchFor } from "../subgraphs/catalog/search/catalog-search";
import { percentile } from "./percentile";

const ARGS = defineCommand({
  command: "npm run bench -- catalog",
  summary:
    "Imports the Instacart catalog into a scratch database of MONGODB_URI (a temporary embedded FerretDB when unset) to time it, then measures search and products-by-id on --database (default: that import), socket-free and through the gateway, as JSON.",
  options: {
    data: {
      type: "string",
      value: "INSTACART_DIR",
      exists: "folder",
      default: "../shared/data/instacart",
      help: "the Instacart catalog to import",
    },
    "no-import": { type: "boolean", help: "skip the import and measure --database as it is" },
    database: {
      type: "string",
      value: "NAME",
      pattern: DATABASE_NAME,
      help: "database to measure (default the import's)",
    },
    "gateway-calls": {
      type: "int",
      min: 0,
      max: 1_000_000,
      default: 200,
      help: "products-by-id calls through the gateway",
    },
    "no-gateway": { type: "boolean", help: "skip the gateway measurement" },
    rounds: { type: "int", min: 1, max: 1000, default: 3, help: "timed rounds of the query set" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;

/** Search texts of the benchmark: single words, multi-word, prefixes, a typo. */
const QUERIES = [
  "banana",
  "organic milk",
  "chips",
  "chicken breast",
  "greek yogurt",
  "gluten free bread",
  "red wine",
  "pizza",
  "coffee",
  "peanut butter",
  "ice cream",
  "sparkling water",
  "pasta sauce",
  "cheddar",
  "toilet paper",
  "bana",
  "choc",
  "avocado",
  "strawberies",
  "frozen vegetables",
];

const SEARCH = `query ($text: String!) { searchCatalog(text: $text, first: 20) { edges { score node { id name price } highlights { field terms snippet } } pageInfo { hasNextPage } totalCount } }`;
const BY_ID = `query ($ids: [ID!]!) { products(ids: $ids) { id name brand price tags size { value unit } } }`;

/**
 * `npm run bench -- catalog`, as JSON: Instacart catalog import throughput (first run and the idempotent
 * second run); search index build, searchCatalog and products-by-id latency socket-free; and entity
 * resolution of 100 products by id through the gateway (the whole stack on ephemeral ports).
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const { out, rounds } = args;
  const data = args["no-import"] ? undefined : resolve(projectRoot, args.data);
  const databaseName = args.database;
  const gatewayCalls = args["no-gateway"] ? 0 : args["gateway-calls"];
  if (data && !existsSync(join(data, "products.csv"))) throw new UsageError(`${data}/products.csv not found`, USAGE);
  if (!data && !databaseName) throw new UsageError("--no-import needs --database NAME holding a catalog", USAGE);
  process.env.PROGRESS ??= "off";
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let embeddedDir: string | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embeddedDir = mkdtempSync(join(tmpdir(), "bench-catalog-"));
    embedded = await startEmbeddedDatabase({ dataDir: embeddedDir });
    uri = embedded.uri;
  }
  const scratch = data ? `bench_catalog_${Date.now()}` : undefined;
  const target = databaseName ?? scratch!;
  const database = connectDatabase({ uri, databaseName: target, timeoutMs: 30000 });
  const logger = createLogger("bench", "warn");
  try {
    // Import throughput: the Instacart catalog (and order sample) into a fresh database, then again (idempotent, nothing written).
    let importResult: Record<string, unknown> | undefined;
    if (data && scratch) {
      const scratchDb = database.client.db(scratch);
      const report = join(tmpdir(), `bench-catalog-import-${process.pid}`);
      const started = performance.now();
      const first = await importInstacart(scratchDb, data, { reportFile: `${report}-1.jsonl` });
      const seconds = (performance.now() - started) / 1000;
      const again = performance.now();
      const second = await importInstacart(scratchDb, data, { reportFile: `${report}-2.jsonl` });
      const secondSeconds = (performance.now() - again) / 1000;
      importResult = {
        data,
        rows: first.rowsRead,
        products: first.collections.products?.inserted ?? 0,
        seconds: round(seconds),
        rowsPerSecond: Math.round(first.rowsRead / seconds),
        secondRun: {
          seconds: round(secondSeconds),
          rowsPerSecond: Math.round(second.rowsRead / secondSeconds),
          inserted: second.inserted,
          updated: second.updated,
        },
      };
    }
    const db = database.client.db(target);
    const products = await db.collection(COLLECTIONS.products).estimatedDocumentCount();
    if (products === 0) throw new UsageError(`database ${target} has no products`, USAGE);

    // Index build, in this process, from the products collection.
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const search = catalogSearchFor(db, logger);
    const refresh = await search.refresh();
    global.gc?.();
    const memory = process.memoryUsage();
    const index = {
      documents: refresh.documents,
      buildMs: refresh.buildMs,
      rssMb: mb(memory.rss),
      rssDeltaMb: mb(memory.rss - rssBefore),
      heapDeltaMb: mb(memory.heapUsed - heapBefore),
      heapMeasuredAfterGc: typeof global.gc === "function",
    };

    const server = new ApolloServer<CatalogContext>({
      schema: await catalogSubgraph.schema(),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const execute = async (query: string, variables: Record<string, unknown>): Promise<number> => {
      const started = performance.now();
      const response = await server.executeOperation(
        { query, variables },
        { contextValue: createCatalogContext({ db, logger }) },
      );
      const elapsed = performance.now() - started;
      if (response.body.kind !== "single" || response.body.singleResult.errors)
        throw new Error(
          `query failed: ${JSON.stringify(response.body.kind === "single" ? response.body.singleResult.errors : "incremental")}`,
        );
      return elapsed;
    };

    // Ranking alone (in memory, no database): what the index costs per query.
    const ranking: number[] = [];
    const hits: Record<string, number> = {};
    for (let round = 0; round < 20; round += 1) {
      for (const text of QUERIES) {
        const started = performance.now();
        hits[text] = search.index!.index.search(text, 1000).total;
        ranking.push(performance.now() - started);
      }
    }

    // End to end through the schema: ranking (result cache cleared) + loading the page's 20 products and categories.
    const progress = startProgress("catalog bench", rounds * QUERIES.length + rounds * 5);
    const endToEnd: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (const text of QUERIES) {
        search.index!.results.clear();
        endToEnd.push(await execute(SEARCH, { text }));
        progress.tick();
      }
    }

    // 100 ids spread evenly over the collection (deterministic), one `products(ids:)` call each time.
    const step = Math.max(1, Math.floor(products / 100));
    const sample = await db
      .collection(COLLECTIONS.products)
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(Math.min(products, step * 100))
      .toArray();
    const ids = sample
      .filter((_, i) => i % step === 0)
      .slice(0, 100)
      .map((document) => String(document._id));
    const byId: number[] = [];
    for (let i = 0; i < rounds * 5; i += 1) {
      byId.push(await execute(BY_ID, { ids }));
      progress.tick();
    }
    progress.stop();
    await server.stop();

    const gateway =
      gatewayCalls > 0 ? await gatewayEntityResolution(uri, target, ids, gatewayCalls) : { skipped: "--no-gateway" };

    const result = {
      bench: "catalog",
      at: new Date().toISOString(),
      transport:
        "socket-free (ApolloServer.executeOperation), and HTTP through the gateway for gatewayEntityResolution",
      machine: { cpus: require("node:os").cpus().length, node: process.version },
      database: target,
      products,
      ...(importResult ? { instacartImport: importResult } : {}),
      index,
      searchCatalog: {
        queries: QUERIES.length,
        rounds,
        rankingOnlyMs: percentiles(ranking),
        endToEndMs: percentiles(endToEnd),
        totalHits: hits,
      },
      productsById: { ids: ids.length, calls: byId.length, ms: percentiles(byId) },
      gatewayEntityResolution: gateway,
    };
    const json = JSON.stringify(result, null, 2);
    process.stdout.write(json + "\n");
    if (out) writeFileSync(out, json + "\n");
  } finally {
    if (scratch && scratch !== databaseName)
      await database.client
        .db(scratch)
        .dropDatabase()
        .catch(() => undefined);
    await database.close();
    await embedded?.stop();
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  }
}

/**
 * Starts the stack on `database` (ephemeral ports, no seed, no background statistics), waits until the
 * catalog has built its snapshot (searchCatalog answers), then times `calls` requests resolving the same
 * 100 product ids through the gateway over HTTP, after 10 warm-up calls.
 */
async function gatewayEntityResolution(
  uri: string,
  database: string,
  ids: string[],
  calls: number,
): Promise<Record<string, unknown>> {
  const env = {
    MONGODB_URI: uri,
    MONGODB_DATABASE: database,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    SEED_SCALE: "none",
    STATISTICS_REFRESH_SECONDS: "0",
    TRAIN_ON_START: "off",
    PROGRESS: "off",
  };
  const startedAt = performance.now();
  const stack = await startStack(loadConfig(env), { ephemeralPorts: true, env, log: () => undefined });
  try {
    const startSeconds = round((performance.now() - startedAt) / 1000);
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as {
        data?: { products?: Array<{ id: string } | null> };
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
    };
    const readyAt = performance.now();
    for (;;) {
      const probe = await post(`{ searchCatalog(text: "a", first: 1) { totalCount } }`, {});
      if (!probe.errors) break;
      if (probe.errors[0]?.extensions?.code !== "UNAVAILABLE" || performance.now() - readyAt > 600000)
        throw new Error(`catalog not ready: ${JSON.stringify(probe.errors).slice(0, 300)}`);
      await new Promise((done) => setTimeout(done, 1000));
    }
    const snapshotWaitSeconds = round((performance.now() - readyAt) / 1000);
    const samples: number[] = [];
    for (let i = 0; i < calls + 10; i += 1) {
      const started = performance.now();
      const result = await post(BY_ID, { ids });
      const elapsed = performance.now() - started;
      if (result.errors || result.data?.products?.filter(Boolean).length !== ids.length)
        throw new Error(
          `products(ids:) through the gateway failed: ${JSON.stringify(result.errors ?? "missing products").slice(0, 300)}`,
        );
      if (i >= 10) samples.push(elapsed);
    }
    return { ids: ids.length, calls, stackStartSeconds: startSeconds, snapshotWaitSeconds, ms: percentiles(samples) };
  } finally {
    await stack.stop();
  }
}

/** Nearest-rank p50, p99 and max (bench/percentile.ts), rounded to 0.01 ms. */
function percentiles(samples: number[]): { p50: number; p99: number; max: number; n: number } {
  return {
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(percentile(samples, 100)),
    n: samples.length,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

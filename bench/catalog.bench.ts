import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { writeFileSync } from "node:fs";
import { loadConfig } from "../core/config";
import { connectDatabase } from "../core/database/connection";
import { COLLECTIONS } from "../core/documents/collections";
import { createLogger } from "../core/logger";
import { startProgress } from "../core/progress";
import { UsageError } from "../jobs/command";
import { catalogSubgraph } from "../subgraphs/catalog/catalog.subgraph";
import { createCatalogContext, type CatalogContext } from "../subgraphs/catalog/context";
import { catalogSearchFor } from "../subgraphs/catalog/search/catalog-search";
import { percentile } from "./percentile";

const USAGE = "npm run bench -- catalog [--out FILE.json] [--rounds N]   (reads the catalog in MONGODB_URI / MONGODB_DATABASE)";

/** Search texts of the benchmark: single words, multi-word, prefixes, a typo. */
const QUERIES = ["banana", "organic milk", "chips", "chicken breast", "greek yogurt", "gluten free bread", "red wine", "pizza", "coffee", "peanut butter", "ice cream", "sparkling water", "pasta sauce", "cheddar", "toilet paper", "bana", "choc", "avocado", "strawberies", "frozen vegetables"];

const SEARCH = `query ($text: String!) { searchCatalog(text: $text, first: 20) { edges { score node { id name price } highlights { field terms snippet } } pageInfo { hasNextPage } totalCount } }`;
const BY_ID = `query ($ids: [ID!]!) { products(ids: $ids) { id name brand price tags size { value unit } } }`;

/** `npm run bench -- catalog`: index build, searchCatalog and products-by-id latency, socket-free, as JSON. */
export async function main(argv: string[]): Promise<void> {
  let out: string | undefined;
  let rounds = 3;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--out" && argv[i + 1]) out = argv[++i];
    else if (argv[i] === "--rounds" && /^\d+$/.test(argv[i + 1] ?? "")) rounds = Math.max(1, Number(argv[++i]));
    else throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`, USAGE);
  }
  const config = loadConfig();
  if (!config.MONGODB_URI) throw new UsageError("MONGODB_URI is not set: point it at a database holding a catalog (npm run seed / npm run import)", USAGE);
  const database = connectDatabase({ uri: config.MONGODB_URI, databaseName: config.MONGODB_DATABASE, timeoutMs: 30000 });
  const logger = createLogger("bench", "warn");
  try {
    const db = database.db;
    const products = await db.collection(COLLECTIONS.products).estimatedDocumentCount();
    if (products === 0) throw new UsageError(`database ${config.MONGODB_DATABASE} has no products`, USAGE);

    // Index build, in this process, from the products collection.
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const search = catalogSearchFor(db, logger);
    const refresh = await search.refresh();
    global.gc?.();
    const memory = process.memoryUsage();
    const index = { documents: refresh.documents, buildMs: refresh.buildMs, rssMb: mb(memory.rss), rssDeltaMb: mb(memory.rss - rssBefore), heapDeltaMb: mb(memory.heapUsed - heapBefore), heapMeasuredAfterGc: typeof global.gc === "function" };

    const server = new ApolloServer<CatalogContext>({ schema: await catalogSubgraph.schema(), plugins: [ApolloServerPluginInlineTraceDisabled()] });
    const execute = async (query: string, variables: Record<string, unknown>): Promise<number> => {
      const started = performance.now();
      const response = await server.executeOperation({ query, variables }, { contextValue: createCatalogContext({ db, logger }) });
      const elapsed = performance.now() - started;
      if (response.body.kind !== "single" || response.body.singleResult.errors) throw new Error(`query failed: ${JSON.stringify(response.body.kind === "single" ? response.body.singleResult.errors : "incremental")}`);
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
    const sample = await db.collection(COLLECTIONS.products).find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(Math.min(products, step * 100)).toArray();
    const ids = sample.filter((_, i) => i % step === 0).slice(0, 100).map((document) => String(document._id));
    const byId: number[] = [];
    for (let i = 0; i < rounds * 5; i += 1) {
      byId.push(await execute(BY_ID, { ids }));
      progress.tick();
    }
    progress.stop();
    await server.stop();

    const result = {
      bench: "catalog",
      at: new Date().toISOString(),
      transport: "socket-free (ApolloServer.executeOperation)",
      database: config.MONGODB_DATABASE,
      products,
      index,
      searchCatalog: { queries: QUERIES.length, rounds, rankingOnlyMs: percentiles(ranking), endToEndMs: percentiles(endToEnd), totalHits: hits },
      productsById: { ids: ids.length, calls: byId.length, ms: percentiles(byId) },
    };
    const json = JSON.stringify(result, null, 2);
    process.stdout.write(json + "\n");
    if (out) writeFileSync(out, json + "\n");
  } finally {
    await database.close();
  }
}

/** Nearest-rank p50, p99 and max (bench/percentile.ts), rounded to 0.01 ms. */
function percentiles(samples: number[]): { p50: number; p99: number; max: number; n: number } {
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), max: round(percentile(samples, 100)), n: samples.length };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

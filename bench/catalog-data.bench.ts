import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MongoClient } from "mongodb";
import { startEmbeddedDatabase } from "../core/database/embedded-database";
import { projectRoot } from "../core/paths";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { importInstacart } from "../jobs/import/instacart.importer";
import { seedDatabase } from "../jobs/seed/seed";
import { SEED_SCALES, type SeedScale } from "../jobs/seed/seed-scale";

const ARGS = defineCommand({
  command: "npm run bench -- catalog-data",
  summary:
    "Instacart catalog import throughput (first and idempotent second run) and seed time and peak RSS per scale (each seed in its own process), as JSON.",
  options: {
    data: {
      type: "string",
      value: "DIR",
      exists: "folder",
      default: "../shared/data/instacart",
      help: "the Instacart catalog",
    },
    scales: { type: "list", choices: SEED_SCALES, default: ["tiny", "small"], help: "seed scales to time" },
    medium: { type: "boolean", help: "also time the medium seed" },
    large: { type: "boolean", help: "also time the large seed" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;

/** Result of the catalog data benchmark (printed as JSON). */
export interface CatalogDataBenchResult {
  machine: { cpus: number; node: string };
  instacart?: { rows: number; products: number; seconds: number; rowsPerSecond: number; secondRunSeconds: number };
  seeds: Array<{
    scale: SeedScale;
    seconds: number;
    peakRssMb: number;
    products: number;
    offers: number;
    users: number;
    orders: number;
    orderLines: number;
    events: number;
    documentsPerSecond: number;
  }>;
}

/**
 * `npm run bench -- catalog-data`: Instacart catalog import throughput (first and idempotent second run)
 * and seed time and peak RSS per scale (each seed in its own process so RSS is its own), as JSON.
 */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === "--child-seed") return childSeed(argv[1] as SeedScale, argv[2]!);
  const args = ARGS.parse(argv);
  const { out } = args;
  const data = resolve(projectRoot, args.data);
  const scales = [...args.scales] as SeedScale[];
  if (args.medium) scales.push("medium");
  if (args.large) scales.push("large");
  process.env.PROGRESS ??= "off";
  const embedded = process.env.MONGODB_URI
    ? undefined
    : await startEmbeddedDatabase({ dataDir: mkdtempSync(join(tmpdir(), "bench-catalog-")) });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const client = new MongoClient(uri);
  const result: CatalogDataBenchResult = {
    machine: { cpus: require("node:os").cpus().length, node: process.version },
    seeds: [],
  };
  try {
    if (existsSync(join(data, "products.csv"))) {
      const db = client.db(`bench_instacart_${Date.now()}`);
      const started = Date.now();
      const summary = await importInstacart(db, data, {
        reportFile: join(tmpdir(), `bench-instacart-${Date.now()}.jsonl`),
      });
      const seconds = (Date.now() - started) / 1000;
      const again = Date.now();
      await importInstacart(db, data, { reportFile: join(tmpdir(), `bench-instacart-2-${Date.now()}.jsonl`) });
      result.instacart = {
        rows: summary.rowsRead,
        products: summary.collections.products?.inserted ?? 0,
        seconds,
        rowsPerSecond: Math.round(summary.rowsRead / seconds),
        secondRunSeconds: (Date.now() - again) / 1000,
      };
      await db.dropDatabase();
    }
    for (const scale of scales) {
      const name = `bench_seed_${scale}_${Date.now()}`;
      const child = await runChild(scale, name, uri);
      result.seeds.push(child);
      await client.db(name).dropDatabase();
    }
  } finally {
    await client.close();
    await embedded?.stop();
  }
  const json = JSON.stringify(result, null, 2);
  process.stdout.write(json + "\n");
  if (out) writeFileSync(out, json + "\n");
}

function runChild(scale: SeedScale, database: string, uri: string): Promise<CatalogDataBenchResult["seeds"][number]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        "-r",
        "@swc-node/register",
        join(projectRoot, "jobs/command.ts"),
        "bench",
        ".bench",
        "catalog-data",
        "--child-seed",
        scale,
        database,
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, MONGODB_URI: uri, PROGRESS: "off" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`seed ${scale} exited with ${code}`));
      resolvePromise(JSON.parse(output.trim().split("\n").pop()!));
    });
  });
}

async function childSeed(scale: SeedScale, database: string): Promise<void> {
  const client = new MongoClient(process.env.MONGODB_URI!);
  try {
    const summary = await seedDatabase(client.db(database), { scale });
    const documents =
      summary.products +
      summary.offers +
      summary.users +
      summary.orders +
      summary.events +
      summary.categories +
      summary.merchants;
    const seconds = summary.durationMs / 1000;
    process.stdout.write(
      JSON.stringify({
        scale,
        seconds,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        products: summary.products,
        offers: summary.offers,
        users: summary.users,
        orders: summary.orders,
        orderLines: summary.orderLines,
        events: summary.events,
        documentsPerSecond: Math.round(documents / seconds),
      }) + "\n",
    );
  } finally {
    await client.close();
  }
}

import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startProgress } from "../core/progress";
import { ExactVectorStore } from "../core/vector/exact.vector-store";
import { HnswVectorStore } from "../core/vector/hnsw.vector-store";
import { LanceDbVectorStore } from "../core/vector/lancedb.vector-store";
import type { MetadataFilter } from "../core/vector/metadata-filter";
import type { MetadataSchema, VectorMatch, VectorRecord, VectorStore } from "../core/vector/vector-store";
import { defineCommand, JSON_FILE, UsageError } from "../core/cli-args";
import { mulberry32 } from "../core/random";
import { percentile } from "./percentile";

const ARGS = defineCommand({
  command: "npm run bench -- ann",
  summary: "Recall, latency, build time and size of the embedded vector indexes against exact search, as JSON.",
  options: {
    items: { type: "int", min: 1000, max: 10_000_000, default: 100_000, help: "vectors indexed" },
    dims: { type: "int", min: 2, max: 1024, default: 64, help: "dimensions" },
    queries: { type: "int", min: 10, max: 100_000, default: 200, help: "queries (and as many filtered)" },
    indexes: {
      type: "list",
      choices: ["exact", "hnsw", "lancedb"],
      default: ["exact", "hnsw", "lancedb"],
      help: "indexes",
    },
    "random-seed": { type: "int", min: 0, max: 2 ** 31, default: 42, help: "random seed" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;
const NAMESPACE = "bench";
const VERTICALS = ["grocery", "convenience", "alcohol", "retail", "flowers", "gifting", "restaurants"];
const SCHEMA: MetadataSchema = {
  vertical: "string",
  storeIds: "string[]",
  categoryPath: "string[]",
  inStock: "boolean",
};

/** One row of the benchmark output. */
export interface AnnResult {
  /** Index name (exact, hnsw-ef64, lancedb-ivfpq, …). */
  index: string;
  /** Mean overlap of the top 10 with exact search, unfiltered. */
  recallAt10: number;
  /** Median single-query latency, unfiltered. */
  p50Ms: number;
  /** 99th percentile single-query latency, unfiltered. */
  p99Ms: number;
  /** Wall-clock time to load every item and build the index. */
  buildSeconds: number;
  /** Process CPU time (user + system, all threads) of the build; stabler than wall-clock on a shared machine. */
  buildCpuSeconds: number;
  /** Persisted size on disk divided by items. */
  bytesPerItem: number;
  /** Resident-memory growth while building, divided by items (rough). */
  rssBytesPerItem: number;
  /** Mean overlap of the top 10 with exact search under metadata filters. */
  filteredRecallAt10: number;
  /** Median latency of the filtered queries. */
  filteredP50Ms: number;
  /** 99th percentile latency of the filtered queries. */
  filteredP99Ms: number;
  /** Filtered recall per filter kind (vertical, store, category, inStock+vertical, stores+inStock). */
  filteredRecallByKind: Record<string, number>;
}

interface Options {
  items: number;
  dims: number;
  queries: number;
  indexes: string[];
  seed: number;
  out?: string;
}

/** `npm run bench -- ann`: recall, latency, build time and size of the embedded indexes against exact search. */
export async function main(argv: string[]): Promise<void> {
  const options = parseArgs(argv);
  const clusters = Math.max(16, Math.round(Math.sqrt(options.items)));
  process.stderr.write(
    `ann bench: ${options.items} items × ${options.dims} dims, ${clusters} clusters, ${options.queries} queries (+ as many filtered)\n`,
  );
  const data = generate(options, clusters);
  const truth = await groundTruth(data, options);
  const results: AnnResult[] = [truth.result];
  for (const index of options.indexes.filter((name) => name !== "exact")) {
    if (index === "hnsw") results.push(...(await benchHnsw(data, options, truth)));
    else if (index === "lancedb") results.push(...(await benchLance(data, options, truth)));
    else throw new UsageError(`unknown index ${index}`, USAGE);
  }
  const report = {
    items: options.items,
    dims: options.dims,
    queries: options.queries,
    filteredQueries: data.filtered.length,
    clusters,
    seed: options.seed,
    node: process.version,
    results,
  };
  const json = JSON.stringify(report, null, 2);
  if (options.out) writeFileSync(options.out, json + "\n");
  process.stdout.write(json + "\n");
  process.stderr.write(
    results
      .map(
        (r) =>
          `${r.index.padEnd(18)} recall@10 ${r.recallAt10.toFixed(3)}  filtered ${r.filteredRecallAt10.toFixed(3)}  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  build ${r.buildSeconds.toFixed(1)} s (cpu ${r.buildCpuSeconds.toFixed(1)} s)  ${Math.round(r.bytesPerItem)} B/item`,
      )
      .join("\n") + "\n",
  );
}

function parseArgs(argv: string[]): Options {
  const { items, dims, queries, indexes, "random-seed": seed, out } = ARGS.parse(argv);
  return { items, dims, queries, indexes: [...indexes], seed, out };
}

interface BenchData {
  records: VectorRecord[];
  queries: Float32Array[];
  filtered: { vector: Float32Array; filter: MetadataFilter; kind: string }[];
}

/** Seeded mixture of Gaussians with catalog-like metadata correlated with the clusters. */
function generate(options: Options, clusters: number): BenchData {
  const next = gaussian(options.seed);
  const uniform = mulberry32(options.seed + 1);
  const centers = Array.from({ length: clusters }, () => Float32Array.from({ length: options.dims }, () => next()));
  const stores = 200;
  const records: VectorRecord[] = [];
  for (let i = 0; i < options.items; i++) {
    // Zipf-ish cluster sizes: popular categories are bigger.
    const cluster = Math.min(clusters - 1, Math.floor(clusters * uniform() ** 1.5));
    const center = centers[cluster]!;
    const values = new Float32Array(options.dims);
    for (let d = 0; d < options.dims; d++) values[d] = center[d]! + 0.45 * next();
    const vertical =
      uniform() < 0.9 ? VERTICALS[cluster % VERTICALS.length]! : VERTICALS[Math.floor(uniform() * VERTICALS.length)]!;
    const storeCount = 1 + Math.floor(uniform() * 3);
    const storeIds = [...new Set(Array.from({ length: storeCount }, () => `s${Math.floor(uniform() * stores)}`))];
    records.push({
      id: `item-${i}`,
      values,
      metadata: {
        vertical,
        storeIds,
        categoryPath: [vertical, `${vertical}/c${cluster % 60}`],
        inStock: uniform() < 0.85,
      },
    });
  }
  const pick = () => records[Math.floor(uniform() * records.length)]!;
  const perturbed = () => {
    const base = pick().values as Float32Array;
    return Float32Array.from(base, (value) => value + 0.25 * next());
  };
  const queries = Array.from({ length: options.queries }, perturbed);
  const kinds = ["vertical", "store", "category", "inStock+vertical", "stores+inStock"];
  const filtered = Array.from({ length: options.queries }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const anchor = pick().metadata!;
    const vertical = anchor.vertical as string;
    const storeIds = anchor.storeIds as string[];
    const filter: MetadataFilter =
      kind === "vertical"
        ? { vertical }
        : kind === "store"
          ? { storeIds: storeIds[0]! }
          : kind === "category"
            ? { categoryPath: (anchor.categoryPath as string[])[1]! }
            : kind === "inStock+vertical"
              ? { vertical, inStock: true }
              : {
                  $and: [
                    { storeIds: { $in: [storeIds[0]!, `s${Math.floor(uniform() * stores)}`] } },
                    { inStock: true },
                  ],
                };
    return { vector: perturbed(), filter, kind };
  });
  return { records, queries, filtered };
}

interface Truth {
  result: AnnResult;
  unfiltered: string[][];
  filtered: string[][];
}

async function groundTruth(data: BenchData, options: Options): Promise<Truth> {
  const store = await ExactVectorStore.open({ dimensions: options.dims, metadataSchema: SCHEMA });
  const build = await load(store, data, "exact");
  const run = await runQueries(store, data);
  const result = score("exact", build, run, run, data);
  result.bytesPerItem = await persistedBytes(data, async (directory) => {
    const copy = await ExactVectorStore.open({ dimensions: options.dims, metadataSchema: SCHEMA, directory });
    await copy.upsert(NAMESPACE, data.records);
    await copy.persist();
    await copy.close();
  });
  await store.close();
  return { result, unfiltered: run.unfiltered, filtered: run.filtered };
}

async function benchHnsw(data: BenchData, options: Options, truth: Truth): Promise<AnnResult[]> {
  const directory = mkdtempSync(join(tmpdir(), "ann-hnsw-"));
  try {
    const store = await HnswVectorStore.open({
      dimensions: options.dims,
      metadataSchema: SCHEMA,
      directory,
      m: 16,
      efConstruction: 200,
    });
    const build = await load(store, data, "hnsw");
    await store.persist();
    const bytes = directoryBytes(directory) / data.records.length;
    const results: AnnResult[] = [];
    for (const ef of [32, 64, 128]) {
      store.setEfSearch(ef);
      const run = await runQueries(store, data);
      const result = score(`hnsw-ef${ef}`, build, run, truth, data);
      result.bytesPerItem = bytes;
      results.push(result);
    }
    // The filter path without the flat fallback: every filtered query walks the graph with the callback.
    store.setFlatSearchThreshold(0);
    store.setEfSearch(64);
    const graphOnly = await runQueries(store, data);
    const result = score("hnsw-ef64-nofallback", build, graphOnly, truth, data);
    result.bytesPerItem = bytes;
    results.push(result);
    await store.close();
    return results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function benchLance(data: BenchData, options: Options, truth: Truth): Promise<AnnResult[]> {
  const directory = mkdtempSync(join(tmpdir(), "ann-lance-"));
  try {
    const results: AnnResult[] = [];
    const flat = await LanceDbVectorStore.open({ dimensions: options.dims, metadataSchema: SCHEMA, directory });
    const loadBuild = await load(flat, data, "lancedb");
    const flatRun = await runQueries(flat, data);
    const flatResult = score("lancedb-flat", loadBuild, flatRun, truth, data);
    flatResult.bytesPerItem = directoryBytes(directory) / data.records.length;
    results.push(flatResult);
    const started = performance.now();
    const cpu = process.cpuUsage();
    await flat.createIndexes(NAMESPACE, "ivf_pq", { numSubVectors: Math.max(1, options.dims / 4) });
    const indexSeconds = (performance.now() - started) / 1000;
    const indexCpuSeconds = cpuSecondsSince(cpu);
    await flat.close();
    for (const [nprobes, refineFactor] of [
      [20, 10],
      [50, 20],
    ] as const) {
      const store = await LanceDbVectorStore.open({
        dimensions: options.dims,
        metadataSchema: SCHEMA,
        directory,
        nprobes,
        refineFactor,
      });
      const run = await runQueries(store, data);
      const result = score(
        `lancedb-ivfpq-p${nprobes}-r${refineFactor}`,
        {
          seconds: loadBuild.seconds + indexSeconds,
          cpuSeconds: loadBuild.cpuSeconds + indexCpuSeconds,
          rssBytes: loadBuild.rssBytes,
        },
        run,
        truth,
        data,
      );
      result.bytesPerItem = directoryBytes(directory) / data.records.length;
      results.push(result);
      await store.close();
    }
    return results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

interface Build {
  seconds: number;
  cpuSeconds: number;
  rssBytes: number;
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const usage = process.cpuUsage(start);
  return (usage.user + usage.system) / 1e6;
}

async function load(store: VectorStore, data: BenchData, label: string): Promise<Build> {
  const rssBefore = process.memoryUsage().rss;
  const progress = startProgress(`build ${label}`, data.records.length);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const batch = 10_000;
  for (let start = 0; start < data.records.length; start += batch) {
    await store.upsert(NAMESPACE, data.records.slice(start, start + batch));
    progress.tick(Math.min(batch, data.records.length - start));
  }
  progress.stop();
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSecondsSince(cpu),
    rssBytes: Math.max(0, process.memoryUsage().rss - rssBefore),
  };
}

interface Run {
  unfiltered: string[][];
  filtered: string[][];
  latencies: number[];
  filteredLatencies: number[];
}

async function runQueries(store: VectorStore, data: BenchData): Promise<Run> {
  const run: Run = { unfiltered: [], filtered: [], latencies: [], filteredLatencies: [] };
  const ids = (matches: VectorMatch[]) => matches.map((match) => match.id);
  for (const vector of data.queries.slice(0, 5)) await store.query(NAMESPACE, { vector, topK: 10 });
  for (const vector of data.queries) {
    const started = performance.now();
    const matches = await store.query(NAMESPACE, { vector, topK: 10 });
    run.latencies.push(performance.now() - started);
    run.unfiltered.push(ids(matches));
  }
  for (const { vector, filter } of data.filtered) {
    const started = performance.now();
    const matches = await store.query(NAMESPACE, { vector, topK: 10, filter });
    run.filteredLatencies.push(performance.now() - started);
    run.filtered.push(ids(matches));
  }
  return run;
}

function score(
  index: string,
  build: Build,
  run: Run,
  truth: Pick<Run, "unfiltered" | "filtered">,
  data: BenchData,
): AnnResult {
  const recall = (found: string[][], expected: string[][], pick: (i: number) => boolean = () => true) => {
    let sum = 0;
    let count = 0;
    expected.forEach((want, i) => {
      if (!pick(i)) return;
      count++;
      if (want.length === 0) {
        sum += 1;
        return;
      }
      const got = new Set(found[i]);
      sum += want.filter((id) => got.has(id)).length / want.length;
    });
    return count ? sum / count : 1;
  };
  const kinds = [...new Set(data.filtered.map((query) => query.kind))];
  return {
    index,
    recallAt10: round(recall(run.unfiltered, truth.unfiltered), 4),
    p50Ms: round(percentile(run.latencies, 50), 3),
    p99Ms: round(percentile(run.latencies, 99), 3),
    buildSeconds: round(build.seconds, 2),
    buildCpuSeconds: round(build.cpuSeconds, 2),
    bytesPerItem: 0,
    rssBytesPerItem: Math.round(build.rssBytes / data.records.length),
    filteredRecallAt10: round(recall(run.filtered, truth.filtered), 4),
    filteredP50Ms: round(percentile(run.filteredLatencies, 50), 3),
    filteredP99Ms: round(percentile(run.filteredLatencies, 99), 3),
    filteredRecallByKind: Object.fromEntries(
      kinds.map((kind) => [
        kind,
        round(
          recall(run.filtered, truth.filtered, (i) => data.filtered[i]!.kind === kind),
          4,
        ),
      ]),
    ),
  };
}

async function persistedBytes(_data: BenchData, write: (directory: string) => Promise<void>): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), "ann-size-"));
  try {
    await write(directory);
    return directoryBytes(directory) / _data.records.length;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function directoryBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Standard normal samples (Box–Muller over mulberry32). */
function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = Math.max(uniform(), 1e-12);
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

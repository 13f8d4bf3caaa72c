import { writeFileSync } from "node:fs";
import { loadConfig } from "../core/config";
import { VERTICALS } from "../core/documents/vertical";
import {
  narrowContext,
  pathName,
  promptTokenReport,
  termsOf,
  type ContextCategory,
  type ContextItem,
} from "../core/llm/context-narrowing";
import { accentInsensitivePattern } from "../core/llm/catalog-context.loader";
import { buildQueryRewritePrompt } from "../plugins/query-rewrite/query-rewrite.feature";
import { rewriteQuery } from "../plugins/query-rewrite/query-rewrite.service";
import { ANONYMOUS_SHOPPER } from "../plugins/query-rewrite/rewrite-shopper";
import { loadLlmConfig } from "../core/llm/llm.config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { estimateTokens } from "../core/llm/token-estimate";
import { startProgress } from "../core/progress";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand, JSON_FILE, UsageError } from "../core/cli-args";
import { startFakeAnthropic, type MessagesRequestBody } from "../core/llm/fake-anthropic.server";
import { mulberry32 as prng } from "../core/random";
import { percentile as nearestRankPercentile } from "./percentile";

const ARGS = defineCommand({
  command: "npm run bench -- llm",
  summary:
    "Query rewrite latency cold vs warm, prompt tokens narrowed vs naive, cache hit rate on a Zipf stream of queries, as JSON.",
  options: {
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
    requests: { type: "int", min: 1, max: 1_000_000, default: 2000, help: "requests in the stream" },
    distinct: { type: "int", min: 1, max: 1_000_000, default: 500, help: "distinct queries" },
    cold: { type: "int", min: 1, max: 1_000_000, default: 100, help: "cold requests timed" },
    zipf: { type: "number", min: 0, exclusiveMin: true, max: 10, default: 1.1, help: "Zipf exponent of the stream" },
    concurrency: { type: "int", min: 1, max: 1_000_000, default: 8, help: "requests in flight" },
    latency: {
      type: "ints",
      min: 0,
      max: 60_000,
      default: [300, 800],
      value: "MIN,MAX",
      help: "the fake model's latency, ms",
    },
    "no-db": { type: "boolean", help: "keep the cache in memory (no database)" },
  },
});
export const USAGE = ARGS.usage;

const DEPARTMENTS = ["Pantry", "Produce", "Dairy", "Frozen", "Snacks", "Beverages"];
const AISLES = [
  "Pasta Sauce",
  "Dry Pasta",
  "Rice",
  "Beans",
  "Fresh Fruit",
  "Vegetables",
  "Cheese",
  "Yogurt",
  "Ice Cream",
  "Pizza",
  "Chips",
  "Cookies",
  "Juice",
  "Coffee",
  "Tea",
  "Soda",
];
const WORDS = [
  "organic",
  "classic",
  "spicy",
  "garlic",
  "tomato",
  "basil",
  "vanilla",
  "chocolate",
  "lemon",
  "honey",
  "smoked",
  "roasted",
  "sea salt",
  "whole wheat",
  "gluten free",
  "sparkling",
  "cold brew",
  "green",
  "berry",
  "mango",
  "ragù",
  "pesto",
  "alfredo",
  "marinara",
  "cheddar",
  "mozzarella",
  "greek",
  "almond",
  "oat",
  "coconut",
];
const BRANDS = [
  "Ragu",
  "Barilla",
  "Prego",
  "Rao's",
  "Chobani",
  "Tillamook",
  "Ben & Jerry's",
  "Lay's",
  "Oreo",
  "Tropicana",
  "Starbucks",
  "Lipton",
  "Coca-Cola",
  "Annie's",
  "Amy's",
  "Kraft",
  "Nature's Best",
  "Home Bakery",
  "Newman's Own",
  "Bertolli",
];
const DISHES = [
  "Tagliatelle al Ragù",
  "Lasagna Bolognese",
  "Margherita Pizza",
  "Pad Thai",
  "Green Curry",
  "Chicken Tikka",
  "Sushi Platter",
  "Ramen",
  "Burrito",
  "Caesar Salad",
  "Pho",
  "Bibimbap",
  "Falafel Wrap",
  "Pappardelle Ragù",
  "Penne Arrabbiata",
];

/** A synthetic catalog: 7 verticals × 6 departments × 8 aisles and `itemCount` items. */
function syntheticCatalog(itemCount: number): { categories: ContextCategory[]; items: ContextItem[] } {
  const random = prng(7);
  const categories: ContextCategory[] = [];
  const leaves: ContextCategory[] = [];
  for (const vertical of VERTICALS) {
    const root = vertical.toLowerCase();
    categories.push({
      id: root,
      name: vertical[0] + vertical.slice(1).toLowerCase(),
      vertical,
      parentId: null,
      path: [root],
      depth: 0,
    });
    DEPARTMENTS.forEach((department, d) => {
      const departmentId = `${root}-d${d}`;
      categories.push({
        id: departmentId,
        name:
          vertical === "RESTAURANT"
            ? `${["Italian", "Thai", "Indian", "Japanese", "Mexican", "Korean"][d]} cuisine`
            : department,
        vertical,
        parentId: root,
        path: [root, departmentId],
        depth: 1,
      });
      for (let a = 0; a < 8; a += 1) {
        const aisle: ContextCategory = {
          id: `${departmentId}-a${a}`,
          name: AISLES[(d * 8 + a + VERTICALS.indexOf(vertical)) % AISLES.length]!,
          vertical,
          parentId: departmentId,
          path: [root, departmentId, `${departmentId}-a${a}`],
          depth: 2,
        };
        categories.push(aisle);
        leaves.push(aisle);
      }
    });
  }
  const items: ContextItem[] = [];
  for (let i = 0; i < itemCount; i += 1) {
    const leaf = leaves[Math.floor(random() * leaves.length)]!;
    const restaurant = leaf.vertical === "RESTAURANT";
    const brand = restaurant ? undefined : BRANDS[Math.floor(random() * BRANDS.length)]!;
    const name = restaurant
      ? `${DISHES[Math.floor(random() * DISHES.length)]} ${i}`
      : `${brand} ${WORDS[Math.floor(random() * WORDS.length)]} ${leaf.name} ${i}`;
    items.push({
      id: `item-${i}`,
      name,
      brand,
      vertical: leaf.vertical,
      categoryId: leaf.id,
      categoryPath: leaf.path,
      tags: random() < 0.2 ? ["vegan"] : [],
      cuisines: restaurant ? ["italian"] : undefined,
    });
  }
  return { categories, items };
}

/** `count` distinct queries: brands, aisles, words, dishes and two-word combinations. */
function distinctQueries(count: number): string[] {
  const random = prng(11);
  const seen = new Set<string>(["ragu"]);
  const pools = [BRANDS, AISLES, WORDS, DISHES];
  while (seen.size < count) {
    const a = pools[Math.floor(random() * pools.length)]!;
    const first = a[Math.floor(random() * a.length)]!.toLowerCase();
    const second = WORDS[Math.floor(random() * WORDS.length)]!;
    seen.add(random() < 0.35 ? first : `${second} ${first}`);
  }
  return [...seen];
}

/** Zipf(s) sampler over ranks 0..n-1. */
function zipf(n: number, s: number, random: () => number): () => number {
  const weights = Array.from({ length: n }, (_, rank) => 1 / (rank + 1) ** s);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of weights) cumulative.push((running += weight / total));
  return () => {
    const u = random();
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < u) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** Nearest-rank percentile (bench/percentile.ts), rounded to 0.1. */
function percentile(values: number[], p: number): number {
  return Math.round(nearestRankPercentile(values, p) * 10) / 10;
}

const stats = (values: number[]) => ({
  n: values.length,
  p50: percentile(values, 50),
  p90: percentile(values, 90),
  p99: percentile(values, 99),
  max: percentile(values, 100),
  mean: Math.round((values.reduce((s, v) => s + v, 0) / Math.max(1, values.length)) * 10) / 10,
});

/** Runs `tasks` with `concurrency` workers. */
async function pool<T>(inputs: T[], concurrency: number, task: (input: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) await task(inputs[next++]!);
    }),
  );
}

/** `npm run bench -- llm`: query rewrite latency cold vs warm, prompt tokens narrowed vs naive, cache hit rate on a Zipf stream. */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  if (args.latency.length !== 2)
    throw new UsageError(`--latency needs two numbers MIN,MAX (got ${args.latency.join(",")})`, USAGE);
  const options = {
    out: args.out,
    requests: args.requests,
    distinct: args.distinct,
    cold: args.cold,
    s: args.zipf,
    concurrency: args.concurrency,
    latency: args.latency as [number, number],
    db: !args["no-db"],
  };

  const { categories, items } = syntheticCatalog(3000);
  const byId = new Map(categories.map((category) => [category.id, category]));
  const overview = categories
    .filter((c) => c.depth <= 1)
    .map((c) => pathName(c, byId))
    .join("\n");
  const candidatesFor = (query: string): ContextItem[] => {
    const terms = termsOf(query).filter((t) => t.length >= 3);
    if (terms.length === 0) return [];
    const pattern = new RegExp(terms.map(accentInsensitivePattern).join("|"), "i");
    return items.filter((item) => pattern.test(item.name) || pattern.test(item.brand ?? "")).slice(0, 200);
  };
  const queries = distinctQueries(options.distinct);

  const fake = await startFakeAnthropic();
  fake.setDefault((body: MessagesRequestBody) => ({
    kind: "tool",
    latencyMs: options.latency,
    input: () => {
      const text = JSON.stringify(body.messages);
      const match = /<shopper_query>\\n(.*?)\\n<\/shopper_query>/.exec(text);
      let query = "query";
      try {
        if (match) query = String(JSON.parse(JSON.parse(`"${match[1]}"`)));
      } catch {
        // keep the placeholder: the bench measures latency, not wording
      }
      return {
        interpretations: [
          { label: "Main reading", confidence: 0.7, rewrittenQuery: query },
          { label: "Alternative", confidence: 0.3, rewrittenQuery: `${query} alternative` },
        ],
      };
    },
  }));
  const base = loadConfig();
  const job = options.db ? await openJobDatabase(base, (line) => void process.stderr.write(`${line}\n`)) : undefined;
  const db = job?.database.client.db(`bench_llm_${process.pid}`);
  const config = loadLlmConfig({
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: fake.url,
    LLM_MAX_CONCURRENCY: String(options.concurrency),
    LLM_TIMEOUT_MS: "5000",
  });
  const run = async (gateway: LlmGateway, query: string) => {
    const started = performance.now();
    const result = await rewriteQuery(gateway, {
      query,
      shopper: ANONYMOUS_SHOPPER,
      categories,
      candidates: candidatesFor(query),
      overview,
    });
    return { ms: performance.now() - started, source: result.source };
  };

  try {
    // 1. Latency: cold (model at 300–800 ms), warm in-process LRU, warm durable cache only.
    const progress = startProgress("llm bench", options.cold * 3 + options.requests);
    const gateway = new LlmGateway({ config, db });
    const coldQueries = queries.slice(0, options.cold);
    const latencies: Record<"cold" | "warmMemory" | "warmDurable", number[]> = {
      cold: [],
      warmMemory: [],
      warmDurable: [],
    };
    const sources: Record<string, Record<string, number>> = { cold: {}, warmMemory: {}, warmDurable: {} };
    for (const phase of ["cold", "warmMemory", "warmDurable"] as const) {
      if (phase === "warmDurable") gateway.cache.clearMemory();
      if (phase === "warmDurable" && !db) continue;
      await pool(coldQueries, options.concurrency, async (query) => {
        const { ms, source } = await run(gateway, query);
        latencies[phase].push(ms);
        sources[phase]![source] = (sources[phase]![source] ?? 0) + 1;
        progress.tick();
      });
    }
    await gateway.flush();

    // 2. Prompt tokens per request, narrowed vs naive (whole tree and every candidate), over all distinct queries.
    const narrowedPrompt: number[] = [];
    const naivePrompt: number[] = [];
    const narrowedCatalog: number[] = [];
    const naiveCatalog: number[] = [];
    const narrowedItems: number[] = [];
    for (const query of queries) {
      const candidates = candidatesFor(query);
      const context = narrowContext(query, categories, candidates);
      const report = promptTokenReport(context, categories, candidates);
      const prompt = buildQueryRewritePrompt({ query, shopper: ANONYMOUS_SHOPPER, context, overview });
      narrowedCatalog.push(report.narrowedTokens);
      naiveCatalog.push(report.naiveTokens);
      narrowedItems.push(report.narrowedItems);
      narrowedPrompt.push(estimateTokens(prompt.system) + estimateTokens(prompt.user));
      naivePrompt.push(
        estimateTokens(prompt.system) + estimateTokens(prompt.user) - report.narrowedTokens + report.naiveTokens,
      );
    }

    // 3. Cache hit rate over a Zipf stream (fresh cache: new model id keys, LRU empty).
    const zipfGateway = new LlmGateway({ config: { ...config, LLM_MODEL: "claude-sonnet-4-6-zipf" }, db });
    const draw = zipf(queries.length, options.s, prng(23));
    const stream = Array.from({ length: options.requests }, () => queries[draw()]!);
    const streamSources: Record<string, number> = {};
    const streamLatency: number[] = [];
    await pool(stream, options.concurrency, async (query) => {
      const { ms, source } = await run(zipfGateway, query);
      streamSources[source] = (streamSources[source] ?? 0) + 1;
      streamLatency.push(ms);
      progress.tick();
    });
    progress.stop();
    await zipfGateway.flush();
    const distinctInStream = new Set(stream).size;
    const counters = { ...gateway.counters()["query-rewrite"], zipf: zipfGateway.counters()["query-rewrite"] };

    const result = {
      bench: "llm",
      at: new Date().toISOString(),
      setup: {
        categories: categories.length,
        items: items.length,
        distinctQueries: queries.length,
        fakeLatencyMs: options.latency,
        concurrency: options.concurrency,
        durableCache: Boolean(db),
        model: config.LLM_MODEL,
      },
      rewriteLatencyMs: {
        cold: stats(latencies.cold),
        warmMemory: stats(latencies.warmMemory),
        warmDurable: db ? stats(latencies.warmDurable) : null,
        sources,
      },
      promptTokens: {
        estimate: "chars/4",
        catalogBlock: { narrowed: stats(narrowedCatalog), naive: stats(naiveCatalog) },
        wholePrompt: { narrowed: stats(narrowedPrompt), naive: stats(naivePrompt) },
        meanReduction:
          Math.round((naivePrompt.reduce((s, v) => s + v, 0) / narrowedPrompt.reduce((s, v) => s + v, 0)) * 100) / 100,
        narrowedItems: stats(narrowedItems),
      },
      zipfStream: {
        s: options.s,
        requests: stream.length,
        distinctQueries: queries.length,
        distinctInStream,
        sources: streamSources,
        hitRate: Math.round(((streamSources.CACHE ?? 0) / stream.length) * 1000) / 1000,
        bestPossibleHitRate: Math.round((1 - distinctInStream / stream.length) * 1000) / 1000,
        latencyMs: stats(streamLatency),
      },
      fakeServer: { requests: fake.requests.length, peakConcurrency: fake.peakConcurrency() },
      accounting: counters,
    };
    const json = JSON.stringify(result, null, 2);
    if (options.out) writeFileSync(options.out, `${json}\n`);
    process.stdout.write(`${json}\n`);
  } finally {
    await db?.dropDatabase().catch(() => undefined);
    await job?.close();
    await fake.close();
  }
}

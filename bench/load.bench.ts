import autocannon from "autocannon";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { startStack, type Stack } from "../bin/stack";
import { loadConfig } from "../core/config";
import { signUserToken } from "../core/auth/tokens";
import { startEmbeddedDatabase } from "../core/database/embedded-database";
import { DATABASE_NAME, defineCommand, JSON_FILE, UsageError } from "../core/cli-args";
import { cpuMsOf, emitJson, rssOf } from "./bench-args";
import { SEED_SCALES } from "../jobs/seed/seed-scale";

/** One GraphQL operation to load, built from sample ids of the seeded database. */
interface Scenario {
  name: string;
  /** Root field it needs; the scenario is skipped (and says so) when the supergraph lacks it. */
  needs: string;
  /** The `n`th request's body; scenarios that use `userId(n)` spread the load over the sampled shoppers. */
  body(sample: Sample, n: number): { query: string; variables?: Record<string, unknown> };
  /**
   * True when the body cycles through the sampled shoppers: before the measured run each shopper gets one
   * request (not measured), so work done once per shopper (attributes computed on first read) stays out
   * of the steady-state percentiles.
   */
  perShopper?: true;
}

/** Shoppers the per-user scenarios cycle through, so caches hold no more than they would in use. */
const SAMPLE_USERS = 1000;

interface Sample {
  /** The `n`th sampled shopper (cycling). */
  userId(n: number): string;
  users: number;
  categoryId: string;
  productIds: string[];
}

/** What the load covers; `trivial` makes every other number a ratio measured in the same run. */
const SCENARIOS: Scenario[] = [
  {
    name: "trivial",
    needs: "product",
    body: (s) => ({ query: "query($id: ID!) { product(id: $id) { id } }", variables: { id: s.productIds[0] } }),
  },
  {
    name: "entities-100",
    needs: "products",
    body: (s) => ({
      query: "query($ids: [ID!]!) { products(ids: $ids) { id name price category { name } } }",
      variables: { ids: s.productIds.slice(0, 100) },
    }),
  },
  {
    name: "popular",
    needs: "popularProducts",
    body: () => ({ query: "{ popularProducts(first: 20) { id name price } }" }),
  },
  {
    name: "user-attributes",
    needs: "user",
    perShopper: true,
    body: (s, n) => ({
      query:
        "query($id: ID!) { user(id: $id) { attributes { purchaseLines occasions brandLoyalty price { sensitivity dealShare } dietary { explicit inferred { tag share confidence } } items(first: 10) { product { name } purchaseCount nextReorderDueAt } categories { category { name } share } } } }",
      variables: { id: s.userId(n) },
    }),
  },
  {
    name: "user-orders",
    needs: "user",
    perShopper: true,
    body: (s, n) => ({
      query: "query($id: ID!) { user(id: $id) { orders(first: 5) { edges { node { lines { product { name } } } } } } }",
      variables: { id: s.userId(n) },
    }),
  },
  {
    name: "carousels",
    needs: "carousels",
    perShopper: true,
    body: (s, n) => ({
      query:
        "query($u: ID) { carousels(userId: $u, surface: HOME, first: 8) { id title items(first: 10) { edges { node { score product { name price } } } } } }",
      variables: { u: s.userId(n) },
    }),
  },
  {
    name: "search",
    needs: "search",
    perShopper: true,
    body: (s, n) => ({
      query:
        'query($u: ID) { search(query: "milk", userId: $u) { results(first: 20) { edges { node { product { name } } } } } }',
      variables: { u: s.userId(n) },
    }),
  },
  {
    name: "checkout-aisle",
    needs: "checkoutAisle",
    perShopper: true,
    body: (s, n) => ({
      query:
        "query($u: ID, $cart: [ID!]!) { checkoutAisle(userId: $u, cart: $cart, first: 10) { items { edges { node { product { name } } } } } }",
      variables: { u: s.userId(n), cart: s.productIds.slice(0, 3) },
    }),
  },
  {
    name: "category-page",
    needs: "categoryPage",
    perShopper: true,
    body: (s, n) => ({
      query:
        "query($u: ID, $c: ID!) { categoryPage(userId: $u, categoryId: $c, first: 20) { edges { node { product { name } } } } }",
      variables: { u: s.userId(n), c: s.categoryId },
    }),
  },
];

const ARGS = defineCommand({
  command: "npm run bench -- load",
  summary:
    "Starts the whole stack on loopback (or loads a running one with --gateway), loads the gateway at a fixed concurrency per scenario and reports rps, p50, p99 and errors, plus RSS per process, as JSON.",
  options: {
    scale: {
      type: "string",
      choices: SEED_SCALES,
      default: "tiny",
      help: "seed this scale into the bench database when empty",
    },
    database: {
      type: "string",
      value: "NAME",
      pattern: DATABASE_NAME,
      help: "the bench database (default bench_<scale>)",
    },
    connections: { type: "int", min: 1, max: 1000, default: 10, help: "requests in flight" },
    seconds: {
      type: "number",
      min: 0,
      exclusiveMin: true,
      max: 86_400,
      default: 10,
      help: "length of each scenario's run",
    },
    warmup: {
      type: "number",
      min: 0,
      max: 86_400,
      default: 0,
      value: "SECONDS",
      help: "pause after the stack is ready, so the background tasks' first runs finish before the load",
    },
    scenarios: {
      type: "list",
      choices: SCENARIOS.map((scenario) => scenario.name),
      help: "scenarios to run (default all; trivial always runs: every number is a ratio to it)",
    },
    gateway: {
      type: "string",
      value: "URL",
      help: "load this running gateway instead of starting a stack (needs MONGODB_URI)",
    },
    ready: {
      type: "list",
      value: "URL,URL",
      help: "the running subgraphs' /ready endpoints --warmup polls (with --gateway)",
    },
    metrics: {
      type: "string",
      value: "URL",
      help: "a running personalization's /metrics.json to report (with --gateway)",
    },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});

/** Usage of `npm run bench -- load`. */
export const USAGE = ARGS.usage;

/**
 * `npm run bench -- load`: starts the whole stack on loopback, then loads the gateway with autocannon
 * at a fixed concurrency for each scenario and reports rps, p50, p99 and errors, plus RSS per process.
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const { scale, connections, seconds, warmup } = args;
  const databaseName = args.database ?? `bench_${scale}`;
  const only = args.scenarios ? [...args.scenarios] : null;
  if (only !== null && !only.includes("trivial")) only.push("trivial"); // every number is a ratio to it

  // A stack that is already running (e.g. one warmed up on the large seed): load its gateway instead of
  // starting one; MONGODB_URI names its database, for the sample ids. No RSS then: the processes are not ours.
  const gateway = args.gateway ?? null;
  if (gateway !== null && !process.env.MONGODB_URI)
    throw new UsageError("--gateway needs MONGODB_URI (the running stack's database, for sample ids)", USAGE);
  // The subgraphs' /ready endpoints --warmup polls: those of the stack this bench starts, or with --gateway the ones named.
  const readyUrls = args.ready ? [...args.ready] : null;
  if (readyUrls !== null && gateway === null)
    throw new UsageError("--ready names the subgraphs of a running stack; it goes with --gateway", USAGE);
  if (warmup > 0 && gateway !== null && readyUrls === null)
    throw new UsageError(
      "--warmup with --gateway needs --ready URL,URL (the running subgraphs' /ready endpoints, e.g. http://127.0.0.1:4003/ready)",
      USAGE,
    );

  let dataDir: string | undefined;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = mkdtempSync(join(tmpdir(), "discovery-bench-"));
    embedded = await startEmbeddedDatabase({ dataDir });
    uri = embedded.uri;
  }
  const env = {
    MONGODB_URI: uri,
    MONGODB_DATABASE: databaseName,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    SEED_SCALE: scale,
    STATISTICS_REFRESH_SECONDS: "86400",
    PROGRESS: "off",
  };
  const stack: Pick<Stack, "gatewayUrl" | "processes" | "stop"> =
    gateway !== null
      ? { gatewayUrl: gateway, processes: [], stop: async () => {} }
      : await startStack(loadConfig(env), {
          ephemeralPorts: true,
          env,
          generateCollections: true,
          log: (line) => process.stderr.write(`${line}\n`),
        });
  if (warmup > 0) {
    process.stderr.write(`load: waiting up to ${warmup} s for the subgraphs' background first runs…\n`);
    const waited = await waitForBackgroundFirstRuns(
      readyUrls ?? stack.processes.filter((p) => p.name !== "gateway").map((p) => `http://127.0.0.1:${p.port}/ready`),
      warmup * 1000,
    );
    process.stderr.write(
      `load: ${waited.pending.length === 0 ? "background first runs done" : `still running: ${waited.pending.join(", ")}`} after ${waited.seconds} s\n`,
    );
  }
  // The scenarios read many shoppers' data: they act as a service (signed with the configured AUTH_JWT_SECRET, or the development one).
  const headers = {
    "content-type": "application/json",
    authorization: `Bearer ${await signUserToken(loadConfig(process.env), { subject: "load-bench", role: "service", ttlSeconds: 24 * 3600 })}`,
  };
  const client = await MongoClient.connect(uri);
  try {
    const sample = await sampleIds(client, databaseName);
    const rootFields = await rootFieldsOf(stack.gatewayUrl, headers);
    const rssBefore = Object.fromEntries(stack.processes.map((p) => [p.name, rssOf(p.child.pid!)]));
    // Whose CPU time each scenario's requests cost: the stack's processes and the embedded database.
    const databasePid = embedded?.process?.().pid;
    const measured = [
      ...stack.processes.map((p) => ({ name: p.name, pid: p.child.pid! })),
      ...(databasePid !== undefined ? [{ name: "database", pid: databasePid }] : []),
    ];
    const personalization = stack.processes.find((p) => p.name === "personalization");
    const metricsUrl = personalization
      ? `http://127.0.0.1:${personalization.port}/metrics.json`
      : typeof args.metrics === "string"
        ? args.metrics
        : null;
    const dropsBefore = metricsUrl ? await droppedContributionsAt(metricsUrl) : null;
    const scenarios = [];
    // How many sampled shoppers' HOME (first 8 carousels) leads with a generated collection somewhere.
    const generatedOnHome =
      only === null || only.includes("carousels")
        ? await generatedCollectionsOnHome(stack.gatewayUrl, headers, sample)
        : undefined;
    for (const scenario of SCENARIOS.filter((candidate) => only === null || only.includes(candidate.name))) {
      if (!rootFields.has(scenario.needs)) {
        scenarios.push({ name: scenario.name, skipped: `Query.${scenario.needs} is not in the supergraph yet` });
        continue;
      }
      const body = JSON.stringify(scenario.body(sample, 0));
      const check = (await (await fetch(stack.gatewayUrl, { method: "POST", headers, body })).json()) as {
        errors?: unknown[];
      };
      if (check.errors) {
        scenarios.push({
          name: scenario.name,
          skipped: `the operation fails: ${JSON.stringify(check.errors).slice(0, 300)}`,
        });
        continue;
      }
      // Requests of this scenario at `connections`, each body from the next sampled shopper, until `limit` ends the run.
      const run = (limit: { amount: number; timeout: number } | { duration: number }) => {
        let sent = 0;
        return autocannon({
          url: stack.gatewayUrl,
          method: "POST",
          headers,
          body,
          connections,
          ...limit,
          requests: [
            { setupRequest: (request) => ({ ...request, body: JSON.stringify(scenario.body(sample, sent++)) }) },
          ],
        });
      };
      let warmupSeconds: number | undefined;
      if (scenario.perShopper) {
        process.stderr.write(
          `load: ${scenario.name}: one request for each of ${sample.users} shoppers first (not measured)…\n`,
        );
        const started = Date.now();
        await run({ amount: sample.users, timeout: 120 });
        warmupSeconds = Math.round((Date.now() - started) / 100) / 10;
      }
      process.stderr.write(`load: ${scenario.name} (${connections} connections, ${seconds} s)…\n`);
      const cpuBefore = cpuMsByProcess(measured);
      const result = await run({ duration: seconds });
      const cpuAfter = cpuMsByProcess(measured);
      scenarios.push({
        name: scenario.name,
        concurrency: connections,
        rps: Math.round(result.requests.average * 10) / 10,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
        requests: result.requests.total,
        ...(measured.length > 0 ? { cpuMsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, result.requests.total) } : {}),
        ...(warmupSeconds !== undefined ? { warmupSeconds } : {}),
      });
    }
    const trivial = scenarios.find((s) => s.name === "trivial" && "rps" in s) as
      { rps: number; p99Ms: number } | undefined;
    const rssAfter = Object.fromEntries(stack.processes.map((p) => [p.name, rssOf(p.child.pid!)]));
    emitJson(
      {
        scale,
        database: databaseName,
        machine: { cpus: require("node:os").cpus().length, node: process.version },
        scenarios: scenarios.map((s) =>
          trivial && "rps" in s
            ? {
                ...s,
                rpsVsTrivial: round((s as { rps: number }).rps / trivial.rps),
                p99VsTrivial: round((s as { p99Ms: number }).p99Ms / trivial.p99Ms),
              }
            : s,
        ),
        rssBytes:
          gateway === null
            ? { before: rssBefore, after: rssAfter }
            : "not measured: --gateway loads a stack this bench did not start",
        ...(generatedOnHome ? { generatedCollectionsOnHome: generatedOnHome } : {}),
        // Plugin contributions personalization dropped during the run (late, failed or invalid), by plugin and step.status.
        pluginContributionsDropped:
          metricsUrl && dropsBefore
            ? difference(await droppedContributionsAt(metricsUrl), dropsBefore)
            : "not measured: with --gateway, name personalization's /metrics.json with --metrics URL",
      },
      args.out,
    );
  } finally {
    await client.close();
    await stack.stop();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU ms used so far by each measured process. */
function cpuMsByProcess(processes: readonly { name: string; pid: number }[]): Map<string, number | null> {
  return new Map(processes.map(({ name, pid }) => [name, cpuMsOf(pid)]));
}

/**
 * CPU ms per request by process over a run, and their total: a cost that holds up on a shared, noisy
 * machine better than latency does (other work delays a request, it does not add to its CPU time).
 * Clock ticks are 10 ms, so runs of a few hundred requests or more are needed for two digits.
 */
function cpuPerRequest(
  before: Map<string, number | null>,
  after: Map<string, number | null>,
  requests: number,
): Record<string, number> | string {
  if (requests === 0) return "no requests";
  const perProcess: Record<string, number> = {};
  let total = 0;
  for (const [name, start] of before) {
    const end = after.get(name);
    if (start === null || end === null || end === undefined) return `not measured: cannot read ${name}'s CPU time`;
    perProcess[name] = round((end - start) / requests);
    total += (end - start) / requests;
  }
  return { ...perProcess, total: round(total) };
}

/**
 * Of the first (at most) 20 sampled shoppers, how many get a generated collection (carousel id
 * `generated.…`) among the first 8 HOME carousels; one request each, before the load.
 */
async function generatedCollectionsOnHome(
  url: string,
  headers: Record<string, string>,
  sample: Sample,
): Promise<{ shoppers: number; withGenerated: number; titles: string[] }> {
  const shoppers = Math.min(20, sample.users);
  let withGenerated = 0;
  const titles = new Set<string>();
  for (let n = 0; n < shoppers; n += 1) {
    const body = JSON.stringify({
      query: "query($u: ID) { carousels(userId: $u, surface: HOME, first: 8) { id title } }",
      variables: { u: sample.userId(n) },
    });
    const result = (await (await fetch(url, { method: "POST", headers, body })).json()) as {
      data?: { carousels?: Array<{ id: string; title: string }> | null };
    };
    const generated = (result.data?.carousels ?? []).filter((carousel) => carousel.id.startsWith("generated."));
    if (generated.length > 0) withGenerated += 1;
    for (const carousel of generated) titles.add(carousel.title);
  }
  return { shoppers, withGenerated, titles: [...titles].sort().slice(0, 20) };
}

/** Personalization's dropped-contribution totals (`/metrics.json`), by plugin then step.status. */
async function droppedContributionsAt(url: string): Promise<Record<string, Record<string, number>>> {
  const body = (await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()) as {
    pluginContributionsDropped?: Record<string, Record<string, number>>;
  };
  return body.pluginContributionsDropped ?? {};
}

/** Counts in `after` not in `before` (per plugin and step.status; zeros left out). */
function difference(
  after: Record<string, Record<string, number>>,
  before: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const [plugin, counts] of Object.entries(after)) {
    for (const [key, count] of Object.entries(counts)) {
      const delta = count - (before[plugin]?.[key] ?? 0);
      if (delta > 0) (result[plugin] ??= {})[key] = delta;
    }
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

async function sampleIds(client: MongoClient, databaseName: string): Promise<Sample> {
  const db = client.db(databaseName);
  const users = (
    await db
      .collection<{ _id: string }>("users")
      .find({}, { projection: { _id: 1 } })
      .limit(SAMPLE_USERS)
      .toArray()
  ).map((user) => user._id);
  const products = await db
    .collection<{ _id: string; categoryId: string }>("products")
    .find({}, { projection: { _id: 1, categoryId: 1 } })
    .limit(100)
    .toArray();
  if (users.length === 0 || products.length === 0)
    throw new Error(`database ${databaseName} has no users or products to sample`);
  return {
    userId: (n) => users[n % users.length]!,
    users: users.length,
    categoryId: products[0]!.categoryId,
    productIds: products.map((p) => p._id),
  };
}

/** The supergraph's root query fields, asked with the load's own headers (the load is one client throughout). */
async function rootFieldsOf(url: string, headers: Record<string, string>): Promise<Set<string>> {
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: "{ __schema { queryType { fields { name } } } }" }),
  });
  const body = (await response.json()) as { data: { __schema: { queryType: { fields: Array<{ name: string }> } } } };
  return new Set(body.data.__schema.queryType.fields.map((field) => field.name));
}

/**
 * Polls each subgraph's `/ready` until none lists a background task whose first run is still going
 * (read models, popularity), or until `limitMs`; returns what was still running and the time waited.
 */
async function waitForBackgroundFirstRuns(
  readyUrls: string[],
  limitMs: number,
): Promise<{ pending: string[]; seconds: number }> {
  const started = Date.now();
  for (;;) {
    const pending: string[] = [];
    for (const url of readyUrls) {
      try {
        const body = (await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()) as {
          details?: { backgroundFirstRuns?: string[] };
        };
        pending.push(...(body.details?.backgroundFirstRuns ?? []));
      } catch {
        pending.push(url);
      }
    }
    if (pending.length === 0 || Date.now() - started >= limitMs)
      return { pending, seconds: Math.round((Date.now() - started) / 1000) };
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

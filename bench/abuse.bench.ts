import { mkdtempSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from "graphql";
import { MongoClient } from "mongodb";
import { startStack } from "../bin/stack";
import { signUserToken } from "../core/auth/tokens";
import { loadConfig } from "../core/config";
import { startEmbeddedDatabase } from "../core/database/embedded-database";
import { projectRoot } from "../core/paths";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { emitJson, percentile } from "./bench-args";

const ARGS = defineCommand({
  command: "npm run bench -- abuse",
  summary:
    "Starts the stack in production mode on the tiny seed and floods it with generated bad requests and the abuse set, while a prober times a simple query; as JSON.",
  options: {
    seconds: { type: "number", min: 0, exclusiveMin: true, max: 86_400, default: 120, help: "the run's time bound" },
    concurrency: { type: "int", min: 1, max: 64, default: 8, help: "flood requests in flight" },
    "rate-limits": { type: "string", choices: ["off", "on"], default: "off", help: "keep the production rate limits" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});

export const USAGE = ARGS.usage;

/** One request the benchmark sends: its body (or raw text), headers and method. */
interface AbuseRequest {
  kind: "generated" | "abuse";
  name: string;
  method?: "GET" | "POST";
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * `npm run bench -- abuse`: starts the whole stack in production mode on the tiny seed, then sends
 * (a) bad requests generated from the supergraph schema — every root field, each argument given a
 * value of the wrong type, out of range, malformed, null where required, oversized — as a service (so
 * they pass authentication and reach the resolvers), and as an anonymous caller, and (b) the abuse
 * set of issue 17 (nested categories, cross-subgraph cycles, alias floods, token floods, fragment
 * bombs, huge and malformed bodies, subscriptions, ambiguous documents), `--concurrency` at a time,
 * while a prober measures a simple query's latency; before that, the same prober measures it idle.
 * The prober is a client of its own, as a real shopper beside an attacker would be: a shopper
 * (`u:sim:00002`) with its own token, which no flood request uses (the flood comes from the service
 * `abuse-bench`, the shopper `u:sim:00001` and anonymous callers). `--rate-limits on` keeps the
 * production rate limits (counted in Redis at REDIS_URL, under a key prefix of this run's own); off by
 * default, as they would answer part of a longer flood with 429 before the limits under test are reached.
 * ADMISSION_* variables in the environment are passed to the stack (the defaults otherwise).
 * Reports `{ requests, http5xx, internal, crashes, rejectedAbuse, abuseRequests, simpleP99MsIdle,
 * simpleP99MsUnderAbuse, … }`, and the machine's load average during the run. Bounded by `--seconds`.
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const { seconds, concurrency, "rate-limits": rateLimits } = args;

  const dataDir = mkdtempSync(join(tmpdir(), "discovery-abuse-"));
  const database = await startEmbeddedDatabase({ dataDir });
  const env: Record<string, string> = {
    MONGODB_URI: database.uri,
    MONGODB_DATABASE: "bench_abuse",
    NODE_ENV: "production",
    LOG_LEVEL: "fatal",
    SEED_SCALE: "tiny",
    STATISTICS_REFRESH_SECONDS: "0",
    PROGRESS: "off",
    AUTH_JWT_SECRET: randomBytes(32).toString("base64url"),
    SUBGRAPH_SECRET: randomBytes(32).toString("base64url"),
    ...(rateLimits === "on"
      ? { REDIS_KEY_PREFIX: `bench-abuse-${randomBytes(6).toString("hex")}:` }
      : // Rate limits would answer part of a longer flood with 429 before the operation limits are reached: they are tested apart.
        { RATE_LIMIT_ANONYMOUS_PER_MINUTE: "0", RATE_LIMIT_SHOPPER_PER_MINUTE: "0", REDIS_URL: "off" }),
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[0].startsWith("ADMISSION_") && entry[1] !== undefined,
      ),
    ),
  };
  const config = loadConfig(env);
  const stack = await startStack(config, {
    ephemeralPorts: true,
    env,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    const service = `Bearer ${await signUserToken(config, { subject: "abuse-bench", role: "service" })}`;
    // The prober: a shopper of its own, whose token no flood request carries.
    const proberToken = `Bearer ${await signUserToken(config, { subject: "u:sim:00002" })}`;
    const client = await MongoClient.connect(database.uri);
    const productId = (await client.db("bench_abuse").collection<{ _id: string }>("products").findOne({}))!._id;
    await client.close();

    const simple = JSON.stringify({
      query: "query($id: ID!) { product(id: $id) { id name price } }",
      variables: { id: productId },
    });
    // The prober runs in a thread of its own, as a separate client would: its timings do not wait for
    // this thread to parse the flood's responses.
    const prober = startProber({ url: stack.gatewayUrl, authorization: proberToken, body: simple, expect: productId });
    await prober.count(20); // warm-up
    const idle = await prober.count(200);

    const schema = buildSchema(readFileSync(join(projectRoot, "schema", "supergraph.graphql"), "utf8"), {
      assumeValidSDL: true,
    });
    const shopper = `Bearer ${await signUserToken(config, { subject: "u:sim:00001" })}`;
    const generated = generateBadRequests(schema, service, shopper);
    const abuse = abuseSet();
    const queue: AbuseRequest[] = [...abuse, ...generated];
    process.stderr.write(
      `abuse: ${generated.length} generated bad requests and ${abuse.length} abuse cases, ${concurrency} at a time, at most ${seconds} s\n`,
    );

    const byStatus: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    let http5xx = 0;
    let internal = 0;
    let sent = 0;
    let abuseRejected = 0;
    const notRejected: string[] = [];
    const internalSamples: string[] = [];
    const deadline = Date.now() + seconds * 1000;
    /** The ten slowest requests of the flood, for finding what still costs time. */
    const slowest: Array<[number, string]> = [];
    const loadAverages: number[] = [loadavg()[0]!];
    const sampler = setInterval(() => loadAverages.push(loadavg()[0]!), 1000);
    const probing = prober.loop(20);
    const worker = async (): Promise<void> => {
      for (let request = queue.shift(); request && Date.now() < deadline; request = queue.shift()) {
        sent += 1;
        const began = performance.now();
        const { status, text } = await send(stack.gatewayUrl, request);
        slowest.push([performance.now() - began, `${request.name} → ${status}`]);
        slowest.sort((a, b) => b[0] - a[0]).splice(10);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        if (status >= 500) http5xx += 1;
        for (const code of codesOf(text)) {
          byCode[code] = (byCode[code] ?? 0) + 1;
          if (code === "INTERNAL" || code === "INTERNAL_SERVER_ERROR") {
            internal += 1;
            if (internalSamples.length < 5) internalSamples.push(`${request.name}: ${text.slice(0, 200)}`);
          }
        }
        if (request.kind === "abuse") {
          if (refused(status, text)) abuseRejected += 1;
          else notRejected.push(`${request.name} → HTTP ${status}`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    prober.stop();
    const underAbuse = await probing;
    await prober.close();
    clearInterval(sampler);
    loadAverages.push(loadavg()[0]!);
    const crashes = stack.processes
      .filter((entry) => entry.child.exitCode !== null || entry.child.signalCode !== null)
      .map((entry) => entry.name);
    emitJson(
      {
        benchmark: "abuse",
        requests: sent,
        unsent: queue.length,
        http5xx,
        internal,
        crashes: crashes.length,
        crashed: crashes,
        abuseRequests: abuse.length,
        rejectedAbuse: abuseRejected,
        notRejected,
        simpleP99MsIdle: round(percentile(idle, 99)),
        simpleP50MsIdle: round(percentile(idle, 50)),
        simpleP99MsUnderAbuse: round(percentile(underAbuse, 99)),
        simpleP50MsUnderAbuse: round(percentile(underAbuse, 50)),
        simpleSamplesUnderAbuse: underAbuse.length,
        probeFailures: prober.failures.length,
        probeFailureSamples: prober.failures.slice(0, 3),
        byStatus,
        byCode,
        internalSamples,
        slowestMs: slowest.map(([ms, what]) => `${Math.round(ms)} ms ${what}`),
        concurrency,
        durationSeconds: round((Date.now() - started) / 1000),
        loadAverage1m: { atStart: round(loadAverages[0]!), max: round(Math.max(...loadAverages)) },
        cores: availableParallelism(),
        rateLimits,
        admission: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith("ADMISSION_"))),
        stack: `tiny seed, NODE_ENV=production, rate limits ${rateLimits === "on" ? "at their defaults (Redis)" : "off (tested apart)"}, one process per subgraph; prober: shopper u:sim:00002`,
      },
      args.out,
    );
  } finally {
    await stack.stop();
    await database.stop();
  }
}

/** The prober's loop, in plain JavaScript for its worker thread: timed POSTs of one body, on command. */
const PROBER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { url, authorization, body, expect } = workerData;
let stopping = false;
async function probe() {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization }, body });
  const text = await response.text();
  const ms = performance.now() - started;
  return { ms, failure: response.status === 200 && text.includes(expect) ? null : "HTTP " + response.status + " " + text.slice(0, 120) };
}
parentPort.on("message", async (message) => {
  if (message.type === "stop") { stopping = true; return; }
  const samples = [];
  if (message.type === "count") for (let i = 0; i < message.n; i += 1) samples.push(await probe());
  if (message.type === "loop") {
    stopping = false;
    while (!stopping) {
      samples.push(await probe());
      await new Promise((resolve) => setTimeout(resolve, message.pauseMs));
    }
  }
  parentPort.postMessage(samples);
});
`;

/** A client of its own in a worker thread that times a query: `count` sends n one after another, `loop` until `stop`. */
function startProber(options: { url: string; authorization: string; body: string; expect: string }) {
  const worker = new Worker(PROBER_SOURCE, { eval: true, workerData: options });
  worker.unref(); // never what keeps the benchmark alive
  const failures: string[] = [];
  const ask = (message: Record<string, unknown>) =>
    new Promise<number[]>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("message", (samples: Array<{ ms: number; failure: string | null }>) => {
        worker.off("error", reject);
        for (const sample of samples) if (sample.failure) failures.push(sample.failure);
        resolve(samples.map((sample) => sample.ms));
      });
      worker.postMessage(message);
    });
  return {
    /** Answers that were not the product (a fast refusal would flatter the latency). */
    failures,
    count: (n: number) => ask({ type: "count", n }),
    loop: (pauseMs: number) => ask({ type: "loop", pauseMs }),
    stop: () => worker.postMessage({ type: "stop" }),
    close: () => worker.terminate(),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

async function send(url: string, request: AbuseRequest): Promise<{ status: number; text: string }> {
  try {
    const headers = { "content-type": "application/json", ...request.headers };
    const response =
      request.method === "GET"
        ? await fetch(`${url}?${new URLSearchParams(request.body as Record<string, string>)}`, {
            headers,
            signal: AbortSignal.timeout(30_000),
          })
        : await fetch(url, {
            method: "POST",
            headers,
            body: request.raw ?? JSON.stringify(request.body),
            signal: AbortSignal.timeout(30_000),
          });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 599, text: String(error) };
  }
}

/** Refused: HTTP 4xx, or errors with no data at all (every top-level field null, e.g. UNAUTHENTICATED on a nullable field). */
function refused(status: number, text: string): boolean {
  if (status >= 400 && status < 500) return true;
  try {
    const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    return (
      (body.errors?.length ?? 0) > 0 && (body.data == null || Object.values(body.data).every((value) => value === null))
    );
  } catch {
    return false;
  }
}

function codesOf(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
    return (body.errors ?? []).map((error) => error.extensions?.code ?? "(none)");
  } catch {
    return [];
  }
}

/** A selection for `type`: its first few scalar fields (objects without any: `__typename`). */
function selectionFor(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return "";
  const scalars = Object.values(named.getFields())
    .filter((field) => isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)))
    .filter((field) => field.args.length === 0);
  return `{ ${
    scalars
      .slice(0, 3)
      .map((field) => field.name)
      .join(" ") || "__typename"
  } }`;
}

/** Bad values for an argument of `type`, with what each is. */
function badValuesFor(type: GraphQLInputType): Array<[string, unknown]> {
  const named = getNamedType(type);
  const values: Array<[string, unknown]> = [["wrong type (object)", { $gt: "" }]];
  if (isNonNullType(type)) values.push(["null for a required value", null]);
  if (isListType(isNonNullType(type) ? type.ofType : type))
    values.push(
      ["10,000-item list", Array.from({ length: 10_000 }, (_, i) => `x${i}`)],
      ["list of nulls", [null, null]],
    );
  if (isScalarType(named)) {
    switch (named.name) {
      case "Int":
      case "Float":
        values.push(["negative", -1], ["zero", 0], ["2^31", 2 ** 31], ["huge", 1e300], ["a string", "ten"]);
        break;
      case "ID":
      case "String":
        values.push(
          ["empty", ""],
          ["100k characters", "x".repeat(100_000)],
          ["operator injection", "$where"],
          ["path", "../../etc/passwd"],
          ["control characters", "\u0000\u0007\n"],
          ["a number", 12345],
        );
        break;
      case "Boolean":
        values.push(["a string", "yes"]);
        break;
      default:
        values.push(["empty", ""], ["garbage", "not-a-valid-value"], ["a number", -5]);
    }
  }
  if (isEnumType(named))
    values.push(["unknown enum value", "NOT_A_VALUE"], ["lower case", named.getValues()[0]!.name.toLowerCase()]);
  if (isInputObjectType(named)) values.push(["empty object", {}], ["unknown field", { notAField: 1 }]);
  return values;
}

/** A plausible value for an argument (so each request has one bad argument at a time). */
function plausible(argument: GraphQLArgument): unknown {
  const named = getNamedType(argument.type);
  if (!isNonNullType(argument.type)) return undefined;
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) return {};
  if (isListType(argument.type.ofType)) return [];
  if (named.name === "Int" || named.name === "Float") return 1;
  if (named.name === "Boolean") return true;
  return "x1";
}

/** `value` written as a GraphQL literal (strings that look like enum values stay strings); null for undefined. */
function toLiteral(value: unknown): string | null {
  if (value === undefined) return null;
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map((item) => toLiteral(item) ?? "null").join(", ")}]`;
  if (typeof value === "object")
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key.replace(/[^A-Za-z0-9_]/g, "_")}: ${toLiteral(item)}`)
      .join(", ")} }`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** For every root field and each of its arguments, requests with that argument bad: as variables (as a service, a shopper and anonymously) and written into the document. */
function generateBadRequests(schema: ReturnType<typeof buildSchema>, service: string, shopper: string): AbuseRequest[] {
  const requests: AbuseRequest[] = [];
  for (const [operation, root] of [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(root?.getFields() ?? {}) as Array<GraphQLField<unknown, unknown>>) {
      if (field.name.startsWith("_")) continue;
      const definitions = field.args.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(", ");
      const passing = field.args.map((argument) => `${argument.name}: $${argument.name}`).join(", ");
      const query = `${operation}${definitions ? `(${definitions})` : ""} { ${field.name}${passing ? `(${passing})` : ""} ${selectionFor(field.type)} }`;
      for (const argument of field.args) {
        for (const [what, value] of badValuesFor(argument.type)) {
          const variables = Object.fromEntries(
            field.args.map((other) => [other.name, other === argument ? value : plausible(other)]),
          );
          for (const [who, authorization] of [
            ["service", service],
            ["shopper", shopper],
            ["anonymous", undefined],
          ] as const) {
            requests.push({
              kind: "generated",
              name: `${field.name}(${argument.name}: ${what}) as ${who}`,
              body: { query, variables },
              headers: authorization ? { authorization } : {},
            });
          }
          // The same value written into the document (validated by the gateway, not coerced by the subgraph), when it is small enough to write.
          const literal = toLiteral(value);
          if (literal !== null && literal.length < 2000) {
            const inline = field.args
              .map((other) => [other.name, other === argument ? literal : toLiteral(plausible(other))] as const)
              .filter(([, text]) => text !== null);
            const written = `${operation} { ${field.name}${inline.length ? `(${inline.map(([name, text]) => `${name}: ${text}`).join(", ")})` : ""} ${selectionFor(field.type)} }`;
            requests.push({
              kind: "generated",
              name: `${field.name}(${argument.name}: ${what}, literal)`,
              body: { query: written },
              headers: { authorization: service },
            });
          }
        }
      }
    }
  }
  return requests;
}

/** The abuse cases of issue 17 and their relatives; every one must be refused (HTTP 4xx). */
function abuseSet(): AbuseRequest[] {
  const nest = (levels: number) =>
    `{ category(id: "grocery") { ${"ancestors { children { ".repeat(levels)}id name${" } }".repeat(levels)} } }`;
  const aliases = (n: number, field: string) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
  const fragmentBomb = [
    "query { ...F0 }",
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `fragment F${i} on Query { ${i === 11 ? "dimensions { name }" : `a: categories { id } ...F${i + 1} b: categories { id } ...F${i + 1}`} }`,
    ),
  ].join("\n");
  const cases: Array<[string, Omit<AbuseRequest, "kind" | "name">]> = [
    ["categories nested 4 levels", { body: { query: nest(4) } }],
    ["categories nested 5 levels", { body: { query: nest(5) } }],
    ["categories nested 8 levels", { body: { query: nest(8) } }],
    [
      "user→orders→product→category→products→offers→merchant cycle",
      {
        body: {
          query: `{ user(id: "u:sim:00001") { orders { edges { node { lines { product { category { products { edges { node { offers { merchant { offers { id } } } } } } } } } } } } } }`,
        },
      },
    ],
    ["30,000 aliases", { body: { query: aliases(30_000, "dimensions { name }") } }],
    ["1,000 aliased carousels", { body: { query: aliases(1000, "carousels(surface: HOME) { id }") } }],
    ["100 aliased carousels", { body: { query: aliases(100, "carousels(surface: HOME) { id }") } }],
    ["25 root fields", { body: { query: `{ ${"dimensions { name } ".repeat(25)}}` } }],
    ["5,000-token field flood", { body: { query: `{ dimensions { ${"name ".repeat(5000)}} }` } }],
    ["fragment bomb (2^12 expansions)", { body: { query: fragmentBomb } }],
    [
      "products(first: 100) × offers(first: 100) × merchant",
      { body: { query: "{ popularProducts(first: 100) { id offers(first: 100) { price merchant { id name } } } }" } },
    ],
    [
      "page sizes from variables",
      {
        body: {
          query:
            "query($n: Int) { popularProducts(first: $n) { id offers(first: $n) { price merchant { id name } } } }",
          variables: { n: 1000 },
        },
      },
    ],
    [
      "deep introspection (refused in production)",
      {
        body: {
          query: `{ __schema { types { fields { type { ${"ofType { ".repeat(20)}name${" }".repeat(20)} } } } } }`,
        },
      },
    ],
    ["subscription", { body: { query: "subscription { dimensions { name } }" } }],
    [
      "two operations without operationName",
      { body: { query: "query A { dimensions { name } } query B { dimensions { name } }" } },
    ],
    ["unknown operationName", { body: { query: "query A { dimensions { name } }", operationName: "B" } }],
    [
      "mutation over GET",
      { method: "GET", body: { query: 'mutation { deleteUserData(userId: "u:sim:00001") { deleted } }' } },
    ],
    [
      "3 MB body",
      { raw: JSON.stringify({ query: "{ dimensions { name } }", variables: { pad: "x".repeat(3_000_000) } }) },
    ],
    ["invalid JSON", { raw: '{"query": "{ dimensions { name } }"' }],
    [
      "batched array of 100 operations",
      { raw: JSON.stringify(Array.from({ length: 100 }, () => ({ query: "{ dimensions { name } }" }))) },
    ],
    ["no query", { body: { variables: {} } }],
    ["anonymous deleteUserData", { body: { query: 'mutation { deleteUserData(userId: "u:sim:00001") { deleted } }' } }],
    ["anonymous user(id)", { body: { query: '{ user(id: "u:sim:00002") { name orders { totalCount } } }' } }],
    [
      "forged admin token",
      {
        body: { query: "{ dimensions { name } }" },
        headers: {
          authorization:
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZSI6ImFkbWluIiwiZXhwIjo5OTk5OTk5OTk5fQ.c2lnbmF0dXJl",
        },
      },
    ],
    [
      "alg none token",
      {
        body: { query: "{ dimensions { name } }" },
        headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZSI6ImFkbWluIn0." },
      },
    ],
  ];
  return cases.map(([name, request]) => ({ kind: "abuse", name, ...request }));
}

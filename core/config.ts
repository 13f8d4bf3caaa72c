import { existsSync } from "node:fs";
import { join } from "node:path";
import proxyAddr from "proxy-addr";
import { z } from "zod";
import { llmConfigShape } from "./llm/llm.config";
import { vectorStoreConfigShape } from "./vector/vector-store.config";
import { BY_ID_READS_SETTINGS } from "./database/by-id-reads";
import { projectRoot } from "./paths";
import { DEVELOPMENT_JWT_SECRET, DEVELOPMENT_SUBGRAPH_SECRET } from "./auth/secrets";

/**
 * The Fetch standard's "bad ports": Node's `fetch` refuses them ("bad port") without connecting, so a
 * process listening on one could never be probed for readiness nor reached by the gateway.
 */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);
const fetchRefusesPort = (port: number): boolean => FETCH_BAD_PORTS.has(port);
const badPortMessage = 'Node\'s fetch refuses this port (a Fetch standard "bad port"); choose another';

/** Ports of processes reached over HTTP: 0 (pick a free one) or any port `fetch` may connect to. */
const portSchema = z.coerce.number().int().min(0).max(65535);
const httpPortSchema = portSchema.refine((port) => !fetchRefusesPort(port), badPortMessage);
const urlSchema = z.string().url();
const httpUrlSchema = urlSchema.refine((url) => {
  const parsed = new URL(url);
  const port = parsed.port === "" ? (parsed.protocol === "https:" ? 443 : 80) : Number(parsed.port);
  return !fetchRefusesPort(port);
}, badPortMessage);
/** An OTLP/HTTP collector URL: http or https only. */
const otlpUrlSchema = httpUrlSchema.refine((url) => /^https?:\/\//i.test(url), "an http:// or https:// URL");

/** Every environment variable the product reads. `.env.example` documents each one. */
export const configSchema = z
  .object({
    /** development (landing page, introspection, stack traces), production or test. */
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** pino level. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** A MongoDB or Atlas connection string; when unset the embedded FerretDB is started. */
    MONGODB_URI: z.string().startsWith("mongodb").optional(),
    /** Database name inside the server. */
    MONGODB_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, "letters, digits, _ and - only")
      .default("discovery"),
    /**
     * A request's deadline at the gateway, carried to the subgraphs (header x-request-deadline-ms) and to
     * their database reads (maxTimeMS); past it the client gets DEADLINE_EXCEEDED and the work stops.
     */
    REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(300000).default(10000),
    /** How long a query waits for the database before it fails with UNAVAILABLE. */
    MONGODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(2000),
    /** Embedded database backend: sqlite (self-contained) or postgresql (FERRETDB_POSTGRESQL_URL). */
    FERRETDB_BACKEND: z.enum(["sqlite", "postgresql"]).default("sqlite"),
    FERRETDB_POSTGRESQL_URL: z.string().startsWith("postgres").default("postgres://postgres@127.0.0.1:5432/ferretdb"),
    /** How documents are read by id: one `$in`, or one equality read per id (core/database/by-id-reads.ts); auto = point on FerretDB/PostgreSQL. */
    BY_ID_READS: z.enum(BY_ID_READS_SETTINGS).default("auto"),
    /** Port of the embedded database; 0 picks a free one. */
    FERRETDB_PORT: portSchema.default(0),
    /** Folder for embedded data (database files, caches, model artifacts). */
    DATA_DIR: z.string().min(1).default("var"),
    /**
     * Where trained models and vector-index folders are published and found (core/artifacts): `local` reads
     * and writes DATA_DIR only (one machine, or a shared volume); `database` publishes them to the database
     * (GridFS bucket `artifacts`, versioned, with a current-version pointer each) and keeps DATA_DIR as this
     * machine's cache, filled from the database and refreshed every ARTIFACT_POLL_SECONDS.
     */
    ARTIFACT_STORE: z.enum(["local", "database"]).default("local"),
    /** How often serving processes look for newly published artifacts with ARTIFACT_STORE=database, in seconds (0 = only at start). */
    ARTIFACT_POLL_SECONDS: z.coerce.number().int().min(0).max(86400).default(30),
    /** Versions kept per artifact in the database besides the current one (older ones are deleted when a new one is published). */
    ARTIFACT_KEEP_VERSIONS: z.coerce.number().int().min(1).max(100).default(2),
    /** Ports of the four HTTP processes; ports Node's fetch refuses are rejected here rather than at start. */
    GATEWAY_PORT: httpPortSchema.default(4000),
    CATALOG_PORT: httpPortSchema.default(4001),
    USER_PROFILE_PORT: httpPortSchema.default(4002),
    PERSONALIZATION_PORT: httpPortSchema.default(4003),
    /** Where the gateway reaches each subgraph; default http://127.0.0.1:<PORT>/graphql. */
    CATALOG_URL: httpUrlSchema.optional(),
    USER_PROFILE_URL: httpUrlSchema.optional(),
    PERSONALIZATION_URL: httpUrlSchema.optional(),
    /** How often personalization recomputes popularity, co-purchase statistics and the knowledge graph from stored data, in seconds (0 = only at start). */
    STATISTICS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86400).default(300),
    /** Seed scale used by `npm start` when the database is empty; `none` skips seeding. */
    SEED_SCALE: z.enum(["none", "tiny", "small", "medium", "large"]).default("tiny"),
    /** Whether `npm start` trains the missing models (text encoder, two-tower, Semantic IDs and indexes, ranker) on the seeded data before serving; `off` serves without them. */
    TRAIN_ON_START: z.enum(["on", "off"]).default("on"),
    /** How often the catalog process checks `catalog_meta` for a new catalog version, in seconds (0 = only at start). */
    CATALOG_VERSION_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
    /**
     * Share of the catalog (products added or removed since the last full index build, 0–1) from which the
     * catalog process retrains the text encoder and rebuilds the vector indexes and Semantic IDs in the
     * background after a catalog change; 1 with MODEL_REFRESH=off never.
     */
    MODEL_REFRESH_THRESHOLD: z.coerce.number().min(0).max(1).default(0.2),
    /** Whether the catalog process refreshes the models after a substantial catalog change (`on`) or leaves it to `npm run jobs -- refresh-models` (`off`). */
    MODEL_REFRESH: z.enum(["on", "off"]).default("on"),
    /** How long `searchCatalog` waits for the first search-index build before answering UNAVAILABLE, in ms. */
    CATALOG_SEARCH_WAIT_MS: z.coerce.number().int().min(0).max(120000).default(5000),
    /** The gateway's operation limits (gateway/operation-limits.ts); each rejection is HTTP 400 with a code naming the limit. */
    OPERATION_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
    OPERATION_MAX_ALIASES: z.coerce.number().int().min(0).max(10000).default(30),
    OPERATION_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(1000).default(20),
    OPERATION_MAX_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(3000),
    OPERATION_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1000).max(10_000_000).default(20_000),
    OPERATION_MAX_COST: z.coerce.number().int().min(1).max(1e9).default(25_000),
    OPERATION_COST_LIST_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    /** Shared secret (HS256) that shopper, service and admin tokens are signed with; unset outside production: a public development secret. Production needs it or AUTH_JWKS_URL. */
    AUTH_JWT_SECRET: z.string().min(32, "at least 32 characters").optional(),
    /** A JWKS URL (an identity provider's public keys); when set, tokens are verified against it instead of AUTH_JWT_SECRET. */
    AUTH_JWKS_URL: urlSchema.optional(),
    /** Required `iss` and `aud` of user tokens, when set. */
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    /** Secret between the gateway and the subgraphs: subgraphs refuse requests without the gateway's assertion signed with it. Production needs it; `npm start` generates one per start when unset. */
    SUBGRAPH_SECRET: z.string().min(32, "at least 32 characters").optional(),
    /** Interface the subgraphs listen on: 127.0.0.1 (default) keeps them private to this host; 0.0.0.0 exposes them (they still answer only the gateway). */
    SUBGRAPH_HOST: z.string().min(1).default("127.0.0.1"),
    /** Port and interface of the Apollo Router coprocessor (`npm run router-coprocessor`; deploy/router/), a sidecar of the Router by default. */
    ROUTER_COPROCESSOR_PORT: httpPortSchema.default(4010),
    ROUTER_COPROCESSOR_HOST: z.string().min(1).default("127.0.0.1"),
    /** Browser origins allowed to call the gateway (CORS), comma-separated, e.g. `https://shop.example,http://localhost:3000`; unset: none (same-origin and non-browser clients only). */
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0),
      )
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "origins are scheme://host[:port], without a path"))),
    /** Where the gateway counts rate limits, shared by its replicas; `off` counts in each process only (also the fallback while Redis is unreachable). */
    REDIS_URL: z
      .union([z.literal("off"), z.string().regex(/^rediss?:\/\//, "a redis:// or rediss:// URL, or off")])
      .default("redis://127.0.0.1:6379"),
    /** Prefix of every key this product writes to Redis. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{0,64}$/, "letters, digits, :, _ and - only")
      .default("discovery:"),
    /**
     * Where `recordEvents` and `placeOrder` go after validation: `inline` stores them (and updates attributes)
     * inside the mutation; `redis` appends them to Redis Streams at REDIS_URL, partitioned by shopper, and a
     * consumer group applies them (subgraphs/user-profile/event-stream).
     */
    EVENT_STREAM: z.enum(["inline", "redis"]).default("inline"),
    /** Partitions (Redis streams) the event stream spreads shoppers over; each is applied by one consumer at a time, in order. Fixed once data is in the stream. */
    EVENT_STREAM_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(16),
    /** Whether this user-profile process also consumes the stream (`off`: it only appends; consumers run elsewhere, e.g. `npm run jobs -- event-consumer`). */
    EVENT_STREAM_CONSUMER: z.enum(["on", "off"]).default("on"),
    /** Most messages a consumer reads and applies in one batch (one database round of writes, then one acknowledgement). */
    EVENT_STREAM_BATCH: z.coerce.number().int().min(1).max(10000).default(200),
    /** How long a consumer owns a partition without renewing it; a consumer that died is replaced after it. */
    EVENT_STREAM_LEASE_MS: z.coerce.number().int().min(500).max(600000).default(15000),
    /** Requests a minute the gateway admits per shopper (token subject), per anonymous client address, and per service or admin subject; 0 = no limit. Over it: HTTP 429 with Retry-After. */
    RATE_LIMIT_SHOPPER_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
    RATE_LIMIT_SERVICE_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(0),
    /**
     * Admission control at the gateway (gateway/admission.ts): requests in flight at once, all clients
     * together; `auto` = 4 per core of this machine; 0 turns admission control off.
     */
    ADMISSION_MAX_IN_FLIGHT: z.union([z.literal("auto"), z.coerce.number().int().min(0).max(100_000)]).default("auto"),
    /**
     * Requests in flight at once for one client (token subject, or address when anonymous) while other
     * clients are present; `auto` = half the cores (at least 1). Alone, a client may use every seat.
     */
    ADMISSION_CLIENT_MAX_IN_FLIGHT: z
      .union([z.literal("auto"), z.coerce.number().int().min(1).max(100_000)])
      .default("auto"),
    /** Requests of one client waiting for a seat; one more is refused with HTTP 429 and OVERLOADED. */
    ADMISSION_CLIENT_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(64),
    /** Requests waiting for a seat, all clients together; one more is refused with HTTP 429 and OVERLOADED. */
    ADMISSION_MAX_QUEUED: z.coerce.number().int().min(0).max(1_000_000).default(1024),
    /** How long a client counts as present after its last request; 0 holds every client to its cap even when alone. */
    ADMISSION_PRESENCE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
    /**
     * Addresses of the reverse proxies or load balancers in front of the gateway (comma-separated IPs or
     * CIDRs, or `loopback`, `linklocal`, `uniquelocal`): only a request arriving from one of them has its
     * client address read from `X-Forwarded-For`. Unset: the header is ignored and the client is the
     * connection's address.
     */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry.length > 0),
      )
      .superRefine((entries, context) => {
        try {
          proxyAddr.compile(entries);
        } catch (error) {
          context.addIssue({
            code: "custom",
            message: `not an IP address, CIDR or preset: ${(error as Error).message}`,
          });
        }
      }),
    /**
     * OpenTelemetry traces (core/tracing.ts), the standard variables: where spans go over OTLP/HTTP (JSON).
     * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is the full URL (e.g. http://collector:4318/v1/traces);
     * `OTEL_EXPORTER_OTLP_ENDPOINT` is the collector's base URL, `/v1/traces` appended. Neither set: no
     * tracing, and the SDK is not loaded.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrlSchema.optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrlSchema.optional(),
    /** The service name spans carry; unset, each process names itself (gateway, catalog, user-profile, personalization). */
    OTEL_SERVICE_NAME: z.string().min(1).max(200).optional(),
    /** `true` turns tracing off even with an endpoint set (the OpenTelemetry standard switch). */
    OTEL_SDK_DISABLED: z
      .enum(["true", "false", "TRUE", "FALSE", "True", "False"])
      .optional()
      .transform((value) => value?.toLowerCase() === "true"),
    /** The LLM gateway's variables (core/llm/llm.config.ts). */
    ...llmConfigShape,
    /** The vector store's variables (core/vector/vector-store.config.ts). */
    ...vectorStoreConfigShape,
  })
  .superRefine((config, context) => {
    if (config.EVENT_STREAM === "redis" && config.REDIS_URL === "off")
      context.addIssue({
        code: "custom",
        path: ["EVENT_STREAM"],
        message: "EVENT_STREAM=redis needs REDIS_URL (it is off)",
      });
    // Production must not run on the public development secrets, nor without a way to verify tokens.
    if (config.NODE_ENV !== "production") return;
    if (!config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL)
      context.addIssue({
        code: "custom",
        path: ["AUTH_JWT_SECRET"],
        message: "production needs AUTH_JWT_SECRET or AUTH_JWKS_URL to verify tokens",
      });
    if (config.AUTH_JWT_SECRET === DEVELOPMENT_JWT_SECRET)
      context.addIssue({
        code: "custom",
        path: ["AUTH_JWT_SECRET"],
        message: "production refuses the public development secret",
      });
    if (!config.SUBGRAPH_SECRET)
      context.addIssue({
        code: "custom",
        path: ["SUBGRAPH_SECRET"],
        message: "production needs SUBGRAPH_SECRET (the gateway signs what it verified with it)",
      });
    if (config.SUBGRAPH_SECRET === DEVELOPMENT_SUBGRAPH_SECRET)
      context.addIssue({
        code: "custom",
        path: ["SUBGRAPH_SECRET"],
        message: "production refuses the public development secret",
      });
  });

/** Validated configuration. */
export type Config = z.infer<typeof configSchema>;

/** Thrown by {@link loadConfig}; `problems` has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses and validates the environment; throws {@link ConfigError} listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map(
      (issue) =>
        `${issue.path.join(".") || "(env)"}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
    ),
  );
}

/**
 * Loads configuration (after reading `.env` from the repository root when present; variables already
 * set win) or prints one line per problem and exits with status 2.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  const envFile = join(projectRoot, ".env");
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** URL of a subgraph as the gateway reaches it. */
export function subgraphUrl(config: Config, name: "catalog" | "user-profile" | "personalization"): string {
  switch (name) {
    case "catalog":
      return config.CATALOG_URL ?? `http://127.0.0.1:${config.CATALOG_PORT}/graphql`;
    case "user-profile":
      return config.USER_PROFILE_URL ?? `http://127.0.0.1:${config.USER_PROFILE_PORT}/graphql`;
    case "personalization":
      return config.PERSONALIZATION_URL ?? `http://127.0.0.1:${config.PERSONALIZATION_PORT}/graphql`;
  }
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * This process's Prometheus metrics (prom-client), served as text at `/metrics` by every process. Names
 * start with `discovery_`, and each sample carries the label `process` (gateway, catalog, user-profile,
 * personalization). Node's own metrics (CPU, memory, event-loop lag, GC) come with them.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "discovery_" });

/** Names this process in every sample (call once at start). */
export function setMetricsProcess(name: string): void {
  metricsRegistry.setDefaultLabels({ process: name });
}

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** GraphQL operations by name and type: latency, including planning and subgraph calls at the gateway. */
export const operationSeconds = new Histogram({
  name: "discovery_graphql_operation_duration_seconds",
  help: "GraphQL operations by operation name and type (query, mutation)",
  labelNames: ["operation", "type"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

/** GraphQL errors by operation and `extensions.code`. */
export const operationErrors = new Counter({
  name: "discovery_graphql_errors_total",
  help: "GraphQL errors by operation name and extensions.code",
  labelNames: ["operation", "code"] as const,
  registers: [metricsRegistry],
});

/** The gateway's requests to each subgraph: latency and outcome (ok, error, unavailable, deadline). */
export const subgraphRequestSeconds = new Histogram({
  name: "discovery_subgraph_request_duration_seconds",
  help: "Gateway requests to subgraphs by subgraph and outcome",
  labelNames: ["subgraph", "outcome"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

/** Personalization's pipeline: each step's latency. */
export const pipelineStepSeconds = new Histogram({
  name: "discovery_pipeline_step_duration_seconds",
  help: "Personalization pipeline steps by step",
  labelNames: ["step"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

/** Plugin contributions the pipeline dropped (late, failed or invalid output). */
export const droppedContributionsTotal = new Counter({
  name: "discovery_plugin_contributions_dropped_total",
  help: "Plugin contributions dropped by the pipeline or an LLM feature hook, by plugin, step (or hook) and status",
  labelNames: ["plugin", "step", "status"] as const,
  registers: [metricsRegistry],
});

/** Database commands as the driver saw them: latency by command name and outcome. */
export const databaseCommandSeconds = new Histogram({
  name: "discovery_db_command_duration_seconds",
  help: "MongoDB commands by command name and outcome (ok, failed)",
  labelNames: ["command", "outcome"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

const admissionSources = new Set<() => { inFlight: number; queued: number }>();

/** Reports an admission controller's counts in the admission gauges, summed over controllers; returns the function that stops reporting it. */
export function trackAdmission(snapshot: () => { inFlight: number; queued: number }): () => void {
  admissionSources.add(snapshot);
  return () => admissionSources.delete(snapshot);
}

const sumAdmission = (key: "inFlight" | "queued"): number =>
  [...admissionSources].reduce((total, snapshot) => total + snapshot()[key], 0);

/** The gateway's admission control (gateway/admission.ts): requests holding a seat now, computed when scraped. */
export const admissionInFlight = new Gauge({
  name: "discovery_admission_in_flight",
  help: "Gateway requests admitted and not yet answered",
  registers: [metricsRegistry],
  collect() {
    this.set(sumAdmission("inFlight"));
  },
});

/** Requests waiting for a seat now, computed when scraped. */
export const admissionQueued = new Gauge({
  name: "discovery_admission_queued",
  help: "Gateway requests waiting for admission",
  registers: [metricsRegistry],
  collect() {
    this.set(sumAdmission("queued"));
  },
});

/** Requests the gateway's admission control refused, by reason (client-queue-full, queue-full, deadline, aborted). */
export const admissionRefused = new Counter({
  name: "discovery_admission_refused_total",
  help: "Gateway requests refused by admission control, by reason",
  labelNames: ["reason"] as const,
  registers: [metricsRegistry],
});

/** How long admitted requests waited for their seat (0 for most). */
export const admissionWaitSeconds = new Histogram({
  name: "discovery_admission_wait_seconds",
  help: "Time gateway requests waited for admission",
  buckets: [0.0005, ...SECONDS],
  registers: [metricsRegistry],
});

/**
 * Storefront pages the gateway served, by how home was put into them: `rendered` (queries run and the
 * tree rendered), `memoized` (queries run, answers equal to an earlier render's, that render reused),
 * `unrendered` (refused, a query failed or the deadline passed: the browser renders), and by `session`
 * (`anonymous` or `shopper`, from the session cookie).
 */
export const storefrontPages = new Counter({
  name: "discovery_storefront_pages_total",
  help: "Storefront pages served by the gateway, by render outcome and session",
  labelNames: ["outcome", "session"] as const,
  registers: [metricsRegistry],
});

/** Time from a storefront page request's arrival to the rendered home being ready to send, by outcome. */
export const storefrontRenderSeconds = new Histogram({
  name: "discovery_storefront_render_seconds",
  help: "Server rendering of the storefront's home (queries and render), by outcome",
  labelNames: ["outcome"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

const readModels = new Map<string, () => number | null>();

/** Reports read model `name` in `discovery_read_model_age_seconds`; `version` gives its loaded version (ms since the epoch), null before it loads. */
export function trackReadModel(name: string, version: () => number | null): void {
  readModels.set(name, version);
}

/** Age of each in-memory read model (now minus its loaded version's publication), computed when scraped. */
export const readModelAgeSeconds = new Gauge({
  name: "discovery_read_model_age_seconds",
  help: "Seconds since the loaded read model's version was published, by read model",
  labelNames: ["read_model"] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [name, version] of readModels) {
      const loaded = version();
      // Versions are publication times in ms; catalog versions may be small counters, which are not ages.
      if (loaded !== null && loaded > 1e12) this.set({ read_model: name }, Math.max(0, (Date.now() - loaded) / 1000));
    }
  },
});

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;
const seenOperations = new Set<string>();

/**
 * The operation label for a client-chosen operation name. Clients pick it, so unnamed, malformed and
 * (past 200 distinct names) new names become `anonymous`, `invalid` and `other`: a client cannot grow the
 * metrics without bound.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (!OPERATION_NAME.test(name)) return "invalid";
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_NAMES) return "other";
  seenOperations.add(name);
  return name;
}

/** Messages appended to the event stream, by kind (events, order). */
export const streamAppendedTotal = new Counter({
  name: "discovery_event_stream_appended_total",
  help: "Messages appended to the event stream by this process, by kind (events, order)",
  labelNames: ["kind"] as const,
  registers: [metricsRegistry],
});

/** Messages a consumer applied and acknowledged, by kind and outcome. */
export const streamAppliedTotal = new Counter({
  name: "discovery_event_stream_applied_total",
  help: "Event-stream messages applied and acknowledged by this process, by kind and outcome (applied; dropped: erased shopper or an order id taken by another shopper)",
  labelNames: ["kind", "outcome"] as const,
  registers: [metricsRegistry],
});

/** Messages delivered again (a consumer died or failed before acknowledging them). */
export const streamRedeliveredTotal = new Counter({
  name: "discovery_event_stream_redelivered_total",
  help: "Event-stream messages this process read again after an earlier delivery was not acknowledged",
  registers: [metricsRegistry],
});

/** Failures of the consumer: batches that failed to apply (retried) and malformed messages (set aside). */
export const streamFailedTotal = new Counter({
  name: "discovery_event_stream_failed_total",
  help: "Event-stream failures in this process, by reason (apply: a batch failed and is retried; malformed: a message set aside as dead)",
  labelNames: ["reason"] as const,
  registers: [metricsRegistry],
});

type StreamLag = () => Promise<Array<{ partition: string; lag: number; pending: number }>>;
let streamLag: StreamLag | null = null;
/** The last read of the lag, shared by the gauges of one scrape (they collect within milliseconds). */
let lastLagRead: { at: number; rows: ReturnType<StreamLag> } | null = null;
/** How long one read of the lag serves later collections: one scrape, not the next. */
const LAG_READ_SHARED_MS = 500;

/** Sets `gauge` per partition from `field` of the stream's lag, read once per scrape; an unreachable stream sets nothing. */
async function setFromStreamLag(gauge: Gauge<"partition">, field: "lag" | "pending"): Promise<void> {
  gauge.reset();
  const read = streamLag;
  if (!read) return;
  const now = Date.now();
  if (!lastLagRead || now - lastLagRead.at > LAG_READ_SHARED_MS) lastLagRead = { at: now, rows: read() };
  try {
    for (const row of await lastLagRead.rows) gauge.set({ partition: row.partition }, row[field]);
  } catch {
    // An unreachable stream reports no lag rather than failing the scrape.
  }
}

/**
 * Reports the event stream's lag at every scrape; `read` gives each partition's unacknowledged and
 * pending messages. Returns the function that stops reporting it (a later registration replaces it).
 */
export function trackStreamLag(read: StreamLag): () => void {
  streamLag = read;
  lastLagRead = null;
  return () => {
    if (streamLag === read) streamLag = null;
  };
}

/** Messages appended and not yet acknowledged by the consumer group (delivered or not), per partition. */
export const streamLagMessages = new Gauge({
  name: "discovery_event_stream_lag_messages",
  help: "Event-stream messages appended and not yet applied (acknowledged), per partition",
  labelNames: ["partition"] as const,
  registers: [metricsRegistry],
  async collect() {
    await setFromStreamLag(this, "lag");
  },
});

/** Messages delivered to a consumer and not yet acknowledged, per partition. */
export const streamPendingMessages = new Gauge({
  name: "discovery_event_stream_pending_messages",
  help: "Event-stream messages delivered to a consumer and not yet acknowledged, per partition",
  labelNames: ["partition"] as const,
  registers: [metricsRegistry],
  async collect() {
    await setFromStreamLag(this, "pending");
  },
});

/**
 * Model artifacts by version: `held` is the version in this process's DATA_DIR, `served` the one its
 * loaded models answer with (personalization). One series per artifact and version, value 1.
 */
export const artifactVersionInfo = new Gauge({
  name: "discovery_artifact_version_info",
  help: "Model artifact versions held in DATA_DIR (state=held) and served (state=served), value 1",
  labelNames: ["artifact", "version", "state"] as const,
  registers: [metricsRegistry],
});

/** Artifacts fetched from the artifact store into DATA_DIR: count and bytes. */
export const artifactFetchedBytes = new Counter({
  name: "discovery_artifact_fetched_bytes_total",
  help: "Bytes of model artifacts and vector indexes fetched from the artifact store into DATA_DIR, by artifact",
  labelNames: ["artifact"] as const,
  registers: [metricsRegistry],
});

import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import type { Config } from "./config";

/**
 * OpenTelemetry traces (issue 21): spans of this process, exported over OTLP/HTTP (JSON) when an endpoint
 * is configured, W3C `traceparent` carried between processes.
 *
 * Off (no `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` nor `OTEL_EXPORTER_OTLP_ENDPOINT`): the SDK is never loaded,
 * no tracer provider is registered, and {@link inSpan} calls its work directly, so tracing costs one
 * boolean test per would-be span. On: {@link startTracing} registers a Node tracer provider (async-local
 * context, W3C trace-context propagation, the sampler of `OTEL_TRACES_SAMPLER`, parent-based always-on by
 * default) with a batch processor and the OTLP/HTTP JSON exporter.
 *
 * The instrumentation is manual, at the few places that matter (the HTTP server span, the gateway's
 * subgraph fetches, database commands from the driver's command monitoring, pipeline steps, plugin
 * calls, LLM calls): OpenTelemetry's automatic instrumentations patch modules as they are loaded, which
 * needs a preload hook before any import, and the MongoDB one patches the driver's private files.
 */

/** This process's tracer; a no-op until {@link startTracing} registers a provider. */
const tracer = trace.getTracer("discovery-supergraph");

let enabled = false;
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | null = null;

/** Whether this process records spans (an OTLP endpoint is configured and {@link startTracing} ran). */
export function tracingEnabled(): boolean {
  return enabled;
}

/** The configuration tracing reads (the standard OpenTelemetry variables, validated in core/config.ts). */
export type TracingConfig = Pick<
  Config,
  "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" | "OTEL_SERVICE_NAME" | "OTEL_SDK_DISABLED"
>;

/**
 * The URL spans are sent to, or null when tracing is off: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else
 * `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces` appended (the OTLP/HTTP specification's rule);
 * `OTEL_SDK_DISABLED=true` turns it off.
 */
export function tracesEndpoint(config: TracingConfig): string | null {
  if (config.OTEL_SDK_DISABLED) return null;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
  return null;
}

/**
 * Starts exporting this process's spans when an endpoint is configured (see {@link tracesEndpoint}); the
 * service name is `OTEL_SERVICE_NAME` when set, else `processName` (gateway, catalog, user-profile,
 * personalization), with `service.namespace` discovery. Idempotent: a process has one provider (tests that
 * start several servers in one process share it). Returns whether tracing is on.
 */
export function startTracing(processName: string, config: TracingConfig): boolean {
  if (enabled) return true;
  const url = tracesEndpoint(config);
  if (!url) return false;
  // Loaded only here: a process without tracing never pays for the SDK's modules.
  const { NodeTracerProvider, BatchSpanProcessor } =
    require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const { OTLPTraceExporter } =
    require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { ATTR_SERVICE_NAME } =
    require("@opentelemetry/semantic-conventions") as typeof import("@opentelemetry/semantic-conventions");
  const nodeProvider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? processName,
      "service.namespace": "discovery",
      "service.instance.id": `${process.pid}`,
      "process.pid": process.pid,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  nodeProvider.register();
  provider = nodeProvider;
  enabled = true;
  return true;
}

/** Sends the spans still buffered (at a process's graceful stop); resolves even when the receiver is down. */
export async function flushTraces(): Promise<void> {
  try {
    await provider?.forceFlush();
  } catch {
    // The exporter logs its own failures through the OpenTelemetry diagnostics; a stop must not fail on them.
  }
}

/** Span attributes: undefined values are left out. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

function clean(attributes: SpanAttributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  const result: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * Runs `work` inside a new span named `name`, the active span while it runs (so spans it starts, database
 * commands included, are its children); a thrown error marks the span as failed and is rethrown. With
 * tracing off it just runs `work` (with no span).
 */
export function inSpan<T>(
  name: string,
  attributes: SpanAttributes | undefined,
  work: (span: Span | undefined) => Promise<T>,
  options: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  if (!enabled) return work(undefined);
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: clean(attributes) },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks `span` as failed by `error` (recorded as an exception event). */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Starts a span that the caller ends (for work whose end is signalled by an event); undefined when tracing is off. */
export function startSpan(
  name: string,
  attributes: SpanAttributes | undefined,
  options: { kind?: SpanKind; parent?: Context } = {},
): Span | undefined {
  if (!enabled) return undefined;
  return tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: clean(attributes) },
    options.parent ?? context.active(),
  );
}

/** The span active here (undefined when tracing is off or none is), to add attributes to it. */
export function activeSpan(): Span | undefined {
  return enabled ? trace.getActiveSpan() : undefined;
}

/** Sets `attributes` on the active span, if any. */
export function annotateSpan(attributes: SpanAttributes): void {
  const span = activeSpan();
  if (span?.isRecording()) span.setAttributes(clean(attributes)!);
}

/** The trace context a request carries in its `traceparent`/`tracestate` headers (the active context when tracing is off or none came). */
export function extractContext(headers: Record<string, string | string[] | undefined>): Context {
  if (!enabled) return context.active();
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** Writes the active (or `at`) trace context into outgoing `headers` as `traceparent`/`tracestate`; nothing when tracing is off. */
export function injectContext(headers: Record<string, string>, at?: Context): void {
  if (!enabled) return;
  propagation.inject(at ?? context.active(), headers);
}

/** The ids of the active span, for log lines (empty when tracing is off or no span is active). */
export function traceIds(): { trace_id?: string; span_id?: string } {
  if (!enabled) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export { SpanKind, SpanStatusCode, type Span };

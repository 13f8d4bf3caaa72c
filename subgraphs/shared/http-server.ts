import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { runWithDeadline, type Deadline } from "./deadline";
import { metricsRegistry } from "../../core/metrics";
import { extractContext, inSpan, SpanKind, SpanStatusCode, tracingEnabled } from "../../core/tracing";

/** What the HTTP layer needs from a process: GraphQL execution, a context per request and a readiness probe. */
export interface HttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context (fresh DataLoaders for every request). */
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Whether the process can serve traffic now (its database answers). */
  ready: () => Promise<{ ready: boolean; details?: Record<string, unknown> }>;
  /** Process counters served as JSON at `/metrics.json` (404 without); `/metrics` serves the Prometheus metrics of core/metrics.ts. */
  metrics?: () => Record<string, unknown>;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Browser origins allowed to call `/graphql` (CORS; the gateway's `CORS_ORIGINS`); others get no CORS headers, so browsers block them. */
  corsOrigins?: readonly string[];
  /**
   * Runs on every GraphQL request once its body is read, before Apollo sees it (the gateway's document
   * limits); a returned rejection is sent as it is, with its status and headers.
   */
  guard?: (
    request: IncomingMessage,
    graphQLRequest: { query: string | undefined },
  ) => Promise<HttpRejection | undefined>;
  /**
   * Runs on every GraphQL request before its body is read (the gateway's authentication, rate limits and
   * admission control): a returned rejection is sent as it is; otherwise the request goes on and
   * `release` is called once its handling has ended, however it ended. `signal` aborts when the client
   * goes away first.
   */
  admit?: (
    request: IncomingMessage,
    context: { deadline: Deadline | undefined; signal: AbortSignal },
  ) => Promise<HttpRejection | { release(): void }>;
  /** The request's deadline, fixed when it arrives; execution runs under it ({@link runWithDeadline}). */
  deadline?: (request: IncomingMessage) => Deadline;
  /**
   * Serves a request outside `/graphql`, `/health` and `/ready` (the gateway's storefront); returns
   * false to leave it to the default (`/` is GraphQL and the landing page, anything else 404).
   */
  pages?: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;
}

/** A response that refuses a request before execution: an HTTP status, headers and GraphQL errors. */
export interface HttpRejection {
  status: number;
  headers?: Record<string, string>;
  errors: Array<{ message: string; extensions: Record<string, unknown> }>;
}

/**
 * Serves `/graphql` (Apollo, including the landing page on GET), `/health` (process alive) and
 * `/ready` (dependencies reachable: 200 or 503), `/metrics` (Prometheus text) and, when the process has
 * counters of its own, `/metrics.json`, on one Node HTTP server.
 */
export function createHttpServer<TContext extends BaseContext>(options: HttpServerOptions<TContext>): Server {
  const maxBody = options.maxBodyBytes ?? 2_000_000;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL" } }] });
      else response.end();
      void error;
    });
  });

  // Idle keep-alive connections stay open longer than any client keeps them (the gateway's agent,
  // load balancers at 60 s): a server closing a socket the client is just reusing was the source of
  // the ECONNRESET / "socket hang up" errors after quiet periods.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const deadline = options.deadline?.(request);
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/health") return sendJson(response, 200, { status: "ok" });
    if (url.pathname === "/ready") {
      const state = await options.ready();
      return sendJson(response, state.ready ? 200 : 503, state);
    }
    if (url.pathname === "/metrics") {
      response.statusCode = 200;
      response.setHeader("content-type", metricsRegistry.contentType);
      response.end(await metricsRegistry.metrics());
      return;
    }
    if (url.pathname === "/metrics.json" && options.metrics) return sendJson(response, 200, options.metrics());
    if (url.pathname !== "/graphql" && options.pages && (await options.pages(request, response, url))) return;
    if (url.pathname !== "/graphql" && url.pathname !== "/") return sendJson(response, 404, { error: "not found" });
    const origin = request.headers.origin;
    if (origin && options.corsOrigins?.includes(origin)) {
      response.setHeader("access-control-allow-origin", origin);
      response.setHeader("vary", "Origin");
      if (request.method === "OPTIONS") {
        response.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
        response.setHeader("access-control-allow-headers", "content-type, authorization, apollo-require-preflight");
        response.setHeader("access-control-max-age", "600");
        response.statusCode = 204;
        response.end();
        return;
      }
    } else if (request.method === "OPTIONS") {
      return sendJson(response, 403, {
        errors: [{ message: "This origin may not call the API (CORS_ORIGINS)", extensions: { code: "FORBIDDEN" } }],
      });
    }

    if (!tracingEnabled()) return serveAdmitted(request, response, url, deadline);
    // The server span of this operation: a child of the caller's (W3C traceparent) when it sent one.
    return inSpan(
      `${request.method ?? "GET"} ${url.pathname}`,
      { "http.request.method": request.method, "url.path": url.pathname },
      async (span) => {
        try {
          await serveAdmitted(request, response, url, deadline);
        } finally {
          span?.setAttribute("http.response.status_code", response.statusCode);
          if (response.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
        }
      },
      { kind: SpanKind.SERVER, parent: extractContext(request.headers) },
    );
  }

  /** Admission (when the process has it), then the GraphQL request. */
  async function serveAdmitted(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    deadline: Deadline | undefined,
  ): Promise<void> {
    let release: (() => void) | undefined;
    if (options.admit) {
      const gone = new AbortController();
      // Only a client gone before the answer is finished cancels (an abort builds a DOMException with a stack).
      response.once("close", () => {
        if (!response.writableFinished) gone.abort();
      });
      const admitted = await options.admit(request, { deadline, signal: gone.signal });
      if ("status" in admitted) return sendRejection(response, admitted);
      release = admitted.release;
    }
    try {
      await serveGraphQL(request, response, url, deadline);
    } finally {
      release?.();
    }
  }

  async function serveGraphQL(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    deadline: Deadline | undefined,
  ): Promise<void> {
    const raw = await readBody(request, maxBody);
    if (raw === null)
      return sendJson(response, 413, {
        errors: [{ message: `Request body larger than ${maxBody} bytes`, extensions: { code: "BAD_REQUEST" } }],
      });
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(response, 400, {
          errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }],
        });
      }
    }
    if (options.guard) {
      const query =
        typeof (body as { query?: unknown } | undefined)?.query === "string"
          ? (body as { query: string }).query
          : (url.searchParams.get("query") ?? undefined);
      const rejection = await options.guard(request, { query });
      if (rejection) return sendRejection(response, rejection);
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const result = await runWithDeadline(deadline, () =>
      options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method?.toUpperCase() ?? "GET", headers, search: url.search, body },
        context: () => options.context(request),
      }),
    );
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }
}

function readBody(request: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendRejection(response: ServerResponse, rejection: HttpRejection): void {
  for (const [key, value] of Object.entries(rejection.headers ?? {})) response.setHeader(key, value);
  sendJson(response, rejection.status, { errors: rejection.errors });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(value));
}

/** Starts listening and resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number, host = "0.0.0.0"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops accepting connections and waits for open requests to finish (at most `graceMs`). */
export function close(server: Server, graceMs = 10000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

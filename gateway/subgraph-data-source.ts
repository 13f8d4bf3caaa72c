import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GATEWAY_ASSERTION_HEADER } from "../core/auth/tokens";
import { subgraphRequestSeconds } from "../core/metrics";
import { injectContext, inSpan, SpanKind, SpanStatusCode, tracingEnabled } from "../core/tracing";
import type { GatewayContext } from "./authentication";
import { GraphQLError } from "graphql";
import type { Logger } from "../core/logger";
import { graphqlFetch } from "../core/http/graphql-fetch";
import { DeadlineExceededError, ErrorCode } from "../subgraphs/shared/errors";
import { DEADLINE_GRACE_MS, DEADLINE_HEADER } from "../subgraphs/shared/deadline";

/** Codes a subgraph may answer in an HTTP error body that are the client's doing, passed on as they are. */
const FORWARDED_CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.USER_ERASED,
]);

/**
 * The gateway's connection to one subgraph. Unlike the stock data source it never forwards the
 * subgraph's URL, response body or stack trace to clients (they go to the log), and it says whose
 * fault a failure is:
 * - a subgraph's HTTP 400 with GraphQL errors (e.g. a `DateTime` variable it cannot parse) is the
 *   client's: the subgraph's message with `BAD_USER_INPUT` (a literal the gateway let through is
 *   reported by the subgraph as a validation failure);
 * - a network failure (refused, reset, timed out) or an HTTP 5xx without GraphQL errors is `UNAVAILABLE`;
 * - a fetch still running at the request's deadline (plus {@link DEADLINE_GRACE_MS}) is aborted and is
 *   `DEADLINE_EXCEEDED`; the subgraph was told the same deadline ({@link DEADLINE_HEADER}) and stops too.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    url: string,
    private readonly logger: Logger,
  ) {
    // undici's request API (core/http/graphql-fetch.ts), not Apollo's default make-fetch-happen (its HTTP agent
    // builds an Error stack trace on every request) nor Node's fetch (web streams and per-call abort signals).
    super({ url, fetcher: graphqlFetch as unknown as RemoteGraphQLDataSource["fetcher"] });
    type Fetcher = RemoteGraphQLDataSource["fetcher"];
    const timed = this.timedFetch();
    // With tracing on, each fetch is a client span whose context travels in the request's traceparent
    // (inside Apollo's own gateway.fetch span), so the subgraph's server span is its child.
    this.fetcher = (
      tracingEnabled()
        ? (input: Parameters<Fetcher>[0], init?: Parameters<Fetcher>[1]) =>
            inSpan(
              `POST ${serviceName}`,
              {
                "subgraph.name": serviceName,
                "http.request.method": "POST",
                "url.full": url,
                "server.address": safeHost(url),
              },
              async (span) => {
                const headers = { ...((init?.headers as Record<string, string> | undefined) ?? {}) };
                injectContext(headers);
                const response = await timed(input, { ...init, headers });
                span?.setAttribute("http.response.status_code", response.status);
                if (response.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
                return response;
              },
              { kind: SpanKind.CLIENT },
            )
        : timed
    ) as Fetcher;
  }

  /** The subgraph call bounded by the request's budget header and timed into discovery_subgraph_request_duration_seconds. */
  private timedFetch(): RemoteGraphQLDataSource["fetcher"] {
    const serviceName = this.serviceName;
    // The budget header set in willSendRequest bounds the call itself.
    return (async (input: string, init?: Parameters<RemoteGraphQLDataSource["fetcher"]>[1]) => {
      const budget = Number(init?.headers?.[DEADLINE_HEADER]);
      const started = performance.now();
      let outcome = "unavailable";
      try {
        const response = await graphqlFetch(
          input,
          init ?? {},
          Number.isFinite(budget) && budget > 0 ? budget + DEADLINE_GRACE_MS : undefined,
        );
        outcome = response.ok ? "ok" : `http_${response.status}`;
        return response;
      } catch (error) {
        if ((error as Error)?.name === "TimeoutError") outcome = "deadline";
        throw error;
      } finally {
        subgraphRequestSeconds.observe({ subgraph: serviceName, outcome }, (performance.now() - started) / 1000);
      }
    }) as RemoteGraphQLDataSource["fetcher"];
  }

  /** Tells the subgraph who the request acts for (and that it comes from the gateway). */
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Only operations carry a gateway context; the gateway sends no other kind (no health checks, no SDL loading).
    if (typeof context?.assertion === "function")
      request.http?.headers.set(GATEWAY_ASSERTION_HEADER, await context.assertion());
    const deadline = context?.deadline;
    if (deadline) {
      const left = Math.floor(deadline.remainingMs());
      if (left <= 0) throw new DeadlineExceededError(deadline.budgetMs);
      request.http?.headers.set(DEADLINE_HEADER, String(left));
    }
  }

  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0],
  ): Promise<GraphQLError> {
    let body: unknown;
    try {
      body = await this.parseBody(response);
    } catch {
      body = undefined;
    }
    this.logger.warn(
      { subgraph: this.serviceName, url: response.url, status: response.status, body },
      "subgraph answered an HTTP error",
    );
    const first = firstGraphQLError(body);
    if (response.status === 400 && first) {
      const code = String(first.extensions?.code ?? "");
      return new GraphQLError(first.message, {
        extensions: {
          code: FORWARDED_CLIENT_CODES.has(code) ? code : ErrorCode.BAD_USER_INPUT,
          serviceName: this.serviceName,
        },
      });
    }
    if (response.status === 401 || response.status === 403) {
      return new GraphQLError(first?.message ?? "Not allowed", {
        extensions: {
          code: response.status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
          serviceName: this.serviceName,
        },
      });
    }
    if (response.status === 429) {
      return new GraphQLError(first?.message ?? "Too many requests", {
        extensions: { code: ErrorCode.RATE_LIMITED, serviceName: this.serviceName },
      });
    }
    return unavailable(this.serviceName);
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    if (
      error.name === "AbortError" ||
      error.name === "TimeoutError" ||
      (error as { type?: unknown }).type === "aborted"
    ) {
      this.logger.warn({ subgraph: this.serviceName }, "subgraph fetch stopped at the request's deadline");
      throw new DeadlineExceededError();
    }
    // A network failure: the fetch library's message names the URL, so it stays in the log.
    this.logger.warn({ subgraph: this.serviceName, err: error }, "subgraph unreachable");
    throw unavailable(this.serviceName);
  }
}

function unavailable(serviceName: string): GraphQLError {
  return new GraphQLError(`The ${serviceName} service is temporarily unavailable; try again shortly`, {
    extensions: { code: ErrorCode.UNAVAILABLE, serviceName },
  });
}

function firstGraphQLError(body: unknown): { message: string; extensions?: Record<string, unknown> } | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] as { message?: unknown; extensions?: unknown };
  if (typeof first?.message !== "string") return undefined;
  return {
    message: first.message,
    extensions:
      typeof first.extensions === "object" && first.extensions !== null
        ? (first.extensions as Record<string, unknown>)
        : undefined,
  };
}

/** The host:port of a URL, for span attributes (the URL itself when it does not parse). */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

import { operationErrors, operationLabel, operationSeconds } from "../../core/metrics";
import { activeSpan } from "../../core/tracing";
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from "@apollo/server";
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from "@apollo/server/plugin/landingPage/default";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { Logger } from "../../core/logger";
import { formatError } from "./errors";

/** What differs between the gateway's Apollo Server and a subgraph's. */
export interface ApolloRoleOptions {
  /**
   * True for the gateway: its responses carry subgraphs' errors to clients, so stack traces and
   * internal details (subgraph URLs, response bodies) are never included, even in development; they
   * are logged instead.
   */
  forwardsSubgraphErrors?: boolean;
  /** Error codes, beyond the shared ones, that are the client's doing (passed on, not turned into INTERNAL). */
  clientCodes?: Iterable<string>;
}

/**
 * Options shared by every Apollo Server here: in development the Apollo Sandbox landing page,
 * introspection and stack traces; in production none of them, nor "Did you mean …?" suggestions (they
 * would reveal the schema introspection hides). Each operation is logged with its duration.
 */
export function apolloOptions(
  environment: string,
  logger: Logger,
  role: ApolloRoleOptions = {},
): Pick<
  ApolloServerOptions<BaseContext>,
  | "introspection"
  | "includeStacktraceInErrorResponses"
  | "hideSchemaDetailsFromClientErrors"
  | "formatError"
  | "plugins"
  | "stopOnTerminationSignals"
> {
  const production = environment === "production";
  const development = environment === "development";
  const stackTraces = development && !role.forwardsSubgraphErrors;
  const landingPage = production
    ? ApolloServerPluginLandingPageDisabled()
    : environment === "test"
      ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
      : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false });
  return {
    // The process owns SIGTERM/SIGINT (subgraphs/shared/main.ts): Apollo's own handler re-sends the
    // signal mid-shutdown, racing ours, and left processes hanging.
    stopOnTerminationSignals: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: stackTraces,
    formatError: formatError(development, (error) => logger.error({ err: error }, "internal error"), {
      stackTraces,
      clientCodes: role.clientCodes,
    }),
    // No cache hints are set anywhere, so Apollo's cache-control plugin only wrapped every field's resolver
    // (`willResolveField`) to compute a policy that is always "no caching".
    plugins: [landingPage, ApolloServerPluginCacheControlDisabled(), operationLogPlugin(logger)],
  };
}

/** Logs each operation once, with its name, duration and error count, and counts it in the process metrics. */
function operationLogPlugin(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(request) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const errors = request.errors ?? [];
          logger.debug(
            { operation: request.operationName ?? undefined, ms: Math.round(ms * 10) / 10, errors: errors.length },
            "operation",
          );
          const operation = operationLabel(request.operationName);
          operationSeconds.observe({ operation, type: request.operation?.operation ?? "invalid" }, ms / 1000);
          for (const error of errors)
            operationErrors.inc({ operation, code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR") });
          // The server span (subgraphs/shared/http-server.ts) is named after the operation, as GraphQL's
          // semantic conventions name it: "query Home".
          const span = activeSpan();
          if (span?.isRecording()) {
            const type = request.operation?.operation;
            const name = request.operationName?.slice(0, 200);
            if (type) span.updateName(name ? `${type} ${name}` : type);
            span.setAttributes({
              ...(type ? { "graphql.operation.type": type } : {}),
              ...(name ? { "graphql.operation.name": name } : {}),
              "graphql.errors": errors.length,
            });
            const codes = [
              ...new Set(errors.map((error) => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"))),
            ];
            if (codes.length > 0) span.setAttribute("graphql.error.codes", codes);
          }
        },
      };
    },
  };
}

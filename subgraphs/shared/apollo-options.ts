import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { Logger } from "../../core/logger";
import { formatError } from "./errors";

/**
 * Options shared by every Apollo Server here: in development the Apollo Sandbox landing page,
 * introspection and stack traces; in production none of them. Each operation is logged with its duration.
 */
export function apolloOptions(environment: string, logger: Logger): Pick<ApolloServerOptions<BaseContext>, "introspection" | "includeStacktraceInErrorResponses" | "formatError" | "plugins" | "stopOnTerminationSignals"> {
  const production = environment === "production";
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
    includeStacktraceInErrorResponses: environment === "development",
    formatError: formatError(environment === "development", (error) => logger.error({ err: error }, "internal error")),
    plugins: [landingPage, operationLogPlugin(logger)],
  };
}

/** Logs each operation once, with its name, duration and error count. */
function operationLogPlugin(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(request) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const errors = request.errors?.length ?? 0;
          logger.debug({ operation: request.operationName ?? undefined, ms: Math.round(ms * 10) / 10, errors }, "operation");
        },
      };
    },
  };
}

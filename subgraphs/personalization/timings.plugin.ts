import type { ApolloServerPlugin } from "@apollo/server";
import type { PersonalizationContext } from "./context";

/** Request header that asks for timings. */
export const TIMINGS_HEADER = "x-timings";

/**
 * Serves the pipeline's per-step latency in `extensions.timings` when the client asks, by header
 * `x-timings: 1` or by the request field `extensions: { "timings": true }`.
 */
export function timingsPlugin(): ApolloServerPlugin<PersonalizationContext> {
  return {
    async requestDidStart(requestContext) {
      const asked =
        requestContext.request.http?.headers.get(TIMINGS_HEADER) === "1" ||
        requestContext.request.extensions?.timings === true;
      if (!asked) return {};
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            timings: contextValue.timings.steps,
          };
        },
      };
    },
  };
}

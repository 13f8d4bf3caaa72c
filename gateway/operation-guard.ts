import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError, Kind } from "graphql";
import { ErrorCode } from "../subgraphs/shared/errors";

/** A client error answered with HTTP 400 before anything is planned or executed. */
export function badRequest(
  message: string,
  code: string = ErrorCode.BAD_REQUEST,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/**
 * Refuses, with HTTP 400 and `BAD_REQUEST`, the documents the gateway cannot run: several operations
 * without `operationName` (or an `operationName` the document lacks), and subscriptions (the
 * supergraph has none). Without this the query planner throws on them and clients got HTTP 500.
 */
export function operationGuardPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            const names = document.definitions
              .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
              .map((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.name?.value : undefined));
            if (request.operationName)
              throw badRequest(
                `The document has no operation named "${request.operationName}"; it has ${names.map((n) => n ?? "(anonymous)").join(", ")}`,
              );
            throw badRequest(
              `The document has ${names.length} operations; say which one to run with operationName (one of ${names.filter(Boolean).join(", ") || "none named"})`,
            );
          }
          if (operation.operation === "subscription")
            throw badRequest("Subscriptions are not supported: this API answers queries and mutations only");
        },
      };
    },
  };
}

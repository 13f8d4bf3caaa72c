import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from "mongodb";

/** The error codes clients can rely on, in `extensions.code`. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Bad arguments; `field` names the argument at fault. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
  }
}

/** A referenced thing (category, store, …) does not exist. */
export class NotFoundError extends GraphQLError {
  constructor(what: string, id: string) {
    super(`${what} ${JSON.stringify(id)} was not found`, { extensions: { code: ErrorCode.NOT_FOUND, what, id } });
  }
}

/** A dependency (the database) cannot be reached; retrying later may succeed. */
export class UnavailableError extends GraphQLError {
  constructor(message = "The service is temporarily unavailable; try again shortly") {
    super(message, { extensions: { code: ErrorCode.UNAVAILABLE } });
  }
}

/** True for driver errors that mean "the database is not reachable right now". */
export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

const CLIENT_CODES = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND, ErrorCode.UNAVAILABLE, "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "OPERATION_RESOLUTION_FAILURE"]);

/**
 * Apollo `formatError`: keeps typed errors, turns database outages into UNAVAILABLE, hides anything
 * else behind INTERNAL, and drops stack traces unless `exposeDetails` (development).
 */
export function formatError(exposeDetails: boolean, onInternal: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    if (isDatabaseUnavailable(original)) {
      return { message: new UnavailableError().message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.UNAVAILABLE } };
    }
    const code = String(formatted.extensions?.code ?? "");
    if (CLIENT_CODES.has(code)) {
      if (exposeDetails) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    onInternal(original);
    return {
      message: exposeDetails ? formatted.message : "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: exposeDetails ? { ...formatted.extensions, code: ErrorCode.INTERNAL } : { code: ErrorCode.INTERNAL },
    };
  };
}

/** The error a resolver threw, under any GraphQLError wrappers. */
function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

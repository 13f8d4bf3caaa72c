import { GraphQLError, type GraphQLFormattedError } from "graphql";
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";

/** The error codes clients can rely on, in `extensions.code`. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
  /** No valid credentials were sent, and the field needs them. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The credentials are valid but do not allow this (another shopper's data, a role's privilege). */
  FORBIDDEN: "FORBIDDEN",
  /** Too many requests from one subject or address; retry after the `Retry-After` seconds. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The gateway has too many of this client's requests in flight and waiting (admission control); retry after the `Retry-After` seconds. */
  OVERLOADED: "OVERLOADED",
  /** The request is malformed at the protocol level (ambiguous document, unsupported operation type). */
  BAD_REQUEST: "BAD_REQUEST",
  /** The shopper id was erased (`deleteUserData`); writes for it are refused so it is never recreated. */
  USER_ERASED: "USER_ERASED",
  /** The request's deadline passed before its work finished; the work was stopped. Retrying may succeed. */
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
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

/** A write names a shopper id that was erased (tombstoned by `deleteUserData`). */
export class UserErasedError extends GraphQLError {
  constructor(userId: string, field?: string) {
    super(`shopper ${JSON.stringify(userId)} was erased (deleteUserData); their id cannot be used again`, {
      extensions: { code: ErrorCode.USER_ERASED, userId, ...(field ? { field } : {}) },
    });
  }
}

/** The request's deadline passed; `budgetMs` is the deadline it was given. */
export class DeadlineExceededError extends GraphQLError {
  constructor(budgetMs?: number) {
    super(
      `The request did not finish within its deadline${budgetMs !== undefined ? ` of ${budgetMs} ms` : ""} and was stopped; try again or ask for less`,
      { extensions: { code: ErrorCode.DEADLINE_EXCEEDED, ...(budgetMs !== undefined ? { budgetMs } : {}) } },
    );
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

/** MongoDB's (and FerretDB's) error code for an operation stopped by its `maxTimeMS`. */
const MAX_TIME_MS_EXPIRED = 50;

/** True for a database operation stopped by the request's deadline (`maxTimeMS`). */
export function isDeadlineExpired(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === MAX_TIME_MS_EXPIRED;
}

/** Error codes that describe the client's request or a dependency's state, never a bug: passed on as they are. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.UNAVAILABLE,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.RATE_LIMITED,
  ErrorCode.OVERLOADED,
  ErrorCode.BAD_REQUEST,
  ErrorCode.USER_ERASED,
  ErrorCode.DEADLINE_EXCEEDED,
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Extensions that may carry internal addresses or code locations; never sent when stack traces are off. */
const INTERNAL_EXTENSIONS = ["stacktrace", "response", "exception"] as const;

/** Options of {@link formatError}. */
export interface FormatErrorOptions {
  /** Keep `extensions.stacktrace` (and other internals) in responses; default `exposeDetails`. The gateway never does. */
  stackTraces?: boolean;
  /** Codes that extend {@link CLIENT_CODES} for this server (e.g. the gateway's operation-limit codes). */
  clientCodes?: Iterable<string>;
}

/**
 * Apollo `formatError`: keeps typed errors, turns database outages into UNAVAILABLE, hides anything
 * else behind INTERNAL (its message only when `exposeDetails`, i.e. development), and drops stack
 * traces and other internals (a subgraph's URL and response body) unless `options.stackTraces`.
 */
export function formatError(
  exposeDetails: boolean,
  onInternal: (error: unknown) => void,
  options: FormatErrorOptions = {},
) {
  const stackTraces = options.stackTraces ?? exposeDetails;
  const clientCodes = new Set([...CLIENT_CODES, ...(options.clientCodes ?? [])]);
  const strip = (extensions: Record<string, unknown> | undefined): Record<string, unknown> => {
    const kept = { ...extensions };
    if (!stackTraces) for (const key of INTERNAL_EXTENSIONS) delete kept[key];
    return kept;
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    if (isDatabaseUnavailable(original)) {
      return {
        message: new UnavailableError().message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.UNAVAILABLE },
      };
    }
    if (isDeadlineExpired(original)) {
      return {
        message: new DeadlineExceededError().message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.DEADLINE_EXCEEDED },
      };
    }
    // A validation rule's or plugin's own code (e.g. MAX_DEPTH_EXCEEDED) wins over Apollo's generic one.
    const ownCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
    if (typeof ownCode === "string" && clientCodes.has(ownCode) && ownCode !== formatted.extensions?.code)
      formatted = { ...formatted, extensions: { ...formatted.extensions, code: ownCode } };
    const code = String(formatted.extensions?.code ?? "");
    if (clientCodes.has(code)) return { ...formatted, extensions: strip(formatted.extensions) };
    onInternal(original);
    return {
      message: exposeDetails ? formatted.message : "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: exposeDetails
        ? { ...strip(formatted.extensions), code: ErrorCode.INTERNAL }
        : { code: ErrorCode.INTERNAL },
    };
  };
}

/** The error a resolver threw, under any GraphQLError wrappers. */
function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

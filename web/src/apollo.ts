import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  ServerError,
  type NormalizedCacheObject,
} from "@apollo/client";

/**
 * The storefront's Apollo Client: one normalized cache for every shopper. That is safe because
 * every cached object has an id unique for what it holds (`Carousel.id` differs per shopper, surface
 * and weights; `Product.id` is the product), and because queries vary by `userId`. `state` is the cache
 * the server filled while rendering the page (`cache.extract()`), restored so hydration needs no query.
 */
export function createClient(token: () => string | null, state?: NormalizedCacheObject): ApolloClient {
  const auth = new ApolloLink((operation, forward) => {
    const bearer = token();
    if (bearer)
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
        headers: { ...headers, authorization: `Bearer ${bearer}` },
      }));
    return forward(operation);
  });
  return new ApolloClient({
    link: ApolloLink.from([auth, new HttpLink({ uri: "/graphql" })]),
    // Defaults on purpose: objects normalize by `__typename:id`; those without an id (ranked items,
    // reasons, offers, page infos) stay inside their parent; a field with other arguments (another
    // `after`, other `weights`) is another entry, so each page of a category is cached on its own.
    cache: state ? new InMemoryCache().restore(state) : new InMemoryCache(),
  });
}

/** What the page shows for a failed query: the API's `extensions.code` and whether a retry may help. */
export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
}

/** Reads a query's error as the API reports it (see docs/frontend.md for the codes). */
export function describeError(error: unknown): Failure {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = String(first?.extensions?.code ?? "INTERNAL");
    return {
      code,
      message: first?.message ?? "Something went wrong",
      retryable: code === "UNAVAILABLE" || code === "RATE_LIMITED" || code === "OVERLOADED",
    };
  }
  if (ServerError.is(error)) {
    // Refusals before execution (401 UNAUTHENTICATED, 400 operation limits, 429 RATE_LIMITED or OVERLOADED) carry GraphQL errors in their body.
    const first = readErrors(error.bodyText)[0];
    const code = String(first?.extensions?.code ?? `HTTP_${error.statusCode}`);
    return {
      code,
      message: first?.message ?? "The server did not answer as expected",
      retryable: error.statusCode >= 500 || error.statusCode === 429,
    };
  }
  return { code: "NETWORK", message: "Could not reach the server", retryable: true };
}

function readErrors(body: string): Array<{ message?: string; extensions?: Record<string, unknown> }> {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(parsed.errors) ? parsed.errors : [];
  } catch {
    return [];
  }
}

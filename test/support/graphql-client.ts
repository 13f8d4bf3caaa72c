/** A GraphQL response as the gateway sends it. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** Options of {@link graphql}. */
export interface GraphQLRequestOptions {
  /** A bearer token (see test/support/tokens.ts); omitted, the request is anonymous. */
  token?: string;
  /** Extra request headers (e.g. a W3C `traceparent`). */
  headers?: Record<string, string>;
}

/** POSTs one operation to `url` and returns the parsed body. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: GraphQLRequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as GraphQLResponse<T>;
}

import { Agent, request } from "undici";

/** What a call sends: the subset of `fetch`'s init a GraphQL POST needs. */
export interface GraphQLFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Cancels the call (an `AbortSignal`). */
  signal?: unknown;
}

/** A fully read answer, with the members of `fetch`'s `Response` that Apollo's data sources read. */
export interface GraphQLFetchResponse {
  readonly bodyUsed: boolean;
  readonly url: string;
  readonly redirected: boolean;
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: Headers;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as fetch's Response.json()
  clone(): GraphQLFetchResponse;
}

/**
 * Connections to the subgraphs, kept alive 4 s after their last request (below the subgraphs' own 65 s,
 * so the caller, not the subgraph, closes an idle one and never writes to a half-closed socket).
 */
const subgraphAgent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });

/**
 * The HTTP client of subgraph calls (the gateway's, and personalization's calls to the catalog):
 * undici's `request` behind the subset of `fetch` that Apollo's `RemoteGraphQLDataSource` reads (status,
 * headers, `text()` / `json()`).
 *
 * Why not `fetch`: Node's `fetch` turns every request body into a web stream and writes it as an async
 * iterable (several socket writes a request), clones the request, and builds abort signals and
 * transferable streams per call; under load that was about a fifth of the gateway's CPU (`npm run profile`;
 * docs/architecture/serving-profile.md). `request` writes headers and body in one go.
 *
 * `timeoutMs` bounds the whole exchange: no response headers or no body progress by then fails the call
 * with an error named `TimeoutError`, as `AbortSignal.timeout` would.
 */
export async function graphqlFetch(
  url: string,
  init: GraphQLFetchInit,
  timeoutMs?: number,
): Promise<GraphQLFetchResponse> {
  try {
    const response = await request(url, {
      method: (init.method ?? "GET") as "GET" | "POST",
      headers: init.headers,
      body: init.body,
      dispatcher: subgraphAgent,
      signal: init.signal as AbortSignal | undefined,
      ...(timeoutMs !== undefined ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers))
      for (const one of value === undefined ? [] : [value].flat()) headers.append(name, one);
    return new BufferedResponse(url, response.statusCode, headers, await response.body.text());
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      const timeout = new Error(`subgraph did not answer within ${timeoutMs} ms`, { cause: error });
      timeout.name = "TimeoutError";
      throw timeout;
    }
    throw error;
  }
}

/** A fully read subgraph response. */
class BufferedResponse implements GraphQLFetchResponse {
  readonly redirected = false;
  readonly statusText = "";
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    this.bodyUsed = true;
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const bytes = Buffer.from(this.body);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): GraphQLFetchResponse {
    return new BufferedResponse(this.url, this.status, new Headers(this.headers), this.body);
  }
}

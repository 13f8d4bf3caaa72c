import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Options of {@link startFakePinecone}. */
export interface FakePineconeOptions {
  /** Index dimension; upserts and queries of another length get 400. */
  dimension: number;
  /** Index metric: `cosine` (cosine similarity) or `dotproduct`. */
  metric?: "cosine" | "dotproduct";
  /** Expected `Api-Key` header; other keys get 401. */
  apiKey?: string;
  /** Name answered by the control plane's `GET /indexes/{name}`. */
  indexName?: string;
}

/** A fault to inject: the next `times` matching requests answer `status`. */
export interface InjectedFault {
  /** HTTP status to answer, e.g. 429 or 500. */
  status: number;
  /** How many requests fail (default 1). */
  times?: number;
  /** Only requests to this path (default all). */
  path?: string;
  /** Retry-After header value, in seconds. */
  retryAfterSeconds?: number;
}

/** One request the server saw. */
export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  headers: IncomingMessage["headers"];
}

/** A running fake. */
export interface FakePinecone {
  /** Base URL, e.g. http://127.0.0.1:PORT (both data and control plane). */
  url: string;
  /** Requests in arrival order. */
  requests: SeenRequest[];
  /** Makes upcoming requests fail. */
  injectFault(fault: InjectedFault): void;
  /** Stored record count per namespace. */
  count(namespace: string): number;
  /** Stops listening. */
  close(): Promise<void>;
}

type Metadata = Record<string, unknown>;
interface StoredVector {
  values: number[];
  metadata?: Metadata;
}

/**
 * A local stand-in for a Pinecone serverless index that speaks the data-plane paths the official SDK
 * v8 calls (`POST /vectors/upsert`, `POST /query`, `GET /vectors/fetch`, `POST /vectors/delete`,
 * `POST /describe_index_stats`) and the control plane's `GET /indexes/{name}` used to resolve a host,
 * with in-memory storage, Pinecone's filter semantics for `$eq`/`$in`/`$and` (array fields: contains),
 * and injectable 429/5xx faults. Written independently of core/vector so contract tests compare two
 * implementations of the semantics.
 */
export async function startFakePinecone(options: FakePineconeOptions): Promise<FakePinecone> {
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const faults: (InjectedFault & { times: number })[] = [];
  const requests: SeenRequest[] = [];
  const metric = options.metric ?? "cosine";
  let url = "";

  const space = (name: string | undefined): Map<string, StoredVector> => {
    const key = name ?? "";
    let found = namespaces.get(key);
    if (!found) namespaces.set(key, (found = new Map()));
    return found;
  };

  const handle = async (request: IncomingMessage): Promise<[number, unknown, Record<string, string>?]> => {
    const parsed = new URL(request.url ?? "/", "http://localhost");
    const path = parsed.pathname;
    const faultIndex = faults.findIndex((fault) => !fault.path || fault.path === path);
    if (faultIndex >= 0) {
      const fault = faults[faultIndex]!;
      fault.times -= 1;
      if (fault.times <= 0) faults.splice(faultIndex, 1);
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
      return [
        fault.status,
        { error: { code: fault.status === 429 ? 8 : 13, message: `injected ${fault.status}` } },
        headers,
      ];
    }
    if (options.apiKey && request.headers["api-key"] !== options.apiKey)
      return [401, { error: { code: 16, message: "Invalid API key" } }];
    const body = request.method === "POST" ? await readJson(request) : {};
    if (body === undefined) return [400, { error: { code: 3, message: "body is not JSON" } }];

    if (request.method === "GET" && path.startsWith("/indexes/")) {
      const name = decodeURIComponent(path.slice("/indexes/".length));
      if (name !== (options.indexName ?? "test-index"))
        return [404, { error: { code: "NOT_FOUND", message: `Resource ${name} not found` } }];
      return [
        200,
        {
          name,
          dimension: options.dimension,
          metric,
          host: url,
          vector_type: "dense",
          deletion_protection: "disabled",
          spec: { serverless: { cloud: "aws", region: "us-east-1" } },
          status: { ready: true, state: "Ready" },
        },
      ];
    }
    if (request.method === "POST" && path === "/vectors/upsert") {
      const vectors = body.vectors as { id: string; values: number[]; metadata?: Metadata }[] | undefined;
      if (!Array.isArray(vectors) || vectors.length === 0)
        return [400, { error: { code: 3, message: "vectors required" } }];
      if (vectors.length > 1000) return [400, { error: { code: 3, message: "at most 1000 vectors per upsert" } }];
      for (const vector of vectors) {
        if (!Array.isArray(vector.values) || vector.values.length !== options.dimension) {
          return [
            400,
            {
              error: {
                code: 3,
                message: `Vector dimension ${vector.values?.length} does not match the dimension of the index ${options.dimension}`,
              },
            },
          ];
        }
      }
      const target = space(body.namespace as string | undefined);
      for (const vector of vectors)
        target.set(vector.id, { values: vector.values, ...(vector.metadata ? { metadata: vector.metadata } : {}) });
      return [200, { upsertedCount: vectors.length }];
    }
    if (request.method === "POST" && path === "/query") {
      const vector = body.vector as number[] | undefined;
      const topK = body.topK as number;
      if (!Array.isArray(vector) || vector.length !== options.dimension)
        return [400, { error: { code: 3, message: "query vector dimension mismatch" } }];
      if (!Number.isInteger(topK) || topK < 1 || topK > 10000)
        return [400, { error: { code: 3, message: "topK must be 1..10000" } }];
      const filter = body.filter as Metadata | undefined;
      const matches = [...space(body.namespace as string | undefined).entries()]
        .filter(([, stored]) => !filter || matches_(stored.metadata ?? {}, filter))
        .map(([id, stored]) => ({ id, score: similarity(vector, stored.values, metric), stored }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, topK)
        .map(({ id, score, stored }) => ({
          id,
          score,
          values: body.includeValues ? stored.values : [],
          ...(body.includeMetadata && stored.metadata ? { metadata: stored.metadata } : {}),
        }));
      return [200, { results: [], matches, namespace: body.namespace ?? "", usage: { readUnits: 5 } }];
    }
    if (request.method === "GET" && path === "/vectors/fetch") {
      const namespace = parsed.searchParams.get("namespace") ?? "";
      const found: Record<string, unknown> = {};
      const target = space(namespace);
      for (const id of parsed.searchParams.getAll("ids")) {
        const stored = target.get(id);
        if (stored)
          found[id] = { id, values: stored.values, ...(stored.metadata ? { metadata: stored.metadata } : {}) };
      }
      return [200, { vectors: found, namespace, usage: { readUnits: 1 } }];
    }
    if (request.method === "POST" && path === "/vectors/delete") {
      const target = space(body.namespace as string | undefined);
      if (body.deleteAll === true) target.clear();
      else if (Array.isArray(body.ids)) for (const id of body.ids as string[]) target.delete(id);
      else if (body.filter)
        for (const [id, stored] of target)
          if (matches_(stored.metadata ?? {}, body.filter as Metadata)) target.delete(id);
      return [200, {}];
    }
    if (request.method === "POST" && path === "/describe_index_stats") {
      const summary: Record<string, { vectorCount: number }> = {};
      let total = 0;
      for (const [name, records] of namespaces) {
        if (records.size === 0) continue;
        summary[name] = { vectorCount: records.size };
        total += records.size;
      }
      return [
        200,
        {
          namespaces: summary,
          dimension: options.dimension,
          indexFullness: 0,
          totalVectorCount: total,
          metric,
          vectorType: "dense",
        },
      ];
    }
    return [404, { error: { code: 5, message: `no route ${request.method} ${path}` } }];
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request)
      .catch((error: unknown): [number, unknown] => [500, { error: { code: 13, message: String(error) } }])
      .then(([status, payload, headers]: [number, unknown, Record<string, string>?]) => {
        requests.push({
          method: request.method ?? "",
          path: new URL(request.url ?? "/", "http://localhost").pathname,
          status,
          headers: request.headers,
        });
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(payload));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    injectFault(fault) {
      faults.push({
        status: fault.status,
        times: fault.times ?? 1,
        ...(fault.path ? { path: fault.path } : {}),
        ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}),
      });
    },
    count: (namespace) => namespaces.get(namespace)?.size ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function similarity(a: number[], b: number[], metric: "cosine" | "dotproduct"): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return metric === "cosine" ? dot / Math.sqrt(normA * normB) : dot;
}

/** Pinecone filter semantics for the subset used here: implicit/explicit $eq, $in, $and, arrays contain. */
function matches_(metadata: Metadata, filter: Metadata): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === "$and") return (condition as Metadata[]).every((child) => matches_(metadata, child));
    if (key === "$or") return (condition as Metadata[]).some((child) => matches_(metadata, child));
    const value = metadata[key];
    if (value === undefined) return false;
    const accepted =
      condition !== null && typeof condition === "object"
        ? "$in" in (condition as Metadata)
          ? (condition as { $in: unknown[] }).$in
          : [(condition as { $eq: unknown }).$eq]
        : [condition];
    return Array.isArray(value) ? value.some((element) => accepted.includes(element)) : accepted.includes(value);
  });
}

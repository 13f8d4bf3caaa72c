/**
 * A local server speaking the Anthropic Messages API, for tests and benchmarks (the real service cannot be
 * reached from here). In core so that benchmarks need not import test/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Token usage the fake reports (wire names); unspecified fields are estimated from the request. */
export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A request body as the fake received it (the fields it checks). */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  messages: { role: string; content: unknown }[];
  system?: string | { type: string; text: string; cache_control?: { type: string } }[];
  tools?: { name: string; description?: string; input_schema: unknown }[];
  tool_choice?: { type: string; name?: string };
  [key: string]: unknown;
}

/** How the fake answers one request. `latencyMs` is a fixed delay or a uniform [min, max] range. */
export type FakeReply =
  | {
      kind: "tool";
      input: unknown | ((body: MessagesRequestBody) => unknown);
      toolName?: string;
      usage?: Partial<FakeUsage>;
      latencyMs?: number | [number, number];
    }
  | { kind: "text"; text: string; latencyMs?: number | [number, number] }
  | {
      kind: "error";
      status: number;
      errorType?: string;
      retryAfter?: string;
      retryAfterMs?: number;
      latencyMs?: number | [number, number];
    }
  | { kind: "malformed"; latencyMs?: number | [number, number] }
  | { kind: "hang" };

/** One recorded request. */
export interface RecordedRequest {
  headers: IncomingMessage["headers"];
  body: MessagesRequestBody;
  /** The reply kind sent (or "invalid" when the request failed validation). */
  reply: FakeReply["kind"] | "invalid";
}

/** A local `POST /v1/messages` speaking the Messages API wire format, scriptable per test. */
export interface FakeAnthropicServer {
  /** Base URL for the SDK's `baseURL`. */
  url: string;
  requests: RecordedRequest[];
  /** Replies used in order, before the default. */
  enqueue(...replies: FakeReply[]): void;
  /** Reply (or reply function) used when the queue is empty. */
  setDefault(reply: FakeReply | ((body: MessagesRequestBody) => FakeReply)): void;
  /** Most requests that were open at the same time. */
  peakConcurrency(): number;
  /** Clears the queue and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  503: "api_error",
  529: "overloaded_error",
};

const estimate = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

function latencyOf(latency: number | [number, number] | undefined): number {
  if (latency === undefined) return 0;
  if (typeof latency === "number") return latency;
  return latency[0] + Math.random() * (latency[1] - latency[0]);
}

/** Problems with a request body, as the real API would report them (empty when valid). */
export function validateMessagesRequest(body: unknown): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "body: expected an object";
  const request = body as Partial<MessagesRequestBody>;
  if (typeof request.model !== "string" || request.model.length === 0) return "model: Field required";
  if (!Number.isInteger(request.max_tokens) || (request.max_tokens as number) < 1)
    return "max_tokens: must be a positive integer";
  if (!Array.isArray(request.messages) || request.messages.length === 0)
    return "messages: at least one message is required";
  for (const [index, message] of request.messages.entries()) {
    if (!message || (message.role !== "user" && message.role !== "assistant"))
      return `messages.${index}.role: must be user or assistant`;
    if (typeof message.content !== "string" && !Array.isArray(message.content))
      return `messages.${index}.content: must be a string or a list of blocks`;
  }
  if (request.messages[0]!.role !== "user") return "messages: first message must use the user role";
  if (
    request.tool_choice?.type === "tool" &&
    !(request.tools ?? []).some((tool) => tool.name === request.tool_choice?.name)
  )
    return `tool_choice: tool ${request.tool_choice.name} not in tools`;
  return undefined;
}

/** Starts the fake on an ephemeral port of 127.0.0.1. Default reply: a 500 telling the test to script one. */
export async function startFakeAnthropic(): Promise<FakeAnthropicServer> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const seenSystems = new Set<string>();
  let fallback: FakeReply | ((body: MessagesRequestBody) => FakeReply) = {
    kind: "error",
    status: 500,
    errorType: "api_error",
  };
  let counter = 0;
  const timers = new Set<NodeJS.Timeout>();
  let open = 0;
  let peak = 0;

  const sendError = (
    response: ServerResponse,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ): void => {
    response.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${counter}`, ...headers });
    response.end(JSON.stringify({ type: "error", error: { type, message }, request_id: `req_fake_${counter}` }));
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    open += 1;
    peak = Math.max(peak, open);
    response.on("close", () => void (open -= 1));
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      counter += 1;
      if (request.method !== "POST" || request.url?.split("?")[0] !== "/v1/messages")
        return sendError(response, 404, "not_found_error", `no route ${request.method} ${request.url}`);
      let body: MessagesRequestBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as MessagesRequestBody;
      } catch {
        return sendError(response, 400, "invalid_request_error", "body is not valid JSON");
      }
      // SDK 1.x sends `Authorization: Bearer <key>`; older clients send `x-api-key`.
      if (!request.headers["x-api-key"] && !/^Bearer \S+/.test(request.headers.authorization ?? "")) {
        requests.push({ headers: request.headers, body, reply: "invalid" });
        return sendError(
          response,
          401,
          "authentication_error",
          "an API key is required (x-api-key or Authorization: Bearer)",
        );
      }
      if (!request.headers["anthropic-version"]) {
        requests.push({ headers: request.headers, body, reply: "invalid" });
        return sendError(response, 400, "invalid_request_error", "anthropic-version header is required");
      }
      const problem = validateMessagesRequest(body);
      if (problem) {
        requests.push({ headers: request.headers, body, reply: "invalid" });
        return sendError(response, 400, "invalid_request_error", problem);
      }
      const reply = queue.shift() ?? (typeof fallback === "function" ? fallback(body) : fallback);
      requests.push({ headers: request.headers, body, reply: reply.kind });
      if (reply.kind === "hang") return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (response.destroyed) return;
        if (reply.kind === "error") {
          const headers: Record<string, string> = {};
          if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
          if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
          return sendError(
            response,
            reply.status,
            reply.errorType ?? ERROR_TYPES[reply.status] ?? "api_error",
            `fake ${reply.status}`,
            headers,
          );
        }
        if (reply.kind === "malformed") {
          response.writeHead(200, { "content-type": "application/json" });
          return response.end('{"id":"msg_broken","type":"message","content":[{"type":"tool_use","input":{');
        }
        const systemText = Array.isArray(body.system)
          ? body.system.map((block) => block.text).join("\n")
          : (body.system ?? "");
        const cacheable =
          Array.isArray(body.system) && body.system.some((block) => block.cache_control?.type === "ephemeral");
        const systemTokens = estimate(systemText + JSON.stringify(body.tools ?? []));
        const cacheHit = cacheable && seenSystems.has(systemText);
        if (cacheable) seenSystems.add(systemText);
        const messagesTokens = estimate(JSON.stringify(body.messages));
        let content: unknown[];
        let outputText: string;
        let stopReason: string;
        if (reply.kind === "tool") {
          const input =
            typeof reply.input === "function"
              ? (reply.input as (body: MessagesRequestBody) => unknown)(body)
              : reply.input;
          const name = reply.toolName ?? body.tool_choice?.name ?? body.tools?.[0]?.name ?? "tool";
          content = [{ type: "tool_use", id: `toolu_fake_${counter}`, name, input }];
          outputText = JSON.stringify(input);
          stopReason = "tool_use";
        } else {
          content = [{ type: "text", text: reply.text, citations: null }];
          outputText = reply.text;
          stopReason = "end_turn";
        }
        const usage: FakeUsage = {
          input_tokens: cacheable ? messagesTokens : messagesTokens + systemTokens,
          output_tokens: estimate(outputText),
          cache_creation_input_tokens: cacheable && !cacheHit ? systemTokens : 0,
          cache_read_input_tokens: cacheHit ? systemTokens : 0,
          ...(reply.kind === "tool" ? reply.usage : {}),
        };
        response.writeHead(200, { "content-type": "application/json", "request-id": `req_fake_${counter}` });
        response.end(
          JSON.stringify({
            id: `msg_fake_${counter}`,
            type: "message",
            role: "assistant",
            model: body.model,
            content,
            stop_reason: stopReason,
            stop_sequence: null,
            usage,
          }),
        );
      }, latencyOf(reply.latencyMs));
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefault: (reply) => void (fallback = reply),
    peakConcurrency: () => peak,
    reset: () => {
      peak = 0;
      queue.length = 0;
      requests.length = 0;
      seenSystems.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

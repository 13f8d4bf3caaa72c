import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import type { FallbackReason } from "./llm-feature";
import {
  LlmCallError,
  NO_USAGE,
  type LlmProvider,
  type ProviderRequest,
  type ProviderResponse,
  type TokenUsage,
} from "./llm-provider";
import { parseRetryAfter, withRetries, type RetryDecision, type RetryPolicy } from "./retry";
import { Semaphore } from "./semaphore";

/** Options of {@link AnthropicProvider}. */
export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  maxConcurrency: number;
  retry: RetryPolicy;
  /** Called on each retry (for counters and logs). */
  onRetry?: (reason: FallbackReason, waitMs: number) => void;
}

/** Why a call failed, and whether to retry it. */
export function classifyError(error: unknown): RetryDecision & { reason: FallbackReason } {
  if (error instanceof LlmCallError) return { retry: false, reason: error.reason };
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError)
    return { retry: false, reason: "timeout" };
  if (error instanceof APIConnectionError) return { retry: true, reason: "connection" };
  if (error instanceof APIError) {
    const retryAfterMs = parseRetryAfter(error.headers);
    if (error.status === 429) return { retry: true, retryAfterMs, reason: "rate-limited" };
    if (error.status === 529) return { retry: true, retryAfterMs, reason: "overloaded" };
    if (error.status !== undefined && error.status >= 500) return { retry: true, retryAfterMs, reason: "server-error" };
    return { retry: false, reason: "api-error" };
  }
  // The SDK surfaces an unparsable 2xx body as a SyntaxError (or a TypeError on an unexpected shape).
  return { retry: false, reason: "malformed" };
}

function usageOf(usage: Anthropic.Usage | undefined): TokenUsage {
  if (!usage) return NO_USAGE;
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
  };
}

/**
 * Claude through the official SDK: structured output by a forced tool call, the system block marked
 * for prompt caching, the SDK's own retries off (ours honour retry-after and count), and at most
 * `maxConcurrency` requests in flight (a slot is held per attempt, not during backoff).
 */
export class AnthropicProvider implements LlmProvider {
  readonly model: string;
  private readonly client: Anthropic;
  private readonly slots: Semaphore;

  constructor(private readonly options: AnthropicProviderOptions) {
    this.model = options.model;
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, maxRetries: 0 });
    this.slots = new Semaphore(options.maxConcurrency);
  }

  /** Requests in flight and waiting, for metrics. */
  get load(): { inFlight: number; waiting: number } {
    return { inFlight: this.slots.inUse, waiting: this.slots.waiting };
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    let retries = 0;
    try {
      return await withRetries(
        () => this.slots.run(() => this.attempt(request)),
        classifyError,
        this.options.retry,
        (error, waitMs) => {
          retries += 1;
          this.options.onRetry?.(classifyError(error).reason, waitMs);
        },
      ).then((response) => ({ ...response, retries }));
    } catch (error) {
      if (error instanceof LlmCallError) throw new LlmCallError(error.reason, error.message, error.usage, retries);
      const message = error instanceof Error ? error.message : String(error);
      throw new LlmCallError(classifyError(error).reason, message, NO_USAGE, retries);
    }
  }

  private async attempt(request: ProviderRequest): Promise<Omit<ProviderResponse, "retries">> {
    const message = await this.client.messages.create(
      {
        model: request.model,
        max_tokens: request.maxTokens,
        system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
        messages: [{ role: "user", content: request.user }],
        tools: [
          {
            name: request.tool.name,
            description: request.tool.description,
            input_schema: request.tool.inputSchema as Anthropic.Tool.InputSchema,
          },
        ],
        tool_choice: { type: "tool", name: request.tool.name, disable_parallel_tool_use: true },
      },
      { timeout: request.timeoutMs, maxRetries: 0 },
    );
    const usage = usageOf(message.usage);
    if (!Array.isArray(message.content)) throw new LlmCallError("malformed", "response has no content array", usage);
    const call = message.content.find(
      (block): block is Anthropic.ToolUseBlock => block.type === "tool_use" && block.name === request.tool.name,
    );
    if (!call)
      throw new LlmCallError(
        "no-tool-call",
        `no ${request.tool.name} tool call (stop_reason ${message.stop_reason})`,
        usage,
      );
    return { toolInput: call.input, usage };
  }
}

import type { FallbackReason } from "./llm-feature";

/** Tokens of one call as the API reports them. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Zero usage. */
export const NO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

/** One structured-output call: the model must answer by calling `tool`. */
export interface ProviderRequest {
  model: string;
  /** Stable text, sent with `cache_control: ephemeral`. */
  system: string;
  user: string;
  tool: { name: string; description: string; inputSchema: Record<string, unknown> };
  maxTokens: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

/** What came back: the tool input (unvalidated), usage summed over attempts, and the retries made. */
export interface ProviderResponse {
  toolInput: unknown;
  usage: TokenUsage;
  retries: number;
}

/** A failed call, with the fallback reason and whatever tokens were spent anyway. */
export class LlmCallError extends Error {
  constructor(
    readonly reason: FallbackReason,
    message: string,
    readonly usage: TokenUsage = NO_USAGE,
    readonly retries = 0,
  ) {
    super(message);
    this.name = "LlmCallError";
  }
}

/** A model provider behind the gateway (Anthropic in production; tests may pass their own). */
export interface LlmProvider {
  readonly model: string;
  /** Resolves with the tool input or rejects with {@link LlmCallError}. */
  complete(request: ProviderRequest): Promise<ProviderResponse>;
}

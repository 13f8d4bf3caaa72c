import type { z } from "zod";

/** Where a feature result came from. */
export type LlmSource = "LLM" | "CACHE" | "OFFLINE";

/** Why a request was served offline; "deferred": the caller would not wait for the model (its answer fills the cache); "rejected": the output failed {@link LlmFeature.check} (unsafe text, an unrelated rewrite). */
export type FallbackReason =
  | "no-key"
  | "budget"
  | "input-too-large"
  | "timeout"
  | "rate-limited"
  | "overloaded"
  | "server-error"
  | "connection"
  | "api-error"
  | "malformed"
  | "no-tool-call"
  | "schema-invalid"
  | "ungrounded"
  | "rejected"
  | "deferred";

/** Limits of one feature. */
export interface LlmBudget {
  /** Estimated prompt tokens (system + user + tool schema) above which the call is not made. */
  maxInputTokens: number;
  /** `max_tokens` of the request. */
  maxOutputTokens: number;
  /** Per-attempt timeout (capped by LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Tokens this feature may spend per UTC day. */
  dailyTokenBudget: number;
  /** Cache lifetime of a response, in seconds (default LLM_CACHE_TTL_SECONDS). */
  cacheTtlSeconds?: number;
}

/**
 * Data text made safe to place between a prompt's delimiter tags: angle brackets become JSON escapes,
 * so the data can neither close nor open a tag (the models read `\u003c` as `<` in JSON context).
 */
export function inertPromptText(text: string): string {
  return text.replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
}

/** A prompt: a stable system text (sent with `cache_control`) and the per-request user text. */
export interface LlmPrompt {
  system: string;
  user: string;
}

/** Result of grounding an output against the context it was given. */
export interface Grounded<O> {
  output: O;
  /** References dropped because they were not in the context (counted in `llm_usage`). */
  dropped: number;
}

/** A feature run through {@link LlmGateway}: prompt, structured output, offline twin and limits. */
export interface LlmFeature<I, O> {
  /** Stable name, also the accounting key; letters, digits and dashes. */
  name: string;
  /** Bump when the prompt or schema changes; part of the cache key. */
  promptVersion: string;
  /** Shape of the output; the model's tool input and cached entries are validated with it. */
  schema: z.ZodType<O>;
  /** The forced tool whose input is the output; `inputSchema` defaults to the JSON Schema of `schema`. */
  tool: { name: string; description: string; inputSchema?: Record<string, unknown> };
  buildPrompt(input: I): LlmPrompt;
  /** Deterministic output from data and templates, no key needed. */
  offline(input: I): O;
  /** What identifies the input for caching (default: the whole input), before normalization. */
  cacheKey?(input: I): unknown;
  /** Drops model references absent from the input's context; an output left empty falls back offline. */
  ground?(input: I, output: O): Grounded<O> & { empty: boolean };
  /**
   * Checks a grounded model output (or a cached one) before anyone sees it: free text for length,
   * characters, markup, links, phone numbers and instructions, and whatever else the feature must hold
   * (a rewrite stays near its query). Returns why it is refused, or null. A refused output is replaced by
   * the offline twin, counted as a "rejected" fallback, and never cached.
   */
  check?(input: I, output: O): string | null;
  budget: LlmBudget;
}

/** What {@link LlmGateway.run} returns: never an error, always an output and its source. */
export interface LlmResult<O> {
  source: LlmSource;
  output: O;
  /** Set when served offline: why. */
  fallbackReason?: FallbackReason;
  /** Grounding drops on this response (LLM only). */
  dropped: number;
}

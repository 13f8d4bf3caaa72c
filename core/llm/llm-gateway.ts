import type { Db } from "mongodb";
import { z } from "zod";
import type { Logger } from "../logger";
import type { AnthropicProvider } from "./anthropic.provider";
import { cacheKeyOf } from "./input-hash";
import { llmOnline, priceOf, type LlmConfig } from "./llm.config";
import { LlmResponseCache } from "./llm-cache";
import type { FallbackReason, LlmFeature, LlmResult } from "./llm-feature";
import { LlmCallError, NO_USAGE, type LlmProvider, type TokenUsage } from "./llm-provider";
import { LlmUsageRecorder, type UsageCounters, type UsageEvent } from "./llm-usage.recorder";
import { annotateSpan, inSpan, tracingEnabled } from "../tracing";
import { estimateTokens } from "./token-estimate";

/** Options of {@link LlmGateway}. */
export interface LlmGatewayOptions {
  config: LlmConfig;
  /** Durable cache and usage rollups; without it both stay in process. */
  db?: Db;
  logger?: Logger;
  /** Replaces the provider chosen from the configuration (null = offline only). */
  provider?: LlmProvider | null;
  now?: () => number;
  /** Usage rollup flush period. */
  usageFlushMs?: number;
}

/** The JSON Schema of a zod schema as a tool `input_schema` (an object schema, without `$schema`). */
export function toolSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: "draft-7",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

/**
 * The one way features reach an LLM: response cache (in-process LRU over `llm_cache`), budgets, the
 * Anthropic provider with structured output, grounding, output checks, accounting, and the feature's offline twin
 * whenever anything goes wrong. `run` never rejects.
 */
export class LlmGateway {
  /** The model provider, or null when running offline (no key or LLM_PROVIDER=offline). */
  readonly provider: LlmProvider | null;
  readonly cache: LlmResponseCache;
  readonly usage: LlmUsageRecorder;
  private readonly inFlight = new Map<string, Promise<LlmResult<unknown>>>();
  private readonly toolSchemas = new WeakMap<object, Record<string, unknown>>();
  private readonly now: () => number;

  constructor(private readonly options: LlmGatewayOptions) {
    const { config } = options;
    this.now = options.now ?? Date.now;
    const onError = (error: unknown): void => options.logger?.warn({ err: error }, "llm gateway storage error");
    this.cache = new LlmResponseCache({ db: options.db, lruSize: config.LLM_CACHE_LRU_SIZE, now: this.now, onError });
    this.usage = new LlmUsageRecorder({
      db: options.db,
      prices: (model) => priceOf(config, model),
      now: this.now,
      flushIntervalMs: options.usageFlushMs,
      onError,
    });
    this.provider =
      options.provider !== undefined
        ? options.provider
        : llmOnline(config)
          ? new (loadAnthropicProvider())({
              apiKey: config.ANTHROPIC_API_KEY!,
              baseURL: config.ANTHROPIC_BASE_URL,
              model: config.LLM_MODEL,
              maxConcurrency: config.LLM_MAX_CONCURRENCY,
              retry: {
                maxRetries: config.LLM_MAX_RETRIES,
                baseMs: config.LLM_RETRY_BASE_MS,
                maxMs: config.LLM_RETRY_MAX_MS,
              },
              onRetry: (reason, waitMs) => options.logger?.debug({ reason, waitMs }, "llm retry"),
            })
          : null;
  }

  /** Model id used for cache keys and accounting ("offline" without a provider). */
  get model(): string {
    return this.provider?.model ?? "offline";
  }

  /**
   * Runs `feature` on `input`: cached, model or offline output. Rejects only if the feature's own
   * offline twin throws; every provider, cache or output fault falls back offline.
   */
  run<I, O>(feature: LlmFeature<I, O>, input: I): Promise<LlmResult<O>> {
    if (!tracingEnabled()) return this.serve(feature, input);
    return inSpan(
      `llm ${feature.name}`,
      {
        "llm.feature": feature.name,
        "gen_ai.request.model": this.model,
        "gen_ai.system": this.provider ? "anthropic" : "offline",
      },
      () => this.serve(feature, input),
    );
  }

  /** {@link run}'s work: a shared in-flight answer, or the cache, the model or the offline twin. */
  private serve<I, O>(feature: LlmFeature<I, O>, input: I): Promise<LlmResult<O>> {
    const key = this.keyOf(feature, input);
    const pending = this.inFlight.get(key) as Promise<LlmResult<O>> | undefined;
    if (pending) {
      // A second identical request while the first is in flight shares its answer.
      annotateSpan({ "llm.coalesced": true });
      return pending.then((result) => {
        const source = result.source === "OFFLINE" ? "OFFLINE" : "CACHE";
        this.account({
          feature: feature.name,
          model: this.model,
          source,
          fallbackReason: result.fallbackReason,
          called: false,
          usage: NO_USAGE,
          retries: 0,
          dropped: 0,
        });
        return { ...result, source, dropped: 0 };
      });
    }
    const run = this.runUncoalesced(feature, input, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  /**
   * Accounts one request (usage rollups, counters) and, with tracing on, describes it on the active span
   * (the `llm <feature>` span of {@link run}): where the answer came from, why it fell back, tokens spent.
   */
  private account(event: UsageEvent): void {
    this.usage.record(event);
    if (!tracingEnabled()) return;
    annotateSpan({
      "llm.source": event.source,
      "llm.cache_hit": event.source === "CACHE",
      "llm.fallback": event.source === "OFFLINE",
      "llm.fallback_reason": event.fallbackReason,
      "llm.called": event.called,
      "llm.retries": event.retries,
      "llm.dropped_references": event.dropped,
      "gen_ai.usage.input_tokens": event.usage.inputTokens,
      "gen_ai.usage.output_tokens": event.usage.outputTokens,
      "gen_ai.usage.cache_read_input_tokens": event.usage.cacheReadTokens,
      "gen_ai.usage.cache_creation_input_tokens": event.usage.cacheWriteTokens,
    });
  }

  /** The validated LLM configuration the gateway runs with. */
  get config(): LlmConfig {
    return this.options.config;
  }

  /**
   * The cached answer of `feature` for `input` (LRU, then `llm_cache`), without calling a model; null on
   * a miss or when offline. A hit is counted as a CACHE use.
   */
  async peek<I, O>(feature: LlmFeature<I, O>, input: I): Promise<LlmResult<O> | null> {
    if (!this.provider) return null;
    if (!tracingEnabled()) return this.peekCache(feature, input);
    return inSpan(
      `llm ${feature.name} cache`,
      { "llm.feature": feature.name, "gen_ai.request.model": this.model, "llm.peek": true, "llm.cache_hit": false },
      () => this.peekCache(feature, input),
    );
  }

  /** {@link peek}'s work. */
  private async peekCache<I, O>(feature: LlmFeature<I, O>, input: I): Promise<LlmResult<O> | null> {
    try {
      return await this.readCache(feature, input, this.keyOf(feature, input));
    } catch (error) {
      this.options.logger?.warn({ err: error, feature: feature.name }, "llm cache read failed");
      return null;
    }
  }

  /** In-process counters per feature (for metrics). */
  counters(): Record<string, UsageCounters> {
    return this.usage.snapshot();
  }

  /** Stores pending usage rollups. */
  flush(): Promise<void> {
    return this.usage.flush();
  }

  private keyOf<I, O>(feature: LlmFeature<I, O>, input: I): string {
    return cacheKeyOf(
      feature.name,
      feature.promptVersion,
      this.model,
      feature.cacheKey ? feature.cacheKey(input) : input,
    );
  }

  /** A valid cached answer (an entry the schema now rejects is deleted), recorded as a CACHE use. */
  private async readCache<I, O>(feature: LlmFeature<I, O>, input: I, key: string): Promise<LlmResult<O> | null> {
    const cached = await this.cache.get(key);
    if (!cached) return null;
    const parsed = feature.schema.safeParse(cached.output);
    // An entry written before a check existed (or by an older check) is checked again and forgotten when refused.
    if (!parsed.success || (parsed.success && feature.check?.(input, parsed.data))) {
      await this.cache.delete(key);
      return null;
    }
    this.account({
      feature: feature.name,
      model: this.model,
      source: "CACHE",
      called: false,
      usage: NO_USAGE,
      retries: 0,
      dropped: 0,
    });
    return { source: "CACHE", output: parsed.data, dropped: 0 };
  }

  private async runUncoalesced<I, O>(feature: LlmFeature<I, O>, input: I, key: string): Promise<LlmResult<O>> {
    const model = this.model;
    const offline = (
      reason: FallbackReason,
      usage: TokenUsage = NO_USAGE,
      called = false,
      retries = 0,
    ): LlmResult<O> => {
      this.account({
        feature: feature.name,
        model,
        source: "OFFLINE",
        fallbackReason: reason,
        called,
        usage,
        retries,
        dropped: 0,
      });
      if (reason !== "no-key") this.options.logger?.info({ feature: feature.name, reason }, "llm fallback to offline");
      return { source: "OFFLINE", output: feature.offline(input), fallbackReason: reason, dropped: 0 };
    };
    try {
      if (!this.provider) return offline("no-key");
      const cached = await this.readCache(feature, input, key);
      if (cached) return cached;

      const prompt = feature.buildPrompt(input);
      let inputSchema = feature.tool.inputSchema ?? this.toolSchemas.get(feature);
      if (!inputSchema) this.toolSchemas.set(feature, (inputSchema = toolSchemaOf(feature.schema)));
      const estimated =
        estimateTokens(prompt.system) + estimateTokens(prompt.user) + estimateTokens(JSON.stringify(inputSchema));
      if (estimated > feature.budget.maxInputTokens) return offline("input-too-large");
      const worstCase = estimated + feature.budget.maxOutputTokens;
      const config = this.options.config;
      if ((await this.usage.tokensToday(feature.name)) + worstCase > feature.budget.dailyTokenBudget)
        return offline("budget");
      if ((await this.usage.tokensToday()) + worstCase > config.LLM_DAILY_TOKEN_BUDGET) return offline("budget");

      let response;
      try {
        response = await this.provider.complete({
          model,
          system: prompt.system,
          user: prompt.user,
          tool: { name: feature.tool.name, description: feature.tool.description, inputSchema },
          maxTokens: feature.budget.maxOutputTokens,
          timeoutMs: Math.min(feature.budget.timeoutMs, config.LLM_TIMEOUT_MS),
        });
      } catch (error) {
        if (error instanceof LlmCallError) return offline(error.reason, error.usage, true, error.retries);
        return offline("api-error", NO_USAGE, true);
      }
      const parsed = feature.schema.safeParse(response.toolInput);
      if (!parsed.success) return offline("schema-invalid", response.usage, true, response.retries);
      let output = parsed.data;
      let dropped = 0;
      if (feature.ground) {
        const grounded = feature.ground(input, output);
        dropped = grounded.dropped;
        if (grounded.empty) {
          this.account({
            feature: feature.name,
            model,
            source: "OFFLINE",
            fallbackReason: "ungrounded",
            called: true,
            usage: response.usage,
            retries: response.retries,
            dropped,
          });
          return { source: "OFFLINE", output: feature.offline(input), fallbackReason: "ungrounded", dropped };
        }
        output = grounded.output;
      }
      const rejection = feature.check?.(input, output);
      if (rejection) {
        // Refused output: counted, logged (the reason, never the text), not cached; the offline twin answers.
        this.account({
          feature: feature.name,
          model,
          source: "OFFLINE",
          fallbackReason: "rejected",
          called: true,
          usage: response.usage,
          retries: response.retries,
          dropped,
        });
        this.options.logger?.warn({ feature: feature.name, rejection }, "llm output rejected: offline twin served");
        return { source: "OFFLINE", output: feature.offline(input), fallbackReason: "rejected", dropped };
      }
      this.account({
        feature: feature.name,
        model,
        source: "LLM",
        called: true,
        usage: response.usage,
        retries: response.retries,
        dropped,
      });
      await this.cache.set(
        key,
        { feature: feature.name, promptVersion: feature.promptVersion, model, output },
        feature.budget.cacheTtlSeconds ?? config.LLM_CACHE_TTL_SECONDS,
      );
      return { source: "LLM", output, dropped };
    } catch (error) {
      // A bug in a feature's prompt or grounding must not reach the client either.
      this.options.logger?.error({ err: error, feature: feature.name }, "llm gateway failure");
      return offline("api-error");
    }
  }
}

/** The Anthropic provider class, loaded on first use: its SDK takes most of a second to load, which offline processes need not pay. */
function loadAnthropicProvider(): typeof AnthropicProvider {
  return (require("./anthropic.provider") as typeof import("./anthropic.provider")).AnthropicProvider;
}

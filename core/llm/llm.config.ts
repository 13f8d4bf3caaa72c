import { z } from "zod";

/** Price of one model in USD per million tokens. */
export const modelPriceSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheWrite: z.number().min(0),
  cacheRead: z.number().min(0),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/**
 * Default price table (USD per million tokens, standard tier, 5-minute cache writes). Models not
 * listed cost 0 in reports: set LLM_PRICES_JSON when choosing another model.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  "claude-sonnet-4-6": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-sonnet-4-5": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  "claude-opus-4-5": { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
};

const pricesJson = z.string().transform((text, context) => {
  try {
    const parsed = z.record(z.string(), modelPriceSchema).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    context.addIssue({
      code: "custom",
      message: `expected {"model":{"input":n,"output":n,"cacheWrite":n,"cacheRead":n}}: ${parsed.error.issues[0]?.message ?? ""}`,
    });
  } catch {
    context.addIssue({ code: "custom", message: "not valid JSON" });
  }
  return z.NEVER;
});

/**
 * Environment variables of the LLM gateway, as a zod shape the lead can spread into core/config.ts
 * (`z.object({ ...existing, ...llmConfigShape })`).
 */
export const llmConfigShape = {
  /** Anthropic API key; when unset every LLM feature runs on the offline provider. */
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  /** Messages API base URL (tests and the benchmark point it at a local server). */
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  /** auto = Anthropic when a key is set, else offline; offline forces the offline provider. */
  LLM_PROVIDER: z.enum(["auto", "offline"]).default("auto"),
  /** Claude model id used by every feature (claude-sonnet-4-5 is deprecated in SDK 1.14's model list). */
  LLM_MODEL: z.string().min(1).default("claude-sonnet-4-6"),
  /** Upper bound of any feature's per-attempt timeout, in milliseconds. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(50).max(120000).default(8000),
  /** Concurrent Messages API calls per process. */
  LLM_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** Retries after a 429, 529, 5xx or connection error (not after a timeout). */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** First backoff delay; doubles each retry, with full jitter. */
  LLM_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60000).default(250),
  /** Longest wait before a retry (backoff or retry-after); a longer retry-after gives up at once. */
  LLM_RETRY_MAX_MS: z.coerce.number().int().min(0).max(120000).default(4000),
  /** Tokens (input incl. cache reads/writes + output) all features may spend per UTC day; 0 = none. */
  LLM_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(0).default(5_000_000),
  /** How long a cached LLM response stays valid, in seconds. */
  LLM_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(365 * 86400)
    .default(7 * 86400),
  /** Entries of the in-process LRU in front of the durable `llm_cache` collection. */
  LLM_CACHE_LRU_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  /** How long a request waits for a model explanation of a carousel not in the cache; 0 = never (template now, the cache fills in the background). */
  LLM_EXPLANATION_WAIT_MS: z.coerce.number().int().min(0).max(5000).default(0),
  /** Optional price table override, JSON {"model":{"input","output","cacheWrite","cacheRead"}} in USD per million tokens. */
  LLM_PRICES_JSON: pricesJson.optional(),
};

/** Schema of the LLM variables alone. */
export const llmConfigSchema = z.object(llmConfigShape);

/** Validated LLM configuration. */
export type LlmConfig = z.infer<typeof llmConfigSchema>;

/** Parses the LLM variables (empty strings count as unset); throws an Error listing every problem. */
export function loadLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = llmConfigSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new Error(
    `Invalid LLM configuration:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`).join("\n")}`,
  );
}

/** Price of `model`: the override table first, then the defaults (matching a dated id by prefix), else zero. */
export function priceOf(config: Pick<LlmConfig, "LLM_PRICES_JSON">, model: string): ModelPrice {
  const tables = [config.LLM_PRICES_JSON ?? {}, DEFAULT_PRICES];
  for (const table of tables) {
    if (table[model]) return table[model];
    const prefix = Object.keys(table).find((name) => model.startsWith(name));
    if (prefix) return table[prefix]!;
  }
  return { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
}

/** True when features should call Anthropic (a key is set and the provider is not forced offline). */
export function llmOnline(config: Pick<LlmConfig, "ANTHROPIC_API_KEY" | "LLM_PROVIDER">): boolean {
  return config.LLM_PROVIDER === "auto" && Boolean(config.ANTHROPIC_API_KEY);
}

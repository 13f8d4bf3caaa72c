import type { Db } from "mongodb";
import type { ModelPrice } from "./llm.config";
import type { FallbackReason, LlmSource } from "./llm-feature";
import type { TokenUsage } from "./llm-provider";

/** Name of the daily usage rollup collection. */
export const LLM_USAGE_COLLECTION = "llm_usage";

/** Counters of one feature (and model) over a period. */
export interface UsageCounters {
  /** Requests to the gateway. */
  requests: number;
  /** Served by the model / by the response cache / offline. */
  llm: number;
  cache: number;
  offline: number;
  /** Messages API calls that reached the provider (successful or not). */
  calls: number;
  retries: number;
  /** Model references dropped by grounding. */
  dropped: number;
  /** Offline answers by reason. */
  fallbacks: Partial<Record<FallbackReason, number>>;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

/** A daily rollup (collection `llm_usage`, `_id` = `day|feature|model`). */
export interface LlmUsageDocument extends UsageCounters {
  _id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  feature: string;
  model: string;
  updatedAt: Date;
}

/** One gateway request as accounted. */
export interface UsageEvent {
  feature: string;
  model: string;
  source: LlmSource;
  fallbackReason?: FallbackReason;
  /** Whether the provider was called. */
  called: boolean;
  usage: TokenUsage;
  retries: number;
  dropped: number;
}

/** Empty counters. */
export function emptyCounters(): UsageCounters {
  return {
    requests: 0,
    llm: 0,
    cache: 0,
    offline: 0,
    calls: 0,
    retries: 0,
    dropped: 0,
    fallbacks: {},
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
  };
}

/** Adds `b` into `a`. */
export function addCounters(a: UsageCounters, b: UsageCounters): UsageCounters {
  for (const key of [
    "requests",
    "llm",
    "cache",
    "offline",
    "calls",
    "retries",
    "dropped",
    "inputTokens",
    "outputTokens",
    "cacheReadTokens",
    "cacheWriteTokens",
    "costUsd",
  ] as const)
    a[key] += b[key];
  for (const [reason, count] of Object.entries(b.fallbacks) as [FallbackReason, number][])
    a.fallbacks[reason] = (a.fallbacks[reason] ?? 0) + count;
  return a;
}

/** Tokens a counter spent against budgets: input (incl. cache reads and writes) and output. */
export function tokensOf(
  counters: Pick<UsageCounters, "inputTokens" | "outputTokens" | "cacheReadTokens" | "cacheWriteTokens">,
): number {
  return counters.inputTokens + counters.outputTokens + counters.cacheReadTokens + counters.cacheWriteTokens;
}

/** USD cost of `usage` at `price` (per million tokens). */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheWriteTokens * price.cacheWrite +
      usage.cacheReadTokens * price.cacheRead) /
    1_000_000
  );
}

/** UTC day of a timestamp. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Options of {@link LlmUsageRecorder}. */
export interface LlmUsageRecorderOptions {
  /** Where daily rollups go; without it, only in-process counters. */
  db?: Db;
  prices: (model: string) => ModelPrice;
  now?: () => number;
  /** Pending increments are written this often (and on {@link LlmUsageRecorder.flush}). */
  flushIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Token and cost accounting: in-process counters per feature since start, and daily rollups per
 * feature and model in `llm_usage`, written in batches of `$inc` upserts off the request path.
 * Budgets read today's tokens: the rollups as of the first check of the day plus what this process
 * spent since (other processes' spending shows up at the next day's first check).
 */
export class LlmUsageRecorder {
  private readonly totals = new Map<string, UsageCounters>();
  private pending = new Map<string, { day: string; feature: string; model: string; counters: UsageCounters }>();
  private readonly today = new Map<string, number>();
  private loadedDay?: Promise<void>;
  private loadedDayName?: string;
  private writing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: LlmUsageRecorderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Accounts one request. */
  record(event: UsageEvent): void {
    const counters = emptyCounters();
    counters.requests = 1;
    if (event.source === "LLM") counters.llm = 1;
    else if (event.source === "CACHE") counters.cache = 1;
    else counters.offline = 1;
    if (event.fallbackReason) counters.fallbacks[event.fallbackReason] = 1;
    counters.calls = event.called ? 1 : 0;
    counters.retries = event.retries;
    counters.dropped = event.dropped;
    counters.inputTokens = event.usage.inputTokens;
    counters.outputTokens = event.usage.outputTokens;
    counters.cacheReadTokens = event.usage.cacheReadTokens;
    counters.cacheWriteTokens = event.usage.cacheWriteTokens;
    counters.costUsd = costOf(event.usage, this.options.prices(event.model));

    addCounters(this.totalFor(event.feature), counters);
    const day = utcDay(this.now());
    const spent = tokensOf(counters);
    if (spent > 0) this.today.set(`${day}|${event.feature}`, (this.today.get(`${day}|${event.feature}`) ?? 0) + spent);
    if (!this.options.db) return;
    const id = `${day}|${event.feature}|${event.model}`;
    const entry = this.pending.get(id) ?? {
      day,
      feature: event.feature,
      model: event.model,
      counters: emptyCounters(),
    };
    addCounters(entry.counters, counters);
    this.pending.set(id, entry);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
      this.timer.unref();
    }
  }

  /** In-process counters per feature since the process started. */
  snapshot(): Record<string, UsageCounters> {
    return Object.fromEntries(
      [...this.totals].map(([feature, counters]) => [feature, addCounters(emptyCounters(), counters)]),
    );
  }

  /** Tokens spent today by `feature`, or by all features when omitted. */
  async tokensToday(feature?: string): Promise<number> {
    const day = utcDay(this.now());
    await this.loadDay(day);
    let total = 0;
    for (const [key, tokens] of this.today) {
      const [keyDay, keyFeature] = key.split("|");
      if (keyDay === day && (feature === undefined || keyFeature === feature)) total += tokens;
    }
    return total;
  }

  /** Writes pending increments now; resolves when they are stored (errors go to `onError`). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const db = this.options.db;
    if (!db || batch.size === 0) return this.writing;
    this.writing = this.writing.then(async () => {
      try {
        await db.collection<LlmUsageDocument>(LLM_USAGE_COLLECTION).bulkWrite(
          [...batch].map(([id, { day, feature, model, counters }]) => {
            const increments: Record<string, number> = {};
            for (const [key, value] of Object.entries(counters))
              if (typeof value === "number" && value !== 0) increments[key] = value;
            for (const [reason, count] of Object.entries(counters.fallbacks)) increments[`fallbacks.${reason}`] = count;
            return {
              updateOne: {
                filter: { _id: id },
                update: { $inc: increments, $set: { day, feature, model, updatedAt: new Date(this.now()) } },
                upsert: true,
              },
            };
          }),
          { ordered: true },
        );
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return this.writing;
  }

  private totalFor(feature: string): UsageCounters {
    let counters = this.totals.get(feature);
    if (!counters) this.totals.set(feature, (counters = emptyCounters()));
    return counters;
  }

  private loadDay(day: string): Promise<void> {
    if (this.loadedDayName === day && this.loadedDay) return this.loadedDay;
    this.loadedDayName = day;
    const db = this.options.db;
    this.loadedDay = (async () => {
      if (!db) return;
      try {
        const rows = await db.collection<LlmUsageDocument>(LLM_USAGE_COLLECTION).find({ day }).toArray();
        for (const row of rows)
          this.today.set(`${day}|${row.feature}`, (this.today.get(`${day}|${row.feature}`) ?? 0) + tokensOf(row));
      } catch (error) {
        this.options.onError?.(error);
      }
    })();
    return this.loadedDay;
  }
}

import { droppedContributionsTotal } from "../../../core/metrics";
import type { Logger } from "../../../core/logger";

/** Pipeline step (or LLM feature hook) whose plugin contribution was dropped. */
export type DropStep =
  | "prospect"
  | "retrieve"
  | "score"
  | "interpretQuery"
  | "searchCandidates"
  | "explainCollection"
  | "explainCarousel"
  | "planBundle";

/** How long the counter waits before logging again (one summary line per interval at most). */
export const DROP_LOG_INTERVAL_MS = 60_000;

/** One summary line's counts: `${plugin}|${step}|${status}` → drops in the interval. */
type Window = Map<string, { plugin: string; step: DropStep; status: string; count: number; maxMs: number }>;

/**
 * Counts the plugin contributions the pipeline drops (late, failed or invalid output), process-wide and
 * per (plugin, step, status). Totals since start are served at the personalization `/metrics`; the log gets
 * at most one warning line per {@link DROP_LOG_INTERVAL_MS} summarizing the interval's drops (the first
 * drop is logged at once), never one line per request.
 */
export class DroppedContributions {
  private readonly totals = new Map<string, number>();
  private window: Window = new Map();
  private lastLoggedAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private logger: Logger | null = null;

  constructor(
    private readonly intervalMs = DROP_LOG_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts one dropped contribution; logs the interval's summary when one is due. */
  record(logger: Logger, drop: { plugin: string; step: DropStep; status: string; ms: number; err?: unknown }): void {
    this.logger = logger;
    const key = `${drop.plugin}|${drop.step}|${drop.status}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    droppedContributionsTotal.inc({ plugin: drop.plugin, step: drop.step, status: drop.status });
    const entry = this.window.get(key) ?? {
      plugin: drop.plugin,
      step: drop.step,
      status: drop.status,
      count: 0,
      maxMs: 0,
    };
    entry.count += 1;
    entry.maxMs = Math.max(entry.maxMs, Math.round(drop.ms));
    this.window.set(key, entry);
    // Errors keep their detail at debug level (the summary carries counts only).
    if (drop.err !== undefined)
      logger.debug({ plugin: drop.plugin, step: drop.step, err: drop.err }, "plugin contribution failed");
    if (this.now() - this.lastLoggedAt >= this.intervalMs) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastLoggedAt + this.intervalMs - this.now()));
      this.timer.unref();
    }
  }

  /** Logs the current interval's drops (if any) as one line and starts a new interval. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.window.size === 0 || !this.logger) return;
    const drops = [...this.window.values()];
    this.window = new Map();
    this.lastLoggedAt = this.now();
    this.logger.warn(
      { drops, total: drops.reduce((sum, drop) => sum + drop.count, 0), intervalMs: this.intervalMs },
      "plugin contributions dropped",
    );
  }

  /** Drops since the process started, by plugin then `step.status` (e.g. `{ generated_collections: { "retrieve.timeout": 3 } }`). */
  snapshot(): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [key, count] of [...this.totals].sort((a, b) => a[0].localeCompare(b[0]))) {
      const [plugin, step, status] = key.split("|") as [string, string, string];
      (result[plugin] ??= {})[`${step}.${status}`] = count;
    }
    return result;
  }
}

/** The personalization process's counter (what `/metrics` serves). */
export const droppedContributions = new DroppedContributions();

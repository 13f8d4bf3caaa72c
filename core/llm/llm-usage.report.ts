import type { Db } from "mongodb";
import {
  addCounters,
  emptyCounters,
  LLM_USAGE_COLLECTION,
  tokensOf,
  type LlmUsageDocument,
  type UsageCounters,
} from "./llm-usage.recorder";

/** One feature's usage over the report period. */
export interface FeatureUsage extends UsageCounters {
  feature: string;
  models: string[];
  /** Days with activity. */
  days: number;
  /** Share of requests answered from the cache, among those not served offline. */
  cacheHitRate: number;
  /** Mean tokens per model call. */
  tokensPerCall: number;
}

/** Per-feature usage between two UTC days (inclusive) and the totals. */
export interface UsageReport {
  from: string;
  to: string;
  features: FeatureUsage[];
  total: UsageCounters;
}

/** Sums the `llm_usage` daily rollups of `from`..`to` (YYYY-MM-DD, inclusive) per feature. */
export async function loadUsageReport(db: Db, from: string, to: string): Promise<UsageReport> {
  const rows = await db
    .collection<LlmUsageDocument>(LLM_USAGE_COLLECTION)
    .find({ day: { $gte: from, $lte: to } })
    .toArray();
  const byFeature = new Map<string, { counters: UsageCounters; models: Set<string>; days: Set<string> }>();
  for (const row of rows) {
    const entry = byFeature.get(row.feature) ?? {
      counters: emptyCounters(),
      models: new Set<string>(),
      days: new Set<string>(),
    };
    addCounters(entry.counters, { ...emptyCounters(), ...pickCounters(row) });
    entry.models.add(row.model);
    entry.days.add(row.day);
    byFeature.set(row.feature, entry);
  }
  const features = [...byFeature]
    .map(([feature, { counters, models, days }]) => ({
      feature,
      ...counters,
      models: [...models].sort(),
      days: days.size,
      cacheHitRate: ratio(counters.cache, counters.cache + counters.llm),
      tokensPerCall: counters.calls === 0 ? 0 : Math.round(tokensOf(counters) / counters.calls),
    }))
    .sort((a, b) => b.costUsd - a.costUsd || a.feature.localeCompare(b.feature));
  const total = features.reduce((sum, feature) => addCounters(sum, feature), emptyCounters());
  return { from, to, features, total };
}

function pickCounters(row: Partial<LlmUsageDocument>): UsageCounters {
  const counters = emptyCounters();
  for (const key of Object.keys(counters) as (keyof UsageCounters)[]) {
    const value = row[key];
    if (key === "fallbacks") counters.fallbacks = { ...(value as UsageCounters["fallbacks"] | undefined) };
    else if (typeof value === "number") counters[key] = value;
  }
  return counters;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}

/** A fixed-width text table of the report, one line per feature plus the total. */
export function formatUsageTable(report: UsageReport): string {
  const header = [
    "feature",
    "requests",
    "llm",
    "cache",
    "offline",
    "hit rate",
    "input",
    "output",
    "cache rd",
    "cache wr",
    "dropped",
    "cost USD",
  ];
  const line = (name: string, c: UsageCounters, hitRate: string): string[] => [
    name,
    String(c.requests),
    String(c.llm),
    String(c.cache),
    String(c.offline),
    hitRate,
    String(c.inputTokens),
    String(c.outputTokens),
    String(c.cacheReadTokens),
    String(c.cacheWriteTokens),
    String(c.dropped),
    c.costUsd.toFixed(4),
  ];
  const rows = report.features.map((feature) =>
    line(feature.feature, feature, `${(feature.cacheHitRate * 100).toFixed(1)}%`),
  );
  rows.push(
    line(
      "TOTAL",
      report.total,
      `${(ratio(report.total.cache, report.total.cache + report.total.llm) * 100).toFixed(1)}%`,
    ),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ");
  const fallbacks = report.features
    .filter((feature) => Object.keys(feature.fallbacks).length > 0)
    .map(
      (feature) =>
        `  ${feature.feature}: ${Object.entries(feature.fallbacks)
          .map(([reason, count]) => `${reason} ${count}`)
          .join(", ")}`,
    );
  return [
    `LLM usage ${report.from} .. ${report.to}`,
    render(header),
    ...rows.slice(0, -1).map(render),
    render(widths.map((width) => "-".repeat(width))),
    render(rows[rows.length - 1]!),
    ...(fallbacks.length > 0 ? ["offline answers by reason:", ...fallbacks] : []),
  ].join("\n");
}

import { loadConfigOrExit } from "../core/config";
import { purgeExpiredLlmCache } from "../core/llm/llm-cache";
import { formatUsageTable, loadUsageReport } from "../core/llm/llm-usage.report";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand, UsageError } from "../core/cli-args";

const DAY = { regex: /^\d{4}-\d{2}-\d{2}$/, description: "a date YYYY-MM-DD" };

const ARGS = defineCommand({
  command: "npm run jobs -- llm-usage",
  summary: "Per-feature LLM token and cost report from the `llm_usage` rollups.",
  options: {
    days: { type: "int", min: 1, max: 3660, default: 7, help: "the last N days up to --to (ignored with --from)" },
    from: { type: "string", value: "YYYY-MM-DD", pattern: DAY, help: "first day" },
    to: { type: "string", value: "YYYY-MM-DD", pattern: DAY, help: "last day (default today)" },
    json: { type: "boolean", help: "print JSON instead of a table" },
    "purge-cache": { type: "boolean", help: "also delete expired `llm_cache` entries" },
  },
});

export const USAGE = ARGS.usage;

/** `npm run jobs -- llm-usage`: per-feature LLM token and cost report from the `llm_usage` rollups (table, or JSON with --json). */
export async function main(argv: string[]): Promise<void> {
  const { days, json, "purge-cache": purge, ...range } = ARGS.parse(argv);
  for (const flag of ["from", "to"] as const) {
    const value = range[flag];
    if (value !== undefined && Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
      throw new UsageError(`--${flag} needs a date YYYY-MM-DD (got ${JSON.stringify(value)})`, USAGE);
  }
  let { from, to } = range;
  const today = new Date().toISOString().slice(0, 10);
  to ??= today;
  from ??= new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86400_000).toISOString().slice(0, 10);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`, USAGE);

  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  try {
    const purged = purge ? await purgeExpiredLlmCache(database.db) : undefined;
    const report = await loadUsageReport(database.db, from, to);
    if (json)
      process.stdout.write(
        `${JSON.stringify(purged === undefined ? report : { ...report, purgedCacheEntries: purged }, null, 2)}\n`,
      );
    else {
      process.stdout.write(`${formatUsageTable(report)}\n`);
      if (purged !== undefined) process.stdout.write(`purged ${purged} expired llm_cache entries\n`);
      process.stdout.write(
        `summary: ${report.features.length} features, ${report.total.requests} requests, ${report.total.calls} model calls, $${report.total.costUsd.toFixed(4)}\n`,
      );
    }
  } finally {
    await close();
  }
}

import { loadConfigOrExit } from "../core/config";
import { purgeExpiredLlmCache } from "../core/llm/llm-cache";
import { formatUsageTable, loadUsageReport } from "../core/llm/llm-usage.report";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

export const USAGE =
  "npm run jobs -- llm-usage [--days N | --from YYYY-MM-DD [--to YYYY-MM-DD]] [--json] [--purge-cache]";
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayArgument(value: string | undefined, flag: string): string {
  if (!value || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new UsageError(`${flag} needs a date YYYY-MM-DD (got ${JSON.stringify(value ?? "")})`, USAGE);
  return value;
}

/** `npm run jobs -- llm-usage`: per-feature LLM token and cost report from the `llm_usage` rollups (table, or JSON with --json). */
export async function main(argv: string[]): Promise<void> {
  let days = 7;
  let from: string | undefined;
  let to: string | undefined;
  let json = false;
  let purge = false;
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]!;
    if (flag === "--json") json = true;
    else if (flag === "--purge-cache") purge = true;
    else if (flag === "--from") from = dayArgument(argv[++index], flag);
    else if (flag === "--to") to = dayArgument(argv[++index], flag);
    else if (flag === "--days") {
      const value = Number(argv[++index]);
      if (!Number.isInteger(value) || value < 1 || value > 3660)
        throw new UsageError(`--days needs a whole number 1–3660 (got ${JSON.stringify(argv[index] ?? "")})`, USAGE);
      days = value;
    } else throw new UsageError(`unknown option ${JSON.stringify(flag)}`, USAGE);
  }
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

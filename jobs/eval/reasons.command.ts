import { writeFileSync } from "node:fs";
import type { Db } from "mongodb";
import { loadConfigOrExit } from "../../core/config";
import { openJobDatabase } from "../../core/database/job-database";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import { createLogger } from "../../core/logger";
import { startProgress } from "../../core/progress";
import {
  evaluateServedReasons,
  type ServedClaim,
  type ServedReasonsReport,
  type ThemeItem,
} from "../../eval/served/served-reasons";
import { rebuildPopularity } from "../../subgraphs/personalization/popularity.builder";
import { POPULARITY_COLLECTION } from "../../subgraphs/personalization/popularity.repository";
import { buildCoPurchase } from "../../subgraphs/personalization/statistics/co-purchase.builder";
import { CO_PURCHASE_COLLECTION } from "../../subgraphs/personalization/statistics/co-purchase.document";
import { buildKnowledgeGraph } from "../../subgraphs/personalization/statistics/knowledge-graph.builder";
import { KNOWLEDGE_GRAPH_COLLECTION } from "../../subgraphs/personalization/statistics/knowledge-graph.document";
import { readModelsFor } from "../../subgraphs/personalization/read-models/read-models";
import { defineCommand, JSON_FILE, UsageError } from "../../core/cli-args";

const ARGS = defineCommand({
  command: "npm run eval -- reasons",
  summary: "Checks that served price claims and cuisine themes are true, on the DATA_DIR / MONGODB_URI database.",
  options: {
    "max-users": { type: "int", min: 0, max: 10_000_000, default: 500, help: "shoppers served" },
    store: { type: "string", value: "ID", help: "also serve this store's STORE surface to every shopper" },
    now: { type: "string", value: "ISO-DATE", help: "request time (default the newest order's time)" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});

/** Usage of `eval reasons`. */
export const REASONS_EVAL_USAGE = ARGS.usage;

/** Validated arguments of `eval reasons`. */
export interface ReasonsEvalArgs {
  maxUsers: number;
  /** Also serve the STORE surface of this store to every shopper. */
  storeId: string | null;
  /** Request time; null = the newest order's time (the database's present). */
  now: Date | null;
  out: string | null;
}

/** Parses `eval reasons` arguments; throws UsageError naming the bad one. */
export function parseReasonsEvalArgs(argv: readonly string[]): ReasonsEvalArgs {
  const args = ARGS.parse(argv);
  const now = args.now === undefined ? null : new Date(args.now);
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--now "${args.now}" is not a date`, ARGS.usage);
  return { maxUsers: args["max-users"], storeId: args.store ?? null, now, out: args.out ?? null };
}

/** What `eval reasons` reports (examples of what is false, not every claim). */
export interface ReasonsReport {
  requests: number;
  carousels: number;
  items: number;
  priceClaims: Omit<ServedReasonsReport["priceClaims"], "claims"> & { examples: ServedClaim[] };
  cuisineCarousels: Omit<ServedReasonsReport["cuisineCarousels"], "items"> & { examples: ThemeItem[] };
  now: string;
  seconds: number;
}

/** The statistics the personalization process builds at start, built here when absent. */
async function ensureStatistics(db: Db, log: (line: string) => void): Promise<void> {
  const builds: [string, (db: Db) => Promise<unknown>][] = [
    [POPULARITY_COLLECTION, rebuildPopularity],
    [CO_PURCHASE_COLLECTION, buildCoPurchase],
    [KNOWLEDGE_GRAPH_COLLECTION, buildKnowledgeGraph],
  ];
  for (const [collection, build] of builds) {
    if ((await db.collection(collection).estimatedDocumentCount()) > 0) continue;
    log(`building ${collection} (absent; personalization builds it at start)`);
    await build(db);
  }
}

/**
 * `eval reasons`: serves HOME (and STORE with `--store`) carousels through the real pipeline to every
 * shopper (up to `--max-users`, by id) and to an anonymous visitor, then checks what they state:
 * every reason with a price percentage ("23% below the usual price per item in its category") against a
 * recomputation from the catalog over comparable prices only, and every item of a "Because you order …"
 * carousel's first window against the grocery term that put it there ({@link evaluateServedReasons}).
 */
export async function runReasonsEval(argv: readonly string[]): Promise<ReasonsReport> {
  const args = parseReasonsEvalArgs(argv);
  const started = performance.now();
  const config = loadConfigOrExit();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  try {
    const db = database.db;
    await ensureStatistics(db, log);
    const logger = createLogger("eval-reasons", "warn");
    const models = readModelsFor(db, logger);
    await Promise.all([
      models.catalog.get(600_000),
      models.popularity.get(600_000),
      models.coPurchase.get(600_000),
      models.knowledgeGraph.get(600_000),
      models.deals.get(600_000),
    ]);
    const newest = await db
      .collection<OrderDocument>(COLLECTIONS.orders)
      .find({}, { projection: { placedAt: 1 } })
      .sort({ placedAt: -1 })
      .limit(1)
      .next();
    const now = args.now ?? newest?.placedAt ?? new Date();
    const users = (
      await db
        .collection(COLLECTIONS.users)
        .find({}, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .limit(args.maxUsers)
        .toArray()
    ).map((user) => String(user._id));
    const requests = (1 + users.length) * (args.storeId ? 2 : 1);
    const progress = startProgress("requests", requests);
    let found: ServedReasonsReport;
    try {
      found = await evaluateServedReasons(db, {
        users: [null, ...users],
        storeId: args.storeId,
        now,
        logger,
        onRequest: () => progress.tick(),
      });
    } finally {
      progress.stop();
    }
    const { claims, ...priceClaims } = found.priceClaims;
    const { items, ...cuisineCarousels } = found.cuisineCarousels;
    const report: ReasonsReport = {
      requests: found.requests,
      carousels: found.carousels,
      items: found.items,
      priceClaims: { ...priceClaims, examples: claims.filter((claim) => !claim.true).slice(0, 20) },
      cuisineCarousels: { ...cuisineCarousels, examples: items.filter((item) => !item.onTheme).slice(0, 20) },
      now: now.toISOString(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    const window = report.cuisineCarousels.window;
    console.log(
      `${report.requests} requests, ${report.carousels} carousels, ${report.items} items (now ${report.now})`,
    );
    console.log(
      `price claims served: ${report.priceClaims.served}, true ${report.priceClaims.true}, false ${report.priceClaims.false}${report.priceClaims.false ? ` ${JSON.stringify(report.priceClaims.falseByProblem)}` : ""}`,
    );
    for (const claim of report.priceClaims.examples.slice(0, 5))
      console.log(`  false: ${claim.productName}: "${claim.text}" (${claim.problem})`);
    console.log(
      `cuisine carousels: ${report.cuisineCarousels.carousels}, items in their first ${window}: ${report.cuisineCarousels.windowItems}, off theme ${report.cuisineCarousels.offThemeInWindow}, led by an off-theme item ${report.cuisineCarousels.ledOffTheme}`,
    );
    for (const item of report.cuisineCarousels.examples.slice(0, 5))
      console.log(
        `  off theme: "${item.title}" #${item.position + 1} ${item.productName} (term ${item.term ?? "none"})`,
      );
    console.log(`total ${report.seconds}s`);
    if (args.out) {
      writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`wrote ${args.out}`);
    }
    return report;
  } finally {
    await close();
  }
}

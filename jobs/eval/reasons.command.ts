import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Db } from "mongodb";
import { loadConfigOrExit } from "../../core/config";
import { openJobDatabase } from "../../core/database/job-database";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import { createLogger } from "../../core/logger";
import { startProgress } from "../../core/progress";
import { checkPriceClaim, parsePriceClaim, type ClaimProduct, type PriceClaim } from "../../ml/served-eval/price-claims";
import { namesItsTerm } from "../../ml/served-eval/theme-check";
import type { Surface } from "../../plugins/sdk/surface";
import { createPersonalizationContext } from "../../subgraphs/personalization/context";
import type { PresentedCollection } from "../../subgraphs/personalization/pipeline/pipeline.types";
import { runPipeline } from "../../subgraphs/personalization/pipeline/run-pipeline";
import { DEFAULT_TARGETING } from "../../subgraphs/personalization/pipeline/target-collections.step";
import { rebuildPopularity } from "../../subgraphs/personalization/popularity.builder";
import { POPULARITY_COLLECTION } from "../../subgraphs/personalization/popularity.repository";
import { buildCoPurchase } from "../../subgraphs/personalization/services/co-purchase.builder";
import { CO_PURCHASE_COLLECTION } from "../../subgraphs/personalization/services/co-purchase.document";
import { buildKnowledgeGraph } from "../../subgraphs/personalization/services/knowledge-graph.builder";
import { KNOWLEDGE_GRAPH_COLLECTION, type KnowledgeGraphEdgeDocument } from "../../subgraphs/personalization/services/knowledge-graph.document";
import { readModelsFor } from "../../subgraphs/personalization/services/read-models";
import { SURFACE_CONFIGURATION } from "../../subgraphs/personalization/surfaces";
import { UsageError } from "./nbr-args.parser";

/** One-line usage of `eval reasons`. */
export const REASONS_EVAL_USAGE = "usage: npm run eval -- reasons [--max-users N] [--store ID] [--now ISO-DATE] [--out FILE.json]   (on the DATA_DIR / MONGODB_URI database)";

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
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { "max-users": { type: "string" }, store: { type: "string" }, now: { type: "string" }, out: { type: "string" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  const maxUsers = values["max-users"] === undefined ? 500 : Number(values["max-users"]);
  if (!Number.isInteger(maxUsers) || maxUsers < 0) throw new UsageError(`--max-users "${String(values["max-users"])}" must be a whole number ≥ 0`);
  const now = typeof values.now === "string" ? new Date(values.now) : null;
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--now "${String(values.now)}" is not a date`);
  const out = typeof values.out === "string" ? values.out.trim() : null;
  if (out !== null && (!/\.json$/i.test(out) || out.length <= 5)) throw new UsageError(`--out "${out}" must be a FILE.json path`);
  return { maxUsers, storeId: typeof values.store === "string" ? values.store : null, now, out };
}

/** A price claim that was served, with its verdict. */
interface ServedClaim {
  userId: string | null;
  surface: Surface;
  collectionId: string;
  position: number;
  productId: string;
  productName: string;
  text: string;
  true: boolean;
  problem?: string;
  expected: number | null;
}

/** A cuisine carousel's item and whether it names the grocery term that linked it to the cuisine. */
interface ThemeItem {
  userId: string | null;
  collectionId: string;
  title: string;
  position: number;
  productName: string;
  term: string | null;
  onTheme: boolean;
}

/** What `eval reasons` reports. */
export interface ReasonsReport {
  requests: number;
  carousels: number;
  items: number;
  priceClaims: { served: number; true: number; false: number; falseByProblem: Record<string, number>; examples: ServedClaim[] };
  cuisineCarousels: { carousels: number; window: number; windowItems: number; offThemeInWindow: number; ledOffTheme: number; examples: ThemeItem[] };
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
 * recomputation from the catalog over comparable prices only ({@link checkPriceClaim}), and every item
 * of a "Because you order …" carousel against the grocery term that put it there ({@link namesItsTerm}).
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
    await Promise.all([models.catalog.get(600_000), models.popularity.get(600_000), models.coPurchase.get(600_000), models.knowledgeGraph.get(600_000), models.deals.get(600_000)]);
    const newest = await db.collection<OrderDocument>(COLLECTIONS.orders).find({}, { projection: { placedAt: 1 } }).sort({ placedAt: -1 }).limit(1).next();
    const now = args.now ?? newest?.placedAt ?? new Date();
    const users = (await db.collection(COLLECTIONS.users).find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(args.maxUsers).toArray()).map((user) => String(user._id));
    const requests: { userId: string | null; surface: Surface; storeId: string | null }[] = [null, ...users].flatMap((userId) => [
      { userId, surface: "HOME" as Surface, storeId: null },
      ...(args.storeId ? [{ userId, surface: "STORE" as Surface, storeId: args.storeId }] : []),
    ]);

    const served: { userId: string | null; surface: Surface; collection: PresentedCollection }[] = [];
    const progress = startProgress("requests", requests.length);
    try {
      for (const request of requests) {
        const context = createPersonalizationContext({ db, logger }, { now: () => now });
        const { collections } = await runPipeline(
          context.pipeline,
          { userId: request.userId, surface: request.surface, storeId: request.storeId, categoryId: null, cart: [], query: null, weights: {}, now },
          { first: SURFACE_CONFIGURATION[request.surface].carousels },
        );
        for (const collection of collections) served.push({ userId: request.userId, surface: request.surface, collection });
        progress.tick();
      }
    } finally {
      progress.stop();
    }

    const claims = served.flatMap(({ userId, surface, collection }) =>
      collection.items.flatMap((item, position) =>
        item.reasons.flatMap((reason) => {
          const claim = parsePriceClaim(reason.text);
          return claim ? [{ userId, surface, collection, position, item, text: reason.text, claim }] : [];
        }),
      ),
    );
    const categoryIds = [...new Set(claims.map(({ item }) => item.product.categoryId))];
    const byCategory = new Map<string, ClaimProduct[]>(categoryIds.map((id) => [id, []]));
    const projection = { _id: 1, categoryId: 1, categoryPath: 1, price: 1, unitPrice: 1, priceEstimated: 1 } as const;
    for await (const product of db.collection<ClaimProduct>(COLLECTIONS.products).find({ categoryPath: { $in: categoryIds } }, { projection })) {
      for (const id of product.categoryPath) byCategory.get(id)?.push(product);
    }
    const checked: ServedClaim[] = claims.map(({ userId, surface, collection, position, item, text, claim }) => {
      const verdict = checkPriceClaim(claim as PriceClaim, item.product, byCategory.get(item.product.categoryId) ?? []);
      return { userId, surface, collectionId: collection.id, position, productId: item.productId, productName: item.product.name, text, true: verdict.true, ...(verdict.problem ? { problem: verdict.problem } : {}), expected: verdict.expected };
    });
    const falseByProblem: Record<string, number> = {};
    for (const claim of checked) if (!claim.true) falseByProblem[problemKind(claim.problem!)] = (falseByProblem[problemKind(claim.problem!)] ?? 0) + 1;

    const window = DEFAULT_TARGETING.window;
    const cuisine = served.filter(({ collection }) => collection.id.startsWith("novelty.cuisine."));
    const themeItems: ThemeItem[] = [];
    const categoryNames = new Map<string, string>();
    const allCategories = await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}, { projection: { name: 1 } }).toArray();
    for (const category of allCategories) categoryNames.set(category._id, category.name);
    for (const { userId, collection } of cuisine) {
      const key = collection.id.slice("novelty.cuisine.".length).replace(/-/g, " ");
      const items = collection.items.slice(0, window);
      const edges = await db
        .collection<KnowledgeGraphEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
        .find({ _id: { $in: items.map((item) => `cuisine-product|${key}|${item.productId}`) } }, { projection: { to: 1, term: 1 } })
        .toArray();
      const termOf = new Map(edges.map((edge) => [edge.to, edge.term]));
      items.forEach((item, position) => {
        const term = termOf.get(item.productId) ?? null;
        const onTheme = term !== null && namesItsTerm(term, item.product.name, item.product.categoryPath.map((id) => categoryNames.get(id) ?? ""));
        themeItems.push({ userId, collectionId: collection.id, title: collection.title, position, productName: item.product.name, term, onTheme });
      });
    }

    const report: ReasonsReport = {
      requests: requests.length,
      carousels: served.length,
      items: served.reduce((sum, { collection }) => sum + collection.items.length, 0),
      priceClaims: {
        served: checked.length,
        true: checked.filter((claim) => claim.true).length,
        false: checked.filter((claim) => !claim.true).length,
        falseByProblem,
        examples: checked.filter((claim) => !claim.true).slice(0, 20),
      },
      cuisineCarousels: {
        carousels: cuisine.length,
        window,
        windowItems: themeItems.length,
        offThemeInWindow: themeItems.filter((item) => !item.onTheme).length,
        ledOffTheme: themeItems.filter((item) => item.position === 0 && !item.onTheme).length,
        examples: themeItems.filter((item) => !item.onTheme).slice(0, 20),
      },
      now: now.toISOString(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    console.log(`${report.requests} requests, ${report.carousels} carousels, ${report.items} items (now ${report.now})`);
    console.log(`price claims served: ${report.priceClaims.served}, true ${report.priceClaims.true}, false ${report.priceClaims.false}${report.priceClaims.false ? ` ${JSON.stringify(falseByProblem)}` : ""}`);
    for (const claim of report.priceClaims.examples.slice(0, 5)) console.log(`  false: ${claim.productName}: "${claim.text}" (${claim.problem})`);
    console.log(`cuisine carousels: ${report.cuisineCarousels.carousels}, items in their first ${window}: ${report.cuisineCarousels.windowItems}, off theme ${report.cuisineCarousels.offThemeInWindow}, led by an off-theme item ${report.cuisineCarousels.ledOffTheme}`);
    for (const item of report.cuisineCarousels.examples.slice(0, 5)) console.log(`  off theme: "${item.title}" #${item.position + 1} ${item.productName} (term ${item.term ?? "none"})`);
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

/** The kind of a problem, without its numbers (for counting). */
function problemKind(problem: string): string {
  return problem.replace(/\d+%?/g, "N").replace(/per \w+/g, "per X");
}

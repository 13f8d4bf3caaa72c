import { writeFileSync } from "node:fs";
import { loadConfigOrExit } from "../../core/config";
import { openJobDatabase } from "../../core/database/job-database";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { UserDocument } from "../../core/documents/user.document";
import { LlmGateway } from "../../core/llm/llm-gateway";
import { semanticIdLookup } from "../../ml/semantic-ids/semantic-id.cache";
import { createLogger } from "../../core/logger";
import { evaluateLlmFeatures, type LlmEvalReport } from "../../eval/llm/llm-eval";
import { LexicalSearchSystem } from "../../eval/search/systems/lexical.system";
import { rebuildPopularity } from "../../subgraphs/personalization/popularity.builder";
import { POPULARITY_COLLECTION } from "../../subgraphs/personalization/popularity.repository";
import { readModelsFor } from "../../subgraphs/personalization/read-models/read-models";
import { defineCommand, JSON_FILE } from "../../core/cli-args";
import { rebuildAllAttributes } from "../attributes/attributes.rebuild";
import { USER_ATTRIBUTES_COLLECTION } from "../../subgraphs/user-profile/attributes/user-attributes.document";

const ARGS = defineCommand({
  command: "npm run eval -- llm",
  summary:
    "Grounding, rejected outputs, invented ids and bundle coverage of the LLM features, on the DATA_DIR / MONGODB_URI database, through the configured LLM provider (offline without ANTHROPIC_API_KEY).",
  options: {
    users: {
      type: "int",
      min: 0,
      max: 1000,
      default: 1,
      help: "seeded shoppers acted for besides the anonymous visitor",
    },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});

/** Usage of `eval llm`. */
export const LLM_EVAL_USAGE = ARGS.usage;

/** Validated arguments of `eval llm`. */
export interface LlmEvalArgs {
  /** Seeded shoppers acted for besides the anonymous visitor (the first N by id). */
  users: number;
  out: string | null;
}

/** Parses `eval llm` arguments; throws UsageError naming the bad one. */
export function parseLlmEvalArgs(argv: readonly string[]): LlmEvalArgs {
  const args = ARGS.parse(argv);
  return { users: args.users, out: args.out ?? null };
}

/**
 * `eval llm`: the LLM features (query rewrite through `Query.search`, bundles through `Query.bundle`,
 * carousel explanations through `Query.carousels`, order summaries on each shopper's facts) over the fixed input set of eval/llm/llm-eval.set.ts, through the configured provider,
 * for an anonymous visitor and the first `--users` shoppers. Search runs on an in-process BM25 over the
 * database's products (the `eval search` lexical system), so no stack needs to be running.
 */
export async function runLlmEval(argv: readonly string[]): Promise<LlmEvalReport> {
  const args = parseLlmEvalArgs(argv);
  const config = loadConfigOrExit();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  try {
    const db = database.db;
    // What a serving stack builds at start, built here when absent (shopper attributes, popularity).
    if ((await db.collection(USER_ATTRIBUTES_COLLECTION).estimatedDocumentCount()) === 0) {
      log("building user_attributes (absent; the user-profile subgraph builds them)");
      await rebuildAllAttributes(db, { batchSize: 500, productCacheSize: 100_000 });
    }
    if ((await db.collection(POPULARITY_COLLECTION).estimatedDocumentCount()) === 0) await rebuildPopularity(db);
    const logger = createLogger("eval-llm", "warn");
    const models = readModelsFor(db, logger);
    await Promise.all([
      models.catalog.get(600_000),
      models.popularity.get(600_000),
      models.coPurchase.get(600_000),
      models.knowledgeGraph.get(600_000),
      models.deals.get(600_000),
    ]);
    const products = await db.collection<ProductDocument>(COLLECTIONS.products).find({}).toArray();
    const categories = await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}).toArray();
    const textSearch = new LexicalSearchSystem(products, categories).textSearch();
    // limit(0) would mean "no limit": --users 0 is the anonymous visitor alone.
    const users =
      args.users === 0
        ? []
        : await db
            .collection<UserDocument>(COLLECTIONS.users)
            .find({}, { projection: { _id: 1 } })
            .sort({ _id: 1 })
            .limit(args.users)
            .toArray();
    const newest = await db
      .collection<OrderDocument>(COLLECTIONS.orders)
      .find({}, { projection: { placedAt: 1 } })
      .sort({ placedAt: -1 })
      .limit(1)
      .next();
    const gateway = new LlmGateway({ config, db, logger });
    const report = await evaluateLlmFeatures(db, {
      gateway,
      textSearch,
      shoppers: [null, ...users.map((user) => user._id)],
      now: newest?.placedAt ?? new Date(),
      semanticIds: semanticIdLookup(db),
    });
    await gateway.flush();
    const { rewrite, bundles } = report;
    console.log(`provider ${report.provider}; shoppers: anonymous + ${users.length}`);
    console.log(
      `query rewrite: ${rewrite.requests} requests, ${rewrite.interpretations} interpretations, grounding ${rewrite.groundingRate}, ≥2 readings ${rewrite.ambiguousShare}, invented ids ${rewrite.inventedIds}, sources ${JSON.stringify(rewrite.sources)}`,
    );
    for (const [label, set] of [
      ["bundles", bundles],
      ["bundles (held-out intents A)", report.bundlesHeldOut],
      ["bundles (held-out intents B)", report.bundlesHeldOutB],
      ["bundles (held-out intents C)", report.bundlesHeldOutC],
      ["bundles (held-out intents D)", report.bundlesHeldOutD],
    ] as const)
      console.log(
        `${label}: ${set.requests} requests over ${set.intents} intents; every slot filled within budget ${set.allSlotsFilledWithinBudget}, required slots filled ${set.requiredSlotsFilled}, slot coverage ${set.slotCoverage}, slots per bundle ${set.slotsPerBundle}, within budget ${set.withinBudgetRate}, invented ids ${set.inventedIds}, latency p50 ${set.latencyMs.p50} ms p99 ${set.latencyMs.p99} ms; incomplete by kind ${JSON.stringify(set.failureKinds)}`,
      );
    console.log(
      `explanations: ${report.explanations.carousels} carousels, ${report.explanations.texts} texts, unsafe ${report.explanations.unsafe}, invented ids ${report.explanations.inventedIds}, sources ${JSON.stringify(report.explanations.sources)}`,
    );
    console.log(
      `order summaries: ${report.orderSummaries.shoppers} shoppers, unsafe ${report.orderSummaries.unsafe}, invented ids ${report.orderSummaries.inventedIds}, unknown refs dropped ${report.orderSummaries.droppedRefs}, sources ${JSON.stringify(report.orderSummaries.sources)}`,
    );
    console.log(`not run here: ${report.notCovered.join("; ")}`);
    for (const failure of bundles.failures.slice(0, 10))
      console.log(`  incomplete: "${failure.intent}" (${failure.userId ?? "anonymous"}): ${failure.explanation}`);
    for (const failure of report.bundlesHeldOut.failures.slice(0, 10))
      console.log(
        `  incomplete (held-out): "${failure.intent}" (${failure.userId ?? "anonymous"}): ${failure.explanation}`,
      );
    for (const [feature, counters] of Object.entries(report.gateway))
      console.log(
        `  ${feature}: llm ${counters.llm}, cache ${counters.cache}, offline ${counters.offline}, rejected ${counters.fallbacks.rejected ?? 0}, dropped ${counters.dropped}`,
      );
    if (args.out) {
      writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`wrote ${args.out}`);
    }
    return report;
  } finally {
    await close();
  }
}

import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { writeFileSync } from "node:fs";
import { loadConfigOrExit } from "../core/config";
import { COLLECTIONS } from "../core/documents/collections";
import type { UserDocument } from "../core/documents/user.document";
import { createLogger } from "../core/logger";
import { startProgress } from "../core/progress";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { createPersonalizationContext, type PersonalizationContext } from "../subgraphs/personalization/context";
import { personalizationSubgraph } from "../subgraphs/personalization/personalization.subgraph";
import { readModelsFor } from "../subgraphs/personalization/read-models/read-models";
import { rebuildPopularity } from "../subgraphs/personalization/popularity.builder";
import { percentile as nearestRankPercentile } from "./percentile";
import { DEALS_COLLECTION, type DealDocument } from "../subgraphs/personalization/services/deals.document";
import { bindPrincipal } from "../subgraphs/shared/authorization";

/** Command line of this benchmark (`--help`). */
const ARGS = defineCommand({
  command: "npm run bench -- home",
  summary:
    "The home page (8 carousels × 10 items) through the personalization schema, socket-free, on MONGODB_URI (else the embedded database): p50/p99 of each pipeline step and of the whole request, as JSON.",
  options: {
    requests: { type: "int", min: 1, max: 1_000_000, default: 200, help: "requests timed" },
    users: { type: "int", min: 1, max: 1_000_000, default: 50, help: "shoppers the requests cycle through" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;

/** Who these requests act for: the benchmark measures serving, not authorization: it acts as an admin. */
const ACTS_AS_ADMIN = { role: "admin", subject: "bench-admin" } as const;

/** Shoppers holding deals added to the population (so a run shows whether deals reach the page). */
const DEAL_SHOPPERS = 10;

const HOME = `query Home($userId: ID) { carousels(userId: $userId, surface: HOME, first: 8) { id title items(first: 10) { edges { node { product { id } score reasons { dimension score } deal { id } } } } } }`;

/** Nearest-rank percentile (bench/percentile.ts), rounded to 0.01 ms. */
function percentile(values: number[], p: number): number {
  return Math.round(nearestRankPercentile(values, p) * 100) / 100;
}

/**
 * `npm run bench -- home [--requests N] [--users N] [--out FILE.json]`: the home page (8 carousels × 10
 * items) through the personalization schema, socket-free, on the database in MONGODB_URI (else the
 * embedded one); prints p50/p99 of each pipeline step and of the whole request as JSON.
 */
export async function main(argv: string[]): Promise<void> {
  const { requests, users, out } = ARGS.parse(argv);
  const config = loadConfigOrExit();
  const job = await openJobDatabase(config, (line) => process.stderr.write(`${line}\n`));
  try {
    const db = job.database.db;
    if ((await db.collection("product_popularity").findOne({}, { projection: { _id: 1 } })) === null)
      await rebuildPopularity(db);
    // As a running server has them: the read models (one scan each; minutes at the large seed), before
    // any request is timed, so the numbers are of serving and not of the database fallback.
    const loadStarted = performance.now();
    const models = readModelsFor(db, createLogger("bench", "warn"));
    await models.refreshCatalog();
    await models.refreshStatistics();
    const readModelSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;
    process.stderr.write(`home: read models loaded in ${readModelSeconds} s\n`);
    const ids = (
      await db
        .collection<UserDocument>(COLLECTIONS.users)
        .find({}, { projection: { _id: 1 } })
        .limit(users)
        .toArray()
    ).map((user) => user._id);
    // Shoppers the deals job allocated to (whether their pages show the deals), besides the first ones and a cold start.
    const dealShoppers = [
      ...new Set(
        (
          await db
            .collection<DealDocument>(DEALS_COLLECTION)
            .find({}, { projection: { userId: 1 } })
            .limit(DEAL_SHOPPERS * 20)
            .toArray()
        ).map((deal) => deal.userId),
      ),
    ]
      .filter((id) => !ids.includes(id))
      .slice(0, DEAL_SHOPPERS);
    const population: (string | null)[] = [...ids, ...dealShoppers, null];
    const logger = createLogger("bench", "warn");
    const server = new ApolloServer<PersonalizationContext>({
      schema: await personalizationSubgraph.schema(),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const steps: Record<string, number[]> = {};
    const totals: number[] = [];
    let errors = 0;
    /** Items shown with a deal (from the deals job), and pages with at least one; `shoppers`: shoppers with deals in the population. */
    const deals = { shoppers: dealShoppers.length, items: 0, pages: 0 };
    // Warm-up: fills the process caches (popularity scale, category lists) as a running server would have.
    for (const userId of population.slice(0, 3))
      await server.executeOperation(
        { query: HOME, variables: { userId } },
        { contextValue: bindPrincipal(createPersonalizationContext({ db, logger }), ACTS_AS_ADMIN) },
      );
    const progress = startProgress("home", requests);
    const started = performance.now();
    for (let i = 0; i < requests; i += 1) {
      const context = bindPrincipal(createPersonalizationContext({ db, logger }), ACTS_AS_ADMIN);
      const begin = performance.now();
      const response = await server.executeOperation(
        { query: HOME, variables: { userId: population[i % population.length] } },
        { contextValue: context },
      );
      totals.push(performance.now() - begin);
      if (response.body.kind !== "single" || response.body.singleResult.errors) errors += 1;
      else {
        const withDeal = countDeals(response.body.singleResult.data);
        deals.items += withDeal;
        if (withDeal > 0) deals.pages += 1;
      }
      for (const [step, ms] of Object.entries(context.timings.steps)) (steps[step] ??= []).push(ms);
      progress.tick();
    }
    const seconds = (performance.now() - started) / 1000;
    progress.stop();
    const summary = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: percentile(sorted, 100) };
    };
    const report = {
      bench: "home",
      database: config.MONGODB_DATABASE,
      requests,
      users: population.length,
      errors,
      readModelSeconds,
      deals,
      sequentialRequestsPerSecond: Math.round((requests / seconds) * 10) / 10,
      totalMs: summary(totals),
      stepsMs: Object.fromEntries(Object.entries(steps).map(([step, values]) => [step, summary(values)])),
    };
    const json = JSON.stringify(report, null, 2);
    process.stdout.write(`${json}\n`);
    if (out) writeFileSync(out, `${json}\n`);
  } finally {
    await job.close();
  }
}

/** Items of a HOME response that carry a deal. */
function countDeals(data: unknown): number {
  const carousels =
    (data as { carousels?: Array<{ items: { edges: Array<{ node: { deal: unknown } }> } }> } | null | undefined)
      ?.carousels ?? [];
  return carousels.reduce(
    (sum, carousel) => sum + carousel.items.edges.filter((edge) => edge.node.deal !== null).length,
    0,
  );
}

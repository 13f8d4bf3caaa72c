import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfigOrExit } from "../core/config";
import { projectRoot } from "../core/paths";
import { startProgress } from "../core/progress";
import { allocateDeals, InfeasibleAllocationError, type AllocationConstraints } from "../ml/deals/deal-allocator";
import { buildDealCandidates } from "./deals/deal-candidates.builder";
import { DEFAULT_DEAL_RESPONSE, type DealResponse } from "../ml/deals/deal-response.model";
import { calibrateDealResponse } from "../ml/deals/deal-response.calibrator";
import { writeDeals } from "./deals/deals.writer";
import { loadLatestArtifact, RANKER_MODELS_DIR } from "../ml/ranker/ranker.artifact";
import { openJobDatabase } from "../core/database/job-database";
import { jobArtifacts } from "../core/artifacts/artifact-sync";
import { RANKER_ARTIFACT } from "../ml/model-artifacts";
import { databaseOption, defineCommand, UsageError } from "../core/cli-args";

const ARGS = defineCommand({
  command: "npm run jobs -- deals",
  summary: "Allocates a promotion budget to shopper–item deals (ranker-scored uplift, exact budget) into `deals`.",
  options: {
    budget: { type: "number", min: 0, max: 1e9, default: 1000, help: "total discount budget, major units" },
    "per-shopper": { type: "int", min: 0, max: 100, default: 3, help: "deals per shopper at most" },
    "per-shopper-amount": { type: "number", min: 0, max: 1e6, default: 10, help: "discount per shopper at most" },
    "merchant-limit": { type: "number", min: 0, max: 1e9, help: "discount per merchant at most (default budget/4)" },
    "allow-alcohol": { type: "boolean", help: "allow discounts on alcohol (off: excluded by rule)" },
    "min-allocations": { type: "int", min: 0, max: 1e7, default: 0, help: "fail when fewer deals are allocated" },
    days: { type: "int", min: 1, max: 365, default: 14, help: "days a deal stays valid" },
    "items-per-shopper": { type: "int", min: 1, max: 100, default: 20, help: "candidate items scored per shopper" },
    calibration: { type: "string", value: "DIR", help: "folder of a deal-response calibration to use" },
    database: databaseOption("database name (default the configured one)"),
    now: { type: "string", value: "ISO", help: "the allocation's clock (default now)" },
    "dry-run": { type: "boolean", help: "allocate and report without writing" },
    out: { type: "string", value: "FILE.json", help: "also write the summary here" },
  },
});

export const USAGE = ARGS.usage;

/** Parsed arguments of the deals job; amounts in major currency units. */
export interface DealsArguments {
  budget: number;
  perShopper: number;
  perShopperAmount: number;
  merchantLimit: number | null;
  allowAlcohol: boolean;
  minAllocations: number;
  days: number;
  itemsPerShopper: number;
  calibration: string | null;
  database: string | null;
  now: Date | null;
  dryRun: boolean;
  out: string | null;
}

/** Parses the flags; throws {@link UsageError} naming the bad one. */
export function parseDealsArguments(argv: readonly string[]): DealsArguments {
  const args = ARGS.parse(argv);
  if (args.now !== undefined && Number.isNaN(Date.parse(args.now)))
    throw new UsageError(`--now needs an ISO date (got ${JSON.stringify(args.now)})`, USAGE);
  return {
    budget: args.budget,
    perShopper: args["per-shopper"],
    perShopperAmount: args["per-shopper-amount"],
    merchantLimit: args["merchant-limit"] ?? null,
    allowAlcohol: args["allow-alcohol"],
    minAllocations: args["min-allocations"],
    days: args.days,
    itemsPerShopper: args["items-per-shopper"],
    calibration: args.calibration ?? null,
    database: args.database ?? null,
    now: args.now === undefined ? null : new Date(args.now),
    dryRun: args["dry-run"],
    out: args.out ?? null,
  };
}

/** Constraints in cents from the arguments (merchant limit defaults to a quarter of the budget). */
export function constraintsOf(args: DealsArguments): AllocationConstraints {
  const cents = (amount: number) => Math.round(amount * 100);
  return {
    budgetCents: cents(args.budget),
    perShopperDeals: args.perShopper,
    perShopperCents: cents(args.perShopperAmount),
    merchantCents: {},
    defaultMerchantCents: cents(args.merchantLimit ?? args.budget / 4),
    allowAlcoholDiscounts: args.allowAlcohol,
    minAllocations: args.minAllocations,
  };
}

/** `npm run jobs -- deals`: allocates personal deals within budget and swaps them into `deals` (all or nothing). */
export async function main(argv: string[]): Promise<void> {
  const args = parseDealsArguments(argv);
  const constraints = constraintsOf(args);
  const config = loadConfigOrExit();
  const response: DealResponse = args.calibration
    ? calibrateDealResponse(resolve(args.calibration)).constants
    : DEFAULT_DEAL_RESPONSE;
  const rankerDir = resolve(projectRoot, config.DATA_DIR, RANKER_MODELS_DIR);
  const noRanker = (): UsageError =>
    new UsageError(
      `no trained ranker under ${rankerDir}: the deals engine needs its purchase predictions (run npm run train -- ranker first); nothing was written`,
    );
  // With the local store the ranker is checked before any database is opened; with the database store
  // it is fetched from there first.
  let ranker = config.ARTIFACT_STORE === "local" ? loadLatestArtifact(rankerDir) : null;
  if (!ranker && config.ARTIFACT_STORE === "local") throw noRanker();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(
    args.database ? { ...config, MONGODB_DATABASE: args.database } : config,
    log,
  );
  const now = args.now ?? new Date();
  try {
    if (!ranker) {
      await jobArtifacts(config, resolve(projectRoot, config.DATA_DIR), database.db, log).pull([RANKER_ARTIFACT]);
      ranker = loadLatestArtifact(rankerDir);
      if (!ranker) throw noRanker();
    }
    let bar: ReturnType<typeof startProgress> | null = null;
    const { candidates, shoppers } = await buildDealCandidates(database.db, ranker, response, {
      now,
      itemsPerShopper: args.itemsPerShopper,
      onRead: (collection, done) => log(`deals: read ${done} ${collection}`),
      onProgress(done, total) {
        bar ??= startProgress("deals: scoring shoppers", total);
        bar.update(done);
      },
    });
    (bar as ReturnType<typeof startProgress> | null)?.stop(); // assigned in the callback
    if (candidates.length === 0)
      throw new InfeasibleAllocationError(
        `no shopper × item pairs to price: ${database.db.databaseName} has no orders before ${now.toISOString()}; nothing was written`,
      );
    const started = Date.now();
    const result = allocateDeals(candidates, constraints);
    const seconds = (Date.now() - started) / 1000;
    const expiresAt = new Date(now.getTime() + args.days * 86_400_000);
    if (!args.dryRun)
      await writeDeals(database.db, result.allocations, { now, expiresAt, version: ranker.artifact.version });
    const summary = {
      budget: constraints.budgetCents / 100,
      spent: result.spentCents / 100,
      expectedIncrementalValue: round(result.expectedIncrementalValue),
      upperBound: round(result.upperBound),
      gap: round(result.upperBound - result.expectedIncrementalValue),
      lambdaPerCent: result.lambda,
      shoppers,
      candidatePairs: candidates.length,
      excludedByRules: result.excludedByRules,
      expectedSpend: round(result.allocations.reduce((sum, a) => sum + (a.dealProbability * a.costCents) / 100, 0)),
      byKind: Object.fromEntries(
        ["PERCENT_OFF", "AMOUNT_OFF", "BUNDLE"].map((kind) => [
          kind,
          result.allocations.filter((a) => a.kind === kind).length,
        ]),
      ),
      ranker: ranker.artifact.version,
      response,
      written: !args.dryRun,
      solverSeconds: seconds,
    };
    process.stdout.write(
      `deals: ${result.allocations.length} deals for ${new Set(result.allocations.map((a) => a.userId)).size} of ${shoppers} shoppers, spent ${summary.spent.toFixed(2)} of ${summary.budget.toFixed(2)} (worst case; expected ${summary.expectedSpend.toFixed(2)}), ` +
        `expected incremental value ${summary.expectedIncrementalValue} (upper bound ${summary.upperBound}), ${result.excludedByRules} pairs excluded by marketplace rules, ${args.dryRun ? "dry run: nothing written" : "written to deals"}\n`,
    );
    process.stdout.write(`${JSON.stringify({ ...summary, response: undefined })}\n`);
    if (args.out)
      writeFileSync(
        args.out,
        `${JSON.stringify({ ...summary, allocations: result.allocations.map((a) => ({ ...a, cost: a.costCents / 100 })) }, null, 2)}\n`,
      );
  } catch (error) {
    if (error instanceof InfeasibleAllocationError)
      throw new UsageError(`infeasible: ${error.message}; nothing was written`);
    throw error;
  } finally {
    await close();
    await database.close(); // openJobDatabase leaves a MONGODB_URI client open; closing twice is harmless
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfigOrExit } from "../core/config";
import { projectRoot } from "../core/paths";
import { startProgress } from "../core/progress";
import { allocateDeals, InfeasibleAllocationError, type AllocationConstraints } from "../ml/deals/deal-allocator";
import { buildDealCandidates } from "../ml/deals/deal-candidates.builder";
import { DEFAULT_DEAL_RESPONSE, type DealResponse } from "../ml/deals/deal-response.model";
import { calibrateDealResponse } from "../ml/deals/deal-response.calibrator";
import { writeDeals } from "../ml/deals/deals.writer";
import { loadLatestArtifact, RANKER_MODELS_DIR } from "../ml/ranker/ranker.artifact";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

export const USAGE =
  "npm run jobs -- deals [--budget N] [--per-shopper N] [--per-shopper-amount N] [--merchant-limit N] [--allow-alcohol] [--min-allocations N] [--days N] [--items-per-shopper N] [--calibration DIR] [--database NAME] [--now ISO] [--dry-run] [--out FILE.json]";

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
  const result: DealsArguments = {
    budget: 1000,
    perShopper: 3,
    perShopperAmount: 10,
    merchantLimit: null,
    allowAlcohol: false,
    minAllocations: 0,
    days: 14,
    itemsPerShopper: 20,
    calibration: null,
    database: null,
    now: null,
    dryRun: false,
    out: null,
  };
  const number = (flag: string, raw: string | undefined, min: number, max: number, integer = false): number => {
    const value = Number(raw);
    if (
      raw === undefined ||
      raw === "" ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    )
      throw new UsageError(
        `${flag} needs a ${integer ? "whole " : ""}number ${min}–${max} (got ${JSON.stringify(raw ?? "")})`,
        USAGE,
      );
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    let consumed = true;
    switch (flag) {
      case "--budget":
        result.budget = number(flag, value, 0, 1e9);
        break;
      case "--per-shopper":
        result.perShopper = number(flag, value, 0, 100, true);
        break;
      case "--per-shopper-amount":
        result.perShopperAmount = number(flag, value, 0, 1e6);
        break;
      case "--merchant-limit":
        result.merchantLimit = number(flag, value, 0, 1e9);
        break;
      case "--min-allocations":
        result.minAllocations = number(flag, value, 0, 1e7, true);
        break;
      case "--days":
        result.days = number(flag, value, 1, 365, true);
        break;
      case "--items-per-shopper":
        result.itemsPerShopper = number(flag, value, 1, 100, true);
        break;
      case "--calibration":
        if (!value) throw new UsageError("--calibration needs a folder", USAGE);
        result.calibration = value;
        break;
      case "--database":
        if (!value || !/^[A-Za-z0-9_-]{1,63}$/.test(value))
          throw new UsageError(
            `--database needs a name of letters, digits, _ and - (got ${JSON.stringify(value ?? "")})`,
            USAGE,
          );
        result.database = value;
        break;
      case "--now":
        if (!value || Number.isNaN(Date.parse(value)))
          throw new UsageError(`--now needs an ISO date (got ${JSON.stringify(value ?? "")})`, USAGE);
        result.now = new Date(value);
        break;
      case "--out":
        if (!value) throw new UsageError("--out needs a file name", USAGE);
        result.out = value;
        break;
      case "--allow-alcohol":
        result.allowAlcohol = true;
        consumed = false;
        break;
      case "--dry-run":
        result.dryRun = true;
        consumed = false;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(flag)}`, USAGE);
    }
    if (consumed) i += 1;
  }
  return result;
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
  const ranker = loadLatestArtifact(rankerDir);
  if (!ranker)
    throw new UsageError(
      `no trained ranker under ${rankerDir}: the deals engine needs its purchase predictions (run npm run train -- ranker first); nothing was written`,
    );
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(
    args.database ? { ...config, MONGODB_DATABASE: args.database } : config,
    log,
  );
  const now = args.now ?? new Date();
  try {
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

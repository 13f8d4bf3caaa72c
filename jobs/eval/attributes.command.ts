import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Db } from "mongodb";
import { loadConfigOrExit } from "../../core/config";
import { openJobDatabase } from "../../core/database/job-database";
import { COLLECTIONS } from "../../core/documents/collections";
import { startProgress } from "../../core/progress";
import {
  evaluateAttributeRecovery,
  type AttributesRecoveryReport,
  type AttributesRow,
  type TruthRow,
} from "../../eval/attributes/attributes-recovery";
import { defineCommand, JSON_FILE } from "../../core/cli-args";

const ARGS = defineCommand({
  command: "npm run eval -- attributes",
  summary:
    "Latent-truth recovery of the seed: how well the derived attributes recover the simulator's hidden traits (on the seeded DATA_DIR / MONGODB_URI, after `npm run jobs -- attributes`).",
  options: { out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" } },
});

/** Usage of `eval attributes`. */
export const ATTRIBUTES_EVAL_USAGE = ARGS.usage;

/** Validated arguments of `eval attributes`. */
export interface AttributesEvalArgs {
  out: string | null;
}

/** Parses `[--out FILE.json]`; throws UsageError naming the bad argument. */
export function parseAttributesEvalArgs(argv: readonly string[]): AttributesEvalArgs {
  return { out: ARGS.parse(argv).out ?? null };
}

const TRUTH_PROJECTION = {
  userId: 1,
  dietary: 1,
  cuisineAffinity: 1,
  brandLoyalty: 1,
  priceSensitivity: 1,
  bulkAffinity: 1,
  verticalMix: 1,
} as const;
const ATTRIBUTES_PROJECTION = {
  purchaseLines: 1,
  price: 1,
  brandLoyalty: 1,
  size: 1,
  stockUp: 1,
  dietary: 1,
  cuisines: 1,
  verticals: 1,
} as const;

async function readAll<T>(db: Db, collection: string, projection: Record<string, 1>, label: string): Promise<T[]> {
  const total = await db.collection(collection).estimatedDocumentCount();
  const progress = startProgress(label, total);
  const rows: T[] = [];
  try {
    for await (const document of db.collection(collection).find({}, { projection, batchSize: 1000 })) {
      rows.push(document as unknown as T);
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  return rows;
}

function format(value: number | null): string {
  return value === null ? "–" : value.toFixed(3);
}

/** Human-readable lines of the report (the JSON has everything). */
export function recoveryTable(report: AttributesRecoveryReport): string[] {
  const lines = [
    `users: ${report.users.truth} with truth, ${report.users.attributes} with attributes, ${report.users.joined} joined, ${report.users.withPurchases} with purchases`,
    "",
  ];
  lines.push(
    `${"truth".padEnd(18)}${"attribute".padEnd(32)}${"users".padStart(7)}${"pearson".padStart(9)}${"spearman".padStart(10)}`,
  );
  for (const row of report.continuous)
    lines.push(
      `${row.truth.padEnd(18)}${row.attribute.padEnd(32)}${String(row.users).padStart(7)}${format(row.pearson).padStart(9)}${format(row.spearman).padStart(10)}`,
    );
  lines.push("", `dietary (predicted: ${report.dietaryRule})`);
  lines.push(
    `${"diet".padEnd(14)}${"users".padStart(7)}${"pos".padStart(6)}${"auc".padStart(8)}${"p-auc".padStart(8)}${"acc".padStart(8)}${"prec".padStart(8)}${"recall".padStart(8)}   best F1 cut: share >= t (prec, recall)`,
  );
  for (const row of report.dietary) {
    const best = row.bestShareThreshold;
    lines.push(
      `${row.tag.padEnd(14)}${String(row.users).padStart(7)}${String(row.positives).padStart(6)}${format(row.auc).padStart(8)}${format(row.probabilityAuc).padStart(8)}${format(row.accuracy).padStart(8)}${format(row.precision).padStart(8)}${format(row.recall).padStart(8)}` +
        (best ? `   t ${format(best.threshold)} (${format(best.precision)}, ${format(best.recall)})` : ""),
    );
  }
  lines.push("");
  for (const row of report.cuisine)
    lines.push(
      `cuisine (>= ${row.minRestaurantLines} restaurant lines): ${row.users} users, mean spearman ${format(row.meanSpearman)}, top-1 ${format(row.top1Accuracy)} (chance ${format(row.chanceTop1)})`,
    );
  lines.push(
    `vertical mix: ${report.verticalMix.users} users, mean spearman ${format(report.verticalMix.meanSpearman)}, top-1 ${format(report.verticalMix.top1Accuracy)}`,
  );
  return lines;
}

/**
 * `eval attributes`: joins the seed's latent truth (`simulator_truth`) with the derived attributes
 * (`user_attributes`) by user id and reports how well each trait is recovered.
 */
export async function runAttributesEval(argv: readonly string[]): Promise<AttributesRecoveryReport> {
  const args = parseAttributesEvalArgs(argv);
  const started = performance.now();
  const config = loadConfigOrExit();
  const { database, close } = await openJobDatabase(config, (line) => process.stderr.write(`${line}\n`));
  let truths: TruthRow[];
  let attributes: AttributesRow[];
  try {
    truths = await readAll<TruthRow>(database.db, COLLECTIONS.simulatorTruth, TRUTH_PROJECTION, "simulator truth");
    attributes = await readAll<AttributesRow>(
      database.db,
      COLLECTIONS.userAttributes,
      ATTRIBUTES_PROJECTION,
      "user attributes",
    );
  } finally {
    await close();
  }
  if (truths.length === 0)
    throw new Error(
      `no ${COLLECTIONS.simulatorTruth} documents: the latent truth exists only for seeded data (npm run seed -- --scale small)`,
    );
  if (attributes.length === 0)
    throw new Error(`no ${COLLECTIONS.userAttributes} documents: run npm run jobs -- attributes first`);
  const report = evaluateAttributeRecovery(truths, attributes);
  if (report.users.joined === 0)
    throw new Error(
      `no user of ${COLLECTIONS.simulatorTruth} has ${COLLECTIONS.userAttributes}: run npm run jobs -- attributes on this database`,
    );
  for (const line of recoveryTable(report)) console.log(line);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)}s`);
  if (args.out) {
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${args.out}`);
  }
  return report;
}

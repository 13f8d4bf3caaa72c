import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfigOrExit } from "../../core/config";
import { COLLECTIONS } from "../../core/documents/collections";
import { projectRoot } from "../../core/paths";
import { startProgress, type Progress } from "../../core/progress";
import { RANKER_MODELS_DIR, saveArtifact } from "../../ml/ranker/ranker.artifact";
import { buildRankerDataset } from "../ranker/ranker-dataset.builder";
import { DEFAULT_TRAINING_USERS } from "../../ml/user-sample";
import { DEFAULT_EXPERIMENT, runRankerExperiment, type ExperimentOptions } from "../../ml/ranker/ranker.experiment";
import { RANKER_TASKS } from "../../ml/ranker/ranker-tasks";
import { openJobDatabase } from "../../core/database/job-database";
import { jobArtifacts } from "../../core/artifacts/artifact-sync";
import { RANKER_ARTIFACT } from "../../ml/model-artifacts";
import { databaseOption, defineCommand, UsageError } from "../../core/cli-args";
import { seedDatabase } from "../seed/seed";
import { SEED_SCALES, type SeedScale } from "../seed/seed-scale";

const ARGS = defineCommand({
  command: "npm run train -- ranker",
  summary: "Builds labelled impressions, trains the multi-task ranker and its baselines, saves the versioned artifact.",
  options: {
    scale: {
      type: "string",
      choices: SEED_SCALES,
      help: "seed this scale into the scratch database ranker_<scale> (when empty) and train on it",
    },
    database: databaseOption("train on this database (default MONGODB_DATABASE)"),
    out: { type: "string", value: "FILE.json", help: "also write the experiment report here" },
    epochs: { type: "int", min: 1, max: 100, default: DEFAULT_EXPERIMENT.train.epochs, help: "training epochs" },
    "random-seed": { type: "int", min: 0, max: 2 ** 31, default: DEFAULT_EXPERIMENT.train.seed, help: "random seed" },
    gate: {
      type: "string",
      choices: ["all", "surface"],
      default: DEFAULT_EXPERIMENT.gate,
      help: "what the experts' gate sees",
    },
    "horizon-days": {
      type: "int",
      min: 1,
      max: 90,
      default: 14,
      help: "days after an impression that count as its outcome",
    },
    "max-users": {
      type: "int",
      min: 1,
      max: 10_000_000,
      default: DEFAULT_TRAINING_USERS,
      help: "shoppers whose sessions become examples (a deterministic sample when there are more)",
    },
  },
});

export const USAGE = ARGS.usage;

/** Parsed arguments of the ranker training command. */
export interface RankerTrainArguments {
  /** Seed this scale into the scratch database `ranker_<scale>` (when empty) and train on it. */
  scale: SeedScale | null;
  /** Train on this database (default MONGODB_DATABASE). */
  database: string | null;
  out: string | null;
  epochs: number;
  seed: number;
  gate: "all" | "surface";
  horizonDays: number;
  /** Shoppers whose sessions become examples (a deterministic sample when there are more). */
  maxUsers: number;
}

/** Parses the flags; throws {@link UsageError} naming the bad one. */
export function parseRankerTrainArguments(argv: readonly string[]): RankerTrainArguments {
  const args = ARGS.parse(argv);
  if (args.scale && args.database) throw new UsageError("give --scale or --database, not both", USAGE);
  return {
    scale: (args.scale as SeedScale | undefined) ?? null,
    database: args.database ?? null,
    out: args.out ?? null,
    epochs: args.epochs,
    seed: args["random-seed"],
    gate: args.gate as "all" | "surface",
    horizonDays: args["horizon-days"],
    maxUsers: args["max-users"],
  };
}

/** `npm run train -- ranker`: builds labeled impressions, trains MMoE + baselines, saves the versioned artifact. */
export async function main(argv: string[]): Promise<void> {
  const args = parseRankerTrainArguments(argv);
  const config = loadConfigOrExit();
  const databaseName = args.database ?? (args.scale ? `ranker_${args.scale}` : config.MONGODB_DATABASE);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase({ ...config, MONGODB_DATABASE: databaseName }, log);
  const progress: { bar: Progress | null; label: string } = { bar: null, label: "" };
  try {
    const db = database.db;
    // One document answers "empty?", as at npm start: FerretDB v1 counts by scanning.
    if (args.scale && (await db.collection(COLLECTIONS.products).findOne({}, { projection: { _id: 1 } })) === null) {
      log(`seeding scale ${args.scale} into ${databaseName}`);
      await seedDatabase(db, { scale: args.scale, log });
    }
    const dataset = await buildRankerDataset(db, {
      horizonDays: args.horizonDays,
      maxUsers: args.maxUsers,
      onProgress(phase, done, total) {
        if (phase !== progress.label) {
          progress.bar?.stop();
          progress.label = phase;
          progress.bar = startProgress(
            phase === "examples" ? "ranker: building features" : `ranker: reading ${phase}`,
            total,
          );
        }
        progress.bar?.update(done);
      },
    });
    progress.bar?.stop();
    progress.bar = null;
    if (dataset.rows === 0)
      throw new Error(
        `no impressions with a product in ${databaseName}.events; seed first (npm run seed -- --scale small) or pass --scale`,
      );
    if (dataset.horizonDays < args.horizonDays)
      log(
        `delayed-conversion horizon lowered from ${args.horizonDays} to ${dataset.horizonDays} days: the impressions span too few days for a time split with the longer one`,
      );
    const version = `${new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z")}-mmoe`;
    const options: ExperimentOptions = {
      ...DEFAULT_EXPERIMENT,
      gate: args.gate,
      train: { ...DEFAULT_EXPERIMENT.train, epochs: args.epochs, seed: args.seed },
      onProgress(model, seen, total) {
        if (model !== progress.label) {
          progress.bar?.stop();
          progress.label = model;
          progress.bar = startProgress(`ranker: training ${model}`, total);
        }
        progress.bar?.update(seen);
      },
    };
    const result = runRankerExperiment(dataset, options, version);
    (progress.bar as Progress | null)?.stop(); // set again by the training callbacks
    progress.bar = null;
    const directory = resolve(projectRoot, config.DATA_DIR, RANKER_MODELS_DIR);
    const file = saveArtifact(directory, result.artifact);
    await jobArtifacts(config, resolve(projectRoot, config.DATA_DIR), database.db, log).publish(RANKER_ARTIFACT);
    const table = [
      "task                 model        AUC     log-loss",
      ...result.metrics.map(
        (m) => `${m.task.padEnd(20)} ${m.model.padEnd(12)} ${m.auc.toFixed(4)}  ${m.logloss.toFixed(4)}`,
      ),
    ];
    const mean = (model: string): number =>
      result.metrics.filter((m) => m.model === model).reduce((s, m) => s + m.auc, 0) / RANKER_TASKS.length;
    process.stdout.write(`${table.join("\n")}\n`);
    process.stdout.write(
      `mean AUC: mmoe ${mean("mmoe").toFixed(4)}, single-task ${mean("single-task").toFixed(4)}, popularity ${mean("popularity").toFixed(4)}\n` +
        `ranker trained on ${databaseName}: ${result.split.train[1] - result.split.train[0]} train / ${result.split.validation[1] - result.split.validation[0]} validation / ${result.split.test[1] - result.split.test[0]} test impressions (split at ${new Date(result.split.splitAt).toISOString()}), ${dataset.features.length} features, in ${result.seconds}s; artifact ${file}\n`,
    );
    if (args.out)
      writeFileSync(
        args.out,
        `${JSON.stringify({ version, database: databaseName, tasks: result.metrics, meanAuc: { mmoe: mean("mmoe"), "single-task": mean("single-task"), popularity: mean("popularity") }, positives: result.positives, training: result.artifact.training }, null, 2)}\n`,
      );
  } finally {
    progress.bar?.stop();
    await close();
    await database.close(); // openJobDatabase leaves a MONGODB_URI client open; closing twice is harmless
  }
}

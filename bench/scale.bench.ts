import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { projectRoot } from "../core/paths";
import { SEED_SCALES, type SeedScale } from "../jobs/seed/seed-scale";
import { defineCommand, JSON_FILE, UsageError } from "../core/cli-args";
import { emitJson } from "./bench-args";
import { scaleSteps } from "./scale/scale-steps";
import { runSteps, type StepResult, type StepSpec } from "./scale/step-runner";

const ARGS = defineCommand({
  command: "npm run bench -- scale",
  summary:
    "Runs every offline step on a private database at one scale, uninterrupted, and reports seconds and peak RSS of each, as JSON.",
  options: {
    scale: { type: "string", choices: SEED_SCALES, default: "tiny", help: "how much data" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
    "data-dir": {
      type: "string",
      value: "DIR",
      help: "DATA_DIR of the private database and models (default var/scale-<scale>)",
    },
    skip: {
      type: "list",
      value: "STEP,STEP",
      help: "steps already done on the data in --data-dir (their dependents run)",
    },
  },
});
export const USAGE = ARGS.usage;

/** File that marks a data folder as made by this benchmark, so a later run may delete it. */
const MARKER = ".scale-bench";

/** Parsed arguments of the scale benchmark. */
export interface ScaleBenchArguments {
  scale: SeedScale;
  out: string | null;
  /** Absolute DATA_DIR of the private database and models (default var/scale-<scale>). */
  dataDir: string;
  /**
   * Steps already done on the data in `dataDir` (not run; their dependents run). Skipping `seed` reuses
   * the seeded database as it is: the folder is not emptied and MONGODB_DATABASE is kept.
   */
  skip: string[];
}

/** Parses the flags; throws {@link UsageError} naming the bad one. */
export function parseScaleBenchArguments(argv: string[]): ScaleBenchArguments {
  const values = ARGS.parse(argv);
  const scale = values.scale;
  const out = values.out ?? null;
  const dataDir = resolve(
    projectRoot,
    typeof values["data-dir"] === "string" ? values["data-dir"] : join("var", `scale-${scale}`),
  );
  if (dataDir === projectRoot || dataDir === resolve(projectRoot, "var"))
    throw new UsageError(`--data-dir must be a folder of its own (got ${JSON.stringify(values["data-dir"])})`, USAGE);
  const skip = [...(values.skip ?? [])];
  const known = scaleSteps(projectRoot, scale as SeedScale).map((step) => step.name);
  const unknown = skip.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `--skip names unknown steps ${unknown.map((name) => JSON.stringify(name)).join(", ")} (steps: ${known.join(", ")})`,
      USAGE,
    );
  return { scale: scale as SeedScale, out, dataDir, skip };
}

/**
 * Empties `dataDir` for a fresh run: creates it, or deletes it first when an earlier run of this
 * benchmark made it (it holds the marker). Refuses any other non-empty folder.
 */
export function prepareDataDir(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!existsSync(join(dataDir, MARKER)))
      throw new UsageError(
        `${dataDir} is not empty and was not made by this benchmark; remove it or pass another --data-dir`,
        USAGE,
      );
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(join(dataDir, "logs"), { recursive: true });
  writeFileSync(join(dataDir, MARKER), "made by npm run bench -- scale; deleted by its next run\n");
}

/** Result of the scale benchmark (printed as JSON). */
export interface ScaleBenchResult {
  scale: SeedScale;
  machine: { cores: number; memoryGiB: number; node: string };
  dataDir: string;
  /** Steps not run because they were done before (`--skip`). */
  skipped: string[];
  backend: string;
  totalSeconds: number;
  steps: StepResult[];
}

/** The child environment: the private DATA_DIR, never a shared MONGODB_URI. */
export function stepEnvironment(
  dataDir: string,
  scale: SeedScale,
  env: NodeJS.ProcessEnv = process.env,
  reuse = false,
): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, DATA_DIR: dataDir };
  delete child.MONGODB_URI;
  // On PostgreSQL the data lives outside DATA_DIR; a database name of its own keeps the run private
  // (unless the run reuses a database seeded before, under the name it was seeded with).
  if (child.FERRETDB_BACKEND === "postgresql" && !reuse) child.MONGODB_DATABASE = `scale_${scale}`;
  return child;
}

/**
 * `npm run bench -- scale`: runs the whole offline pipeline (seed → attributes → co-purchase and
 * knowledge graph → text encoder, two-tower, ranker → index → deals) as child processes on a fresh
 * private database, and records each step's wall time and peak RSS (the embedded database separately).
 */
export async function main(argv: string[], steps?: StepSpec[]): Promise<ScaleBenchResult> {
  const args = parseScaleBenchArguments(argv);
  const reuse = args.skip.includes("seed");
  if (reuse) mkdirSync(join(args.dataDir, "logs"), { recursive: true });
  else prepareDataDir(args.dataDir);
  const env = stepEnvironment(args.dataDir, args.scale, process.env, reuse);
  const pipeline = withoutSkipped(steps ?? scaleSteps(projectRoot, args.scale), args.skip);
  const started = Date.now();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`scale ${args.scale}: ${pipeline.length} steps on ${args.dataDir} (logs in ${join(args.dataDir, "logs")})`);
  const machine = {
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
  const report = (steps: StepResult[]): ScaleBenchResult => ({
    scale: args.scale,
    machine,
    dataDir: args.dataDir,
    skipped: args.skip,
    backend: env.FERRETDB_BACKEND ?? "sqlite",
    totalSeconds: Math.round((Date.now() - started) / 100) / 10,
    steps,
  });
  const finished: StepResult[] = [];
  const results = await runSteps(pipeline, {
    cwd: projectRoot,
    env,
    logDir: join(args.dataDir, "logs"),
    echoStderr: process.stderr,
    onStart: (step, index, total) => log(`scale ${args.scale}: step ${index + 1}/${total} ${step.name}`),
    onEnd: (result) => {
      // A large run takes hours: --out holds every finished step, so a run stopped early keeps them.
      finished.push(result);
      if (args.out !== null) writeFileSync(args.out, JSON.stringify(report(finished), null, 2) + "\n");
      log(
        result.ok
          ? `scale ${args.scale}: ${result.name} ok in ${result.seconds}s, peak RSS ${result.peakRssMb} MB${result.databasePeakRssMb !== undefined ? `, database ${result.databasePeakRssMb} MB` : ""}`
          : `scale ${args.scale}: ${result.name} ${result.skipped ? "SKIPPED" : "FAILED"}: ${result.error}`,
      );
    },
  });
  const result = report(results);
  emitJson(result, args.out ?? undefined);
  const failed = results.filter((step) => !step.ok);
  log(
    `scale ${args.scale}: ${results.length - failed.length}/${results.length} steps ok in ${result.totalSeconds}s${failed.length ? `; not ok: ${failed.map((step) => step.name).join(", ")}` : ""}`,
  );
  if (failed.length > 0) process.exitCode = 1;
  return result;
}

/** The steps minus those done before; dependencies on them count as met. */
export function withoutSkipped(steps: StepSpec[], skip: readonly string[]): StepSpec[] {
  return steps
    .filter((step) => !skip.includes(step.name))
    .map((step) => ({ ...step, dependsOn: step.dependsOn.filter((name) => !skip.includes(name)) }));
}

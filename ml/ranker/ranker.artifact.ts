import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { MmoeModel } from "./mmoe.model";
import { FEATURE_NAMES, FEATURE_VERSION } from "./ranker.features";
import { RANKER_TASKS } from "./ranker-tasks";

/** Format version of the artifact file; bumped on incompatible changes. */
export const ARTIFACT_FORMAT = 1;
/** Folder of ranker artifacts under DATA_DIR. */
export const RANKER_MODELS_DIR = join("models", "ranker");

/** One evaluation row of the closing table. */
export interface TaskMetric {
  task: string;
  model: "mmoe" | "single-task" | "popularity";
  auc: number;
  logloss: number;
}

const artifactSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  version: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/),
  createdAt: z.string(),
  featureVersion: z.number().int(),
  features: z.array(z.string()),
  tasks: z.array(z.string()),
  shape: z.object({
    inputs: z.number().int().positive(),
    experts: z.number().int().positive(),
    expertUnits: z.number().int().positive(),
    towerUnits: z.number().int().positive(),
    tasks: z.number().int().positive(),
    gateInputs: z.array(z.number().int().nonnegative()).optional(),
  }),
  /** Float32 parameters, little-endian, base64. */
  parameters: z.string(),
  calibration: z.array(z.object({ a: z.number(), b: z.number() })),
  metrics: z.array(
    z.object({
      task: z.string(),
      model: z.enum(["mmoe", "single-task", "popularity"]),
      auc: z.number().nullable(),
      logloss: z.number().nullable(),
    }),
  ),
  training: z.record(z.string(), z.unknown()),
});

/** A saved ranker: the MMoE, its per-task Platt calibration and the run's metrics. */
export type RankerArtifact = z.infer<typeof artifactSchema>;

/** Encodes a Float32Array as base64 (little-endian bytes). */
export function encodeParameters(parameters: Float32Array): string {
  return Buffer.from(parameters.buffer, parameters.byteOffset, parameters.byteLength).toString("base64");
}

/** Decodes {@link encodeParameters}. */
export function decodeParameters(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(bytes.length / 4));
}

/** Writes `<dir>/<version>/model.json` and `metrics.json` (via a temp file, then rename), then `<dir>/LATEST`. */
export function saveArtifact(directory: string, artifact: RankerArtifact): string {
  const folder = join(directory, artifact.version);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, "model.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(artifact));
  renameSync(`${file}.tmp`, file);
  writeFileSync(
    join(folder, "metrics.json"),
    `${JSON.stringify({ version: artifact.version, tasks: artifact.metrics, training: artifact.training }, null, 2)}\n`,
  );
  writeFileSync(join(directory, "LATEST.tmp"), `${artifact.version}\n`);
  renameSync(join(directory, "LATEST.tmp"), join(directory, "LATEST"));
  return file;
}

/** A loaded, checked artifact and its model. */
export interface LoadedRanker {
  artifact: RankerArtifact;
  model: MmoeModel;
}

/**
 * Loads the version named in `<dir>/LATEST` (else the newest folder); null when there is none.
 * Throws with the reason when the file is corrupt or was trained on another feature layout.
 */
export function loadLatestArtifact(directory: string): LoadedRanker | null {
  if (!existsSync(directory)) return null;
  const latest = existsSync(join(directory, "LATEST"))
    ? readFileSync(join(directory, "LATEST"), "utf8").trim()
    : readdirSync(directory)
        .filter((name) => existsSync(join(directory, name, "model.json")))
        .sort()
        .pop();
  if (!latest || !existsSync(join(directory, latest, "model.json"))) return null;
  return loadArtifact(join(directory, latest, "model.json"));
}

/** Loads and validates one artifact file. */
export function loadArtifact(file: string): LoadedRanker {
  const parsed = artifactSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `ranker artifact ${file} is invalid: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
    );
  const artifact = parsed.data;
  if (artifact.featureVersion !== FEATURE_VERSION || artifact.features.join(",") !== FEATURE_NAMES.join(","))
    throw new Error(
      `ranker artifact ${file} was trained on feature layout ${artifact.featureVersion}; this build has ${FEATURE_VERSION} — retrain with npm run train -- ranker`,
    );
  if (artifact.tasks.join(",") !== RANKER_TASKS.join(","))
    throw new Error(
      `ranker artifact ${file} has tasks ${artifact.tasks.join(",")}, expected ${RANKER_TASKS.join(",")}`,
    );
  const model = new MmoeModel(artifact.shape, decodeParameters(artifact.parameters));
  return { artifact, model };
}

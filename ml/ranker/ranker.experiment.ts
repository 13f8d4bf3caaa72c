import { MmoeModel, type MmoeShape } from "./mmoe.model";
import { DEFAULT_TRAIN_OPTIONS, trainMmoe, type LabeledRows, type TrainOptions } from "./mmoe.trainer";
import { calibrate, fitPlatt, type PlattParameters } from "./platt.calibration";
import { popularityRates } from "./popularity.baseline";
import { ARTIFACT_FORMAT, encodeParameters, type RankerArtifact, type TaskMetric } from "./ranker.artifact";
import { FEATURE_NAMES, FEATURE_VERSION, SURFACE_COLUMNS } from "./ranker.features";
import { auc, logLoss } from "./ranker.metrics";
import type { RankerDataset } from "./ranker-dataset";
import { RANKER_TASKS } from "./ranker-tasks";

/** Settings of one training run. */
export interface ExperimentOptions {
  experts: number;
  expertUnits: number;
  towerUnits: number;
  /** `surface`: gates read only the surface one-hot; `all`: every feature (surface included). */
  gate: "surface" | "all";
  /** Share of the (purged) time range held out as the test set (the latest impressions). */
  testShare: number;
  /** Share of the training rows (the latest) used for early stopping and calibration. */
  validationShare: number;
  train: TrainOptions;
  /** Progress: model label, examples seen, total examples to see. */
  onProgress?: (label: string, seen: number, total: number) => void;
}

export const DEFAULT_EXPERIMENT: ExperimentOptions = {
  experts: 4,
  expertUnits: 24,
  towerUnits: 12,
  gate: "all",
  testShare: 0.2,
  validationShare: 0.1,
  train: DEFAULT_TRAIN_OPTIONS,
};

/** Row ranges of the time-based split. */
export interface TimeSplit {
  train: [number, number];
  validation: [number, number];
  test: [number, number];
  /** First test impression time; training stops `horizonDays` before it (labels never see the test period). */
  splitAt: number;
}

/** Result of a run. */
export interface ExperimentResult {
  metrics: TaskMetric[];
  split: TimeSplit;
  artifact: RankerArtifact;
  positives: Record<string, { train: number; test: number }>;
  seconds: number;
}

/**
 * Time-based split with a purge: rows whose delayed label is still censored (later than end − horizon)
 * are dropped; the latest `testShare` is the test set; training rows end `horizon` before the first test
 * row, so no training label looks into the test period; validation is the latest part of training.
 */
export function timeSplit(
  dataset: Pick<RankerDataset, "at" | "rows" | "end" | "horizonDays">,
  testShare: number,
  validationShare: number,
): TimeSplit {
  const horizon = dataset.horizonDays * 86_400_000;
  let usable = dataset.rows;
  while (usable > 0 && dataset.at[usable - 1]! > dataset.end - horizon) usable -= 1;
  const testStart = Math.floor(usable * (1 - testShare));
  const splitAt = dataset.at[testStart] ?? dataset.end;
  let trainEnd = testStart;
  while (trainEnd > 0 && dataset.at[trainEnd - 1]! >= splitAt - horizon) trainEnd -= 1;
  const validationStart = Math.floor(trainEnd * (1 - validationShare));
  return { train: [0, validationStart], validation: [validationStart, trainEnd], test: [testStart, usable], splitAt };
}

/** Trains the MMoE, one single-task model per task and the popularity baseline; evaluates all on the test rows. */
export function runRankerExperiment(
  dataset: RankerDataset,
  options: ExperimentOptions,
  version: string,
): ExperimentResult {
  const started = Date.now();
  const split = timeSplit(dataset, options.testShare, options.validationShare);
  const K = RANKER_TASKS.length;
  const D = FEATURE_NAMES.length;
  const slice = ([from, to]: [number, number]): LabeledRows => ({
    x: dataset.x.subarray(from * D, to * D),
    y: dataset.y.subarray(from * K, to * K),
    rows: to - from,
    labelColumns: K,
  });
  const train = slice(split.train);
  const validation = slice(split.validation);
  const test = slice(split.test);
  if (train.rows === 0 || validation.rows === 0 || test.rows === 0)
    throw new Error(
      `not enough impressions for a time split (train ${train.rows}, validation ${validation.rows}, test ${test.rows}); seed a larger scale`,
    );
  const rates = RANKER_TASKS.map((_, k) => positiveRate(train, k));
  const gateInputs = options.gate === "surface" ? [...SURFACE_COLUMNS] : undefined;
  const shape = (tasks: number): MmoeShape => ({
    inputs: D,
    experts: options.experts,
    expertUnits: options.expertUnits,
    towerUnits: options.towerUnits,
    tasks,
    ...(gateInputs ? { gateInputs } : {}),
  });
  const total = train.rows * options.train.epochs;

  const mmoe = new MmoeModel(shape(K)).initialize(options.train.seed, rates);
  const mmoeSummary = trainMmoe(mmoe, train, {
    ...options.train,
    validation,
    onBatch: (seen) => options.onProgress?.("mmoe", seen, total),
  });
  const mmoeCalibration = fitCalibration(mmoe, validation, [0, 1, 2, 3]);
  const mmoeTest = mmoe.predict(test.x, test.rows);

  const metrics: TaskMetric[] = [];
  const positives: Record<string, { train: number; test: number }> = {};
  RANKER_TASKS.forEach((task, k) => {
    const labels = column(test.y, K, k, test.rows);
    positives[task] = { train: countPositives(train, k), test: labels.reduce((s, v) => s + v, 0) };
    const p = Float64Array.from({ length: test.rows }, (_, row) =>
      calibrate(mmoeTest[row * K + k]!, mmoeCalibration[k]!),
    );
    metrics.push(metric(task, "mmoe", p, labels));
  });
  RANKER_TASKS.forEach((task, k) => {
    const single = new MmoeModel(shape(1)).initialize(options.train.seed + 1 + k, [rates[k]!]);
    trainMmoe(single, train, {
      ...options.train,
      taskColumns: [k],
      validation,
      onBatch: (seen) => options.onProgress?.(`single-task ${task}`, seen, total),
    });
    const calibration = fitCalibration(single, validation, [k])[0]!;
    const raw = single.predict(test.x, test.rows);
    const p = Float64Array.from({ length: test.rows }, (_, row) => calibrate(raw[row]!, calibration));
    metrics.push(metric(task, "single-task", p, column(test.y, K, k, test.rows)));
  });
  RANKER_TASKS.forEach((task, k) => {
    const { rates: byProduct, global } = popularityRates(
      dataset.product,
      dataset.y,
      K,
      k,
      split.train[0],
      split.validation[1],
    );
    const p = Float64Array.from(
      { length: test.rows },
      (_, row) => byProduct.get(dataset.product[split.test[0] + row]!) ?? global,
    );
    metrics.push(metric(task, "popularity", p, column(test.y, K, k, test.rows)));
  });

  const artifact: RankerArtifact = {
    format: ARTIFACT_FORMAT,
    version,
    createdAt: new Date().toISOString(),
    featureVersion: FEATURE_VERSION,
    features: [...FEATURE_NAMES],
    tasks: [...RANKER_TASKS],
    shape: mmoe.shape,
    parameters: encodeParameters(mmoe.parameters),
    calibration: mmoeCalibration,
    metrics: metrics.map((m) => ({
      ...m,
      auc: Number.isFinite(m.auc) ? m.auc : null,
      logloss: Number.isFinite(m.logloss) ? m.logloss : null,
    })),
    training: {
      rows: { train: train.rows, validation: validation.rows, test: test.rows },
      splitAt: new Date(split.splitAt).toISOString(),
      horizonDays: dataset.horizonDays,
      positives,
      bestEpoch: mmoeSummary.bestEpoch,
      validationLoss: mmoeSummary.validationLoss,
      options: {
        experts: options.experts,
        expertUnits: options.expertUnits,
        towerUnits: options.towerUnits,
        gate: options.gate,
        epochs: options.train.epochs,
        batchSize: options.train.batchSize,
        learningRate: options.train.learningRate,
        seed: options.train.seed,
      },
    },
  };
  return { metrics, split, artifact, positives, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

function fitCalibration(model: MmoeModel, validation: LabeledRows, columns: number[]): PlattParameters[] {
  const raw = model.predict(validation.x, validation.rows);
  const K = model.shape.tasks;
  return columns.map((c, k) =>
    fitPlatt(
      Float64Array.from({ length: validation.rows }, (_, row) => raw[row * K + k]!),
      column(validation.y, validation.labelColumns, c, validation.rows),
    ),
  );
}

function metric(task: string, model: TaskMetric["model"], p: Float64Array, labels: Uint8Array): TaskMetric {
  return { task, model, auc: round(auc(p, labels)), logloss: round(logLoss(p, labels)) };
}

function column(y: Uint8Array, columns: number, k: number, rows: number): Uint8Array {
  return Uint8Array.from({ length: rows }, (_, row) => y[row * columns + k]!);
}

function countPositives(rows: LabeledRows, k: number): number {
  let n = 0;
  for (let row = 0; row < rows.rows; row += 1) n += rows.y[row * rows.labelColumns + k]!;
  return n;
}

function positiveRate(rows: LabeledRows, k: number): number {
  return (countPositives(rows, k) + 1) / (rows.rows + 2);
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10000) / 10000 : value;
}

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfigOrExit } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { startProgress } from "../../core/progress";
import { readCatalogData } from "../../ml/embeddings/catalog-data.reader";
import { databaseOption, defineCommand } from "../../core/cli-args";
import { DEFAULT_TRAINING_USERS, sampleIds, sampleUsers } from "../../ml/user-sample";
import { artifactVersion } from "../../ml/embeddings/model-artifact";
import { loadTextEncoder, TEXT_ENCODER_MODELS_DIR } from "../../ml/text-encoder/text-encoder.artifact";
import { buildCatalogDataset, CATALOG_NUMERIC_FEATURES } from "../../ml/two-tower/catalog-dataset.builder";
import { itemMatrix, popularityRanking, retrievalRecall } from "../../ml/two-tower/retrieval.metrics";
import { saveTwoTower, TWO_TOWER_MODELS_DIR } from "../../ml/two-tower/two-tower.artifact";
import { TwoTowerModel } from "../../ml/two-tower/two-tower.model";
import { DEFAULT_TWO_TOWER_TRAIN, trainTwoTower } from "../../ml/two-tower/two-tower.trainer";
import { DEFAULT_POOLING } from "../../ml/two-tower/user-state.builder";
import { openJobDatabase } from "../../core/database/job-database";
import { jobArtifacts } from "../../core/artifacts/artifact-sync";
import { TEXT_ENCODER_ARTIFACT, TWO_TOWER_ARTIFACT } from "../../ml/model-artifacts";
import { OrdersRepository } from "../../subgraphs/user-profile/orders.repository";

/** Default --holdout-users: each holdout shopper ranks every item (500k at the large seed). */
const DEFAULT_HOLDOUT_USERS = 5_000;
const ARGS = defineCommand({
  command: "npm run train -- two-tower",
  summary: "Trains the retrieval towers on order histories, scores a time-based holdout, saves a versioned artifact.",
  options: {
    database: databaseOption("read this database (default MONGODB_DATABASE)"),
    epochs: { type: "int", min: 1, max: 100, default: DEFAULT_TWO_TOWER_TRAIN.epochs, help: "training epochs" },
    dims: { type: "int", min: 8, max: 256, default: 64, help: "embedding dimensions" },
    "random-seed": { type: "int", min: 0, max: 2 ** 31, default: DEFAULT_TWO_TOWER_TRAIN.seed, help: "random seed" },
    "no-logq": { type: "boolean", help: "train without the logQ popularity correction" },
    "max-users": {
      type: "int",
      min: 1,
      max: 10_000_000,
      default: DEFAULT_TRAINING_USERS,
      help: "shoppers whose orders are trained on (a deterministic sample when there are more)",
    },
    "holdout-users": {
      type: "int",
      min: 1,
      max: 10_000_000,
      default: DEFAULT_HOLDOUT_USERS,
      help: "holdout shoppers scored (each ranks every item)",
    },
    out: { type: "string", value: "FILE.json", help: "also write the metrics here" },
  },
});
export const USAGE = ARGS.usage;
const KS = [10, 20, 50, 100];

/** `npm run train -- two-tower`: trains the retrieval towers on order histories, scores a time-based holdout, saves a versioned artifact. */
export async function main(argv: string[]): Promise<void> {
  const flags = ARGS.parse(argv);
  const config = loadConfigOrExit();
  const databaseName = flags.database ?? config.MONGODB_DATABASE;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase({ ...config, MONGODB_DATABASE: databaseName }, log);
  try {
    const started = performance.now();
    const users = await sampleUsers(database.db, flags["max-users"]);
    if (users) log(`training on the orders of ${users.size} sampled shoppers (--max-users)`);
    // Sampled shoppers' orders may be read shopper by shopper (readCatalogData): through this index.
    if (users) await new OrdersRepository(database.db).ensureIndexes();
    const data = await readCatalogData(database.db, (collection, done) => log(`read ${done} ${collection}`), { users });
    if (data.orders.length === 0)
      throw new Error(`no orders in ${databaseName}; seed first (npm run seed -- --scale small)`);
    const artifacts = jobArtifacts(config, resolve(projectRoot, config.DATA_DIR), database.db, log);
    await artifacts.pull([TEXT_ENCODER_ARTIFACT]);
    const text = loadTextEncoder(resolve(projectRoot, config.DATA_DIR, TEXT_ENCODER_MODELS_DIR));
    if (!text) log("no text encoder artifact (npm run train -- text-encoder): training without text features");
    const dataset = buildCatalogDataset(data, text?.encoder ?? null);
    // Scoring a holdout shopper ranks every item: a deterministic sample keeps the evaluation minutes long.
    const holdoutIds = sampleIds(
      dataset.holdout.map((user) => user.userId),
      flags["holdout-users"],
    );
    const holdout = holdoutIds ? dataset.holdout.filter((user) => holdoutIds.has(user.userId)) : dataset.holdout;
    const readSeconds = (performance.now() - started) / 1000;
    const shape = {
      dims: flags.dims,
      items: dataset.itemIds.length,
      features: dataset.vocabulary.size,
      textDims: dataset.textDims,
      numeric: CATALOG_NUMERIC_FEATURES,
    };
    const seed = flags["random-seed"];
    const model = TwoTowerModel.initialize(shape, seed);
    const options = {
      ...DEFAULT_TWO_TOWER_TRAIN,
      seed,
      epochs: flags.epochs,
      logQCorrection: !flags["no-logq"],
    };
    const trainStarted = performance.now();
    const bar = startProgress("two-tower: training", options.epochs * dataset.examples.item.length);
    const losses = trainTwoTower(model, dataset.items, dataset.examples, {
      ...options,
      onProgress: (seen) => bar.update(seen),
    });
    bar.stop();
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    const evalBar = startProgress("two-tower: holdout recall", holdout.length);
    const recall = retrievalRecall(
      model,
      itemMatrix(model, dataset.items),
      holdout,
      popularityRanking(dataset.trainCounts, Math.max(...KS)),
      KS,
      () => evalBar.tick(),
    );
    evalBar.stop();
    const metrics = {
      database: databaseName,
      items: shape.items,
      features: shape.features,
      textEncoderVersion: text?.version ?? null,
      sampledUsers: users?.size ?? null,
      examples: dataset.examples.item.length,
      userStates: dataset.examples.states.length,
      splitAt: new Date(dataset.splitAt).toISOString(),
      holdoutUsers: recall.users,
      epochs: options.epochs,
      logQCorrection: options.logQCorrection,
      losses,
      recall: { twoTower: recall.twoTower, popularity: recall.popularity },
      readSeconds: Number(readSeconds.toFixed(1)),
      trainSeconds: Number(trainSeconds.toFixed(1)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    const version = artifactVersion("two-tower");
    const folder = saveTwoTower(resolve(projectRoot, config.DATA_DIR, TWO_TOWER_MODELS_DIR), version, model, {
      kind: "two-tower",
      shape,
      itemIds: dataset.itemIds,
      featureTokens: [...dataset.vocabulary.tokens],
      textEncoderVersion: text?.version ?? null,
      pooling: DEFAULT_POOLING,
      itemCounts: Array.from(dataset.trainCounts),
      createdAt: new Date().toISOString(),
      metrics,
    });
    await artifacts.publish(TWO_TOWER_ARTIFACT);
    const row = (name: string, table: Record<string, number>): string =>
      `${name.padEnd(12)} ${KS.map((k) => table[`recall@${k}`]!.toFixed(4).padStart(10)).join("")}`;
    process.stdout.write(
      `${"".padEnd(12)} ${KS.map((k) => `recall@${k}`.padStart(10)).join("")}\n${row("two-tower", recall.twoTower)}\n${row("popularity", recall.popularity)}\n` +
        `two-tower ${version}: ${metrics.examples} examples, ${shape.items} items, ${recall.users} holdout users (split ${metrics.splitAt}), loss ${losses.map((l) => l.toFixed(3)).join(" → ")}\n` +
        `read ${metrics.readSeconds}s, train ${metrics.trainSeconds}s, peak RSS ${metrics.peakRssMb} MB; artifact ${folder}\n`,
    );
    if (flags.out) writeFileSync(flags.out, `${JSON.stringify({ version, ...metrics }, null, 2)}\n`);
  } finally {
    await database.close();
    await close();
  }
}

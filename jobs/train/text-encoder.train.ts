import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfigOrExit } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { startProgress } from "../../core/progress";
import { coPurchasePairs, readCatalogData } from "../../ml/embeddings/catalog-data.reader";
import { sampleIds } from "../../ml/user-sample";
import { databaseOption, defineCommand } from "../../core/cli-args";
import { artifactVersion } from "../../ml/embeddings/model-artifact";
import { catalogTextPairs, productText } from "../../ml/text-encoder/catalog-text";
import { idfFeatureWeights } from "../../ml/text-encoder/feature-weights";
import { saveTextEncoder, TEXT_ENCODER_MODELS_DIR } from "../../ml/text-encoder/text-encoder.artifact";
import { evaluateTextEncoder } from "../../ml/text-encoder/text-encoder.metrics";
import { TextEncoder } from "../../ml/text-encoder/text-encoder.model";
import { DEFAULT_TEXT_TRAIN, trainTextEncoder } from "../../ml/text-encoder/text-encoder.trainer";
import { fnv1a } from "../../ml/text-encoder/text-tokenizer";
import { openJobDatabase } from "../../core/database/job-database";
import { jobArtifacts } from "../../core/artifacts/artifact-sync";
import { TEXT_ENCODER_ARTIFACT } from "../../ml/model-artifacts";

const POOLINGS = ["idf", "uniform"] as const;
/** Default --max-pairs: about 15 minutes of training on this 2-core machine. */
const DEFAULT_MAX_PAIRS = 1_000_000;
const ARGS = defineCommand({
  command: "npm run train -- text-encoder",
  summary:
    "Trains the hashed n-gram text encoder on catalog and co-purchase pairs; saves a versioned artifact with metrics.",
  options: {
    database: databaseOption("read this database (default MONGODB_DATABASE)"),
    epochs: { type: "int", min: 1, max: 50, default: DEFAULT_TEXT_TRAIN.epochs, help: "training epochs" },
    "random-seed": { type: "int", min: 0, max: 2 ** 31, default: DEFAULT_TEXT_TRAIN.seed, help: "random seed" },
    pooling: { type: "string", choices: POOLINGS, default: "idf", help: "how token vectors are pooled" },
    "max-pairs": {
      type: "int",
      min: 1000,
      max: 100_000_000,
      default: DEFAULT_MAX_PAIRS,
      help: "training pairs at most (about 15 minutes at the default on 2 cores)",
    },
    out: { type: "string", value: "FILE.json", help: "also write the metrics here" },
  },
});
export const USAGE = ARGS.usage;
/** Co-purchase pairs used at most, and the orders read for them (up to 4 pairs an order). */
const CO_PURCHASE_PAIRS = 200_000;
const CO_PURCHASE_ORDERS = 100_000;
/** Catalog pairs per product, roughly (category path, tag, brand, title → text). */
const CATALOG_PAIRS_PER_PRODUCT = 5;

/** `npm run train -- text-encoder`: hashed n-gram encoder trained on catalog and co-purchase pairs; versioned artifact with metrics. */
export async function main(argv: string[]): Promise<void> {
  const flags = ARGS.parse(argv);
  const pooling = flags.pooling;
  const config = loadConfigOrExit();
  const databaseName = flags.database ?? config.MONGODB_DATABASE;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase({ ...config, MONGODB_DATABASE: databaseName }, log);
  try {
    const started = performance.now();
    // Co-purchase pairs come from a sample of baskets (at most CO_PURCHASE_PAIRS are used): no need to scan every order.
    const data = await readCatalogData(database.db, (collection, done) => log(`read ${done} ${collection}`), {
      limit: CO_PURCHASE_ORDERS,
    });
    if (data.products.length === 0)
      throw new Error(`no products in ${databaseName}; seed first (npm run seed -- --scale small)`);
    // 10% of products (by id hash) are held out: none of their pairs is trained on; metrics are measured on them.
    const heldOut = new Set(
      data.products.filter((product) => fnv1a(product._id) % 10 === 0).map((product) => product._id),
    );
    const trainProducts = data.products.filter((product) => !heldOut.has(product._id));
    const testProducts = data.products.filter((product) => heldOut.has(product._id));
    const coPurchases = coPurchasePairs(data.orders).filter(([a, b]) => !heldOut.has(a) && !heldOut.has(b));
    const maxPairs = flags["max-pairs"];
    const coPurchaseShare = coPurchases.slice(0, Math.min(CO_PURCHASE_PAIRS, Math.floor(maxPairs / 5)));
    // At the large seed (450k training products, about 5 pairs each) all pairs would take hours: beyond
    // --max-pairs, the catalog pairs of a deterministic sample of products are kept.
    const catalogBudget = Math.max(1, Math.floor((maxPairs - coPurchaseShare.length) / CATALOG_PAIRS_PER_PRODUCT));
    const sampled = sampleIds(
      trainProducts.map((product) => product._id),
      catalogBudget,
    );
    const pairProducts = sampled ? trainProducts.filter((product) => sampled.has(product._id)) : trainProducts;
    const pairs = catalogTextPairs(pairProducts, data.categoryNames, coPurchaseShare);
    const seed = flags["random-seed"];
    const encoder = TextEncoder.initialize(undefined, seed);
    // IDF over the training products' texts (held-out ones excluded), set before training so that training and serving pool alike.
    if (pooling === "idf")
      encoder.featureWeights = idfFeatureWeights(
        trainProducts.map((product) => productText(product, data.categoryNames)),
        encoder.shape.buckets,
      );
    const before = evaluateTextEncoder(encoder, testProducts, data.categoryNames);
    const options = {
      ...DEFAULT_TEXT_TRAIN,
      seed,
      epochs: flags.epochs,
    };
    const bar = startProgress("text-encoder: training", options.epochs * pairs.length);
    const losses = trainTextEncoder(encoder, pairs, { ...options, onProgress: (seen) => bar.update(seen) });
    bar.stop();
    const after = evaluateTextEncoder(encoder, testProducts, data.categoryNames);
    const seconds = (performance.now() - started) / 1000;
    const metrics = {
      database: databaseName,
      pooling,
      products: data.products.length,
      pairProducts: pairProducts.length,
      pairs: pairs.length,
      coPurchasePairs: coPurchases.length,
      epochs: options.epochs,
      losses,
      heldOut: { untrained: before, trained: after },
      seconds: Number(seconds.toFixed(1)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    const version = artifactVersion("text-encoder");
    const folder = saveTextEncoder(
      resolve(projectRoot, config.DATA_DIR, TEXT_ENCODER_MODELS_DIR),
      version,
      encoder,
      metrics,
    );
    await jobArtifacts(config, resolve(projectRoot, config.DATA_DIR), database.db, log).publish(TEXT_ENCODER_ARTIFACT);
    process.stdout.write(
      `text encoder ${version} (${pooling} pooling): ${pairs.length} pairs, ${options.epochs} epochs, loss ${losses.map((l) => l.toFixed(3)).join(" → ")}\n` +
        `held-out title → leaf category: accuracy ${before.leafAccuracy.toFixed(3)} → ${after.leafAccuracy.toFixed(3)}, recall@5 ${before.leafRecallAt5.toFixed(3)} → ${after.leafRecallAt5.toFixed(3)} (${after.products} products)\n` +
        `${seconds.toFixed(1)}s, peak RSS ${metrics.peakRssMb} MB; artifact ${folder}\n`,
    );
    if (flags.out) writeFileSync(flags.out, `${JSON.stringify({ version, ...metrics }, null, 2)}\n`);
  } finally {
    await database.close();
    await close();
  }
}

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../core/config";
import { connectDatabase } from "../core/database/connection";
import { GENERATED_COLLECTIONS } from "../core/documents/generated-collection.document";
import { PLUGIN as COLLECTIONS_PLUGIN } from "../jobs/llm-collections.job";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import { USER_ATTRIBUTES_COLLECTION } from "../subgraphs/user-profile/attributes/user-attributes.document";
import { npmScriptCommand } from "../core/npm-script";
import { projectRoot } from "../core/paths";
import { RANKER_MODELS_DIR } from "../ml/ranker/ranker.artifact";
import { SEMANTIC_ID_MODELS_DIR } from "../ml/semantic-ids/semantic-id.artifact";
import { TEXT_ENCODER_MODELS_DIR } from "../ml/text-encoder/text-encoder.artifact";
import { TWO_TOWER_MODELS_DIR } from "../ml/two-tower/two-tower.artifact";
import { describeTransfer, openArtifactStore, syncArtifacts } from "../core/artifacts/artifact-sync";
import { servedArtifacts } from "../ml/model-artifacts";

/** One model `npm start` can train: where its artifact lives and the command that makes it. */
interface ModelStep {
  name: string;
  /** Artifact folder under DATA_DIR; the step runs when it has no LATEST. */
  directory: string;
  /** `npm run <script> -- <args>` */
  script: "train" | "jobs";
  args: string[];
}

/** In dependency order: the index job embeds items with the text encoder and the two-tower item tower. */
const MODEL_STEPS: readonly ModelStep[] = [
  { name: "text encoder", directory: TEXT_ENCODER_MODELS_DIR, script: "train", args: ["text-encoder"] },
  { name: "two-tower model", directory: TWO_TOWER_MODELS_DIR, script: "train", args: ["two-tower"] },
  { name: "Semantic IDs and vector indexes", directory: SEMANTIC_ID_MODELS_DIR, script: "jobs", args: ["index"] },
  { name: "ranker", directory: RANKER_MODELS_DIR, script: "train", args: ["ranker"] },
];

/**
 * Trains, one child process each, the models DATA_DIR has no artifact for, against the running database
 * (`mongodbUri`). A step that fails is logged and skipped (the product serves without that model and says
 * so), and the steps after an index failure still run. Returns the names of the models trained.
 */
export async function trainMissingModels(
  config: Config,
  mongodbUri: string,
  log: (line: string) => void,
): Promise<string[]> {
  const dataDir = resolve(projectRoot, config.DATA_DIR);
  // With ARTIFACT_STORE=database a model another machine published is fetched, not trained again.
  if (config.ARTIFACT_STORE === "database") {
    const database = connectDatabase({ uri: mongodbUri, databaseName: config.MONGODB_DATABASE, timeoutMs: 10000 });
    try {
      const store = openArtifactStore(config, dataDir, database.db);
      for (const done of await syncArtifacts(store, dataDir, servedArtifacts(config)))
        log(`  fetched ${describeTransfer(done)} from the artifact store`);
    } finally {
      await database.close();
    }
  }
  const missing = MODEL_STEPS.filter((step) => !existsSync(join(dataDir, step.directory, "LATEST")));
  if (missing.length === 0) return [];
  log(
    `training the missing models on the seeded data (${missing.map((step) => step.name).join(", ")}); TRAIN_ON_START=off skips this`,
  );
  const trained: string[] = [];
  for (const step of missing) {
    const started = Date.now();
    const code = await runScript(step, {
      MONGODB_URI: mongodbUri,
      MONGODB_DATABASE: config.MONGODB_DATABASE,
      PROGRESS: "off",
    });
    if (code === 0) {
      trained.push(step.name);
      log(`  ${step.name}: trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else log(`  ${step.name}: failed (exit code ${code}); serving without it`);
  }
  return trained;
}

/**
 * Generates the LLM collections (`npm run jobs -- llm-collections --offline`) when the database holds
 * none (`generated_collections` is empty), so a newcomer's HOME shows them:
 * first the shoppers' attributes (`npm run jobs -- attributes`) when none are stored yet, because the
 * collections are generated per shopper cluster. Always the offline provider: a first start spends no
 * model tokens (run the job without `--offline` for model-written ones). A failure is logged and skipped.
 * Skipped when plugins/registry.ts does not list the collections plugin (the feature is off). Returns true
 * when collections were generated.
 */
export async function generateMissingCollections(
  config: Config,
  mongodbUri: string,
  log: (line: string) => void,
): Promise<boolean> {
  if (!LLM_FEATURE_PLUGINS.some((plugin) => plugin.name === COLLECTIONS_PLUGIN && plugin.enrich)) return false;
  const database = connectDatabase({ uri: mongodbUri, databaseName: config.MONGODB_DATABASE, timeoutMs: 10000 });
  let needsAttributes: boolean;
  try {
    if ((await database.db.collection(GENERATED_COLLECTIONS).findOne({}, { projection: { _id: 1 } })) !== null)
      return false;
    needsAttributes =
      (await database.db.collection(USER_ATTRIBUTES_COLLECTION).findOne({}, { projection: { _id: 1 } })) === null;
  } finally {
    await database.close();
  }
  log("generating collections for the shopper clusters, stores and departments (offline provider)");
  const env = { MONGODB_URI: mongodbUri, MONGODB_DATABASE: config.MONGODB_DATABASE, PROGRESS: "off" };
  const started = Date.now();
  if (
    needsAttributes &&
    (await runScript({ name: "shopper attributes", directory: "", script: "jobs", args: ["attributes"] }, env)) !== 0
  ) {
    log("  shopper attributes: failed; collections are generated for stores and departments only");
  }
  const code = await runScript(
    { name: "generated collections", directory: "", script: "jobs", args: ["llm-collections", "--offline"] },
    env,
  );
  log(
    code === 0
      ? `  generated collections: done in ${((Date.now() - started) / 1000).toFixed(1)} s`
      : `  generated collections: failed (exit code ${code}); serving without them`,
  );
  return code === 0;
}

function runScript(step: ModelStep, env: Record<string, string>): Promise<number> {
  return new Promise((resolveRun) => {
    const [executable, ...args] = npmScriptCommand(projectRoot, step.script);
    const child = spawn(executable!, [...args, ...step.args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.once("exit", (code) => {
      if (code !== 0 && errors) process.stderr.write(errors);
      resolveRun(code ?? 1);
    });
  });
}

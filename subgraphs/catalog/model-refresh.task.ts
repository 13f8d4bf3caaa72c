import { spawn } from "node:child_process";
import { hostname, setPriority } from "node:os";
import { resolve } from "node:path";
import type { Db } from "mongodb";
import { readCatalogVersion } from "../../core/catalog/catalog-version";
import type { Config } from "../../core/config";
import { createLogger } from "../../core/logger";
import { npmScriptCommand } from "../../core/npm-script";
import { projectRoot } from "../../core/paths";
import { ModelRefreshFollower, type RefreshStep } from "../../ml/model-refresh/model-refresh";
import type { BackgroundTask } from "../shared/subgraph";

/**
 * Runs `npm run <script> -- <args>` against the same database and DATA_DIR as this process, at low CPU
 * priority where the OS allows, its stderr tail logged on failure. Resolves to the exit code.
 */
export function runRefreshStep(step: RefreshStep, config: Config, log: (line: string) => void): Promise<number> {
  return new Promise((resolveRun) => {
    const [executable, ...args] = npmScriptCommand(projectRoot, step.script);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGODB_DATABASE: config.MONGODB_DATABASE,
      DATA_DIR: config.DATA_DIR,
      PROGRESS: "off",
    };
    if (config.MONGODB_URI) env.MONGODB_URI = config.MONGODB_URI;
    const child = spawn(executable!, [...args, ...step.args], {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Serving keeps the CPU first: the retraining yields to requests.
    if (child.pid) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not permitted here: runs at normal priority
      }
    }
    let errors = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) log(`  ${step.name}: ${line.trim()}`);
    });
    child.stderr?.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.once("exit", (code) => {
      if (code !== 0 && errors) log(`  ${step.name} failed: ${errors.trim()}`);
      resolveRun(code ?? 1);
    });
  });
}

const followers = new Map<string, ModelRefreshFollower>();

/** One follower per DATA_DIR and database in this process. */
function followerFor(config: Config): ModelRefreshFollower {
  const dataDir = resolve(projectRoot, config.DATA_DIR);
  const key = `${dataDir}|${config.MONGODB_DATABASE}`;
  let follower = followers.get(key);
  if (!follower) {
    const logger = createLogger("catalog");
    follower = new ModelRefreshFollower({
      dataDir,
      threshold: config.MODEL_REFRESH_THRESHOLD,
      holder: `${hostname()}:${process.pid}`,
      runStep: (step) => runRefreshStep(step, config, (line) => logger.info(line)),
      log: (message, fields) => logger.info(fields ?? {}, message),
    });
    followers.set(key, follower);
  }
  return follower;
}

/**
 * The catalog process's `model-refresh` task: on each new catalog version, a refresh of the text encoder,
 * vector indexes and Semantic IDs when the catalog moved by MODEL_REFRESH_THRESHOLD or more (see
 * {@link ModelRefreshFollower}); started in the background, so the task returns at once.
 */
export const modelRefreshTask: BackgroundTask = {
  name: "model-refresh",
  everySeconds: (config) => config.CATALOG_VERSION_POLL_SECONDS,
  run: async (db: Db, config: Config) => {
    if (config.MODEL_REFRESH === "off") return { skipped: "MODEL_REFRESH=off" };
    return followerFor(config).check(db, await readCatalogVersion(db));
  },
};

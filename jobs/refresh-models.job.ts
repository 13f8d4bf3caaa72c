import { hostname } from "node:os";
import { resolve } from "node:path";
import { loadConfigOrExit } from "../core/config";
import { openJobDatabase } from "../core/database/job-database";
import { projectRoot } from "../core/paths";
import { measureCatalogDrift } from "../ml/model-refresh/catalog-drift";
import { ModelRefreshFollower, readModelRefreshStatus } from "../ml/model-refresh/model-refresh";
import { runRefreshStep } from "../subgraphs/catalog/model-refresh.task";
import { defineCommand } from "../core/cli-args";

const ARGS = defineCommand({
  command: "npm run jobs -- refresh-models",
  summary:
    "Retrains the text encoder and rebuilds the vector indexes and Semantic IDs when the catalog moved MODEL_REFRESH_THRESHOLD or more from the models'.",
  options: {
    status: { type: "boolean", help: "print the last refresh's status and the drift; change nothing" },
    force: { type: "boolean", help: "refresh whatever the drift" },
  },
});

export const USAGE = ARGS.usage;

/**
 * `npm run jobs -- refresh-models`: what the catalog process does in the background after a substantial
 * catalog change, run now in the foreground: prints how far the catalog moved from the models'
 * (catalog drift), then retrains the text encoder and rebuilds the vector indexes and Semantic IDs when
 * the drift reaches MODEL_REFRESH_THRESHOLD (`--force`: whatever it is), under the same lease.
 * `--status` prints the last refresh's stored status and the drift, and changes nothing.
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  try {
    const db = database.db;
    const dataDir = resolve(projectRoot, config.DATA_DIR);
    const drift = await measureCatalogDrift(db, dataDir);
    const status = await readModelRefreshStatus(db);
    process.stdout.write(
      `${JSON.stringify({ drift, threshold: config.MODEL_REFRESH_THRESHOLD, lastRefresh: status }, null, 2)}\n`,
    );
    if (args.status) return;
    if (!drift)
      throw new Error("no text encoder or Semantic-ID codebooks under DATA_DIR: train them first (npm start)");
    if (drift.share < config.MODEL_REFRESH_THRESHOLD && !args.force) {
      log(
        `catalog drift ${drift.share} is below MODEL_REFRESH_THRESHOLD ${config.MODEL_REFRESH_THRESHOLD}: nothing to do (--force refreshes anyway)`,
      );
      return;
    }
    const follower = new ModelRefreshFollower({
      dataDir,
      threshold: config.MODEL_REFRESH_THRESHOLD,
      holder: `${hostname()}:${process.pid} (refresh-models job)`,
      runStep: (step) => runRefreshStep(step, { ...config, MONGODB_URI: config.MONGODB_URI }, log),
      log,
    });
    await follower.refresh(db, drift);
    const after = await readModelRefreshStatus(db);
    if (after?.state === "failed") throw new Error(`model refresh failed: ${after.error}`);
  } finally {
    await close();
  }
}

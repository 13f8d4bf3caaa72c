import { resolve } from "node:path";
import type { Db } from "mongodb";
import { loadConfig } from "../../core/config";
import type { Logger } from "../../core/logger";
import { projectRoot } from "../../core/paths";
import { hasRetrievalArtifact, LearnedRetrieval } from "../../ml/embeddings/learned-retrieval";
import type { LearnedRetrievalService } from "../../plugins/sdk/services";
import { withoutDeadline } from "../shared/deadline";

/** One per database in this process: models, indexes and the user-embedding cache are shared by requests. */
const byDb = new WeakMap<Db, LearnedRetrievalService | null>();

/**
 * The process's learned retrieval for `db`, or undefined when DATA_DIR holds no trained two-tower model or
 * text encoder (familiarity then works from purchases and popularity, search stays lexical; said once in
 * the log). Decided on first use, and again after {@link refreshLearnedRetrieval} while there was none.
 */
export function learnedRetrievalFor(db: Db, logger: Logger): LearnedRetrievalService | undefined {
  let service = byDb.get(db);
  if (service === undefined) {
    const config = loadConfig(process.env);
    const dataDir = resolve(projectRoot, config.DATA_DIR);
    if (hasRetrievalArtifact(dataDir)) {
      service = new LearnedRetrieval({
        db,
        dataDir,
        config,
        logger: logger.child({ component: "learned-retrieval" }),
        // A swap to new models (after a model refresh) is not bound to the deadline of the request that noticed it.
        detach: withoutDeadline,
        // Below the refresh threshold, products new since the index build are embedded incrementally; above it the refresh rebuilds.
        newProductShare: config.MODEL_REFRESH === "on" ? config.MODEL_REFRESH_THRESHOLD : 1,
      });
    } else {
      service = null;
      logger.info(
        { dataDir },
        "learned retrieval off: no model artifact under DATA_DIR/models (npm run train -- text-encoder, npm run train -- two-tower, npm run jobs -- index); familiarity without two-tower candidates, search lexical",
      );
    }
    byDb.set(db, service);
  }
  return service ?? undefined;
}

/**
 * After new artifacts reached DATA_DIR (the `model-artifacts` task): a process without learned retrieval
 * decides again at its next use; one with it swaps to the new models now. Answers the versions served.
 */
export async function refreshLearnedRetrieval(
  db: Db,
): Promise<{ twoTower: string | null; textEncoder: string | null; semanticIds: string | null } | null> {
  const service = byDb.get(db);
  if (service === null && hasRetrievalArtifact(resolve(projectRoot, loadConfig(process.env).DATA_DIR))) byDb.delete(db);
  if (!(service instanceof LearnedRetrieval)) return null;
  await service.refresh();
  return service.servedVersions();
}

/** Forgets the process's learned retrieval of `db` (tests, after training). */
export function resetLearnedRetrieval(db: Db): void {
  byDb.delete(db);
}

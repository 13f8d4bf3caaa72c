import type { Db } from "mongodb";
import { withRebuildLease } from "../../core/database/lease";
import { SEMANTIC_IDS_COLLECTION } from "../semantic-ids/semantic-id.repository";
import { measureCatalogDrift, type CatalogDrift } from "./catalog-drift";

/** Where the state of the last model refresh is kept (one document, `_id: "status"`). */
export const MODEL_REFRESH_COLLECTION = "model_refresh";

/** One step of a refresh: a command (`npm run <script> -- <args>`) run as a child process. */
export interface RefreshStep {
  name: string;
  script: "train" | "jobs";
  args: string[];
}

/**
 * What a refresh runs, in order: the text encoder retrained on the current catalog, then the index job
 * (every product re-embedded into the vector indexes of the current catalog version, Semantic-ID codebooks
 * re-quantized on the new encoder and every product's Semantic ID rewritten). Serving processes pick the
 * new LATEST artifacts and the new namespace up on their next check; nothing restarts.
 */
export const REFRESH_STEPS: readonly RefreshStep[] = [
  { name: "text encoder", script: "train", args: ["text-encoder"] },
  { name: "vector indexes and Semantic IDs", script: "jobs", args: ["index"] },
];

/** The stored state of the last refresh (what `npm run jobs -- refresh-models --status` prints). */
export interface ModelRefreshStatus {
  _id: "status";
  state: "running" | "done" | "failed";
  /** Why it ran: the drift measured when it was scheduled. */
  drift: CatalogDrift;
  threshold: number;
  holder: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Steps finished so far, with their duration and exit code. */
  steps: Array<{ name: string; seconds: number; exitCode: number }>;
  /** The step running now, when `state` is running. */
  current: string | null;
  error: string | null;
}

/** Pause before measuring the drift again after a failed measurement. */
const RETRY_MS = 60_000;

/** What one check of {@link ModelRefreshFollower} did. */
export type ModelRefreshCheck =
  { unchanged: number } | { skipped: string; drift?: CatalogDrift } | { started: CatalogDrift } | { running: string };

/** What a follower needs from its host process. */
export interface ModelRefreshHost {
  dataDir: string;
  /** Refresh when {@link CatalogDrift.share} reaches this (0–1). */
  threshold: number;
  /** Runs one step to completion; resolves to its exit code. */
  runStep(step: RefreshStep): Promise<number>;
  log(message: string, fields?: Record<string, unknown>): void;
  /** Who runs the refresh (recorded in the status). */
  holder: string;
}

/**
 * Models follow the catalog: on each new catalog version, measures how far the catalog moved from the
 * one the text encoder and Semantic IDs were built on ({@link measureCatalogDrift}); from `threshold` on,
 * starts a refresh ({@link REFRESH_STEPS}) in the background under the rebuild lease of `semantic_ids`
 * (one refresh at a time across replicas and jobs), recording progress in {@link MODEL_REFRESH_COLLECTION}.
 * Below it, incremental Semantic IDs from the current encoder suffice. `check` never waits for the refresh.
 */
export class ModelRefreshFollower {
  private lastVersion: number | null = null;
  private retryAt = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly host: ModelRefreshHost) {}

  /** The refresh in progress in this process, if any (tests and the job wait on it). */
  get inProgress(): Promise<void> | null {
    return this.running;
  }

  async check(db: Db, catalogVersion: number): Promise<ModelRefreshCheck> {
    if (this.running) return { running: "a refresh started by this process is running" };
    if (catalogVersion === this.lastVersion) return { unchanged: catalogVersion };
    // A measurement that failed (a busy database) is retried after a pause, not on every poll.
    if (Date.now() < this.retryAt) return { skipped: "measuring the catalog drift failed; retrying shortly" };
    let drift: CatalogDrift | null;
    try {
      drift = await measureCatalogDrift(db, this.host.dataDir);
    } catch (error) {
      this.retryAt = Date.now() + RETRY_MS;
      throw error;
    }
    this.lastVersion = catalogVersion;
    if (!drift) return { skipped: "no text encoder or Semantic-ID codebooks trained yet" };
    if (drift.indexedCatalogVersion >= drift.catalogVersion || drift.share < this.host.threshold)
      return { skipped: `catalog drift ${drift.share} below ${this.host.threshold}`, drift };
    this.running = this.refresh(db, drift).finally(() => (this.running = null));
    return { started: drift };
  }

  /** Runs the refresh now (under the lease), whatever the drift; resolves when it has finished or was not taken. */
  async refresh(db: Db, drift: CatalogDrift): Promise<void> {
    const status = db.collection<ModelRefreshStatus>(MODEL_REFRESH_COLLECTION);
    const outcome = await withRebuildLease(db, SEMANTIC_IDS_COLLECTION, async () => {
      const started = Date.now();
      const state: ModelRefreshStatus = {
        _id: "status",
        state: "running",
        drift,
        threshold: this.host.threshold,
        holder: this.host.holder,
        startedAt: new Date(),
        finishedAt: null,
        steps: [],
        current: null,
        error: null,
      };
      const save = () => status.replaceOne({ _id: "status" }, state, { upsert: true });
      this.host.log(
        `model refresh: catalog ${drift.catalogVersion} is ${Math.round(drift.share * 100)}% new since the models' catalog ${drift.indexedCatalogVersion} (${drift.products} products, ${drift.indexedItems} indexed); retraining the text encoder, then re-indexing`,
        { drift },
      );
      for (const step of REFRESH_STEPS) {
        state.current = step.name;
        await save();
        this.host.log(`model refresh: ${step.name} started`);
        const stepStarted = Date.now();
        const exitCode = await this.host.runStep(step).catch(() => 1);
        const seconds = Math.round((Date.now() - stepStarted) / 100) / 10;
        state.steps.push({ name: step.name, seconds, exitCode });
        this.host.log(
          `model refresh: ${step.name} ${exitCode === 0 ? "done" : `failed (exit ${exitCode})`} in ${seconds} s`,
        );
        if (exitCode !== 0) {
          state.state = "failed";
          state.error = `${step.name} exited with ${exitCode}`;
          break;
        }
      }
      if (state.state === "running") state.state = "done";
      state.current = null;
      state.finishedAt = new Date();
      await save();
      this.host.log(
        `model refresh: ${state.state} in ${Math.round((Date.now() - started) / 1000)} s; search serves the new encoder, indexes and Semantic IDs from the next model check`,
      );
    });
    if (!outcome.held)
      this.host.log(`model refresh: ${outcome.holder ?? "another process"} holds the rebuild lease; not started`);
  }
}

/** The stored status of the last refresh, or null when none ran. */
export function readModelRefreshStatus(db: Db): Promise<ModelRefreshStatus | null> {
  return db.collection<ModelRefreshStatus>(MODEL_REFRESH_COLLECTION).findOne({ _id: "status" });
}

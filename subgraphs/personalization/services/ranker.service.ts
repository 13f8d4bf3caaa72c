import { resolve } from "node:path";
import { loadConfig } from "../../../core/config";
import type { Logger } from "../../../core/logger";
import { projectRoot } from "../../../core/paths";
import { latestVersion } from "../../../ml/embeddings/model-artifact";
import { loadLatestArtifact, RANKER_MODELS_DIR, type LoadedRanker } from "../../../ml/ranker/ranker.artifact";
import { userFeatureView, type ItemFeatureView, type RankerAttributes } from "../../../ml/ranker/ranker.features";
import { purchaseProbability, scoreCandidates, type TaskProbabilities } from "../../../ml/ranker/ranker.scorer";
import type { Candidate } from "../../../plugins/sdk/candidate";
import type { CatalogService } from "../../../plugins/sdk/services";
import type { Surface } from "../../../plugins/sdk/surface";

/** Most candidates scored in one call (the ranking step's contract: up to 500 per request). */
export const MAX_RANKED_CANDIDATES = 500;

/** The ranker's verdict on one candidate. */
export interface RankerScore {
  productId: string;
  probabilities: TaskProbabilities;
  /** P(bought in the session or within the horizon). */
  purchase: number;
}

/** Scores candidates with the trained multi-task ranker. */
export interface RankerService {
  /** Version of the loaded artifact, or null when none is trained (the pipeline then uses the dimension blend). */
  version(): string | null;
  /** Why there is no model (missing or unreadable artifact); null when one is loaded. */
  unavailableReason(): string | null;
  /** Calibrated task probabilities for each candidate (at most {@link MAX_RANKED_CANDIDATES}), in order. */
  score(
    attributes: RankerAttributes & { surface: Surface; now: Date },
    candidates: readonly Candidate[],
    catalog: CatalogService,
  ): Promise<RankerScore[]>;
}

/** {@link RankerService} over an artifact directory (DATA_DIR/models/ranker); loads the LATEST version once. */
export class ArtifactRankerService implements RankerService {
  private loaded: LoadedRanker | null = null;
  private reason: string | null = null;

  constructor(
    private readonly directory: string,
    private readonly logger?: Logger,
  ) {
    try {
      this.loaded = loadLatestArtifact(directory);
      if (!this.loaded) this.reason = `no trained ranker under ${directory} (run npm run train -- ranker)`;
    } catch (error) {
      this.reason = error instanceof Error ? error.message : String(error);
    }
    if (this.reason)
      logger?.warn({ directory, reason: this.reason }, "ranker unavailable: ordering by the dimension blend");
    else logger?.info({ version: this.loaded!.artifact.version }, "ranker loaded");
  }

  version(): string | null {
    return this.loaded?.artifact.version ?? null;
  }

  /**
   * Loads the version `LATEST` names when it is not the loaded one (after a new ranker reached DATA_DIR);
   * a version that fails to load is logged and the loaded one kept. True when the model changed.
   */
  reloadIfChanged(): boolean {
    const latest = latestVersion(this.directory);
    if (!latest || latest === this.version()) return false;
    try {
      const next = loadLatestArtifact(this.directory);
      if (!next) return false;
      this.loaded = next;
      this.reason = null;
      this.logger?.info({ version: next.artifact.version }, "ranker swapped to a new version");
      return true;
    } catch (error) {
      this.logger?.warn({ err: error, version: latest }, "new ranker version unreadable: keeping the loaded one");
      return false;
    }
  }

  unavailableReason(): string | null {
    return this.reason;
  }

  async score(
    attributes: RankerAttributes & { surface: Surface; now: Date },
    candidates: readonly Candidate[],
    catalog: CatalogService,
  ): Promise<RankerScore[]> {
    const ranker = this.loaded;
    if (!ranker) throw new Error(this.reason ?? "no ranker");
    const pool = candidates.slice(0, MAX_RANKED_CANDIDATES);
    const categories = [...new Set(pool.map((candidate) => candidate.product.categoryId))];
    const [medians, popularity] = await Promise.all([
      Promise.all(categories.map(async (id) => [id, await catalog.categoryMedians(id)] as const)).then(
        (entries) => new Map(entries),
      ),
      catalog.popularity(pool.map((candidate) => candidate.productId)),
    ]);
    const items: ItemFeatureView[] = pool.map((candidate) => ({
      product: candidate.product,
      medians: medians.get(candidate.product.categoryId) ?? {},
      popularity: popularity.get(candidate.productId) ?? 0,
    }));
    const probabilities = scoreCandidates(
      ranker,
      userFeatureView(attributes),
      items,
      attributes.surface,
      attributes.now,
    );
    return probabilities.map((p, i) => ({
      productId: pool[i]!.productId,
      probabilities: p,
      purchase: purchaseProbability(p),
    }));
  }
}

let processRanker: RankerService | null = null;

/** The process-wide ranker of DATA_DIR (loaded on first use; `resetDefaultRanker` reloads it). */
export function defaultRanker(logger?: Logger): RankerService {
  processRanker ??= new ArtifactRankerService(
    resolve(projectRoot, loadConfig(process.env).DATA_DIR, RANKER_MODELS_DIR),
    logger,
  );
  return processRanker;
}

/** Swaps the process-wide ranker to DATA_DIR's LATEST version if it changed (nothing before first use); its version. */
export function refreshDefaultRanker(): string | null {
  if (processRanker instanceof ArtifactRankerService) processRanker.reloadIfChanged();
  return processRanker?.version() ?? null;
}

/** Forgets the process-wide ranker (after training, and in tests). */
export function resetDefaultRanker(): void {
  processRanker = null;
}

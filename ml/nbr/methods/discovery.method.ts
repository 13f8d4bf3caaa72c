import { createFamiliarityDimension, type FamiliarityOptions } from "../../../plugins/familiarity/familiarity.dimension";
import { PLUGINS } from "../../../plugins/registry";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import type { PluginServices } from "../../../plugins/sdk/services";
import type { SurfaceSettings } from "../../../plugins/sdk/surface";
import { fixtureServices } from "../../../plugins/sdk/testkit";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";
import { rankForUser } from "../discovery/discovery.ranker";
import { TrainingCatalogService } from "../discovery/training-catalog.service";
import { TrainingCoPurchaseService } from "../discovery/training-co-purchase.service";
import { carveValidation } from "../discovery/validation-split";
import type { NbrMethod } from "../nbr-method.types";
import { ScoreAverager, scoreRanking } from "../ranking.metrics";
import type { TrainingView } from "../training-view.types";

/** The knobs of the product logic the evaluation may set: time model, familiarity options, weight overrides. */
export interface DiscoverySettings {
  /** Days between consecutive baskets of the synthetic clock (the data has basket order only). */
  readonly daysPerBasket: number;
  /** Options of the familiarity plugin (its defaults when empty). */
  readonly familiarity: FamiliarityOptions;
  /** Request-level weight overrides on top of the HOME surface weights. */
  readonly weights: Readonly<Record<string, number>>;
}

/** The product as configured: plugin defaults, HOME weights, one basket a week. */
export const DISCOVERY_DEFAULTS: DiscoverySettings = { daysPerBasket: 7, familiarity: {}, weights: {} };

/** A progress reporter (core/progress). */
export interface DiscoveryProgress {
  tick(n?: number): void;
  stop(): void;
}

/** How `discovery-tuned` chooses its settings on a validation split carved from the TrainingView. */
export interface DiscoveryTuning {
  /** Candidate settings; the best by validation Recall@k (ties: NDCG@k, then list order) is used. */
  readonly grid: readonly DiscoverySettings[];
  /** Most validation users scored per candidate. */
  readonly maxUsers: number;
  /** Cut-off of the validation metric. */
  readonly k: number;
}

/** Outcome of tuning, kept for the report. */
export interface DiscoveryTuningResult {
  readonly chosen: DiscoverySettings;
  readonly users: number;
  readonly trials: readonly { settings: DiscoverySettings; recall: number; ndcg: number }[];
}

/** Options of {@link DiscoveryMethod}. */
export interface DiscoveryMethodOptions {
  /** Registry name (default `discovery`). */
  readonly name?: string;
  /** Settings used without tuning (default {@link DISCOVERY_DEFAULTS}). */
  readonly settings?: DiscoverySettings;
  /** Tune on a validation split before fitting (default: no tuning). */
  readonly tuning?: DiscoveryTuning;
  /** Items ranked per user during fit; `predict` refuses a larger k (default 100). */
  readonly depth?: number;
  /** Starts a progress bar (default none). */
  readonly progress?: (label: string, total: number) => DiscoveryProgress;
  /** Receives one line per tuning trial and the choice (default: silent). */
  readonly log?: (line: string) => void;
}

/**
 * Validation grid of `discovery-tuned`: the familiarity recency half-life (in weeks of the synthetic clock:
 * 1, 3, 9, 26, 78; 60 days is the plugin default) crossed with the novelty weight (0, 0.1, the default 0.3).
 * Only product knobs; nothing about the evaluation targets.
 */
export function defaultTuningGrid(): DiscoverySettings[] {
  const grid: DiscoverySettings[] = [];
  for (const recencyHalfLifeDays of [7, 21, 60, 182, 546]) {
    for (const novelty of [0, 0.1, 0.3]) grid.push({ daysPerBasket: 7, familiarity: { recencyHalfLifeDays }, weights: { novelty } });
  }
  return grid;
}

/** The registry's plugins with the familiarity plugin configured by `settings`. */
function pluginsFor(settings: DiscoverySettings): DimensionPlugin[] {
  return PLUGINS.map((plugin) => (plugin.name === "familiarity" ? (createFamiliarityDimension(settings.familiarity) as unknown as DimensionPlugin) : plugin));
}

/** The SDK services over a TrainingView: catalog and co-purchase computed from it, the rest empty fixtures. */
export function trainingServices(view: TrainingView): PluginServices {
  const base = fixtureServices([]);
  return { ...base, catalog: new TrainingCatalogService(view), coPurchase: new TrainingCoPurchaseService(view) };
}

/**
 * `discovery`: the product's own recommendation logic on basket histories. The real dimension plugins
 * (plugins/registry.ts: familiarity, affordability, novelty, healthiness) run through the SDK with
 * in-memory services built from the TrainingView only (popularity prior and co-purchase complements),
 * blended with the HOME surface weights (see `rankForUser`). Rankings are computed in `fit` (plugins are
 * async; `predict` is not) to `depth` items per user. With `tuning`, settings are first chosen on a
 * validation split (each user's last history basket held out), then the model is fitted on the full view.
 */
export class DiscoveryMethod implements NbrMethod {
  readonly name: string;
  private readonly depth: number;
  private readonly rankings = new Map<string, string[]>();
  private settings: DiscoverySettings;
  /** Filled after `fit` when tuning ran. */
  tuningResult: DiscoveryTuningResult | null = null;

  constructor(private readonly options: DiscoveryMethodOptions = {}) {
    this.name = options.name ?? "discovery";
    this.depth = options.depth ?? 100;
    this.settings = options.settings ?? DISCOVERY_DEFAULTS;
    if (!Number.isInteger(this.depth) || this.depth < 1) throw new RangeError(`depth must be a positive integer, got ${this.depth}`);
    if (options.tuning && options.tuning.grid.length === 0) throw new RangeError("tuning grid is empty");
  }

  /** The settings in use (after tuning, the chosen ones). */
  get activeSettings(): DiscoverySettings {
    return this.settings;
  }

  async fit(view: TrainingView): Promise<void> {
    if (this.options.tuning) this.settings = await this.tune(view, this.options.tuning);
    this.rankings.clear();
    const services = trainingServices(view);
    const deps = this.deps(services, this.settings);
    const bar = this.options.progress?.(`${this.name} fit`.padEnd(12), view.users.length);
    try {
      for (const user of view.users) {
        const ranked = await rankForUser(deps, user.userId, user.history, this.depth);
        this.rankings.set(user.userId, ranked.map((item) => item.productId));
        bar?.tick();
      }
    } finally {
      bar?.stop();
    }
  }

  predict(userId: string, k: number): string[] {
    if (k > this.depth) throw new RangeError(`${this.name} ranks ${this.depth} items per user during fit; asked for ${k}`);
    return (this.rankings.get(userId) ?? []).slice(0, k);
  }

  private deps(services: PluginServices, settings: DiscoverySettings) {
    const surface: SurfaceSettings = SURFACE_CONFIGURATION.HOME;
    return { plugins: pluginsFor(settings), services, surface, weights: { ...settings.weights }, clock: { daysPerBasket: settings.daysPerBasket } };
  }

  private async tune(view: TrainingView, tuning: DiscoveryTuning): Promise<DiscoverySettings> {
    const split = carveValidation(view, tuning.maxUsers);
    if (!split) return this.settings;
    const services = trainingServices(split.view);
    const trials: { settings: DiscoverySettings; recall: number; ndcg: number }[] = [];
    const bar = this.options.progress?.(`${this.name} tune`.padEnd(12), tuning.grid.length * split.scored.length);
    try {
      for (const settings of tuning.grid) {
        const deps = this.deps(services, settings);
        const averager = new ScoreAverager();
        for (const user of split.scored) {
          const ranked = await rankForUser(deps, user.userId, user.history, tuning.k);
          const historyItems = new Set(user.history.flatMap((basket) => basket.items));
          averager.add(scoreRanking(ranked.map((item) => item.productId), new Set(user.target.items), historyItems, tuning.k));
          bar?.tick();
        }
        const mean = averager.mean();
        trials.push({ settings, recall: mean.recall, ndcg: mean.ndcg });
      }
    } finally {
      bar?.stop();
    }
    const best = trials.reduce((a, b) => (b.recall > a.recall || (b.recall === a.recall && b.ndcg > a.ndcg) ? b : a));
    this.tuningResult = { chosen: best.settings, users: split.scored.length, trials };
    const log = this.options.log;
    if (log) {
      log(`${this.name}: validation (last history basket held out, ${split.scored.length} users), Recall@${tuning.k} / NDCG@${tuning.k}:`);
      for (const trial of trials) log(`  ${describeSettings(trial.settings).padEnd(48)} ${trial.recall.toFixed(4)} / ${trial.ndcg.toFixed(4)}${trial === best ? "  <- chosen" : ""}`);
    }
    return best.settings;
  }
}

/** One line naming the settings, e.g. `halfLife=60d novelty=0.3 days/basket=7`. */
export function describeSettings(settings: DiscoverySettings): string {
  const familiarity = Object.entries(settings.familiarity).map(([key, value]) => `${key}=${String(value)}`);
  const weights = Object.entries(settings.weights).map(([key, value]) => `w.${key}=${value}`);
  return [...familiarity, ...weights, `daysPerBasket=${settings.daysPerBasket}`].join(" ") || "defaults";
}

import { pageRanking, TrainingPipeline, type TrainingPipelineOptions } from "../discovery/training-pipeline";
import type { NbrMethod } from "../nbr-method.types";
import type { TrainingView } from "../training-view.types";

/** A progress reporter (core/progress). */
export interface DiscoveryProgress {
  tick(n?: number): void;
  stop(): void;
}

/** Options of {@link DiscoveryMethod}. */
export interface DiscoveryMethodOptions {
  /** Registry name (default `discovery`). */
  readonly name?: string;
  /** Pipeline configuration (default: exactly what is served). */
  readonly pipeline?: TrainingPipelineOptions;
  /** Starts a progress bar (default none). */
  readonly progress?: (label: string, total: number) => DiscoveryProgress;
}

/**
 * `discovery`: the product's HOME page on basket histories. `fit` runs the served pipeline
 * (`runPipeline`: attribute blending, prospecting, retrieval and ranking, targeting, presentation) for
 * every user over in-memory services built from the TrainingView ({@link TrainingPipeline}), and keeps
 * the page as a shopper meets it ({@link pageRanking}); `predict` returns its first k items.
 */
export class DiscoveryMethod implements NbrMethod {
  readonly name: string;
  private readonly rankings = new Map<string, string[]>();

  constructor(private readonly options: DiscoveryMethodOptions = {}) {
    this.name = options.name ?? "discovery";
  }

  async fit(view: TrainingView): Promise<void> {
    this.rankings.clear();
    const pipeline = new TrainingPipeline(view, this.options.pipeline);
    const bar = this.options.progress?.(`${this.name} fit`.padEnd(12), view.users.length);
    try {
      for (const user of view.users) {
        this.rankings.set(user.userId, pageRanking(await pipeline.home(user.userId)));
        bar?.tick();
      }
    } finally {
      bar?.stop();
    }
  }

  predict(userId: string, k: number): string[] {
    return (this.rankings.get(userId) ?? []).slice(0, k);
  }
}

import type { NbrMethod } from "../nbr-method.types";
import type { TrainingView } from "../training-view.types";
import { scoreRows, topKIndices } from "../../../ml/embeddings/vector-math";
import { itemMatrix } from "../../../ml/two-tower/retrieval.metrics";
import { TwoTowerModel, type ItemInput, type UserInput } from "../../../ml/two-tower/two-tower.model";
import {
  DEFAULT_TWO_TOWER_TRAIN,
  trainTwoTower,
  type TwoTowerTrainOptions,
} from "../../../ml/two-tower/two-tower.trainer";
import {
  buildUserState,
  NUMERIC_USER_FEATURES,
  type HistoryPooling,
  type TimelineBasket,
} from "../../../ml/two-tower/user-state.builder";

/** Pooling for datasets whose baskets have positions, not dates: the half-life is in baskets. */
export const POSITIONAL_POOLING: HistoryPooling = { halfLife: 4, maxItems: 64, maxBaskets: 50 };

/** Settings of the two-tower next-basket method. */
export interface TwoTowerNbrOptions {
  dims: number;
  train: TwoTowerTrainOptions;
  onProgress?: (seen: number, total: number) => void;
}

/**
 * The two-tower model as a next-basket candidate generator, for offline evaluation on id-only datasets
 * (Ta-Feng): item tower = id embedding, user tower = recency-pooled history + numeric features. Learns from
 * the TrainingView only (each history basket after the first is a positive set for the baskets before it).
 */
export class TwoTowerNbrMethod implements NbrMethod {
  readonly name: string;
  private itemIds: string[] = [];
  private states = new Map<string, UserInput>();
  private model: TwoTowerModel | null = null;
  private matrix: Float32Array = new Float32Array(0);
  private scores: Float32Array = new Float32Array(0);

  constructor(
    private readonly options: TwoTowerNbrOptions = { dims: 64, train: { ...DEFAULT_TWO_TOWER_TRAIN, epochs: 3 } },
    name = "two-tower",
  ) {
    this.name = name;
  }

  fit(view: TrainingView): void {
    const index = new Map<string, number>();
    const indexOf = (id: string): number => {
      let i = index.get(id);
      if (i === undefined) {
        i = index.size;
        index.set(id, i);
        this.itemIds.push(id);
      }
      return i;
    };
    const states: UserInput[] = [];
    const stateOf: number[] = [];
    const positives: number[] = [];
    for (const user of view.users) {
      const timeline: TimelineBasket[] = user.history.map((basket, position) => ({
        time: position,
        items: basket.items.map(indexOf),
      }));
      for (let b = 1; b < timeline.length; b += 1) {
        states.push(buildUserState(timeline.slice(0, b), b, POSITIONAL_POOLING));
        for (const item of timeline[b]!.items as number[]) {
          stateOf.push(states.length - 1);
          positives.push(item);
        }
      }
      this.states.set(user.userId, buildUserState(timeline, timeline.length, POSITIONAL_POOLING));
    }
    const items: ItemInput[] = this.itemIds.map((_, i) => ({ index: i, features: [], text: null }));
    const model = TwoTowerModel.initialize(
      { dims: this.options.dims, items: items.length, features: 0, textDims: 0, numeric: NUMERIC_USER_FEATURES },
      this.options.train.seed,
    );
    trainTwoTower(
      model,
      items,
      { states, stateOf: Int32Array.from(stateOf), item: Int32Array.from(positives) },
      { ...this.options.train, ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}) },
    );
    this.model = model;
    this.matrix = itemMatrix(model, items);
    this.scores = new Float32Array(items.length);
  }

  predict(userId: string, k: number): string[] {
    const state = this.states.get(userId);
    if (!this.model || !state) return [];
    const user = this.model.embedUser(state);
    return topKIndices(scoreRows(this.matrix, this.options.dims, user, this.scores), k).map((i) => this.itemIds[i]!);
  }
}

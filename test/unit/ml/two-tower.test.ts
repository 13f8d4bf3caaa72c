import { batchSoftmaxLoss } from "../../../ml/two-tower/two-tower.batch";
import {
  TENSOR_NAMES,
  TwoTowerModel,
  type GradientSink,
  type ItemInput,
  type TensorName,
  type UserInput,
} from "../../../ml/two-tower/two-tower.model";
import { itemMatrix } from "../../../ml/two-tower/retrieval.metrics";
import { trainTwoTower } from "../../../ml/two-tower/two-tower.trainer";
import { buildUserState } from "../../../ml/two-tower/user-state.builder";
import { scoreRows, topKIndices } from "../../../ml/embeddings/vector-math";
import { SeededRandom } from "../../../core/random";

const shape = { dims: 4, items: 5, features: 3, textDims: 3, numeric: 2 };

function tinyBatch(): { users: UserInput[]; items: ItemInput[]; keys: Int32Array } {
  const users: UserInput[] = [0, 1, 2].map((u) => ({
    historyItems: Int32Array.of(u, (u + 2) % 5),
    historyWeights: Float32Array.of(0.7, 0.3),
    historyText: Float32Array.of(0.1 * u, -0.2, 0.3),
    numeric: Float32Array.of(0.5, u / 3),
    summary: u === 1 ? Float32Array.of(0.2, 0.1, -0.4) : null,
  }));
  const items: ItemInput[] = [1, 3, 4].map((i) => ({
    index: i,
    features: [i % 3, (i + 1) % 3],
    text: Float32Array.of(0.3, -0.1 * i, 0.2),
  }));
  return { users, items, keys: Int32Array.of(1, 3, 4) };
}

describe("two-tower model", () => {
  it("has analytic gradients that match finite differences (in-batch softmax with logQ)", () => {
    const model = TwoTowerModel.initialize(shape, 3);
    const { users, items, keys } = tinyBatch();
    const options = { temperature: 0.5, logQ: Float32Array.of(-1, -2, -0.5) };
    const grads = {} as Record<TensorName, Float32Array>;
    for (const name of TENSOR_NAMES) grads[name] = new Float32Array(model.tensors[name].length);
    const sink: GradientSink = {
      add(tensor, row, grad) {
        const base = row * grad.length;
        for (let i = 0; i < grad.length; i += 1) grads[tensor][base + i]! += grad[i]!;
      },
    };
    batchSoftmaxLoss(model, users, items, keys, options, sink);
    const epsilon = 1e-3;
    let checked = 0;
    for (const name of TENSOR_NAMES) {
      const values = model.tensors[name];
      for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 7))) {
        const saved = values[i]!;
        values[i] = saved + epsilon;
        const plus = batchSoftmaxLoss(model, users, items, keys, options, null);
        values[i] = saved - epsilon;
        const minus = batchSoftmaxLoss(model, users, items, keys, options, null);
        values[i] = saved;
        const numeric = (plus - minus) / (2 * epsilon);
        expect(Math.abs(numeric - grads[name][i]!)).toBeLessThan(2e-3 + 0.02 * Math.abs(numeric));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("builds recency-weighted user states whose weights sum to 1, the newest basket weighing most", () => {
    const state = buildUserState(
      [
        { time: 0, items: [1, 2] },
        { time: 30, items: [2, 3] },
      ],
      30,
      { halfLife: 30, maxItems: 10, maxBaskets: 10 },
    );
    const weights = new Map(Array.from(state.historyItems, (item, i) => [item, state.historyWeights[i]!]));
    expect([...weights.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(weights.get(2)!).toBeGreaterThan(weights.get(3)!);
    expect(weights.get(3)!).toBeGreaterThan(weights.get(1)!);
    expect(state.numeric).toHaveLength(4);
  });

  it("logQ correction undoes the sampling bias of in-batch negatives on a skewed item distribution", () => {
    // 40 items; item 0 is a "blockbuster" everybody buys a little, each user group also has a niche item it prefers.
    const items: ItemInput[] = Array.from({ length: 40 }, (_, i) => ({ index: i, features: [], text: null }));
    const random = new SeededRandom(9);
    const states: UserInput[] = [];
    const stateOf: number[] = [];
    const positives: number[] = [];
    const groupOf: number[] = [];
    for (let user = 0; user < 200; user += 1) {
      const group = 1 + (user % 39);
      states.push({
        historyItems: Int32Array.of(group),
        historyWeights: Float32Array.of(1),
        historyText: null,
        numeric: Float32Array.of(0),
        summary: null,
      });
      groupOf.push(group);
      for (let n = 0; n < 10; n += 1) {
        stateOf.push(user);
        positives.push(random.next() < 0.6 ? 0 : group);
      }
    }
    // Truth: P(item 0 | user) = 0.6 > P(own group item | user) = 0.4. In-batch negatives sample item 0 far more
    // often than uniform, so without correction the model learns PMI-like scores and ranks the niche item first;
    // with logQ it estimates the true softmax and ranks the popular item first.
    const popularFirst = (logQ: boolean): number => {
      const model = TwoTowerModel.initialize({ dims: 16, items: 40, features: 0, textDims: 0, numeric: 1 }, 4);
      trainTwoTower(
        model,
        items,
        { states, stateOf: Int32Array.from(stateOf), item: Int32Array.from(positives) },
        { epochs: 6, batchSize: 64, temperature: 0.1, learningRate: 0.1, seed: 2, logQCorrection: logQ },
      );
      const matrix = itemMatrix(model, items);
      const scores = new Float32Array(40);
      let hits = 0;
      states.forEach((state, user) => {
        const top = topKIndices(scoreRows(matrix, 16, model.embedUser(state), scores), 1);
        if (top[0] === 0) hits += 1;
        else expect(top[0]).toBe(groupOf[user]);
      });
      return hits / states.length;
    };
    expect(popularFirst(false)).toBeLessThan(0.2);
    expect(popularFirst(true)).toBeGreaterThan(0.8);
  });
});

import { MmoeModel } from "../../../ml/ranker/mmoe.model";
import { trainMmoe, type LabeledRows } from "../../../ml/ranker/mmoe.trainer";
import { auc } from "../../../ml/ranker/ranker.metrics";
import { SeededRandom } from "../../../core/random";

/** Two related tasks on 6 inputs; column 5 plays the surface the gates read. */
function synthetic(rows: number, seed: number): LabeledRows {
  const random = new SeededRandom(seed);
  const D = 6;
  const x = new Float32Array(rows * D);
  const y = new Uint8Array(rows * 2);
  for (let row = 0; row < rows; row += 1) {
    for (let d = 0; d < 5; d += 1) x[row * D + d] = random.normal();
    x[row * D + 5] = random.next() < 0.5 ? 1 : 0;
    const shared = x[row * D]! - 0.5 * x[row * D + 1]!;
    const a = shared + (x[row * D + 5] ? x[row * D + 2]! : -x[row * D + 2]!);
    const b = shared + 0.8 * x[row * D + 3]!;
    y[row * 2] = random.next() < 1 / (1 + Math.exp(-2 * a)) ? 1 : 0;
    y[row * 2 + 1] = random.next() < 1 / (1 + Math.exp(-2 * b)) ? 1 : 0;
  }
  return { x, y, rows, labelColumns: 2 };
}

function loss(model: MmoeModel, data: LabeledRows, row: number): number {
  const cache = model.createCache();
  const p = model.forward(data.x, row, cache);
  let total = 0;
  for (let k = 0; k < 2; k += 1) total -= data.y[row * 2 + k] ? Math.log(p[k]!) : Math.log(1 - p[k]!);
  return total;
}

test("backward matches finite differences on a tiny MMoE (experts, gates on the surface column, towers)", () => {
  const rows: LabeledRows = {
    x: Float32Array.from([0.5, -1.2, 0.3, 0.8, -0.4, 1, -0.7, 0.9, 1.1, -0.2, 0.6, 0]),
    y: Uint8Array.from([1, 0, 0, 1]),
    rows: 2,
    labelColumns: 2,
  };
  const model = new MmoeModel({
    inputs: 6,
    experts: 3,
    expertUnits: 4,
    towerUnits: 3,
    tasks: 2,
    gateInputs: [4, 5],
  }).initialize(11);
  for (let i = 0; i < model.size; i += 1) model.parameters[i]! += 0.05 * Math.sin(i * 1.7);
  for (const row of [0, 1]) {
    const cache = model.createCache();
    const p = model.forward(rows.x, row, cache);
    const grad = new Float32Array(model.size);
    model.backward(cache, [p[0]! - rows.y[row * 2]!, p[1]! - rows.y[row * 2 + 1]!], grad);
    let checked = 0;
    for (let i = 0; i < model.size; i += 1) {
      const saved = model.parameters[i]!;
      const eps = 1e-2;
      model.parameters[i] = saved + eps;
      const up = loss(model, rows, row);
      model.parameters[i] = saved - eps;
      const down = loss(model, rows, row);
      model.parameters[i] = saved;
      const numeric = (up - down) / (2 * eps);
      expect(Math.abs(numeric - grad[i]!)).toBeLessThan(1e-3 + 1e-2 * Math.abs(numeric));
      if (Math.abs(numeric) > 1e-3) checked += 1;
    }
    expect(checked).toBeGreaterThan(model.size / 4);
  }
});

test("training is deterministic for a seed and learns both tasks", () => {
  const train = synthetic(3000, 2);
  const test = synthetic(1000, 3);
  const run = (seed: number) => {
    const model = new MmoeModel({
      inputs: 6,
      experts: 3,
      expertUnits: 8,
      towerUnits: 4,
      tasks: 2,
      gateInputs: [5],
    }).initialize(seed);
    trainMmoe(model, train, { epochs: 3, batchSize: 64, learningRate: 0.01, weightDecay: 0, seed });
    return model;
  };
  const first = run(5);
  const again = run(5);
  const other = run(6);
  expect(Buffer.from(first.parameters.buffer).equals(Buffer.from(again.parameters.buffer))).toBe(true);
  expect(Buffer.from(first.parameters.buffer).equals(Buffer.from(other.parameters.buffer))).toBe(false);
  const p = first.predict(test.x, test.rows);
  for (const k of [0, 1]) {
    const scores = Array.from({ length: test.rows }, (_, row) => p[row * 2 + k]!);
    const labels = Array.from({ length: test.rows }, (_, row) => test.y[row * 2 + k]!);
    expect(auc(scores, labels)).toBeGreaterThan(0.75);
  }
});

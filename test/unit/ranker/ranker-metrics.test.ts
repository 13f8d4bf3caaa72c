import { fitPlatt, calibrate } from "../../../ml/ranker/platt.calibration";
import { auc, logLoss } from "../../../ml/ranker/ranker.metrics";
import { SeededRandom } from "../../../core/random";

test("AUC on hand examples: perfect, reversed, ties and one class", () => {
  expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 10);
  expect(auc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
  expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  expect(auc([0.3, 0.5, 0.5], [0, 1, 0])).toBeCloseTo(0.75, 10);
  expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
});

test("log-loss on hand examples, clipped at the extremes", () => {
  expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2), 10);
  expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 10);
  expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-7), 6);
});

test("Platt scaling fixes an overconfident model without changing the order", () => {
  const raw: number[] = [];
  const labels: number[] = [];
  const random = new SeededRandom(3);
  for (let i = 0; i < 2000; i += 1) {
    const truth = random.next();
    raw.push(Math.min(0.999, Math.max(0.001, truth > 0.5 ? truth + 0.3 : truth - 0.3)));
    labels.push(random.next() < truth ? 1 : 0);
  }
  const parameters = fitPlatt(raw, labels);
  expect(parameters.a).toBeGreaterThan(0);
  const calibrated = raw.map((p) => calibrate(p, parameters));
  expect(logLoss(calibrated, labels)).toBeLessThan(logLoss(raw, labels));
  expect(auc(calibrated, labels)).toBeCloseTo(auc(raw, labels), 10);
});

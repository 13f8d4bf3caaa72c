import { effectiveHorizonDays } from "../../../jobs/ranker/ranker-dataset.builder";
import { timeSplit } from "../../../ml/ranker/ranker.experiment";

const DAY = 86_400_000;

test("the delayed-conversion horizon shrinks to a fifth of the impressions' span, so a short event window still leaves training rows", () => {
  expect(effectiveHorizonDays(14, 0, 180 * DAY)).toBe(14); // six months of impressions (tiny, small)
  expect(effectiveHorizonDays(14, 0, 21 * DAY)).toBe(4); // the large seed's 21-day window
  expect(effectiveHorizonDays(14, 0, 2 * DAY)).toBe(1);
  expect(effectiveHorizonDays(14, Infinity, 0)).toBe(14); // no impressions: nothing to adapt

  // One impression an hour over 21 days: 14 days leave no training rows, the lowered horizon does.
  const rows = 21 * 24;
  const at = Float64Array.from({ length: rows }, (_, i) => i * 3_600_000);
  const end = rows * 3_600_000;
  const split = (horizonDays: number) => timeSplit({ at, rows, end, horizonDays }, 0.2, 0.1);
  expect(split(14).train[1]).toBe(0);
  const lowered = split(effectiveHorizonDays(14, 0, end));
  expect(lowered.train[1]).toBeGreaterThan(rows / 3);
  expect(lowered.test[1]).toBeGreaterThan(lowered.test[0]);
});

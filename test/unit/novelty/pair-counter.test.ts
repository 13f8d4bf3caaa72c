import { PairCounter } from "../../../subgraphs/personalization/statistics/co-purchase.pair-counter";

describe("PairCounter", () => {
  test("counts unordered pairs exactly while the table has room", () => {
    const counter = new PairCounter(8);
    counter.add(1, 2);
    counter.add(2, 1);
    counter.add(3, 4);
    expect(counter.get(1, 2)).toBe(2);
    expect(counter.get(2, 1)).toBe(2);
    expect(counter.get(3, 4)).toBe(1);
    expect(counter.get(1, 3)).toBe(0);
    const seen: Array<[number, number, number]> = [];
    counter.forEach((a, b, count) => seen.push([a, b, count]));
    expect(seen.sort()).toEqual([
      [1, 2, 2],
      [3, 4, 1],
    ]);
    expect(counter.stats()).toEqual({ pairs: 2, pruneRounds: 0, maxUndercount: 0 });
  });

  test("a full table drops rare pairs, keeps frequent ones and bounds the error", () => {
    const counter = new PairCounter(6); // 64 slots, pruned at 44 pairs
    for (let round = 0; round < 10; round += 1) counter.add(0, 1);
    for (let other = 2; other < 200; other += 1) counter.add(100, 100 + other);
    const stats = counter.stats();
    expect(stats.pruneRounds).toBeGreaterThan(0);
    expect(stats.pairs).toBeLessThanOrEqual(44);
    expect(counter.get(0, 1)).toBe(10);
    expect(stats.maxUndercount).toBeGreaterThanOrEqual(1);
  });

  test("rejects a table size outside 4–27 bits", () => {
    expect(() => new PairCounter(40)).toThrow(RangeError);
  });
});

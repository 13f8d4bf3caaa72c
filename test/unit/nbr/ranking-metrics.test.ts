import { ScoreAverager, scoreRanking } from "../../../eval/nbr/ranking.metrics";

const set = (...items: string[]) => new Set(items);

describe("scoreRanking", () => {
  it("computes recall, NDCG, PHR and the repeat/explore split on a hand-worked example", () => {
    // target {a,b,c}; predictions a (hit, repeat), x, b (hit, explore), y; K = 4
    const scores = scoreRanking(["a", "x", "b", "y"], set("a", "b", "c"), set("a", "x"), 4);
    expect(scores.recall).toBeCloseTo(2 / 3, 12);
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG over min(4,3) = 1 + 1/log2(3) + 1/log2(4) = 2.1309297536
    expect(scores.ndcg).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3) + 0.5), 12);
    expect(scores.ndcg).toBeCloseTo(0.703918, 6);
    expect(scores.phr).toBe(1);
    expect(scores.repeatRecall).toBeCloseTo(1 / 3, 12);
    expect(scores.exploreRecall).toBeCloseTo(1 / 3, 12);
    expect(scores.repeatRecall + scores.exploreRecall).toBeCloseTo(scores.recall, 12);
  });

  it("uses only the first K predictions and an ideal DCG over min(K, |target|)", () => {
    // K = 2, target has 3 items: hit only at rank 2 (b); IDCG = 1 + 1/log2(3)
    const scores = scoreRanking(["x", "b", "a"], set("a", "b", "c"), set(), 2);
    expect(scores.recall).toBeCloseTo(1 / 3, 12);
    expect(scores.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(scores.ndcg).toBeCloseTo(0.386853, 6);
    expect(scores.exploreRecall).toBeCloseTo(1 / 3, 12);
  });

  it("gives NDCG 1 for a perfect ranking and 0 everywhere for a miss", () => {
    expect(scoreRanking(["a", "b"], set("a", "b"), set(), 10).ndcg).toBeCloseTo(1, 12);
    expect(scoreRanking(["x", "y"], set("a"), set(), 10)).toEqual({
      recall: 0,
      ndcg: 0,
      phr: 0,
      repeatRecall: 0,
      exploreRecall: 0,
    });
  });

  it("counts a repeated prediction once", () => {
    const scores = scoreRanking(["a", "a"], set("a", "b"), set(), 2);
    expect(scores.recall).toBe(0.5);
    expect(scores.ndcg).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
  });

  it("refuses an empty target and a bad K", () => {
    expect(() => scoreRanking(["a"], set(), set(), 10)).toThrow(/empty/);
    expect(() => scoreRanking(["a"], set("a"), set(), 0)).toThrow(/positive integer/);
  });
});

describe("ScoreAverager", () => {
  it("averages over users with equal weight", () => {
    const averager = new ScoreAverager();
    averager.add(scoreRanking(["a"], set("a"), set("a"), 1));
    averager.add(scoreRanking(["x"], set("a", "b"), set(), 1));
    expect(averager.users).toBe(2);
    expect(averager.mean()).toEqual({ recall: 0.5, ndcg: 0.5, phr: 0.5, repeatRecall: 0.5, exploreRecall: 0 });
  });
});

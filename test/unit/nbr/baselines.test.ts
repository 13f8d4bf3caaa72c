import { join } from "node:path";
import { toTrainingView } from "../../../eval/nbr/leakage.guard";
import { ExploreTopFreqMethod } from "../../../eval/nbr/methods/explore-topfreq.method";
import { GTopFreqMethod } from "../../../eval/nbr/methods/g-topfreq.method";
import { GpTopFreqMethod } from "../../../eval/nbr/methods/gp-topfreq.method";
import { ItemKnnMethod } from "../../../eval/nbr/methods/item-knn.method";
import { PTopFreqMethod } from "../../../eval/nbr/methods/p-topfreq.method";
import { evaluateNbr } from "../../../eval/nbr/nbr.evaluator";
import type { NbrDataset } from "../../../eval/nbr/nbr-dataset.types";
import { loadTafeng } from "../../../eval/nbr/tafeng.loader";
import { FIXTURES } from "./nbr-test-helpers";

// Fixture tafeng-clean (history baskets; targets in brackets):
//   u1: {a,b} {a,c} {c,d}   [a,e]
//   u2: {a,b} {b,b→b}       [b,c]
//   u3: {e} {d,e}           [a,d]
// History basket counts: a 3, b 3, c 2, d 2, e 2.
let dataset: NbrDataset;

beforeAll(async () => {
  ({ dataset } = await loadTafeng(join(FIXTURES, "tafeng-clean")));
});

describe("G-TopFreq", () => {
  it("ranks by history basket count; ties go to the most recently bought item", async () => {
    const method = new GTopFreqMethod();
    method.fit(toTrainingView(dataset));
    // a and b both 3: b was last bought later (u2's 2nd basket) than a (u2's 1st). d and e both last in
    // u3's last basket, so they keep first-seen order; c was last bought earlier.
    expect(method.predict("u1", 5)).toEqual(["b", "a", "d", "e", "c"]);
    expect(method.predict("anyone", 2)).toEqual(["b", "a"]);
  });
});

describe("explore-only TopFreq", () => {
  it("recommends popular items the user never bought, over all baskets or each user's last one", () => {
    const all = new ExploreTopFreqMethod("g-topfreq-explore", "all");
    all.fit(toTrainingView(dataset));
    // u1 bought a, b, c, d: of the global ranking b, a, d, e, c only e is new to them.
    expect(all.predict("u1", 5)).toEqual(["e"]);
    // u3 bought d, e.
    expect(all.predict("u3", 5)).toEqual(["b", "a", "c"]);
    const last = new ExploreTopFreqMethod("recent-topfreq-explore", "last");
    last.fit(toTrainingView(dataset));
    // Last baskets: u1 {c,d}, u2 {b}, u3 {d,e}: d 2, then b, e, c by recency. u3 has not bought b or c.
    expect(last.predict("u3", 5)).toEqual(["b", "c"]);
  });
});

describe("P-TopFreq", () => {
  it("ranks the user's own items by basket count, counting an item once per basket", () => {
    const method = new PTopFreqMethod();
    method.fit(toTrainingView(dataset));
    // u1: a 2, c 2 (c bought later), d 1 (last basket), b 1
    expect(method.predict("u1", 10)).toEqual(["c", "a", "d", "b"]);
    // u2: b is in 2 baskets (twice in the second, counted once), a in 1
    expect(method.predict("u2", 10)).toEqual(["b", "a"]);
    expect(method.predict("u3", 1)).toEqual(["e"]);
    expect(method.predict("unknown", 3)).toEqual([]);
  });
});

describe("GP-TopFreq", () => {
  it("fills P-TopFreq up to k with global items the user lacks", () => {
    const method = new GpTopFreqMethod();
    method.fit(toTrainingView(dataset));
    expect(method.predict("u2", 4)).toEqual(["b", "a", "d", "e"]);
    expect(method.predict("u3", 4)).toEqual(["e", "d", "b", "a"]);
    expect(method.predict("u1", 2)).toEqual(["c", "a"]);
  });
});

describe("Item-KNN", () => {
  it("scores items by Σ f_u(i)·cosine(i, j) with self-similarity 1", () => {
    // co-occurrence: a-b 2, a-c 1, c-d 1, d-e 1 → sim(a,b)=2/3, sim(a,c)=1/√6, sim(c,d)=1/2, sim(d,e)=1/2
    // u1 (f: a2 b1 c2 d1): a = 2 + 1·2/3 + 2/√6 = 3.483, c = 2 + 2/√6 + 1/2 = 3.316, b = 1 + 2·2/3 = 2.333,
    //                      d = 1 + 2·1/2 = 2, e = 1·1/2 = 0.5
    const method = new ItemKnnMethod();
    method.fit(toTrainingView(dataset));
    expect(method.predict("u1", 10)).toEqual(["a", "c", "b", "d", "e"]);
    // u2 (f: a1 b2): b = 2 + 2/3, a = 1 + 2·2/3, c = 1/√6
    expect(method.predict("u2", 10)).toEqual(["b", "a", "c"]);
    // u3 (f: e2 d1): e = 2 + 1/2, d = 1 + 2·1/2, c = 1/2
    expect(method.predict("u3", 10)).toEqual(["e", "d", "c"]);
  });

  it("keeps only the configured number of neighbours per item", () => {
    const method = new ItemKnnMethod({ neighbours: 1 });
    method.fit(toTrainingView(dataset));
    // With one neighbour per item, a keeps only b (2/3 > 1/√6), so u2 (items a, b) no longer reaches c.
    expect(method.predict("u2", 10)).toEqual(["b", "a"]);
  });
});

describe("evaluateNbr on the baselines", () => {
  it("averages the hand-computed per-user scores", async () => {
    const [g] = await evaluateNbr(dataset, [new GTopFreqMethod()], { ks: [2] });
    // K=2, predictions [b, a] for everyone.
    // u1 target {a,e}: hit a at rank 2 → recall 1/2, NDCG (1/log2 3)/(1 + 1/log2 3); a is a repeat item
    // u2 target {b,c}: hit b at rank 1 → recall 1/2, NDCG 1/(1 + 1/log2 3); repeat
    // u3 target {a,d}: hit a at rank 2 → recall 1/2, NDCG as u1; a is new to u3 → explore
    const idcg = 1 + 1 / Math.log2(3);
    const [row] = g.rows;
    expect(row.method).toBe("g-topfreq");
    expect(row.recall).toBeCloseTo(0.5, 12);
    expect(row.ndcg).toBeCloseTo((2 / Math.log2(3) + 1) / idcg / 3, 12);
    expect(row.phr).toBe(1);
    expect(row.repeatRecall).toBeCloseTo(1 / 3, 12);
    expect(row.exploreRecall).toBeCloseTo(1 / 6, 12);
  });
});

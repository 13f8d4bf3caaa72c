import { toTrainingView } from "../../../eval/nbr/leakage.guard";
import {
  TifuKnnMethod,
  tifuUserVector,
  TIFU_KNN_TAFENG_DEFAULTS,
  type TifuKnnOptions,
} from "../../../eval/nbr/methods/tifu-knn.method";
import { datasetOf } from "./nbr-test-helpers";

const asObject = (vector: { ids: Int32Array; values: Float64Array }) =>
  Object.fromEntries([...vector.ids].map((id, p) => [id, vector.values[p]]));

describe("tifuUserVector", () => {
  const decay: TifuKnnOptions = { ...TIFU_KNN_TAFENG_DEFAULTS, groupSize: 2, withinDecay: 0.5, groupDecay: 0.5 };
  // history of three baskets: {p=0} {q=1} {p=0, r=2}; m = 2 → groups [b1] and [b2, b3]

  it("follows the authors' code: r_b counted back over the whole history", () => {
    // weights b1 0.5², b2 0.5, b3 1; g0 = {p .25}; g1 = ({q .5} + {p 1, r 1}) / 2
    // user = (0.5·g0 + 1·g1) / 2 = {p (0.125 + 0.5)/2, q 0.25/2, r 0.5/2}
    const vector = tifuUserVector([[0], [1], [0, 2]], { ...decay, withinDecayScope: "history" });
    expect(asObject(vector)).toEqual({ 0: 0.3125, 1: 0.125, 2: 0.25 });
  });

  it("follows the paper's formula when r_b is counted back within each group", () => {
    // g0 = {p 1}; g1 as before → user = (0.5·{p 1} + g1) / 2
    const vector = tifuUserVector([[0], [1], [0, 2]], { ...decay, withinDecayScope: "group" });
    expect(asObject(vector)).toEqual({ 0: 0.5, 1: 0.125, 2: 0.25 });
  });

  it("puts one basket per group when the history is shorter than m, as the reference code does", () => {
    // n = 1 < m = 2: one group, weight r_g^(m-1-0) = 0.5, divided by 1 group
    expect(asObject(tifuUserVector([[7]], decay))).toEqual({ 7: 0.5 });
  });

  it("splits n baskets into m groups, the last n mod m groups one basket longer", () => {
    // n = 5, m = 3, no decay: groups [b1] [b2 b3] [b4 b5]; item 9 only in b1, item 8 in b4 and b5
    const plain = { ...TIFU_KNN_TAFENG_DEFAULTS, groupSize: 3, withinDecay: 1, groupDecay: 1 };
    const vector = asObject(tifuUserVector([[9], [1], [1], [8], [8]], plain));
    expect(vector[9]).toBeCloseTo(1 / 3, 12); // g0 = {9: 1}, divided by 3 groups
    expect(vector[1]).toBeCloseTo(1 / 3, 12); // g1 = {1: 2/2}
    expect(vector[8]).toBeCloseTo(1 / 3, 12); // g2 = {8: 2/2}
  });
});

describe("TifuKnnMethod", () => {
  // With m = 1 and no decay a user vector is the share of baskets containing each item:
  //   A = {x 1, y .5}, B = {x 1, y 1, z .5}, C = {w 1}
  // Squared distances: A–B .5, A–C 2.25, B–C 3.25.
  const dataset = datasetOf({
    A: { history: [["x"], ["x", "y"]], target: ["z"] },
    B: {
      history: [
        ["x", "y"],
        ["x", "y", "z"],
      ],
      target: ["x"],
    },
    C: { history: [["w"], ["w"]], target: ["x"] },
  });
  const base: Partial<TifuKnnOptions> = { groupSize: 1, withinDecay: 1, groupDecay: 1, neighbours: 1, alpha: 0.6 };

  it("finds the nearest other user, never the user itself", () => {
    const method = new TifuKnnMethod(base);
    method.fit(toTrainingView(dataset));
    expect(method.neighboursOf("A")).toEqual(["B"]);
    expect(method.neighboursOf("B")).toEqual(["A"]);
    // C shares no item with anyone; by euclidean distance A (smaller norm) is still nearer than B.
    expect(method.neighboursOf("C")).toEqual(["A"]);
  });

  it("blends alpha·own with (1 - alpha)·neighbour mean, bringing in the neighbour's items", () => {
    const method = new TifuKnnMethod(base);
    method.fit(toTrainingView(dataset));
    // A: 0.6·{x 1, y .5} + 0.4·{x 1, y 1, z .5} = {x 1, y .7, z .2}: z comes only from neighbour B
    expect(method.predict("A", 3)).toEqual(["x", "y", "z"]);
    // C: 0.6·{w 1} + 0.4·{x 1, y .5} = {w .6, x .4, y .2}
    expect(method.predict("C", 3)).toEqual(["w", "x", "y"]);
    expect(method.predict("C", 1)).toEqual(["w"]);
  });

  it("uses only the user's own vector when alpha is 1", () => {
    const method = new TifuKnnMethod({ ...base, alpha: 1 });
    method.fit(toTrainingView(dataset));
    expect(method.predict("A", 3)).toEqual(["x", "y"]);
  });

  it("averages k neighbours", () => {
    const method = new TifuKnnMethod({ ...base, neighbours: 2, alpha: 0.5 });
    method.fit(toTrainingView(dataset));
    // C: 0.5·{w 1} + 0.5·(A + B)/2 = {w .5, x .5, y .375, z .125}; w and x tie → first-seen item (x) first
    expect(method.predict("C", 4)).toEqual(["x", "w", "y", "z"]);
  });

  it("with cosine similarity, ignores users that share no item", () => {
    const method = new TifuKnnMethod({ ...base, similarity: "cosine" });
    method.fit(toTrainingView(dataset));
    expect(method.neighboursOf("C")).toEqual([]);
    expect(method.predict("C", 3)).toEqual(["w"]);
    expect(method.neighboursOf("A")).toEqual(["B"]);
  });

  it("refuses invalid hyperparameters", () => {
    expect(() => new TifuKnnMethod({ alpha: 1.5 })).toThrow(/alpha/);
    expect(() => new TifuKnnMethod({ neighbours: 0 })).toThrow(/neighbours/);
  });
});

import { LeakageError, toTrainingView } from "../../../ml/nbr/leakage.guard";
import { historyProfile } from "../../../ml/nbr/discovery/history-profile";
import { TrainingCoPurchaseService } from "../../../ml/nbr/discovery/training-co-purchase.service";
import { carveValidation } from "../../../ml/nbr/discovery/validation-split";
import { DiscoveryMethod, type DiscoverySettings } from "../../../ml/nbr/methods/discovery.method";
import { createNbrMethod, nbrMethodNames } from "../../../ml/nbr/method.registry";
import { evaluateNbr } from "../../../ml/nbr/nbr.evaluator";
import type { NbrDataset } from "../../../ml/nbr/nbr-dataset.types";
import { datasetOf } from "./nbr-test-helpers";

// u1 buys a every time (due now), then d, c, b once each, most recent first; e is the most popular item it
// never bought (2 buyers), f and g have one buyer each.
const dataset = datasetOf({
  u1: { history: [["a", "b"], ["a", "c"], ["a", "d"]], target: ["e"] },
  u2: { history: [["e"], ["e", "f"]], target: ["a"] },
  u3: { history: [["e", "g"]], target: ["g"] },
});
const NOVELTY_OFF: DiscoverySettings = { daysPerBasket: 7, familiarity: {}, weights: { novelty: 0 } };

describe("discovery method", () => {
  it("ranks bought items by familiarity (frequency, recency, due-ness), then unbought ones by popularity", async () => {
    const method = new DiscoveryMethod({ settings: NOVELTY_OFF });
    await method.fit(toTrainingView(dataset));
    // familiarity: a = 0.55·(1−e^−1)·(0.4+0.6·0.5^(7/60)) + 0.35·due(1) + 0.1 ≈ 0.78; d (1 week ago) ≈ 0.248,
    // c (2 weeks) ≈ 0.242, b (3 weeks) ≈ 0.235; unbought: 0.6·0.3·popularity → e 0.18, f and g 0.09 (tie → id).
    expect(method.predict("u1", 10)).toEqual(["a", "d", "c", "b", "e", "f", "g"]);
    expect(method.predict("u1", 2)).toEqual(["a", "d"]);
    expect(method.predict("nobody", 3)).toEqual([]);
  });

  it("with the product's HOME weights, novelty lifts an unbought popular item above weak regulars", async () => {
    const method = new DiscoveryMethod();
    await method.fit(toTrainingView(dataset));
    // e: (0.6·0.18 + 0.3·~0.3) beats d: (0.6·0.248 + 0.3·0.03); known items get novelty ≤ 0.1.
    expect(method.predict("u1", 5)).toEqual(["a", "e", "d", "c", "b"]);
  });

  it("refuses k beyond the depth ranked during fit", async () => {
    const method = new DiscoveryMethod({ depth: 3 });
    await method.fit(toTrainingView(dataset));
    expect(() => method.predict("u1", 4)).toThrow(RangeError);
  });

  it("still goes through the leakage guard: a target in the history stops the evaluation before fit", async () => {
    const leaking: NbrDataset = {
      users: [{ userId: "u1", history: [{ id: "0", seq: 0, items: ["a"] }, { id: "1", seq: 1, items: ["b"] }], target: { id: "1", seq: 2, items: ["b"] } }],
    };
    const method = new DiscoveryMethod();
    const fit = jest.spyOn(method, "fit");
    await expect(evaluateNbr(leaking, [method], { ks: [10] })).rejects.toBeInstanceOf(LeakageError);
    expect(fit).not.toHaveBeenCalled();
  });

  it("tunes on the last history basket only, never on the target", async () => {
    const view = toTrainingView(dataset);
    const split = carveValidation(view, 10)!;
    // u3 has one history basket: not validated. Held-out baskets are the last history baskets.
    expect(split.dataset.users.map((user) => [user.userId, user.target.items])).toEqual([
      ["u1", ["a", "d"]],
      ["u2", ["e", "f"]],
    ]);
    expect(split.view.users.map((user) => user.history.length)).toEqual([2, 1]);
    const method = new DiscoveryMethod({ tuning: { grid: [NOVELTY_OFF, { ...NOVELTY_OFF, weights: { novelty: 0.3 } }], maxUsers: 10, k: 2 } });
    await method.fit(view);
    expect(method.tuningResult?.users).toBe(2);
    expect(method.tuningResult?.trials).toHaveLength(2);
  });

  it("is registered with its tuned variant", () => {
    expect(nbrMethodNames()).toEqual(expect.arrayContaining(["discovery", "discovery-tuned"]));
    expect(createNbrMethod("discovery").name).toBe("discovery");
  });
});

describe("discovery helpers", () => {
  it("derives counts, cadence and due dates from basket positions", () => {
    const { purchases, now } = historyProfile(dataset.users[0]!.history, { daysPerBasket: 7 });
    expect(now.toISOString()).toBe("2000-01-22T00:00:00.000Z");
    expect(purchases[0]).toMatchObject({ productId: "a", count: 3, reorderIntervalDays: 7 });
    expect(purchases[0]!.nextDueAt?.toISOString()).toBe(now.toISOString());
    expect(purchases.map((item) => item.productId)).toEqual(["a", "d", "c", "b"]);
  });

  it("computes co-purchase lift from history baskets with the job's support threshold", async () => {
    const view = toTrainingView(
      datasetOf({
        x: { history: [["p", "q"], ["p", "q"], ["p", "q"], ["r"]], target: ["z"] },
        y: { history: [["p"], ["r", "s"]], target: ["z"] },
      }),
    );
    const service = new TrainingCoPurchaseService(view, { minSupport: 3, maxNeighbours: 50, maxBasketItems: 40, minLift: 1 });
    // 6 baskets; p in 4, q in 3, together 3: lift = 6·3/(4·3) = 1.5. r (2 baskets) is below support.
    expect(service.neighboursOf("p")).toEqual([{ id: "q", lift: 1.5, support: 3 }]);
    expect(await service.complements(["p"], 10)).toEqual([{ productId: "q", score: 1.5, via: "p", support: 3 }]);
    expect(await service.complements(["p", "q"], 10)).toEqual([]);
  });
});

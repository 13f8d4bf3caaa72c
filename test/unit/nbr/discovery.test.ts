import { LeakageError, toTrainingView } from "../../../eval/nbr/leakage.guard";
import { historyAttributes, pageRanking, TrainingPipeline } from "../../../eval/nbr/discovery/training-pipeline";
import { TrainingCoPurchaseService } from "../../../eval/nbr/discovery/training-co-purchase.service";
import { carveValidation } from "../../../eval/nbr/discovery/validation-split";
import { DiscoveryMethod } from "../../../eval/nbr/methods/discovery.method";
import { createNbrMethod, nbrMethodNames } from "../../../eval/nbr/method.registry";
import { evaluateNbr } from "../../../eval/nbr/nbr.evaluator";
import type { NbrDataset } from "../../../eval/nbr/nbr-dataset.types";
import type { PresentedCollection } from "../../../subgraphs/personalization/pipeline/pipeline.types";
import { datasetOf } from "./nbr-test-helpers";

// u1 buys a every time, then d, c, b once each, most recent first; e is the most popular item it never
// bought (2 buyers), f and g have one buyer each.
const dataset = datasetOf({
  u1: {
    history: [
      ["a", "b"],
      ["a", "c"],
      ["a", "d"],
    ],
    target: ["e"],
  },
  u2: { history: [["e"], ["e", "f"]], target: ["a"] },
  u3: { history: [["e", "g"]], target: ["g"] },
});

describe("discovery method (the served pipeline on histories)", () => {
  it("leads the HOME page with Top picks: regulars by recency-weighted occasion share, then popular items", async () => {
    const pipeline = new TrainingPipeline(toTrainingView(dataset));
    const page = await pipeline.home("u1");
    expect(page[0]!.id).toBe("pipeline.top-picks");
    // occasion weights 0.81, 0.9, 1 (sum 2.71): a 1, d 0.369, c 0.332, b 0.299 → familiarity 0.05 + 0.95·share;
    // never bought: 0.8 × 0.3 × popularity → e 0.24, f and g 0.12.
    expect(page[0]!.items.map((item) => item.productId)).toEqual(["a", "d", "c", "b", "e", "f", "g"]);
    // "Buy it again" would show only items already in Top picks' window, so targeting drops it.
    expect(page.map((collection) => collection.id)).not.toContain("familiarity.buy-it-again");
  });

  it("predicts the page as a shopper meets it, from fit", async () => {
    const method = new DiscoveryMethod();
    await method.fit(toTrainingView(dataset));
    expect(method.predict("u1", 5)).toEqual(["a", "d", "c", "b", "e"]);
    expect(method.predict("u1", 2)).toEqual(["a", "d"]);
    expect(method.predict("nobody", 3)).toEqual([]);
  });

  it("still goes through the leakage guard: a target in the history stops the evaluation before fit", async () => {
    const leaking: NbrDataset = {
      users: [
        {
          userId: "u1",
          history: [
            { id: "0", seq: 0, items: ["a"] },
            { id: "1", seq: 1, items: ["b"] },
          ],
          target: { id: "1", seq: 2, items: ["b"] },
        },
      ],
    };
    const method = new DiscoveryMethod();
    const fit = jest.spyOn(method, "fit");
    await expect(evaluateNbr(leaking, [method], { ks: [10] })).rejects.toBeInstanceOf(LeakageError);
    expect(fit).not.toHaveBeenCalled();
  });

  it("is registered once, with no tuned variant", () => {
    expect(nbrMethodNames()).toContain("discovery");
    expect(nbrMethodNames()).not.toContain("discovery-tuned");
    expect(createNbrMethod("discovery").name).toBe("discovery");
  });
});

describe("discovery helpers", () => {
  it("computes the attributes job's profile from basket positions, without category affinity", () => {
    const attributes = historyAttributes("u1", dataset.users[0]!.history, { daysPerBasket: 7 })!;
    expect(attributes.items[0]).toMatchObject({
      productId: "a",
      purchaseCount: 3,
      occasionShare: 1,
      reorderIntervalDays: 7,
    });
    expect(attributes.items.find((item) => item.productId === "d")?.occasionShare).toBeCloseTo(1 / 2.71, 4);
    expect(attributes.categories).toEqual([]);
  });

  it("flattens a page: every carousel's window first, then the rest, duplicates once", () => {
    const collection = (id: string, items: string[]) =>
      ({ id, items: items.map((productId) => ({ productId })) }) as unknown as PresentedCollection;
    expect(pageRanking([collection("one", ["a", "b", "c"]), collection("two", ["b", "d", "e"])], 2)).toEqual([
      "a",
      "b",
      "d",
      "c",
      "e",
    ]);
  });

  it("carves validation from the last history basket only, never from the target", () => {
    const split = carveValidation(toTrainingView(dataset), 10)!;
    // u3 has one history basket: not validated. Held-out baskets are the last history baskets.
    expect(split.dataset.users.map((user) => [user.userId, user.target.items])).toEqual([
      ["u1", ["a", "d"]],
      ["u2", ["e", "f"]],
    ]);
    expect(split.view.users.map((user) => user.history.length)).toEqual([2, 1]);
  });

  it("computes co-purchase lift from history baskets with the job's support threshold", async () => {
    const view = toTrainingView(
      datasetOf({
        x: { history: [["p", "q"], ["p", "q"], ["p", "q"], ["r"]], target: ["z"] },
        y: { history: [["p"], ["r", "s"]], target: ["z"] },
      }),
    );
    const service = new TrainingCoPurchaseService(view, {
      minSupport: 3,
      maxNeighbours: 50,
      maxBasketItems: 40,
      minLift: 1,
    });
    // 6 baskets; p in 4, q in 3, together 3: lift = 6·3/(4·3) = 1.5. r (2 baskets) is below support.
    expect(service.neighboursOf("p")).toEqual([{ id: "q", lift: 1.5, support: 3 }]);
    expect(await service.complements(["p"], 10)).toEqual([{ productId: "q", score: 1.5, via: "p", support: 3 }]);
    expect(await service.complements(["p", "q"], 10)).toEqual([]);
  });
});

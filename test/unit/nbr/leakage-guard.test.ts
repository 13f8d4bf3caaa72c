import { join } from "node:path";
import { assertNoLeakage, LeakageError, toTrainingView } from "../../../eval/nbr/leakage.guard";
import { loadInstacart } from "../../../eval/nbr/instacart.loader";
import { evaluateNbr } from "../../../eval/nbr/nbr.evaluator";
import type { NbrDataset } from "../../../eval/nbr/nbr-dataset.types";
import type { NbrMethod } from "../../../eval/nbr/nbr-method.types";
import { loadTafeng } from "../../../eval/nbr/tafeng.loader";
import type { TrainingView } from "../../../eval/nbr/training-view.types";
import { datasetOf, FIXTURES } from "./nbr-test-helpers";

async function refusal(load: Promise<unknown>): Promise<LeakageError> {
  try {
    await load;
  } catch (error) {
    if (error instanceof LeakageError) return error;
    throw error;
  }
  throw new Error("expected a LeakageError, the dataset was accepted");
}

describe("leakage guard on Ta-Feng files", () => {
  it.each([
    ["tafeng-two-targets", "multiple-targets", "u2", "2"],
    ["tafeng-target-in-history", "target-in-history", "u2", "1"],
    ["tafeng-target-before-history", "target-not-after-history", "u2", "0"],
    ["tafeng-no-history", "no-history", "u2", "0"],
  ])("refuses %s", async (fixture, reason, userId, basketId) => {
    const error = await refusal(loadTafeng(join(FIXTURES, fixture)));
    expect(error).toMatchObject({ reason, userId, basketId });
    expect(error.message).toContain(`user ${userId}, basket ${basketId}`);
  });

  it("accepts the clean fixture", async () => {
    const { dataset, skippedUsers } = await loadTafeng(join(FIXTURES, "tafeng-clean"));
    expect(dataset.users.map((user) => user.userId)).toEqual(["u1", "u2", "u3"]);
    expect(skippedUsers).toBe(0);
  });
});

describe("leakage guard on Instacart folders", () => {
  it.each([
    ["instacart-train-in-prior", "role-mismatch", "1", "104"],
    ["instacart-target-before-history", "target-not-after-history", "1", "104"],
    ["instacart-two-train-orders", "multiple-targets", "3", "304"],
    ["instacart-no-history", "no-history", "4", "401"],
  ])("refuses %s", async (fixture, reason, userId, basketId) => {
    const error = await refusal(loadInstacart(join(FIXTURES, fixture)));
    expect(error).toMatchObject({ reason, userId, basketId });
  });
});

describe("leakage guard on in-memory datasets", () => {
  it("refuses a user listed twice (two targets)", () => {
    const once = datasetOf({ u: { history: [["a"]], target: ["b"] } });
    const twice: NbrDataset = { users: [...once.users, ...once.users] };
    expect(() => assertNoLeakage(twice)).toThrow(LeakageError);
    expect(() => toTrainingView(twice)).toThrow(/multiple-targets/);
  });

  it("refuses a target that shares its position with a history basket", () => {
    const [user] = datasetOf({ u: { history: [["a"], ["b"]], target: ["c"] } }).users;
    const leaking: NbrDataset = { users: [{ ...user, target: { id: "t", seq: 1, items: ["c"] } }] };
    expect(() => toTrainingView(leaking)).toThrow(/target-not-after-history.*user u, basket t/);
  });
});

describe("TrainingView", () => {
  const dataset = datasetOf({
    u1: { history: [["a"], ["b"]], target: ["secret-1"] },
    u2: { history: [["a", "c"]], target: ["secret-2"] },
  });

  it("holds histories only, frozen", () => {
    const view = toTrainingView(dataset);
    expect(view.users).toEqual([
      {
        userId: "u1",
        history: [
          { id: "0", seq: 0, items: ["a"] },
          { id: "1", seq: 1, items: ["b"] },
        ],
      },
      { userId: "u2", history: [{ id: "0", seq: 0, items: ["a", "c"] }] },
    ]);
    expect(JSON.stringify(view)).not.toContain("secret");
    expect(Object.isFrozen(view.users)).toBe(true);
    expect(Object.isFrozen(view.users[0].history[0].items)).toBe(true);
  });

  it("is all a method ever receives from the evaluator", async () => {
    const seen: unknown[] = [];
    const spy: NbrMethod = {
      name: "spy",
      fit(view: TrainingView) {
        seen.push(view);
      },
      predict(userId: string, k: number) {
        seen.push([userId, k]);
        return [];
      },
    };
    await evaluateNbr(dataset, [spy], { ks: [2, 1] });
    expect(JSON.stringify(seen)).not.toContain("secret");
    expect(seen.slice(1)).toEqual([
      ["u1", 2],
      ["u2", 2],
    ]);
  });

  it("cannot be forged from a dataset (type-level)", () => {
    const method: NbrMethod = { name: "m", fit() {}, predict: () => [] };
    // @ts-expect-error a dataset with targets is not a TrainingView
    method.fit(dataset);
    expect(true).toBe(true);
  });
});

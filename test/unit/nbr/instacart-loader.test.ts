import { join } from "node:path";
import { loadInstacart } from "../../../eval/nbr/instacart.loader";
import { FIXTURES } from "./nbr-test-helpers";

describe("loadInstacart", () => {
  it("builds history from prior orders by order_number and the train order as target", async () => {
    const bytes: number[] = [];
    const { format, dataset, skippedUsers } = await loadInstacart(join(FIXTURES, "instacart-clean"), {
      onBytes: (n) => bytes.push(n),
    });
    expect(format).toBe("instacart");
    // user 2 has a test order instead of a train order: skipped
    expect(skippedUsers).toBe(1);
    expect(dataset.users).toEqual([
      {
        userId: "1",
        history: [
          { id: "101", seq: 1, items: ["10", "11"] },
          { id: "102", seq: 2, items: ["10", "12"] },
          { id: "103", seq: 3, items: ["12"] }, // product 12 listed twice in the order, kept once
        ],
        target: { id: "104", seq: 4, items: ["10", "13"] },
      },
      {
        userId: "3",
        history: [
          { id: "301", seq: 1, items: ["20"] },
          { id: "302", seq: 2, items: ["20", "21"] },
        ],
        target: { id: "303", seq: 3, items: ["21"] },
      },
    ]);
    expect(bytes.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("reads the one-table layout (transactions.csv): each user's last order_number is the target", async () => {
    const { dataset, skippedUsers } = await loadInstacart(join(FIXTURES, "instacart-one-table"));
    // user 8 has a single order: a target without history, so it cannot be evaluated
    expect(skippedUsers).toBe(1);
    expect(dataset.users).toEqual([
      {
        userId: "7",
        history: [
          { id: "501", seq: 1, items: ["10", "11"] },
          { id: "502", seq: 2, items: ["10"] }, // rows out of order in the file; product 10 listed twice, kept once
        ],
        target: { id: "503", seq: 3, items: ["12"] },
      },
    ]);
  });

  it("fails on a folder without the Instacart files", async () => {
    await expect(loadInstacart(join(FIXTURES, "tafeng-clean"))).rejects.toThrow(/orders\.csv/);
  });
});

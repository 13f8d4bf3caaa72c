import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCompleteJourney } from "../../../eval/nbr/completejourney.loader";
import { FIXTURES } from "./nbr-test-helpers";

describe("Complete Journey loader", () => {
  it("orders each household's baskets by time, holds out the last and skips single-basket households", async () => {
    const { format, dataset, skippedUsers } = await loadCompleteJourney(join(FIXTURES, "completejourney-clean"));
    expect(format).toBe("completejourney");
    // household 2 has one basket: no history to learn from
    expect(skippedUsers).toBe(1);
    expect(
      dataset.users.map((user) => [
        user.userId,
        user.history.map((basket) => [basket.id, [...basket.items]]),
        user.target.id,
        [...user.target.items],
      ]),
    ).toEqual([
      [
        "1",
        [
          ["b1", ["p1", "p2"]],
          ["b2", ["p1"]],
        ],
        "b3",
        ["p3"],
      ],
      ["3", [["b7", ["p1"]]], "b8", ["p4"]],
    ]);
  });

  it("names the row of a bad timestamp", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cj-"));
    try {
      writeFileSync(
        join(dir, "transactions_sample.csv"),
        '"household_id","basket_id","product_id","transaction_timestamp"\n"1","b1","p1","yesterday"\n',
      );
      await expect(loadCompleteJourney(dir)).rejects.toThrow(/row 2: transaction_timestamp "yesterday" is not a date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

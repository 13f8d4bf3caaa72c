import { join } from "node:path";
import { readCsvRows } from "../../../eval/nbr/csv-rows.reader";
import { FIXTURES } from "./nbr-test-helpers";

async function collect(path: string, columns: string[]): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readCsvRows(path, { columns })) rows.push(row);
  return rows;
}

describe("readCsvRows", () => {
  it("yields the requested columns in the requested order", async () => {
    const rows = await collect(join(FIXTURES, "instacart-clean", "order_products__train.csv"), [
      "product_id",
      "order_id",
    ]);
    expect(rows).toEqual([
      ["10", "104"],
      ["13", "104"],
      ["21", "303"],
    ]);
  });

  it("names a missing column", async () => {
    await expect(collect(join(FIXTURES, "tafeng-clean", "baskets.csv"), ["user_id", "order_id"])).rejects.toThrow(
      /missing column "order_id"/,
    );
  });
});

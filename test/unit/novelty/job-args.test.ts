import { parseCoPurchaseArgs } from "../../../jobs/co-purchase.job";
import { parseKnowledgeGraphArgs } from "../../../jobs/knowledge-graph.job";
import { UsageError } from "../../../core/cli-args";
import { join } from "node:path";

describe("novelty job arguments", () => {
  test("co-purchase flags parse into build options", () => {
    expect(parseCoPurchaseArgs(["--min-support", "5", "--max-neighbours", "20"])).toEqual({
      minSupport: 5,
      maxNeighbours: 20,
    });
    expect(parseCoPurchaseArgs([])).toEqual({});
  });

  test("bad co-purchase flags are usage errors naming the flag", () => {
    expect(() => parseCoPurchaseArgs(["--min-support", "zero"])).toThrow(UsageError);
    expect(() => parseCoPurchaseArgs(["--min-support", "zero"])).toThrow(/--min-support needs a whole number/);
    expect(() => parseCoPurchaseArgs(["--pair-table-bits", "40"])).toThrow(/16–27/);
    expect(() => parseCoPurchaseArgs(["--nope", "1"])).toThrow(/unknown option "--nope"/);
  });

  test("knowledge-graph takes an optional menus folder that must exist", () => {
    expect(parseKnowledgeGraphArgs([])).toEqual({ menus: null, productsPerTerm: 20 });
    const folder = join(__dirname, "../../fixtures/novelty/menus");
    expect(parseKnowledgeGraphArgs(["--menus", folder]).menus).toBe(folder);
    expect(() => parseKnowledgeGraphArgs(["--menus", "/no/such/folder"])).toThrow(/is not a folder/);
    expect(() => parseKnowledgeGraphArgs(["--products-per-term", "0"])).toThrow(UsageError);
  });
});

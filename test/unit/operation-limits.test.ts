import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { getComplexity } from "graphql-query-complexity";
import { loadConfig } from "../../core/config";
import { projectRoot } from "../../core/paths";
import {
  checkDocument,
  costEstimator,
  operationLimitRules,
  operationLimits,
  type OperationLimits,
} from "../../gateway/operation-limits";

const schema: GraphQLSchema = buildSchema(readFileSync(join(projectRoot, "schema", "supergraph.graphql"), "utf8"), {
  assumeValidSDL: true,
});
const limits: OperationLimits = operationLimits(loadConfig({}));

/** The codes of every limit the document breaks (document checks, validation rules, cost), in that order. */
function rejections(
  query: string,
  variables: Record<string, unknown> = {},
  chosen: OperationLimits = limits,
): string[] {
  const early = checkDocument(query, chosen);
  if (early) return [String(early.extensions.code)];
  const document = parse(query);
  const codes = validate(schema, document, operationLimitRules(chosen)).map((error) => String(error.extensions.code));
  const cost = getComplexity({ schema, query: document, variables, estimators: [costEstimator(chosen.costListSize)] });
  if (cost > chosen.maxCost) codes.push("MAX_COST_EXCEEDED");
  return codes;
}

describe("operation limits", () => {
  test("the default limits let every example query of the README and docs/api.md through", () => {
    const readme = ["README.md", "docs/api.md"].map((file) => readFileSync(join(projectRoot, file), "utf8")).join("\n");
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((match) =>
      match[1]!.split(/\n(?=\{|query |mutation )/),
    );
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect({ block, rejected: rejections(block) }).toEqual({ block, rejected: [] });
  });

  test("a storefront home page within the limits: 8 carousels of 10 items with products, categories and deals", () => {
    const home = `query Home($u: ID) { carousels(userId: $u, surface: HOME, first: 8) { id title explanation
      items(first: 10) { edges { cursor node { score explanation product { id name brand price category { id name } } reasons { dimension score text } deal { id kind value } } } pageInfo { hasNextPage endCursor } } } }`;
    expect(rejections(home, { u: "u:sim:00001" })).toEqual([]);
  });

  test("the abuse cases are each rejected with a code naming the limit", () => {
    const nest = (levels: number) =>
      `{ category(id: "grocery") { ${"ancestors { children { ".repeat(levels)}id name${" } }".repeat(levels)} } }`;
    expect(rejections(nest(4))).toContain("MAX_COST_EXCEEDED");
    expect(rejections(nest(5))).toEqual(expect.arrayContaining(["MAX_DEPTH_EXCEEDED", "MAX_COST_EXCEEDED"]));
    const cycle = `{ user(id: "u:sim:00001") { orders { edges { node { lines { product { category { products { edges { node { offers { merchant { offers { id } } } } } } } } } } } } } }`;
    expect(rejections(cycle)).toContain("MAX_DEPTH_EXCEEDED");
    const aliases = (n: number, field: string) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
    expect(rejections(aliases(30000, "dimensions { name }"))).toEqual(["DOCUMENT_TOO_LARGE"]);
    expect(rejections(aliases(1000, "carousels(surface: HOME) { id }"))).toEqual(["DOCUMENT_TOO_LARGE"]);
    expect(rejections(aliases(100, "carousels(surface: HOME) { id }"))).toEqual([
      "MAX_ALIASES_EXCEEDED",
      "MAX_ROOT_FIELDS_EXCEEDED",
    ]);
    expect(rejections(`{ ${"dimensions { name } ".repeat(25)}}`)).toEqual(["MAX_ROOT_FIELDS_EXCEEDED"]);
    expect(rejections(`{ dimensions { ${"a ".repeat(3500)}} }`)).toEqual(["MAX_TOKENS_EXCEEDED"]);
  });

  test("cost multiplies page sizes, from literals or variables, and list sizes along the nesting", () => {
    const cost = (query: string, variables: Record<string, unknown> = {}) =>
      getComplexity({ schema, query: parse(query), variables, estimators: [costEstimator(10)] });
    expect(cost("{ popularProducts(first: 5) { id name } }")).toBe(1 + 5 * 2);
    expect(cost("query($n: Int) { popularProducts(first: $n) { id } }", { n: 50 })).toBe(1 + 50);
    // A list without a page size counts costListSize; a connection without `first` its default page; its edges count 1.
    expect(cost('{ category(id: "c") { children { id } } }')).toBe(1 + (1 + 10));
    expect(cost('{ user(id: "u") { orders { edges { node { id } } } } }')).toBe(1 + (1 + 10 * (1 + (1 + 1))));
    expect(cost('{ products(ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3);
    expect(cost("{ __schema { types { name fields { name } } } }")).toBe(0);
  });

  test("limits come from configuration and tightening one rejects what it allowed", () => {
    const query = "{ a: dimensions { name } b: dimensions { name } }";
    expect(rejections(query)).toEqual([]);
    expect(rejections(query, {}, operationLimits(loadConfig({ OPERATION_MAX_ALIASES: "1" })))).toEqual([
      "MAX_ALIASES_EXCEEDED",
    ]);
    expect(rejections(query, {}, operationLimits(loadConfig({ OPERATION_MAX_COST: "2" })))).toEqual([
      "MAX_COST_EXCEEDED",
    ]);
    expect(
      rejections(
        query,
        {},
        operationLimits(loadConfig({ OPERATION_MAX_DOCUMENT_BYTES: "1000", OPERATION_MAX_TOKENS: "100" })),
      ),
    ).toEqual([]);
    expect(() => loadConfig({ OPERATION_MAX_DEPTH: "0" })).toThrow(/OPERATION_MAX_DEPTH/);
  });
});

import { compileFilter, filterToSql, matchesFilter, type MetadataFilter } from "../../../core/vector/metadata-filter";
import { toPineconeFilter } from "../../../core/vector/pinecone.vector-store";
import { VectorStoreError, type MetadataSchema } from "../../../core/vector/vector-store";

const schema: MetadataSchema = { vertical: "string", storeIds: "string[]", inStock: "boolean", price: "number" };

describe("metadata filter", () => {
  test("flattens $eq, $in, $and and several keys into ANDed terms", () => {
    const compiled = compileFilter(
      { $and: [{ vertical: "grocery" }, { storeIds: { $in: ["s1", "s2"] } }], inStock: { $eq: true } },
      schema,
    );
    expect(compiled.terms).toEqual([
      { field: "vertical", values: ["grocery"], isArray: false },
      { field: "storeIds", values: ["s1", "s2"], isArray: true },
      { field: "inStock", values: [true], isArray: false },
    ]);
    expect(compileFilter(undefined, schema).terms).toEqual([]);
  });

  test("reference semantics: arrays contain, missing fields never match, types are strict", () => {
    const filter = compileFilter({ storeIds: "s2", price: 2 }, schema);
    expect(matchesFilter({ storeIds: ["s1", "s2"], price: 2 }, filter)).toBe(true);
    expect(matchesFilter({ storeIds: ["s1"], price: 2 }, filter)).toBe(false);
    expect(matchesFilter({ storeIds: ["s2"] }, filter)).toBe(false);
    expect(matchesFilter({ storeIds: [], price: 2 }, filter)).toBe(false);
  });

  test.each<[unknown, RegExp]>([
    [{ price: { $gt: 2 } }, /unsupported operator \$gt/],
    [{ $or: [{ vertical: "a" }] }, /unsupported operator \$or/],
    [{ colour: "red" }, /filter\.colour: unknown metadata field/],
    [{ price: "2" }, /price: expected number values/],
    [{ storeIds: 3 }, /storeIds: expected string values/],
    [{ vertical: { $in: [] } }, /non-empty array/],
    [{ vertical: { $eq: "a", $in: ["b"] } }, /exactly one operator/],
    [{}, /must not be empty/],
    [{ $and: [] }, /non-empty array/],
    [{ vertical: { $in: Array.from({ length: 1001 }, (_, i) => `v${i}`) } }, /at most 1000/],
    [{ toString: "x" }, /unknown metadata field/],
  ])("rejects %j", (filter, message) => {
    let error: unknown;
    try {
      compileFilter(filter as MetadataFilter, schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VectorStoreError);
    expect((error as VectorStoreError).code).toBe("BAD_INPUT");
    expect((error as Error).message).toMatch(message);
  });

  test("SQL for LanceDB quotes identifiers and escapes strings", () => {
    const sql = filterToSql(
      compileFilter({ vertical: { $in: ["kid's", "adult"] }, storeIds: "s'1", price: 2.5 }, schema),
    );
    expect(sql).toBe(
      "(`vertical` IN ('kid''s', 'adult')) AND (array_has_any(`storeIds`, ['s''1'])) AND (`price` = 2.5)",
    );
    expect(filterToSql(compileFilter(undefined, schema))).toBeUndefined();
  });

  test("Pinecone syntax: one term as is, several under $and", () => {
    expect(toPineconeFilter(compileFilter({ vertical: "grocery" }, schema))).toEqual({ vertical: { $eq: "grocery" } });
    expect(toPineconeFilter(compileFilter({ vertical: "grocery", storeIds: { $in: ["a", "b"] } }, schema))).toEqual({
      $and: [{ vertical: { $eq: "grocery" } }, { storeIds: { $in: ["a", "b"] } }],
    });
    expect(toPineconeFilter(compileFilter(undefined, schema))).toBeUndefined();
  });
});

import { VersionedTextSearch } from "../../../subgraphs/personalization/services/cached-text-search";
import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";

/** A catalog search that counts its calls and answers from `index` (or fails when `failing`). */
function countingSearch(index: Map<string, ScoredId[]>) {
  const state = { calls: 0, failing: false };
  const search: TextSearchService = {
    async search(query, limit) {
      state.calls += 1;
      if (state.failing) throw new Error("catalog down");
      return (index.get(query) ?? []).slice(0, limit).map((hit) => ({ ...hit }));
    },
  };
  return { search, state };
}

describe("VersionedTextSearch", () => {
  const index = new Map([
    [
      "milk",
      [
        { productId: "p1", score: 2 },
        { productId: "p2", score: 1 },
      ],
    ],
  ]);

  test("the same words at the same depth in the same catalog version ask the catalog once", async () => {
    const { search, state } = countingSearch(index);
    let version: number | null = 7;
    const cached = new VersionedTextSearch(search, () => version);
    expect(await cached.search("milk", 10)).toEqual(index.get("milk"));
    expect(await cached.search("milk", 10)).toEqual(index.get("milk"));
    expect(state.calls).toBe(1);
    await cached.search("milk", 1);
    expect(state.calls).toBe(2);
    version = 8;
    await cached.search("milk", 10);
    expect(state.calls).toBe(3);
    version = null;
    await cached.search("milk", 10);
    await cached.search("milk", 10);
    expect(state.calls).toBe(5);
  });

  test("every caller gets its own hits, and a failure is never kept", async () => {
    const { search, state } = countingSearch(index);
    const cached = new VersionedTextSearch(search, () => 1);
    state.failing = true;
    await expect(cached.search("milk", 10)).rejects.toThrow("catalog down");
    state.failing = false;
    const first = await cached.search("milk", 10);
    first[0]!.score = 99;
    first.pop();
    expect(await cached.search("milk", 10)).toEqual(index.get("milk"));
    expect(state.calls).toBe(2);
  });
});

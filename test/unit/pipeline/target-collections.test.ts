import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import { fixtureProduct } from "../../../plugins/sdk/testkit";
import type { RankedCollection, RankedEntry } from "../../../subgraphs/personalization/pipeline/pipeline.types";
import {
  applyCaps,
  DEFAULT_TARGETING,
  targetCollections,
} from "../../../subgraphs/personalization/pipeline/target-collections.step";

const entry = (id: string, score: number, brand?: string, categoryId = `c-${id}`): RankedEntry => ({
  productId: id,
  product: fixtureProduct(id, { brand, categoryId }),
  score,
  reasons: [],
});
const proposal = (id: string, relevance: number, dimension = ""): CollectionProposal => ({
  id,
  title: id,
  dimension,
  relevance,
});
const collection = (id: string, relevance: number, ids: string[], dimension = ""): RankedCollection => ({
  proposal: proposal(id, relevance, dimension),
  items: ids.map((x, i) => entry(x, 1 - i * 0.01)),
});

const options = { ...DEFAULT_TARGETING, first: 5, seed: 1, exploration: 0 };

test("orders by relevance and drops items shown in an earlier window", () => {
  const result = targetCollections(
    [collection("b", 0.5, ["x1", "x2", "x3", "x4"]), collection("a", 0.9, ["x1", "x2", "y1", "y2"])],
    { ...options, window: 2, minItems: 2 },
  );
  expect(result.map((c) => c.proposal.id)).toEqual(["a", "b"]);
  expect(result[1]!.items.map((item) => item.productId)).toEqual(["x3", "x4"]);
});

test("skips collections left with fewer than minItems and stops at first", () => {
  const result = targetCollections(
    [
      collection("a", 0.9, ["x1", "x2", "x3"]),
      collection("b", 0.8, ["x1", "x2", "z"]),
      collection("c", 0.7, ["c1", "c2", "c3"]),
      collection("d", 0.6, ["d1", "d2", "d3"]),
    ],
    { ...options, first: 2 },
  );
  expect(result.map((c) => c.proposal.id)).toEqual(["a", "c"]);
});

test("penalizes repeating the previous collection's dimension", () => {
  const result = targetCollections(
    [
      collection("f1", 0.9, ["a1", "a2", "a3"], "familiarity"),
      collection("f2", 0.85, ["b1", "b2", "b3"], "familiarity"),
      collection("x", 0.8, ["c1", "c2", "c3"], "affordability"),
    ],
    options,
  );
  expect(result.map((c) => c.proposal.id)).toEqual(["f1", "x", "f2"]);
});

test("exploration is reproducible for a seed", () => {
  const input = Array.from({ length: 6 }, (_, i) => collection(`c${i}`, 0.5, [`${i}a`, `${i}b`, `${i}c`]));
  const a = targetCollections(input, { ...options, exploration: 0.5, seed: 3 }).map((c) => c.proposal.id);
  expect(targetCollections(input, { ...options, exploration: 0.5, seed: 3 }).map((c) => c.proposal.id)).toEqual(a);
});

test("caps brand and category repetition inside the window by demotion", () => {
  const items = [
    entry("1", 1, "Acme"),
    entry("2", 0.9, "Acme"),
    entry("3", 0.8, "acme"),
    entry("4", 0.7, "Other", "same"),
    entry("5", 0.6, "Other2", "same"),
  ];
  const capped = applyCaps(items, { window: 3, maxPerBrand: 2, maxPerCategory: 1 });
  expect(capped.map((item) => item.productId)).toEqual(["1", "2", "4", "3", "5"]);
});

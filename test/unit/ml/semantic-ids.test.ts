import type { ProductDocument } from "../../../core/documents/product.document";
import { SeededRandom } from "../../../core/random";
import { characteristicPrefixes, inheritStatistic, preferenceNeighbours } from "../../../ml/semantic-ids/cold-start";
import {
  formatItemReference,
  formatItemsForPrompt,
  parseItemReferences,
} from "../../../ml/semantic-ids/prompt-reference.formatter";
import { searchByPrefix } from "../../../ml/semantic-ids/query-prefix.search";
import { reconstruct, trainResidualQuantizer } from "../../../ml/semantic-ids/residual-kmeans";
import { formatSemanticId, parseSemanticId, parseSemanticIdPrefix } from "../../../ml/semantic-ids/semantic-id";
import { assignSemanticIds } from "../../../ml/semantic-ids/semantic-id.assigner";
import { SemanticIdIndex } from "../../../ml/semantic-ids/semantic-id.index";
import { catalogTextPairs, productText } from "../../../ml/text-encoder/catalog-text";
import { TextEncoder } from "../../../ml/text-encoder/text-encoder.model";
import { trainTextEncoder } from "../../../ml/text-encoder/text-encoder.trainer";
import { fnv1a, hashedFeatures, textFeatures } from "../../../ml/text-encoder/text-tokenizer";

describe("text tokenizer", () => {
  it("hashes the same text to the same buckets on every run, and stems plurals", () => {
    expect(fnv1a("candle")).toBe(fnv1a("candle"));
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(Array.from(hashedFeatures("Cozy Fall Candles!", 1 << 15))).toEqual(
      Array.from(hashedFeatures("cozy  fall candles", 1 << 15)),
    );
    expect(textFeatures("Candles")).toContain("w:candle");
    expect(textFeatures("crème brûlée")).toContain("w:creme");
    expect(textFeatures("a b")).toContain("b:a_b");
    expect(hashedFeatures("!!!", 64)).toHaveLength(0);
  });
});

describe("residual k-means", () => {
  it("reconstructs vectors drawn around known centres far better than the mean does, and each level reduces the error", () => {
    const random = new SeededRandom(3);
    const dims = 8;
    const centres = Array.from({ length: 6 }, () => Array.from({ length: dims }, () => random.normal() * 3));
    const n = 600;
    const vectors = new Float32Array(n * dims);
    for (let i = 0; i < n; i += 1)
      for (let j = 0; j < dims; j += 1) vectors[i * dims + j] = centres[i % 6]![j]! + random.normal() * 0.1;
    const mse = (levels: number): number => {
      const { quantizer, codes } = trainResidualQuantizer(vectors, dims, {
        levels,
        maxCodes: 6,
        iterations: 15,
        sampleSize: 10_000,
        seed: 1,
      });
      let error = 0;
      const out = new Float32Array(dims);
      for (let i = 0; i < n; i += 1) {
        reconstruct(quantizer, codes.subarray(i * levels, (i + 1) * levels), out);
        for (let j = 0; j < dims; j += 1) error += (vectors[i * dims + j]! - out[j]!) ** 2;
      }
      return error / n;
    };
    let variance = 0;
    for (let j = 0; j < dims; j += 1) {
      let mean = 0;
      for (let i = 0; i < n; i += 1) mean += vectors[i * dims + j]! / n;
      for (let i = 0; i < n; i += 1) variance += (vectors[i * dims + j]! - mean) ** 2 / n;
    }
    const one = mse(1);
    expect(one).toBeLessThan(variance * 0.05);
    expect(mse(2)).toBeLessThan(one);
  });

  it("aligns level 1 with the given groups", () => {
    const vectors = Float32Array.from({ length: 40 }, (_, i) => (i % 4) + (i >= 20 ? 10 : 0));
    const groups = Int32Array.from({ length: 10 }, (_, i) => (i < 5 ? 1 : 0));
    const { codes } = trainResidualQuantizer(
      vectors,
      4,
      { levels: 2, maxCodes: 4, iterations: 5, sampleSize: 100, seed: 1 },
      groups,
    );
    for (let i = 0; i < 10; i += 1) expect(codes[i * 2]).toBe(groups[i]);
  });
});

describe("Semantic IDs", () => {
  const entries = [
    { itemId: "a", id: { codes: [1, 2, 3], suffix: 0 } },
    { itemId: "b", id: { codes: [1, 2, 3], suffix: 1 } },
    { itemId: "c", id: { codes: [1, 2, 4], suffix: 0 } },
    { itemId: "d", id: { codes: [1, 5, 0], suffix: 0 } },
    { itemId: "e", id: { codes: [2, 0, 0], suffix: 0 } },
    { itemId: "f", id: { codes: [12, 0, 0], suffix: 0 } },
  ];
  const index = new SemanticIdIndex(entries);

  it("formats, parses and rejects malformed ids and prefixes", () => {
    expect(formatSemanticId({ codes: [12, 201, 7], suffix: 0 })).toBe("12-201-7-0");
    expect(parseSemanticId("12-201-7-0", 3)).toEqual({ codes: [12, 201, 7], suffix: 0 });
    expect(parseSemanticId("12-201-7", 3)).toBeNull();
    expect(parseSemanticIdPrefix("12-201", 3)).toEqual([12, 201]);
    expect(parseSemanticIdPrefix("12-x", 3)).toBeNull();
    expect(parseSemanticIdPrefix("", 3)).toBeNull();
    expect(parseSemanticIdPrefix("1-2-3-4-5", 3)).toBeNull();
  });

  it("looks items up by prefix on code boundaries (1 does not match 12)", () => {
    expect(index.withPrefix([1]).map((e) => e.itemId)).toEqual(["a", "b", "c", "d"]);
    expect(index.withPrefix([1, 2]).map((e) => e.itemId)).toEqual(["a", "b", "c"]);
    expect(index.withPrefix([1, 2, 3, 1]).map((e) => e.itemId)).toEqual(["b"]);
    expect(index.withPrefix([1], 2, 1).map((e) => e.itemId)).toEqual(["b", "c"]);
    expect(index.withPrefix([3])).toEqual([]);
    expect(index.format("f")).toBe("12-0-0-0");
    expect(index.format("zzz")).toBeNull();
  });

  it("lets a cold-start item inherit the statistic of its closest prefix neighbours", () => {
    const stats = new Map([
      ["b", 10],
      ["c", 20],
      ["d", 60],
      ["e", 99],
    ]);
    expect(inheritStatistic("a", stats, index, 1)).toEqual({ value: 10, prefixLength: 3, neighbours: 1 });
    expect(inheritStatistic("a", stats, index, 2)).toEqual({ value: 15, prefixLength: 2, neighbours: 2 });
    expect(inheritStatistic("a", stats, index, 3)).toEqual({ value: 30, prefixLength: 1, neighbours: 3 });
    expect(inheritStatistic("a", stats, index, 4)).toBeNull();
    expect(inheritStatistic("e", stats, index, 1)?.value).toBe(99);
  });

  it("formats compact prompt references and reads them back", () => {
    expect(
      formatItemReference({ semanticId: "12-201-7-0", name: "Scented Candle", brand: "Yankee Candle", price: 19.5 }),
    ).toBe("[12-201-7-0] Scented Candle (Yankee Candle, 19.50)");
    const text = formatItemsForPrompt(
      [
        { semanticId: "1-2-3-0", name: "A" },
        { semanticId: "1-2-3-1", name: "B" },
      ],
      18,
    );
    expect(text).toBe("[1-2-3-0] A\n(+1 more)");
    expect(parseItemReferences("try [1-2-3-1] and [1-2-3-0], again [1-2-3-1]")).toEqual(["1-2-3-1", "1-2-3-0"]);
  });
});

describe("free text → products through Semantic-ID prefixes", () => {
  const categories = new Map([
    ["home", "Home"],
    ["home-decor", "Home Decor"],
    ["candles", "Candles"],
    ["blankets", "Throw Blankets"],
    ["grocery", "Grocery"],
    ["produce", "Produce"],
    ["apples", "Apples"],
    ["beverages", "Beverages"],
    ["beer", "Beer"],
    ["coffee", "Coffee"],
  ]);
  const make = (id: string, name: string, brand: string, path: string[], tags: string[] = []): ProductDocument => ({
    _id: id,
    name,
    brand,
    vertical: path[0] === "home" ? "RETAIL" : "GROCERY",
    categoryId: path[path.length - 1]!,
    categoryPath: path,
    price: 10,
    currency: "USD",
    tags,
    source: "test",
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });
  const products: ProductDocument[] = [
    ...[
      "Pumpkin Spice Scented Candle",
      "Vanilla Soy Candle",
      "Autumn Leaves Jar Candle",
      "Cinnamon Pillar Candle",
      "Apple Harvest Candle",
    ].map((name, i) => make(`candle-${i}`, name, "Yankee Candle", ["home", "home-decor", "candles"])),
    ...["Sherpa Throw Blanket", "Knit Throw Blanket", "Plaid Fleece Throw"].map((name, i) =>
      make(`blanket-${i}`, name, "Threshold", ["home", "home-decor", "blankets"]),
    ),
    ...["Honeycrisp Apples", "Gala Apples", "Granny Smith Apples", "Fuji Apples"].map((name, i) =>
      make(`apple-${i}`, name, "Farm", ["grocery", "produce", "apples"], ["organic"]),
    ),
    ...["Pumpkin Ale", "Pale Ale", "Lager 6 Pack", "Stout"].map((name, i) =>
      make(`beer-${i}`, name, "Brewery", ["grocery", "beverages", "beer"]),
    ),
    ...["Pumpkin Spice Coffee", "Dark Roast Coffee", "Colombian Coffee Beans"].map((name, i) =>
      make(`coffee-${i}`, name, "Roasters", ["grocery", "beverages", "coffee"]),
    ),
  ];

  it('maps "cozy fall candles" to the candles', () => {
    const encoder = TextEncoder.initialize({ buckets: 1 << 12, dims: 32 }, 5);
    trainTextEncoder(encoder, catalogTextPairs(products, categories), {
      epochs: 8,
      batchSize: 16,
      temperature: 0.1,
      learningRate: 0.2,
      seed: 1,
    });
    const vectors = new Float32Array(products.length * 32);
    products.forEach((product, i) => vectors.set(encoder.encode(productText(product, categories)), i * 32));
    const assignment = assignSemanticIds(products, vectors, 32, {
      levels: 3,
      maxCodes: 8,
      iterations: 10,
      sampleSize: 1000,
      seed: 2,
    });
    expect(new Set(assignment.entries.map((entry) => formatSemanticId(entry.id))).size).toBe(products.length);
    // Level 1 follows the department: candles and blankets share it, apples do not.
    const code = (id: string): number[] => assignment.entries[products.findIndex((p) => p._id === id)]!.id.codes;
    expect(code("candle-0")[0]).toBe(code("blanket-0")[0]);
    expect(code("candle-0")[0]).not.toBe(code("apple-0")[0]);
    const index = new SemanticIdIndex(assignment.entries);
    const byId = new Map(products.map((product, i) => [product._id, vectors.subarray(i * 32, (i + 1) * 32)]));
    const matches = searchByPrefix(assignment.quantizer, index, encoder.encode("cozy fall candles"), 3, (id) =>
      byId.get(id),
    );
    expect(matches).toHaveLength(3);
    for (const match of matches) expect(match.itemId).toMatch(/^candle-/);
  });
});

test("level-1 groups of half a million items are counted without overflowing the call stack (the large seed's index run)", () => {
  const n = 500_000;
  const groups = Int32Array.from({ length: n }, (_, i) => i % 7);
  const vectors = Float32Array.from({ length: n }, (_, i) => i % 7);
  const { codes } = trainResidualQuantizer(
    vectors,
    1,
    { levels: 1, maxCodes: 8, iterations: 1, sampleSize: 1000, seed: 1 },
    groups,
  );
  expect(new Set(codes).size).toBe(7);
  expect(codes[3]).not.toBe(codes[4]);
});

describe("cold start from stated preferences through Semantic-ID prefixes", () => {
  // Cell 1-1: 4 items, 3 of them vegan; cell 1-2: 2 items, both vegan; cell 2-1: 40 items, 4 vegan; cell 3-1: 1 vegan.
  const entries = [
    ...["a", "b", "c", "d"].map((id, i) => ({ itemId: `p:${id}`, id: { codes: [1, 1, i], suffix: 0 } })),
    ...["e", "f"].map((id, i) => ({ itemId: `p:${id}`, id: { codes: [1, 2, i], suffix: 0 } })),
    ...Array.from({ length: 40 }, (_, i) => ({ itemId: `p:big${i}`, id: { codes: [2, 1, i], suffix: 0 } })),
    { itemId: "p:lone", id: { codes: [3, 1, 0], suffix: 0 } },
  ];
  const index = new SemanticIdIndex(entries);
  const vegan = ["p:a", "p:b", "p:c", "p:e", "p:f", "p:big0", "p:big1", "p:big2", "p:big3", "p:lone", "p:unknown"];

  it("ranks prefixes by how many seeds they hold and how much of them the seeds make up", () => {
    expect(index.countPrefix([2, 1])).toBe(40);
    expect(index.countPrefix([1])).toBe(6);
    const prefixes = characteristicPrefixes(vegan, index);
    // 1-1: 3×3/4 = 2.25; 1-2: 2×2/2 = 2; 2-1: 4×4/40 = 0.4; 3-1 holds one seed only.
    expect(prefixes.map((prefix) => prefix.prefix.join("-"))).toEqual(["1-1", "1-2", "2-1"]);
    expect(prefixes[0]).toMatchObject({ seeds: 3, size: 4, score: 2.25 });
  });

  it("retrieves the seeds first and then their code neighbours, round-robin from the best prefix", () => {
    const found = preferenceNeighbours(vegan, index, 6);
    expect(found.map((hit) => hit.productId)).toEqual(["p:a", "p:e", "p:big0", "p:b", "p:f", "p:big1"]);
    expect(found[0]!.score).toBe(1);
    expect(found[2]!.score).toBeCloseTo(0.4 / 2.25);
    // Beyond the seeds: the non-vegan item of the vegan-rich cell comes before the big cell's others.
    const more = preferenceNeighbours(vegan, index, 12).map((hit) => hit.productId);
    expect(more).toContain("p:d");
    expect(more.indexOf("p:d")).toBeLessThan(more.indexOf("p:big4"));
    expect(preferenceNeighbours(["p:lone"], index, 5)).toEqual([]);
    expect(preferenceNeighbours(vegan, index, 0)).toEqual([]);
  });
});

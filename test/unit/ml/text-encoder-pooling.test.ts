import { reciprocalRankFusion } from "../../../plugins/sdk/rank-fusion";
import { idfFeatureWeights } from "../../../ml/text-encoder/feature-weights";
import { TextEncoder } from "../../../ml/text-encoder/text-encoder.model";
import { fnv1a, hashedWordFeatures } from "../../../ml/text-encoder/text-tokenizer";

const BUCKETS = 1 << 14;
const bucket = (feature: string): number => fnv1a(feature) % BUCKETS;
const CORPUS = [
  "Vanilla Soy Candle Home Decor",
  "Spaghetti Pasta Pantry",
  "Penne Pasta Pantry",
  "Marinara Pasta Sauce Pantry",
];

describe("IDF pooling of the text encoder", () => {
  it("weighs rare words above common ones and gives buckets the corpus never produced no weight", () => {
    const weights = idfFeatureWeights(CORPUS, BUCKETS);
    expect(weights[bucket("w:candle")]!).toBeGreaterThan(weights[bucket("w:pasta")]!);
    expect(weights[bucket("w:cozy")]).toBe(0);
    // A trigram pools with a quarter of its IDF: "candle" as a word outweighs any of its trigrams.
    expect(weights[bucket("w:candle")]!).toBeGreaterThan(weights[bucket("c:ndl")]! * 3);
  });

  it("drops the trigrams of unknown words unless most are known (a misspelling keeps them)", () => {
    const encoder = TextEncoder.initialize({ buckets: BUCKETS, dims: 8 }, 3);
    encoder.featureWeights = idfFeatureWeights(CORPUS, BUCKETS);
    const ids = (text: string) => new Set(encoder.features(text));
    const cozy = hashedWordFeatures("cozy", BUCKETS)[0]!;
    expect(
      cozy.trigrams.some(
        (id) => ids("cozy candles").has(id) && !hashedWordFeatures("candles", BUCKETS)[0]!.trigrams.includes(id),
      ),
    ).toBe(false);
    const misspelled = hashedWordFeatures("spagheti", BUCKETS)[0]!;
    expect(misspelled.trigrams.every((id) => ids("spagheti").has(id))).toBe(true);
    // The encoding of "cozy candles" is the encoding of "candles": the unknown word adds nothing.
    expect(Array.from(encoder.encode("cozy candles"))).toEqual(Array.from(encoder.encode("candles")));
    expect(encoder.encode("cozy").every((value) => value === 0)).toBe(true);
  });
});

describe("reciprocal rank fusion", () => {
  it("adds weight / (60 + rank) per list and ranks items found by both first", () => {
    const fused = reciprocalRankFusion(
      [
        {
          hits: [
            { productId: "a", score: 9 },
            { productId: "b", score: 5 },
          ],
          weight: 1,
        },
        {
          hits: [
            { productId: "b", score: 0.9 },
            { productId: "c", score: 0.8 },
          ],
          weight: 1,
        },
      ],
      10,
    );
    expect(fused.map((hit) => hit.productId)).toEqual(["b", "a", "c"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 10);
  });
});

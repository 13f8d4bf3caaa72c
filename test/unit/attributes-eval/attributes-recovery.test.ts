import {
  evaluateAttributeRecovery,
  type AttributesRow,
  type TruthRow,
} from "../../../eval/attributes/attributes-recovery";
import { bestF1Threshold, confusion, rocAuc } from "../../../eval/attributes/binary-classification";
import { averageRanks, pearson, spearman } from "../../../eval/attributes/correlation";
import { parseAttributesEvalArgs } from "../../../jobs/eval/attributes.command";
import { UsageError } from "../../../core/cli-args";

describe("correlation", () => {
  it("computes Pearson's r on hand-checked samples", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = 1..4, y = 1, 3, 2, 4: cov = 4, var x = var y = 5 → r = 0.8
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it("is null when undefined (one pair, a constant side) and refuses unpaired samples", () => {
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([], [])).toBeNull();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });

  it("gives tied values the mean of their ranks", () => {
    expect(averageRanks([5, 5, 9])).toEqual([1.5, 1.5, 3]);
    expect(averageRanks([3, 1, 2, 1])).toEqual([4, 1.5, 3, 1.5]);
  });

  it("computes Spearman's rho on ranks: 1 for any monotone relation, tie-corrected", () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [1, 8, 27, 1000])).toBeLessThan(0.9);
    // ranks y = 1, 2.5, 2.5, 4 against 1..4: r = 4.5 / sqrt(5 × 4.5)
    expect(spearman([1, 2, 3, 4], [10, 20, 20, 30])).toBeCloseTo(4.5 / Math.sqrt(5 * 4.5), 12);
  });
});

describe("binary classification", () => {
  it("counts the confusion matrix and its rates", () => {
    const summary = confusion([true, true, false, false, true], [true, false, false, true, true]);
    expect(summary).toEqual({
      truePositives: 2,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
      accuracy: 3 / 5,
      precision: 2 / 3,
      recall: 2 / 3,
    });
    expect(confusion([false, false], [false, false])).toMatchObject({ precision: null, recall: null, accuracy: 1 });
  });

  it("computes ROC AUC as the probability a positive outscores a negative, ties one half", () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [true, true, false, false])).toBe(0);
    // pairs (p, n): (0.5, 0.5) tie = ½, (0.5, 0.1) = 1, (0.3, 0.5) = 0, (0.3, 0.1) = 1 → 2.5 / 4
    expect(rocAuc([0.5, 0.3, 0.5, 0.1], [true, true, false, false])).toBe(0.625);
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNull();
  });

  it("finds the score cut with the best F1 without splitting ties", () => {
    // cut 0.8: P 1, R 2/3 (F1 0.8); cut 0.5: P 3/4, R 1 (F1 0.857); cut 0.2: P 3/5, R 1 (0.75)
    expect(bestF1Threshold([0.9, 0.8, 0.5, 0.5, 0.2], [true, true, true, false, false])).toEqual({
      threshold: 0.5,
      precision: 0.75,
      recall: 1,
      f1: 6 / 7,
    });
    expect(bestF1Threshold([0.3, 0.3], [true, false])).toEqual({
      threshold: 0.3,
      precision: 0.5,
      recall: 1,
      f1: 2 / 3,
    });
    expect(bestF1Threshold([0.3], [false])).toBeNull();
  });
});

const CUISINES = ["italian", "japanese", "mexican"];

function truth(userId: string, priceSensitivity: number, extra: Partial<TruthRow> = {}): TruthRow {
  return {
    userId,
    dietary: [],
    cuisineAffinity: { italian: 0.6, japanese: 0.3, mexican: 0.1 },
    brandLoyalty: 0.5,
    priceSensitivity,
    bulkAffinity: 0.3,
    verticalMix: { GROCERY: 0.7, RESTAURANT: 0.3 },
    ...extra,
  };
}

function attributes(id: string, sensitivity: number | null, extra: Partial<AttributesRow> = {}): AttributesRow {
  return {
    _id: id,
    purchaseLines: 40,
    price: { index: 1, dealShare: 0.4, meanDiscountRate: 0.05, sensitivity, linesCompared: 40 },
    brandLoyalty: 0.5,
    size: { index: 1, bulkShare: 0.2, linesCompared: 40 },
    stockUp: { medianDaysBetweenOccasions: 7, meanUnitsPerOccasion: 5, stockUpShare: 0.1 },
    dietary: [],
    cuisines: [
      { key: "italian", share: 0.5, lines: 6 },
      { key: "japanese", share: 0.33, lines: 4 },
      { key: "mexican", share: 0.17, lines: 2 },
    ],
    verticals: [
      { key: "GROCERY", share: 0.8, lines: 32 },
      { key: "RESTAURANT", share: 0.2, lines: 8 },
    ],
    ...extra,
  };
}

describe("evaluateAttributeRecovery", () => {
  it("joins on user id, not on position: shuffled attributes still recover a perfect trait", () => {
    const truths = [truth("u1", 0.1), truth("u2", 0.4), truth("u3", 0.7), truth("u4", 0.9)];
    // Same users in reverse order: a positional join would pair 0.1 with 0.9 and get r = −1.
    const rows = [attributes("u4", 0.95), attributes("u3", 0.7), attributes("u2", 0.35), attributes("u1", 0.05)];
    const report = evaluateAttributeRecovery(truths, rows);
    const price = report.continuous.find((row) => row.attribute === "price.sensitivity")!;
    expect(price.users).toBe(4);
    expect(price.spearman).toBe(1);
    expect(price.pearson).toBeGreaterThan(0.99);
    expect(report.users).toEqual({ truth: 4, attributes: 4, joined: 4, withPurchases: 4 });
  });

  it("skips users without attributes, without purchases, or with a null attribute, and counts who was used", () => {
    const truths = [
      truth("u1", 0.1),
      truth("u2", 0.5),
      truth("u3", 0.9),
      truth("u4", 0.3),
      truth("u5", 0.6),
      truth("missing", 0.2),
    ];
    const rows = [
      attributes("u1", 0.2),
      attributes("u2", 0.5),
      attributes("u3", 0.8),
      attributes("u4", null),
      attributes("stranger", 0.4),
      attributes("u5", 0.1, { purchaseLines: 0 }),
    ];
    const report = evaluateAttributeRecovery(truths, rows);
    expect(report.users).toEqual({ truth: 6, attributes: 6, joined: 5, withPurchases: 4 });
    expect(report.continuous.find((row) => row.attribute === "price.sensitivity")!.users).toBe(3);
  });

  it("scores each truth diet by AUC of its share and of its probability, and by the profile's inference rule", () => {
    const signal = (tag: string, share: number, probability: number) => [
      { tag, share, lines: Math.round(share * 40), confidence: 0.8, probability },
    ];
    const truths = [
      truth("a", 0.5, { dietary: ["vegan"] }),
      truth("b", 0.5, { dietary: ["vegan"] }),
      truth("c", 0.5),
      truth("d", 0.5),
      truth("e", 0.5, { dietary: ["gluten-free"] }),
    ];
    const rows = [
      attributes("a", 0.5, { dietary: signal("vegan", 0.9, 0.97) }),
      attributes("b", 0.5, { dietary: signal("vegan", 0.6, 0.3) }), // a high share, but below the probability cut
      attributes("c", 0.5, { dietary: signal("vegan", 0.55, 0.7) }), // a false positive
      attributes("d", 0.5),
      attributes("e", 0.5, { dietary: signal("gluten-free", 0.95, 0.99) }),
    ];
    const report = evaluateAttributeRecovery(truths, rows);
    expect(report.dietary.map((row) => row.tag)).toEqual(["gluten-free", "vegan"]);
    const vegan = report.dietary.find((row) => row.tag === "vegan")!;
    // positives a (0.9), b (0.6) vs negatives c (0.55), d (0), e (0): all 6 pairs ordered → AUC 1
    // by probability: a (0.97) beats c, d, e; b (0.3) beats d, e but not c (0.7) → 5 of 6
    expect(vegan).toMatchObject({
      users: 5,
      positives: 2,
      auc: 1,
      probabilityAuc: 0.8333,
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 2,
      precision: 0.5,
      recall: 0.5,
      accuracy: 0.6,
    });
    expect(report.dietary.find((row) => row.tag === "gluten-free")).toMatchObject({
      positives: 1,
      auc: 1,
      precision: 1,
      recall: 1,
    });
    expect(vegan.bestShareThreshold).toEqual({ threshold: 0.6, precision: 1, recall: 1, f1: 1 });
  });

  it("ranks cuisines per user and checks the top cuisine, for all and for well-observed users", () => {
    const truths = [
      truth("match", 0.5),
      truth("swapped", 0.5, { cuisineAffinity: { italian: 0.1, japanese: 0.3, mexican: 0.6 } }),
      truth("no-restaurant", 0.5),
    ];
    const rows = [
      attributes("match", 0.5),
      attributes("swapped", 0.5, { cuisines: [{ key: "Italian", share: 1, lines: 3 }] }),
      attributes("no-restaurant", 0.5, { cuisines: [] }),
    ];
    const [all, wellObserved] = evaluateAttributeRecovery(truths, rows).cuisine;
    // match: rho 1, top-1 hit; swapped: attribute italian 1, others 0 → ranks (3, 1.5, 1.5) vs truth (1, 2, 3): rho −0.866, miss
    expect(all).toMatchObject({
      users: 2,
      minRestaurantLines: 1,
      top1Accuracy: 0.5,
      chanceTop1: Math.round(10_000 / CUISINES.length) / 10_000,
    });
    expect(all!.meanSpearman).toBeCloseTo((1 - Math.sqrt(3) / 2) / 2, 4);
    expect(wellObserved).toMatchObject({ users: 1, minRestaurantLines: 10, meanSpearman: 1, top1Accuracy: 1 });
  });
});

describe("parseAttributesEvalArgs", () => {
  it("accepts no arguments or --out FILE.json and names bad ones", () => {
    expect(parseAttributesEvalArgs([])).toEqual({ out: null });
    expect(parseAttributesEvalArgs(["--out", "r.json"])).toEqual({ out: "r.json" });
    expect(() => parseAttributesEvalArgs(["--out", "r.txt"])).toThrow(/--out needs a FILE.json path \(got "r.txt"\)/);
    expect(() => parseAttributesEvalArgs(["--bogus"])).toThrow(UsageError);
    expect(() => parseAttributesEvalArgs(["extra"])).toThrow(UsageError);
  });
});

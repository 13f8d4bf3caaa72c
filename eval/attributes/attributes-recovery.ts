import type { SimulatorTruthDocument } from "../../jobs/seed/shopper.simulator";
import { DIET_INFERRED_PROBABILITY, isInferredDiet } from "../../subgraphs/user-profile/attributes/diet-evidence";
import type { UserAttributesDocument } from "../../subgraphs/user-profile/attributes/user-attributes.document";
import { bestF1Threshold, confusion, rocAuc, type BestThreshold, type ConfusionSummary } from "./binary-classification";
import { pearson, spearman } from "./correlation";

/** The latent truth fields the evaluation reads (collection `simulator_truth`). */
export type TruthRow = Pick<
  SimulatorTruthDocument,
  "userId" | "dietary" | "cuisineAffinity" | "brandLoyalty" | "priceSensitivity" | "bulkAffinity" | "verticalMix"
>;

/** The derived attribute fields the evaluation reads (collection `user_attributes`). */
export type AttributesRow = Pick<
  UserAttributesDocument,
  "_id" | "purchaseLines" | "price" | "brandLoyalty" | "size" | "stockUp" | "dietary" | "cuisines" | "verticals"
>;

/** How well one numeric attribute tracks one latent trait, over the users where both exist. */
export interface ContinuousRecovery {
  /** Latent trait, e.g. `priceSensitivity`. */
  truth: string;
  /** Attribute path, e.g. `price.sensitivity`. */
  attribute: string;
  users: number;
  pearson: number | null;
  spearman: number | null;
}

/** Recovery of one hard dietary constraint from purchases. */
export interface DietaryRecovery extends ConfusionSummary {
  tag: string;
  /** Users with purchases (every one is scored; a missing signal scores 0). */
  users: number;
  /** Users whose truth has the constraint. */
  positives: number;
  /** AUC of the signal's share of food lines as the score. */
  auc: number | null;
  /** AUC of the signal's probability (the profile's score; a missing signal scores 0). */
  probabilityAuc: number | null;
  /** Diagnostic: the share cut with the best F1 (confidence ignored), to compare with the product's rule. */
  bestShareThreshold: BestThreshold | null;
}

/** Recovery of the cuisine mix of restaurant orders. */
export interface CuisineRecovery {
  /** Users with at least `minRestaurantLines` restaurant lines. */
  users: number;
  minRestaurantLines: number;
  /** Mean over users of Spearman's rho between truth affinity and attribute share, across all cuisines. */
  meanSpearman: number | null;
  /** Share of users whose most bought cuisine is their highest-affinity cuisine. */
  top1Accuracy: number | null;
  /** Top-1 accuracy of a uniform random guess (1 / cuisines). */
  chanceTop1: number | null;
}

/** Recovery of the vertical mix: truth is a share of orders, the attribute a share of lines. */
export interface VerticalMixRecovery {
  users: number;
  /** Mean over users of Spearman's rho between truth order shares and attribute line shares, across verticals. */
  meanSpearman: number | null;
  /** Share of users whose most bought vertical (by lines) is their most ordered vertical in truth. */
  top1Accuracy: number | null;
}

/** Everything `npm run eval -- attributes` reports. */
export interface AttributesRecoveryReport {
  users: {
    truth: number;
    attributes: number;
    /** Truth users that have an attributes document. */
    joined: number;
    /** Joined users with at least one purchase line. */
    withPurchases: number;
  };
  continuous: ContinuousRecovery[];
  /** The rule a signal must pass to count as an inferred diet (as in the profile summary). */
  dietaryRule: string;
  dietary: DietaryRecovery[];
  cuisine: CuisineRecovery[];
  verticalMix: VerticalMixRecovery;
}

/** A latent trait paired with an attribute expected to track it. */
interface ContinuousPair {
  truth: string;
  attribute: string;
  truthValue(row: TruthRow): number | null;
  attributeValue(row: AttributesRow): number | null;
}

/** Pairs reported; several attributes per trait so a weak composite can be traced to its parts. */
const CONTINUOUS_PAIRS: readonly ContinuousPair[] = [
  {
    truth: "priceSensitivity",
    attribute: "price.sensitivity",
    truthValue: (t) => t.priceSensitivity,
    attributeValue: (a) => a.price.sensitivity,
  },
  {
    truth: "priceSensitivity",
    attribute: "price.dealShare",
    truthValue: (t) => t.priceSensitivity,
    attributeValue: (a) => a.price.dealShare,
  },
  {
    truth: "priceSensitivity",
    attribute: "price.meanDiscountRate",
    truthValue: (t) => t.priceSensitivity,
    attributeValue: (a) => a.price.meanDiscountRate,
  },
  {
    truth: "priceSensitivity",
    attribute: "price.index (expect negative)",
    truthValue: (t) => t.priceSensitivity,
    attributeValue: (a) => a.price.index,
  },
  {
    truth: "brandLoyalty",
    attribute: "brandLoyalty",
    truthValue: (t) => t.brandLoyalty,
    attributeValue: (a) => a.brandLoyalty,
  },
  {
    truth: "bulkAffinity",
    attribute: "size.bulkShare",
    truthValue: (t) => t.bulkAffinity,
    attributeValue: (a) => a.size.bulkShare,
  },
  {
    truth: "bulkAffinity",
    attribute: "size.index",
    truthValue: (t) => t.bulkAffinity,
    attributeValue: (a) => a.size.index,
  },
  {
    truth: "bulkAffinity",
    attribute: "stockUp.meanUnitsPerOccasion",
    truthValue: (t) => t.bulkAffinity,
    attributeValue: (a) => a.stockUp.meanUnitsPerOccasion,
  },
];

/** Cuisine recovery is reported for all users with restaurant lines and for those with at least this many. */
const CUISINE_WELL_OBSERVED_LINES = 10;

function round4(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The key with the largest value; ties go to the alphabetically first key (deterministic). */
function argmax(weights: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestValue = -Infinity;
  for (const [key, value] of [...weights.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (value > bestValue) {
      best = key;
      bestValue = value;
    }
  }
  return best;
}

/** A joined user: the truth and the attributes of the same user id. */
interface JoinedUser {
  truth: TruthRow;
  attributes: AttributesRow;
}

/**
 * Joins truth and attributes on user id (`truth.userId` = `attributes._id`, never by position) and
 * measures how well the attributes recover each latent trait. Pure: callers read the collections.
 */
export function evaluateAttributeRecovery(
  truths: readonly TruthRow[],
  attributes: readonly AttributesRow[],
): AttributesRecoveryReport {
  const attributesById = new Map(attributes.map((row) => [row._id, row]));
  const joined: JoinedUser[] = [];
  for (const truth of truths) {
    const row = attributesById.get(truth.userId);
    if (row) joined.push({ truth, attributes: row });
  }
  const buyers = joined.filter((user) => user.attributes.purchaseLines > 0);
  return {
    users: { truth: truths.length, attributes: attributes.length, joined: joined.length, withPurchases: buyers.length },
    continuous: CONTINUOUS_PAIRS.map((pair) => continuousRecovery(pair, buyers)),
    dietaryRule: `probability >= ${DIET_INFERRED_PROBABILITY}`,
    dietary: dietaryRecovery(buyers),
    cuisine: [cuisineRecovery(buyers, 1), cuisineRecovery(buyers, CUISINE_WELL_OBSERVED_LINES)],
    verticalMix: verticalMixRecovery(buyers),
  };
}

function continuousRecovery(pair: ContinuousPair, users: readonly JoinedUser[]): ContinuousRecovery {
  const x: number[] = [];
  const y: number[] = [];
  for (const user of users) {
    const truth = pair.truthValue(user.truth);
    const attribute = pair.attributeValue(user.attributes);
    if (truth === null || attribute === null || !Number.isFinite(truth) || !Number.isFinite(attribute)) continue;
    x.push(truth);
    y.push(attribute);
  }
  return {
    truth: pair.truth,
    attribute: pair.attribute,
    users: x.length,
    pearson: round4(pearson(x, y)),
    spearman: round4(spearman(x, y)),
  };
}

function dietaryRecovery(users: readonly JoinedUser[]): DietaryRecovery[] {
  const tags = [...new Set(users.flatMap((user) => user.truth.dietary))].sort();
  return tags.map((tag) => {
    const scores: number[] = [];
    const probabilities: number[] = [];
    const predicted: boolean[] = [];
    const actual: boolean[] = [];
    for (const user of users) {
      const signal = user.attributes.dietary.find((entry) => entry.tag === tag);
      scores.push(signal?.share ?? 0);
      probabilities.push(signal?.probability ?? 0);
      predicted.push(isInferredDiet(signal));
      actual.push(user.truth.dietary.includes(tag));
    }
    const summary = confusion(predicted, actual);
    const best = bestF1Threshold(scores, actual);
    return {
      tag,
      users: users.length,
      positives: actual.filter(Boolean).length,
      auc: round4(rocAuc(scores, actual)),
      probabilityAuc: round4(rocAuc(probabilities, actual)),
      ...summary,
      accuracy: round4(summary.accuracy),
      precision: round4(summary.precision),
      recall: round4(summary.recall),
      bestShareThreshold: best && {
        threshold: best.threshold,
        precision: round4(best.precision)!,
        recall: round4(best.recall)!,
        f1: round4(best.f1)!,
      },
    };
  });
}

function cuisineRecovery(users: readonly JoinedUser[], minRestaurantLines: number): CuisineRecovery {
  const rhos: number[] = [];
  let hits = 0;
  let scored = 0;
  let cuisineCount = 0;
  for (const user of users) {
    const restaurantLines = user.attributes.cuisines.reduce((sum, entry) => sum + entry.lines, 0);
    if (restaurantLines < minRestaurantLines || user.attributes.cuisines.length === 0) continue;
    const cuisines = Object.keys(user.truth.cuisineAffinity).sort();
    cuisineCount = Math.max(cuisineCount, cuisines.length);
    const shares = new Map(user.attributes.cuisines.map((entry) => [entry.key.toLowerCase(), entry.share]));
    const rho = spearman(
      cuisines.map((cuisine) => user.truth.cuisineAffinity[cuisine]!),
      cuisines.map((cuisine) => shares.get(cuisine.toLowerCase()) ?? 0),
    );
    if (rho !== null) rhos.push(rho);
    scored += 1;
    const truthTop = argmax(new Map(Object.entries(user.truth.cuisineAffinity)));
    const attributeTop = argmax(shares);
    if (truthTop !== null && attributeTop === truthTop.toLowerCase()) hits += 1;
  }
  return {
    users: scored,
    minRestaurantLines,
    meanSpearman: round4(mean(rhos)),
    top1Accuracy: round4(scored > 0 ? hits / scored : null),
    chanceTop1: round4(cuisineCount > 0 ? 1 / cuisineCount : null),
  };
}

function verticalMixRecovery(users: readonly JoinedUser[]): VerticalMixRecovery {
  const rhos: number[] = [];
  let hits = 0;
  for (const user of users) {
    const verticals = Object.keys(user.truth.verticalMix).sort();
    const shares = new Map<string, number>(user.attributes.verticals.map((entry) => [entry.key, entry.share]));
    const rho = spearman(
      verticals.map((vertical) => user.truth.verticalMix[vertical]!),
      verticals.map((vertical) => shares.get(vertical) ?? 0),
    );
    if (rho !== null) rhos.push(rho);
    if (argmax(new Map(Object.entries(user.truth.verticalMix))) === argmax(shares)) hits += 1;
  }
  return {
    users: users.length,
    meanSpearman: round4(mean(rhos)),
    top1Accuracy: round4(users.length > 0 ? hits / users.length : null),
  };
}

import type { CategoryStatsDocument } from "./user-attributes.document";

/**
 * How likely a shopper keeps a diet (vegan, gluten-free, …), from their food purchase lines compared,
 * category by category, with how common the tag is among that category's products.
 *
 * Two models of one line in a category where a share `p` of the products carries the tag:
 * - a shopper who does not keep the diet picks a tagged product with probability `p`;
 * - one who keeps it picks a tagged product with probability {@link DIET_COMPLIANCE}, and otherwise
 *   picks like anyone (catalog tags are incomplete: a vegan's oat milk may lack the tag), so
 *   `q = c + (1 − c)·p`.
 * Each line adds its log-likelihood ratio: `ln(q / p)` when tagged (large where the tag is rare, 0 where
 * every product has it) and `ln(1 − c)` when not. The sum plus the prior log-odds gives the probability.
 *
 * So buying produce (nearly all vegan) says little; choosing the vegan option where it is rare says much;
 * one untagged line in a category that offers the tag counts against. A fixed share cut could not do
 * this: the share a non-follower reaches depends on how common the tag is where they shop (the seed's
 * best cuts ran from 0.25 for dairy-free to 0.85 for gluten-free).
 * Lines in categories whose products never carry the tag, or without stats, are no evidence either way.
 */

/** Share of a follower's lines that carry the tag where the category offers it. */
export const DIET_COMPLIANCE = 0.9;
/** Share of shoppers assumed to keep any one diet before their purchases are seen. */
export const DIET_PRIOR = 0.05;
/** From this probability the profile counts a diet as inferred (summaries, evaluation). */
export const DIET_INFERRED_PROBABILITY = 0.5;

/** True when a stored signal counts as an inferred diet; signals computed before probabilities existed never do. */
export function isInferredDiet(signal: { probability?: number } | undefined): boolean {
  return (signal?.probability ?? 0) >= DIET_INFERRED_PROBABILITY;
}

/** Accumulates the evidence of one shopper's food lines, tag by tag. */
export class DietEvidence {
  private readonly logLikelihoodRatio = new Map<string, number>();

  constructor(
    private readonly tags: readonly string[],
    private readonly categoryStats: ReadonlyMap<string, CategoryStatsDocument>,
  ) {}

  /** One food line: a product of `categoryId` carrying `productTags`. */
  addLine(categoryId: string, productTags: readonly string[]): void {
    const stats = this.categoryStats.get(categoryId);
    if (!stats?.dietaryProducts || stats.products <= 0) return;
    for (const tag of this.tags) {
      const tagged = stats.dietaryProducts[tag] ?? 0;
      if (tagged <= 0) continue;
      const p = Math.min(1, tagged / stats.products);
      const ratio = productTags.includes(tag)
        ? Math.log((DIET_COMPLIANCE + (1 - DIET_COMPLIANCE) * p) / p)
        : Math.log(1 - DIET_COMPLIANCE);
      this.logLikelihoodRatio.set(tag, (this.logLikelihoodRatio.get(tag) ?? 0) + ratio);
    }
  }

  /** Probability 0–1 that the shopper keeps the `tag` diet; the prior when no line was evidence. */
  probability(tag: string): number {
    const logOdds = Math.log(DIET_PRIOR / (1 - DIET_PRIOR)) + (this.logLikelihoodRatio.get(tag) ?? 0);
    return 1 / (1 + Math.exp(-logOdds));
  }
}

/** Per dietary tag, how many of `products` carry it (for {@link CategoryStatsDocument.dietaryProducts}). */
export function countDietaryProducts(
  tags: readonly string[],
  products: readonly { tags: readonly string[] }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const product of products)
    for (const tag of product.tags) if (tags.includes(tag)) counts[tag] = (counts[tag] ?? 0) + 1;
  return counts;
}

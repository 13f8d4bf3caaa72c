import type { BlendedAttributes } from "../sdk/blended-attributes";

/** A grounded contribution to a candidate's novelty: its value in [0, 1] and the sentence behind it. */
export interface NoveltySignal {
  value: number;
  reason: string;
}

const DAY_MS = 86_400_000;

/** Seeds for complements: the cart first, then the most recent purchases (ties by id), at most `limit`. */
export function complementSeeds(attributes: BlendedAttributes, limit: number): string[] {
  const recent = [...attributes.purchases]
    .sort(
      (a, b) =>
        new Date(b.lastPurchasedAt).getTime() - new Date(a.lastPurchasedAt).getTime() ||
        (a.productId < b.productId ? -1 : 1),
    )
    .map((purchase) => purchase.productId);
  return [...new Set([...attributes.cart, ...recent])].slice(0, limit);
}

/** Cuisines the shopper orders, highest share first (ties by name), at or above `minShare`. */
export function topCuisines(
  attributes: BlendedAttributes,
  minShare: number,
  limit: number,
): Array<{ cuisine: string; share: number }> {
  return Object.entries(attributes.cuisineAffinity)
    .filter(([, share]) => Number.isFinite(share) && share >= minShare)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([cuisine, share]) => ({ cuisine, share }));
}

/** Lift → [0, 1): 1 − 1/lift (lift 2 → 0.5, lift 5 → 0.8); 0 at or below chance. */
export function liftStrength(lift: number): number {
  return lift > 1 && Number.isFinite(lift) ? 1 - 1 / lift : 0;
}

/** Saturating map of an affinity share to [0, 1): 1 − e^(−8·share) (share 0.1 → 0.55, 0.25 → 0.86). */
export function affinityFit(share: number | undefined): number {
  return share && share > 0 ? 1 - Math.exp(-8 * share) : 0;
}

/** Days from `createdAt` to `now` (negative when created after `now`). */
export function ageInDays(createdAt: Date | string | undefined, now: Date): number {
  if (!createdAt) return Number.POSITIVE_INFINITY;
  const time = new Date(createdAt).getTime();
  return Number.isFinite(time) ? (now.getTime() - time) / DAY_MS : Number.POSITIVE_INFINITY;
}

/** A readable label for a category id when no name is at hand: "frozen-snacks" → "Frozen Snacks". */
export function categoryLabel(categoryId: string): string {
  const words = categoryId
    .replace(/^(cat|category|aisle|dept|department)[-_:]/i, "")
    .split(/[-_:/\s]+/)
    .filter(Boolean);
  if (words.length === 0 || words.every((word) => /^\d+$/.test(word))) return "your aisles";
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ");
}

/** Deterministic value in [0, 1) from the request seed and a product id (FNV-1a). */
export function seededJitter(seed: number, productId: string): number {
  let value = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const text = `${seed}|${productId}`;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0) / 2 ** 32;
}

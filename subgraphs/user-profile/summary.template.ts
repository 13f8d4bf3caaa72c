import { isInferredDiet } from "./attributes/diet-evidence";
import type { UserAttributesDocument } from "./attributes/user-attributes.document";

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function title(text: string): string {
  return text.charAt(0) + text.slice(1).toLowerCase();
}

/**
 * The offline summary: a few template sentences from the attributes (mix, habits, price, diet,
 * cuisines). Deterministic: the same document always gives the same text.
 */
export function summarizeAttributes(attributes: UserAttributesDocument, explicitDietary: readonly string[]): string {
  if (attributes.purchaseLines === 0) {
    return explicitDietary.length > 0
      ? `No purchases yet. States a ${explicitDietary.join(", ")} diet.`
      : "No purchases yet.";
  }
  const sentences: string[] = [];
  const mix = attributes.verticals.slice(0, 3).map((entry) => `${title(entry.key)} ${percent(entry.share)}`);
  sentences.push(
    `${attributes.purchaseLines} purchase lines over ${attributes.occasions} occasions (${mix.join(", ")}).`,
  );
  if (attributes.stockUp.medianDaysBetweenOccasions !== null) {
    sentences.push(
      `Shops about every ${Math.max(1, Math.round(attributes.stockUp.medianDaysBetweenOccasions))} days, ${attributes.stockUp.meanUnitsPerOccasion ?? 0} units a trip.`,
    );
  }
  const regulars = attributes.items.filter(
    (item) => item.reorderIntervalDays !== null && item.purchaseCount >= 3,
  ).length;
  if (regulars > 0) sentences.push(`Reorders ${regulars} product${regulars === 1 ? "" : "s"} regularly.`);
  if (attributes.brands[0] && attributes.brandLoyalty !== null) {
    sentences.push(`Top brand ${attributes.brands[0].key}; brand loyalty ${percent(attributes.brandLoyalty)}.`);
  }
  const { price } = attributes;
  if (price.sensitivity !== null) {
    const level = price.sensitivity >= 0.66 ? "high" : price.sensitivity >= 0.33 ? "moderate" : "low";
    const parts = [`${level} price sensitivity`];
    if (price.dealShare !== null) parts.push(`${percent(price.dealShare)} of lines on deal`);
    if (price.index !== null) parts.push(`pays ${price.index.toFixed(2)}× the category median`);
    sentences.push(`${parts.join(", ")}.`.replace(/^./, (first) => first.toUpperCase()));
  }
  if (attributes.size.bulkShare !== null && attributes.size.bulkShare >= 0.3)
    sentences.push(`Often buys large packs (${percent(attributes.size.bulkShare)}).`);
  if (explicitDietary.length > 0) sentences.push(`States a ${explicitDietary.join(", ")} diet.`);
  const inferred = attributes.dietary.filter(
    (signal) => isInferredDiet(signal) && !explicitDietary.includes(signal.tag),
  );
  if (inferred.length > 0)
    sentences.push(
      `Purchases suggest ${inferred.map((signal) => `${signal.tag} (${percent(signal.share)})`).join(", ")}.`,
    );
  if (attributes.cuisines.length > 0)
    sentences.push(
      `Favourite cuisines: ${attributes.cuisines
        .slice(0, 3)
        .map((entry) => entry.key)
        .join(", ")}.`,
    );
  return sentences.join(" ");
}

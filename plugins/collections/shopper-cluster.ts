/** Price-sensitivity band of a shopper: low < 0.33 ≤ mid < 0.66 ≤ high. */
export function priceBand(sensitivity: number): "low" | "mid" | "high" {
  return sensitivity >= 0.66 ? "high" : sensitivity >= 0.33 ? "mid" : "low";
}

/**
 * The shopper cluster collections are generated for: top vertical × price-sensitivity band, e.g.
 * "cluster:GROCERY|high"; "cluster:new" without history.
 */
export function shopperClusterKey(
  verticalAffinity: Record<string, number>,
  priceSensitivity: number,
  coldStart = false,
): string {
  const [top] = Object.entries(verticalAffinity).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (coldStart || !top || top[1] <= 0) return "cluster:new";
  return `cluster:${top[0]}|${priceBand(priceSensitivity)}`;
}

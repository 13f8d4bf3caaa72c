/** The business lines of the marketplace. */
export const VERTICALS = ["GROCERY", "CONVENIENCE", "ALCOHOL", "RETAIL", "FLOWERS", "GIFTING", "RESTAURANT"] as const;
export type Vertical = (typeof VERTICALS)[number];

import { createHash } from "node:crypto";

/** Lower case, trimmed, single spaces, accents folded ("Ragù " → "ragu"). */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** JSON with sorted keys and normalized strings, so equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(normalizeText(value));
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Cache key: sha256 of feature, prompt version, model and the normalized input. */
export function cacheKeyOf(feature: string, promptVersion: string, model: string, input: unknown): string {
  return createHash("sha256")
    .update(`${feature}\n${promptVersion}\n${model}\n${canonicalJson(input)}`)
    .digest("hex");
}

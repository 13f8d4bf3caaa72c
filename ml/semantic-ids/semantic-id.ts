/** A Semantic ID: residual codes (coarse to fine) plus a suffix that tells apart items with the same codes. */
export interface SemanticId {
  codes: number[];
  suffix: number;
}

const CODE = /^\d{1,4}$/;

/** `12-201-7-0`: the codes, then the suffix, dash-separated. */
export function formatSemanticId(id: SemanticId): string {
  return [...id.codes, id.suffix].join("-");
}

/** Parses {@link formatSemanticId} output with `levels` codes; null when malformed. */
export function parseSemanticId(text: string, levels: number): SemanticId | null {
  const parts = text.split("-");
  if (parts.length !== levels + 1 || !parts.every((part) => CODE.test(part))) return null;
  const numbers = parts.map(Number);
  return { codes: numbers.slice(0, levels), suffix: numbers[levels]! };
}

/**
 * Parses a prefix: 1 to `levels + 1` dash-separated non-negative numbers (`12`, `12-201`, `12-201-7`, or a full id).
 * Returns null when malformed, so callers can report a typed error.
 */
export function parseSemanticIdPrefix(text: string, levels: number): number[] | null {
  const trimmed = text.trim().replace(/-$/, "");
  if (trimmed.length === 0) return null;
  const parts = trimmed.split("-");
  if (parts.length > levels + 1 || !parts.every((part) => CODE.test(part))) return null;
  return parts.map(Number);
}

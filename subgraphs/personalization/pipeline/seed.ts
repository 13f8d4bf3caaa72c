/** A deterministic PRNG (mulberry32) returning numbers in [0, 1). */
export { mulberry32 as random } from "../../../core/random";
/** A 32-bit seed from text (FNV-1a), so a request's exploration is reproducible. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Seed of a request: same user, surface and day → same exploration. */
export function requestSeed(userId: string | null, surface: string, now: Date): number {
  return seedOf(`${userId ?? "anonymous"}|${surface}|${now.toISOString().slice(0, 10)}`);
}


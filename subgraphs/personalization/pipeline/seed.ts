import { fnv1a } from "../../../core/hash";
/** A deterministic PRNG (mulberry32) returning numbers in [0, 1). */
export { mulberry32 as random } from "../../../core/random";
/** A 32-bit seed from text (FNV-1a), so a request's exploration is reproducible. */
export function seedOf(text: string): number {
  return fnv1a(text);
}

/** Seed of a request: same user, surface and day → same exploration. */
export function requestSeed(userId: string | null, surface: string, now: Date): number {
  return seedOf(`${userId ?? "anonymous"}|${surface}|${now.toISOString().slice(0, 10)}`);
}

import type { SemanticIdIndex } from "./semantic-id.index";

/** What an item inherits from its Semantic-ID neighbours. */
export interface InheritedStatistic {
  /** Mean of the neighbours' values. */
  value: number;
  /** Codes shared with the neighbours (3 = same cell, 1 = same department-level code). */
  prefixLength: number;
  /** Neighbours the mean was taken over. */
  neighbours: number;
}

/**
 * Behaviour statistic of an item without its own (a cold-start item): the mean `stats` value of the items that
 * share its longest Semantic-ID prefix among which at least `minNeighbours` have a value; null when even the
 * first code has too few. Items with their own value get it back with prefixLength = codes + 1.
 */
export function inheritStatistic(
  itemId: string,
  stats: ReadonlyMap<string, number>,
  index: SemanticIdIndex,
  minNeighbours = 3,
): InheritedStatistic | null {
  const own = stats.get(itemId);
  const id = index.get(itemId);
  if (own !== undefined) return { value: own, prefixLength: (id?.codes.length ?? 0) + 1, neighbours: 1 };
  if (!id) return null;
  for (let length = id.codes.length; length >= 1; length -= 1) {
    let sum = 0;
    let count = 0;
    for (const entry of index.withPrefix(id.codes.slice(0, length))) {
      if (entry.itemId === itemId) continue;
      const value = stats.get(entry.itemId);
      if (value === undefined) continue;
      sum += value;
      count += 1;
    }
    if (count >= minNeighbours) return { value: sum / count, prefixLength: length, neighbours: count };
  }
  return null;
}

/** Most neighbours read per prefix length (a department-level prefix can hold most of a catalog). */
export const MAX_NEIGHBOURS_PER_PREFIX = 64;

/** Items sharing each prefix of `codes` (longest first), at most `perPrefix` per length, `itemId` left out. */
export function prefixNeighbours(
  itemId: string,
  codes: readonly number[],
  index: SemanticIdIndex,
  perPrefix = MAX_NEIGHBOURS_PER_PREFIX,
): string[][] {
  const out: string[][] = [];
  for (let length = codes.length; length >= 1; length -= 1) {
    out.push(
      index
        .withPrefix(codes.slice(0, length), perPrefix + 1)
        .map((entry) => entry.itemId)
        .filter((id) => id !== itemId)
        .slice(0, perPrefix),
    );
  }
  return out;
}

/**
 * {@link inheritStatistic} for an item given its codes (it may be absent from `index`: a product added after
 * the index job, coded on the fly): the mean over the longest prefix's neighbours (from
 * {@link prefixNeighbours}) of which at least `minNeighbours` have a value in `stats`.
 */
export function inheritFromNeighbours(
  codes: readonly number[],
  neighbours: readonly string[][],
  stats: ReadonlyMap<string, number>,
  minNeighbours = 3,
): InheritedStatistic | null {
  for (let i = 0; i < neighbours.length; i += 1) {
    let sum = 0;
    let count = 0;
    for (const id of neighbours[i]!) {
      const value = stats.get(id);
      if (value === undefined) continue;
      sum += value;
      count += 1;
    }
    if (count >= minNeighbours) return { value: sum / count, prefixLength: codes.length - i, neighbours: count };
  }
  return null;
}

/** A Semantic-ID prefix scored for how characteristic it is of a set of seed items. */
export interface CharacteristicPrefix {
  prefix: number[];
  /** Seed items under the prefix. */
  seeds: number;
  /** Items under the prefix. */
  size: number;
  /** seeds × seeds / size: many seeds, and a large share of the prefix's items. */
  score: number;
}

/**
 * The `length`-code prefixes that characterize `seedIds` (e.g. the products matching a new shopper's stated
 * diet), best first: each prefix holding at least `minSeeds` seeds, scored by seeds × (seeds / items under
 * the prefix), so a prefix counts when it holds many seeds and they make up much of it (a large department
 * where the seeds are a sprinkle ranks below a small cell made of them). Seeds without a Semantic ID are
 * ignored; ties by prefix.
 */
export function characteristicPrefixes(
  seedIds: readonly string[],
  index: SemanticIdIndex,
  length = 2,
  minSeeds = 2,
): CharacteristicPrefix[] {
  const counts = new Map<string, { prefix: number[]; seeds: number }>();
  for (const id of new Set(seedIds)) {
    const codes = index.get(id)?.codes;
    if (!codes || codes.length < length) continue;
    const prefix = codes.slice(0, length);
    const key = prefix.join("-");
    const entry = counts.get(key) ?? { prefix, seeds: 0 };
    entry.seeds += 1;
    counts.set(key, entry);
  }
  const out: CharacteristicPrefix[] = [];
  for (const { prefix, seeds } of counts.values()) {
    if (seeds < minSeeds) continue;
    const size = Math.max(seeds, index.countPrefix(prefix));
    out.push({ prefix, seeds, size, score: (seeds * seeds) / size });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score ||
      b.seeds - a.seeds ||
      a.prefix.join("-").localeCompare(b.prefix.join("-"), "en", { numeric: true }),
  );
}

/**
 * Candidates under the prefixes {@link characteristicPrefixes} finds for `seedIds`: round-robin over the best
 * `maxPrefixes` prefixes (best first), within a prefix the seeds first and then their code neighbours (items
 * near the seeds in code space that are not seeds themselves), each in code order; score = the prefix's
 * score relative to the best one. At most `limit`.
 */
export function preferenceNeighbours(
  seedIds: readonly string[],
  index: SemanticIdIndex,
  limit: number,
  options: { length?: number; minSeeds?: number; maxPrefixes?: number } = {},
): Array<{ productId: string; score: number }> {
  if (limit <= 0) return [];
  const prefixes = characteristicPrefixes(seedIds, index, options.length ?? 2, options.minSeeds ?? 2).slice(
    0,
    options.maxPrefixes ?? 8,
  );
  if (prefixes.length === 0) return [];
  const seeds = new Set(seedIds);
  const best = prefixes[0]!.score;
  const queues = prefixes.map((prefix) => {
    const entries = index.withPrefix(prefix.prefix, Math.max(limit * 4, 200)).map((entry) => entry.itemId);
    return {
      score: prefix.score / best,
      items: [...entries.filter((id) => seeds.has(id)), ...entries.filter((id) => !seeds.has(id))],
    };
  });
  const found = new Map<string, { productId: string; score: number }>();
  for (let round = 0; found.size < limit && queues.some((queue) => queue.items.length > round); round += 1) {
    for (const queue of queues) {
      const id = queue.items[round];
      if (id !== undefined && !found.has(id)) found.set(id, { productId: id, score: queue.score });
      if (found.size >= limit) break;
    }
  }
  return [...found.values()];
}

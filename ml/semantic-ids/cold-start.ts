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

import { formatSemanticId, type SemanticId } from "./semantic-id";

/** One item's Semantic ID. */
export interface SemanticIdEntry {
  itemId: string;
  id: SemanticId;
}

/** Compares code tuples (codes then suffix) lexicographically. */
function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Process-local index of Semantic IDs: by item, and sorted by code tuple so that every prefix (1, 2 or 3 codes,
 * or a full id) is one binary search plus a contiguous run.
 */
export class SemanticIdIndex {
  private readonly sorted: Array<SemanticIdEntry & { tuple: number[] }>;
  private readonly byItem: Map<string, SemanticIdEntry>;

  constructor(entries: readonly SemanticIdEntry[]) {
    this.sorted = entries
      .map((entry) => ({ ...entry, tuple: [...entry.id.codes, entry.id.suffix] }))
      .sort((a, b) => compareTuples(a.tuple, b.tuple) || (a.itemId < b.itemId ? -1 : 1));
    this.byItem = new Map(entries.map((entry) => [entry.itemId, entry]));
  }

  /** Number of items. */
  get size(): number {
    return this.sorted.length;
  }

  /** The Semantic ID of an item, or undefined. */
  get(itemId: string): SemanticId | undefined {
    return this.byItem.get(itemId)?.id;
  }

  /** The formatted Semantic ID of an item, or null. */
  format(itemId: string): string | null {
    const id = this.get(itemId);
    return id ? formatSemanticId(id) : null;
  }

  /** Items whose (codes + suffix) tuple starts with `prefix`, in code order, after skipping `offset`, at most `limit`. */
  withPrefix(prefix: readonly number[], limit = Infinity, offset = 0): SemanticIdEntry[] {
    const low = this.firstAtOrAfter(prefix, false);
    const out: SemanticIdEntry[] = [];
    for (let i = low + offset; i < this.sorted.length && out.length < limit; i += 1) {
      const entry = this.sorted[i]!;
      if (compareTuples(entry.tuple.slice(0, prefix.length), prefix) !== 0) break;
      out.push({ itemId: entry.itemId, id: entry.id });
    }
    return out;
  }

  /** How many items share `prefix`. */
  countPrefix(prefix: readonly number[]): number {
    return this.firstAtOrAfter(prefix, true) - this.firstAtOrAfter(prefix, false);
  }

  /** Position of the first entry whose tuple starts after `prefix` (`past`), or at or after it. */
  private firstAtOrAfter(prefix: readonly number[], past: boolean): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const order = compareTuples(this.sorted[mid]!.tuple.slice(0, prefix.length), prefix);
      if (order < 0 || (past && order === 0)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

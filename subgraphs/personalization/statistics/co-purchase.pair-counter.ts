/** Summary of a {@link PairCounter}'s pruning. */
export interface PairCounterStats {
  /** Distinct pairs held now. */
  pairs: number;
  /** Times the table filled up and rare pairs were dropped. */
  pruneRounds: number;
  /**
   * Upper bound on how much any held pair's count may be below its true count (counts lost when a pair
   * was dropped and later seen again); 0 when no pruning happened.
   */
  maxUndercount: number;
}

const EMPTY = 0;

/**
 * Counts unordered pairs of small integer ids (< 2^32 - 1) in a fixed-size open-addressing table of
 * typed arrays: 12 bytes a slot, no per-pair objects, so memory is fixed up front (2^bits × 12 bytes;
 * 2^22 slots ≈ 50 MB). When the table is 70 % full, pairs seen at most `threshold` times are dropped
 * (lossy counting): frequent pairs survive, and `maxUndercount` bounds the error of every count.
 */
export class PairCounter {
  private readonly mask: number;
  private readonly limit: number;
  private first: Uint32Array;
  private second: Uint32Array;
  private counts: Uint32Array;
  private size = 0;
  private rounds = 0;
  private undercount = 0;

  constructor(readonly bits = 22) {
    if (!Number.isInteger(bits) || bits < 4 || bits > 27)
      throw new RangeError(`PairCounter bits must be 4–27 (got ${bits})`);
    const capacity = 2 ** bits;
    this.mask = capacity - 1;
    this.limit = Math.floor(capacity * 0.7);
    this.first = new Uint32Array(capacity);
    this.second = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
  }

  /** Adds one to the pair {a, b} (order does not matter; a ≠ b). */
  add(a: number, b: number): void {
    const low = (a < b ? a : b) + 1;
    const high = (a < b ? b : a) + 1;
    let slot = this.slotOf(low, high);
    while (this.first[slot] !== EMPTY) {
      if (this.first[slot] === low && this.second[slot] === high) {
        this.counts[slot] = this.counts[slot]! + 1;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    this.first[slot] = low;
    this.second[slot] = high;
    this.counts[slot] = 1;
    this.size += 1;
    if (this.size >= this.limit) this.prune();
  }

  /** The count of {a, b}; 0 when never seen (or dropped). */
  get(a: number, b: number): number {
    const low = (a < b ? a : b) + 1;
    const high = (a < b ? b : a) + 1;
    let slot = this.slotOf(low, high);
    while (this.first[slot] !== EMPTY) {
      if (this.first[slot] === low && this.second[slot] === high) return this.counts[slot]!;
      slot = (slot + 1) & this.mask;
    }
    return 0;
  }

  /** Calls `visit(a, b, count)` for every held pair with `a < b`, in table order. */
  forEach(visit: (a: number, b: number, count: number) => void): void {
    for (let slot = 0; slot <= this.mask; slot += 1) {
      if (this.first[slot] !== EMPTY) visit(this.first[slot]! - 1, this.second[slot]! - 1, this.counts[slot]!);
    }
  }

  stats(): PairCounterStats {
    return { pairs: this.size, pruneRounds: this.rounds, maxUndercount: this.undercount };
  }

  private slotOf(low: number, high: number): number {
    return (Math.imul(low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca77) ^ (high >>> 15)) & this.mask;
  }

  /** Drops pairs with count ≤ threshold, raising the threshold until the table is at most half full. */
  private prune(): void {
    let threshold = 1;
    while (this.size > this.limit * 0.5) {
      this.rebuild(threshold);
      this.rounds += 1;
      this.undercount += threshold;
      threshold += 1;
    }
  }

  private rebuild(threshold: number): void {
    const first = this.first;
    const second = this.second;
    const counts = this.counts;
    this.first = new Uint32Array(first.length);
    this.second = new Uint32Array(first.length);
    this.counts = new Uint32Array(first.length);
    this.size = 0;
    for (let old = 0; old < first.length; old += 1) {
      if (first[old] === EMPTY || counts[old]! <= threshold) continue;
      let slot = this.slotOf(first[old]!, second[old]!);
      while (this.first[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.first[slot] = first[old]!;
      this.second[slot] = second[old]!;
      this.counts[slot] = counts[old]!;
      this.size += 1;
    }
  }
}

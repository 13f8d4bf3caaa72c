import type { CoPurchaseService, ScoredId } from "../../../plugins/sdk/services";
import { PairCounter } from "../../../subgraphs/personalization/statistics/co-purchase.pair-counter";
import { MAX_COMPLEMENT_SEEDS, MAX_COMPLEMENTS } from "../../../subgraphs/personalization/services/co-purchase.service";
import type { TrainingView } from "../training-view.types";
import { fnv1a as hash } from "../../../core/hash";

/** Settings of the co-purchase table; the defaults are those of the product's co-purchase job. */
export interface TrainingCoPurchaseOptions {
  /** Least baskets an item, and a pair, must appear in (job default 3). */
  readonly minSupport: number;
  /** Complements kept per item, best lift first (job default 50). */
  readonly maxNeighbours: number;
  /** Distinct items of one basket that are paired; larger baskets are hash-sampled (job default 40). */
  readonly maxBasketItems: number;
  /** Least lift that makes a complement (job default 1, i.e. above chance). */
  readonly minLift: number;
}

/** The co-purchase job's defaults (subgraphs/personalization/services/co-purchase.builder.ts). */
export const CO_PURCHASE_JOB_DEFAULTS: TrainingCoPurchaseOptions = {
  minSupport: 3,
  maxNeighbours: 50,
  maxBasketItems: 40,
  minLift: 1,
};

/** A complement as the product's service returns it: `score` is the lift, `via` the input it complements. */
export interface TrainingComplement extends ScoredId {
  via: string;
  support: number;
}

interface Neighbour {
  readonly id: string;
  readonly lift: number;
  readonly support: number;
}

/**
 * The SDK's CoPurchaseService computed in memory from the TrainingView's history baskets only, with the
 * co-purchase job's method: items below `minSupport` dropped, baskets capped at `maxBasketItems` (hash sample),
 * pairs counted in the product's PairCounter, lift = N·c(a,b) / (c(a)·c(b)), pairs below support or lift
 * skipped, `maxNeighbours` best by lift (then support, id) kept per item. One difference: without categories
 * the job's substitute rule (same leaf category) cannot apply, so no pair is skipped as a substitute.
 * `complements` merges neighbours exactly as MongoCoPurchaseService does (best lift over the inputs).
 */
export class TrainingCoPurchaseService implements CoPurchaseService {
  private readonly neighbours = new Map<string, Neighbour[]>();

  constructor(view: TrainingView, options: TrainingCoPurchaseOptions = CO_PURCHASE_JOB_DEFAULTS) {
    const frequency = new Map<string, number>();
    let baskets = 0;
    for (const user of view.users) {
      for (const basket of user.history) {
        baskets += 1;
        for (const item of new Set(basket.items)) frequency.set(item, (frequency.get(item) ?? 0) + 1);
      }
    }
    const ids = [...frequency.entries()]
      .filter(([, count]) => count >= options.minSupport)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([id]) => id);
    const index = new Map(ids.map((id, position) => [id, position]));
    const itemCounts = new Uint32Array(ids.length);
    const pairs = new PairCounter(22);
    for (const user of view.users) {
      for (const basket of user.history) {
        let items = [...new Set(basket.items)].filter((id) => index.has(id));
        if (items.length > options.maxBasketItems) {
          const key = `${user.userId}|${basket.id}`;
          items = items
            .map((id) => ({ id, rank: hash(`${key}|${id}`) }))
            .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
            .slice(0, options.maxBasketItems)
            .map((entry) => entry.id);
        }
        const positions = items.map((id) => index.get(id)!);
        for (let i = 0; i < positions.length; i += 1) {
          itemCounts[positions[i]!] += 1;
          for (let j = i + 1; j < positions.length; j += 1) pairs.add(positions[i]!, positions[j]!);
        }
      }
    }
    const lists: Neighbour[][] = ids.map(() => []);
    pairs.forEach((a, b, count) => {
      if (count < options.minSupport) return;
      const lift = (baskets * count) / (itemCounts[a]! * itemCounts[b]!);
      if (!(lift > options.minLift)) return;
      lists[a]!.push({ id: ids[b]!, lift, support: count });
      lists[b]!.push({ id: ids[a]!, lift, support: count });
    });
    lists.forEach((list, item) => {
      if (list.length === 0) return;
      list.sort((x, y) => y.lift - x.lift || y.support - x.support || (x.id < y.id ? -1 : 1));
      this.neighbours.set(ids[item]!, list.slice(0, options.maxNeighbours));
    });
  }

  /** The kept neighbours of one item, best first (for tests and inspection). */
  neighboursOf(id: string): readonly { id: string; lift: number; support: number }[] {
    return this.neighbours.get(id) ?? [];
  }

  async complements(productIds: readonly string[], limit: number): Promise<TrainingComplement[]> {
    const seeds = [...new Set(productIds.filter((id) => typeof id === "string" && id.length > 0))].slice(
      0,
      MAX_COMPLEMENT_SEEDS,
    );
    const cap = Math.min(Math.max(Math.floor(limit), 0), MAX_COMPLEMENTS);
    if (seeds.length === 0 || cap === 0) return [];
    const inputs = new Set(seeds);
    const best = new Map<string, TrainingComplement & { hits: number }>();
    for (const seed of seeds) {
      for (const neighbour of this.neighbours.get(seed) ?? []) {
        if (inputs.has(neighbour.id)) continue;
        const current = best.get(neighbour.id);
        if (!current) {
          best.set(neighbour.id, {
            productId: neighbour.id,
            score: neighbour.lift,
            via: seed,
            support: neighbour.support,
            hits: 1,
          });
          continue;
        }
        current.hits += 1;
        if (neighbour.lift > current.score)
          Object.assign(current, { score: neighbour.lift, via: seed, support: neighbour.support });
      }
    }
    return [...best.values()]
      .sort(
        (a, b) => b.score - a.score || b.hits - a.hits || b.support - a.support || (a.productId < b.productId ? -1 : 1),
      )
      .slice(0, cap)
      .map(({ hits: _hits, ...complement }) => complement);
  }
}

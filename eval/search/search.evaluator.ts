import { instacartProductId, type InstacartCatalog } from "./instacart-catalog";
import { ndcgAtK } from "./ndcg";
import { QUERY_KINDS, type QueryKind, type QuerySpec } from "./query-set.types";
import { gradeCatalog } from "./relevance.labels";
import type { SearchSystem } from "./search-system.types";

/** Mean NDCG@k of one system over one group of queries. */
export interface SearchResultRow {
  readonly system: string;
  /** `all` or a query kind. */
  readonly kind: QueryKind | "all";
  readonly queries: number;
  readonly k: number;
  readonly ndcg: number;
}

/** The search evaluation report as written to FILE.json. */
export interface SearchReport {
  readonly dataset: string;
  readonly products: number;
  readonly queries: number;
  readonly k: number;
  readonly systems: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  readonly results: readonly SearchResultRow[];
  /** NDCG@k per query and system, in query-set order. */
  readonly perQuery: ReadonlyArray<{
    readonly id: string;
    readonly query: string;
    readonly kind: QueryKind;
    readonly ndcg: Readonly<Record<string, number>>;
  }>;
  /** Queries where a system shows nothing relevant in its top k while another system does, by system. */
  readonly emptyWhereOthersFind: Readonly<Record<string, readonly string[]>>;
  /** The personalized evaluation, when shoppers were given. */
  readonly personalized?: PersonalizedReport;
}

/** NDCG@k on (shopper, query) pairs with personal labels: one row per system, searched anonymously or as the shopper. */
export interface PersonalizedReport {
  readonly shoppers: number;
  /** (shopper, query) pairs evaluated: queries for which the shopper's held-out order holds a relevant product. */
  readonly pairs: number;
  readonly k: number;
  readonly grading: string;
  readonly results: ReadonlyArray<{ readonly system: string; readonly asShopper: boolean; readonly ndcg: number }>;
  readonly perPair: ReadonlyArray<{
    readonly userId: string;
    readonly id: string;
    readonly query: string;
    readonly ndcg: Readonly<Record<string, number>>;
  }>;
}

/** A shopper and the products of their held-out order (see served-search.ts). */
export interface LabelShopper {
  readonly userId: string;
  readonly heldOut: ReadonlySet<string>;
}

/** Progress hook (core/progress). */
export interface SearchEvalProgress {
  tick(n?: number): void;
  stop(): void;
}

/**
 * Runs every system on every query and scores the top `k` against the graded labels (computed here from
 * each query's rules; systems never see them). Rows: per system, all queries, then each kind present.
 */
export async function evaluateSearch(
  catalog: InstacartCatalog,
  queries: readonly QuerySpec[],
  systems: readonly SearchSystem[],
  options: { k: number; progress?: (label: string, total: number) => SearchEvalProgress },
): Promise<SearchReport> {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const labels = queries.map((spec) => {
    const grades = new Map<string, number>();
    for (const [id, grade] of gradeCatalog(spec, catalog.products)) grades.set(instacartProductId(id), grade);
    return grades;
  });
  const scores = new Map<string, number[]>();
  for (const system of systems) {
    const bar = options.progress?.(system.name.padEnd(16), queries.length);
    const list: number[] = [];
    try {
      for (let q = 0; q < queries.length; q += 1) {
        const ranked = await system.search(queries[q]!.query, k);
        if (ranked.length > k)
          throw new Error(
            `system ${system.name} returned ${ranked.length} results for "${queries[q]!.query}", asked for ${k}`,
          );
        list.push(ndcgAtK(ranked, labels[q]!, k));
        bar?.tick();
      }
    } finally {
      bar?.stop();
    }
    scores.set(system.name, list);
  }
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  const results: SearchResultRow[] = [];
  for (const system of systems) {
    const list = scores.get(system.name)!;
    results.push({ system: system.name, kind: "all", queries: list.length, k, ndcg: mean(list) });
    for (const kind of QUERY_KINDS) {
      const subset = list.filter((_, q) => queries[q]!.kind === kind);
      if (subset.length > 0) results.push({ system: system.name, kind, queries: subset.length, k, ndcg: mean(subset) });
    }
  }
  const emptyWhereOthersFind: Record<string, string[]> = {};
  for (const system of systems) {
    emptyWhereOthersFind[system.name] = queries
      .filter((_, q) => scores.get(system.name)![q]! === 0 && systems.some((other) => scores.get(other.name)![q]! > 0))
      .map((spec) => spec.id);
  }
  return {
    dataset: "instacart",
    products: catalog.products.length,
    queries: queries.length,
    k,
    systems: systems.map((system) => ({ name: system.name, description: system.description })),
    results,
    perQuery: queries.map((spec, q) => ({
      id: spec.id,
      query: spec.query,
      kind: spec.kind,
      ndcg: Object.fromEntries(systems.map((system) => [system.name, scores.get(system.name)![q]!])),
    })),
    emptyWhereOthersFind,
  };
}

/**
 * Personalized relevance: for a shopper, a product the query's rules grade g > 0 gains one grade when it is
 * in the shopper's held-out order (what they went on to buy is the best answer for them), so grades run
 * 0–3; everything else keeps its topical grade. Evaluated on the (shopper, query) pairs where that order
 * holds a relevant product (elsewhere the labels are the anonymous ones). Each system runs once
 * anonymously; `personal` systems run again as the shopper (`search(query, k, userId)`).
 */
export async function evaluatePersonalized(
  catalog: InstacartCatalog,
  queries: readonly QuerySpec[],
  shoppers: readonly LabelShopper[],
  systems: ReadonlyArray<{ system: SearchSystem; personal: boolean }>,
  options: { k: number; progress?: (label: string, total: number) => SearchEvalProgress },
): Promise<PersonalizedReport> {
  const { k } = options;
  const topical = queries.map(
    (spec) =>
      new Map<string, number>(
        [...gradeCatalog(spec, catalog.products)].map(([id, grade]) => [instacartProductId(id), grade] as const),
      ),
  );
  const pairs: Array<{ shopper: LabelShopper; q: number; grades: Map<string, number> }> = [];
  for (const shopper of shoppers) {
    queries.forEach((_, q) => {
      const grades = new Map(topical[q]!);
      let personal = 0;
      for (const id of shopper.heldOut) {
        const grade = grades.get(id);
        if (grade) {
          grades.set(id, grade + 1);
          personal += 1;
        }
      }
      if (personal > 0) pairs.push({ shopper, q, grades });
    });
  }
  const runs = systems.flatMap(({ system, personal }) => [
    { system, asShopper: false, name: system.name },
    ...(personal ? [{ system, asShopper: true, name: `${system.name} (as the shopper)` }] : []),
  ]);
  const anonymous = new Map<string, Map<number, string[]>>();
  const perPair = pairs.map((pair) => ({
    userId: pair.shopper.userId,
    id: queries[pair.q]!.id,
    query: queries[pair.q]!.query,
    ndcg: {} as Record<string, number>,
  }));
  for (const run of runs) {
    const bar = options.progress?.(run.name.slice(0, 16).padEnd(16), pairs.length);
    try {
      for (let i = 0; i < pairs.length; i += 1) {
        const { shopper, q, grades } = pairs[i]!;
        let ranked: string[];
        if (run.asShopper) ranked = await run.system.search(queries[q]!.query, k, shopper.userId);
        else {
          // Anonymous results do not depend on the shopper: one search per query.
          const cache = anonymous.get(run.system.name) ?? new Map<number, string[]>();
          anonymous.set(run.system.name, cache);
          ranked = cache.get(q) ?? (await run.system.search(queries[q]!.query, k));
          cache.set(q, ranked);
        }
        perPair[i]!.ndcg[run.name] = ndcgAtK(ranked.slice(0, k), grades, k);
        bar?.tick();
      }
    } finally {
      bar?.stop();
    }
  }
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    shoppers: new Set(pairs.map((pair) => pair.shopper.userId)).size,
    pairs: pairs.length,
    k,
    grading:
      "Topical grade 0-2 from the query's rules, plus 1 for a relevant product in the shopper's held-out (last) order; NDCG gain 2^g - 1.",
    results: runs.map((run) => ({
      system: run.name,
      asShopper: run.asShopper,
      ndcg: mean(perPair.map((pair) => pair.ndcg[run.name]!)),
    })),
    perPair,
  };
}

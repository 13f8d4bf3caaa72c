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
  readonly perQuery: ReadonlyArray<{ readonly id: string; readonly query: string; readonly kind: QueryKind; readonly ndcg: Readonly<Record<string, number>> }>;
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
        if (ranked.length > k) throw new Error(`system ${system.name} returned ${ranked.length} results for "${queries[q]!.query}", asked for ${k}`);
        list.push(ndcgAtK(ranked, labels[q]!, k));
        bar?.tick();
      }
    } finally {
      bar?.stop();
    }
    scores.set(system.name, list);
  }
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  const results: SearchResultRow[] = [];
  for (const system of systems) {
    const list = scores.get(system.name)!;
    results.push({ system: system.name, kind: "all", queries: list.length, k, ndcg: mean(list) });
    for (const kind of QUERY_KINDS) {
      const subset = list.filter((_, q) => queries[q]!.kind === kind);
      if (subset.length > 0) results.push({ system: system.name, kind, queries: subset.length, k, ndcg: mean(subset) });
    }
  }
  return {
    dataset: "instacart",
    products: catalog.products.length,
    queries: queries.length,
    k,
    systems: systems.map((system) => ({ name: system.name, description: system.description })),
    results,
    perQuery: queries.map((spec, q) => ({ id: spec.id, query: spec.query, kind: spec.kind, ndcg: Object.fromEntries(systems.map((system) => [system.name, scores.get(system.name)![q]!])) })),
  };
}

/** What a labelled query tests. */
export const QUERY_KINDS = [
  "product-type",
  "brand",
  "aisle",
  "attribute",
  "ambiguous",
  "misspelled",
  "slang",
  "abbreviation",
  "intent",
  "dietary",
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** Relevance grade: 2 = what the shopper asked for, 1 = related or a secondary reading, 0 = not relevant. */
export type Grade = 0 | 1 | 2;

/**
 * One labelling rule: a product gets `grade` when it satisfies every condition given. Name patterns are
 * JavaScript regular expression sources matched case-insensitively against the product name.
 */
export interface LabelRule {
  readonly grade: 1 | 2;
  /** The product's aisle id (aisles.csv) is one of these. */
  readonly aisles?: readonly number[];
  /** The product's department id (departments.csv) is one of these. */
  readonly departments?: readonly number[];
  /** Every pattern matches the name. */
  readonly name?: readonly string[];
  /** No pattern matches the name. */
  readonly notName?: readonly string[];
}

/** A query and the rules that label the catalog for it (a product's grade is the best matching rule's). */
export interface QuerySpec {
  /** Stable id, kebab-case. */
  readonly id: string;
  readonly query: string;
  readonly kind: QueryKind;
  /** Why the query is in the set or how it is graded (for ambiguous, the readings). */
  readonly note?: string;
  readonly rules: readonly LabelRule[];
}

/** A query as committed: its rules plus what they select in the catalog it was generated from (counts, aisles). */
export interface LabelledQuery extends QuerySpec {
  /** Products graded 2 and 1 in the generating catalog. */
  readonly counts: { readonly grade2: number; readonly grade1: number };
  /** Aisle ids holding grade-2 products, and those holding only grade-1 products, ascending. */
  readonly relevantAisles: { readonly grade2: readonly number[]; readonly grade1: readonly number[] };
}

/** The committed query set (eval/search/instacart-queries.json). */
export interface QuerySet {
  readonly name: string;
  /** How to regenerate it. */
  readonly generatedBy: string;
  /** Size of the catalog it was generated from. */
  readonly catalog: { readonly products: number; readonly aisles: number; readonly departments: number };
  readonly grading: string;
  readonly queries: readonly LabelledQuery[];
}

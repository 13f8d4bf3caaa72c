import type { MetadataSchema, VectorMetadata } from "./vector-metadata";
import { VectorStoreError } from "./vector-store.error";

/** A scalar a filter compares with. */
export type FilterScalar = string | number | boolean;

/** Condition on one field: a bare value means `$eq`. */
export type FieldCondition = FilterScalar | { $eq: FilterScalar } | { $in: FilterScalar[] };

/**
 * The subset of Pinecone's metadata filter language every store implements identically:
 * `{ field: value }`, `{ field: { $eq: value } }`, `{ field: { $in: [values] } }`, `{ $and: [filters] }`;
 * several keys in one object are ANDed. On a `string[]` field, `$eq` means "contains" and `$in` means
 * "contains any". A record without the field never matches. Types must match the schema.
 */
export type MetadataFilter = { $and: MetadataFilter[] } | { [field: string]: FieldCondition | MetadataFilter[] };

/** A validated filter in normal form: a conjunction of `field ∈ values` terms. */
export interface CompiledFilter {
  /** Every term must hold. */
  terms: FilterTerm[];
}

/** One term: the field (or, for arrays, one of its elements) equals one of `values`. */
export interface FilterTerm {
  /** Field name from the schema. */
  field: string;
  /** Accepted values (one for `$eq`). */
  values: FilterScalar[];
  /** Whether the field holds a string array. */
  isArray: boolean;
}

/** Most values in one `$in`. */
export const MAX_IN_VALUES = 1000;
const MAX_DEPTH = 8;

/** Validates a filter against the schema and flattens it; throws BAD_INPUT naming the bad part. */
export function compileFilter(filter: MetadataFilter | undefined, schema: MetadataSchema): CompiledFilter {
  const terms: FilterTerm[] = [];
  if (filter !== undefined) collect(filter, schema, terms, "filter", 0);
  return { terms };
}

function collect(node: unknown, schema: MetadataSchema, terms: FilterTerm[], path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw bad(`${path}: nested deeper than ${MAX_DEPTH}`);
  if (node === null || typeof node !== "object" || Array.isArray(node)) throw bad(`${path}: must be an object`);
  const entries = Object.entries(node as Record<string, unknown>);
  if (entries.length === 0) throw bad(`${path}: must not be empty`);
  for (const [key, value] of entries) {
    if (key === "$and") {
      if (!Array.isArray(value) || value.length === 0) throw bad(`${path}.$and: must be a non-empty array`);
      value.forEach((child, index) => collect(child, schema, terms, `${path}.$and[${index}]`, depth + 1));
      continue;
    }
    if (key.startsWith("$")) throw bad(`${path}: unsupported operator ${key} (use $eq, $in, $and)`);
    const type = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    if (!type) throw bad(`${path}.${key}: unknown metadata field`);
    const isArray = type === "string[]";
    const scalarType = isArray ? "string" : type;
    const values = conditionValues(value, `${path}.${key}`);
    for (const item of values) {
      if (typeof item !== scalarType || (typeof item === "number" && !Number.isFinite(item))) {
        throw bad(`${path}.${key}: expected ${scalarType} values, got ${JSON.stringify(item)}`);
      }
    }
    terms.push({ field: key, values, isArray });
  }
}

function conditionValues(condition: unknown, path: string): FilterScalar[] {
  if (isScalar(condition)) return [condition];
  if (condition === null || typeof condition !== "object" || Array.isArray(condition))
    throw bad(`${path}: expected a value, {$eq} or {$in}`);
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1) throw bad(`${path}: exactly one operator per field ($eq or $in)`);
  const [operator, operand] = entries[0]!;
  if (operator === "$eq") {
    if (!isScalar(operand)) throw bad(`${path}.$eq: expected a string, number or boolean`);
    return [operand];
  }
  if (operator === "$in") {
    if (!Array.isArray(operand) || operand.length === 0) throw bad(`${path}.$in: must be a non-empty array`);
    if (operand.length > MAX_IN_VALUES) throw bad(`${path}.$in: at most ${MAX_IN_VALUES} values`);
    if (!operand.every(isScalar)) throw bad(`${path}.$in: values must be strings, numbers or booleans`);
    return operand as FilterScalar[];
  }
  throw bad(`${path}: unsupported operator ${operator} (use $eq or $in)`);
}

function isScalar(value: unknown): value is FilterScalar {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** Whether `metadata` satisfies the compiled filter (the reference semantics). */
export function matchesFilter(metadata: VectorMetadata, filter: CompiledFilter): boolean {
  return filter.terms.every((term) => {
    const value = metadata[term.field];
    if (value === undefined) return false;
    if (Array.isArray(value)) return value.some((element) => term.values.includes(element));
    return term.values.includes(value);
  });
}

/** The filter as a LanceDB (DataFusion) SQL predicate; undefined when it accepts everything. */
export function filterToSql(filter: CompiledFilter): string | undefined {
  if (filter.terms.length === 0) return undefined;
  return filter.terms
    .map((term) => {
      const column = `\`${term.field}\``;
      const literals = term.values.map(sqlLiteral);
      if (term.isArray) return `array_has_any(${column}, [${literals.join(", ")}])`;
      return literals.length === 1 ? `${column} = ${literals[0]}` : `${column} IN (${literals.join(", ")})`;
    })
    .map((clause) => `(${clause})`)
    .join(" AND ");
}

/** A SQL literal for a string, number or boolean (strings single-quoted, quotes doubled). */
export function sqlLiteral(value: FilterScalar): string {
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}

function bad(message: string): VectorStoreError {
  return new VectorStoreError("BAD_INPUT", message);
}

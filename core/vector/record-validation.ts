import {
  MAX_IDS_PER_CALL,
  MAX_TOP_K,
  VectorStoreError,
  type MetadataSchema,
  type VectorMetadata,
  type VectorMetric,
  type VectorQuery,
  type VectorRecord,
} from "./vector-store";

const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED_FIELDS = new Set(["id", "vector", "values", "metadata"]);
const MAX_ID_LENGTH = 512;
const MAX_ARRAY_ITEMS = 1000;

/** Throws BAD_INPUT unless the schema's field names are safe in every backend (SQL, JSON, MongoDB). */
export function validateSchema(schema: MetadataSchema): void {
  for (const [field, type] of Object.entries(schema)) {
    if (!FIELD_PATTERN.test(field) || RESERVED_FIELDS.has(field))
      throw bad(`metadata field name ${JSON.stringify(field)} is not allowed`);
    if (!["string", "number", "boolean", "string[]"].includes(type))
      throw bad(`metadata field ${field}: unknown type ${String(type)}`);
  }
}

/** Throws BAD_INPUT unless the namespace is 1–64 letters, digits, `_`, `.` or `-`. */
export function validateNamespace(namespace: string): void {
  if (typeof namespace !== "string" || !NAMESPACE_PATTERN.test(namespace)) {
    throw bad(
      `namespace ${JSON.stringify(namespace)}: 1-64 letters, digits, _, . or -, starting with a letter or digit`,
    );
  }
}

/** Throws BAD_INPUT unless `ids` is a list of 1..MAX_IDS_PER_CALL valid ids. */
export function validateIds(ids: readonly string[]): void {
  if (!Array.isArray(ids)) throw bad("ids: expected an array");
  if (ids.length > MAX_IDS_PER_CALL) throw bad(`ids: at most ${MAX_IDS_PER_CALL} per call, got ${ids.length}`);
  ids.forEach((id, index) => validateId(id, `ids[${index}]`));
}

function validateId(id: unknown, path: string): void {
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH)
    throw bad(`${path}: id must be a string of 1-${MAX_ID_LENGTH} characters`);
}

/** Checks a vector's length and values; returns it as a Float32Array (a copy). */
export function toVector(values: unknown, dimensions: number, metric: VectorMetric, path: string): Float32Array {
  if (!(values instanceof Float32Array) && !Array.isArray(values))
    throw bad(`${path}: expected an array of ${dimensions} numbers`);
  if (values.length !== dimensions) throw bad(`${path}: expected ${dimensions} dimensions, got ${values.length}`);
  const vector = Float32Array.from(values as ArrayLike<number>);
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i]!;
    if (!Number.isFinite(value)) throw bad(`${path}[${i}]: not a finite number`);
    norm += value * value;
  }
  if (metric === "cosine" && norm === 0) throw bad(`${path}: a zero vector has no cosine similarity`);
  return vector;
}

/** Checks metadata against the schema; returns a clean copy without undefined fields. */
export function toMetadata(metadata: unknown, schema: MetadataSchema, path: string): VectorMetadata {
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata !== "object" || Array.isArray(metadata)) throw bad(`${path}: expected an object`);
  const clean: VectorMetadata = {};
  for (const [field, value] of Object.entries(metadata as Record<string, unknown>)) {
    if (value === undefined) continue;
    const type = Object.prototype.hasOwnProperty.call(schema, field) ? schema[field] : undefined;
    if (!type) throw bad(`${path}.${field}: unknown metadata field (declare it in the metadata schema)`);
    if (type === "string[]") {
      if (!Array.isArray(value) || value.length > MAX_ARRAY_ITEMS || !value.every((item) => typeof item === "string")) {
        throw bad(`${path}.${field}: expected an array of at most ${MAX_ARRAY_ITEMS} strings`);
      }
      clean[field] = [...(value as string[])];
    } else if (typeof value !== type || (type === "number" && !Number.isFinite(value))) {
      throw bad(`${path}.${field}: expected a ${type}, got ${JSON.stringify(value)}`);
    } else {
      clean[field] = value as string | number | boolean;
    }
  }
  return clean;
}

/** A validated record ready to store. */
export interface CleanRecord {
  /** Record id. */
  id: string;
  /** Checked copy of the vector. */
  values: Float32Array;
  /** Checked copy of the metadata. */
  metadata: VectorMetadata;
}

/** Validates a whole upsert before anything is stored; duplicate ids keep the last one. */
export function cleanRecords(
  records: readonly VectorRecord[],
  dimensions: number,
  metric: VectorMetric,
  schema: MetadataSchema,
): CleanRecord[] {
  if (!Array.isArray(records)) throw bad("records: expected an array");
  const byId = new Map<string, CleanRecord>();
  records.forEach((record, index) => {
    const path = `records[${index}]`;
    if (record === null || typeof record !== "object") throw bad(`${path}: expected an object`);
    validateId(record.id, `${path}.id`);
    byId.set(record.id, {
      id: record.id,
      values: toVector(record.values, dimensions, metric, `${path}.values`),
      metadata: toMetadata(record.metadata, schema, `${path}.metadata`),
    });
  });
  return [...byId.values()];
}

/** Validates a query's vector and topK; returns the vector as Float32Array. */
export function cleanQuery(query: VectorQuery, dimensions: number, metric: VectorMetric): Float32Array {
  if (query === null || typeof query !== "object") throw bad("query: expected an object");
  if (!Number.isInteger(query.topK) || query.topK < 1 || query.topK > MAX_TOP_K)
    throw bad(`topK: an integer from 1 to ${MAX_TOP_K}, got ${String(query.topK)}`);
  return toVector(query.vector, dimensions, metric, "vector");
}

function bad(message: string): VectorStoreError {
  return new VectorStoreError("BAD_INPUT", message);
}

/** Declared type of one metadata field; `string[]` fields match a filter when they contain the value. */
export type MetadataFieldType = "string" | "number" | "boolean" | "string[]";

/** The metadata fields a store accepts, by name (letters, digits and `_`); unknown fields are rejected. */
export type MetadataSchema = Readonly<Record<string, MetadataFieldType>>;

/** One metadata value; absent fields are simply left out (no nulls). */
export type MetadataValue = string | number | boolean | string[];

/** Metadata of a record, keyed by the fields of the store's {@link MetadataSchema}. */
export type VectorMetadata = Record<string, MetadataValue>;

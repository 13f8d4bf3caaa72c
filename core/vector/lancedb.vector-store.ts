import { mkdir } from "node:fs/promises";
import { connect, Index, makeArrowTable, type Connection, type Table } from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Float64, Int8, List, Schema, Utf8, type DataType } from "apache-arrow";
import { compileFilter, filterToSql, sqlLiteral } from "./metadata-filter";
import { cleanQuery, cleanRecords, validateIds, validateNamespace, validateSchema } from "./record-validation";
import {
  VectorStoreError,
  type MetadataFieldType,
  type MetadataSchema,
  type StoredVectorRecord,
  type VectorMatch,
  type VectorMetadata,
  type VectorMetric,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  type VectorStoreOptions,
  type VectorStoreStats,
} from "./vector-store";

/** Options of {@link LanceDbVectorStore}. */
export interface LanceDbStoreOptions extends VectorStoreOptions {
  /** Folder of the LanceDB database (e.g. `$DATA_DIR/vectors/lancedb`); written on every change. */
  directory: string;
  /** IVF partitions probed per query once a vector index exists. */
  nprobes?: number;
  /** Re-rank this many times topK candidates with full vectors once a PQ index exists. */
  refineFactor?: number;
  /** Rows per merge-insert call. */
  batchSize?: number;
}

/** Vector index kinds {@link LanceDbVectorStore.createIndexes} can build. */
export type LanceVectorIndexKind = "ivf_pq" | "ivf_hnsw_sq" | "none";

/** A row as LanceDB returns it (Arrow vectors for list columns). */
type LanceRow = Record<string, unknown> & { id: string; _distance?: number };

/**
 * LanceDB (embedded, on disk): one table per namespace with `id`, `vector` and one typed column per
 * metadata field, so filters become SQL predicates (prefiltered before the vector search). Without a
 * vector index LanceDB scans exactly; {@link createIndexes} adds IVF-PQ (or IVF-HNSW-SQ) and scalar
 * indexes for large namespaces. Scores are `1 - _distance` (cosine similarity or dot product).
 */
export class LanceDbVectorStore implements VectorStore {
  readonly kind = "lancedb";
  private readonly tables = new Map<string, Table>();
  private readonly indexed = new Set<string>();
  private readonly metric: VectorMetric;
  private readonly arrowSchema: Schema;

  private constructor(
    private readonly connection: Connection,
    private readonly options: LanceDbStoreOptions,
  ) {
    this.metric = options.metric ?? "cosine";
    this.arrowSchema = new Schema([
      new Field("id", new Utf8(), false),
      new Field("vector", new FixedSizeList(options.dimensions, new Field("item", new Float32(), true)), false),
      ...Object.entries(options.metadataSchema).map(([name, type]) => new Field(name, arrowType(type), true)),
    ]);
  }

  /** Opens (or creates) the database folder. */
  static async open(options: LanceDbStoreOptions): Promise<LanceDbVectorStore> {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 4096) {
      throw new VectorStoreError("BAD_INPUT", `dimensions: an integer from 1 to 4096, got ${options.dimensions}`);
    }
    validateSchema(options.metadataSchema);
    await mkdir(options.directory, { recursive: true });
    const connection = await connect(options.directory);
    return new LanceDbVectorStore(connection, options);
  }

  private get schema(): MetadataSchema {
    return this.options.metadataSchema;
  }

  async upsert(namespace: string, records: readonly VectorRecord[]): Promise<void> {
    validateNamespace(namespace);
    const clean = cleanRecords(records, this.options.dimensions, this.metric, this.schema);
    if (clean.length === 0) return;
    const table = await this.table(namespace, true);
    const batchSize = this.options.batchSize ?? 5000;
    for (let start = 0; start < clean.length; start += batchSize) {
      const rows = clean.slice(start, start + batchSize).map((record) => {
        const row: Record<string, unknown> = { id: record.id, vector: Array.from(record.values) };
        for (const [field, type] of Object.entries(this.schema)) {
          const value = record.metadata[field];
          row[field] = value === undefined ? null : type === "boolean" ? (value ? 1 : 0) : value;
        }
        return row;
      });
      // An explicit schema: inferring it from rows whose optional columns are all null fails in LanceDB.
      const data = makeArrowTable(rows, { schema: this.arrowSchema });
      await guard(() => table!.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data));
    }
  }

  async query(namespace: string, query: VectorQuery): Promise<VectorMatch[]> {
    validateNamespace(namespace);
    const vector = cleanQuery(query, this.options.dimensions, this.metric);
    const compiled = compileFilter(query.filter, this.schema);
    const where = filterToSql({
      terms: compiled.terms.map((term) =>
        this.schema[term.field] === "boolean" ? { ...term, values: term.values.map((value) => (value ? 1 : 0)) } : term,
      ),
    });
    const table = await this.table(namespace, false);
    if (!table) return [];
    let search = table
      .vectorSearch(vector)
      .distanceType(this.metric === "cosine" ? "cosine" : "dot")
      .select(["id", "_distance", ...Object.keys(this.schema)])
      .limit(query.topK);
    if (where) search = search.where(where);
    if (this.indexed.has(namespace)) {
      if (this.options.nprobes) search = search.nprobes(this.options.nprobes);
      if (this.options.refineFactor) search = search.refineFactor(this.options.refineFactor);
    }
    const rows = (await guard(() => search.toArray())) as LanceRow[];
    return rows.map((row) => ({ id: row.id, score: 1 - (row._distance ?? 0), metadata: this.metadataOf(row) }));
  }

  async fetch(namespace: string, ids: readonly string[]): Promise<StoredVectorRecord[]> {
    validateNamespace(namespace);
    validateIds(ids);
    const table = await this.table(namespace, false);
    if (!table || ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const rows = (await guard(() =>
      table
        .query()
        .where(`id IN (${unique.map(sqlLiteral).join(", ")})`)
        .limit(unique.length)
        .toArray(),
    )) as LanceRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return unique.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [{ id, values: Float32Array.from(row.vector as Iterable<number>), metadata: this.metadataOf(row) }];
    });
  }

  async delete(namespace: string, ids: readonly string[]): Promise<void> {
    validateNamespace(namespace);
    validateIds(ids);
    const table = await this.table(namespace, false);
    if (!table || ids.length === 0) return;
    await guard(() => table.delete(`id IN (${ids.map(sqlLiteral).join(", ")})`));
  }

  async deleteNamespace(namespace: string): Promise<void> {
    validateNamespace(namespace);
    const names = await this.connection.tableNames();
    this.tables.get(namespace)?.close();
    this.tables.delete(namespace);
    this.indexed.delete(namespace);
    if (names.includes(namespace)) await guard(() => this.connection.dropTable(namespace));
  }

  async describe(): Promise<VectorStoreStats> {
    const namespaces: VectorStoreStats["namespaces"] = {};
    let totalRecordCount = 0;
    for (const name of await this.connection.tableNames()) {
      const table = await this.table(name, false);
      const recordCount = table ? await table.countRows() : 0;
      if (recordCount === 0) continue;
      namespaces[name] = { recordCount };
      totalRecordCount += recordCount;
    }
    return { dimensions: this.options.dimensions, metric: this.metric, namespaces, totalRecordCount };
  }

  /** LanceDB commits every write to disk; this compacts small fragments left by many upserts. */
  async persist(): Promise<void> {
    for (const table of this.tables.values()) await guard(() => table.optimize());
  }

  /**
   * Builds the vector index (IVF-PQ by default) and scalar indexes on id and every metadata field, for
   * large namespaces; queries then probe `nprobes` partitions and re-rank with `refineFactor`.
   */
  async createIndexes(
    namespace: string,
    kind: LanceVectorIndexKind = "ivf_pq",
    options: { numPartitions?: number; numSubVectors?: number } = {},
  ): Promise<void> {
    const table = await this.table(namespace, false);
    if (!table) return;
    await table.createIndex("id", { config: Index.btree(), replace: true });
    for (const [field, type] of Object.entries(this.schema)) {
      await table.createIndex(field, {
        config:
          type === "string[]"
            ? Index.labelList()
            : type === "string" || type === "boolean"
              ? Index.bitmap()
              : Index.btree(),
        replace: true,
      });
    }
    if (kind === "none") return;
    const distanceType = this.metric === "cosine" ? "cosine" : "dot";
    const rows = await table.countRows();
    const numPartitions = options.numPartitions ?? Math.max(1, Math.round(Math.sqrt(rows)));
    const config =
      kind === "ivf_pq"
        ? Index.ivfPq({
            distanceType,
            numPartitions,
            numSubVectors: options.numSubVectors ?? Math.max(1, Math.floor(this.options.dimensions / 4)),
          })
        : Index.hnswSq({ distanceType, numPartitions: Math.max(1, Math.round(numPartitions / 16)) });
    await table.createIndex("vector", { config, replace: true });
    this.indexed.add(namespace);
  }

  async close(): Promise<void> {
    for (const table of this.tables.values()) table.close();
    this.tables.clear();
    this.connection.close();
  }

  private async table(namespace: string, create: boolean): Promise<Table | undefined> {
    const cached = this.tables.get(namespace);
    if (cached) return cached;
    const names = await this.connection.tableNames();
    let table: Table | undefined;
    if (names.includes(namespace)) {
      table = await this.connection.openTable(namespace);
      if ((await table.listIndices()).some((index) => index.columns.includes("vector"))) this.indexed.add(namespace);
    } else if (create) {
      table = await this.connection.createEmptyTable(namespace, this.arrowSchema, { mode: "create", existOk: true });
    }
    if (table) this.tables.set(namespace, table);
    return table;
  }

  private metadataOf(row: LanceRow): VectorMetadata {
    const metadata: VectorMetadata = {};
    for (const [field, type] of Object.entries(this.schema)) {
      const value = row[field];
      if (value === null || value === undefined) continue;
      metadata[field] =
        type === "string[]"
          ? Array.from(value as Iterable<string>)
          : type === "boolean"
            ? value === 1
            : (value as string | number);
    }
    return metadata;
  }
}

function arrowType(type: MetadataFieldType): DataType {
  switch (type) {
    case "string":
      return new Utf8();
    case "number":
      return new Float64();
    case "boolean":
      // Int8 1/0: LanceDB 0.31 merge-insert fails on a batch whose Bool column is all null.
      return new Int8();
    case "string[]":
      return new List(new Field("item", new Utf8(), true));
  }
}

/** Runs a LanceDB call, turning its failures into UNAVAILABLE errors. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new VectorStoreError("UNAVAILABLE", `LanceDB: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

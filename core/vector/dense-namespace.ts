import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { CompiledFilter, FilterScalar } from "./metadata-filter";
import type { CleanRecord } from "./record-validation";
import type { StoredVectorRecord, VectorMetadata, VectorMetric } from "./vector-store";

/** A scored slot of a {@link DenseNamespace}. */
export interface LabelScore {
  /** Slot number (stable while the record lives; reused after delete). */
  label: number;
  /** Similarity under the namespace metric. */
  score: number;
}

/**
 * In-memory records of one namespace for the embedded stores: vectors in one growable Float32Array,
 * ids and metadata by slot ("label"), and an inverted index field=value → labels so that a filter
 * becomes a candidate set without scanning every record.
 */
export class DenseNamespace {
  private vectors: Float32Array;
  private inverseNorms: Float32Array;
  private ids: (string | undefined)[] = [];
  private metadata: (VectorMetadata | undefined)[] = [];
  private readonly labelById = new Map<string, number>();
  private readonly freeLabels: number[] = [];
  private readonly postings = new Map<string, Set<number>>();
  private nextLabel = 0;

  constructor(
    readonly dimensions: number,
    readonly metric: VectorMetric,
    initialCapacity = 1024,
  ) {
    this.vectors = new Float32Array(initialCapacity * dimensions);
    this.inverseNorms = new Float32Array(initialCapacity);
  }

  /** Live record count. */
  get size(): number {
    return this.labelById.size;
  }

  /** One past the highest label ever used (the slab length in records). */
  get labelLimit(): number {
    return this.nextLabel;
  }

  /** Stores or replaces a record; returns its label. */
  put(record: CleanRecord): number {
    let label = this.labelById.get(record.id);
    if (label !== undefined) {
      this.unindex(label);
    } else {
      label = this.freeLabels.pop() ?? this.nextLabel++;
      this.ensureCapacity(label + 1);
      this.labelById.set(record.id, label);
      this.ids[label] = record.id;
    }
    this.vectors.set(record.values, label * this.dimensions);
    let norm = 0;
    for (const value of record.values) norm += value * value;
    this.inverseNorms[label] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    this.metadata[label] = record.metadata;
    this.index(label, record.metadata);
    return label;
  }

  /** Removes a record; returns its freed label, or undefined when absent. */
  remove(id: string): number | undefined {
    const label = this.labelById.get(id);
    if (label === undefined) return undefined;
    this.unindex(label);
    this.labelById.delete(id);
    this.ids[label] = undefined;
    this.metadata[label] = undefined;
    this.freeLabels.push(label);
    return label;
  }

  /** Label of an id, if stored. */
  labelOf(id: string): number | undefined {
    return this.labelById.get(id);
  }

  /** Whether a live record sits at `label`. */
  hasLabel(label: number): boolean {
    return this.ids[label] !== undefined;
  }

  /** Id stored at a label. */
  idAt(label: number): string {
    return this.ids[label]!;
  }

  /** Metadata stored at a label. */
  metadataAt(label: number): VectorMetadata {
    return this.metadata[label] ?? {};
  }

  /** A copy of the vector at a label. */
  vectorAt(label: number): Float32Array {
    return this.vectors.slice(label * this.dimensions, (label + 1) * this.dimensions);
  }

  /** The record at a label, as fetched. */
  recordAt(label: number): StoredVectorRecord {
    return { id: this.idAt(label), values: this.vectorAt(label), metadata: structuredClone(this.metadataAt(label)) };
  }

  /** Live labels matching the filter; `null` means "every record" (no terms). */
  candidates(filter: CompiledFilter): Set<number> | null {
    if (filter.terms.length === 0) return null;
    const sets = filter.terms.map((term) => {
      if (term.values.length === 1) return this.postings.get(postingKey(term.field, term.values[0]!)) ?? EMPTY;
      const union = new Set<number>();
      for (const value of term.values)
        for (const label of this.postings.get(postingKey(term.field, value)) ?? EMPTY) union.add(label);
      return union;
    });
    sets.sort((a, b) => a.size - b.size);
    const [smallest, ...others] = sets;
    if (others.length === 0) return smallest!;
    const result = new Set<number>();
    for (const label of smallest!) if (others.every((set) => set.has(label))) result.add(label);
    return result;
  }

  /** Similarity of the query (with its precomputed inverse norm) to the record at `label`. */
  score(query: Float32Array, queryInverseNorm: number, label: number): number {
    const offset = label * this.dimensions;
    const vectors = this.vectors;
    let dot = 0;
    for (let i = 0; i < query.length; i++) dot += query[i]! * vectors[offset + i]!;
    return this.metric === "cosine" ? dot * queryInverseNorm * this.inverseNorms[label]! : dot;
  }

  /** Exact top-k over `candidates` (or every live record), best first. */
  exactSearch(query: Float32Array, k: number, candidates: Iterable<number> | null): LabelScore[] {
    const queryInverseNorm = inverseNorm(query);
    const heap = new TopK(k);
    if (candidates) {
      for (const label of candidates) heap.offer(label, this.score(query, queryInverseNorm, label));
    } else {
      for (let label = 0; label < this.nextLabel; label++) {
        if (this.ids[label] !== undefined) heap.offer(label, this.score(query, queryInverseNorm, label));
      }
    }
    return heap.sorted();
  }

  /** Writes the namespace to `directory` (vectors.bin + records.jsonl), replacing files atomically. */
  async save(directory: string): Promise<void> {
    await mkdir(directory, { recursive: true });
    const vectorBytes = new Uint8Array(
      this.vectors.buffer,
      this.vectors.byteOffset,
      this.nextLabel * this.dimensions * 4,
    );
    await writeFile(join(directory, "vectors.bin.tmp"), vectorBytes);
    const lines: string[] = [];
    for (let label = 0; label < this.nextLabel; label++) {
      const id = this.ids[label];
      if (id !== undefined) lines.push(JSON.stringify([label, id, this.metadata[label] ?? {}]));
    }
    await writeFile(join(directory, "records.jsonl.tmp"), lines.join("\n") + (lines.length ? "\n" : ""));
    await rename(join(directory, "vectors.bin.tmp"), join(directory, "vectors.bin"));
    await rename(join(directory, "records.jsonl.tmp"), join(directory, "records.jsonl"));
  }

  /** Reads a namespace written by {@link save}; labels are kept so a saved HNSW graph stays valid. */
  static async load(directory: string, dimensions: number, metric: VectorMetric): Promise<DenseNamespace> {
    const bytes = await readFile(join(directory, "vectors.bin"));
    const slots = bytes.byteLength / (dimensions * 4);
    if (!Number.isInteger(slots))
      throw new Error(`${directory}/vectors.bin does not hold ${dimensions}-dimensional vectors`);
    const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const namespace = new DenseNamespace(dimensions, metric, Math.max(1024, slots));
    const lines = createInterface({ input: createReadStream(join(directory, "records.jsonl")), crlfDelay: Infinity });
    const used = new Uint8Array(slots);
    for await (const line of lines) {
      if (!line) continue;
      const [label, id, metadata] = JSON.parse(line) as [number, string, VectorMetadata];
      namespace.nextLabel = label;
      namespace.put({ id, values: all.subarray(label * dimensions, (label + 1) * dimensions), metadata });
      used[label] = 1;
    }
    namespace.nextLabel = slots;
    for (let label = slots - 1; label >= 0; label--) if (!used[label]) namespace.freeLabels.push(label);
    return namespace;
  }

  /** Bytes held by vectors and norms (metadata and maps excluded). */
  get vectorBytes(): number {
    return this.vectors.byteLength + this.inverseNorms.byteLength;
  }

  private ensureCapacity(records: number): void {
    const capacity = this.inverseNorms.length;
    if (records <= capacity) return;
    const next = Math.max(records, capacity * 2);
    const vectors = new Float32Array(next * this.dimensions);
    vectors.set(this.vectors);
    this.vectors = vectors;
    const norms = new Float32Array(next);
    norms.set(this.inverseNorms);
    this.inverseNorms = norms;
  }

  private index(label: number, metadata: VectorMetadata): void {
    for (const [field, value] of Object.entries(metadata)) {
      for (const element of Array.isArray(value) ? new Set(value) : [value]) {
        const key = postingKey(field, element);
        let set = this.postings.get(key);
        if (!set) this.postings.set(key, (set = new Set()));
        set.add(label);
      }
    }
  }

  private unindex(label: number): void {
    const metadata = this.metadata[label];
    if (!metadata) return;
    for (const [field, value] of Object.entries(metadata)) {
      for (const element of Array.isArray(value) ? value : [value]) {
        const key = postingKey(field, element);
        const set = this.postings.get(key);
        set?.delete(label);
        if (set && set.size === 0) this.postings.delete(key);
      }
    }
  }
}

/** Shared empty posting list; never mutated. */
const EMPTY = new Set<number>();

function postingKey(field: string, value: FilterScalar): string {
  return `${field}\u0001${typeof value}\u0001${String(value)}`;
}

/** 1/‖v‖, or 0 for the zero vector. */
export function inverseNorm(vector: Float32Array): number {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  return norm > 0 ? 1 / Math.sqrt(norm) : 0;
}

/** Keeps the k best (highest score) labels seen; ties go to the lower label. */
export class TopK {
  private readonly labels: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** Considers one candidate. */
  offer(label: number, score: number): void {
    const { labels, scores } = this;
    if (labels.length < this.k) {
      labels.push(label);
      scores.push(score);
      this.up(labels.length - 1);
    } else if (this.k > 0 && worse(scores[0]!, labels[0]!, score, label)) {
      labels[0] = label;
      scores[0] = score;
      this.down(0);
    }
  }

  /** The kept candidates, best first. */
  sorted(): LabelScore[] {
    return this.labels
      .map((label, i) => ({ label, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score || a.label - b.label);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(this.scores[i]!, this.labels[i]!, this.scores[parent]!, this.labels[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.labels.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && worse(this.scores[left]!, this.labels[left]!, this.scores[smallest]!, this.labels[smallest]!))
        smallest = left;
      if (right < n && worse(this.scores[right]!, this.labels[right]!, this.scores[smallest]!, this.labels[smallest]!))
        smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.labels[a], this.labels[b]] = [this.labels[b]!, this.labels[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
}

/** Whether (scoreA, labelA) ranks below (scoreB, labelB). */
function worse(scoreA: number, labelA: number, scoreB: number, labelB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && labelA > labelB);
}

import type { CoPurchaseDocument, CoPurchaseNeighbour } from "../statistics/co-purchase.document";

const YIELD_EVERY = 2000;

/**
 * Co-purchase neighbours (collection `co_purchase`) held in this process, flattened into typed columns:
 * per product an offset into neighbour columns of product numbers (Int32), lift and PMI (Float64, exact
 * as stored) and support (Int32): 24 bytes a neighbour, plus one id string per distinct product.
 */
export class CoPurchaseReadModel {
  private readonly ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** Product number → first neighbour index; -1 = no document. */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private neighbour = new Int32Array(0);
  private lift = new Float64Array(0);
  private pmi = new Float64Array(0);
  private support = new Int32Array(0);

  private constructor(readonly version: number) {}

  /** Builds the model from a stream of co-purchase documents. */
  static async build(
    documents: AsyncIterable<Pick<CoPurchaseDocument, "_id" | "neighbours">>,
    version: number,
  ): Promise<CoPurchaseReadModel> {
    const model = new CoPurchaseReadModel(version);
    const starts: number[] = [];
    const ends: number[] = [];
    const neighbour: number[] = [];
    const lift: number[] = [];
    const pmi: number[] = [];
    const support: number[] = [];
    let seen = 0;
    for await (const document of documents) {
      const number = model.intern(document._id);
      while (starts.length <= number) {
        starts.push(-1);
        ends.push(-1);
      }
      if (starts[number] !== -1) continue;
      starts[number] = neighbour.length;
      for (const entry of document.neighbours ?? []) {
        neighbour.push(model.intern(entry.productId));
        lift.push(entry.lift);
        pmi.push(entry.pmi);
        support.push(entry.support);
      }
      ends[number] = neighbour.length;
      if (++seen % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    while (starts.length < model.ids.length) {
      starts.push(-1);
      ends.push(-1);
    }
    model.starts = Int32Array.from(starts);
    model.ends = Int32Array.from(ends);
    model.neighbour = Int32Array.from(neighbour);
    model.lift = Float64Array.from(lift);
    model.pmi = Float64Array.from(pmi);
    model.support = Int32Array.from(support);
    return model;
  }

  /** Products with a neighbour document. */
  get size(): number {
    let count = 0;
    for (const start of this.starts) if (start >= 0) count += 1;
    return count;
  }

  /** Neighbours held. */
  get neighbourCount(): number {
    return this.neighbour.length;
  }

  /** True when the product has a co-purchase document. */
  has(productId: string): boolean {
    const number = this.numbers.get(productId);
    return number !== undefined && this.starts[number]! >= 0;
  }

  /** The stored neighbours of a product, best lift first, or undefined without a document. */
  neighbours(productId: string): CoPurchaseNeighbour[] | undefined {
    const number = this.numbers.get(productId);
    if (number === undefined || this.starts[number]! < 0) return undefined;
    const result: CoPurchaseNeighbour[] = [];
    for (let i = this.starts[number]!; i < this.ends[number]!; i += 1) {
      result.push({
        productId: this.ids[this.neighbour[i]!]!,
        lift: this.lift[i]!,
        pmi: this.pmi[i]!,
        support: this.support[i]!,
      });
    }
    return result;
  }

  private intern(id: string): number {
    let number = this.numbers.get(id);
    if (number === undefined) {
      number = this.ids.length;
      this.ids.push(id);
      this.numbers.set(id, number);
    }
    return number;
  }
}

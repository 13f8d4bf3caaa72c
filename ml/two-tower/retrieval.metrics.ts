import { scoreRows, topKIndices } from "../embeddings/vector-math";
import type { TwoTowerModel, UserInput } from "./two-tower.model";

/** One held-out user: the tower input and the target basket's item indices. */
export interface RetrievalCase {
  state: UserInput;
  target: ReadonlySet<number>;
}

/** Mean recall@K of a method per cut-off. */
export type RecallTable = Record<string, number>;

/** Unit embeddings of every item, row-major (items × dims). */
export function itemMatrix(
  model: TwoTowerModel,
  items: ReadonlyArray<Parameters<TwoTowerModel["embedItem"]>[0]>,
): Float32Array {
  const d = model.shape.dims;
  const matrix = new Float32Array(items.length * d);
  for (let i = 0; i < items.length; i += 1) model.embedItem(items[i]!, matrix.subarray(i * d, (i + 1) * d));
  return matrix;
}

/** recall@K (hits / target size, averaged over users) of the two-tower top-K and of a fixed popularity ranking. */
export function retrievalRecall(
  model: TwoTowerModel,
  matrix: Float32Array,
  cases: readonly RetrievalCase[],
  popularity: readonly number[],
  ks: readonly number[],
  onUser?: () => void,
): { twoTower: RecallTable; popularity: RecallTable; users: number } {
  const maxK = Math.max(...ks);
  const sums = { twoTower: ks.map(() => 0), popularity: ks.map(() => 0) };
  const scores = new Float32Array(matrix.length / model.shape.dims);
  for (const c of cases) {
    const user = model.embedUser(c.state);
    const top = topKIndices(scoreRows(matrix, model.shape.dims, user, scores), maxK);
    ks.forEach((k, i) => {
      sums.twoTower[i]! += hits(top, c.target, k) / c.target.size;
      sums.popularity[i]! += hits(popularity, c.target, k) / c.target.size;
    });
    onUser?.();
  }
  const n = Math.max(cases.length, 1);
  const table = (values: number[]): RecallTable =>
    Object.fromEntries(ks.map((k, i) => [`recall@${k}`, values[i]! / n]));
  return { twoTower: table(sums.twoTower), popularity: table(sums.popularity), users: cases.length };
}

function hits(ranking: readonly number[], target: ReadonlySet<number>, k: number): number {
  let count = 0;
  for (let r = 0; r < Math.min(k, ranking.length); r += 1) if (target.has(ranking[r]!)) count += 1;
  return count;
}

/** Item indices by descending count (ties by index). */
export function popularityRanking(counts: Float64Array, limit: number): number[] {
  return topKIndices(Float32Array.from(counts), limit);
}

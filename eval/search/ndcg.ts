/**
 * NDCG@k with graded relevance: DCG = Σ_{i<k} (2^g_i − 1) / log2(i + 2) over the ranked list, divided by the
 * DCG of the ideal ranking of all relevant items (`grades`). A repeated id still takes its position but gains nothing.
 * 0 when nothing is relevant (such queries should not be in a labelled set).
 */
export function ndcgAtK(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const seen = new Set<string>();
  let dcg = 0;
  for (let position = 0; position < Math.min(k, ranked.length); position += 1) {
    const id = ranked[position]!;
    if (seen.has(id)) continue;
    seen.add(id);
    const grade = grades.get(id) ?? 0;
    if (grade > 0) dcg += (2 ** grade - 1) / Math.log2(position + 2);
  }
  const ideal = [...grades.values()]
    .filter((grade) => grade > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/**
 * Picks the `k` of the first `count` candidates with the highest `scores[candidate]`, best first; ties go to
 * the smaller index, so results are deterministic. Unless `keepNonPositive`, candidates scoring 0 or less are
 * dropped. O(count · log k).
 */
export function selectTopK(
  candidates: ArrayLike<number>,
  count: number,
  scores: ArrayLike<number>,
  k: number,
  keepNonPositive = false,
): number[] {
  if (k <= 0) return [];
  // Min-heap on (score asc, index desc): the root is the worst of the kept candidates.
  const heap: number[] = [];
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const siftUp = (at: number) => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!worse(heap[at], heap[parent])) break;
      [heap[at], heap[parent]] = [heap[parent], heap[at]];
      at = parent;
    }
  };
  const siftDown = (at: number) => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < heap.length && worse(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && worse(heap[right], heap[smallest])) smallest = right;
      if (smallest === at) return;
      [heap[at], heap[smallest]] = [heap[smallest], heap[at]];
      at = smallest;
    }
  };
  for (let i = 0; i < count; i += 1) {
    const candidate = candidates[i];
    if (!keepNonPositive && !(scores[candidate] > 0)) continue;
    if (heap.length < k) {
      heap.push(candidate);
      siftUp(heap.length - 1);
    } else if (worse(heap[0], candidate)) {
      heap[0] = candidate;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => scores[b] - scores[a] || a - b);
}

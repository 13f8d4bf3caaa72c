import DataLoader from "dataloader";

/**
 * A per-request DataLoader that fetches documents by `_id` in one batch (one `fetch`) and
 * returns them in key order, null for ids that do not exist.
 */
export function byIdLoader<T extends { _id: string }>(
  fetch: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await fetch(ids)).map((document) => [document._id, document]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

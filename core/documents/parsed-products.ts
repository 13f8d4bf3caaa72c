import { LRUCache } from "lru-cache";
import type { ProductDocument } from "./product.document";

/** Parsed products a process keeps per catalog version by default (a few tens of MB; every product of the smaller seeds). */
export const PARSED_PRODUCTS_KEPT = 20_000;

/**
 * The most recently read products of a catalog version held as compact JSON, kept parsed: a hot product
 * (one on many shoppers' pages) is parsed once, not on every read. What {@link get} returns is deeply
 * frozen and shared by every request: readers copy before changing anything (changing it throws).
 */
export class ParsedProducts {
  private readonly parsed: LRUCache<string, ProductDocument>;

  constructor(max = PARSED_PRODUCTS_KEPT) {
    this.parsed = new LRUCache({ max });
  }

  /** The product `id` whose stored JSON is `json`, parsed (dates as `Date`) and frozen. */
  get(id: string, json: string): ProductDocument {
    let product = this.parsed.get(id);
    if (product === undefined) {
      const raw = JSON.parse(json) as ProductDocument & { createdAt: string; updatedAt: string };
      product = deepFreeze({ ...raw, createdAt: new Date(raw.createdAt), updatedAt: new Date(raw.updatedAt) });
      this.parsed.set(id, product);
    }
    return product;
  }
}

/** `value` with every object and array in it frozen (in place); returns `value`. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

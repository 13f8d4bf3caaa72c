/** A store's price and availability of one product (an `offers` document). */
export interface StoreOffer {
  price: number;
  available: boolean;
}

/** One store's offers: product numbers ascending, with parallel price and availability columns. */
interface StoreColumns {
  products: Int32Array;
  prices: Float64Array;
  available: Uint8Array;
}

/**
 * Offers per store (`storeId|productId` → price, available) in typed columns: 13 bytes an offer plus
 * a few bytes of slack while building, instead of a Map entry and a key string (~150 bytes) each.
 * Products are the catalog read model's product numbers; lookups are binary searches.
 */
export class StoreOffers {
  private readonly stores = new Map<string, StoreColumns>();
  private building: Map<string, { products: number[]; prices: number[]; available: number[] }> | null = new Map();
  private count = 0;

  /** Adds an offer (before {@link seal}); a later offer for the same store and product replaces an earlier one. */
  add(storeId: string, product: number, offer: StoreOffer): void {
    if (!this.building) throw new Error("StoreOffers is sealed");
    let store = this.building.get(storeId);
    if (!store) this.building.set(storeId, (store = { products: [], prices: [], available: [] }));
    store.products.push(product);
    store.prices.push(offer.price);
    store.available.push(offer.available ? 1 : 0);
  }

  /** Sorts each store's offers into typed columns; no more adds. */
  seal(): this {
    for (const [storeId, store] of this.building ?? []) {
      const order = Array.from(store.products.keys()).sort((a, b) => store.products[a]! - store.products[b]! || a - b);
      // Keep the last offer of a duplicated product (the one a `$in` read would return is unspecified; the last written wins here).
      const kept = order.filter(
        (position, i) => i + 1 >= order.length || store.products[order[i + 1]!] !== store.products[position],
      );
      const columns: StoreColumns = {
        products: new Int32Array(kept.length),
        prices: new Float64Array(kept.length),
        available: new Uint8Array(kept.length),
      };
      kept.forEach((position, i) => {
        columns.products[i] = store.products[position]!;
        columns.prices[i] = store.prices[position]!;
        columns.available[i] = store.available[position]!;
      });
      this.stores.set(storeId, columns);
      this.count += kept.length;
    }
    this.building = null;
    return this;
  }

  /** Offers held. */
  get size(): number {
    return this.count;
  }

  /** The offer of `product` at `storeId`, or undefined when the store does not sell it. */
  get(storeId: string, product: number): StoreOffer | undefined {
    const store = this.stores.get(storeId);
    if (!store) return undefined;
    let low = 0;
    let high = store.products.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const value = store.products[mid]!;
      if (value === product) return { price: store.prices[mid]!, available: store.available[mid] === 1 };
      if (value < product) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }
}

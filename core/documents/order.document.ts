/** One line of an order. */
export interface OrderLine {
  productId: string;
  quantity: number;
  /** Price paid per unit after discounts. */
  unitPrice: number;
  /** Discount per unit, 0 when none. */
  discount: number;
  /**
   * The line's discounts as the source recorded them (line totals, major units), when it splits them
   * (The Complete Journey): loyalty-card (retail), manufacturer coupon, and the retailer's coupon match.
   */
  discounts?: { retail: number; coupon: number; couponMatch: number };
}

/** A placed order (collection `orders`). */
export interface OrderDocument {
  _id: string;
  userId: string;
  merchantId?: string;
  /** The physical store, when the source names one (The Complete Journey: "cj:<store_id>"). */
  storeId?: string;
  placedAt: Date;
  lines: OrderLine[];
  total: number;
  source: string;
}

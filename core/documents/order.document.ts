/** One line of an order. */
export interface OrderLine {
  productId: string;
  quantity: number;
  /** Price paid per unit after discounts. */
  unitPrice: number;
  /** Discount per unit, 0 when none. */
  discount: number;
}

/** A placed order (collection `orders`). */
export interface OrderDocument {
  _id: string;
  userId: string;
  merchantId?: string;
  placedAt: Date;
  lines: OrderLine[];
  total: number;
  source: string;
}

import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { OrderDocument } from "../../core/documents/order.document";
import { Product } from "./product.type";
import { PageInfo } from "../shared/relay-connection";

/** One line of an order. */
@ObjectType({ description: "One line of an order." })
export class OrderLine {
  @Field(() => Product, { description: "The product bought." })
  product!: Product;

  @Field(() => Int, { description: "Units bought." })
  quantity!: number;

  @Field(() => Float, { description: "Price paid per unit, after discounts." })
  unitPrice!: number;

  @Field(() => Float, { description: "Discount per unit; 0 when none." })
  discount!: number;
}

/** A placed order. */
@ObjectType({ description: "A placed order." })
export class Order {
  @Field(() => ID, { description: "Order id." })
  id!: string;

  @Field(() => ID, { nullable: true, description: "Merchant the order was placed with, when known." })
  merchantId!: string | null;

  @Field({ description: "When the order was placed." })
  placedAt!: Date;

  @Field(() => [OrderLine], { description: "What was bought." })
  lines!: OrderLine[];

  @Field(() => Float, { description: "Total paid." })
  total!: number;

  static fromDocument(document: OrderDocument): Order {
    return Object.assign(new Order(), {
      id: document._id,
      merchantId: document.merchantId ?? null,
      placedAt: document.placedAt,
      total: document.total,
      lines: document.lines.map((line) =>
        Object.assign(new OrderLine(), {
          product: Object.assign(new Product(), { id: line.productId }),
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          discount: line.discount,
        }),
      ),
    });
  }
}

/** An edge of {@link OrderConnection}. */
@ObjectType({ description: "An order and its cursor." })
export class OrderEdge {
  @Field({ description: "Opaque cursor of this order." })
  cursor!: string;

  @Field(() => Order, { description: "The order." })
  node!: Order;
}

/** A page of orders, newest first. */
@ObjectType({ description: "A page of a shopper's orders, newest first." })
export class OrderConnection {
  @Field(() => [OrderEdge], { description: "The orders of this page." })
  edges!: OrderEdge[];

  @Field(() => PageInfo, { description: "Pagination state." })
  pageInfo!: PageInfo;

  /** Counts the shopper's orders; only called when a query asks for `totalCount` (a count is a scan on FerretDB/SQLite). */
  countTotal!: () => Promise<number>;

  @Field(() => Int, { description: "How many orders the shopper has in all." })
  totalCount(): Promise<number> {
    return this.countTotal();
  }
}

import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../shared/relay-connection";
import { Merchant } from "./merchant.type";

/** One merchant in a connection. */
@ObjectType({ description: "A merchant in a paginated list, with its cursor." })
export class MerchantEdge {
  @Field({ description: "Opaque cursor of this edge; pass it as `after` to continue after it." })
  cursor!: string;

  @Field(() => Merchant, { description: "The merchant." })
  node!: Merchant;
}

/** A Relay connection of merchants; `totalCount` is computed only when asked for. */
@ObjectType({ description: "A page of merchants (Relay connection), by id." })
export class MerchantConnection {
  @Field(() => [MerchantEdge], { description: "The merchants of this page, in order." })
  edges!: MerchantEdge[];

  @Field(() => PageInfo, { description: "Whether more pages follow, and the cursor to ask for the next one." })
  pageInfo!: PageInfo;

  /** Counts every matching merchant, over all pages. */
  countAll!: () => Promise<number>;

  @Field(() => Int, { description: "Number of matching merchants over all pages (computed only when selected)." })
  totalCount(): Promise<number> {
    return this.countAll();
  }
}

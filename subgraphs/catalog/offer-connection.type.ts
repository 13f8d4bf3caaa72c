import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../shared/relay-connection";
import { Offer } from "./offer.type";

/** One offer in a connection. */
@ObjectType({ description: "An offer in a merchant's assortment, with its cursor." })
export class OfferEdge {
  @Field({ description: "Opaque cursor of this edge; pass it as `after` to continue after it." })
  cursor!: string;

  @Field(() => Offer, { description: "The offer." })
  node!: Offer;
}

/** A Relay connection of offers; `totalCount` is computed only when asked for. */
@ObjectType({ description: "A page of a merchant's offers (Relay connection), by product id." })
export class OfferConnection {
  @Field(() => [OfferEdge], { description: "The offers of this page, in order." })
  edges!: OfferEdge[];

  @Field(() => PageInfo, { description: "Whether more pages follow, and the cursor to ask for the next one." })
  pageInfo!: PageInfo;

  /** Counts every matching offer, over all pages. */
  countAll!: () => Promise<number>;

  @Field(() => Int, { description: "Number of matching offers over all pages (computed only when selected)." })
  totalCount(): Promise<number> {
    return this.countAll();
  }
}

import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { decodeCursor, encodeCursor } from "../shared/relay-connection";
import { OwnedBy } from "../shared/authorization";
import { assertId, pageSize } from "../shared/ids";
import type { UserProfileContext } from "./context";
import { Order, OrderConnection, OrderEdge } from "./order.type";
import type { OrderPosition } from "./orders.repository";
import { User } from "./user.type";

/** Largest page of `User.orders`. */
export const MAX_ORDERS_PAGE = 100;

function isOrderPosition(value: unknown): value is OrderPosition {
  const candidate = value as Partial<OrderPosition> | null;
  return (
    typeof candidate?.id === "string" &&
    typeof candidate.placedAt === "string" &&
    !Number.isNaN(Date.parse(candidate.placedAt))
  );
}

/** Shoppers and their order history. */
@Resolver(() => User)
export class UserResolver {
  @OwnedBy("id")
  @Query(() => User, { nullable: true, description: "One shopper by id; null when unknown." })
  async user(
    @Arg("id", () => ID, { description: "User id." }) id: string,
    @Ctx() context: UserProfileContext,
  ): Promise<User | null> {
    const document = await context.loaders.user.load(assertId(id, "id"));
    return document ? User.fromDocument(document) : null;
  }

  @FieldResolver(() => OrderConnection, {
    description: `The shopper's orders, newest first (at most ${MAX_ORDERS_PAGE} a page).`,
  })
  async orders(
    @Root() user: User,
    @Ctx() context: UserProfileContext,
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_ORDERS_PAGE}; default 10.` })
    first?: number,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts." }) after?: string,
  ): Promise<OrderConnection> {
    const limit = pageSize(first, "first", MAX_ORDERS_PAGE, 10);
    const position = after ? decodeCursor(after, "after", isOrderPosition) : undefined;
    const { orders: documents, total } = await context.orders.findPage(user.id, limit + 1, position);
    const page = documents.slice(0, limit);
    const edges = page.map((document) =>
      Object.assign(new OrderEdge(), {
        cursor: encodeCursor({ placedAt: document.placedAt.toISOString(), id: document._id }),
        node: Order.fromDocument(document),
      }),
    );
    return Object.assign(new OrderConnection(), {
      edges,
      countTotal: async () => total,
      pageInfo: { hasNextPage: documents.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    });
  }
}

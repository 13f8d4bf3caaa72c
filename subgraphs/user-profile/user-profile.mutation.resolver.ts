import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { assertId } from "../shared/ids";
import { OwnedBy } from "../shared/authorization";
import { withoutDeadline } from "../shared/deadline";
import type { UserProfileContext } from "./context";
import { DeleteUserDataResult, CollectionDeletion } from "./delete-user-data-result.type";
import { EventInput } from "./event-input.type";
import { MAX_EVENTS_PER_CALL } from "./event.validator";
import { Order } from "./order.type";
import { PlaceOrderInput } from "./place-order.input";
import { PreferencesInput } from "./preferences.input";
import { RecordEventsResult } from "./record-events-result.type";
import { eraseUserData } from "./user-data.eraser";
import { User } from "./user.type";

/** Writes to the user profile: events, orders, preferences and erasure. */
@Resolver()
export class UserProfileMutationResolver {
  @OwnedBy("events.userId")
  @Mutation(() => RecordEventsResult, {
    description: `Records engagement events (at most ${MAX_EVENTS_PER_CALL} a call). Each event is stored, a duplicate of an earlier eventId, or rejected with a reason; PURCHASE events update the shopper's attributes before this returns. With the event stream on (EVENT_STREAM=redis), valid events are ACCEPTED instead: appended to a durable stream whose consumer stores them exactly once, in order per shopper, and then updates attributes, so the shopper's history and attributes reflect them after the stream's lag (usually well under a second). Rejections are decided here either way.`,
  })
  recordEvents(
    @Arg("events", () => [EventInput], { description: "The events, in any order." }) events: EventInput[],
    @Ctx() context: UserProfileContext,
  ): Promise<RecordEventsResult> {
    return context.ingestion.record(events);
  }

  @OwnedBy("input.userId")
  @Mutation(() => Order, {
    description:
      "Places an order priced from the catalog and updates the shopper's attributes. An erased shopper (deleteUserData) is refused with USER_ERASED. Every check and the pricing happen before this returns; with the event stream on (EVENT_STREAM=redis), the order returned is appended to a durable stream and its consumer stores it (once, by its id) and updates the attributes, so `User.orders` shows it after the stream's lag.",
  })
  async placeOrder(
    @Arg("input", () => PlaceOrderInput, { description: "The order." }) input: PlaceOrderInput,
    @Ctx() context: UserProfileContext,
  ): Promise<Order> {
    return Order.fromDocument(await context.placement.place(input));
  }

  @OwnedBy("userId")
  @Mutation(() => User, { description: "Changes a shopper's stated preferences." })
  async updatePreferences(
    @Arg("userId", () => ID, { description: "The shopper." }) userId: string,
    @Arg("input", () => PreferencesInput, { description: "The lists to replace." }) input: PreferencesInput,
    @Ctx() context: UserProfileContext,
  ): Promise<User> {
    return User.fromDocument(await context.preferences.update(userId, input));
  }

  @OwnedBy("userId", { service: false })
  @Mutation(() => DeleteUserDataResult, {
    description:
      "Removes every trace of a shopper from every collection: profile, orders, events, attributes and any per-user data of other subgraphs. The id is tombstoned (only its hash is kept): later events, orders or preference changes for it are refused with USER_ERASED, so it is never recreated.",
  })
  async deleteUserData(
    @Arg("userId", () => ID, { description: "The shopper." }) userId: string,
    @Ctx() context: UserProfileContext,
  ): Promise<DeleteUserDataResult> {
    assertId(userId, "userId");
    // Tombstone first: a write that checks after this refuses; one that checked before either landed
    // before the erasure below (and is erased) or sees the tombstone on its second check and erases itself.
    // An erasure once started always finishes, whatever the request's deadline.
    const erased = await withoutDeadline(async () => {
      await context.erased.record(userId);
      return context.locks.withLocks([userId], () => eraseUserData(context.db, userId));
    });
    context.logger.info({ userId, erased }, "user data deleted");
    return Object.assign(new DeleteUserDataResult(), {
      userId,
      deleted: erased.reduce((sum, entry) => sum + entry.deleted, 0),
      collections: erased.map((entry) => Object.assign(new CollectionDeletion(), entry)),
    });
  }
}

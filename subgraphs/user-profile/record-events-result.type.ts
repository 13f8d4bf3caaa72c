import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

/** Outcome of one event of a `recordEvents` call. */
export enum EventStatus {
  STORED = "STORED",
  ACCEPTED = "ACCEPTED",
  DUPLICATE = "DUPLICATE",
  REJECTED = "REJECTED",
}

registerEnumType(EventStatus, {
  name: "EventStatus",
  description: "What happened to one reported event.",
  valuesConfig: {
    STORED: { description: "Stored now (the inline path: EVENT_STREAM=inline, the default)." },
    ACCEPTED: {
      description:
        "Valid and appended to the event stream (EVENT_STREAM=redis); its consumer stores it shortly, once, in order for the shopper (an eventId stored before is left as it was). Until then it is not in the shopper's history, and a PURCHASE has not yet updated the attributes. Replaying the same eventId is safe.",
    },
    DUPLICATE: {
      description:
        "An event with this eventId was stored before for the same shopper (or earlier in this call); nothing changed. Event ids are unique per shopper: another shopper's event with the same id is stored. With the event stream on, only repeats within one call are reported here: a replay of an earlier call is ACCEPTED, and the consumer, finding it stored, changes nothing.",
    },
    REJECTED: { description: "Not stored; see `rejection` and `reason`." },
  },
});

/** Why an event was rejected. */
export enum EventRejection {
  MALFORMED_ID = "MALFORMED_ID",
  UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT",
  MISSING_PRODUCT = "MISSING_PRODUCT",
  MISSING_QUERY = "MISSING_QUERY",
  INVALID_QUERY = "INVALID_QUERY",
  FUTURE_TIMESTAMP = "FUTURE_TIMESTAMP",
  INVALID_TIMESTAMP = "INVALID_TIMESTAMP",
  STORAGE_FAILED = "STORAGE_FAILED",
  USER_ERASED = "USER_ERASED",
}

registerEnumType(EventRejection, {
  name: "EventRejection",
  description: "Machine-readable reason an event was rejected.",
  valuesConfig: {
    MALFORMED_ID: { description: "eventId, userId, productId or sessionId is not a valid id." },
    UNKNOWN_PRODUCT: { description: "productId is not in the catalog." },
    MISSING_PRODUCT: { description: "The event type needs a productId." },
    MISSING_QUERY: { description: "SEARCH needs a non-empty query." },
    INVALID_QUERY: { description: "The query is longer than 500 characters." },
    FUTURE_TIMESTAMP: { description: "The timestamp is more than 5 minutes in the future." },
    INVALID_TIMESTAMP: { description: "The timestamp is before 2000-01-01." },
    STORAGE_FAILED: { description: "The database refused the write; retrying with the same eventId is safe." },
    USER_ERASED: { description: "The shopper was erased (deleteUserData); an erased id is never recreated." },
  },
});

/** Outcome of one event. */
@ObjectType({ description: "Outcome of one event, in the order the events were given." })
export class EventResult {
  @Field(() => Int, { description: "Position of the event in the input list." })
  index!: number;

  @Field(() => ID, { description: "The eventId as given." })
  eventId!: string;

  @Field(() => EventStatus, { description: "Stored, accepted (event stream on), duplicate or rejected." })
  status!: EventStatus;

  @Field(() => EventRejection, { nullable: true, description: "Why it was rejected; null unless REJECTED." })
  rejection!: EventRejection | null;

  @Field(() => String, { nullable: true, description: "Human-readable reason; null unless REJECTED." })
  reason!: string | null;
}

/** Outcome of a `recordEvents` call. */
@ObjectType({ description: "Outcome of a recordEvents call: counts and one result per event." })
export class RecordEventsResult {
  @Field(() => Int, { description: "Events stored by this call (always 0 with the event stream on: see accepted)." })
  stored!: number;

  @Field(() => Int, {
    description:
      "Events appended to the event stream by this call, to be stored by its consumer (EVENT_STREAM=redis; always 0 inline).",
  })
  accepted!: number;

  @Field(() => Int, {
    description:
      "Events already stored before, or repeated in this call (replays). With the event stream on, only repeats within this call: replays of earlier calls are counted as accepted, and the consumer stores each event once.",
  })
  duplicates!: number;

  @Field(() => Int, { description: "Events rejected." })
  rejected!: number;

  @Field(() => [ID], {
    description:
      "Users that had no profile and got a lightweight one from these events (empty with the event stream on: the consumer creates them).",
  })
  usersCreated!: string[];

  @Field(() => [ID], {
    description:
      "Users whose derived attributes were updated (they had PURCHASE events stored); empty with the event stream on: the consumer updates them after storing the events.",
  })
  attributesUpdated!: string[];

  @Field(() => [EventResult], { description: "One result per input event, in input order." })
  results!: EventResult[];
}

import { Field, ID, InputType } from "type-graphql";
import type { EventSurface as Surface, EventType } from "../../core/documents/event.document";
import { EventTypeEnum } from "./event-type.type";
import { SurfaceEnum } from "../shared/surface.type";

/** One engagement event as a client reports it. */
@InputType({ description: "One engagement event. Replaying the same eventId is safe: it is stored once." })
export class EventInput {
  @Field(() => ID, { description: "Client-chosen unique id of the event (idempotency key)." })
  eventId!: string;

  @Field(() => ID, { description: "The shopper; an unknown id creates a lightweight profile." })
  userId!: string;

  @Field(() => EventTypeEnum, { description: "What happened." })
  type!: EventType;

  @Field(() => ID, { nullable: true, description: "The product concerned; required for every type but SEARCH." })
  productId?: string | null;

  @Field(() => String, { nullable: true, description: "The search text; required for SEARCH (1–500 characters)." })
  query?: string | null;

  @Field(() => SurfaceEnum, { nullable: true, description: "Where it happened." })
  surface?: Surface | null;

  @Field(() => ID, { nullable: true, description: "The app session." })
  sessionId?: string | null;

  @Field(() => Date, { description: "When it happened; at most 5 minutes in the future." })
  timestamp!: Date;
}

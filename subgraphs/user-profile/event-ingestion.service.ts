import type { Db } from "mongodb";
import { CATALOG_COLLECTIONS } from "../catalog/read-model";
import { findByIds } from "../../core/database/by-id-reads";
import type { EventDocument } from "../../core/documents/event.document";
import type { Logger } from "../../core/logger";
import { BadUserInputError } from "../shared/errors";
import type { AttributesRefresher } from "./attributes/attributes.refresher";
import type { ErasedShoppers } from "./erased-shoppers";
import type { EventInput } from "./event-input.type";
import { MAX_EVENTS_PER_CALL, validateEvent } from "./event.validator";
import type { EventsRepository } from "./events.repository";
import { EventRejection, EventResult, EventStatus, RecordEventsResult } from "./record-events-result.type";
import type { UsersRepository } from "./users.repository";
import { eraseUserData } from "./user-data.eraser";
import type { EventSink } from "./event-stream/redis-event-stream";
import { withoutDeadline } from "../shared/deadline";

/** Users whose attributes are recomputed together after an ingestion. */
const ATTRIBUTE_BATCH = 100;

/**
 * Validates, stores and reports a batch of events: malformed events are rejected one by one, product
 * ids are checked in one batch read by id, unknown users get a lightweight profile, replays (the same
 * eventId for the same shopper) are reported as duplicates, events of erased shoppers are rejected
 * (`USER_ERASED`), and the attributes of users with new PURCHASE events are recomputed before returning.
 * With the event stream on, everything up to the writes happens here and the writes are appended to the
 * stream instead (events reported ACCEPTED); its consumer stores them and recomputes attributes.
 */
export class EventIngestionService {
  constructor(
    private readonly db: Db,
    private readonly events: EventsRepository,
    private readonly users: UsersRepository,
    private readonly attributes: AttributesRefresher,
    private readonly erased: ErasedShoppers,
    private readonly logger: Logger,
    /** The event stream when EVENT_STREAM is on: accepted events are appended there instead of stored here. */
    private readonly sink: EventSink | null = null,
  ) {}

  async record(inputs: readonly EventInput[], now = new Date()): Promise<RecordEventsResult> {
    if (inputs.length > MAX_EVENTS_PER_CALL)
      throw new BadUserInputError(
        `events has ${inputs.length} events; at most ${MAX_EVENTS_PER_CALL} are allowed a call`,
        "events",
      );
    const results = inputs.map((input, index) =>
      Object.assign(new EventResult(), {
        index,
        eventId: input.eventId,
        status: EventStatus.STORED,
        rejection: null,
        reason: null,
      }),
    );
    const rejectAt = (index: number, rejection: EventRejection, reason: string): void => {
      Object.assign(results[index]!, { status: EventStatus.REJECTED, rejection, reason });
    };

    const candidates: { index: number; document: EventDocument }[] = [];
    inputs.forEach((input, index) => {
      const validation = validateEvent(input, now);
      if (validation.ok) candidates.push({ index, document: validation.document });
      else rejectAt(index, validation.rejection, validation.reason);
    });

    const productIds = [
      ...new Set(candidates.flatMap(({ document }) => (document.productId ? [document.productId] : []))),
    ];
    const known = new Set<string>();
    if (productIds.length > 0) {
      const found = await findByIds(this.db.collection<{ _id: string }>(CATALOG_COLLECTIONS.products), productIds, {
        projection: { _id: 1 },
      });
      for (const product of found) known.add(product._id);
    }
    const erasedBefore = await this.erased.erasedAmong(candidates.map(({ document }) => document.userId));
    const accepted = candidates.filter(({ index, document }) => {
      if (erasedBefore.has(document.userId)) {
        rejectAt(index, EventRejection.USER_ERASED, erasedReason(document.userId));
        return false;
      }
      if (!document.productId || known.has(document.productId)) return true;
      rejectAt(
        index,
        EventRejection.UNKNOWN_PRODUCT,
        `productId ${JSON.stringify(document.productId)} is not in the catalog`,
      );
      return false;
    });

    if (this.sink) return this.append(this.sink, accepted, results);
    // From the first write on, the request's deadline no longer applies: stored events always get their attributes.
    return withoutDeadline(() => this.store(accepted, results, rejectAt, now));
  }

  /**
   * The event stream's path: an event repeated in this call is DUPLICATE, as inline; the others are
   * appended, one message per shopper in input order, and reported ACCEPTED. Stored events are not
   * looked up here (that read grows with the history, which the stream keeps off the write path): a
   * replay of a stored event is ACCEPTED and the consumer, finding it stored, changes nothing. The
   * consumer stores the events, creates lightweight profiles and updates attributes (docs/operations.md).
   */
  private async append(
    sink: EventSink,
    accepted: { index: number; document: EventDocument }[],
    results: EventResult[],
    now = new Date(),
  ): Promise<RecordEventsResult> {
    const seen = new Set<string>();
    const byShopper = new Map<string, EventDocument[]>();
    const appended: number[] = [];
    for (const { index, document } of accepted) {
      if (seen.has(document._id)) {
        results[index]!.status = EventStatus.DUPLICATE;
        continue;
      }
      seen.add(document._id);
      byShopper.set(document.userId, [...(byShopper.get(document.userId) ?? []), document]);
      appended.push(index);
    }
    await sink.append([...byShopper].map(([userId, events]) => ({ kind: "events", userId, acceptedAt: now, events })));
    for (const index of appended) results[index]!.status = EventStatus.ACCEPTED;
    return this.summarize(results, [], []);
  }

  private async store(
    accepted: { index: number; document: EventDocument }[],
    results: EventResult[],
    rejectAt: (index: number, rejection: EventRejection, reason: string) => void,
    now: Date,
  ): Promise<RecordEventsResult> {
    let usersCreated = await this.users.ensureExist(
      accepted.map(({ document }) => document.userId),
      now,
    );
    const outcomes = await this.events.insertNew(accepted.map(({ document }) => document));
    // A shopper erased while this call wrote: the erasure may have run before these writes landed, so
    // they are erased again and reported as rejected (the tombstone is written before the erasure starts).
    const erasedDuring = await this.erased.erasedAmong(accepted.map(({ document }) => document.userId));
    for (const userId of erasedDuring) await eraseUserData(this.db, userId);
    usersCreated = usersCreated.filter((userId) => !erasedDuring.has(userId));
    const purchasers = new Set<string>();
    outcomes.forEach((outcome, position) => {
      const { index, document } = accepted[position]!;
      if (erasedDuring.has(document.userId)) rejectAt(index, EventRejection.USER_ERASED, erasedReason(document.userId));
      else if (outcome.status === "duplicate") results[index]!.status = EventStatus.DUPLICATE;
      else if (outcome.status === "failed") rejectAt(index, EventRejection.STORAGE_FAILED, outcome.message);
      else if (document.type === "PURCHASE") purchasers.add(document.userId);
    });

    const attributesUpdated = [...purchasers].sort();
    for (let start = 0; start < attributesUpdated.length; start += ATTRIBUTE_BATCH) {
      await this.attributes.refresh(attributesUpdated.slice(start, start + ATTRIBUTE_BATCH), now);
    }
    return this.summarize(results, usersCreated, attributesUpdated);
  }

  private summarize(results: EventResult[], usersCreated: string[], attributesUpdated: string[]): RecordEventsResult {
    const count = (status: EventStatus): number => results.filter((result) => result.status === status).length;
    const summary = Object.assign(new RecordEventsResult(), {
      stored: count(EventStatus.STORED),
      accepted: count(EventStatus.ACCEPTED),
      duplicates: count(EventStatus.DUPLICATE),
      rejected: count(EventStatus.REJECTED),
      usersCreated,
      attributesUpdated,
      results,
    });
    this.logger.debug(
      {
        stored: summary.stored,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
        usersCreated: usersCreated.length,
      },
      "events recorded",
    );
    return summary;
  }
}

function erasedReason(userId: string): string {
  return `shopper ${JSON.stringify(userId)} was erased (deleteUserData); their id cannot be used again`;
}

import type Redis from "ioredis";
import { streamAppendedTotal } from "../../../core/metrics";
import { UnavailableError } from "../../shared/errors";
import { encodeMessage, partitionOf, type StreamMessage } from "./stream-message";

/** The consumer group every consumer of the stream belongs to. */
export const CONSUMER_GROUP = "user-profile";

/** Where validated writes go when the event stream is on (the mutations' side of the stream). */
export interface EventSink {
  /**
   * Appends each message to its shopper's partition, keeping the given order within a shopper; resolves
   * once the stream holds them all. Throws UNAVAILABLE when the stream cannot be reached (some messages
   * may be appended then: replaying the call is safe, the consumer dedupes by event and order id).
   */
  append(messages: readonly StreamMessage[]): Promise<void>;
}

/** Names of the stream's keys in Redis, all under REDIS_KEY_PREFIX. */
export class StreamKeys {
  constructor(
    readonly prefix: string,
    readonly partitions: number,
  ) {}

  /** The stream of partition `partition`. */
  stream(partition: number): string {
    return `${this.prefix}events:${partition}`;
  }

  /** The lease of the consumer applying partition `partition`. */
  lease(partition: number): string {
    return `${this.prefix}events:lease:${partition}`;
  }

  /** Sorted set of live consumers (score: when their registration expires, ms). */
  get consumers(): string {
    return `${this.prefix}events:consumers`;
  }

  /** Messages the consumer could not parse, set aside with their partition and id. */
  get dead(): string {
    return `${this.prefix}events:dead`;
  }
}

/** One partition's backlog: messages appended and not yet acknowledged (`lag`), of which `pending` were delivered. */
export interface PartitionLag {
  partition: string;
  lag: number;
  pending: number;
}

/**
 * The event stream on Redis Streams: one stream per partition (`<prefix>events:<n>`, shoppers spread by a
 * hash of their id), each with the consumer group `user-profile` created from the start of the stream, so
 * nothing appended before a consumer first runs is missed. Durability is Redis's: with `appendonly yes`
 * (deploy/compose.yaml) an appended message survives a Redis restart; without persistence, only restarts
 * of the product's processes.
 */
export class RedisEventStream implements EventSink {
  readonly keys: StreamKeys;

  constructor(
    private readonly redis: Redis,
    options: { prefix: string; partitions: number },
  ) {
    this.keys = new StreamKeys(options.prefix, options.partitions);
  }

  /** Creates every partition's stream and consumer group when missing (idempotent). */
  async ensureGroups(): Promise<void> {
    await ensureGroups(this.redis, this.keys);
  }

  async append(messages: readonly StreamMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const message of messages)
      pipeline.xadd(
        this.keys.stream(partitionOf(message.userId, this.keys.partitions)),
        "*",
        "kind",
        message.kind,
        "message",
        encodeMessage(message),
      );
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw streamUnavailable(error);
    }
    const failed = (results ?? []).find(([error]) => error);
    if (!results || failed) throw streamUnavailable(failed?.[0] ?? new Error("no reply"));
    for (const message of messages) streamAppendedTotal.inc({ kind: message.kind });
  }

  /** Each partition's backlog, read in one round trip (`XINFO GROUPS`). */
  async lag(): Promise<PartitionLag[]> {
    return readLag(this.redis, this.keys);
  }
}

function streamUnavailable(cause: unknown): UnavailableError {
  const error = new UnavailableError(
    "the event stream is unreachable; try again (replaying the same eventId or orderId is safe)",
  );
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** Creates the partitions' streams and groups (`XGROUP CREATE … 0 MKSTREAM`), ignoring those that exist. */
export async function ensureGroups(redis: Redis, keys: StreamKeys): Promise<void> {
  const pipeline = redis.pipeline();
  for (let partition = 0; partition < keys.partitions; partition += 1)
    pipeline.xgroup("CREATE", keys.stream(partition), CONSUMER_GROUP, "0", "MKSTREAM");
  const results = (await pipeline.exec()) ?? [];
  for (const [error] of results) if (error && !String(error.message).startsWith("BUSYGROUP")) throw error;
}

/** Parses a flat `[name, value, name, value, …]` Redis reply into an object. */
export function fields(reply: unknown): Record<string, unknown> {
  const list = Array.isArray(reply) ? (reply as unknown[]) : [];
  const result: Record<string, unknown> = {};
  for (let index = 0; index + 1 < list.length; index += 2) result[String(list[index])] = list[index + 1];
  return result;
}

/**
 * Backlog per partition from `XINFO GROUPS`: `lag` (appended, not yet delivered to the group) plus
 * `pending` (delivered, not acknowledged). Redis leaves `lag` null when it cannot tell (entries deleted
 * out of order); the stream's length stands in then (acknowledged entries are trimmed, so it is close).
 */
export async function readLag(redis: Redis, keys: StreamKeys): Promise<PartitionLag[]> {
  const pipeline = redis.pipeline();
  for (let partition = 0; partition < keys.partitions; partition += 1) {
    pipeline.xinfo("GROUPS", keys.stream(partition));
    pipeline.xlen(keys.stream(partition));
  }
  const results = (await pipeline.exec()) ?? [];
  const lags: PartitionLag[] = [];
  for (let partition = 0; partition < keys.partitions; partition += 1) {
    const [groupsError, groups] = results[partition * 2] ?? [new Error("no reply"), null];
    const [, length] = results[partition * 2 + 1] ?? [null, 0];
    if (groupsError) {
      // No stream yet (nothing appended, groups not created): nothing behind.
      if (String(groupsError.message).includes("no such key")) {
        lags.push({ partition: String(partition), lag: 0, pending: 0 });
        continue;
      }
      throw groupsError;
    }
    const group = (groups as unknown[]).map(fields).find((entry) => entry.name === CONSUMER_GROUP);
    const pending = Number(group?.pending ?? 0);
    const undelivered = group?.lag === null || group?.lag === undefined ? null : Number(group.lag);
    lags.push({
      partition: String(partition),
      lag: undelivered === null ? Number(length ?? 0) : undelivered + pending,
      pending,
    });
  }
  return lags;
}

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type Redis from "ioredis";
import type { Logger } from "../../../core/logger";
import { streamAppliedTotal, streamFailedTotal, streamRedeliveredTotal } from "../../../core/metrics";
import { CONSUMER_GROUP, ensureGroups, fields, type StreamKeys } from "./redis-event-stream";
import type { StreamApplier } from "./stream-applier";
import { decodeMessage, type StreamMessage } from "./stream-message";

/**
 * The group's one consumer name. A partition is read by one consumer process at a time (the holder of
 * its lease), always under this name, so a process that takes a partition over finds the messages its
 * previous holder read and never acknowledged in this name's pending list, and applies them first.
 */
const PARTITION_READER = "partition-holder";

/** Claims a lease when free: `SET key owner NX PX ms`. Renews one held: compare the owner, then extend. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Options of {@link StreamConsumer}. */
export interface StreamConsumerOptions {
  /** Most messages applied in one batch. */
  batch: number;
  /** How long a partition lease lasts unrenewed (renewed every third of it). */
  leaseMs: number;
  /** How long one read waits for new messages (default: a third of the lease, at most 1 s). */
  blockMs?: number;
  /**
   * Called after a batch is applied and before it is acknowledged, with the ids read. Observability
   * hook: the crash tests stop a consumer process here, between the durable writes and the ack.
   */
  beforeAck?: (ids: readonly string[]) => Promise<void>;
}

interface Entry {
  partition: number;
  id: string;
  /** Read again from the pending list: an earlier delivery was never acknowledged. */
  redelivered: boolean;
  raw: string | null;
}

/**
 * A consumer of the event stream (consumer group `user-profile`): it holds leases on a fair share of the
 * partitions (partitions / live consumers, rounded up; leases in Redis, renewed every third of
 * EVENT_STREAM_LEASE_MS), reads up to `batch` messages across them, applies them with
 * {@link StreamApplier} and acknowledges them once the writes are durable, then trims what every
 * partition has acknowledged.
 *
 * Guarantees: at-least-once (a message is acknowledged only after it was applied; a consumer that dies
 * leaves its messages pending, and the next holder of the partition applies them first); effectively
 * once in the database (applying is idempotent by event and order id); in order per shopper (a shopper's
 * messages are in one partition, one process applies a partition at a time, a batch after the previous
 * one was acknowledged). A consumer that stalls past its lease may apply a batch its successor also
 * applies; that is harmless (idempotent) but can briefly reorder that shopper's writes.
 */
export class StreamConsumer {
  /** This process's identity in leases and the consumer registry. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly owned = new Set<number>();
  /** Partitions claimed whose pending list has not been drained yet. */
  private readonly recovering = new Set<number>();
  private stopping = false;
  /** Cuts the pauses short when stopping. */
  private readonly stopped = new AbortController();
  private loop: Promise<void> | null = null;
  private nextBalance = 0;
  private failures = 0;

  constructor(
    /** A connection of its own: reads block on it. */
    private readonly redis: Redis,
    private readonly keys: StreamKeys,
    private readonly applier: Pick<StreamApplier, "apply">,
    private readonly logger: Logger,
    private readonly options: StreamConsumerOptions,
  ) {}

  /** Starts consuming in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** The partitions this consumer holds now. */
  partitions(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** Stops after the batch in hand (acknowledged or not) and releases the leases. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.loop;
    this.loop = null;
    const owned = [...this.owned];
    this.owned.clear();
    const pipeline = this.redis.pipeline();
    for (const partition of owned) pipeline.eval(RELEASE, 1, this.keys.lease(partition), this.owner);
    pipeline.zrem(this.keys.consumers, this.owner);
    await pipeline.exec().catch(() => undefined);
  }

  private get blockMs(): number {
    return this.options.blockMs ?? Math.min(1000, Math.floor(this.options.leaseMs / 3));
  }

  private async run(): Promise<void> {
    let groupsReady = false;
    while (!this.stopping) {
      try {
        if (!groupsReady) {
          await ensureGroups(this.redis, this.keys);
          groupsReady = true;
        }
        if (Date.now() >= this.nextBalance) {
          await this.balance();
          this.nextBalance = Date.now() + Math.floor(this.options.leaseMs / 3);
        }
        if (this.owned.size === 0) {
          await this.pause(Math.min(this.blockMs, Math.max(0, this.nextBalance - Date.now())));
          continue;
        }
        const entries = await this.read();
        if (entries.length > 0) await this.process(entries);
        this.failures = 0;
      } catch (error) {
        if (this.stopping) break;
        this.failures += 1;
        if (String(error).includes("NOGROUP")) groupsReady = false;
        // Whatever was read and not acknowledged is read again from the pending lists.
        for (const partition of this.owned) this.recovering.add(partition);
        const pause = Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
        this.logger.warn({ err: error, retryInMs: pause }, "event stream consumer failed; retrying");
        await this.pause(pause);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }

  /**
   * Registers this consumer, renews its leases, gives back partitions above its fair share and claims
   * free ones up to it. Starting points differ per consumer so that new consumers do not all race for
   * partition 0.
   */
  private async balance(): Promise<void> {
    const live = await this.renew();
    const share = Math.ceil(this.keys.partitions / live);
    for (const partition of this.partitions().reverse()) {
      if (this.owned.size <= share) break;
      await this.redis.eval(RELEASE, 1, this.keys.lease(partition), this.owner);
      this.owned.delete(partition);
      this.recovering.delete(partition);
    }
    const start = Number.parseInt(this.owner.slice(-6), 16) % this.keys.partitions;
    for (let step = 0; step < this.keys.partitions && this.owned.size < share; step += 1) {
      const partition = (start + step) % this.keys.partitions;
      if (this.owned.has(partition)) continue;
      const claimed = await this.redis.set(this.keys.lease(partition), this.owner, "PX", this.options.leaseMs, "NX");
      if (claimed === "OK") {
        this.owned.add(partition);
        this.recovering.add(partition);
        this.logger.info({ partition, owner: this.owner }, "event-stream partition claimed");
      }
    }
  }

  /**
   * Keeps this consumer registered and its leases alive; a lease found taken (this consumer stalled past
   * it) is dropped. Returns how many consumers are live. Runs between batches and, during a long batch,
   * every third of the lease, so a slow batch does not lose its partitions.
   */
  private async renew(): Promise<number> {
    const now = Date.now();
    const pipeline = this.redis
      .pipeline()
      .zadd(this.keys.consumers, now + this.options.leaseMs, this.owner)
      .zremrangebyscore(this.keys.consumers, "-inf", now)
      .zcard(this.keys.consumers);
    const held = [...this.owned];
    for (const partition of held) pipeline.eval(RENEW, 1, this.keys.lease(partition), this.owner, this.options.leaseMs);
    const results = (await pipeline.exec()) ?? [];
    held.forEach((partition, index) => {
      if (Number(results[3 + index]?.[1]) === 1) return;
      this.owned.delete(partition);
      this.recovering.delete(partition);
      this.logger.warn({ partition }, "lost the lease of an event-stream partition");
    });
    return Math.max(1, Number(results[2]?.[1] ?? 1));
  }

  /** The next batch: a recovering partition's pending messages first, else new messages from every held partition. */
  private async read(): Promise<Entry[]> {
    for (const partition of [...this.recovering]) {
      if (!this.owned.has(partition)) continue;
      const reply = await this.redis.xreadgroup(
        "GROUP",
        CONSUMER_GROUP,
        PARTITION_READER,
        "COUNT",
        this.options.batch,
        "STREAMS",
        this.keys.stream(partition),
        "0",
      );
      const entries = parseRead(reply, new Map([[this.keys.stream(partition), partition]]), true);
      if (entries.length > 0) return entries;
      this.recovering.delete(partition);
    }
    const partitions = this.partitions();
    const byKey = new Map(partitions.map((partition) => [this.keys.stream(partition), partition]));
    const reply = await this.redis.xreadgroup(
      "GROUP",
      CONSUMER_GROUP,
      PARTITION_READER,
      "COUNT",
      Math.max(1, Math.floor(this.options.batch / partitions.length)),
      "BLOCK",
      this.blockMs,
      "STREAMS",
      ...byKey.keys(),
      ...partitions.map(() => ">"),
    );
    return parseRead(reply, byKey, false);
  }

  /** Applies a batch, then acknowledges it and trims the acknowledged prefix of each partition. */
  private async process(entries: readonly Entry[]): Promise<void> {
    const messages: { entry: Entry; message: StreamMessage }[] = [];
    const dead: Entry[] = [];
    for (const entry of entries) {
      if (entry.redelivered) streamRedeliveredTotal.inc();
      if (entry.raw === null) continue; // Trimmed while pending: nothing left to apply.
      try {
        messages.push({ entry, message: decodeMessage(entry.raw) });
      } catch (error) {
        dead.push(entry);
        this.logger.error({ err: error, partition: entry.partition, id: entry.id }, "malformed event-stream message");
      }
    }
    if (dead.length > 0) {
      const pipeline = this.redis.pipeline();
      for (const entry of dead)
        pipeline.xadd(this.keys.dead, "*", "partition", String(entry.partition), "id", entry.id, "raw", entry.raw!);
      await pipeline.exec();
      streamFailedTotal.inc({ reason: "malformed" }, dead.length);
    }
    let outcomes: Array<"applied" | "dropped">;
    const heartbeat = setInterval(() => void this.renew().catch(() => undefined), Math.floor(this.options.leaseMs / 3));
    try {
      outcomes = (await this.applier.apply(messages.map(({ message }) => message))).outcomes;
    } catch (error) {
      streamFailedTotal.inc({ reason: "apply" });
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    await this.options.beforeAck?.(entries.map((entry) => entry.id));
    const byPartition = new Map<number, string[]>();
    for (const entry of entries)
      byPartition.set(entry.partition, [...(byPartition.get(entry.partition) ?? []), entry.id]);
    const ack = this.redis.pipeline();
    for (const [partition, ids] of byPartition) ack.xack(this.keys.stream(partition), CONSUMER_GROUP, ...ids);
    await ack.exec();
    messages.forEach(({ message }, index) => streamAppliedTotal.inc({ kind: message.kind, outcome: outcomes[index]! }));
    await this.trim([...byPartition.keys()]);
  }

  /** Drops each partition's entries older than its oldest unacknowledged one (or than its last delivered, when none is pending). */
  private async trim(partitions: readonly number[]): Promise<void> {
    const info = this.redis.pipeline();
    for (const partition of partitions) {
      info.xpending(this.keys.stream(partition), CONSUMER_GROUP);
      info.xinfo("GROUPS", this.keys.stream(partition));
    }
    const results = (await info.exec()) ?? [];
    const trim = this.redis.pipeline();
    partitions.forEach((partition, index) => {
      const [pendingError, pending] = results[index * 2] ?? [null, null];
      const [groupsError, groups] = results[index * 2 + 1] ?? [null, null];
      if (pendingError || groupsError) return;
      const oldestPending = Array.isArray(pending) && Number(pending[0]) > 0 ? String(pending[1]) : null;
      const lastDelivered = (groups as unknown[]).map(fields).find((entry) => entry.name === CONSUMER_GROUP)?.[
        "last-delivered-id"
      ];
      const keepFrom = oldestPending ?? (typeof lastDelivered === "string" ? lastDelivered : null);
      if (keepFrom && keepFrom !== "0-0") trim.xtrim(this.keys.stream(partition), "MINID", "~", keepFrom);
    });
    await trim.exec();
  }
}

/** Parses an `XREADGROUP` reply into entries (a deleted entry still pending comes back with null fields). */
function parseRead(reply: unknown, partitions: ReadonlyMap<string, number>, redelivered: boolean): Entry[] {
  if (!Array.isArray(reply)) return [];
  const entries: Entry[] = [];
  for (const [key, items] of reply as [string, [string, string[] | null][]][]) {
    const partition = partitions.get(key);
    if (partition === undefined) continue;
    for (const [id, values] of items) {
      let raw: string | null = null;
      for (let at = 0; values && at + 1 < values.length; at += 2) if (values[at] === "message") raw = values[at + 1]!;
      entries.push({ partition, id, redelivered, raw });
    }
  }
  return entries;
}

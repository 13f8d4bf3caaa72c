/**
 * A fair admission scheduler: a fixed number of seats (requests in flight) shared by clients, each
 * client with a cap of its own and a bounded queue, seats given to the waiting client with the fewest
 * requests in flight (round-robin among equals). So one client's flood cannot take every seat, and a
 * client with nothing in flight goes ahead of one that already has some, however long the flooder's
 * queue is. It is work-conserving: a seat is never left empty while a client under its cap waits, and a
 * client alone (no other client has had a request in flight or waiting within `presenceMs`) may use
 * every seat: the per-client cap only binds while someone else is there to need the seats.
 *
 * Written here rather than taken from a library: p-limit, p-queue and async-sema run one FIFO queue
 * under one limit, and Bottleneck's groups give each key an independent limiter with no shared cap and
 * no fairness between keys; none dispatches across keys by their load.
 */

/** The bounds of a {@link FairScheduler}. */
export interface SchedulerLimits {
  /** Seats: requests in flight at once, all clients together (at least 1). */
  maxInFlight: number;
  /** Requests in flight at once for one client (at least 1; at most `maxInFlight` takes effect). */
  clientMaxInFlight: number;
  /** Requests of one client waiting for a seat; one more is refused (`client-queue-full`). */
  clientMaxQueued: number;
  /** Requests waiting for a seat, all clients together; one more is refused (`queue-full`). */
  maxQueued: number;
  /**
   * How long a client counts as present after its last request ended. While another client is present a
   * client is held to `clientMaxInFlight`; alone it may use all `maxInFlight`. 0: always held to its cap.
   */
  presenceMs: number;
}

/** Why a request was not admitted: its client's queue or the whole queue was full, its deadline passed while it waited, or its client went away. */
export type Refusal = "client-queue-full" | "queue-full" | "deadline" | "aborted";

/** The outcome of {@link FairScheduler.acquire}. An admitted request must call `release` exactly once when its work has ended (later calls do nothing). */
export type Admission =
  { admitted: true; waitedMs: number; release(): void } | { admitted: false; reason: Refusal; waitedMs: number };

/** Options of {@link FairScheduler.acquire}. */
export interface AcquireOptions {
  /** Aborting it while the request waits withdraws it (`aborted`); once admitted it has no effect. */
  signal?: AbortSignal;
  /** Epoch milliseconds after which a waiting request is refused (`deadline`) instead of admitted. */
  deadline?: number;
}

/** Counts for metrics and tests. */
export interface SchedulerSnapshot {
  inFlight: number;
  queued: number;
  /** Clients with a request in flight or waiting. */
  clients: number;
}

interface Waiter {
  enqueuedAt: number;
  settle(admission: Admission): void;
}

interface ClientState {
  key: string;
  inFlight: number;
  queue: Waiter[];
}

export class FairScheduler {
  private inFlight = 0;
  private queued = 0;
  /** Clients with a request in flight or waiting; dropped when they have neither. */
  private readonly clients = new Map<string, ClientState>();
  /** Clients with waiting requests, in round-robin order (a client served moves to the end). */
  private readonly waiting = new Map<string, ClientState>();
  /** When each client that has neither in flight nor waiting last had a request end, oldest first (pruned past `presenceMs`). */
  private readonly lastSeen = new Map<string, number>();

  constructor(
    readonly limits: SchedulerLimits,
    private readonly now: () => number = Date.now,
  ) {
    for (const [name, value] of Object.entries(limits))
      if (!Number.isInteger(value) || value < (name.endsWith("InFlight") ? 1 : 0))
        throw new RangeError(`${name} must be an integer of at least ${name.endsWith("InFlight") ? 1 : 0}`);
  }

  /**
   * Admits a request of `client` now if a seat is free and the client is under its cap; otherwise queues
   * it (when both queues have room) until a seat is given to it, its deadline passes or its signal aborts.
   * Never rejects: a refusal is an {@link Admission} with `admitted: false`.
   */
  acquire(client: string, options: AcquireOptions = {}): Promise<Admission> {
    const enqueuedAt = this.now();
    if (options.signal?.aborted) return Promise.resolve({ admitted: false, reason: "aborted", waitedMs: 0 });
    const state = this.clients.get(client) ?? { key: client, inFlight: 0, queue: [] };
    this.clients.set(client, state);
    this.lastSeen.delete(client);
    // Nobody waits while a seat is free for them (dispatch runs on every release), so an empty queue
    // of this client and a free seat mean no one is passed over.
    if (state.queue.length === 0 && state.inFlight < this.capOf() && this.inFlight < this.limits.maxInFlight)
      return Promise.resolve(this.grant(state, 0));
    if (options.deadline !== undefined && options.deadline <= enqueuedAt) {
      this.forgetIfIdle(state);
      return Promise.resolve({ admitted: false, reason: "deadline", waitedMs: 0 });
    }
    if (state.queue.length >= this.limits.clientMaxQueued || this.queued >= this.limits.maxQueued) {
      this.forgetIfIdle(state);
      const reason = state.queue.length >= this.limits.clientMaxQueued ? "client-queue-full" : "queue-full";
      return Promise.resolve({ admitted: false, reason, waitedMs: 0 });
    }
    return new Promise<Admission>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const withdraw = (reason: Refusal) => {
        const at = state.queue.indexOf(waiter);
        if (at < 0) return;
        state.queue.splice(at, 1);
        this.queued -= 1;
        if (state.queue.length === 0) this.waiting.delete(state.key);
        this.forgetIfIdle(state);
        waiter.settle({ admitted: false, reason, waitedMs: this.now() - enqueuedAt });
      };
      const onAbort = () => withdraw("aborted");
      const waiter: Waiter = {
        enqueuedAt,
        settle: (admission) => {
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
          resolve(admission);
        },
      };
      state.queue.push(waiter);
      this.queued += 1;
      if (!this.waiting.has(state.key)) this.waiting.set(state.key, state);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.deadline !== undefined) {
        timer = setTimeout(() => withdraw("deadline"), options.deadline - enqueuedAt);
        timer.unref();
      }
    });
  }

  /** Requests in flight and waiting now. */
  snapshot(): SchedulerSnapshot {
    return { inFlight: this.inFlight, queued: this.queued, clients: this.clients.size };
  }

  private grant(state: ClientState, waitedMs: number): Admission {
    state.inFlight += 1;
    this.inFlight += 1;
    let released = false;
    return {
      admitted: true,
      waitedMs,
      release: () => {
        if (released) return;
        released = true;
        state.inFlight -= 1;
        this.inFlight -= 1;
        this.forgetIfIdle(state);
        this.dispatch();
      },
    };
  }

  /** Gives free seats to waiting clients under their cap: fewest in flight first, round-robin among equals. */
  private dispatch(): void {
    while (this.inFlight < this.limits.maxInFlight && this.waiting.size > 0) {
      let chosen: ClientState | undefined;
      for (const state of this.waiting.values()) {
        if (state.inFlight >= this.capOf()) continue;
        if (!chosen || state.inFlight < chosen.inFlight) chosen = state;
        if (chosen.inFlight === 0) break;
      }
      if (!chosen) return;
      const waiter = chosen.queue.shift()!;
      this.queued -= 1;
      this.waiting.delete(chosen.key);
      if (chosen.queue.length > 0) this.waiting.set(chosen.key, chosen);
      waiter.settle(this.grant(chosen, this.now() - waiter.enqueuedAt));
    }
  }

  /** `clientMaxInFlight`, or every seat while no other client is present. */
  private capOf(): number {
    if (this.limits.presenceMs === 0) return this.limits.clientMaxInFlight;
    if (this.clients.size > 1) return this.limits.clientMaxInFlight;
    const since = this.now() - this.limits.presenceMs;
    // Oldest first: drop who left too long ago; anyone left is another client (a client is never in
    // both `clients` and `lastSeen`), so the cap binds.
    for (const [key, at] of this.lastSeen) {
      if (at >= since) return this.limits.clientMaxInFlight;
      this.lastSeen.delete(key);
    }
    return this.limits.maxInFlight;
  }

  private forgetIfIdle(state: ClientState): void {
    if (state.inFlight !== 0 || state.queue.length !== 0) return;
    this.clients.delete(state.key);
    if (this.limits.presenceMs === 0) return;
    this.lastSeen.delete(state.key);
    this.lastSeen.set(state.key, this.now());
  }
}

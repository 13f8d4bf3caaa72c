import { mulberry32 } from "../../core/random";
import { FairScheduler, type Admission, type SchedulerLimits } from "../../gateway/fair-scheduler";

const limits = (overrides: Partial<SchedulerLimits> = {}): SchedulerLimits => ({
  maxInFlight: 2,
  clientMaxInFlight: 2,
  clientMaxQueued: 10,
  maxQueued: 100,
  presenceMs: 0,
  ...overrides,
});

/** Lets settled promises' callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Records the order in which requests are admitted (or refused). */
function recorder() {
  const log: string[] = [];
  const held = new Map<string, Admission & { admitted: true }>();
  const track = (name: string, pending: Promise<Admission>) =>
    pending.then((admission) => {
      log.push(admission.admitted ? name : `${name}:${admission.reason}`);
      if (admission.admitted) held.set(name, admission);
      return admission;
    });
  const release = (name: string) => {
    held.get(name)!.release();
    held.delete(name);
  };
  return { log, track, release };
}

describe("fair admission scheduler", () => {
  test("admits at once while a seat is free and the client is under its cap; queues the rest in arrival order", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 3, clientMaxInFlight: 2 }));
    const { log, track, release } = recorder();
    void track("a1", scheduler.acquire("a"));
    void track("a2", scheduler.acquire("a"));
    void track("a3", scheduler.acquire("a"));
    void track("a4", scheduler.acquire("a"));
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    expect(scheduler.snapshot()).toEqual({ inFlight: 2, queued: 2, clients: 1 });
    // A seat is free, but client a is at its cap: another client gets it at once.
    void track("b1", scheduler.acquire("b"));
    await settle();
    expect(log).toEqual(["a1", "a2", "b1"]);
    release("a1");
    await settle();
    expect(log).toEqual(["a1", "a2", "b1", "a3"]);
    release("a2");
    release("b1");
    release("a3");
    await settle();
    expect(log).toEqual(["a1", "a2", "b1", "a3", "a4"]);
    release("a4");
    expect(scheduler.snapshot()).toEqual({ inFlight: 0, queued: 0, clients: 0 });
  });

  test("a client with nothing in flight is admitted ahead of a flooding client's earlier queued requests", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 2, clientMaxInFlight: 2 }));
    const { log, track, release } = recorder();
    for (let i = 1; i <= 6; i += 1) void track(`flood${i}`, scheduler.acquire("flooder"));
    await settle();
    void track("shopper", scheduler.acquire("shopper"));
    await settle();
    expect(log).toEqual(["flood1", "flood2"]);
    release("flood1");
    await settle();
    // The freed seat goes to the shopper (0 in flight), not to flood3 (its client has 1 in flight), though flood3 came first.
    expect(log).toEqual(["flood1", "flood2", "shopper"]);
    release("shopper");
    release("flood2");
    await settle();
    expect(log.slice(3)).toEqual(["flood3", "flood4"]);
  });

  test("seats go to the client with the fewest in flight", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 3, clientMaxInFlight: 3 }));
    const { log, track, release } = recorder();
    // a takes every seat and queues three more; then b and c queue theirs.
    for (let i = 1; i <= 6; i += 1) void track(`a${i}`, scheduler.acquire("a"));
    for (let i = 1; i <= 3; i += 1) void track(`b${i}`, scheduler.acquire("b"));
    for (let i = 1; i <= 3; i += 1) void track(`c${i}`, scheduler.acquire("c"));
    await settle();
    expect(log).toEqual(["a1", "a2", "a3"]);
    release("a1");
    release("a2");
    await settle();
    // b and c have nothing in flight, a still has one: b and c go first though a queued first.
    expect(log.slice(3)).toEqual(["b1", "c1"]);
    release("a3");
    await settle();
    expect(log.slice(5)).toEqual(["a4"]);
  });

  test("among clients with as many in flight, seats go round-robin", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 1, clientMaxInFlight: 1 }));
    const { log, track, release } = recorder();
    void track("x1", scheduler.acquire("x"));
    for (let i = 1; i <= 3; i += 1) void track(`a${i}`, scheduler.acquire("a"));
    for (let i = 1; i <= 2; i += 1) void track(`b${i}`, scheduler.acquire("b"));
    for (let i = 1; i <= 3; i += 1) void track(`c${i}`, scheduler.acquire("c"));
    await settle();
    for (let served = 1; served <= 8; served += 1) {
      release(log.at(-1)!);
      await settle();
    }
    expect(log).toEqual(["x1", "a1", "b1", "c1", "a2", "b2", "c2", "a3", "c3"]);
  });

  test("queues are bounded: a client's own bound, then the bound of all clients together", async () => {
    const scheduler = new FairScheduler(
      limits({ maxInFlight: 1, clientMaxInFlight: 1, clientMaxQueued: 2, maxQueued: 3 }),
    );
    const { log, track } = recorder();
    for (let i = 1; i <= 4; i += 1) void track(`a${i}`, scheduler.acquire("a"));
    await settle();
    expect(log).toEqual(["a1", "a4:client-queue-full"]);
    void track("b1", scheduler.acquire("b"));
    void track("c1", scheduler.acquire("c"));
    await settle();
    expect(log.slice(2)).toEqual(["c1:queue-full"]);
    expect(scheduler.snapshot()).toEqual({ inFlight: 1, queued: 3, clients: 2 });
  });

  test("a waiting request withdrawn by its signal or its deadline frees its place and takes no seat", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 1, clientMaxInFlight: 1 }));
    const { log, track, release } = recorder();
    void track("a1", scheduler.acquire("a"));
    const gone = new AbortController();
    void track("b1", scheduler.acquire("b", { signal: gone.signal }));
    void track("c1", scheduler.acquire("c", { deadline: Date.now() + 20 }));
    void track("d1", scheduler.acquire("d"));
    await settle();
    expect(scheduler.snapshot().queued).toBe(3);
    gone.abort();
    await settle();
    expect(log).toEqual(["a1", "b1:aborted"]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(log).toEqual(["a1", "b1:aborted", "c1:deadline"]);
    // A request that would have to wait with its deadline already past is refused at once.
    await track("e1", scheduler.acquire("e", { deadline: Date.now() - 1 }));
    expect(log.at(-1)).toBe("e1:deadline");
    expect(scheduler.snapshot()).toEqual({ inFlight: 1, queued: 1, clients: 2 });
    release("a1");
    await settle();
    expect(log.at(-1)).toBe("d1");
    release("d1");
    expect(scheduler.snapshot()).toEqual({ inFlight: 0, queued: 0, clients: 0 });
  });

  test("an already aborted request is refused; an abort after admission changes nothing; release is idempotent", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 1 }));
    const aborted = new AbortController();
    aborted.abort();
    expect(await scheduler.acquire("a", { signal: aborted.signal })).toMatchObject({
      admitted: false,
      reason: "aborted",
    });
    const later = new AbortController();
    const first = await scheduler.acquire("a", { signal: later.signal });
    later.abort();
    expect(first.admitted).toBe(true);
    expect(scheduler.snapshot().inFlight).toBe(1);
    const second = scheduler.acquire("b");
    if (first.admitted) {
      first.release();
      first.release();
    }
    expect((await second).admitted).toBe(true);
    expect(scheduler.snapshot()).toEqual({ inFlight: 1, queued: 0, clients: 1 });
  });

  test("work that fails still releases its seat (the caller's finally), so seats never leak", async () => {
    const scheduler = new FairScheduler(limits({ maxInFlight: 2, clientMaxInFlight: 1 }));
    const run = async (client: string, fail: boolean) => {
      const admission = await scheduler.acquire(client);
      if (!admission.admitted) return admission.reason;
      try {
        await settle();
        if (fail) throw new Error("boom");
        return "ok";
      } finally {
        admission.release();
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => run(`c${i % 4}`, i % 3 === 0)));
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(7);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled" && outcome.value === "ok")).toHaveLength(13);
    expect(scheduler.snapshot()).toEqual({ inFlight: 0, queued: 0, clients: 0 });
  });

  test("under random arrivals, releases and aborts: caps hold, no seat idles while an eligible client waits, all ends at zero", async () => {
    const random = mulberry32(17);
    const bounds = limits({ maxInFlight: 4, clientMaxInFlight: 2, clientMaxQueued: 5, maxQueued: 12 });
    const scheduler = new FairScheduler(bounds);
    const clients = ["a", "b", "c", "d", "e"];
    const running = new Map<string, Array<() => void>>();
    const waiting: Array<{ client: string; abort: AbortController; done: boolean }> = [];
    let refused = 0;
    for (let step = 0; step < 2000; step += 1) {
      const roll = random();
      if (roll < 0.5) {
        const client = clients[Math.floor(random() * clients.length)]!;
        const entry = { client, abort: new AbortController(), done: false };
        waiting.push(entry);
        void scheduler.acquire(client, { signal: entry.abort.signal }).then((admission) => {
          entry.done = true;
          if (admission.admitted) running.set(client, [...(running.get(client) ?? []), admission.release]);
          else refused += 1;
        });
      } else if (roll < 0.85) {
        const busy = [...running.entries()].filter(([, releases]) => releases.length > 0);
        if (busy.length > 0) {
          const [client, releases] = busy[Math.floor(random() * busy.length)]!;
          releases.splice(Math.floor(random() * releases.length), 1)[0]!();
          running.set(client, releases);
        }
      } else {
        const pending = waiting.filter((entry) => !entry.done);
        if (pending.length > 0) pending[Math.floor(random() * pending.length)]!.abort.abort();
      }
      await settle();
      const inFlight = [...running.values()].reduce((total, releases) => total + releases.length, 0);
      const snapshot = scheduler.snapshot();
      expect(snapshot.inFlight).toBe(inFlight);
      expect(inFlight).toBeLessThanOrEqual(bounds.maxInFlight);
      for (const releases of running.values()) expect(releases.length).toBeLessThanOrEqual(bounds.clientMaxInFlight);
      expect(snapshot.queued).toBeLessThanOrEqual(bounds.maxQueued);
      // Work-conserving: with a seat free, nobody waits whose client is under its cap.
      const eligibleWaiting = waiting.some(
        (entry) => !entry.done && (running.get(entry.client)?.length ?? 0) < bounds.clientMaxInFlight,
      );
      if (inFlight < bounds.maxInFlight) expect(eligibleWaiting).toBe(false);
    }
    for (const entry of waiting) entry.abort.abort();
    await settle();
    for (const releases of running.values()) for (const release of releases.splice(0)) release();
    await settle();
    expect(refused).toBeGreaterThan(0);
    expect(scheduler.snapshot()).toEqual({ inFlight: 0, queued: 0, clients: 0 });
  });

  test("a client alone may use every seat; once another is present it is held to its cap until that one has been gone presenceMs", async () => {
    let now = 0;
    const scheduler = new FairScheduler(limits({ maxInFlight: 4, clientMaxInFlight: 1, presenceMs: 1000 }), () => now);
    const { log, track, release } = recorder();
    for (let i = 1; i <= 6; i += 1) void track(`a${i}`, scheduler.acquire("a"));
    await settle();
    expect(log).toEqual(["a1", "a2", "a3", "a4"]);
    void track("b1", scheduler.acquire("b"));
    release("a1");
    release("a2");
    await settle();
    // b takes one freed seat; a, holding two and now held to one, takes none though seats are free.
    expect(log.slice(4)).toEqual(["b1"]);
    expect(scheduler.snapshot()).toEqual({ inFlight: 3, queued: 2, clients: 2 });
    release("b1");
    now += 999;
    release("a3");
    await settle();
    expect(log.slice(5)).toEqual([]);
    now += 2;
    release("a4");
    await settle();
    // b left more than presenceMs ago: a is alone again and gets its queued requests in.
    expect(log.slice(5)).toEqual(["a5", "a6"]);
  });

  test("bounds must be positive integers (queues may be 0)", () => {
    expect(() => new FairScheduler(limits({ maxInFlight: 0 }))).toThrow(RangeError);
    expect(() => new FairScheduler(limits({ clientMaxInFlight: 1.5 }))).toThrow(RangeError);
    expect(() => new FairScheduler(limits({ clientMaxQueued: 0, maxQueued: 0, presenceMs: 0 }))).not.toThrow();
    expect(() => new FairScheduler(limits({ presenceMs: -1 }))).toThrow(RangeError);
  });
});

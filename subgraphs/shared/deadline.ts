import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import type { Collection, Db } from "mongodb";
import { DeadlineExceededError } from "./errors";

/**
 * Header carrying a request's remaining budget in milliseconds: the gateway sets it on every subgraph
 * fetch (what is left of its deadline), and a client may send it to the gateway to ask for a shorter
 * deadline than the configured one (never a longer one). Relative, so clocks need not agree.
 */
export const DEADLINE_HEADER = "x-request-deadline-ms";

/** Extra time the gateway waits for a subgraph past the budget it sent, so the subgraph's own typed answer arrives first. */
export const DEADLINE_GRACE_MS = 250;

/** The time by which one request must be done. */
export class Deadline {
  /** Epoch milliseconds at which the budget runs out. */
  readonly at: number;

  constructor(
    readonly budgetMs: number,
    start = Date.now(),
  ) {
    this.at = start + budgetMs;
  }

  remainingMs(): number {
    return this.at - Date.now();
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }

  /** Throws DEADLINE_EXCEEDED once the budget ran out: call it between steps of long work so abandoned work stops. */
  check(): void {
    if (this.expired()) throw new DeadlineExceededError(this.budgetMs);
  }
}

/**
 * The deadline of a request from the configured budget and an optional {@link DEADLINE_HEADER}: the
 * smaller of the two (a malformed or non-positive header is ignored).
 */
export function deadlineFromRequest(request: IncomingMessage, configuredMs: number, start = Date.now()): Deadline {
  const raw = request.headers[DEADLINE_HEADER];
  const asked = Number(Array.isArray(raw) ? raw[0] : raw);
  const budget = Number.isFinite(asked) && asked > 0 ? Math.min(Math.floor(asked), configuredMs) : configuredMs;
  return new Deadline(budget, start);
}

const storage = new AsyncLocalStorage<Deadline | undefined>();

/** Runs `work` (and everything it starts) under `deadline`. */
export function runWithDeadline<T>(deadline: Deadline | undefined, work: () => T): T {
  return storage.run(deadline, work);
}

/** The deadline of the request being served, if any. */
export function currentDeadline(): Deadline | undefined {
  return storage.getStore();
}

/**
 * Runs `work` with no deadline: for writes that must finish once started (a shopper's attributes after
 * their order was stored, an erasure), so the data stays consistent even when the caller gave up.
 */
export function withoutDeadline<T>(work: () => T): T {
  return storage.run(undefined, work);
}

/** Read operations of a collection, with the position of their options argument. */
const READS: Record<string, number> = {
  find: 1,
  findOne: 1,
  aggregate: 1,
  countDocuments: 1,
  distinct: 2,
  estimatedDocumentCount: 0,
};

/**
 * A process-wide view of `db` whose reads obey the current request's deadline: a read started after
 * the deadline throws DEADLINE_EXCEEDED without reaching the database, and one started before gets
 * `maxTimeMS` = the time left, so the server stops it at the deadline (FerretDB v1 honours `maxTimeMS`:
 * measured, a 0.7 s scan cut at 5 ms and 50 ms). Outside a request (background tasks, jobs) it is `db`.
 * Writes are never cut: a write once started finishes. Create it once per process and use it everywhere,
 * since per-database caches are keyed by the `Db` object.
 */
export function deadlineBoundDb(db: Db): Db {
  const collections = new Map<string, Collection>();
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "collection") {
        return (name: string, options?: Parameters<Db["collection"]>[1]) => {
          if (options) return boundCollection(target.collection(name, options));
          let collection = collections.get(name);
          if (!collection) collections.set(name, (collection = boundCollection(target.collection(name))));
          return collection;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function boundCollection<T extends Collection>(collection: T): T {
  return new Proxy(collection, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const optionsAt = typeof property === "string" ? READS[property] : undefined;
      if (optionsAt === undefined) return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const deadline = currentDeadline();
        if (deadline) {
          deadline.check();
          const options = (args[optionsAt] as { maxTimeMS?: number } | undefined) ?? {};
          const left = Math.max(1, Math.ceil(deadline.remainingMs()));
          args[optionsAt] = { ...options, maxTimeMS: Math.min(options.maxTimeMS ?? left, left) };
        }
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

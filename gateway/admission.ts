import { availableParallelism } from "node:os";
import type { Config } from "../core/config";
import { admissionRefused, admissionWaitSeconds, trackAdmission } from "../core/metrics";
import { ErrorCode } from "../subgraphs/shared/errors";
import type { HttpRejection } from "../subgraphs/shared/http-server";
import { FairScheduler, type Refusal, type SchedulerLimits, type SchedulerSnapshot } from "./fair-scheduler";

/** Seats per core when ADMISSION_MAX_IN_FLIGHT is `auto`. */
export const AUTO_SEATS_PER_CORE = 4;

/** Seconds a refused client is told to wait (`Retry-After`): a queue drains within a few request times. */
const RETRY_AFTER_SECONDS = 1;

/** A started admission controller (see {@link createAdmissionControl}). */
export interface AdmissionControl {
  /** The bounds in force; null when admission control is off (ADMISSION_MAX_IN_FLIGHT=0). */
  readonly limits: SchedulerLimits | null;
  /**
   * Waits for a seat for a request of `client`: resolves with `release`, to call once the request's
   * work has ended, or with the HTTP 429 to send. `deadline` (epoch ms) bounds the wait; `signal` aborts
   * it when the client goes away.
   */
  admit(
    client: string,
    options: { deadline?: number; signal?: AbortSignal },
  ): Promise<HttpRejection | { release(): void }>;
  /** Requests in flight and waiting now. */
  snapshot(): SchedulerSnapshot;
  /** Stops reporting this controller's counts in the metrics. */
  close(): void;
}

/**
 * The admission bounds from configuration: ADMISSION_MAX_IN_FLIGHT (`auto`: {@link AUTO_SEATS_PER_CORE}
 * per core: requests spend much of their time waiting for subgraphs and the database, so a few a core
 * keep the cores busy), ADMISSION_CLIENT_MAX_IN_FLIGHT (`auto`: half the cores, at least 1, so that while
 * others are present one client keeps at most half the machine busy), the two queue bounds and
 * ADMISSION_PRESENCE_MS. Null when ADMISSION_MAX_IN_FLIGHT is 0 (off).
 */
export function admissionLimits(
  config: Pick<
    Config,
    | "ADMISSION_MAX_IN_FLIGHT"
    | "ADMISSION_CLIENT_MAX_IN_FLIGHT"
    | "ADMISSION_CLIENT_MAX_QUEUED"
    | "ADMISSION_MAX_QUEUED"
    | "ADMISSION_PRESENCE_MS"
  >,
  cores: number = availableParallelism(),
): SchedulerLimits | null {
  const maxInFlight =
    config.ADMISSION_MAX_IN_FLIGHT === "auto"
      ? AUTO_SEATS_PER_CORE * Math.max(1, cores)
      : config.ADMISSION_MAX_IN_FLIGHT;
  if (maxInFlight === 0) return null;
  const clientMaxInFlight = Math.min(
    config.ADMISSION_CLIENT_MAX_IN_FLIGHT === "auto"
      ? Math.max(1, Math.floor(cores / 2))
      : config.ADMISSION_CLIENT_MAX_IN_FLIGHT,
    maxInFlight,
  );
  return {
    maxInFlight,
    clientMaxInFlight,
    clientMaxQueued: config.ADMISSION_CLIENT_MAX_QUEUED,
    maxQueued: config.ADMISSION_MAX_QUEUED,
    presenceMs: config.ADMISSION_PRESENCE_MS,
  };
}

/**
 * Admission control of the gateway: every GraphQL request waits for a seat of a {@link FairScheduler}
 * before its body is read, so one client (a token subject, or an anonymous address) holds at most its
 * share of the requests in flight while others are present, and a client with nothing in flight is
 * admitted ahead of a flooding one. A request refused (its client's queue full, the whole queue full, its deadline passed while it
 * waited) gets HTTP 429 with `Retry-After` and `extensions.code: OVERLOADED`, before any work.
 */
export function createAdmissionControl(config: Parameters<typeof admissionLimits>[0]): AdmissionControl {
  const limits = admissionLimits(config);
  const scheduler = limits ? new FairScheduler(limits) : null;
  const untrack = scheduler ? trackAdmission(() => scheduler.snapshot()) : () => undefined;
  return {
    limits,
    async admit(client, options) {
      if (!scheduler) return { release: () => undefined };
      const admission = await scheduler.acquire(client, options);
      if (admission.admitted) {
        admissionWaitSeconds.observe(admission.waitedMs / 1000);
        return admission;
      }
      admissionRefused.inc({ reason: admission.reason });
      return overloaded(admission.reason, limits!);
    },
    snapshot: () => scheduler?.snapshot() ?? { inFlight: 0, queued: 0, clients: 0 },
    close: () => void untrack(),
  };
}

function overloaded(reason: Refusal, limits: SchedulerLimits): HttpRejection {
  const messages: Record<Refusal, string> = {
    "client-queue-full": `Too many requests in flight: this client already has ${limits.clientMaxInFlight} running and ${limits.clientMaxQueued} waiting`,
    "queue-full": `The gateway is overloaded: ${limits.maxQueued} requests are waiting`,
    deadline: "The request's deadline passed while it waited for admission",
    aborted: "The client went away while its request waited for admission",
  };
  return {
    status: 429,
    headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
    errors: [
      {
        message: `${messages[reason]}; retry after ${RETRY_AFTER_SECONDS} s`,
        extensions: { code: ErrorCode.OVERLOADED, reason, retryAfterSeconds: RETRY_AFTER_SECONDS },
      },
    ],
  };
}

import { SingleBar } from "cli-progress";

/** A progress reporter for long jobs (import, seed, train, index, eval). */
export interface Progress {
  /** Advance by `n` units (default 1). */
  tick(n?: number): void;
  /** Set the absolute count done. */
  update(done: number): void;
  /** Stop the bar; later output starts on a clean line. */
  stop(): void;
}

/** Where and how often {@link startProgress} writes (tests pass a stream of their own). */
export interface ProgressOutput {
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Off a TTY: at most one line per this many ms (default 2000). */
  everyMs?: number;
}

/** The bar's value is fed at most this often, so its ETA window spans seconds, not the last few ticks. */
const FEED_EVERY_MS = 500;
/** Feeds the ETA averages over: at one per {@link FEED_EVERY_MS}, about the last 30 seconds. */
const ETA_FEEDS = 60;

/**
 * Starts a progress bar on stderr for `total` units of `label`. On a TTY it redraws in place; elsewhere
 * (CI, pipes) it prints one line at most every 2 seconds, so logs stay readable, also from a loop that
 * never yields to the event loop (model training): each tick checks the clock. Set PROGRESS=off to silence.
 * A total of 0 means unknown (counting it would cost a scan on FerretDB): the line shows the count and
 * the time so far instead of a bar. The ETA comes from the rate over about the last 30 seconds, so
 * bursts (a batch generated, then written) do not make it swing between seconds and half an hour.
 */
export function startProgress(label: string, total: number, output: ProgressOutput = {}): Progress {
  if (process.env.PROGRESS === "off") return { tick() {}, update() {}, stop() {} };
  const stream = output.stream ?? process.stderr;
  const everyMs = output.everyMs ?? 2000;
  const feedEveryMs = Math.min(FEED_EVERY_MS, everyMs);
  const bar = new SingleBar({
    format:
      total > 0
        ? `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`
        : `${label} {value} so far, {duration_formatted}`,
    stream,
    noTTYOutput: true,
    notTTYSchedule: everyMs,
    hideCursor: true,
    barsize: 30,
    etaBuffer: ETA_FEEDS,
  });
  bar.start(Math.max(total, 1), 0);
  // On a TTY cli-progress redraws from update(); off one it only draws from a timer, which a synchronous loop starves.
  const drawsItself = stream.isTTY === true;
  let lastDrawn = Date.now();
  let lastFed = Date.now();
  let done = 0;
  const advance = (): void => {
    const now = Date.now();
    if (now - lastFed < feedEveryMs) return;
    lastFed = now;
    bar.update(done);
    if (drawsItself || now - lastDrawn < everyMs) return;
    lastDrawn = now;
    bar.render();
  };
  return {
    tick(n = 1) {
      done += n;
      advance();
    },
    update(value: number) {
      done = value;
      advance();
    },
    stop() {
      bar.update(done);
      bar.stop();
    },
  };
}

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

/**
 * Starts a progress bar on stderr for `total` units of `label`. On a TTY it redraws in place; elsewhere
 * (CI, pipes) it prints one line at most every 2 seconds, so logs stay readable. Set PROGRESS=off to silence.
 * A total of 0 means unknown (counting it would cost a scan on FerretDB): the line shows the count and
 * the time so far instead of a bar.
 */
export function startProgress(label: string, total: number): Progress {
  if (process.env.PROGRESS === "off") return { tick() {}, update() {}, stop() {} };
  const bar = new SingleBar({
    format: total > 0 ? `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}` : `${label} {value} so far, {duration_formatted}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    hideCursor: true,
    barsize: 30,
  });
  bar.start(Math.max(total, 1), 0);
  let done = 0;
  return {
    tick(n = 1) {
      done += n;
      bar.update(done);
    },
    update(value: number) {
      done = value;
      bar.update(done);
    },
    stop() {
      bar.update(done);
      bar.stop();
    },
  };
}

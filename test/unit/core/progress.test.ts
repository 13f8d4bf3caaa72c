import { Writable } from "node:stream";
import { startProgress } from "../../../core/progress";

function collector(): { stream: Writable & { isTTY: boolean }; text: () => string } {
  let text = "";
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    }),
    { isTTY: false },
  );
  return { stream, text: () => text };
}

test("off a TTY, a loop that never yields to the event loop still prints its progress about every interval", () => {
  const out = collector();
  const progress = startProgress("training", 1_000_000, { stream: out.stream, everyMs: 50 });
  const started = Date.now();
  let done = 0;
  while (Date.now() - started < 260) progress.update(++done);
  const linesBeforeStop = out
    .text()
    .split("\n")
    .filter((line) => line.includes("training [")).length;
  progress.stop();
  expect(linesBeforeStop).toBeGreaterThanOrEqual(3);
  expect(linesBeforeStop).toBeLessThanOrEqual(7);
  expect(out.text()).toContain(`${done}/1000000`);
});

/** Seconds in cli-progress's eta_formatted ("45s", "16m20s", "2h5m"). */
function etaSeconds(line: string): number {
  const eta = /eta (\S+)/.exec(line)?.[1] ?? "";
  const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(eta)?.[1] ?? 0);
  return part("h") * 3600 + part("m") * 60 + part("s");
}

test("the ETA follows the rate over the last seconds, not over the last few ticks of a burst", () => {
  jest.useFakeTimers({ now: 0 });
  try {
    const out = collector();
    const progress = startProgress("seeding", 100_000, { stream: out.stream, everyMs: 1000 });
    // 100 items a second, in bursts: 100 ticks 1 ms apart, then a 900 ms pause (a batch being written).
    for (let second = 0; second < 40; second += 1) {
      for (let tick = 0; tick < 100; tick += 1) {
        jest.advanceTimersByTime(1);
        progress.tick();
      }
      jest.advanceTimersByTime(900);
    }
    const lines = out
      .text()
      .split("\n")
      .filter((line) => line.includes("seeding ["));
    progress.stop();
    // 96,000 items left at 100 a second: 960 s. Within a burst the ticks alone would say about 96 s.
    const late = lines.slice(-10).map(etaSeconds);
    expect(late.length).toBeGreaterThanOrEqual(5);
    for (const seconds of late) {
      expect(seconds).toBeGreaterThan(960 * 0.8);
      expect(seconds).toBeLessThan(960 * 1.25);
    }
  } finally {
    jest.useRealTimers();
  }
});

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
  const linesBeforeStop = out.text().split("\n").filter((line) => line.includes("training [")).length;
  progress.stop();
  expect(linesBeforeStop).toBeGreaterThanOrEqual(3);
  expect(linesBeforeStop).toBeLessThanOrEqual(7);
  expect(out.text()).toContain(`${done}/1000000`);
});

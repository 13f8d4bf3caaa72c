import type { Logger } from "../../../core/logger";
import { DroppedContributions } from "../../../subgraphs/personalization/pipeline/dropped-contributions";

/** A logger that records warn lines (the summary) and ignores the rest. */
function recordingLogger(): { logger: Logger; warnings: Array<{ fields: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const ignore = () => undefined;
  const logger = {
    warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
    debug: ignore,
    info: ignore,
    error: ignore,
  } as unknown as Logger;
  return { logger, warnings };
}

test("drops are counted per plugin and step; the log gets one summary line per interval, not one per drop", () => {
  jest.useFakeTimers();
  try {
    let clock = 0;
    const drops = new DroppedContributions(60_000, () => clock);
    const { logger, warnings } = recordingLogger();
    drops.record(logger, { plugin: "generated_collections", step: "retrieve", status: "timeout", ms: 151 });
    expect(warnings).toHaveLength(1); // the first drop is logged at once
    for (let i = 0; i < 500; i += 1) {
      clock += 10;
      drops.record(logger, { plugin: "generated_collections", step: "retrieve", status: "timeout", ms: 160 + (i % 7) });
      drops.record(logger, { plugin: "novelty", step: "score", status: "error", ms: 3, err: new Error("boom") });
    }
    expect(warnings).toHaveLength(1); // 1000 more drops within the interval: no new line yet
    clock = 60_000;
    jest.advanceTimersByTime(60_000);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]!.message).toBe("plugin contributions dropped");
    expect(warnings[1]!.fields.total).toBe(1000);
    expect(warnings[1]!.fields.drops).toEqual(
      expect.arrayContaining([
        { plugin: "generated_collections", step: "retrieve", status: "timeout", count: 500, maxMs: 166 },
        { plugin: "novelty", step: "score", status: "error", count: 500, maxMs: 3 },
      ]),
    );
    expect(drops.snapshot()).toEqual({
      generated_collections: { "retrieve.timeout": 501 },
      novelty: { "score.error": 500 },
    });
    // A quiet interval logs nothing.
    clock = 200_000;
    jest.advanceTimersByTime(200_000);
    expect(warnings).toHaveLength(2);
  } finally {
    jest.useRealTimers();
  }
});

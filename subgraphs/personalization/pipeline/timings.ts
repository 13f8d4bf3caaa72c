import { pipelineStepSeconds } from "../../../core/metrics";
import { inSpan } from "../../../core/tracing";

/**
 * Per-step latency of one request, in ms, in the order steps ran (a step run twice accumulates). With
 * tracing on, each timed step is also a span `pipeline <step>` (attribute `pipeline.step`), so the work
 * inside it (plugin calls, database commands, LLM calls) nests under it.
 */
export class Timings {
  readonly steps: Record<string, number> = {};

  /** Runs `fn` and adds its duration under `step`. */
  async time<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await inSpan(`pipeline ${step}`, { "pipeline.step": step }, fn);
    } finally {
      const ms = performance.now() - started;
      this.steps[step] = Math.round(((this.steps[step] ?? 0) + ms) * 100) / 100;
      pipelineStepSeconds.observe({ step }, ms / 1000);
    }
  }
}

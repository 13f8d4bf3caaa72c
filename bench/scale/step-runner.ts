import { spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { isEmbeddedDatabase, processTree } from "./process-tree";

/** One step of a benchmark pipeline: a command run as a child process. */
export interface StepSpec {
  name: string;
  /** Executable and arguments. */
  command: string[];
  /** Steps that must have succeeded first; otherwise this one is skipped. */
  dependsOn: string[];
}

/** What one step did. Memory is of the step's process tree, sampled every `pollMs`. */
export interface StepResult {
  name: string;
  ok: boolean;
  /** True when not run because a step it depends on failed or was skipped. */
  skipped?: boolean;
  /** Wall time; null when skipped. */
  seconds: number | null;
  /**
   * Peak resident memory of the step's processes except the embedded database, MB: the larger of the
   * peak sampled sum of VmRSS and the largest single-process VmHWM (which catches spikes between samples).
   */
  peakRssMb: number | null;
  /** Peak VmHWM of the embedded database process(es) the step started; absent when it started none. */
  databasePeakRssMb?: number;
  /** Last lines the step printed on stdout (its summary). */
  summary: string;
  /** Why it failed or was skipped. */
  error?: string;
}

/** Where and how steps run. */
export interface StepRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Folder for `<step>.log` files with the full stdout and stderr; none when omitted. */
  logDir?: string;
  /** Sampling interval of the process tree (default 250 ms). */
  pollMs?: number;
  /** Which processes count as the database (default: FerretDB or mongod). */
  isDatabase?: (argv: readonly string[]) => boolean;
  /** Echo the children's stderr (progress bars) to this stream. */
  echoStderr?: NodeJS.WritableStream;
  onStart?: (step: StepSpec, index: number, total: number) => void;
  onEnd?: (result: StepResult) => void;
}

const TAIL_CHARS = 16_384;

function tailLines(text: string, count: number, maxChars: number): string {
  const lines = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const joined = lines.slice(-count).join(" | ");
  return joined.length > maxChars ? `…${joined.slice(-maxChars)}` : joined;
}

function megabytes(kb: number): number {
  return Math.round(kb / 1024);
}

/** Runs one step to completion, sampling its process tree's memory. Never throws for a failing command. */
export function runStep(step: StepSpec, options: StepRunOptions): Promise<StepResult> {
  const isDatabase = options.isDatabase ?? isEmbeddedDatabase;
  const started = performance.now();
  return new Promise((resolveResult) => {
    let stdoutTail = "";
    let stderrTail = "";
    let log: WriteStream | undefined;
    if (options.logDir) log = createWriteStream(join(options.logDir, `${step.name}.log`));
    log?.write(`$ ${step.command.join(" ")}\n`);
    const child = spawn(step.command[0]!, step.command.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      stdoutTail = (stdoutTail + chunk.toString("utf8")).slice(-TAIL_CHARS);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      options.echoStderr?.write(chunk);
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-TAIL_CHARS);
    });

    let peakSumKb = 0;
    const peakHwmKb = new Map<number, number>();
    const databaseHwmKb = new Map<number, number>();
    const sample = (): void => {
      if (child.pid === undefined) return;
      let sumKb = 0;
      for (const process of processTree(child.pid)) {
        if (isDatabase(process.argv))
          databaseHwmKb.set(process.pid, Math.max(databaseHwmKb.get(process.pid) ?? 0, process.hwmKb));
        else {
          sumKb += process.rssKb;
          peakHwmKb.set(process.pid, Math.max(peakHwmKb.get(process.pid) ?? 0, process.hwmKb));
        }
      }
      peakSumKb = Math.max(peakSumKb, sumKb);
    };
    sample();
    const timer = setInterval(sample, options.pollMs ?? 250);

    let spawnError: Error | undefined;
    child.on("error", (error) => {
      spawnError = error;
    });
    child.on("close", (code, signal) => {
      clearInterval(timer);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const peakKb = Math.max(peakSumKb, ...peakHwmKb.values(), 0);
      const ok = spawnError === undefined && code === 0;
      const result: StepResult = {
        name: step.name,
        ok,
        seconds,
        peakRssMb: peakKb > 0 ? megabytes(peakKb) : null,
        ...(databaseHwmKb.size > 0
          ? { databasePeakRssMb: megabytes([...databaseHwmKb.values()].reduce((sum, kb) => sum + kb, 0)) }
          : {}),
        summary: tailLines(stdoutTail, 2, 600),
      };
      if (!ok) {
        const cause = spawnError ? spawnError.message : signal ? `killed by ${signal}` : `exit code ${code}`;
        const stderr = tailLines(stderrTail, 4, 800);
        result.error = stderr ? `${cause}: ${stderr}` : cause;
      }
      const finish = (): void => resolveResult(result);
      if (log) log.end(finish);
      else finish();
    });
  });
}

/**
 * Runs the steps in order. A step whose dependency did not succeed is recorded as skipped (ok false)
 * without running; a failing step does not stop independent later steps.
 */
export async function runSteps(steps: readonly StepSpec[], options: StepRunOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const succeeded = new Set<string>();
  for (const [index, step] of steps.entries()) {
    const unknown = step.dependsOn.filter((name) => !steps.slice(0, index).some((earlier) => earlier.name === name));
    if (unknown.length > 0)
      throw new Error(`step ${step.name} depends on ${unknown.join(", ")}, which do not run before it`);
    const missing = step.dependsOn.filter((name) => !succeeded.has(name));
    let result: StepResult;
    if (missing.length > 0) {
      result = {
        name: step.name,
        ok: false,
        skipped: true,
        seconds: null,
        peakRssMb: null,
        summary: "",
        error: `skipped: ${missing.join(", ")} did not succeed`,
      };
    } else {
      options.onStart?.(step, index, steps.length);
      result = await runStep(step, options);
      if (result.ok) succeeded.add(step.name);
    }
    options.onEnd?.(result);
    results.push(result);
  }
  return results;
}

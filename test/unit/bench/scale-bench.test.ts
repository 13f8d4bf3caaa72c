import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  main,
  parseScaleBenchArguments,
  prepareDataDir,
  stepEnvironment,
  withoutSkipped,
} from "../../../bench/scale.bench";
import { scaleSteps } from "../../../bench/scale/scale-steps";
import { npmScriptCommand } from "../../../core/npm-script";
import { runSteps, type StepSpec } from "../../../bench/scale/step-runner";
import { projectRoot } from "../../../core/paths";
import { UsageError } from "../../../core/cli-args";

const node = process.execPath;
/** A fake step: node running `script`. */
const fake = (name: string, script: string, dependsOn: string[] = []): StepSpec => ({
  name,
  command: [node, "-e", script],
  dependsOn,
});

describe("parseScaleBenchArguments", () => {
  it("defaults to tiny in var/scale-tiny and accepts every scale, --out and --data-dir", () => {
    expect(parseScaleBenchArguments([])).toEqual({
      scale: "tiny",
      out: null,
      dataDir: resolve(projectRoot, "var", "scale-tiny"),
      skip: [],
    });
    expect(parseScaleBenchArguments(["--scale", "large", "--out", "r.json"])).toEqual({
      scale: "large",
      out: "r.json",
      dataDir: resolve(projectRoot, "var", "scale-large"),
      skip: [],
    });
    expect(parseScaleBenchArguments(["--skip", "seed,train ranker"]).skip).toEqual(["seed", "train ranker"]);
    expect(parseScaleBenchArguments(["--data-dir", "/tmp/x"]).dataDir).toBe("/tmp/x");
  });

  it("names bad arguments", () => {
    expect(() => parseScaleBenchArguments(["--scale", "huge"])).toThrow(
      /--scale must be one of tiny, small, medium, large \(got "huge"\)/,
    );
    expect(() => parseScaleBenchArguments(["--out", "r.txt"])).toThrow(/--out needs a FILE.json path/);
    expect(() => parseScaleBenchArguments(["--scale"])).toThrow(/--scale needs a value/);
    expect(() => parseScaleBenchArguments(["--bogus", "1"])).toThrow(UsageError);
    expect(() => parseScaleBenchArguments(["--data-dir", "var"])).toThrow(/folder of its own/);
    expect(() => parseScaleBenchArguments(["--skip", "seed,sed"])).toThrow(/--skip names unknown steps "sed"/);
  });

  it("--skip leaves the steps out and counts their dependents' dependencies as met", () => {
    const steps = withoutSkipped(scaleSteps(projectRoot, "tiny"), ["seed", "train ranker"]);
    expect(steps.map((step) => step.name)).not.toContain("seed");
    expect(steps.find((step) => step.name === "deals")!.dependsOn).toEqual([]);
    expect(steps.find((step) => step.name === "index")!.dependsOn).toEqual(["train text-encoder", "train two-tower"]);
  });
});

describe("prepareDataDir and stepEnvironment", () => {
  it("refuses a non-empty folder it did not make, and empties one it made", () => {
    const foreign = mkdtempSync(join(tmpdir(), "scale-foreign-"));
    writeFileSync(join(foreign, "precious.txt"), "keep");
    expect(() => prepareDataDir(foreign)).toThrow(/not made by this benchmark/);
    expect(existsSync(join(foreign, "precious.txt"))).toBe(true);

    const own = join(mkdtempSync(join(tmpdir(), "scale-own-")), "data");
    prepareDataDir(own);
    writeFileSync(join(own, "old-run.sqlite"), "x");
    prepareDataDir(own);
    expect(existsSync(join(own, "old-run.sqlite"))).toBe(false);
    expect(existsSync(join(own, "logs"))).toBe(true);
  });

  it("points children at the private DATA_DIR and never at a shared MONGODB_URI", () => {
    const env = stepEnvironment("/tmp/d", "small", { MONGODB_URI: "mongodb://shared", PATH: "/bin" });
    expect(env).toEqual({ DATA_DIR: "/tmp/d", PATH: "/bin" });
    expect(stepEnvironment("/tmp/d", "large", { FERRETDB_BACKEND: "postgresql" }).MONGODB_DATABASE).toBe("scale_large");
  });
});

describe("scaleSteps", () => {
  it("runs the npm scripts' node commands in dependency order", () => {
    expect(npmScriptCommand(projectRoot, "jobs", "NODE")).toEqual([
      "NODE",
      "-r",
      "@swc-node/register",
      "jobs/command.ts",
      "jobs",
      ".job",
    ]);
    const steps = scaleSteps(projectRoot, "small", "NODE");
    expect(steps.map((step) => step.name)).toEqual([
      "seed",
      "attributes",
      "co-purchase",
      "knowledge-graph",
      "train ranker",
      "deals",
      "train text-encoder",
      "train two-tower",
      "index",
    ]);
    expect(steps[0]!.command.slice(-4)).toEqual(["seed", "--scale", "small", "--reset"]);
    expect(steps.find((step) => step.name === "train two-tower")!.command.slice(3)).toEqual([
      "jobs/command.ts",
      "jobs/train",
      ".train",
      "two-tower",
    ]);
    for (const [index, step] of steps.entries())
      for (const dependency of step.dependsOn) expect(steps.slice(0, index).map((s) => s.name)).toContain(dependency);
  });
});

describe("runSteps", () => {
  it("records time, summary and the tree's peak RSS, the database process separately", async () => {
    // The step allocates ~120 MB itself and starts a "database" child holding ~250 MB.
    const database = `const b = Buffer.alloc(250 * 2 ** 20, 1); setTimeout(() => b.length, 1500);`;
    const step = fake(
      "alloc",
      `const { spawnSync } = require("node:child_process");
       const mine = Buffer.alloc(120 * 2 ** 20, 1);
       spawnSync(process.execPath, ["-e", ${JSON.stringify(database)}, "fake-database"], { stdio: "inherit" });
       console.log("progress line"); console.log("allocated " + mine.length);`,
    );
    const [result] = await runSteps([step], {
      cwd: projectRoot,
      env: process.env,
      pollMs: 100,
      isDatabase: (argv) => argv.includes("fake-database"),
    });
    expect(result).toMatchObject({ name: "alloc", ok: true, summary: "progress line | allocated 125829120" });
    expect(result!.seconds).toBeGreaterThanOrEqual(1.5);
    expect(result!.databasePeakRssMb).toBeGreaterThanOrEqual(250);
    expect(result!.peakRssMb).toBeGreaterThanOrEqual(120);
    expect(result!.peakRssMb).toBeLessThan(250 + 120); // the database is not counted in the step
  });

  it("records a failing step with its error and skips only the steps that depend on it", async () => {
    const logDir = mkdtempSync(join(tmpdir(), "scale-logs-"));
    const results = await runSteps(
      [
        fake("first", `console.log("first done")`),
        fake("broken", `console.error("boom: no products"); process.exit(3)`, ["first"]),
        fake("after-broken", `console.log("must not run")`, ["broken"]),
        fake("transitive", `console.log("must not run")`, ["after-broken"]),
        fake("independent", `console.log("still runs")`, ["first"]),
      ],
      { cwd: projectRoot, env: process.env, logDir },
    );
    expect(results.map((r) => [r.name, r.ok, r.skipped ?? false])).toEqual([
      ["first", true, false],
      ["broken", false, false],
      ["after-broken", false, true],
      ["transitive", false, true],
      ["independent", true, false],
    ]);
    expect(results[1]!.error).toBe("exit code 3: boom: no products");
    expect(results[2]).toMatchObject({ seconds: null, peakRssMb: null, error: "skipped: broken did not succeed" });
    expect(readFileSync(join(logDir, "broken.log"), "utf8")).toContain("boom: no products");
  });

  it("reports a command that cannot start, and refuses a dependency that does not run first", async () => {
    const [missing] = await runSteps([{ name: "missing", command: ["/nonexistent/binary"], dependsOn: [] }], {
      cwd: projectRoot,
      env: process.env,
    });
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining("ENOENT") });
    await expect(
      runSteps([fake("a", "", ["b"]), fake("b", "")], { cwd: projectRoot, env: process.env }),
    ).rejects.toThrow(/a depends on b, which do not run before it/);
  });
});

describe("main", () => {
  it("writes the JSON result of fake steps on a fresh private folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scale-main-"));
    const dataDir = join(dir, "data");
    mkdirSync(dataDir);
    const out = join(dir, "result.json");
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const writeErr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await main(
        ["--scale", "small", "--data-dir", dataDir, "--out", out],
        [
          fake("env", `console.log("data " + process.env.DATA_DIR)`),
          fake("fails", "process.exit(1)"),
          fake("dependent", "", ["fails"]),
        ],
      );
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
    }
    const result = JSON.parse(readFileSync(out, "utf8"));
    expect(result).toMatchObject({ scale: "small", dataDir, machine: { node: process.version } });
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.memoryGiB).toBeGreaterThan(0);
    expect(result.steps.map((s: { name: string; ok: boolean }) => [s.name, s.ok])).toEqual([
      ["env", true],
      ["fails", false],
      ["dependent", false],
    ]);
    expect(result.steps[0].summary).toBe(`data ${dataDir}`);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});

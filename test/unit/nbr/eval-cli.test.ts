import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../../../core/cli-args";
import { parseNbrArgs } from "../../../jobs/eval/nbr-args.parser";
import { FIXTURES } from "./nbr-test-helpers";

const ROOT = resolve(__dirname, "..", "..", "..");
const TAFENG = join(FIXTURES, "tafeng-clean");

function runCli(args: string[]) {
  return spawnSync(process.execPath, ["-r", "@swc-node/register", "jobs/eval.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PROGRESS: "off" },
  });
}

describe("parseNbrArgs", () => {
  const ok = ["--format", "tafeng", "--data", TAFENG, "--out", "/tmp/x.json"];

  it("applies defaults", () => {
    const args = parseNbrArgs(ok);
    expect(args.ks).toEqual([10, 20]);
    expect(args.methods).toEqual([
      "g-topfreq",
      "p-topfreq",
      "gp-topfreq",
      "item-knn",
      "tifu-knn",
      "g-topfreq-explore",
      "recent-topfreq-explore",
      "discovery",
    ]);
    expect(args.split).toBe("test");
  });

  it("parses --split validation and refuses other splits", () => {
    expect(parseNbrArgs([...ok, "--split", "validation"]).split).toBe("validation");
    expect(() => parseNbrArgs([...ok, "--split", "train"])).toThrow(
      /--split must be one of test, validation \(got "train"\)/,
    );
  });

  it("parses --methods and --k", () => {
    const args = parseNbrArgs([...ok, "--methods", "p-topfreq,g-topfreq", "--k", "20,5"]);
    expect(args.methods).toEqual(["p-topfreq", "g-topfreq"]);
    expect(args.ks).toEqual([5, 20]);
  });

  it.each([
    [["--data", TAFENG, "--out", "/tmp/x.json"], /missing --format/],
    [["--format", "csv", "--data", TAFENG, "--out", "/tmp/x.json"], /--format must be one of .* \(got "csv"\)/],
    [["--format", "instacart", "--data", TAFENG, "--out", "/tmp/x.json"], /lacks orders\.csv/],
    [["--format", "completejourney", "--data", TAFENG, "--out", "/tmp/x.json"], /lacks transactions_sample\.csv/],
    [["--format", "tafeng", "--data", "/nonexistent", "--out", "/tmp/x.json"], /is not a folder/],
    [["--format", "tafeng", "--data", TAFENG, "--out", "/tmp/x.txt"], /--out needs a FILE\.json path/],
    [[...ok, "--methods", "discovery,nope"], /--methods: unknown "nope"/],
    [[...ok, "--k", "10,zero"], /--k needs whole numbers 1–9999, comma-separated \(got "10,zero"\)/],
    [[...ok, "--bogus"], /bogus/],
    [[...ok, "extra"], /unexpected argument "extra"/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseNbrArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseNbrArgs(argv as string[])).toThrow(message as RegExp);
  });
});

describe("eval CLI", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "nbr-eval-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("exits 2 with the problem and the usage on bad arguments", () => {
    const result = runCli(["nbr", "--format", "tafeng", "--data", TAFENG]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^eval: missing --out\nusage: npm run eval -- nbr --format tafeng\|instacart\|completejourney/,
    );
    expect(runCli(["bench"]).status).toBe(2);
  });

  it("evaluates a fixture end to end and writes JSON, markdown and charts", () => {
    const json = join(out, "report.json");
    const result = runCli([
      "nbr",
      "--format",
      "tafeng",
      "--data",
      TAFENG,
      "--out",
      json,
      "--methods",
      "g-topfreq,gp-topfreq",
      "--k",
      "2",
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report).toMatchObject({ dataset: "tafeng", split: "test", users: 3 });
    expect(report.results.map((row: { method: string; k: number }) => [row.method, row.k])).toEqual([
      ["g-topfreq", 2],
      ["gp-topfreq", 2],
    ]);
    expect(report.results[0].recall).toBeCloseTo(0.5, 12);
    expect(Object.keys(report.results[0]).sort()).toEqual([
      "exploreRecall",
      "k",
      "method",
      "ndcg",
      "phr",
      "recall",
      "repeatRecall",
    ]);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("| g-topfreq  |   2 | 0.5000 |");
    for (const chart of ["recall", "ndcg", "phr"]) {
      const png = join(out, `report-${chart}.png`);
      expect(existsSync(png)).toBe(true);
      expect(readFileSync(png).subarray(1, 4).toString("latin1")).toBe("PNG");
    }
    expect(result.stdout).toContain("g-topfreq   2  0.5000");
  });
});

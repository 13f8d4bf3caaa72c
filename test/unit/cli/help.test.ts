import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "../../../jobs/command";
import { projectRoot } from "../../../core/paths";

/** Every folder the dispatcher runs commands from, with its file suffix and npm script. A usage names its command (`npm run seed` and `node --expose-gc …` are its own scripts for two of them). */
const FOLDERS = [
  { folder: "jobs", suffix: ".job.ts", script: "jobs" },
  { folder: "jobs/train", suffix: ".train.ts", script: "train" },
  { folder: "jobs/import", suffix: ".importer.ts", script: "import" },
  { folder: "bench", suffix: ".bench.ts", script: "bench" },
];

test.each(FOLDERS)(
  "every $script command exports its command line for --help",
  async ({ folder, suffix, script }) => {
    const names = readdirSync(join(projectRoot, folder)).filter((file) => file.endsWith(suffix));
    expect(names.length).toBeGreaterThan(0);
    for (const file of names) {
      const module = (await import(join(projectRoot, folder, file))) as CommandModule;
      const name = file.slice(0, -suffix.length);
      expect({ file, usage: module.USAGE }).toEqual({
        file,
        usage: expect.stringMatching(new RegExp(`^(npm run ${script} -- |npm run |node ).*\\b${name}\\b`)),
      });
    }
  },
  60000,
);

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["-r", "@swc-node/register", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("--help prints the usage and exits 0 without running the command; a missing command lists them", () => {
  const help = run(["jobs/command.ts", "jobs", ".job", "attributes", "--help"]);
  expect(help).toEqual({
    status: 0,
    stdout: expect.stringMatching(/^usage: npm run jobs -- attributes \[--batch USERS\]/),
    stderr: "",
  });
  const list = run(["jobs/command.ts", "jobs/train", ".train", "--help"]);
  expect(list.status).toBe(0);
  expect(list.stdout).toContain("commands: ranker, text-encoder, two-tower");
  const missing = run(["jobs/command.ts", "jobs", ".job"]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain("missing command");
  const evalHelp = run(["jobs/eval.ts", "nbr", "--help"]);
  expect(evalHelp).toEqual({
    status: 0,
    stdout: expect.stringContaining("--format tafeng|instacart|completejourney"),
    stderr: "",
  });
  const token = run(["bin/token.ts", "--help"]);
  expect(token).toEqual({ status: 0, stdout: expect.stringContaining("npm run token -- [--user ID]"), stderr: "" });
  const compose = run(["jobs/compose.ts", "--unknown"]);
  expect(compose.status).toBe(2);
  expect(compose.stderr).toContain('unknown option "--unknown"');
}, 60000);

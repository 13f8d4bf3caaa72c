import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCommand, UsageError } from "../../../core/cli-args";

const folder = mkdtempSync(join(tmpdir(), "cli-args-"));
const file = join(folder, "a.txt");
writeFileSync(file, "x");

const ARGS = defineCommand({
  command: "npm run jobs -- example",
  summary: "An example.",
  options: {
    count: { type: "int", min: 1, max: 10, default: 3, help: "how many" },
    ratio: { type: "number", min: 0, exclusiveMin: true, help: "a positive ratio" },
    mode: { type: "string", choices: ["a", "b"], default: "a", help: "which mode" },
    name: { type: "string", required: true, help: "a name" },
    methods: { type: "list", choices: ["x", "y", "z"], default: ["x"], help: "methods" },
    data: { type: "string", exists: "folder", value: "DIR", help: "a folder" },
    input: { type: "string", exists: "file", value: "FILE", help: "a file" },
    dry: { type: "boolean", help: "do nothing" },
  },
});

const message = (argv: string[]): string => {
  try {
    ARGS.parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).usage).toBe(ARGS.usage);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
};

describe("defineCommand", () => {
  test("fills defaults and converts values", () => {
    const args = ARGS.parse(["--name", "n", "--ratio", "0.5", "--methods", "y, z", "--dry", "--data", folder]);
    expect(args).toMatchObject({ count: 3, ratio: 0.5, mode: "a", name: "n", methods: ["y", "z"], dry: true });
    expect(args.data).toBe(folder);
    expect(args.input).toBeUndefined();
    expect(ARGS.parse(["--name=n", "--count=10", "--input", file]).count).toBe(10);
  });

  test("refuses unknown options, positionals, missing and malformed values, naming the option", () => {
    expect(message(["--name", "n", "--nope", "1"])).toBe('unknown option "--nope"');
    expect(message(["--name", "n", "extra"])).toBe('unexpected argument "extra"');
    expect(message([])).toBe("missing --name");
    expect(message(["--name"])).toBe("--name needs a value");
    expect(message(["--name", "n", "--count", "11"])).toBe('--count needs a whole number 1–10 (got "11")');
    expect(message(["--name", "n", "--count", "2.5"])).toMatch(/--count needs a whole number/);
    expect(message(["--name", "n", "--ratio", "0"])).toBe('--ratio needs a number above 0 (got "0")');
    expect(message(["--name", "n", "--mode", "c"])).toBe('--mode must be one of a, b (got "c")');
    expect(message(["--name", "n", "--methods", "x,w"])).toBe('--methods: unknown "w" (known: x, y, z)');
    expect(message(["--name", "n", "--data", file])).toMatch(/--data ".*a\.txt" is not a folder/);
    expect(message(["--name", "n", "--input", folder])).toMatch(/is not a file/);
    expect(message(["--name", "n", "--count", "-5"])).toBe('--count needs a whole number 1–10 (got "-5")');
    expect(message(["--name", "--count"])).toMatch(/--name needs a value/);
  });

  test("the usage lists every option with its range and default", () => {
    expect(ARGS.usage.split("\n")[0]).toBe(
      "npm run jobs -- example [--count N] [--ratio N] [--mode a|b] --name TEXT [--methods x,…] [--data DIR] [--input FILE] [--dry]",
    );
    expect(ARGS.usage).toMatch(/--count N +how many \(1–10; default 3\)/);
    expect(ARGS.usage).toMatch(/--methods x,… +methods \(default x; of x, y, z\)/);
  });
});

import { UsageError } from "../../jobs/command";

/** Declared flags of a command: `int` takes a whole number in [min, max], `string` any non-empty value, `name` a database-safe name. */
export type FlagSpec = Record<
  string,
  { kind: "int"; min: number; max: number } | { kind: "string" } | { kind: "name" }
>;

/** Parses `--flag value` pairs against `spec`; throws {@link UsageError} naming the bad flag. */
export function parseFlags(argv: readonly string[], spec: FlagSpec, usage: string): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const raw = argv[i + 1];
    const name = flag.startsWith("--") ? flag.slice(2) : "";
    const rule = spec[name];
    if (!rule) throw new UsageError(`unknown option ${JSON.stringify(flag)}`, usage);
    if (raw === undefined || raw.startsWith("--")) throw new UsageError(`${flag} needs a value`, usage);
    if (rule.kind === "int") {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < rule.min || value > rule.max)
        throw new UsageError(
          `${flag} needs a whole number ${rule.min}–${rule.max} (got ${JSON.stringify(raw)})`,
          usage,
        );
      result[name] = value;
    } else if (rule.kind === "name") {
      if (!/^[A-Za-z0-9_-]{1,63}$/.test(raw))
        throw new UsageError(`${flag} needs a name of letters, digits, _ and - (got ${JSON.stringify(raw)})`, usage);
      result[name] = raw;
    } else result[name] = raw;
  }
  return result;
}

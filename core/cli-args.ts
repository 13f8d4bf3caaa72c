import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

/** Bad command-line input: the command prints it as one line plus its usage and exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

interface OptionBase {
  /** One line for `--help`. */
  help: string;
  /** The value's placeholder in the usage line (default from the type: N, X, TEXT). */
  value?: string;
}

/** A whole number in [min, max]. */
export interface IntOption extends OptionBase {
  type: "int";
  min: number;
  max: number;
  default?: number;
  required?: boolean;
}

/** A finite number in [min, max] (bounds optional). */
export interface NumberOption extends OptionBase {
  type: "number";
  min?: number;
  max?: number;
  /** When true, `min` itself is refused (e.g. a positive number). */
  exclusiveMin?: boolean;
  default?: number;
  required?: boolean;
}

/** A non-empty text, optionally one of `choices` or matching `pattern`. */
export interface StringOption extends OptionBase {
  type: "string";
  choices?: readonly string[];
  pattern?: { regex: RegExp; description: string };
  /** The value names a path that must exist as this kind; it is returned resolved to an absolute path. */
  exists?: "file" | "folder";
  default?: string;
  required?: boolean;
}

/** A comma-separated list of non-empty texts, optionally each one of `choices`. */
export interface ListOption extends OptionBase {
  type: "list";
  choices?: readonly string[];
  default?: readonly string[];
  required?: boolean;
}

/** A comma-separated list of whole numbers in [min, max], returned sorted without repeats. */
export interface IntListOption extends OptionBase {
  type: "ints";
  min: number;
  max: number;
  default?: readonly number[];
  required?: boolean;
}

/** A switch: present or not. */
export interface BooleanOption extends OptionBase {
  type: "boolean";
}

/** `pattern` of an option naming a database (letters, digits, _ and -; at most 63). */
export const DATABASE_NAME = { regex: /^[A-Za-z0-9_-]{1,63}$/, description: "a name of letters, digits, _ and -" };

/** The `--database NAME` option of commands that work on another database than MONGODB_DATABASE. */
export function databaseOption(help = "work on this database (default MONGODB_DATABASE)"): StringOption {
  return { type: "string", value: "NAME", pattern: DATABASE_NAME, help };
}

/** `pattern` of an option naming a JSON file to write. */
export const JSON_FILE = { regex: /^.+\.json$/i, description: "a FILE.json path" };

/** One option of a command. */
export type OptionSpec = IntOption | NumberOption | StringOption | ListOption | IntListOption | BooleanOption;

/** The options of a command, by long name (without `--`). */
export type OptionSpecs = Record<string, OptionSpec>;

type Given<O> = O extends BooleanOption
  ? true
  : O extends { default: unknown }
    ? true
    : O extends { required: true }
      ? true
      : false;
type ValueOf<O extends OptionSpec> = O extends BooleanOption
  ? boolean
  : O extends IntOption | NumberOption
    ? number
    : O extends ListOption
      ? readonly string[]
      : O extends IntListOption
        ? readonly number[]
        : string;

/** Parsed values: options with a default or `required` are always set; the others may be undefined. */
export type ArgValues<S extends OptionSpecs> = {
  [K in keyof S]: Given<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** What {@link defineCommand} returns: the usage text and a parser that throws {@link UsageError}. */
export interface CommandArgs<S extends OptionSpecs> {
  /** The command line, its options with their defaults, one per line (what `--help` prints). */
  readonly usage: string;
  /** Parses `argv` (after the command's name); positionals are refused unless declared. */
  parse(argv: readonly string[]): ArgValues<S> & { readonly positionals: readonly string[] };
}

/** How a command is declared: its command line, one sentence of what it does, its options. */
export interface CommandSpec<S extends OptionSpecs> {
  /** e.g. `npm run jobs -- attributes`. */
  command: string;
  /** One sentence: what the command does. */
  summary?: string;
  options: S;
  /** Placeholder of the positional arguments it takes (e.g. `FILE…`); none are accepted when absent. */
  positionals?: string;
}

/**
 * Declares a command's options once, for parsing and for `--help`: the one argument parser of every
 * CLI of the project (over `node:util` `parseArgs`). Unknown options, missing or malformed values and
 * values out of range are {@link UsageError}s naming the option; defaults are filled in.
 */
export function defineCommand<S extends OptionSpecs>(spec: CommandSpec<S>): CommandArgs<S> {
  const usage = usageOf(spec);
  return {
    usage,
    parse(argv) {
      let parsed: ReturnType<typeof parseArgs>;
      try {
        parsed = parseArgs({
          args: joinNegativeValues(argv, spec.options),
          strict: true,
          allowPositionals: true,
          options: Object.fromEntries(
            Object.entries(spec.options).map(([name, option]) => [
              name,
              { type: option.type === "boolean" ? ("boolean" as const) : ("string" as const) },
            ]),
          ),
        });
      } catch (error) {
        throw new UsageError(parseErrorMessage(error), usage);
      }
      if (!spec.positionals && parsed.positionals.length > 0)
        throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`, usage);
      const values: Record<string, unknown> = { positionals: parsed.positionals };
      for (const [name, option] of Object.entries(spec.options)) {
        const raw = parsed.values[name];
        values[name] = convert(name, option, raw as string | boolean | undefined, usage);
      }
      return values as ArgValues<S> & { positionals: readonly string[] };
    },
  };
}

/** `--budget -5` → `--budget=-5`, so that a negative number reaches the range check instead of reading as an option. */
function joinNegativeValues(argv: readonly string[], options: OptionSpecs): string[] {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const option = arg.startsWith("--") ? options[arg.slice(2)] : undefined;
    const next = argv[index + 1];
    if (option && option.type !== "boolean" && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      index += 1;
    } else args.push(arg);
  }
  return args;
}

function convert(name: string, option: OptionSpec, raw: string | boolean | undefined, usage: string): unknown {
  const flag = `--${name}`;
  if (option.type === "boolean") return raw === true;
  if (raw === undefined) {
    if ("required" in option && option.required) throw new UsageError(`missing ${flag}`, usage);
    return option.default;
  }
  const text = String(raw).trim();
  if (text === "" || text.startsWith("--")) throw new UsageError(`${flag} needs a value`, usage);
  const shown = JSON.stringify(text);
  switch (option.type) {
    case "int": {
      const value = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < option.min || value > option.max)
        throw new UsageError(`${flag} needs a whole number ${option.min}–${option.max} (got ${shown})`, usage);
      return value;
    }
    case "number": {
      const value = Number(text);
      const low = option.min ?? -Infinity;
      const high = option.max ?? Infinity;
      const tooLow = option.exclusiveMin ? value <= low : value < low;
      if (!Number.isFinite(value) || tooLow || value > high)
        throw new UsageError(`${flag} needs a number ${rangeText(option)} (got ${shown})`, usage);
      return value;
    }
    case "string": {
      if (option.choices && !option.choices.includes(text))
        throw new UsageError(`${flag} must be one of ${option.choices.join(", ")} (got ${shown})`, usage);
      if (option.pattern && !option.pattern.regex.test(text))
        throw new UsageError(`${flag} needs ${option.pattern.description} (got ${shown})`, usage);
      if (option.exists) {
        const path = resolve(text);
        const stat = existsSync(path) ? statSync(path) : undefined;
        if (!stat || (option.exists === "folder" ? !stat.isDirectory() : !stat.isFile()))
          throw new UsageError(`${flag} ${shown} is not a ${option.exists}`, usage);
        return path;
      }
      return text;
    }
    case "ints": {
      const parts = text.split(",").map((part) => part.trim());
      const numbers = parts.map(Number);
      if (
        parts.some(
          (part, index) => !/^-?\d+$/.test(part) || numbers[index]! < option.min || numbers[index]! > option.max,
        )
      )
        throw new UsageError(
          `${flag} needs whole numbers ${option.min}–${option.max}, comma-separated (got ${shown})`,
          usage,
        );
      return [...new Set(numbers)].sort((a, b) => a - b);
    }
    case "list": {
      const items = text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
      if (items.length === 0) throw new UsageError(`${flag} needs at least one value`, usage);
      const repeated = items.find((item, index) => items.indexOf(item) !== index);
      if (repeated !== undefined) throw new UsageError(`${flag} lists ${JSON.stringify(repeated)} twice`, usage);
      const unknown = option.choices ? items.filter((item) => !option.choices!.includes(item)) : [];
      if (unknown.length > 0)
        throw new UsageError(
          `${flag}: unknown ${unknown.map((item) => JSON.stringify(item)).join(", ")} (known: ${option.choices!.join(", ")})`,
          usage,
        );
      return items;
    }
  }
}

function rangeText(option: NumberOption): string {
  if (option.min !== undefined && option.max !== undefined) return `in [${option.min}, ${option.max}]`;
  if (option.min !== undefined) return option.exclusiveMin ? `above ${option.min}` : `of at least ${option.min}`;
  if (option.max !== undefined) return `of at most ${option.max}`;
  return "";
}

function parseErrorMessage(error: unknown): string {
  // Some hosts (jest) prefix the message with "TypeError [ERR_PARSE_ARGS_…]: ".
  const message = (error instanceof Error ? error.message.split("\n")[0]! : String(error)).replace(
    /^\w*Error \[\w+\]: /,
    "",
  );
  // node:util's wording, e.g. "Unknown option '--x'. To specify a positional argument starting with a '-' …".
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${JSON.stringify(unknown[1])}`;
  const missing = /^Option '([^' ]+)(?: <value>)?' argument (missing|is ambiguous)/.exec(message);
  if (missing)
    return `${missing[1]} needs a value${missing[2] === "missing" ? "" : ` (write ${missing[1]}=-X for a value starting with -)`}`;
  return message.replace(/\.$/, "");
}

function placeholder(option: OptionSpec): string {
  if (option.value) return option.value;
  if (option.type === "int" || option.type === "number") return "N";
  if (option.type === "ints") return "N,M";
  if (option.type === "string" && option.choices) return option.choices.join("|");
  if (option.type === "list") return option.choices ? `${option.choices[0]},…` : "A,B";
  return "TEXT";
}

function usageOf(spec: CommandSpec<OptionSpecs>): string {
  const entries = Object.entries(spec.options);
  const line = [
    spec.command,
    ...entries.map(([name, option]) => {
      const text = option.type === "boolean" ? `--${name}` : `--${name} ${placeholder(option)}`;
      return "required" in option && option.required ? text : `[${text}]`;
    }),
    ...(spec.positionals ? [spec.positionals] : []),
  ].join(" ");
  const width = Math.max(0, ...entries.map(([name, option]) => name.length + 3 + placeholder(option).length));
  const rows = entries.map(([name, option]) => {
    const head = option.type === "boolean" ? `--${name}` : `--${name} ${placeholder(option)}`;
    const extra: string[] = [];
    if (option.type === "int" || option.type === "ints") extra.push(`${option.min}–${option.max}`);
    if (option.type !== "boolean" && option.default !== undefined)
      extra.push(`default ${Array.isArray(option.default) ? option.default.join(",") : String(option.default)}`);
    if (option.type === "list" && option.choices) extra.push(`of ${option.choices.join(", ")}`);
    return `  ${head.padEnd(width)}  ${option.help}${extra.length > 0 ? ` (${extra.join("; ")})` : ""}`;
  });
  return [line, ...(spec.summary ? [`${spec.summary}`] : []), ...(rows.length > 0 ? ["options:", ...rows] : [])].join(
    "\n",
  );
}

/** Whether the arguments ask for help (`--help` or `-h` anywhere). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/**
 * For a command run as its own script (`bin/`): on `--help` prints the usage and returns null (the
 * command stops); on a {@link UsageError} prints it with the usage and exits with status 2; else
 * returns the parsed values.
 */
export function parseCommandLine<S extends OptionSpecs>(
  args: CommandArgs<S>,
  argv: readonly string[] = process.argv.slice(2),
): ReturnType<CommandArgs<S>["parse"]> | null {
  if (wantsHelp(argv)) {
    process.stdout.write(`usage: ${args.usage}\n`);
    return null;
  }
  try {
    return args.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\nusage: ${args.usage}\n`);
    process.exit(2);
  }
}

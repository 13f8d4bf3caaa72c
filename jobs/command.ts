import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UsageError, wantsHelp } from "../core/cli-args";
import { codeRoot, moduleExtension } from "../core/paths";

/**
 * A CLI command module: `export async function main(argv)`; throw {@link UsageError} for bad arguments.
 * `export const USAGE` is its command line with flags and defaults, printed by `--help`.
 */
export interface CommandModule {
  main(argv: string[]): Promise<void>;
  USAGE?: string;
}

/** A command that cannot run as the product is configured (e.g. its plugin is not registered): printed as one line, exit status 1. */
export class CommandRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandRefusedError";
  }
}

/**
 * Runs `<folder>/<name><suffix>` with the remaining arguments, e.g. `npm run jobs -- attributes`
 * loads jobs/attributes.job.ts. Adding a command is adding a file; no registry to edit.
 */
export async function dispatch(folder: string, suffix: string, argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  // Compiled (`npm run build`), commands are dist/<folder>/*<suffix>.js; from sources, <folder>/*<suffix>.ts.
  const directory = join(codeRoot, folder);
  const ending = `${suffix}${moduleExtension}`;
  if (!existsSync(directory))
    return fail(
      new UsageError(`no ${folder}/ in ${codeRoot} (development tools such as bench/ are not in the compiled build)`),
    );
  const available = readdirSync(directory)
    .filter((file) => file.endsWith(ending))
    .map((file) => file.slice(0, -ending.length));
  const script =
    folder === "jobs" ? "jobs" : folder === "jobs/train" ? "train" : folder === "jobs/import" ? "import" : folder;
  if (!name || name === "--help" || name === "-h") {
    const list = `npm run ${script} -- <command> [options]; commands: ${available.sort().join(", ")}; \`npm run ${script} -- <command> --help\` for one`;
    if (name) return void process.stdout.write(`usage: ${list}\n`);
    return fail(new UsageError("missing command", list));
  }
  if (!available.includes(name)) {
    return fail(new UsageError(`unknown command "${name}"`, `one of: ${available.sort().join(", ")}`));
  }
  const file = join(directory, `${name}${ending}`);
  if (!existsSync(file)) return fail(new UsageError(`missing ${file}`));
  const module = (await import(file)) as CommandModule;
  if (wantsHelp(rest)) {
    process.stdout.write(`usage: ${module.USAGE ?? `npm run ${script} -- ${name} (no options documented)`}\n`);
    return;
  }
  try {
    await module.main(rest);
  } catch (error) {
    fail(error);
  }
}

/** Prints a usage error or failure in one or two lines and exits non-zero. */
export function fail(error: unknown): never {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n${error.usage ? `usage: ${error.usage}\n` : ""}`);
    process.exit(2);
  }
  if (error instanceof CommandRefusedError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** Entry used by the npm scripts: `node -r @swc-node/register jobs/command.ts <folder> <suffix> …`. */
if (require.main === module) {
  const [folder, suffix, ...argv] = process.argv.slice(2);
  void dispatch(folder!, suffix!, argv);
}

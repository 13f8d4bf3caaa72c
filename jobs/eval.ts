import { nbrUsage, parseNbrArgs, UsageError } from "./eval/nbr-args.parser";
import { runNbrEval } from "./eval/nbr.command";

/** Offline evaluation jobs. `eval nbr …` runs the next-basket recommendation evaluation. */
const SUITES = ["nbr"] as const;

async function main(argv: string[]): Promise<number> {
  const [suite, ...rest] = argv;
  try {
    if (suite !== "nbr") {
      throw new UsageError(suite === undefined ? "missing evaluation suite" : `unknown evaluation suite "${suite}" (known: ${SUITES.join(", ")})`);
    }
    await runNbrEval(parseNbrArgs(rest));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`eval: ${error.message}\n${nbrUsage()}`);
      return 2;
    }
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

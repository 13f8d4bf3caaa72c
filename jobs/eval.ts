import { ATTRIBUTES_EVAL_USAGE, runAttributesEval } from "./eval/attributes.command";
import { LLM_EVAL_USAGE, runLlmEval } from "./eval/llm.command";
import { UsageError } from "../core/cli-args";
import { nbrUsage, parseNbrArgs } from "./eval/nbr-args.parser";
import { runNbrEval } from "./eval/nbr.command";
import { REASONS_EVAL_USAGE, runReasonsEval } from "./eval/reasons.command";
import { RETRIEVAL_EVAL_USAGE, runRetrievalEval } from "./eval/retrieval.command";
import { runSearchEval, runSearchQueries, searchUsage } from "./eval/search.command";
import { wantsHelp } from "../core/cli-args";

/** Offline evaluation jobs: `eval nbr …` (next-basket recommendation), `eval search …` (search relevance), `eval search-queries …` (regenerate the labelled query set), `eval attributes` (latent-truth recovery of the seed), `eval reasons` (are served price claims and cuisine themes true), `eval llm` (grounding, rejected outputs, invented ids and bundle coverage of the LLM features). */
const SUITES = ["nbr", "search", "search-queries", "retrieval", "attributes", "reasons", "llm"] as const;

/** The usage text of one suite, or of the command when `suite` is none of them. */
function usageOf(suite: string | undefined): string {
  if (suite === "attributes") return ATTRIBUTES_EVAL_USAGE;
  if (suite === "reasons") return REASONS_EVAL_USAGE;
  if (suite === "llm") return LLM_EVAL_USAGE;
  if (suite === "search" || suite === "search-queries") return searchUsage();
  if (suite === "nbr") return nbrUsage();
  if (suite === "retrieval") return RETRIEVAL_EVAL_USAGE;
  return `npm run eval -- <suite> [options]; suites: ${SUITES.join(", ")}; \`npm run eval -- <suite> --help\` for one`;
}

async function main(argv: string[]): Promise<number> {
  const [suite, ...rest] = argv;
  if (wantsHelp(argv)) {
    console.log("usage: " + usageOf(SUITES.includes(suite as (typeof SUITES)[number]) ? suite : undefined));
    return 0;
  }
  try {
    if (suite === "search") {
      await runSearchEval(rest);
      return 0;
    }
    if (suite === "search-queries") {
      await runSearchQueries(rest);
      return 0;
    }
    if (suite === "retrieval") return (await runRetrievalEval(rest), 0);
    if (suite === "attributes") return (await runAttributesEval(rest), 0);
    if (suite === "reasons") return (await runReasonsEval(rest), 0);
    if (suite === "llm") return (await runLlmEval(rest), 0);
    if (suite !== "nbr") {
      throw new UsageError(
        suite === undefined
          ? "missing evaluation suite"
          : `unknown evaluation suite "${suite}" (known: ${SUITES.join(", ")})`,
      );
    }
    await runNbrEval(parseNbrArgs(rest));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(
        `eval: ${error.message}\nusage: ${usageOf(SUITES.includes(suite as (typeof SUITES)[number]) ? suite : undefined)}`,
      );
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

import { defineCommand, JSON_FILE, UsageError } from "../../core/cli-args";
import { missingFiles, NBR_FORMATS } from "../../eval/nbr/dataset.loader";
import { nbrMethodNames } from "../../eval/nbr/method.registry";
import type { NbrFormat } from "../../eval/nbr/nbr-dataset.types";

/** Validated arguments of `eval nbr`. */
export interface NbrArgs {
  readonly format: NbrFormat;
  readonly data: string;
  readonly out: string;
  readonly methods: readonly string[];
  readonly ks: readonly number[];
  /** `test`: predict each user's target basket; `validation`: hold out each user's last history basket instead (targets unseen). */
  readonly split: "test" | "validation";
}

const ARGS = defineCommand({
  command: "npm run eval -- nbr",
  summary:
    "Next-basket recommendation: Recall@K and NDCG@K (repeat and explore) of the served pipeline and the baselines on a public dataset.",
  options: {
    format: { type: "string", choices: NBR_FORMATS, required: true, help: "the dataset's layout" },
    data: { type: "string", value: "DIR", exists: "folder", required: true, help: "the dataset's folder" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, required: true, help: "where the report goes" },
    methods: { type: "list", choices: nbrMethodNames(), help: "methods to run (default all)" },
    k: { type: "ints", min: 1, max: 9999, default: [10, 20], help: "cut-offs" },
    split: {
      type: "string",
      choices: ["test", "validation"],
      default: "test",
      help: "validation scores each user's last history basket and never reads a target (for choosing defaults)",
    },
  },
});

/** Usage of `eval nbr`. */
export function nbrUsage(): string {
  return ARGS.usage;
}

/** Parses and checks `eval nbr` arguments (after the `nbr` word); throws `UsageError` naming the problem. */
export function parseNbrArgs(argv: readonly string[]): NbrArgs {
  const args = ARGS.parse(argv);
  const format = args.format as NbrFormat;
  const missing = missingFiles(format, args.data);
  if (missing.length > 0)
    throw new UsageError(`--data "${args.data}" lacks ${missing.join(", ")} needed by --format ${format}`, ARGS.usage);
  return {
    format,
    data: args.data,
    out: args.out,
    methods: args.methods ?? nbrMethodNames(),
    ks: args.k,
    split: args.split as NbrArgs["split"],
  };
}

import { performance } from "node:perf_hooks";
import { startProgress } from "../../core/progress";
import { bytesToRead, loadNbrDataset } from "../../eval/nbr/dataset.loader";
import { createNbrMethod } from "../../eval/nbr/method.registry";
import { evaluateNbr } from "../../eval/nbr/nbr.evaluator";
import type { NbrReport } from "../../eval/nbr/nbr-report.types";
import { resultsTable, writeNbrReport } from "../../eval/nbr/report.writer";
import type { NbrArgs } from "./nbr-args.parser";
import { carveValidation } from "../../eval/nbr/discovery/validation-split";
import { toTrainingView } from "../../eval/nbr/leakage.guard";

/** Runs `eval nbr`: load and guard the dataset, evaluate each method, write the report, print a summary. */
export async function runNbrEval(args: NbrArgs): Promise<NbrReport> {
  const started = performance.now();
  const loadBar = startProgress(`load ${args.format}`.padEnd(12), bytesToRead(args.format, args.data));
  let loaded;
  try {
    loaded = await loadNbrDataset(args.format, args.data, { onBytes: (bytes) => loadBar.tick(bytes) });
  } finally {
    loadBar.stop();
  }
  const { skippedUsers } = loaded;
  const validation =
    args.split === "validation" ? carveValidation(toTrainingView(loaded.dataset), Number.MAX_SAFE_INTEGER) : null;
  if (args.split === "validation" && !validation)
    throw new Error("no user has two history baskets: nothing to validate on");
  const dataset = validation ? validation.dataset : loaded.dataset;
  const loadSeconds = (performance.now() - started) / 1000;
  const baskets = dataset.users.reduce((sum, user) => sum + user.history.length + 1, 0);
  console.log(
    `loaded ${args.format} from ${args.data}: ${dataset.users.length} users, ${baskets} baskets` +
      `${skippedUsers > 0 ? `, ${skippedUsers} users skipped (no target basket)` : ""} in ${loadSeconds.toFixed(1)}s; leakage guard passed` +
      (validation ? `; validation split: each user's last history basket is the target, targets unread` : ""),
  );

  const methods = args.methods.map((name) => createNbrMethod(name));
  const evaluations = await evaluateNbr(dataset, methods, { ks: args.ks, progress: startProgress });
  const report: NbrReport = {
    dataset: args.format,
    split: args.split,
    users: dataset.users.length,
    results: evaluations.flatMap((evaluation) => evaluation.rows),
  };
  const written = writeNbrReport(report, args.out);

  console.log("");
  console.log(resultsTable(report.results, "text"));
  console.log("");
  for (const evaluation of evaluations) {
    console.log(
      `${evaluation.method.padEnd(12)} fit ${evaluation.fitSeconds.toFixed(1)}s, predict ${evaluation.predictSeconds.toFixed(1)}s`,
    );
  }
  console.log(`wrote ${[written.json, written.markdown, ...written.charts].join(", ")}`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return report;
}

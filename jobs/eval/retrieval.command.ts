import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { startProgress } from "../../core/progress";
import { bytesToRead, loadNbrDataset, missingFiles, NBR_FORMATS } from "../../eval/nbr/dataset.loader";
import { GTopFreqMethod } from "../../eval/nbr/methods/g-topfreq.method";
import { PTopFreqMethod } from "../../eval/nbr/methods/p-topfreq.method";
import type { NbrFormat } from "../../eval/nbr/nbr-dataset.types";
import { evaluateNbr } from "../../eval/nbr/nbr.evaluator";
import { TwoTowerNbrMethod } from "../../eval/nbr/methods/two-tower.method";
import { DEFAULT_TWO_TOWER_TRAIN } from "../../ml/two-tower/two-tower.trainer";
import { defineCommand, JSON_FILE, UsageError } from "../../core/cli-args";

const ARGS = defineCommand({
  command: "npm run eval -- retrieval",
  summary:
    "Recall@K of two-tower candidate sets on the held-out target baskets, against popularity and personal frequency.",
  options: {
    data: { type: "string", value: "DIR", exists: "folder", required: true, help: "the dataset's folder" },
    format: { type: "string", choices: NBR_FORMATS, default: "tafeng", help: "the dataset's layout" },
    k: { type: "ints", min: 1, max: 1000, default: [10, 20, 50, 100], help: "cut-offs" },
    epochs: { type: "int", min: 1, max: 50, default: 3, help: "two-tower training epochs" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});

/** Usage of `eval retrieval`. */
export const RETRIEVAL_EVAL_USAGE = ARGS.usage;

/**
 * `eval retrieval`: recall@K of two-tower candidate sets on the held-out target baskets against popularity
 * (and personal frequency for reference), on the nbr loaders and leakage guard (methods see a TrainingView only).
 */
export async function runRetrievalEval(argv: readonly string[]): Promise<void> {
  const values = ARGS.parse(argv);
  const { data, k: ks, epochs } = values;
  const format = values.format as NbrFormat;
  const missing = missingFiles(format, data);
  if (missing.length > 0) throw new UsageError(`--data ${data} lacks ${missing.join(", ")}`, ARGS.usage);

  const started = performance.now();
  const loadBar = startProgress(`load ${format}`, bytesToRead(format, data));
  const loaded = await loadNbrDataset(format, data, { onBytes: (bytes) => loadBar.tick(bytes) }).finally(() =>
    loadBar.stop(),
  );
  let trainBar: ReturnType<typeof startProgress> | null = null;
  const twoTower = new TwoTowerNbrMethod({
    dims: 64,
    train: { ...DEFAULT_TWO_TOWER_TRAIN, epochs },
    onProgress: (seen, total) => {
      trainBar ??= startProgress("two-tower: training", total);
      trainBar.update(seen);
      if (seen >= total) trainBar.stop();
    },
  });
  const evaluations = await evaluateNbr(loaded.dataset, [new GTopFreqMethod(), twoTower, new PTopFreqMethod()], {
    ks,
    progress: startProgress,
  });
  const results = evaluations.flatMap((evaluation) =>
    evaluation.rows.map((row) => ({
      method: row.method,
      k: row.k,
      recall: row.recall,
      repeatRecall: row.repeatRecall,
      exploreRecall: row.exploreRecall,
    })),
  );
  const report = {
    dataset: format,
    users: loaded.dataset.users.length,
    epochs,
    results,
    seconds: evaluations.map((e) => ({
      method: e.method,
      fit: Number(e.fitSeconds.toFixed(1)),
      predict: Number(e.predictSeconds.toFixed(1)),
    })),
    totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(`method       ${ks.map((k) => `recall@${k}`.padStart(11)).join("")}`);
  for (const method of ["g-topfreq", "two-tower", "p-topfreq"])
    console.log(
      `${method.padEnd(12)} ${ks.map((k) => (results.find((r) => r.method === method && r.k === k)?.recall ?? 0).toFixed(4).padStart(11)).join("")}`,
    );
  console.log(
    `${report.users} users; ${report.seconds.map((s) => `${s.method} fit ${s.fit}s predict ${s.predict}s`).join(", ")}; total ${report.totalSeconds}s, peak RSS ${report.peakRssMb} MB`,
  );
  if (typeof values.out === "string") writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
}

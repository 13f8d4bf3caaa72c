import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { startProgress } from "../../core/progress";
import { bytesToRead, loadNbrDataset, missingFiles, NBR_FORMATS } from "../../eval/nbr/dataset.loader";
import { GTopFreqMethod } from "../../eval/nbr/methods/g-topfreq.method";
import { PTopFreqMethod } from "../../eval/nbr/methods/p-topfreq.method";
import type { NbrFormat } from "../../eval/nbr/nbr-dataset.types";
import { evaluateNbr } from "../../eval/nbr/nbr.evaluator";
import { TwoTowerNbrMethod } from "../../eval/nbr/methods/two-tower.method";
import { DEFAULT_TWO_TOWER_TRAIN } from "../../ml/two-tower/two-tower.trainer";
import { UsageError } from "./nbr-args.parser";

export const RETRIEVAL_EVAL_USAGE =
  "usage: eval retrieval --data DIR [--format tafeng|instacart] [--k 10,20,50,100] [--epochs N] [--out FILE.json]";

/**
 * `eval retrieval`: recall@K of two-tower candidate sets on the held-out target baskets against popularity
 * (and personal frequency for reference), on the nbr loaders and leakage guard (methods see a TrainingView only).
 */
export async function runRetrievalEval(argv: readonly string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: "string" },
        format: { type: "string" },
        k: { type: "string" },
        epochs: { type: "string" },
        out: { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}\n${RETRIEVAL_EVAL_USAGE}`);
  }
  const data = typeof values.data === "string" ? values.data : undefined;
  if (!data) throw new UsageError(`missing --data\n${RETRIEVAL_EVAL_USAGE}`);
  const format = (typeof values.format === "string" ? values.format : "tafeng") as NbrFormat;
  if (!NBR_FORMATS.includes(format)) throw new UsageError(`unknown --format "${format}"\n${RETRIEVAL_EVAL_USAGE}`);
  const missing = missingFiles(format, data);
  if (missing.length > 0) throw new UsageError(`--data ${data} lacks ${missing.join(", ")}\n${RETRIEVAL_EVAL_USAGE}`);
  const ks = (typeof values.k === "string" ? values.k : "10,20,50,100").split(",").map(Number);
  if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > 1000))
    throw new UsageError(`--k needs whole numbers 1–1000 separated by commas\n${RETRIEVAL_EVAL_USAGE}`);
  const epochs = typeof values.epochs === "string" ? Number(values.epochs) : 3;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 50)
    throw new UsageError(`--epochs needs a whole number 1–50\n${RETRIEVAL_EVAL_USAGE}`);

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

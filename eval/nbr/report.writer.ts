import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { barChartSvg } from "./bar-chart.svg";
import type { NbrReport, NbrResultRow } from "./nbr-report.types";

/** Paths of the files `writeNbrReport` wrote. */
export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly charts: readonly string[];
}

type ChartMetric = "recall" | "ndcg" | "phr";
const CHARTS: ReadonlyArray<{ metric: ChartMetric; label: string }> = [
  { metric: "recall", label: "Recall" },
  { metric: "ndcg", label: "NDCG" },
  { metric: "phr", label: "PHR" },
];

/** Writes FILE.json, FILE.md (table) and FILE-recall.png / FILE-ndcg.png / FILE-phr.png bar charts. */
export function writeNbrReport(report: NbrReport, jsonPath: string): WrittenReport {
  const base = jsonPath.replace(/\.json$/i, "");
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = `${base}.md`;
  writeFileSync(markdown, reportMarkdown(report));
  const charts = CHARTS.map(({ metric, label }) => {
    const path = `${base}-${metric}.png`;
    writeFileSync(path, renderPng(barChartSvg(chartSpec(report, metric, label))));
    return path;
  });
  return { json: jsonPath, markdown, charts };
}

/** The results as a markdown document: a heading line and one table row per (method, K). */
export function reportMarkdown(report: NbrReport): string {
  return [
    `# Next-basket evaluation: ${report.dataset}`,
    "",
    `${report.users} users; metrics averaged over all users. repeat/explore recall split the hits by whether the item is in the user's history.`,
    "",
    resultsTable(report.results, "markdown"),
    "",
  ].join("\n");
}

/** The results as an aligned table, `markdown` (pipes) or `text` (for a terminal). */
export function resultsTable(rows: readonly NbrResultRow[], style: "markdown" | "text"): string {
  const header = ["method", "K", "Recall", "NDCG", "PHR", "Repeat recall", "Explore recall"];
  const body = rows.map((row) => [
    row.method,
    String(row.k),
    ...[row.recall, row.ndcg, row.phr, row.repeatRecall, row.exploreRecall].map((v) => v.toFixed(4)),
  ]);
  // Markdown delimiter cells need a hyphen besides the alignment colon, so columns are at least 3 wide.
  const widths = header.map((h, c) =>
    Math.max(style === "markdown" ? 3 : 1, h.length, ...body.map((r) => r[c].length)),
  );
  const line = (cells: string[]) => cells.map((cell, c) => (c < 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])));
  if (style === "text") {
    return [
      line(header).join("  "),
      widths.map((w) => "-".repeat(w)).join("  "),
      ...body.map((r) => line(r).join("  ")),
    ].join("\n");
  }
  const rule = widths.map((w, c) => (c < 1 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`));
  return [header, rule, ...body].map((cells, i) => `| ${(i === 1 ? cells : line(cells)).join(" | ")} |`).join("\n");
}

function chartSpec(report: NbrReport, metric: ChartMetric, label: string) {
  const methods = [...new Set(report.results.map((row) => row.method))];
  const ks = [...new Set(report.results.map((row) => row.k))].sort((a, b) => a - b);
  return {
    title: `${label}@K by method — ${report.dataset} (${report.users.toLocaleString("en-US")} users)`,
    xLabel: "method",
    yLabel: `${label}@K (mean over users)`,
    categories: methods,
    series: ks.map((k) => ({
      name: `${label}@${k}`,
      values: methods.map(
        (method) => report.results.find((row) => row.method === method && row.k === k)?.[metric] ?? NaN,
      ),
    })),
  };
}

function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    fitTo: { mode: "zoom", value: 1.5 },
  });
  return resvg.render().asPng();
}

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { barChartSvg } from "../nbr/bar-chart.svg";
import { QUERY_KINDS } from "./query-set.types";
import type { PersonalizedReport, SearchReport } from "./search.evaluator";

/** The NDCG table: one row per query kind (and `all`), one column per system. */
export function searchTable(report: SearchReport, style: "markdown" | "text"): string {
  const systems = report.systems.map((system) => system.name);
  const kinds = ["all", ...QUERY_KINDS].filter((kind) => report.results.some((row) => row.kind === kind));
  const cell = (system: string, kind: string) =>
    report.results.find((row) => row.system === system && row.kind === kind)?.ndcg.toFixed(4) ?? "";
  const count = (kind: string) => String(report.results.find((row) => row.kind === kind)?.queries ?? 0);
  const header = ["queries", "n", ...systems.map((system) => `NDCG@${report.k} ${system}`)];
  const rows = kinds.map((kind) => [kind, count(kind), ...systems.map((system) => cell(system, kind))]);
  if (style === "markdown") {
    return [
      `| ${header.join(" | ")} |`,
      `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
      ...rows.map((row) => `| ${row.join(" | ")} |`),
    ].join("\n");
  }
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** The personalized table: one row per system and way of searching (anonymously or as the shopper). */
export function personalizedTable(report: PersonalizedReport, style: "markdown" | "text"): string {
  const header = ["system", `NDCG@${report.k} (${report.pairs} pairs, ${report.shoppers} shoppers)`];
  const rows = report.results.map((row) => [row.system, row.ndcg.toFixed(4)]);
  if (style === "markdown")
    return [`| ${header.join(" | ")} |`, "| --- | ---: |", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** Writes FILE.json, FILE.md (table and systems) and FILE-ndcg.png (bar chart by query kind). */
export function writeSearchReport(
  report: SearchReport,
  jsonPath: string,
): { json: string; markdown: string; chart: string } {
  const base = jsonPath.replace(/\.json$/i, "");
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = `${base}.md`;
  const systems = report.systems.map((system) => `- \`${system.name}\`: ${system.description}`).join("\n");
  const personalized = report.personalized
    ? `\n\nPersonalized relevance (${report.personalized.grading}):\n\n${personalizedTable(report.personalized, "markdown")}`
    : "";
  writeFileSync(
    markdown,
    `Search relevance on ${report.dataset} (${report.products} products, ${report.queries} labelled queries), NDCG@${report.k}:\n\n${searchTable(report, "markdown")}${personalized}\n\n${systems}\n`,
  );
  const kinds = ["all", ...QUERY_KINDS].filter((kind) => report.results.some((row) => row.kind === kind));
  const svg = barChartSvg({
    title: `Search NDCG@${report.k} by query kind (${report.dataset})`,
    xLabel: "query kind",
    yLabel: `NDCG@${report.k}`,
    categories: kinds,
    series: report.systems.map((system) => ({
      name: system.name,
      values: kinds.map(
        (kind) => report.results.find((row) => row.system === system.name && row.kind === kind)?.ndcg ?? 0,
      ),
    })),
  });
  const chart = `${base}-ndcg.png`;
  writeFileSync(
    chart,
    new Resvg(svg, {
      background: "white",
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
      fitTo: { mode: "zoom", value: 1.5 },
    })
      .render()
      .asPng(),
  );
  return { json: jsonPath, markdown, chart };
}

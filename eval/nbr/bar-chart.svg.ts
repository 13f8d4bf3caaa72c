/** Data for a grouped bar chart: one group per category, one bar per series in each group. */
export interface BarChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
  /** Decimals of the value printed above each bar (default 4). */
  readonly decimals?: number;
}

const COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"];
const FONT = "DejaVu Sans, Arial, sans-serif";

/** Renders a grouped bar chart as a standalone SVG string, with axis labels, legend and values on bars. */
export function barChartSvg(spec: BarChartSpec): string {
  const decimals = spec.decimals ?? 4;
  const groups = Math.max(spec.categories.length, 1);
  const perGroup = Math.max(spec.series.length, 1);
  const barWidth = 56;
  const groupGap = 40;
  const margin = { top: 80, right: 30, bottom: 80, left: 90 };
  const plotWidth = Math.max(560, groups * (perGroup * barWidth + groupGap));
  const plotHeight = 380;
  const width = margin.left + plotWidth + margin.right;
  const height = margin.top + plotHeight + margin.bottom;
  const maxValue = Math.max(0, ...spec.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const step = niceStep(maxValue / 5);
  const yMax = Math.max(step * Math.ceil((maxValue * 1.12) / step), step);
  const y = (value: number) => margin.top + plotHeight - (value / yMax) * plotHeight;
  const groupWidth = plotWidth / groups;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="34" font-size="20" font-weight="bold" text-anchor="middle" fill="#222">${esc(spec.title)}</text>`,
  );
  const tickDecimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let tick = 0; tick <= yMax + step / 2; tick += step) {
    const ty = y(tick);
    out.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${ty}" y2="${ty}" stroke="#e3e3e3"/>`,
      `<text x="${margin.left - 8}" y="${ty + 4}" font-size="13" text-anchor="end" fill="#444">${tick.toFixed(tickDecimals)}</text>`,
    );
  }
  spec.categories.forEach((category, g) => {
    const groupLeft = margin.left + g * groupWidth + (groupWidth - perGroup * barWidth) / 2;
    spec.series.forEach((series, s) => {
      const value = series.values[g];
      if (!Number.isFinite(value)) return;
      const x = groupLeft + s * barWidth;
      const top = y(value);
      out.push(
        `<rect x="${x + 3}" y="${top}" width="${barWidth - 6}" height="${margin.top + plotHeight - top}" fill="${COLORS[s % COLORS.length]}"/>`,
        `<text x="${x + barWidth / 2}" y="${top - 6}" font-size="12" text-anchor="middle" fill="#222">${value.toFixed(decimals)}</text>`,
      );
    });
    out.push(
      `<text x="${margin.left + (g + 0.5) * groupWidth}" y="${margin.top + plotHeight + 22}" font-size="14" text-anchor="middle" fill="#222">${esc(category)}</text>`,
    );
  });
  out.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
    `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 24}" font-size="15" text-anchor="middle" fill="#222">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(26 ${margin.top + plotHeight / 2}) rotate(-90)" font-size="15" text-anchor="middle" fill="#222">${esc(spec.yLabel)}</text>`,
  );
  spec.series.forEach((series, s) => {
    const lx = margin.left + 10 + s * 120;
    out.push(
      `<rect x="${lx}" y="50" width="14" height="14" fill="${COLORS[s % COLORS.length]}"/>`,
      `<text x="${lx + 20}" y="62" font-size="14" fill="#222">${esc(series.name)}</text>`,
    );
  });
  out.push(`</svg>`);
  return out.join("\n");
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 0.1;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

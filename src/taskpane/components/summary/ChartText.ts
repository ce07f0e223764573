/**
 * A summary chart in words: each figure as people read it (en-GB pounds and pence, a
 * percentage with one decimal, "not known" where the core has no figure), the one-sentence
 * summary a screen reader says for the picture, and the text alternative's rows.
 */
import { chartRows, type SummaryChart } from "../../../plan/boardpack/charts";
import { money } from "../../../plan/money";
import { formatPercent, moneyText } from "../../returnsProgress";

export const NOT_KNOWN = "not known";

/** One figure of a chart: "£1,234.56", "42.5%", or "not known". */
export function chartValueText(chart: Pick<SummaryChart, "valueKind">, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NOT_KNOWN;
  return chart.valueKind === "money" ? moneyText(money(value)) : formatPercent(money(value));
}

/** The text alternative: one row per category, its name then each series' figure in words. */
export function chartTextRows(chart: SummaryChart): string[][] {
  return chartRows(chart).map(([category, ...values]) => [
    String(category ?? ""),
    ...values.map((v) => chartValueText(chart, typeof v === "number" ? v : null)),
  ]);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

interface Figure {
  readonly category: string;
  readonly value: number;
}

/** The known figures of one series, in the chart's order. */
function known(chart: SummaryChart, series: number): Figure[] {
  const values = chart.series[series]?.values ?? [];
  const out: Figure[] = [];
  chart.categories.forEach((category, i) => {
    const value = values[i];
    if (typeof value === "number" && Number.isFinite(value)) out.push({ category, value });
  });
  return out;
}

/** The first largest (or smallest) figure, ties to the first in the chart's order. */
function extreme(figures: readonly Figure[], larger: (a: number, b: number) => boolean): Figure | null {
  let best: Figure | null = null;
  for (const f of figures) if (best === null || larger(f.value, best.value)) best = f;
  return best;
}

/**
 * What a screen reader says for the picture, in one sentence: "Pie chart of allocation by
 * theme, 4 themes, largest Violence reduction £120,000.00". The figures themselves are in
 * the table that follows.
 */
export function chartSummary(chart: SummaryChart): string {
  const what = lowerFirst(chart.title);
  const count = plural(chart.categories.length, lowerFirst(chart.categoryName));
  const text = (v: number) => chartValueText(chart, v);
  if (chart.kind === "pie") {
    const largest = extreme(known(chart, 0).filter((f) => f.value > 0), (a, b) => a > b);
    const tail = largest === null ? "nothing to draw" : `largest ${largest.category} ${text(largest.value)}`;
    return `Pie chart of ${what}, ${count}, ${tail}`;
  }
  const kind = chart.kind === "columnClustered" ? "Column chart" : "Bar chart";
  const names = chart.series.map((s) => s.name);
  const series = names.length > 1 ? `, ${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}` : "";
  const first = known(chart, 0);
  const high = extreme(first, (a, b) => a > b);
  const low = extreme(first, (a, b) => a < b);
  if (high === null || low === null) return `${kind} of ${what}, ${count}${series}, nothing to draw`;
  const seriesName = lowerFirst(chart.series[0]?.name ?? "");
  if (chart.kind === "columnClustered") {
    return `${kind} of ${what}, ${count}, ${seriesName} from ${text(low.value)} (${low.category}) to ${text(high.value)} (${high.category})`;
  }
  return `${kind} of ${what}, ${count}${series}, largest ${seriesName} ${high.category} ${text(high.value)}`;
}

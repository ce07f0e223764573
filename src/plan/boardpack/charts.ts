/**
 * The board summary's three pictures (docs/summary.md, "Charts"): allocation by theme,
 * spend against allocation per line, and measures' achievement against target to date.
 * The same data draws Excel's native charts on the Summary sheet (from cells the sheet
 * holds) and the pane's charts, whose text alternative is the same figures as a table.
 */
import type { ChartKind } from "../changes";
import type { Money } from "../money";
import { moneyCell, percentCell } from "./tables";
import { type BoardSummary, total } from "./summary";

export interface ChartSeries {
  readonly name: string;
  /** One value per category; null where the figure is not known (not drawn). */
  readonly values: readonly (number | null)[];
}

export interface SummaryChart {
  readonly id: "themes" | "lines" | "measures";
  readonly title: string;
  readonly kind: ChartKind;
  /** How the values are shown: pounds and pence, or a percentage with one decimal. */
  readonly valueKind: "money" | "percent";
  /** What the categories are, for the text alternative's first column: "Theme", "Line", "Measure". */
  readonly categoryName: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Said under the chart when it does not show everything, e.g. "The 15 largest of 40 lines by allocation." */
  readonly note: string | null;
}

/** The most categories a chart shows: more would not be readable on a page or in a pane. */
export const CHART_MAX_CATEGORIES = 15;

/** What the themes beyond the chart's largest are drawn as, together. */
export const OTHER_THEMES = "Other themes";

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
}

/** Largest first by the figure (not known last), ties in the plan's order. */
function largestFirst<T>(items: readonly T[], figure: (item: T) => Money | null): T[] {
  return items
    .map((item, index) => ({ item, index, value: figure(item) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.index - b.index : 1) : -1;
      const order = b.value.comparedTo(a.value);
      return order !== 0 ? order : a.index - b.index;
    })
    .map((x) => x.item);
}

/**
 * Allocation by theme, a pie. Past CHART_MAX_CATEGORIES themes, the largest (one fewer) are
 * drawn and the rest together as "Other themes", whose figure is their exact sum: the pie
 * always adds up to the lines' total allocation.
 */
function themesChart(summary: BoardSummary, max: number): SummaryChart {
  const themes = summary.themes;
  let shown = themes.map((t) => ({ name: t.theme, allocation: t.allocation }));
  let note: string | null = null;
  if (themes.length > max) {
    const ranked = largestFirst(themes, (t) => t.allocation);
    const kept = new Set(ranked.slice(0, max - 1));
    const rest = themes.filter((t) => !kept.has(t));
    shown = [...themes.filter((t) => kept.has(t)).map((t) => ({ name: t.theme, allocation: t.allocation })), { name: OTHER_THEMES, allocation: total(rest.map((t) => t.allocation)) }];
    note = `The ${max - 1} largest of ${plural(themes.length, "theme")} by allocation; the other ${plural(rest.length, "theme")} together as "${OTHER_THEMES}".`;
  }
  return {
    id: "themes",
    title: "Allocation by theme",
    kind: "pie",
    valueKind: "money",
    categoryName: "Theme",
    categories: shown.map((t) => t.name),
    series: [{ name: "Allocation", values: shown.map((t) => moneyCell(t.allocation)) }],
    note,
  };
}

/** Spend to date against allocation per line, as bars: the largest lines by allocation, in the plan's order. */
function linesChart(summary: BoardSummary, max: number): SummaryChart {
  const lines = summary.lines;
  const kept = new Set(largestFirst(lines, (l) => l.allocation).slice(0, max));
  const shown = lines.filter((l) => kept.has(l));
  return {
    id: "lines",
    title: "Spend against allocation by line",
    kind: "barClustered",
    valueKind: "money",
    categoryName: "Line",
    categories: shown.map((l) => l.id),
    series: [
      { name: "Allocation", values: shown.map((l) => moneyCell(l.allocation)) },
      { name: "Spend to date", values: shown.map((l) => moneyCell(l.spendToDate)) },
    ],
    note: lines.length > max ? `The ${max} largest of ${plural(lines.length, "line")} by allocation.` : null,
  };
}

/**
 * Each measure's actual to date as a percentage of its target to date (100 is on target),
 * as columns: the first measures in the plan's order that have a percentage.
 */
function measuresChart(summary: BoardSummary, max: number): SummaryChart {
  const known = summary.measures.filter((m) => m.percentOfTarget !== null);
  const shown = known.slice(0, max);
  const left = summary.measures.length - shown.length;
  const notes: string[] = [];
  if (known.length > max) notes.push(`The first ${max} of ${plural(known.length, "measure")} with a target to date.`);
  if (summary.measures.length > known.length) {
    const without = summary.measures.length - known.length;
    notes.push(`${plural(without, "measure")} with no target to date ${without === 1 ? "is" : "are"} not drawn.`);
  }
  return {
    id: "measures",
    title: "Measures: achieved against target to date",
    kind: "columnClustered",
    valueKind: "percent",
    categoryName: "Measure",
    categories: shown.map((m) => m.id),
    series: [{ name: "% of target to date", values: shown.map((m) => percentCell(m.percentOfTarget)) }],
    note: left > 0 ? notes.join(" ") : null,
  };
}

/** The summary's charts, in the order they are shown. */
export function summaryCharts(summary: BoardSummary, max: number = CHART_MAX_CATEGORIES): SummaryChart[] {
  return [themesChart(summary, max), linesChart(summary, max), measuresChart(summary, max)];
}

/** A chart's figures as rows of a table (category, then each series): the chart's text alternative and its data on the sheet. */
export function chartRows(chart: SummaryChart): (string | number | null)[][] {
  return chart.categories.map((category, i) => [category, ...chart.series.map((s) => s.values[i] ?? null)]);
}

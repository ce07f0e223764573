/** @jest-environment jsdom */
/**
 * The pane's summary charts (docs/charts.md): the example's three pictures as at 2020/21-Q2,
 * their one-sentence summaries, the figures table (the core's figures in en-GB pounds and
 * percentages), bars and columns drawn to scale, and pies that cannot draw NaN.
 */
import "./setup";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { fireEvent, render, within } from "@testing-library/react";
import { summaryCharts, type SummaryChart } from "../../src/plan/boardpack/charts";
import { type BoardSummary, summaryOf } from "../../src/plan/boardpack/summary";
import { formatGBP, type Money } from "../../src/plan/money";
import type { Quarter } from "../../src/plan/periods";
import { fitLabel, linearScale, niceCeiling, pieSlices } from "../../src/taskpane/components/summary/ChartGeometry";
import { SummaryCharts } from "../../src/taskpane/components/summary/SummaryCharts";
import { checked, exampleWorkbook } from "../support/plans";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };

let summary: BoardSummary;
let charts: SummaryChart[];
beforeAll(async () => {
  const plan = (await checked(await exampleWorkbook(), { asAt: Q2 })).plan;
  summary = summaryOf(plan, Q2);
  charts = summaryCharts(summary);
});

function show(shown: readonly SummaryChart[]): HTMLElement {
  return render(
    <FluentProvider theme={webLightTheme}>
      <SummaryCharts charts={shown} />
    </FluentProvider>,
  ).container;
}

/** The figure whose caption begins with `title`. */
function figure(container: HTMLElement, title: string): HTMLElement {
  const found = Array.from(container.querySelectorAll("figure")).find((f) => f.querySelector("figcaption")?.textContent?.startsWith(title) === true);
  if (found === undefined) throw new Error(`no figure "${title}"`);
  return found;
}

/** Opens a figure's table with its button and gives the table's rows as the text of their cells. */
function openFigures(fig: HTMLElement, title: string): string[][] {
  const toggle = within(fig).getByRole("button", { name: `Show figures: ${title}` });
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-expanded")).toBe("true");
  const table = within(fig).getByRole("table", { name: `Figures: ${title}` });
  expect(table.tagName).toBe("TABLE");
  expect(document.getElementById(toggle.getAttribute("aria-controls") ?? "")?.contains(table)).toBe(true);
  return Array.from(table.querySelectorAll("tbody tr"), (tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? ""));
}

function headerOf(fig: HTMLElement): string[] {
  return Array.from(fig.querySelectorAll("thead th"), (th) => th.textContent ?? "");
}

const gbp = (m: Money | null): string => (m === null ? "not known" : formatGBP(m));
const pct = (m: Money | null): string => (m === null ? "not known" : `${m.toFixed(1)}%`);

function rects(fig: HTMLElement, series?: string): SVGRectElement[] {
  return Array.from(fig.querySelectorAll<SVGRectElement>("svg[role='img'] rect[data-series]")).filter((r) => series === undefined || r.dataset["series"] === series);
}

const num = (el: Element, attribute: string): number => Number(el.getAttribute(attribute));

describe("the example's charts as at 2020/21-Q2", () => {
  it("are three figures, each captioned with its title, a picture with a one-sentence summary and a legend", () => {
    const container = show(charts);
    const figures = container.querySelectorAll("figure");
    expect(figures).toHaveLength(3);
    expect(Array.from(figures, (f) => f.querySelector("figcaption")?.querySelector("span")?.textContent)).toEqual([
      "Allocation by theme",
      "Spend against allocation by line",
      "Measures: achieved against target to date",
    ]);
    const pictures = Array.from(figures, (f) => f.querySelector("svg[role='img']"));
    expect(pictures.every((p) => p !== null)).toBe(true);
    const labels = pictures.map((p) => p?.getAttribute("aria-label") ?? "");
    expect(labels[0]).toBe("Pie chart of allocation by theme, 7 themes, largest Violence reduction £180,000.00");
    expect(labels[1]).toBe("Bar chart of spend against allocation by line, 11 lines, Allocation and Spend to date, largest allocation CRG-01 £119,000.00");
    expect(labels[2]).toBe("Column chart of measures: achieved against target to date, 15 measures, % of target to date from 26.2% (CRG-03.1) to 118.3% (CRG-01.3)");
    // Each figure is named by its caption.
    for (const f of Array.from(figures)) {
      expect(document.getElementById(f.getAttribute("aria-labelledby") ?? "")?.tagName).toBe("FIGCAPTION");
    }
    const pieLegend = within(figure(container, "Allocation by theme")).getByRole("list", { name: "Legend: Allocation by theme" });
    // Each theme's name, after its number (shown under high contrast only, and not read out: the name is).
    expect(within(pieLegend).getAllByRole("listitem").map((li) => li.textContent)).toEqual(summary.themes.map((t, i) => `${i + 1}${t.theme}`));
    expect(Array.from(pieLegend.querySelectorAll("[aria-hidden='true']:not(svg)"), (n) => n.textContent)).toEqual(summary.themes.map((_, i) => `${i + 1}`));
    const barLegend = within(figure(container, "Spend against")).getByRole("list", { name: "Legend: Spend against allocation by line" });
    expect(within(barLegend).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Allocation", "Spend to date"]);
  });

  it("show the core's figures in en-GB pounds and percentages once 'Show figures' is pressed, and hide them again", () => {
    const container = show(charts);
    const themes = figure(container, "Allocation by theme");
    expect(themes.querySelector("table")).toBeNull();
    expect(openFigures(themes, "Allocation by theme")).toEqual(summary.themes.map((t) => [t.theme, gbp(t.allocation)]));
    expect(headerOf(themes)).toEqual(["Theme", "Allocation"]);
    expect(within(themes).getByRole("cell", { name: "Anti-Social Behaviour" }).nextElementSibling?.textContent).toBe("£119,000.00");

    const lines = figure(container, "Spend against allocation by line");
    expect(openFigures(lines, "Spend against allocation by line")).toEqual(summary.lines.map((l) => [l.id, gbp(l.allocation), gbp(l.spendToDate)]));
    expect(headerOf(lines)).toEqual(["Line", "Allocation", "Spend to date"]);

    const measures = figure(container, "Measures: achieved against target to date");
    const drawn = summary.measures.filter((m) => m.percentOfTarget !== null).slice(0, 15);
    expect(openFigures(measures, "Measures: achieved against target to date")).toEqual(drawn.map((m) => [m.id, pct(m.percentOfTarget?.toDecimalPlaces(1) ?? null)]));

    const hide = within(themes).getByRole("button", { name: "Hide figures: Allocation by theme" });
    fireEvent.click(hide);
    expect(hide.getAttribute("aria-expanded")).toBe("false");
    expect(themes.querySelector("table")).toBeNull();
    expect(document.getElementById(hide.getAttribute("aria-controls") ?? "")?.hidden).toBe(true);
  });

  it("draw each line's bars to one scale: the widest allocation bar is the largest allocation", () => {
    const lines = figure(show(charts), "Spend against allocation by line");
    const allocation = rects(lines, "Allocation");
    const spend = rects(lines, "Spend to date");
    expect(allocation).toHaveLength(summary.lines.length);
    expect(spend).toHaveLength(summary.lines.length);
    const widest = allocation.reduce((a, b) => (num(b, "width") > num(a, "width") ? b : a));
    const largest = summary.lines.reduce((a, b) => ((b.allocation?.greaterThan(a.allocation ?? 0) ?? false) ? b : a));
    expect(widest.dataset["category"]).toBe(largest.id);
    expect(largest.id).toBe("CRG-01");
    // Width ÷ figure is the same for every bar (to the drawing's rounding), so lengths are proportional.
    const perPound = num(widest, "width") / Number(widest.dataset["value"]);
    for (const bar of [...allocation, ...spend]) {
      expect(num(bar, "width")).toBeCloseTo(Number(bar.dataset["value"]) * perPound, 1);
    }
    // CRG-01's spend bar is its spend's share of its allocation bar (£59,350.00 of £119,000.00).
    const crg01Spend = spend.find((r) => r.dataset["category"] === "CRG-01");
    expect(num(crg01Spend ?? widest, "width")).toBeCloseTo(num(widest, "width") * (59350 / 119000), 1);
  });

  it("draw each measure's column to scale, with the 100% target line, and say the 15-measure cap under the title", () => {
    const chart = charts.find((c) => c.id === "measures");
    expect(chart?.note).toMatch(/^The first 15 of \d+ measures with a target to date\./);
    const measures = figure(show(charts), "Measures: achieved against target to date");
    expect(measures.querySelector("figcaption")?.textContent).toContain(chart?.note ?? "(no note)");
    const columns = rects(measures);
    expect(columns).toHaveLength(15);
    const target = measures.querySelector("line[data-target='100']");
    expect(target).not.toBeNull();
    const zero = Math.max(...columns.map((c) => num(c, "y") + num(c, "height")));
    const hundred = zero - num(target ?? columns[0] ?? measures, "y1");
    for (const c of columns) {
      expect(num(c, "height")).toBeCloseTo((Number(c.dataset["value"]) / 100) * hundred, 1);
    }
    const on = columns.find((c) => c.dataset["value"] === "100");
    expect(on === undefined ? NaN : num(on, "y")).toBeCloseTo(num(target ?? measures, "y1"), 1);
  });

  it("draws the pie's slices in proportion to each theme's allocation", () => {
    const themes = figure(show(charts), "Allocation by theme");
    const slices = Array.from(themes.querySelectorAll<SVGPathElement>("svg[role='img'] path[data-category]"));
    expect(slices.map((s) => s.dataset["category"])).toEqual(summary.themes.map((t) => t.theme));
    const total = summary.themes.reduce((t, th) => t + (th.allocation?.toNumber() ?? 0), 0);
    slices.forEach((s, i) => expect(Number(s.dataset["share"])).toBeCloseTo((summary.themes[i]?.allocation?.toNumber() ?? NaN) / total, 6));
    expect(themes.innerHTML).not.toMatch(/NaN|Infinity/);
  });
});

function chartOf(kind: SummaryChart["kind"], categories: string[], values: (number | null)[][], valueKind: SummaryChart["valueKind"] = "money"): SummaryChart {
  return {
    id: kind === "pie" ? "themes" : kind === "columnClustered" ? "measures" : "lines",
    title: kind === "pie" ? "Allocation by theme" : kind === "columnClustered" ? "Measures: achieved against target to date" : "Spend against allocation by line",
    kind,
    valueKind,
    categoryName: kind === "pie" ? "Theme" : kind === "columnClustered" ? "Measure" : "Line",
    categories,
    series: values.map((v, i) => ({ name: i === 0 ? "Allocation" : "Spend to date", values: v })),
    note: null,
  };
}

describe("charts of unusual figures", () => {
  it("draws a pie of one theme as a whole circle and a pie of zeros as an empty outline, never NaN", () => {
    const one = show([chartOf("pie", ["Violence reduction"], [[180000]])]);
    const svg = one.querySelector("svg[role='img']");
    expect(svg?.querySelectorAll("path")).toHaveLength(0);
    expect(svg?.querySelectorAll("circle[data-category='Violence reduction']")).toHaveLength(1);
    expect(svg?.getAttribute("aria-label")).toBe("Pie chart of allocation by theme, 1 theme, largest Violence reduction £180,000.00");
    expect(one.innerHTML).not.toMatch(/NaN|Infinity/);

    const zeros = show([chartOf("pie", ["A", "B"], [[0, 0]])]);
    const empty = zeros.querySelector("svg[role='img']");
    expect(empty?.querySelectorAll("[data-category]")).toHaveLength(0);
    expect(empty?.querySelector("circle[data-empty='true']")).not.toBeNull();
    expect(empty?.getAttribute("aria-label")).toBe("Pie chart of allocation by theme, 2 themes, nothing to draw");
    expect(zeros.innerHTML).not.toMatch(/NaN|Infinity/);
    expect(openFigures(figure(zeros, "Allocation by theme"), "Allocation by theme")).toEqual([
      ["A", "£0.00"],
      ["B", "£0.00"],
    ]);
  });

  it("leaves a figure that is not known undrawn and says 'not known' in the table", () => {
    const container = show([chartOf("barClustered", ["L-1", "L-2"], [[1000.5, null], [null, 250]])]);
    const fig = figure(container, "Spend against");
    expect(rects(fig).map((r) => `${r.dataset["category"]}/${r.dataset["series"]}`)).toEqual(["L-1/Allocation", "L-2/Spend to date"]);
    expect(openFigures(fig, "Spend against allocation by line")).toEqual([
      ["L-1", "£1,000.50", "not known"],
      ["L-2", "not known", "£250.00"],
    ]);
    expect(container.innerHTML).not.toMatch(/NaN/);

    const pie = show([chartOf("pie", ["Known", "Unknown"], [[500, null]])]);
    expect(pie.querySelectorAll("svg[role='img'] [data-category]")).toHaveLength(1);
    expect(pie.innerHTML).not.toMatch(/NaN/);
  });

  it("draws a negative figure (a refund) to the left of zero, and cuts long names to fit the pane's width", () => {
    const long = "Serious Organised Crime & Serious Acquisitive Crime in the Borough of Sefton";
    const fig = figure(show([chartOf("barClustered", [long, "B"], [[1000, 500], [-250, 400]])]), "Spend against");
    const bars = rects(fig);
    const refund = bars.find((r) => r.dataset["value"] === "-250");
    const allocation = bars.find((r) => r.dataset["value"] === "1000");
    expect(refund).toBeDefined();
    expect(num(refund ?? fig, "x") + num(refund ?? fig, "width")).toBeCloseTo(num(allocation ?? fig, "x"), 1);
    const svg = fig.querySelector("svg[role='img']");
    const [, , width] = (svg?.getAttribute("viewBox") ?? "").split(" ").map(Number);
    expect(width).toBe(320);
    for (const r of bars) expect(num(r, "x") + num(r, "width")).toBeLessThanOrEqual(320);
    const names = Array.from(svg?.querySelectorAll("text") ?? [], (t) => t.textContent ?? "");
    expect(names).toContain(fitLabel(long, 48));
    expect(names.every((n) => n.length <= 48)).toBe(true);
  });
});

describe("chart geometry", () => {
  it("pie slices cover the circle clockwise from twelve o'clock, with a large arc only past half", () => {
    const slices = pieSlices([3, 1, null, 0], 100, 100, 50);
    expect(slices.map((s) => s.index)).toEqual([0, 1]);
    expect(slices.reduce((t, s) => t + s.share, 0)).toBeCloseTo(1, 12);
    const [big, small] = slices;
    expect(big?.whole === false ? big.path : "").toBe("M 100 100 L 100 50 A 50 50 0 1 1 50 100 Z");
    expect(small?.whole === false ? small.path : "").toBe("M 100 100 L 50 100 A 50 50 0 0 1 100 50 Z");
    expect(pieSlices([0, 0], 0, 0, 1)).toEqual([]);
    expect(pieSlices([-5, 5], 0, 0, 1)).toEqual([{ index: 1, share: 1, whole: true, mark: { x: 0, y: 0 } }]);
    // A slice's number sits inside it, half-way round its arc: the first slice (twelve to nine o'clock) has it down and to the right.
    expect(big?.mark).toEqual({ x: 124.75, y: 124.75 });
  });

  it("scales start at zero and end on a round number, 100 at least for percentages of target", () => {
    expect([119000, 118.3, 26.2, 0.4, 0].map(niceCeiling)).toEqual([120000, 120, 30, 0.4, 1]);
    const money = linearScale([119000, 59350, null], 0, 300);
    expect([money.min, money.max, money.at(0), money.at(60000), money.at(120000)]).toEqual([0, 120000, 0, 150, 300]);
    const percent = linearScale([50], 150, 10, 100);
    expect([percent.max, percent.at(100)]).toEqual([100, 10]);
    const refund = linearScale([-250, 1000], 0, 100);
    expect([refund.min, refund.max]).toEqual([-250, 1000]);
  });
});

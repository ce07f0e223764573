/**
 * The summary's charts (docs/summary.md, "Charts"): what each draws, the cap on categories
 * and how what is left out is said, and that the theme pie still adds up exactly.
 */
import { CHART_MAX_CATEGORIES, chartRows, OTHER_THEMES, summaryCharts } from "../../../src/plan/boardpack/charts";
import { summaryOf } from "../../../src/plan/boardpack/summary";
import { moneyCell } from "../../../src/plan/boardpack/tables";
import type { Plan } from "../../../src/plan/model";
import type { Quarter } from "../../../src/plan/periods";
import { generatePlan } from "../../support/generate";
import { checked, exampleWorkbook, memoryPlan } from "../../support/plans";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };

const pennies = (values: readonly (number | null)[]): number => values.reduce<number>((sum, v) => sum + Math.round((v ?? 0) * 100), 0);

let example: Plan;
let large: Plan;
beforeAll(async () => {
  example = (await checked(await exampleWorkbook(), { asAt: Q2 })).plan;
  large = (await checked(await memoryPlan(generatePlan(60, 2, 3, 7)), { asAt: Q2 })).plan;
}, 60_000);

describe("the example's charts", () => {
  it("draw allocation by theme, spend against allocation per line and measures against target, from the summary's figures", () => {
    const s = summaryOf(example, Q2);
    const [themes, lines, measures] = summaryCharts(s);
    expect(themes?.categories).toEqual(s.themes.map((t) => t.theme));
    expect(themes?.series[0]?.values).toEqual(s.themes.map((t) => moneyCell(t.allocation)));
    expect(lines?.categories).toEqual(s.lines.map((l) => l.id));
    expect(lines?.series.map((x) => x.name)).toEqual(["Allocation", "Spend to date"]);
    expect(lines?.series[1]?.values).toEqual(s.lines.map((l) => moneyCell(l.spendToDate)));
    const known = s.measures.filter((m) => m.percentOfTarget !== null);
    expect(known.length).toBeGreaterThan(CHART_MAX_CATEGORIES);
    expect(measures?.categories).toEqual(known.slice(0, CHART_MAX_CATEGORIES).map((m) => m.id));
    expect(measures?.note).toContain(`The first ${CHART_MAX_CATEGORIES} of ${known.length} measures with a target to date.`);
    expect(themes?.note).toBeNull();
    expect(lines?.note).toBeNull();
  });

  it("give as a table, row by row, the same figures they draw", () => {
    const [themes] = summaryCharts(summaryOf(example, Q2));
    if (themes === undefined) throw new Error("no chart");
    expect(chartRows(themes)).toEqual(themes.categories.map((c, i) => [c, themes.series[0]?.values[i]]));
  });
});

describe("a plan with more lines and themes than a chart can show", () => {
  it("draws the largest lines by allocation, in the plan's order, and says how many there are", () => {
    const s = summaryOf(large, Q2);
    expect(s.lines.length).toBeGreaterThan(CHART_MAX_CATEGORIES);
    const [, lines] = summaryCharts(s);
    expect(lines?.categories).toHaveLength(CHART_MAX_CATEGORIES);
    const smallestShown = Math.min(...(lines?.series[0]?.values.map((v) => v ?? 0) ?? []));
    const shown = new Set(lines?.categories);
    for (const l of s.lines) if (!shown.has(l.id)) expect(moneyCell(l.allocation) ?? 0).toBeLessThanOrEqual(smallestShown);
    const order = s.lines.map((l) => l.id).filter((id) => shown.has(id));
    expect(lines?.categories).toEqual(order);
    expect(lines?.note).toBe(`The ${CHART_MAX_CATEGORIES} largest of ${s.lines.length} lines by allocation.`);
  });

  it("puts the smaller themes together so that the pie still adds up to the total allocation exactly", () => {
    const s = summaryOf(large, Q2);
    const [themes] = summaryCharts(s, 3);
    if (s.themes.length <= 3) throw new Error("the generated plan has too few themes for this test");
    expect(themes?.categories).toHaveLength(3);
    expect(themes?.categories[2]).toBe(OTHER_THEMES);
    expect(pennies(themes?.series[0]?.values ?? [])).toBe(Math.round((moneyCell(s.lineTotals.allocation) ?? 0) * 100));
    expect(themes?.note).toContain(`of ${s.themes.length} themes`);
  });
});

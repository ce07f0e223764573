/**
 * "Refresh summary" through the Excel host, over the strict fake of Excel that counts syncs
 * and measures requests (issue 8's acceptance): the example's Summary sheet as at
 * 2020/21-Q2 holds the figures of `grant-planner progress --json` to the penny, with its
 * three native charts; a refresh is one read sync and a bounded number of write syncs for
 * 10,000 lines, every request under Excel on the web's 5 MB; an edited sheet is told apart
 * from an untouched one, and keeping it leaves it under another name, as it was.
 */
import { progressJson } from "../../src/cli/progress";
import { buildSummary, keptSheetName, refreshSummaryChanges, summaryLayout, type SummaryLayout, summarySheetState, SUMMARY_TITLE } from "../../src/plan/boardpack/sheet";
import type { CellValue } from "../../src/plan/cell";
import type { Change } from "../../src/plan/changes";
import { checkWorkbook } from "../../src/plan/checks";
import type { Plan } from "../../src/plan/model";
import type { Quarter } from "../../src/plan/periods";
import type { RawWorkbook } from "../../src/plan/raw";
import { progressOf } from "../../src/plan/returns/progress";
import { SUMMARY_SHEET } from "../../src/plan/schema";
import { setupChanges } from "../../src/plan/actions";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { generatePlan } from "../support/generate";
import { summaryTableRows, summaryValues } from "../support/summarySheet";
import { excel, plannedExcel, SEFTON } from "./hosts";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };
const WEB_REQUEST_LIMIT = 5 * 1024 * 1024;

function planFrom(raw: RawWorkbook): Plan {
  const result = checkWorkbook(raw, { asAt: Q2 });
  if (result.status !== "plan") throw new Error(result.reason);
  return result.plan;
}

function layoutFor(plan: Plan): SummaryLayout {
  const built = buildSummary(plan, { asAt: Q2, grantId: null, planName: "", marking: "OFFICIAL-SENSITIVE", today: "2026-12-01", generatedBy: "the Grant Planner add-in" });
  return summaryLayout(built.heading, built.tables, built.charts, { drawCharts: true, stamp: true });
}

function refresh(raw: RawWorkbook, plan: Plan, choice: "replace" | "keep" = "replace"): Change[] {
  const changes = refreshSummaryChanges(raw, layoutFor(plan), { marking: "OFFICIAL-SENSITIVE", title: SUMMARY_TITLE }, choice);
  if (changes === null) throw new Error("refused");
  return changes;
}

const pounds = (v: CellValue): string => (typeof v === "number" ? v.toFixed(2) : `not a number: ${String(v)}`);

describe("Refresh summary in Excel, the example as at 2020/21-Q2", () => {
  it("writes the Summary sheet with the figures of progress --json to the penny, and three native charts", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.maxRequestBytes = WEB_REQUEST_LIMIT;
    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    const plan = planFrom(raw);
    const outcome = await host.apply(refresh(raw, plan));
    expect(outcome).toMatchObject({ ok: true });

    fake.syncs = 0;
    const after = await host.read();
    expect(fake.syncs).toBe(1);
    const json = progressJson("example.xlsx", progressOf(plan, Q2), []);
    const grants = summaryTableRows(summaryValues(after), "Grants");
    expect(grants.slice(0, -1).map((r) => [r[0], pounds(r[2] ?? null), pounds(r[3] ?? null), pounds(r[5] ?? null), pounds(r[6] ?? null)])).toEqual(
      json.grants.map((g) => [g.id, g.award, g.allocated, g.spendToDate, g.remaining]),
    );
    const lines = summaryTableRows(summaryValues(after), "Lines");
    const jsonLines = json.grants.flatMap((g) => g.lines);
    expect(lines.slice(0, -1).map((r) => [r[0], pounds(r[4] ?? null), pounds(r[5] ?? null), r[8] ?? ""])).toEqual(jsonLines.map((l) => [l.id, l.allocation, l.spendToDate, l.status]));

    const charts = fake.chartsOn(SUMMARY_SHEET);
    expect(charts.map((c) => [c.type, c.title])).toEqual([
      ["Pie", "Allocation by theme"],
      ["BarClustered", "Spend against allocation by line"],
      ["ColumnClustered", "Measures: achieved against target to date"],
    ]);
    expect(summarySheetState(after)).toEqual({ kind: "unchanged" });
    // Rows of wrapped commentary are tall enough for every line.
    const layout = layoutFor(plan);
    expect(layout.rowHeights.length).toBeGreaterThan(0);
    for (const { row, points } of layout.rowHeights) expect(fake.height(SUMMARY_SHEET, row)).toBe(points);
  });

  it("tells an edited sheet, and keeping it leaves the old sheet as it was under another name", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const raw = await host.read();
    const plan = planFrom(raw);
    expect(await host.apply(refresh(raw, plan))).toMatchObject({ ok: true });
    // A person types over a figure on the Summary sheet.
    const grantsRow = summaryValues(await host.read()).findIndex((row) => row[0] === "Grants") + 3;
    fake.type(SUMMARY_SHEET, `C${grantsRow}`, 1);
    const edited = await host.read();
    expect(summarySheetState(edited)).toEqual({ kind: "edited" });
    const editedValues = summaryValues(edited);
    const kept = keptSheetName(edited);

    expect(await host.apply(refresh(edited, plan, "keep"))).toMatchObject({ ok: true });
    const after = await host.read();
    expect(after.sheets.map((s) => s.name)).toEqual(expect.arrayContaining([SUMMARY_SHEET, kept]));
    expect(summarySheetState(after)).toEqual({ kind: "unchanged" });
    // The kept sheet still holds what the person typed, and the rest as it was.
    expect(editedValues[grantsRow - 1]?.[2]).toBe(1);
    expect(fake.value(kept, `C${grantsRow}`)).toBe(1);
    expect(fake.value(kept, `A${grantsRow}`)).toBe(editedValues[grantsRow - 1]?.[0]);
    expect(fake.chartsOn(kept)).toHaveLength(3);
  });

  it("never deletes a sheet called Summary that Grant Planner did not build", async () => {
    const { host } = await plannedExcel(SEFTON);
    expect(await host.apply([{ kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false }, { kind: "setCells", sheet: SUMMARY_SHEET, cells: [{ address: "A1", value: "Minutes" }] }])).toMatchObject({ ok: true });
    const raw = await host.read();
    expect(summarySheetState(raw)).toEqual({ kind: "foreign" });
    expect(refreshSummaryChanges(raw, layoutFor(planFrom(raw)), { marking: "", title: SUMMARY_TITLE }, "replace")).toBeNull();
  });
});

describe("Refresh summary for 10,000 lines", () => {
  it("is one read sync and a bounded number of write syncs, each request under 5 MB", async () => {
    // The plan is read in memory: only the summary's writing into Excel, and reading it back, is measured here.
    const memory = new MemoryWorkbook();
    const setup = setupChanges(await memory.read(), generatePlan(10_000, 4, 10), "test", "Grant Planner tests");
    expect(await memory.apply(setup.changes)).toMatchObject({ ok: true });
    const plan = planFrom(await memory.read());

    const { fake, host } = excel();
    fake.maxRequestBytes = WEB_REQUEST_LIMIT;
    const empty = await host.read();
    const layout = layoutFor(plan);
    expect(layout.rows.length).toBeGreaterThan(50_000);
    fake.syncs = 0;
    const outcome = await host.apply(refresh(empty, plan));
    expect(outcome).toMatchObject({ ok: true });
    expect(fake.syncs).toBeGreaterThan(1);
    expect(fake.syncs).toBeLessThanOrEqual(12);
    expect(Math.max(...fake.requestBytes)).toBeLessThan(WEB_REQUEST_LIMIT);

    fake.syncs = 0;
    const back = await host.read();
    expect(fake.syncs).toBe(1);
    expect(summaryValues(back).length).toBe(layout.rows.length);
    expect(summarySheetState(back)).toEqual({ kind: "unchanged" });
  }, 120_000);
});

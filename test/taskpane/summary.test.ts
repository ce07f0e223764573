/** The Summary view's logic: what a refresh asks first, the action it runs, the exports' names and bytes. */
import { summaryCsv } from "../../src/plan/boardpack/csv";
import { summaryLayout } from "../../src/plan/boardpack/sheet";
import { checkWorkbook } from "../../src/plan/checks";
import type { Quarter } from "../../src/plan/periods";
import { progressOf } from "../../src/plan/returns/progress";
import { csvBytes, exportFileName, refreshPrompt, refreshSummaryAction, type SummaryChoice, summaryFor, workbookBytes } from "../../src/taskpane/summary";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { checked, exampleWorkbook } from "../support/plans";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import { summaryTableRows, summaryValues } from "../support/summarySheet";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };
const CHOICE: SummaryChoice = { asAt: Q2, grantId: null, planName: "sefton-2020-21.xlsx", today: "2020-10-05" };

async function refreshed(wb: MemoryWorkbook, sheet: "replace" | "keep" = "replace", confirmed = false): Promise<string | null> {
  const raw = await wb.read();
  const computed = refreshSummaryAction({ choice: CHOICE, sheet, confirmed, drawCharts: false }).compute(raw, checkWorkbook(raw));
  if ("notPossible" in computed) return computed.notPossible;
  const outcome = await wb.apply(computed.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return null;
}

describe("export file names", () => {
  it("name the quarter, and the grant when there is one, in characters every file system takes", () => {
    expect(exportFileName(Q2, null, "xlsx")).toBe("Summary 2020-21 Q2.xlsx");
    expect(exportFileName({ year: { startYear: 2021 }, quarter: 4 }, "CRG", "csv")).toBe("Summary CRG 2021-22 Q4.csv");
    expect(exportFileName(Q2, 'A/B:"C"', "csv")).toBe("Summary A-B--C- 2020-21 Q2.csv");
  });
});

describe("what a refresh asks first", () => {
  it("asks nothing without a Summary sheet or with the add-in's own as built, and asks once it is edited", async () => {
    const wb = await exampleWorkbook();
    expect(refreshPrompt(await wb.read())).toEqual({ kind: "none" });
    expect(await refreshed(wb)).toBeNull();
    expect(refreshPrompt(await wb.read())).toEqual({ kind: "none" });
    wb.setValue("Summary", "B40", "typed by someone");
    expect(refreshPrompt(await wb.read())).toEqual({ kind: "edited", keptName: "Summary (old)" });
  });

  it("says a sheet the add-in did not build is in the way, with the name it would be kept under", async () => {
    const wb = await exampleWorkbook();
    wb.addSheet("Summary").cells.set("A1", "Our own notes");
    wb.addSheet("Summary (old)");
    expect(refreshPrompt(await wb.read())).toEqual({ kind: "foreign", keptName: "Summary (old 2)" });
  });
});

describe("the Refresh summary action", () => {
  it("writes the grants' figures of progress to the penny, with the plan's name and the add-in in the heading", async () => {
    const wb = await exampleWorkbook();
    expect(await refreshed(wb)).toBeNull();
    const raw = await wb.read();
    const values = summaryValues(raw);
    expect(values.slice(0, 6).map((r) => r[0])).toEqual(expect.arrayContaining(["Plan: sefton-2020-21.xlsx", "As at: 2020/21-Q2", "Generated on 05/10/2020 by the Grant Planner add-in"]));
    const { plan } = await checked(wb);
    const progress = progressOf(plan, Q2);
    const rows = summaryTableRows(values, "Grants");
    expect(rows.map((r) => r[0])).toEqual([...progress.grants.map((g) => g.id), "Total"]);
    for (const g of progress.grants) {
      const row = rows.find((r) => r[0] === g.id) ?? [];
      const pounds = (i: number) => (typeof row[i] === "number" ? row[i].toFixed(2) : null);
      expect([pounds(2), pounds(3), pounds(5), pounds(6)]).toEqual([g.award, g.allocated, g.spendToDate, g.remaining].map((m) => m?.toFixed(2) ?? null));
    }
  });

  it("refuses to replace a sheet edited since it was built unless the person said so, and replaces it when they did", async () => {
    const wb = await exampleWorkbook();
    await refreshed(wb);
    wb.setValue("Summary", "B40", "typed by someone");
    expect(await refreshed(wb, "replace", false)).toMatch(/was changed since Grant Planner built it, so nothing was written/);
    expect(wb.value("Summary", "B40")).toBe("typed by someone");
    expect(await refreshed(wb, "replace", true)).toBeNull();
    expect(wb.value("Summary", "B40")).not.toBe("typed by someone");
    expect(wb.sheet("Summary (old)")).toBeUndefined();
  });

  it("never deletes a sheet it did not build: replacing is refused, keeping renames it", async () => {
    const wb = await exampleWorkbook();
    wb.addSheet("Summary").cells.set("A1", "Our own notes");
    expect(await refreshed(wb, "replace", true)).toMatch(/did not build is in the way/);
    expect(wb.value("Summary", "A1")).toBe("Our own notes");
    expect(await refreshed(wb, "keep", true)).toBeNull();
    expect(wb.value("Summary (old)", "A1")).toBe("Our own notes");
    expect(refreshPrompt(await wb.read())).toEqual({ kind: "none" });
  });
});

describe("the exports", () => {
  it("CSV: the core's CSV of the tables after the heading, as UTF-8 with a byte order mark", async () => {
    const wb = await exampleWorkbook();
    const raw = await wb.read();
    const built = summaryFor((await checked(wb)).plan, raw, CHOICE);
    const bytes = csvBytes(built);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(summaryCsv(built.tables, built.heading));
  });

  it("workbook: one Summary sheet of the layout's values, no stamp, the charts' note in their place", async () => {
    const wb = await exampleWorkbook();
    const raw = await wb.read();
    const built = summaryFor((await checked(wb)).plan, raw, CHOICE);
    const book = await XlsxWorkbook.fromBuffer(await workbookBytes(built, ""));
    const read = await book.read();
    expect(read.sheets.map((s) => s.name)).toEqual(["Summary"]);
    const layout = summaryLayout(built.heading, built.tables, built.charts, { stamp: false, drawCharts: false });
    const values = summaryValues(read);
    expect(values.length).toBe(layout.rows.length);
    const grants = built.tables.find((t) => t.title === "Grants");
    expect(summaryTableRows(values, "Grants").map((r) => r.slice(0, grants?.headers.length))).toEqual(grants?.rows.map((r) => r.map((v) => (v === "" ? null : v))));
    expect(values.some((r) => typeof r[0] === "string" && r[0].startsWith("Built by Grant Planner."))).toBe(false);
  }, 60_000);
});

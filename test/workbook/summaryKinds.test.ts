/**
 * The change kinds of the board summary in the in-memory reference host, beyond the shared
 * contract: what it records of formats, column widths, page setup and charts (for tests of
 * the actions that send them), the owned sheet it reads (and leaves unread past
 * OWNED_SHEET_MAX_CELLS), the checks that refuse a whole action, and a kind it does not
 * know refused rather than passed over.
 */
import { LAST_ROW } from "../../src/plan/cell";
import { type Change, describeChange } from "../../src/plan/changes";
import { OWNED_SHEET_MAX_CELLS, SUMMARY_SHEET } from "../../src/plan/schema";
import { pageFooter, pageHeader } from "../../src/plan/sheetChanges";
import { MemoryWorkbook } from "../../src/workbook/memory";

/** A workbook with a visible "Lines" sheet holding a one-row table, and an empty Summary. */
function workbook(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  wb.addSheet("Lines");
  wb.setValue("Lines", "A1", "Line ID");
  wb.setValue("Lines", "A2", "CRG-01");
  wb.tables.push({ name: "tblLines", sheet: "Lines", headerRow: 0, firstColumn: 0, width: 1, height: 1 });
  wb.addSheet(SUMMARY_SHEET);
  return wb;
}

const written = (changes: readonly Change[]): string[] => changes.filter((c) => c.kind !== "expect").map(describeChange);

async function owned(wb: MemoryWorkbook) {
  return (await wb.read()).ownedSheets;
}

describe("the in-memory host: sheets the add-in owns", () => {
  it("writes a block where it is asked, keeping text that looks like a formula, a number or a date as text", async () => {
    const wb = workbook();
    const change: Change = { kind: "setBlock", sheet: SUMMARY_SHEET, row: 2, column: 1, rows: [["=SUM(A1:A2)", 12.5, "01/04/2020"], [null, true, "@risk"]] };
    expect(await wb.apply([change])).toEqual({ ok: true, written: [describeChange(change)] });
    expect(["B3", "C3", "D3", "B4", "C4", "D4"].map((a) => wb.input(SUMMARY_SHEET, a))).toEqual(["=SUM(A1:A2)", 12.5, "01/04/2020", null, true, "@risk"]);
    expect(await owned(wb)).toEqual([
      {
        sheet: SUMMARY_SHEET,
        values: [
          [null, null, null, null],
          [null, null, null, null],
          [null, "=SUM(A1:A2)", 12.5, "01/04/2020"],
          [null, null, true, "@risk"],
        ],
      },
    ]);
  });

  it("reads an owned sheet's formula by its stored result, an empty text as empty, and gives no values past the cell limit", async () => {
    const wb = workbook();
    wb.setValue(SUMMARY_SHEET, "A1", { formula: "1+1", result: 2 });
    wb.setValue(SUMMARY_SHEET, "B1", "");
    expect(await owned(wb)).toEqual([{ sheet: SUMMARY_SHEET, values: [[2]] }]);
    // Column B down to the sheet's last row: 2 × 1,048,576 cells, more than the limit.
    expect(2 * (LAST_ROW + 1)).toBeGreaterThan(OWNED_SHEET_MAX_CELLS);
    wb.setValue(SUMMARY_SHEET, `B${LAST_ROW + 1}`, "far down");
    expect(await owned(wb)).toEqual([{ sheet: SUMMARY_SHEET, values: null }]);
  });

  it("lists only the owned sheets that exist, under the name they have (matched ignoring case)", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("Lines");
    expect(await owned(wb)).toEqual([]);
    wb.addSheet("SUMMARY");
    expect(await owned(wb)).toEqual([{ sheet: "SUMMARY", values: [] }]);
  });

  it("records formats in order, with their ranges in one form, and the column widths set", async () => {
    const wb = workbook();
    const change: Change = {
      kind: "formatCells",
      sheet: SUMMARY_SHEET,
      formats: [
        { range: "$c$9:I14", numberFormat: '"£"#,##0.00;[Red]-"£"#,##0.00' },
        { range: "A8", bold: true, fontSize: 12 },
        { range: "J9:J14", wrap: true, vertical: "top", horizontal: "left" },
      ],
      columnWidths: [30, null, 14],
      rowHeights: [{ row: 9, points: 45 }],
    };
    expect(await wb.apply([change])).toEqual({ ok: true, written: [describeChange(change)] });
    expect([...(wb.sheet(SUMMARY_SHEET)?.rowHeights ?? new Map<number, number>())]).toEqual([[9, 45]]);
    const sheet = wb.sheet(SUMMARY_SHEET);
    expect(sheet?.formats).toEqual([
      { range: "C9:I14", numberFormat: '"£"#,##0.00;[Red]-"£"#,##0.00' },
      { range: "A8", bold: true, fontSize: 12 },
      { range: "J9:J14", wrap: true, vertical: "top", horizontal: "left" },
    ]);
    expect([...(sheet?.columnWidths ?? new Map<number, number>())]).toEqual([
      [0, 30],
      [2, 14],
    ]);
  });

  it.each<[string, Change]>([
    ["a range with a sheet in it", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [{ range: "Summary!A1", bold: true }], columnWidths: [] }],
    ["a whole column", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [{ range: "C:C", bold: true }], columnWidths: [] }],
    ["a column wider than Excel's widest", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [], columnWidths: [256] }],
    ["a font of no size", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [{ range: "A1", fontSize: 0 }], columnWidths: [] }],
    ["a row taller than Excel's tallest", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [], columnWidths: [], rowHeights: [{ row: 1, points: 410 }] }],
    ["a height for a row before the first", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [], columnWidths: [], rowHeights: [{ row: -1, points: 30 }] }],
    ["a range of more cells than one change may format", { kind: "formatCells", sheet: SUMMARY_SHEET, formats: [{ range: "A1:XFD1048576", bold: true }], columnWidths: [] }],
    ["title rows that are not rows", { kind: "pageSetup", sheet: SUMMARY_SHEET, printTitleRows: "A1:B6", marking: "", title: "Grant Planner summary" }],
    ["a chart over a range that is not one", { kind: "addChart", sheet: SUMMARY_SHEET, chart: "pie", title: "Allocation by theme", source: "A1:B5", anchor: "K2:" }],
    ["a block that runs off the sheet", { kind: "setBlock", sheet: SUMMARY_SHEET, row: LAST_ROW, column: 0, rows: [["a"], ["b"]] }],
    ["a chart on a sheet that does not exist", { kind: "addChart", sheet: "Nowhere", chart: "pie", title: "Allocation by theme", source: "A1:B5", anchor: "K2:R20" }],
  ])("refuses %s, writing nothing of it", async (_what, change) => {
    const wb = workbook();
    const outcome = await wb.apply([change]);
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining("was not written"), written: [], notWritten: [describeChange(change)] });
    const sheet = wb.sheet(SUMMARY_SHEET);
    expect([sheet?.formats, sheet?.columnWidths.size, sheet?.pageSetup, sheet?.charts, sheet?.cells.size]).toEqual([[], 0, null, [], 0]);
  });

  it("records the page setup: A4 landscape, one page wide, the title rows, the marking in the header and footer with & doubled", async () => {
    const wb = workbook();
    const change: Change = { kind: "pageSetup", sheet: SUMMARY_SHEET, printTitleRows: "$1:$6", marking: "OFFICIAL & SENSITIVE", title: "Grant Planner summary" };
    expect(await wb.apply([change])).toEqual({ ok: true, written: [describeChange(change)] });
    expect(wb.sheet(SUMMARY_SHEET)?.pageSetup).toEqual({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitleRows: "1:6",
      header: '&C&"-,Bold"OFFICIAL && SENSITIVE&RGrant Planner summary',
      footer: '&C&"-,Bold"OFFICIAL && SENSITIVE&RPage &P of &N',
    });
  });

  it("writes a header and footer without a centre section when the plan has no marking", () => {
    expect(pageHeader("", "R&D summary")).toBe("&RR&&D summary");
    expect(pageFooter("")).toBe("&RPage &P of &N");
  });

  it("records each chart: its kind, title, data and place", async () => {
    const wb = workbook();
    const charts: Change[] = [
      { kind: "addChart", sheet: SUMMARY_SHEET, chart: "pie", title: "Allocation by theme", source: "$A$30:$B$36", anchor: "K2:R20" },
      { kind: "addChart", sheet: SUMMARY_SHEET, chart: "barClustered", title: "Spend against allocation", source: "A40:C52", anchor: "k22:r40" },
    ];
    expect(await wb.apply(charts)).toEqual({ ok: true, written: written(charts) });
    expect(wb.sheet(SUMMARY_SHEET)?.charts).toEqual([
      { chart: "pie", title: "Allocation by theme", source: "A30:B36", anchor: "K2:R20" },
      { chart: "barClustered", title: "Spend against allocation", source: "A40:C52", anchor: "K22:R40" },
    ]);
  });

  it("deletes a sheet with its tables, and renames one with its tables", async () => {
    const wb = workbook();
    const rename: Change = { kind: "renameSheet", sheet: "lines", to: "Activity lines" };
    expect(await wb.apply([rename])).toEqual({ ok: true, written: [describeChange(rename)] });
    expect(wb.tables.map((t) => t.sheet)).toEqual(["Activity lines"]);
    expect((await wb.read()).tables.map((t) => [t.name, t.sheet, t.rows])).toEqual([["tblLines", "Activity lines", [["CRG-01"]]]]);
    const remove: Change = { kind: "deleteSheet", sheet: "Activity lines" };
    expect(await wb.apply([remove])).toEqual({ ok: true, written: [describeChange(remove)] });
    expect(wb.tables).toEqual([]);
    expect((await wb.read()).sheets).toEqual([{ name: SUMMARY_SHEET, visible: true }]);
  });

  it.each<[string, Change[]]>([
    ["the only visible sheet deleted", [{ kind: "deleteSheet", sheet: "Lines" }, { kind: "deleteSheet", sheet: SUMMARY_SHEET }]],
    ["a sheet renamed History", [{ kind: "renameSheet", sheet: SUMMARY_SHEET, to: "history" }]],
    ["a sheet renamed onto a name an earlier change of the action gave", [{ kind: "renameSheet", sheet: "Lines", to: "Board" }, { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "BOARD" }]],
    ["a sheet written after an earlier change deleted it", [{ kind: "deleteSheet", sheet: SUMMARY_SHEET }, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows: [["x"]] }]],
  ])("refuses an action with %s before writing any of it", async (_what, changes) => {
    const wb = workbook();
    const all: Change[] = [{ kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows: [["first"]] }, ...changes];
    const outcome = await wb.apply(all);
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining("None of the action's changes were written"), written: [], notWritten: written(all) });
    expect(wb.sheets.map((s) => s.name)).toEqual(["Lines", SUMMARY_SHEET]);
    expect(wb.input(SUMMARY_SHEET, "A1")).toBeNull();
  });

  it("refuses a change of a kind it does not know, rather than passing over it", async () => {
    const wb = workbook();
    // A change from a newer core, as it would come from elsewhere (parsed, not built here).
    const future: Change = JSON.parse('{"kind":"addSparkline","sheet":"Summary","range":"K2:K9"}');
    const outcome = await wb.apply([future]);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.message).toContain('cannot write a change of kind "addSparkline"');
  });
});

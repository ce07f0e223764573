/**
 * The .xlsx host: plans set up through the real setup action survive being written to
 * bytes and read back, edits made by actions survive too and are seen by the core, and
 * files our host did not write are read correctly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Workbook, type Worksheet } from "exceljs";
import { addLineChanges, allocationChanges, setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import { money } from "../../src/plan/money";
import type { RawWorkbook } from "../../src/plan/raw";
import { LINE_PROGRESS_TABLE, LINES, MEASURE_PROGRESS_TABLE, META_SHEET, MONEY_FORMAT, RETURN_TABLES, SCHEMA_VERSION, TABLES, TEXT_FORMAT } from "../../src/plan/schema";
import { summarise, summaryToJson } from "../../src/plan/summary";
import { BLANK_PLAN, type PlanData } from "../../src/plan/template";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { XlsxReadError, XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { asIfFromExcel, exampleData, FOREIGN_LAYOUT, foreignPlan, hostPlan, hostPlanBytes, notAPlan, roundTrip } from "../fixtures/workbooks";
import { settingsKeyOnLastRow, wholeSheetMerge, wholeSheetTable, wholeSheetValidation } from "../fixtures/hostile";
import { editPart, readZip, sheetPart, text, utf8, writeZip, type ZipEntries } from "../fixtures/zip";
import { EXAMPLE_RETURNS_ALL_IN, newLine, planFindings } from "../support/plans";

/** Checked as at 2020/21-Q1, when every return of the example is in: only the plan's own findings show. */
async function checked(wb: XlsxWorkbook): Promise<{ plan: Plan; findings: readonly Finding[] }> {
  const result = checkWorkbook(await wb.read(), { asAt: EXAMPLE_RETURNS_ALL_IN });
  if (result.status !== "plan") throw new Error(result.reason);
  return { plan: result.plan, findings: result.findings };
}

const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);

/** The exceljs view of a written file, for looking at formats, validations and formulas. */
async function reopened(bytes: Uint8Array): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

function sheetOf(wb: Workbook, name: string) {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

const ONE_GRANT: PlanData = {
  grants: [{ id: "PCC", name: "Small grant", funder: "PCC", year: "2021/22", award: "1000.00", eligibleAreas: [], notes: "" }],
  lines: [],
  measures: [],
};

describe("XlsxWorkbook: setting up and reading back a plan", () => {
  it("writes the blank plan as a valid plan with every table and no findings", async () => {
    const wb = await roundTrip(await hostPlan());
    const raw = await wb.read();
    expect(raw.tables.map((t) => t.name)).toEqual([...[...TABLES, ...RETURN_TABLES].map((t) => t.table), LINE_PROGRESS_TABLE, MEASURE_PROGRESS_TABLE]);
    // Excel needs a body row: an empty table gets one blank row (the status key comes filled in).
    expect(raw.tables.map((t) => t.rows.length)).toEqual([1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1]);
    expect(raw.sheets).toContainEqual({ name: META_SHEET, visible: false });
    expect(raw.meta).toEqual({ "Schema version": SCHEMA_VERSION, "Created by": "Grant Planner tests", Template: "blank" });
    const { findings } = await checked(wb);
    expect(findings).toEqual([]);
  });

  it("writes the example so that it checks clean with £332,000.00 and £180,000.00 allocated", async () => {
    const wb = await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
    const { plan, findings } = await checked(wb);
    expect(findings).toEqual([]);
    const json = summarise(plan).map(summaryToJson);
    expect(json.map((g) => [g.id, g.award, g.allocated, g.unallocated])).toEqual([
      ["CRG", "332000.00", "332000.00", "0.00"],
      ["VRP", "180000.00", "180000.00", "0.00"],
    ]);
  });

  it("hands the core the same tables as the in-memory reference host", async () => {
    const memory = new MemoryWorkbook();
    const setup = setupChanges(await memory.read(), exampleData(), "sefton-2020-21", "Grant Planner tests");
    await memory.apply(setup.changes);
    const fromMemory = await memory.read();
    const fromFile = await (await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"))).read();
    const shape = (raw: RawWorkbook) =>
      raw.tables.map(({ name, sheet, headerRow, firstColumn, headers, rows, merged, below }) => ({ name, sheet, headerRow, firstColumn, headers, rows, merged, below }));
    expect(shape(fromFile)).toEqual(shape(fromMemory));
    expect(fromFile.sheets).toEqual(fromMemory.sheets);
  });

  it("keeps tables, number formats, data validations and formulas through the round trip", async () => {
    const bytes = await (await hostPlan(exampleData(), "sefton-2020-21")).toBuffer();
    const wb = await reopened(bytes);
    const lines = sheetOf(wb, "Lines");
    const grants = sheetOf(wb, "Grants");
    // Lines: A Line ID … F Allocation, G Reserve, K Measures.
    expect(lines.getCell("F2").numFmt).toBe(MONEY_FORMAT);
    expect(lines.getCell("A2").numFmt).toBe(TEXT_FORMAT);
    expect(lines.getCell("F2").value).toBe(119000);
    expect(lines.getCell("F2").dataValidation).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual", formulae: [0] });
    expect(lines.getCell("G2").dataValidation).toMatchObject({ type: "list", formulae: ['"Yes,No"'] });
    // The validation reaches below the table, where people add rows.
    expect(lines.getCell("G100").dataValidation).toMatchObject({ type: "list" });
    expect(sheetOf(wb, "Measures").getCell("D2").dataValidation).toMatchObject({ type: "list" });
    expect(grants.getCell("F2").value).toEqual({
      formula: "SUMIFS(tblLines[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])",
      result: 332000,
    });
    expect(grants.getCell("G2").formula).toBe("tblGrants[[#This Row],[Award]]-tblGrants[[#This Row],[Allocated]]");
    expect(grants.getColumn(2).width).toBe(40);
    const host = await XlsxWorkbook.fromBuffer(bytes);
    const raw = await host.read();
    const grantsTable = raw.tables.find((t) => t.name === "tblGrants");
    // A cached result of 0 is read as 0, not lost.
    expect(grantsTable?.rows[0]?.[6]).toBe(0);
    const workbookXml = text(readZip(bytes), "xl/workbook.xml");
    expect(workbookXml).toContain('fullCalcOnLoad="1"');
    const tableXml = [...readZip(bytes).entries()].filter(([name]) => name.startsWith("xl/tables/")).map(([name]) => text(readZip(bytes), name));
    expect(tableXml.some((xml) => xml.includes('name="tblLines"') && xml.includes('ref="A1:K12"'))).toBe(true);
  });

  it("gives an empty table one blank body row that carries its formulas", async () => {
    const wb = await reopened(await (await hostPlan(ONE_GRANT)).toBuffer());
    const lines = sheetOf(wb, "Lines");
    expect(lines.getCell("A2").value).toBeNull();
    expect(lines.getCell("K2").formula).toBe("COUNTIFS(tblMeasures[Line ID],tblLines[[#This Row],[Line ID]])");
  });
});

describe("XlsxWorkbook: edits made by actions survive write and read", () => {
  it("writes an allocation edit as a number in a money cell, and the core sees it", async () => {
    const wb = await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
    const { plan } = await checked(wb);
    const edit = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("120000.00") }]);
    expect(edit.findings).toEqual([]);
    const outcome = await wb.apply(edit.changes);
    expect(outcome).toEqual({ ok: true, written: ["Set the allocation of CRG-01 (Lines!F2) to £120,000.00"] });
    const bytes = await wb.toBuffer();
    const after = await checked(await XlsxWorkbook.fromBuffer(bytes));
    expect(codes(after.findings)).toEqual(["OVER_ALLOCATED"]);
    expect(after.findings[0]?.message).toContain("£1,000.00");
    expect(after.plan.lines.find((l) => l.id === "CRG-01")?.allocation?.toFixed(2)).toBe("120000.00");
    const file = await reopened(bytes);
    const cell = sheetOf(file, "Lines").getCell("F2");
    expect(cell.value).toBe(120000);
    expect(cell.numFmt).toBe(MONEY_FORMAT);
    // The plan's own formulas stay, with the results the core works out after the edit.
    expect(sheetOf(file, "Grants").getCell("F2").value).toEqual({
      formula: "SUMIFS(tblLines[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])",
      result: 333000,
    });
    expect(sheetOf(file, "Grants").getCell("G2").value).toEqual({
      formula: "tblGrants[[#This Row],[Award]]-tblGrants[[#This Row],[Allocated]]",
      result: -1000,
    });
    expect(text(readZip(bytes), "xl/workbook.xml")).toContain('fullCalcOnLoad="1"');
  });

  it("appends a new line below the Lines table and grows the table", async () => {
    const wb = await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
    const { plan } = await checked(wb);
    const add = addLineChanges(plan, NEW_LINE);
    expect(add.changes.map((c) => c.kind)).toEqual(["appendRows"]);
    expect((await wb.apply(add.changes)).ok).toBe(true);
    const bytes = await wb.toBuffer();
    const after = await checked(await XlsxWorkbook.fromBuffer(bytes));
    const line = after.plan.lines.find((l) => l.id === "CRG-07");
    expect(line).toMatchObject({ grantId: "CRG", activity: "Speed awareness in schools", row: 12 });
    expect(after.plan.layouts.lines?.endRow).toBe(13);
    expect(codes(planFindings(after.findings))).toEqual(["LINE_WITHOUT_MEASURES"]);
    const lines = sheetOf(await reopened(bytes), "Lines");
    expect(lines.getCell("F13").numFmt).toBe(MONEY_FORMAT);
    expect(lines.getCell("K13").formula).toBe("COUNTIFS(tblMeasures[Line ID],tblLines[[#This Row],[Line ID]])");
  });

  it("fills the blank row of an empty Lines table rather than appending", async () => {
    const wb = await roundTrip(await hostPlan(ONE_GRANT));
    const { plan } = await checked(wb);
    const add = addLineChanges(plan, {
      id: "PCC-01",
      grantId: "PCC",
      theme: "",
      activity: "Street pastors",
      lead: "",
      allocation: "1000.00",
      isReserve: false,
      priorityAreas: [],
      outcomes: "",
      notes: "",
    });
    expect(add.changes.map((c) => c.kind)).toEqual(["expect", "setCells"]);
    expect((await wb.apply(add.changes)).ok).toBe(true);
    const after = await checked(await roundTrip(wb));
    expect(after.plan.lines.map((l) => [l.id, l.allocation?.toFixed(2)])).toEqual([["PCC-01", "1000.00"]]);
    expect(codes(planFindings(after.findings))).toEqual(["LINE_WITHOUT_MEASURES"]);
  });
});

/**
 * A file of one sheet, Lines, holding tblLines (Line ID, Allocation) from A1 with a Total Row
 * under its one row, CRG-01 £100; `edit` changes the sheet before it is saved.
 */
async function withTotalRow(edit: (ws: Worksheet) => void): Promise<XlsxWorkbook> {
  const wb = new Workbook();
  const ws = wb.addWorksheet("Lines");
  ws.addTable({
    name: "tblLines",
    ref: "A1",
    totalsRow: true,
    style: { theme: "TableStyleLight1" },
    columns: [{ name: "Line ID", totalsRowLabel: "Total" }, { name: "Allocation", totalsRowFunction: "sum" }],
    rows: [["CRG-01", 100]],
  });
  edit(ws);
  return XlsxWorkbook.fromBuffer(new Uint8Array(await wb.xlsx.writeBuffer()));
}

const NEW_LINE = newLine({ theme: "Road safety", activity: "Speed awareness in schools", lead: "Road Safety Team", outcomes: "" });

/** A file of the example plan, changed first through exceljs the way a person would change it in Excel. */
async function editedPlanFile(edit: (wb: Workbook) => void): Promise<XlsxWorkbook> {
  const source = await reopened(await (await hostPlan(exampleData(), "sefton-2020-21")).toBuffer());
  edit(source);
  return XlsxWorkbook.fromBuffer(new Uint8Array(await source.xlsx.writeBuffer()));
}

describe("XlsxWorkbook: the row below a table", () => {
  it("reads the row just below each table, empty cells as null", async () => {
    const wb = await editedPlanFile((file) => {
      sheetOf(file, "Lines").getCell("E13").value = "Total";
      sheetOf(file, "Lines").getCell("F13").value = { formula: "SUM(F2:F12)", result: 512000 };
    });
    const raw = await wb.read();
    const lines = raw.tables.find((t) => t.name === LINES.table);
    expect(lines?.below).toEqual([null, null, null, null, "Total", 512000, null, null, null, null, null]);
    expect(raw.tables.find((t) => t.name === "tblGrants")?.below).toEqual([null, null, null, null, null, null, null, null]);
  });

  it("refuses to add a line over a Total typed under the Lines table, and leaves that cell as it is", async () => {
    const wb = await editedPlanFile((file) => {
      sheetOf(file, "Lines").getCell("E13").value = "Total";
    });
    const { plan } = await checked(wb);
    const add = addLineChanges(plan, NEW_LINE);
    expect(add.changes).toEqual([]);
    expect(codes(add.findings)).toEqual(["ROW_BELOW_NOT_EMPTY"]);
    expect(await wb.apply(add.changes)).toEqual({ ok: true, written: [] });
    const lines = sheetOf(await reopened(await wb.toBuffer()), "Lines");
    expect(lines.getCell("E13").value).toBe("Total");
    expect((await wb.read()).tables.find((t) => t.name === LINES.table)?.rows).toHaveLength(11);
  });

  it("refuses the append itself when asked directly, so no caller can write over the Total", async () => {
    const wb = await editedPlanFile((file) => {
      sheetOf(file, "Lines").getCell("E13").value = "Total";
    });
    const outcome = await wb.apply([{ kind: "appendRows", sheet: "Lines", table: LINES.table, rows: [["CRG-07", "CRG"]] }]);
    expect(outcome.ok).toBe(false);
    expect((await wb.read()).tables.find((t) => t.name === LINES.table)?.below[4]).toBe("Total");
  });
});

describe("XlsxWorkbook: number formats of a loaded file", () => {
  it("gives a new line the last line's own format without changing the cells that share a style", async () => {
    const wb = await editedPlanFile((file) => {
      // The last line's Allocation cell gets a format of its own, as if a person had changed it.
      const cell = sheetOf(file, "Lines").getCell("F12");
      cell.style = { ...cell.style, numFmt: "#,##0.00" };
    });
    const { plan } = await checked(wb);
    const add = addLineChanges(plan, NEW_LINE);
    expect(add.changes.map((c) => c.kind)).toEqual(["appendRows"]);
    expect((await wb.apply(add.changes)).ok).toBe(true);
    const file = await reopened(await wb.toBuffer());
    const lines = sheetOf(file, "Lines");
    const grants = sheetOf(file, "Grants");
    expect(lines.getCell("F13").numFmt).toBe("#,##0.00");
    expect(lines.getCell("F12").numFmt).toBe("#,##0.00");
    // Every other money cell keeps the plan's money format.
    expect(grants.getCell("E2").numFmt).toBe(MONEY_FORMAT);
    expect(lines.getCell("F2").numFmt).toBe(MONEY_FORMAT);
    expect(lines.getCell("F11").numFmt).toBe(MONEY_FORMAT);
    expect(lines.getCell("A13").numFmt).toBe(TEXT_FORMAT);
  });
});

describe("XlsxWorkbook: files our host did not write", () => {
  it("reads a plan laid out by someone else: tables not at A1, columns moved, extra columns", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await foreignPlan());
    const raw = await wb.read();
    const lines = raw.tables.find((t) => t.name === "tblLines");
    expect(lines).toMatchObject({ sheet: "Lines", headerRow: 3, firstColumn: 2, headers: FOREIGN_LAYOUT.lines.headers });
    const { plan, findings } = await checked(wb);
    expect(findings).toEqual([]);
    expect(plan.layouts.lines?.columns["allocation"]).toBe(2);
    expect(plan.lines[0]).toMatchObject({ id: "CRG-01", row: 4 });
    expect(plan.lines[0]?.allocation?.toFixed(2)).toBe("119000.00");
    expect(summarise(plan).map((g) => summaryToJson(g).allocated)).toEqual(["332000.00", "180000.00"]);
  });

  it("reads and edits tables written the way Excel writes them (no header flag, no style)", async () => {
    const bytes = asIfFromExcel(await foreignPlan());
    expect(text(readZip(bytes), "xl/tables/table3.xml")).not.toContain("headerRowCount");
    const wb = await XlsxWorkbook.fromBuffer(bytes);
    const { plan, findings } = await checked(wb);
    expect(findings).toEqual([]);
    const outcome = await wb.apply(allocationChanges(plan, [{ lineId: "VRP-01", amount: money("29000.00") }]).changes);
    expect(outcome.ok).toBe(true);
    const add = addLineChanges(plan, {
      id: "VRP-06",
      grantId: "VRP",
      theme: "",
      activity: "Mentoring",
      lead: "",
      allocation: "1000.00",
      isReserve: false,
      priorityAreas: ["Youth diversion and mentoring"],
      outcomes: "",
      notes: "",
    });
    expect((await wb.apply(add.changes)).ok).toBe(true);
    const after = await checked(await roundTrip(wb));
    expect(after.plan.lines.find((l) => l.id === "VRP-06")?.allocation?.toFixed(2)).toBe("1000.00");
    expect(summarise(after.plan).map((g) => summaryToJson(g).allocated)).toEqual(["332000.00", "180000.00"]);
    // The user's own column and the table's new range are kept.
    const raw = await (await roundTrip(wb)).read();
    expect(raw.tables.find((t) => t.name === "tblLines")?.headers).toContain("Cost centre");
    expect(raw.tables.find((t) => t.name === "tblLines")?.rows).toHaveLength(12);
  });

  it.each([
    ["amounts typed as text", { amountAsText: true }, "AMOUNT_AS_TEXT"],
    ["a #REF! error in an amount", { refErrorInAmount: true }, "CELL_ERROR_VALUE"],
    ["merged cells in the Lines table", { mergedInLines: true }, "MERGED_CELLS"],
    ["a blank row in the middle of Lines", { blankRowInLines: true }, "BLANK_ROW"],
    ["a deleted Allocation column", { deleteLinesColumn: "Allocation" }, "COLUMN_MISSING"],
  ])("turns %s into a finding", async (_what, options, code) => {
    const { findings } = await checked(await XlsxWorkbook.fromBuffer(await foreignPlan(options)));
    expect(codes(findings)).toContain(code);
  });

  it("reads a merged range's covered cells as empty, as Excel shows them", async () => {
    const raw = await (await XlsxWorkbook.fromBuffer(await foreignPlan({ mergedInLines: true }))).read();
    const lines = raw.tables.find((t) => t.name === "tblLines");
    expect(lines?.merged).toEqual(["G5:H5"]);
    expect(lines?.rows[0]?.[4]).toBe("CS-1042");
    expect(lines?.rows[0]?.[5]).toBeNull();
  });

  it("reads every kind of cell value the way a person sees it", async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Lines");
    ws.addTable({
      name: "tblLines",
      ref: "A1",
      style: { theme: "TableStyleLight1" },
      columns: ["Rich", "Link", "Error", "Formula", "Uncalculated", "Errored", "Flag"].map((name) => ({ name })),
      rows: [
        [
          { richText: [{ text: "Youth " }, { text: "work", font: { bold: true } }] },
          { text: "Contract", hyperlink: "https://example.org/contract" },
          { error: "#REF!" },
          { formula: "1+1", result: 2 },
          { formula: "1+2" },
          { formula: "1/0", result: { error: "#DIV/0!" } },
          true,
        ],
      ],
    });
    const host = await XlsxWorkbook.fromBuffer(new Uint8Array(await wb.xlsx.writeBuffer()));
    const raw = await host.read();
    expect(raw.meta).toBeNull();
    expect(raw.tables[0]?.rows[0]).toEqual(["Youth work", "Contract", { error: "#REF!" }, 2, { uncalculated: "1+2" }, { error: "#DIV/0!" }, true]);
  });

  it("reads shared formulas by their results and stores the worked-out results after an edit", async () => {
    const bytes = await foreignPlan();
    const source = await reopened(bytes);
    const grants = sheetOf(source, "Grants");
    // Grants at B3: Award in F, Allocated in G. Make G5 share G4's formula, as Excel does when filling down.
    const formula = "SUMIFS(tblLines[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])";
    // exceljs's declarations leave out the shared-formula fields of the master cell.
    const master = { formula, result: 332000, shareType: "shared", ref: "G4:G5" };
    grants.getCell("G4").value = master;
    grants.getCell("G5").value = { sharedFormula: "G4", result: 180000 };
    const wb = await XlsxWorkbook.fromBuffer(new Uint8Array(await source.xlsx.writeBuffer()));
    const before = await checked(wb);
    expect(before.findings).toEqual([]);
    expect(before.plan.grants.map((g) => g.allocatedInWorkbook)).toEqual([332000, 180000]);
    await wb.apply(allocationChanges(before.plan, [{ lineId: "VRP-01", amount: money("31000.00") }]).changes);
    const after = await checked(await roundTrip(wb));
    expect(after.plan.grants.map((g) => g.allocatedInWorkbook)).toEqual([332000, 181000]);
    expect(codes(after.findings)).toEqual(["OVER_ALLOCATED"]);
  });

  it("adds rows to a table with a Total Row above the totals, which move down and stay the table's last row", async () => {
    const host = await withTotalRow((ws) => {
      ws.getCell("B3").value = { formula: "SUBTOTAL(109,tblLines[Allocation])", result: 100 };
    });
    expect((await host.read()).tables[0]?.rows).toEqual([["CRG-01", 100]]);
    const outcome = await host.apply([{ kind: "appendRows", sheet: "Lines", table: "tblLines", rows: [["CRG-02", 5], ["CRG-03", 7]] }]);
    expect(outcome).toEqual({ ok: true, written: ['Add 2 rows to tblLines on "Lines"'] });
    const bytes = await host.toBuffer();
    const table = (await XlsxWorkbook.fromBuffer(bytes).then((h) => h.read())).tables[0];
    expect(table?.rows).toEqual([
      ["CRG-01", 100],
      ["CRG-02", 5],
      ["CRG-03", 7],
    ]);
    const tableXml = text(readZip(bytes), "xl/tables/table1.xml");
    expect(tableXml).toContain('ref="A1:B5"');
    expect(tableXml).toContain('totalsRowCount="1"');
    const lines = sheetOf(await reopened(bytes), "Lines");
    expect(lines.getCell("A5").value).toBe("Total");
    expect(lines.getCell("B5").formula).toBe("SUBTOTAL(109,tblLines[Allocation])");
    expect([lines.getCell("A3").value, lines.getCell("B3").value]).toEqual(["CRG-02", 5]);
  });

  it("refuses to move a Total Row down over cells someone typed under it", async () => {
    const host = await withTotalRow((ws) => {
      ws.getCell("B4").value = "checked by JS";
    });
    const outcome = await host.apply([{ kind: "appendRows", sheet: "Lines", table: "tblLines", rows: [["CRG-02", 5]] }]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toContain("Lines!B4 already holds a value");
  });

  it("says plainly when the bytes are not an .xlsx workbook", async () => {
    const good = await foreignPlan();
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /^not an \.xlsx file \(the file is empty\)$/],
      [new TextEncoder().encode("Grant,Award\nCRG,332000\n"), /^not an \.xlsx file \(it is not a zip archive\)$/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /older \.xls/],
      [good.subarray(0, Math.floor(good.length / 2)), /^the file is damaged: /],
    ];
    for (const [bytes, message] of cases) {
      const error: unknown = await XlsxWorkbook.fromBuffer(bytes).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(XlsxReadError);
      expect(error instanceof Error ? error.message : "").toMatch(message);
    }
  });

  it("reads an ordinary workbook as one that is not a plan", async () => {
    const result = checkWorkbook(await (await XlsxWorkbook.fromBuffer(await notAPlan())).read());
    expect(result.status).toBe("not-a-plan");
  });
});

describe("XlsxWorkbook: apply reports exactly what was written", () => {
  it("stops at a change it cannot write, writes none of the action and says so", async () => {
    const wb = XlsxWorkbook.empty();
    const outcome = await wb.apply([
      { kind: "createSheet", sheet: "Notes", hidden: false },
      { kind: "createSheet", sheet: "notes", hidden: false },
      { kind: "setCells", sheet: "Notes", cells: [{ address: "A1", value: "x" }] },
    ]);
    expect(outcome).toEqual({
      ok: false,
      message: 'Create sheet "notes" was not written: the workbook already has a sheet called "notes". None of the action\'s changes were written.',
      written: [],
      notWritten: ['Create sheet "Notes"', 'Create sheet "notes"', 'Set Notes!A1 to "x"'],
    });
    expect((await wb.read()).sheets.map((s) => s.name)).toEqual([]);
  });

  it("refuses a whole setCells change with a bad address, writing none of it", async () => {
    const wb = await hostPlan(exampleData());
    const outcome = await wb.apply([
      {
        kind: "setCells",
        sheet: "Lines",
        cells: [
          { address: "F2", value: 1 },
          { address: "not a cell", value: 2 },
        ],
      },
    ]);
    expect(outcome.ok).toBe(false);
    const raw = await wb.read();
    expect(raw.tables.find((t) => t.name === "tblLines")?.rows[0]?.[5]).toBe(119000);
  });

  it("refuses to append rows over values someone typed below the table", async () => {
    const wb = await hostPlan(exampleData());
    await wb.apply([{ kind: "setCells", sheet: "Lines", cells: [{ address: "B13", value: "my note" }] }]);
    const outcome = await wb.apply([{ kind: "appendRows", sheet: "Lines", table: LINES.table, rows: [["CRG-07", "CRG"]] }]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.message).toContain("Lines!B13 already holds a value");
      expect(outcome.notWritten).toEqual(['Add 1 row to tblLines on "Lines"']);
    }
    expect((await wb.read()).tables.find((t) => t.name === "tblLines")?.rows).toHaveLength(11);
  });

  it("refuses to set up a plan over sheets that are in the way", async () => {
    const wb = XlsxWorkbook.empty();
    await wb.apply([{ kind: "createSheet", sheet: "Lines", hidden: false }]);
    const setup = setupChanges(await wb.read(), BLANK_PLAN, "blank", "tests");
    expect(codes(setup.findings)).toEqual(["SHEET_IN_THE_WAY"]);
  });

  it("remembers the selected cell (a file has no grid to show it on)", async () => {
    const wb = XlsxWorkbook.empty();
    await wb.select("Lines", "F5");
    expect(wb.lastSelection).toEqual({ sheet: "Lines", cell: "F5" });
    expect(wb.kind).toBe("file");
  });
});

function addPart(entries: ZipEntries, name: string, xml: string): void {
  entries.set(name, utf8(xml));
}

const FIVE_LINES: PlanData = {
  grants: [{ id: "SC", name: "Safer Communities", funder: "PCC", year: "2021/22", award: "175000.00", eligibleAreas: [], notes: "" }],
  lines: ["40000.00", "30000.00", "35000.00", "45000.00", "25000.00"].map((allocation, i) =>
    newLine({ id: `SC-0${i + 1}`, grantId: "SC", activity: `Activity ${i + 1}`, allocation }),
  ),
  measures: [],
};

describe("XlsxWorkbook: saving keeps every figure", () => {
  it("keeps the stored result of a formula allocation when an unrelated allocation is saved", async () => {
    const host = await hostPlan(FIVE_LINES);
    // SC-02's allocation typed as a formula, calculated by Excel: Lines!F3 holds =60000/2 showing 30000.
    await host.edit((book) => {
      const lines = book.getWorksheet("Lines");
      if (lines) lines.getCell("F3").value = { formula: "60000/2", result: 30000 };
    });
    const wb = await XlsxWorkbook.fromBuffer(await host.toBuffer());
    const before = await checked(wb);
    expect(summarise(before.plan).map((g) => summaryToJson(g).allocated)).toEqual(["175000.00"]);
    const edit = allocationChanges(before.plan, [{ lineId: "SC-01", amount: money("36000.00") }]);
    expect((await wb.apply(edit.changes)).ok).toBe(true);
    const bytes = await wb.toBuffer();
    const after = await checked(await XlsxWorkbook.fromBuffer(bytes));
    expect(summarise(after.plan).map((g) => summaryToJson(g).allocated)).toEqual(["171000.00"]);
    expect(after.plan.lines.find((l) => l.id === "SC-02")?.allocation?.toFixed(2)).toBe("30000.00");
    const lines = sheetOf(await reopened(bytes), "Lines");
    expect(lines.getCell("F3").value).toEqual({ formula: "60000/2", result: 30000 });
    // The grant's Allocated and Unallocated carry the core's figures; Excel recalculates on opening.
    const grants = sheetOf(await reopened(bytes), "Grants");
    expect([grants.getCell("F2").result, grants.getCell("G2").result]).toEqual([171000, 4000]);
    expect(text(readZip(bytes), "xl/workbook.xml")).toContain('fullCalcOnLoad="1"');
  });

  it("saves a plan written by Python's openpyxl (absolute part paths, no stored results) and stores the core's results", async () => {
    const source = new Uint8Array(readFileSync(join(__dirname, "..", "fixtures", "producers", "openpyxl.xlsx")));
    expect(text(readZip(source), "xl/worksheets/_rels/sheet3.xml.rels")).toContain('Target="/xl/tables/table3.xml"');
    const wb = await XlsxWorkbook.fromBuffer(source);
    const { plan } = await checked(wb);
    const outcome = await wb.apply(allocationChanges(plan, [{ lineId: "CRG-01", amount: money("118000.00") }]).changes);
    expect(outcome.ok).toBe(true);
    const after = await checked(await roundTrip(wb));
    expect(after.plan.lines.find((l) => l.id === "CRG-01")?.allocation?.toFixed(2)).toBe("118000.00");
    // The plan's own formula columns now hold the core's results; VRP-01's own =60000/2 is left to Excel.
    expect(after.plan.grants.map((g) => g.allocatedInWorkbook)).toEqual([
      331000,
      // VRP's total cannot be known until Excel works out =60000/2: its formula is stored without a result.
      { uncalculated: "SUMIFS(tblLines[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])" },
    ]);
    expect(after.findings.filter((f) => f.code === "FORMULA_NOT_CALCULATED").map((f) => f.cell)).not.toContain("F2");
  });
});

const PRODUCERS = join(__dirname, "..", "fixtures", "producers");

describe("XlsxWorkbook: saving plans made by every producer", () => {
  it.each(readdirSync(PRODUCERS).filter((name) => name.endsWith(".xlsx")))("saves an allocation into %s and reads it back", async (name) => {
    const wb = await XlsxWorkbook.fromBuffer(new Uint8Array(readFileSync(join(PRODUCERS, name))));
    const { plan } = await checked(wb);
    const line = plan.lines.find((l) => l.allocation !== null && !l.isReserve);
    if (line === undefined) throw new Error(`${name} has no line with an allocation`);
    const amount = money("1234.56");
    const outcome = await wb.apply(allocationChanges(plan, [{ lineId: line.id, amount }]).changes);
    expect(outcome.ok).toBe(true);
    const after = await checked(await roundTrip(wb));
    expect(after.plan.lines.find((l) => l.id === line.id)?.allocation?.toFixed(2)).toBe("1234.56");
    expect(after.plan.lines.map((l) => l.id)).toEqual(plan.lines.map((l) => l.id));
    expect(after.plan.grants.map((g) => g.id)).toEqual(plan.grants.map((g) => g.id));
  });
});

describe("XlsxWorkbook: packages exceljs could not open as they are", () => {
  /** The example plan with a whole-column validation and a whole-sheet merge added to the Lines sheet by hand. */
  function withHugeRanges(bytes: Uint8Array, extra = ""): Uint8Array {
    const entries = readZip(bytes);
    editPart(entries, sheetPart(entries, "Lines"), (xml) =>
      xml
        .replace("</sheetData>", `${extra}</sheetData><mergeCells count="1"><mergeCell ref="A300:XFD1048576"/></mergeCells>`)
        .replace("</dataValidations>", '<dataValidation type="list" allowBlank="1" sqref="L:L"><formula1>"Yes,No"</formula1></dataValidation></dataValidations>'),
    );
    return writeZip(entries);
  }

  it("cuts a whole-sheet merge and a whole-column validation to the used rows before saving", async () => {
    const wb = await XlsxWorkbook.fromBuffer(withHugeRanges(await hostPlanBytes(exampleData(), "sefton-2020-21")));
    const { plan } = await checked(wb);
    const outcome = await wb.apply(allocationChanges(plan, [{ lineId: "CRG-01", amount: money("119000.00") }, { lineId: "CRG-02", amount: money("50000.00") }]).changes);
    expect(outcome.ok).toBe(true);
    const entries = readZip(await wb.toBuffer());
    const lines = text(entries, sheetPart(entries, "Lines"));
    // 11 lines and the 200 prepared rows below them end at row 212; 200 more rows keep the range.
    expect(lines).toContain('<mergeCell ref="A300:K412"/>');
    expect(lines).toMatch(/sqref="L1:L412"/);
  });

  it("refuses, without writing, a save whose merged or validated cells are too many to model", async () => {
    const far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>far down</t></is></c></row>';
    const source = withHugeRanges(await hostPlanBytes(exampleData(), "sefton-2020-21"), far);
    const wb = await XlsxWorkbook.fromBuffer(source);
    const outcome = await wb.apply([{ kind: "setCells", sheet: "Lines", cells: [{ address: "F2", value: 1 }] }]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.message).toMatch(/^The workbook could not be opened for saving: the workbook's merged cells and data validation cover [\d,]+ cells, more than 2,000,000/);
      expect(outcome.notWritten).toEqual(["Set Lines!F2 to 1"]);
    }
    expect(Buffer.from(await wb.toBuffer()).equals(Buffer.from(source))).toBe(true);
  });

  it.each([
    ["a table whose range is the whole sheet", wholeSheetTable, 1],
    // F2 lies under the merged area, and a covered cell shows nothing, as in Excel.
    ["a merged area over the whole sheet", wholeSheetMerge, null],
    ["a data validation over the whole sheet", wholeSheetValidation, 1],
    ["a settings key on the sheet's last row", settingsKeyOnLastRow, 1],
  ])(
    "saves an edit to a plan with %s, modelling only what is used",
    async (_what, make, shown) => {
      const wb = await XlsxWorkbook.fromBuffer(await make());
      const outcome = await wb.apply([{ kind: "setCells", sheet: "Lines", cells: [{ address: "F2", value: 1 }] }]);
      expect(outcome).toEqual({ ok: true, written: ["Set Lines!F2 to 1"] });
      const lines = (await (await roundTrip(wb)).read()).tables.find((t) => t.name === LINES.table);
      expect(lines?.rows[0]?.[5]).toBe(shown);
    },
    120_000,
  );

  it("keeps a table without a header row headerless, with no autofilter, when it saves", async () => {
    const book = new Workbook();
    book.addWorksheet("Notes").addTable({
      name: "tblNotes",
      ref: "B2",
      headerRow: false,
      style: { theme: "TableStyleLight1" },
      columns: [{ name: "Note" }, { name: "Amount" }],
      rows: [["a", 1]],
    });
    const source = new Uint8Array(await book.xlsx.writeBuffer());
    expect(text(readZip(source), "xl/tables/table1.xml")).toContain('headerRowCount="0"');
    const wb = await XlsxWorkbook.fromBuffer(source);
    expect((await wb.apply([{ kind: "setCells", sheet: "Notes", cells: [{ address: "E1", value: "x" }] }])).ok).toBe(true);
    const table = text(readZip(await wb.toBuffer()), "xl/tables/table1.xml");
    expect(table).toContain('headerRowCount="0"');
    expect(table).not.toContain("<autoFilter");
  });
});

describe("XlsxWorkbook: protective markings and other parts survive a save", () => {
  const MSIP = "MSIP_Label_3b2f5b7e-0000-4000-8000-000000000001";
  const CUSTOM = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="${MSIP}_Enabled"><vt:lpwstr>true</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="${MSIP}_Name"><vt:lpwstr>OFFICIAL-SENSITIVE</vt:lpwstr></property></Properties>`;
  const LABEL_INFO = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><clbl:labelList xmlns:clbl="http://schemas.microsoft.com/office/2020/mipLabelMetadata"><clbl:label id="{3b2f5b7e-0000-4000-8000-000000000001}" enabled="1" method="Privileged" siteId="{00000000-0000-0000-0000-000000000000}" removed="0"/></clbl:labelList>';
  const ITEM = '<?xml version="1.0" encoding="UTF-8" standalone="no"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" SelectedStyle=""/>';
  const ITEM_PROPS = '<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{11111111-2222-3333-4444-555555555555}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>';
  const CONNECTIONS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="Finance ledger" type="5" refreshedVersion="6" background="1"><dbPr connection="Provider=SQLOLEDB;Data Source=ledger" command="grants" commandType="3"/></connection></connections>';
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  /** The example plan with the parts a labelled, connected workbook from Excel carries, and manual calculation. */
  async function labelledPlan(): Promise<Uint8Array> {
    const entries = readZip(await hostPlanBytes(exampleData(), "sefton-2020-21"));
    addPart(entries, "docProps/custom.xml", CUSTOM);
    addPart(entries, "docMetadata/LabelInfo.xml", LABEL_INFO);
    addPart(entries, "customXml/item1.xml", ITEM);
    addPart(entries, "customXml/itemProps1.xml", ITEM_PROPS);
    addPart(
      entries,
      "customXml/_rels/item1.xml.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
    );
    addPart(entries, "xl/connections.xml", CONNECTIONS);
    editPart(entries, "_rels/.rels", (xml) =>
      xml.replace(
        "</Relationships>",
        `<Relationship Id="rId90" Type="${REL}/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels" Target="docMetadata/LabelInfo.xml"/></Relationships>`,
      ),
    );
    editPart(entries, "xl/_rels/workbook.xml.rels", (xml) =>
      xml.replace("</Relationships>", `<Relationship Id="rId90" Type="${REL}/customXml" Target="../customXml/item1.xml"/><Relationship Id="rId91" Type="${REL}/connections" Target="connections.xml"/></Relationships>`),
    );
    editPart(entries, "[Content_Types].xml", (xml) =>
      xml.replace(
        "</Types>",
        '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>' +
          '<Override PartName="/docMetadata/LabelInfo.xml" ContentType="application/vnd.ms-office.classificationlabels+xml"/>' +
          '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>' +
          '<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/></Types>',
      ),
    );
    editPart(entries, "xl/workbook.xml", (xml) => xml.replace(/<calcPr\b[^>]*\/>/, '<calcPr calcId="191029" calcMode="manual"/>'));
    return writeZip(entries);
  }

  it("copies the sensitivity label, custom XML and connections back, with their relationships and content types", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await labelledPlan());
    const { plan } = await checked(wb);
    expect((await wb.apply(allocationChanges(plan, [{ lineId: "CRG-01", amount: money("118000.00") }]).changes)).ok).toBe(true);
    const bytes = await wb.toBuffer();
    const saved = readZip(bytes);
    expect(text(saved, "docProps/custom.xml")).toBe(CUSTOM);
    expect(text(saved, "docMetadata/LabelInfo.xml")).toBe(LABEL_INFO);
    expect(text(saved, "customXml/item1.xml")).toBe(ITEM);
    expect(text(saved, "customXml/itemProps1.xml")).toBe(ITEM_PROPS);
    expect(text(saved, "customXml/_rels/item1.xml.rels")).toContain('Target="itemProps1.xml"');
    expect(text(saved, "xl/connections.xml")).toBe(CONNECTIONS);
    const packageRels = text(saved, "_rels/.rels");
    expect(packageRels).toMatch(/Type="[^"]*\/custom-properties" Target="docProps\/custom.xml"/);
    expect(packageRels).toMatch(/Type="[^"]*\/classificationlabels" Target="docMetadata\/LabelInfo.xml"/);
    const workbookRels = text(saved, "xl/_rels/workbook.xml.rels");
    expect(workbookRels).toMatch(/Type="[^"]*\/customXml" Target="..\/customXml\/item1.xml"/);
    expect(workbookRels).toMatch(/Type="[^"]*\/connections" Target="connections.xml"/);
    const ids = [...workbookRels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const types = text(saved, "[Content_Types].xml");
    expect(types).toContain('<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>');
    expect(types).toContain('PartName="/customXml/itemProps1.xml"');
    expect(types).toContain('PartName="/xl/connections.xml"');
    // Manual calculation stays manual, and Excel still recalculates once on opening.
    expect(text(saved, "xl/workbook.xml")).toMatch(/<calcPr [^>]*calcMode="manual"/);
    expect(text(saved, "xl/workbook.xml")).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
    // The saved file opens again, in the plan reader and in exceljs, with the edit in it.
    const after = await checked(await XlsxWorkbook.fromBuffer(bytes));
    expect(after.plan.lines.find((l) => l.id === "CRG-01")?.allocation?.toFixed(2)).toBe("118000.00");
    expect(sheetOf(await reopened(bytes), "Lines").getCell("F2").value).toBe(118000);
  });
});

describe("XlsxWorkbook: expectations guard every write", () => {
  it("writes when every expected cell still holds what was read", async () => {
    const wb = await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
    const outcome = await wb.apply([
      { kind: "expect", sheet: "Lines", cells: [{ address: "A2", value: "CRG-01", message: "Line CRG-01 moved." }, { address: "F2", value: 119000, message: "CRG-01 changed." }] },
      { kind: "setCells", sheet: "Lines", cells: [{ address: "F2", value: 118000 }] },
    ]);
    expect(outcome).toEqual({ ok: true, written: ["Set Lines!F2 to 118000"] });
    expect((await wb.read()).tables.find((t) => t.name === LINES.table)?.rows[0]?.[5]).toBe(118000);
  });

  it("writes nothing at all when one expected cell no longer holds what was read", async () => {
    const wb = await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
    const before = await wb.toBuffer();
    const outcome = await wb.apply([
      { kind: "createSheet", sheet: "Notes", hidden: false },
      { kind: "setCells", sheet: "Lines", cells: [{ address: "F2", value: 1 }] },
      { kind: "expect", sheet: "Lines", cells: [{ address: "A3", value: "CRG-01", message: "Line CRG-01 is no longer in row 3: someone sorted or changed the lines. Nothing was saved." }] },
    ]);
    expect(outcome).toEqual({
      ok: false,
      message: "Line CRG-01 is no longer in row 3: someone sorted or changed the lines. Nothing was saved.",
      written: [],
      notWritten: ['Create sheet "Notes"', "Set Lines!F2 to 1"],
    });
    expect(Buffer.from(await wb.toBuffer()).equals(Buffer.from(before))).toBe(true);
    expect((await wb.read()).sheets.map((s) => s.name)).not.toContain("Notes");
  });

  it("treats an expectation on a sheet that is gone as not holding", async () => {
    const wb = await roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
    const outcome = await wb.apply([
      { kind: "expect", sheet: "Old lines", cells: [{ address: "A2", value: null, message: "The sheet is gone." }] },
      { kind: "setCells", sheet: "Lines", cells: [{ address: "F2", value: 1 }] },
    ]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toBe("The sheet is gone.");
  });
});

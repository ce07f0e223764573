/**
 * The .xlsx host: plans set up through the real setup action survive being written to
 * bytes and read back, edits made by actions survive too and are seen by the core, and
 * files our host did not write are read correctly.
 */
import { Workbook } from "exceljs";
import { addLineChanges, allocationChanges, setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import { money } from "../../src/plan/money";
import type { RawWorkbook } from "../../src/plan/raw";
import { LINES, META_SHEET, MONEY_FORMAT, TEXT_FORMAT } from "../../src/plan/schema";
import { summarise, summaryToJson } from "../../src/plan/summary";
import { BLANK_PLAN, type PlanData } from "../../src/plan/template";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { XlsxReadError, XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { asIfFromExcel, exampleData, FOREIGN_LAYOUT, foreignPlan, hostPlan, notAPlan, roundTrip } from "../fixtures/workbooks";
import { readZip, text } from "../fixtures/zip";
import { newLine } from "../support/plans";

async function checked(wb: XlsxWorkbook): Promise<{ plan: Plan; findings: readonly Finding[] }> {
  const result = checkWorkbook(await wb.read());
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
    expect(raw.tables.map((t) => t.name)).toEqual(["tblGrants", "tblPriorityAreas", "tblLines", "tblMeasures"]);
    // Excel needs a body row: an empty table gets one blank row.
    expect(raw.tables.map((t) => t.rows.length)).toEqual([1, 1, 1, 1]);
    expect(raw.sheets).toContainEqual({ name: META_SHEET, visible: false });
    expect(raw.meta).toEqual({ "Schema version": 1, "Created by": "Grant Planner tests", Template: "blank" });
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
    // The Allocated total was calculated before the edit: its formula stays, its stale result goes.
    expect(sheetOf(file, "Grants").getCell("F2").value).toEqual({
      formula: "SUMIFS(tblLines[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])",
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
    expect(codes(after.findings)).toEqual(["LINE_WITHOUT_MEASURES"]);
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
    expect(add.changes.map((c) => c.kind)).toEqual(["setCells"]);
    expect((await wb.apply(add.changes)).ok).toBe(true);
    const after = await checked(await roundTrip(wb));
    expect(after.plan.lines.map((l) => [l.id, l.allocation?.toFixed(2)])).toEqual([["PCC-01", "1000.00"]]);
    expect(codes(after.findings)).toEqual(["LINE_WITHOUT_MEASURES"]);
  });
});

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
      columns: ["Rich", "Link", "Date", "Error", "Formula", "Uncalculated", "Errored", "Flag"].map((name) => ({ name })),
      rows: [
        [
          { richText: [{ text: "Youth " }, { text: "work", font: { bold: true } }] },
          { text: "Contract", hyperlink: "https://example.org/contract" },
          new Date(Date.UTC(2020, 3, 1)),
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
    expect(raw.tables[0]?.rows[0]).toEqual(["Youth work", "Contract", "2020-04-01", { error: "#REF!" }, 2, null, { error: "#DIV/0!" }, true]);
  });

  it("reads shared formulas by their results and drops those results after an edit", async () => {
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
    expect(after.plan.grants.map((g) => g.allocatedInWorkbook)).toEqual([null, null]);
    expect(codes(after.findings)).toEqual(["OVER_ALLOCATED"]);
  });

  it("refuses to append rows to a table with a totals row, which would cover the totals", async () => {
    const wb = new Workbook();
    wb.addWorksheet("Lines").addTable({
      name: "tblLines",
      ref: "A1",
      totalsRow: true,
      style: { theme: "TableStyleLight1" },
      columns: [{ name: "Line ID" }, { name: "Allocation", totalsRowFunction: "sum" }],
      rows: [["CRG-01", 100]],
    });
    const host = await XlsxWorkbook.fromBuffer(new Uint8Array(await wb.xlsx.writeBuffer()));
    const table = (await host.read()).tables[0];
    expect(table?.rows).toEqual([["CRG-01", 100]]);
    const outcome = await host.apply([{ kind: "appendRows", sheet: "Lines", table: "tblLines", rows: [["CRG-02", 5]] }]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toContain("has a totals row");
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
  it("stops at a change it cannot write and lists what was and was not written", async () => {
    const wb = XlsxWorkbook.empty();
    const outcome = await wb.apply([
      { kind: "createSheet", sheet: "Notes", hidden: false },
      { kind: "createSheet", sheet: "notes", hidden: false },
      { kind: "setCells", sheet: "Notes", cells: [{ address: "A1", value: "x" }] },
    ]);
    expect(outcome).toEqual({
      ok: false,
      message: 'Create sheet "notes" was not written: the workbook already has a sheet called "notes"',
      written: ['Create sheet "Notes"'],
      notWritten: ['Create sheet "notes"', 'Set Notes!A1 to "x"'],
    });
    expect((await wb.read()).sheets.map((s) => s.name)).toEqual(["Notes"]);
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

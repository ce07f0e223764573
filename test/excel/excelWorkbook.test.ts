/**
 * The Office.js host against a strict fake of Excel: one sync to read (two more where Excel
 * refuses methods on null objects), one to write,
 * whatever the number of rows; the same raw workbook as the in-memory reference host;
 * bounded retries in cell edit mode; exact reports of what a failed write left behind.
 */
import { CELL_EDIT_MODE, UNDO_NOT_SUPPORTED } from "../../src/excel/excelApi";
import { charactersToPoints } from "../../src/excel/write";
import { localAddress, parseRangeAddress, splitAreas } from "../../src/plan/ranges";
import { ExcelWorkbook, type ExcelWorkbookOptions } from "../../src/excel/excelWorkbook";
import { addLineChanges, allocationChanges, setupChanges } from "../../src/plan/actions";
import type { CellValue } from "../../src/plan/cell";
import { describeChange } from "../../src/plan/changes";
import { money } from "../../src/plan/money";
import type { RawWorkbook } from "../../src/plan/raw";
import {
  AREAS,
  GRANTS,
  LINE_PROGRESS_TABLE,
  LINES,
  MEASURE_PROGRESS_TABLE,
  MEASURES,
  META_SHEET,
  SUMMARY_SHEET,
  MONEY_FORMAT,
  PROGRESS_SHEET,
  READ_TABLES,
  RETURN_TABLES,
  TEXT_FORMAT,
} from "../../src/plan/schema";
import { BLANK_PLAN, type PlanData } from "../../src/plan/template";
import { generatePlan } from "../support/generate";
import { memoryPlan, newLine, planFindings } from "../support/plans";
import { column, FakeExcel } from "./fakeExcel";
import { excel, planOf, plannedExcel, SEFTON, type Setup, upTo } from "./hosts";

/**
 * What Excel reads for the content the in-memory host holds: an empty cell is always
 * blank (Excel cannot keep "" apart from an empty cell), and a table with no rows has
 * the one blank body row Excel gives every table.
 */
function asExcelReadsIt(raw: RawWorkbook): RawWorkbook {
  const blank = (v: CellValue): CellValue => (v === "" ? null : v);
  return {
    calculationMode: "automatic",
    sheets: raw.sheets,
    ownedSheets: raw.ownedSheets ?? [],
    meta: raw.meta === null ? null : Object.fromEntries(Object.entries(raw.meta).map(([k, v]) => [k, blank(v)])),
    tables: raw.tables.map((t) => ({
      ...t,
      headers: t.headers.map(blank),
      rows: t.rows.length === 0 ? [t.headers.map(() => null)] : t.rows.map((r) => r.map(blank)),
      below: t.below.map(blank),
    })),
  };
}

/** A raw workbook without what only some hosts read (formulas, rows typed below, Total Row and header flags). */
function withoutExtras(raw: RawWorkbook): RawWorkbook {
  return {
    ...raw,
    tables: raw.tables.map(({ formulas, typedBelow, totalsRow, hasHeaderRow, ...shared }) => {
      void formulas;
      void typedBelow;
      void totalsRow;
      void hasHeaderRow;
      // The Progress sheet's formulas: Excel works them out, the memory host shows what was stored. Their IDs must agree.
      return shared.sheet === PROGRESS_SHEET ? { ...shared, rows: shared.rows.map((r) => r.slice(0, 1)) } : shared;
    }),
  };
}

/** Excel.run options every batch gets from a host that supports ExcelApi 1.11. */
const WAIT = { delayForCellEdit: true } as const;

describe("reading", () => {
  it.each([10, 5_000])("reads a plan of %i lines in one sync, exactly as the in-memory host reads it", async (lines) => {
    const data = generatePlan(lines);
    const { fake, host } = await plannedExcel(data);
    const memory = await memoryPlan(data);

    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    expect(withoutExtras(raw)).toEqual(withoutExtras(asExcelReadsIt(await memory.read())));
    expect(raw.tables.find((t) => t.name === LINES.table)?.rows).toHaveLength(lines);
  }, 60_000);

  it("reads an empty workbook in one sync, with no meta and no tables", async () => {
    const { fake, host } = excel();
    fake.addSheet("Sheet1");
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    expect(raw).toEqual({ sheets: [{ name: "Sheet1", visible: true }], ownedSheets: [], meta: null, tables: [], calculationMode: "automatic" });
  });

  it("never reports merged cells in a table: Excel refuses to merge them, so the host does not ask", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    expect(() => fake.merge(LINES.sheet, "C3:D3")).toThrow(expect.objectContaining({ code: "MergedRangeConflict" }));
    // Cells outside the tables can be merged; they are no table's.
    fake.merge(LINES.sheet, "N2:O2");
    fake.syncs = 0;
    expect((await host.read()).tables.every((t) => t.merged.length === 0)).toBe(true);
    expect(fake.syncs).toBe(1);
  });

  it("reads error values as { error }, typed or calculated", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.type(LINES.sheet, "F2", { error: "#REF!" });
    fake.type(GRANTS.sheet, "F2", { formula: "SUMIFS(tblGone[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])" });
    const raw = await host.read();
    expect(raw.tables.find((t) => t.name === LINES.table)?.rows[0]?.[5]).toEqual({ error: "#REF!" });
    expect(raw.tables.find((t) => t.name === GRANTS.table)?.rows[0]?.[5]).toEqual({ error: "#REF!" });
    const { findings } = await planOf(host);
    const errorCells = findings.filter((f) => f.code === "CELL_ERROR_VALUE").map((f) => `${f.sheet}!${f.cell}`);
    expect(errorCells).toEqual(expect.arrayContaining([`${LINES.sheet}!F2`, `${GRANTS.sheet}!F2`]));
  });

  it("reads tables on sheets whose names need quoting, wherever they start", async () => {
    const { fake, host } = excel();
    const sheet = fake.addSheet("Priority areas");
    fake.type("Priority areas", "C4", "Grant ID");
    fake.type("Priority areas", "D4", "Priority area");
    fake.type("Priority areas", "C5", "VRP");
    fake.type("Priority areas", "D5", "Early Help");
    fake.renameTable(fake.addTable(sheet, { top: 3, left: 2, bottom: 4, right: 3 }, true), "tblPriorityAreas");
    const [table] = (await host.read()).tables;
    expect(table).toEqual({
      name: "tblPriorityAreas",
      sheet: "Priority areas",
      headerRow: 3,
      firstColumn: 2,
      headers: ["Grant ID", "Priority area"],
      rows: [["VRP", "Early Help"]],
      formulas: [[null, null]],
      merged: [],
      below: [null, null],
      typedBelow: [],
      totalsRow: false,
      hasHeaderRow: true,
    });
  });

  it("reads the row just below each table in the same sync, empty cells as null", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.type(LINES.sheet, "E13", "Total");
    fake.type(LINES.sheet, "F13", { formula: "332000+180000" });
    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    const below = [null, null, null, null, "Total", 512000, null, null, null, null, null];
    expect(raw.tables.find((t) => t.name === LINES.table)?.below).toEqual(below);
    // The same row is among the rows typed under the table (zero-based sheet row 12 is row 13), with its formula.
    const formulas = [null, null, null, null, null, "332000+180000", null, null, null, null, null];
    expect(raw.tables.find((t) => t.name === LINES.table)?.typedBelow).toEqual([{ row: 12, cells: below, formulas }]);
    expect(raw.tables.find((t) => t.name === GRANTS.table)?.typedBelow).toEqual([]);
    expect(raw.tables.find((t) => t.name === GRANTS.table)?.below).toEqual(GRANTS.columns.map(() => null));
  });
});

describe("reading where Excel refuses methods called on null objects", () => {
  /** Reads with lenient null objects (one sync), then as a stricter Excel would answer. */
  async function bothWays(fake: FakeExcel, host: ExcelWorkbook, code: boolean | string = true): Promise<{ lenient: RawWorkbook; strict: RawWorkbook }> {
    fake.nullObjectCallsFail = false;
    fake.syncs = 0;
    const lenient = await host.read();
    expect(fake.syncs).toBe(1);

    fake.nullObjectCallsFail = code;
    fake.syncs = 0;
    fake.refusedSyncs = 0;
    const strict = await host.read();
    return { lenient, strict };
  }

  it.each([true, "ItemNotFound", "InvalidArgument", "InvalidReference"])(
    "reads a workbook that is not a plan yet in two more syncs after a refusal (%s)",
    async (code) => {
      const { fake, host } = excel();
      fake.addSheet("Budget 2020");
      fake.type("Budget 2020", "A1", "Grant");
      fake.type("Budget 2020", "B1", 1200);
      const { lenient, strict } = await bothWays(fake, host, code);
      expect(fake.refusedSyncs).toBe(1);
      expect(fake.syncs - fake.refusedSyncs).toBe(2);
      expect(strict).toEqual(lenient);
      expect(strict).toEqual({ sheets: [{ name: "Budget 2020", visible: true }], ownedSheets: [], meta: null, tables: [], calculationMode: "automatic" });
    },
  );

  it("reads a plan missing one table, settings included, exactly as the one-sync read does", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.convertToRange(AREAS.table);
    const { lenient, strict } = await bothWays(fake, host);
    expect(fake.refusedSyncs).toBe(1);
    expect(fake.syncs - fake.refusedSyncs).toBe(2);
    expect(strict).toEqual(lenient);
    expect(strict.tables.map((t) => t.name)).toEqual([GRANTS.table, LINES.table, MEASURES.table, ...RETURN_TABLES.map((t) => t.table), LINE_PROGRESS_TABLE, MEASURE_PROGRESS_TABLE]);
    expect(strict.meta).not.toBeNull();
  });

  it("reads a plan whose settings sheet was deleted in two more syncs, the same as the one-sync read", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.deleteSheet(META_SHEET);
    const { lenient, strict } = await bothWays(fake, host, "InvalidArgument");
    expect(fake.syncs - fake.refusedSyncs).toBe(2);
    expect(strict).toEqual(lenient);
    expect(strict.meta).toBeNull();
    expect(strict.tables).toHaveLength(READ_TABLES.length);
  });

  it("still reads a full plan in one sync", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    // A full plan, with the Summary sheet the add-in builds (the read also looks at it).
    fake.addSheet(SUMMARY_SHEET);
    const { lenient, strict } = await bothWays(fake, host);
    expect(fake.syncs).toBe(1);
    expect(fake.refusedSyncs).toBe(0);
    expect(strict).toEqual(lenient);
  });

  it.each([10, 5_000])("takes the same syncs for %i lines when it has to read in two", async (lines) => {
    const { fake, host } = await plannedExcel(generatePlan(lines));
    fake.convertToRange(MEASURES.table);
    const { lenient, strict } = await bothWays(fake, host);
    expect(fake.syncs).toBe(3);
    expect(fake.refusedSyncs).toBe(1);
    expect(strict).toEqual(lenient);
    expect(strict.tables.find((t) => t.name === LINES.table)?.rows).toHaveLength(lines);
  }, 60_000);

  it.each(["GeneralException", "AccessDenied", "InvalidOperation", "SomethingNew"])(
    "reads again in two syncs after any other refusal of the one-sync read (%s), not only three codes",
    async (code) => {
      const { fake, host } = await plannedExcel(SEFTON);
      const whole = await host.read();
      fake.fail({ code });
      fake.syncs = 0;
      fake.refusedSyncs = 0;
      expect(await host.read()).toEqual(whole);
      expect(fake.refusedSyncs).toBe(1);
      expect(fake.syncs).toBe(3);
    },
  );

  it("reports the refusal when the two-sync read meets it too", async () => {
    const { fake, host } = excel();
    fake.addSheet("Sheet1");
    fake.fail({ code: "GeneralException", message: "There was an internal error.", times: 2 });
    await expect(host.read()).rejects.toMatchObject({ code: "GeneralException" });
    expect(fake.syncs).toBe(2);
  });

  it("does not read in two syncs after a fault that is not Excel's", async () => {
    let calls = 0;
    const broken = new ExcelWorkbook(
      async () => {
        calls++;
        throw new TypeError("a fault in the add-in");
      },
      { isSetSupported: upTo("1.20") },
    );
    await expect(broken.read()).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });

  it("reports the two-sync read's own failure", async () => {
    const { fake, host } = excel({}, new FakeExcel({ nullObjectCallsFail: true }));
    fake.addSheet("Sheet1");
    fake.fail({ code: "AccessDenied", when: (op) => op.detail.startsWith("TableCollection") });
    await expect(host.read()).rejects.toMatchObject({ code: "AccessDenied" });
    expect(fake.syncs).toBe(2);
  });
});

describe("setting up a plan", () => {
  it("writes the Sefton example in one write sync after one check sync, not as a merged undo group, and reads back with no findings", async () => {
    const { fake, host } = excel();
    const setup = setupChanges(await host.read(), SEFTON, "sefton-2020-21", "Grant Planner tests");
    fake.syncs = 0;
    const outcome = await host.apply(setup.changes);
    expect(outcome).toEqual({ ok: true, written: setup.changes.map(describeChange) });
    // Which sheet and table names are taken, then everything.
    expect(fake.syncs).toBe(2);
    // Hiding the settings sheet (Worksheet.visibility) has no undo in Excel on Windows and Mac.
    expect(fake.runs.at(-1)).toEqual(WAIT);

    const { findings, plan } = await planOf(host);
    expect(findings).toEqual([]);
    expect(plan.lines).toHaveLength(SEFTON.lines.length);

    // Formats before values, widths in points, validation on the body, the settings sheet hidden.
    expect(fake.format(LINES.sheet, "A2")).toBe(TEXT_FORMAT);
    expect(fake.format(LINES.sheet, "F2")).toBe(MONEY_FORMAT);
    expect(fake.sheetState(LINES.sheet)?.widths.get(column("D"))).toBe(charactersToPoints(40));
    expect(fake.sheetState(LINES.sheet)?.validations.map((v) => v.rule)).toEqual([
      { decimal: { formula1: 0, operator: "GreaterThanOrEqualTo" } },
      { list: { inCellDropDown: true, source: "Yes,No" } },
    ]);
    expect(fake.sheetState(META_SHEET)?.visibility).toBe("Hidden");
    expect(fake.tableState(GRANTS.table)?.style).toBe("TableStyleMedium2");
    expect(fake.value(GRANTS.sheet, "F2")).toBe(332000);
  });

  it("keeps text as text and writes formulas only once every table exists", async () => {
    const data: PlanData = {
      ...SEFTON,
      lines: SEFTON.lines.map((l, i) => (i === 0 ? { ...l, notes: "0012", theme: "=not a formula" } : l)),
    };
    const { fake } = await plannedExcel(data);
    expect(fake.value(LINES.sheet, "J2")).toBe("0012");
    expect(fake.value(LINES.sheet, "C2")).toBe("=not a formula");
    const order = fake.log.map((op) => op.kind);
    expect(order.lastIndexOf("tables.add")).toBeLessThan(order.indexOf("range.formulas", order.lastIndexOf("tables.add")));
  });

  it("fills the formula columns of the blank row Excel gives a table with no rows", async () => {
    const { fake, host } = await plannedExcel(BLANK_PLAN);
    expect(fake.tableState(LINES.table)?.height).toBe(1);
    expect(fake.sheetState(LINES.sheet)?.peek(1, 10)?.formula).toBe(LINES.columns[10]?.formula);
    expect(fake.sheetState(GRANTS.sheet)?.peek(1, 5)?.formula).toBe(GRANTS.columns[5]?.formula);
    const { findings } = await planOf(host);
    expect(findings.filter((f) => !["TABLE_EMPTY", "NO_GRANTS"].includes(f.code))).toEqual([]);
  });

  it("refuses, writing nothing and syncing nothing beyond the read, when a Grants sheet is in the way", async () => {
    const { fake, host } = excel();
    fake.addSheet("Grants");
    const setup = setupChanges(await host.read(), SEFTON, "sefton-2020-21", "Grant Planner tests");
    expect(setup.findings.map((f) => f.code)).toEqual(["SHEET_IN_THE_WAY"]);
    expect(await host.apply(setup.changes)).toEqual({ ok: true, written: [] });
    expect(fake.syncs).toBe(1);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Grants"]);
    expect(fake.log.every((op) => op.kind === "load")).toBe(true);
  });

  it("changes nothing when run a second time", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const before = JSON.stringify({ sheets: fake.sheets.map((s) => [s.name, [...s.cells]]), tables: fake.tables });
    const again = setupChanges(await host.read(), SEFTON, "sefton-2020-21", "Grant Planner tests");
    fake.syncs = 0;
    expect(again.changes).toEqual([]);
    expect(await host.apply(again.changes)).toEqual({ ok: true, written: [] });
    expect(fake.syncs).toBe(0);
    expect(JSON.stringify({ sheets: fake.sheets.map((s) => [s.name, [...s.cells]]), tables: fake.tables })).toBe(before);
  });

  it("splits a request that would pass the size limit, still in one run", async () => {
    const { fake, host } = excel({ maxRequestBytes: 20_000, rowsPerChunk: 10 });
    const setup = setupChanges(await host.read(), SEFTON, "sefton-2020-21", "Grant Planner tests");
    const runsBefore = fake.runs.length;
    fake.syncs = 0;
    expect((await host.apply(setup.changes)).ok).toBe(true);
    expect(fake.syncs).toBeGreaterThan(1);
    expect(fake.runs.length - runsBefore).toBe(1);
    expect((await planOf(host)).findings).toEqual([]);
  });

});

describe("editing", () => {
  it.each([10, 5_000])("writes allocations for %i lines in one sync", async (lines) => {
    const { fake, host } = await plannedExcel(generatePlan(lines, 1));
    const { plan } = await planOf(host);
    const edits = plan.lines.map((l) => ({ lineId: l.id, amount: money("12.34") }));
    const result = allocationChanges(plan, edits);
    fake.syncs = 0;
    const outcome = await host.apply(result.changes);
    expect(outcome.ok).toBe(true);
    expect(fake.syncs).toBe(1);
    const after = await planOf(host);
    expect(after.plan.lines.every((l) => l.allocation?.equals(money("12.34")))).toBe(true);
  }, 60_000);

  it.each([
    ["resized over rows written below it (ExcelApi 1.13)", "1.20", "table.resize"],
    ["grown with rows.add (before ExcelApi 1.13)", "1.12", "table.rows.add"],
  ])("adds a line to a table %s in one write sync", async (_title, max, command) => {
    const { fake, host } = await plannedExcel(SEFTON, { isSetSupported: upTo(max) });
    const { plan } = await planOf(host);
    const result = addLineChanges(plan, NEW_LINE);
    expect(result.changes.map((c) => c.kind)).toEqual(["appendRows"]);
    fake.syncs = 0;
    expect((await host.apply(result.changes)).ok).toBe(true);
    // One sync to check the table's Total Row, one to write.
    expect(fake.syncs).toBe(2);
    expect(fake.log.map((op) => op.kind)).toContain(command);

    const after = await planOf(host);
    expect(after.plan.lines.map((l) => l.id)).toContain("CRG-07");
    // The new line has no return for Q1 yet (RETURN_MISSING); nothing else.
    expect(planFindings(after.findings)).toEqual([]);
    const row = plan.lines.length + 1;
    expect(fake.value(LINES.sheet, `K${row + 1}`)).toBe(0);
    if (max === "1.20") expect(fake.format(LINES.sheet, `F${row + 1}`)).toBe(MONEY_FORMAT);
  });

  it("selects a cell on its sheet in two syncs (whether the sheet is visible, then the selection)", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.syncs = 0;
    await host.select(LINES.sheet, "F3");
    expect(fake.syncs).toBe(2);
    expect(fake.active).toBe(LINES.sheet);
    expect(fake.selection).toEqual({ sheet: LINES.sheet, address: "F3" });
  });
});

describe("when Excel refuses", () => {
  async function allocationEdit(): Promise<Setup & { changes: ReturnType<typeof allocationChanges>["changes"] }> {
    const setup = await plannedExcel(SEFTON);
    const { plan } = await planOf(setup.host);
    const first = plan.lines[0];
    if (!first) throw new Error("no lines");
    return { ...setup, changes: allocationChanges(plan, [{ lineId: first.id, amount: money("1000.00") }]).changes };
  }

  const writes = (op: { kind: string }): boolean => op.kind !== "load";

  it("retries while a cell is being edited, and succeeds after two refusals", async () => {
    const { fake, host, delays, changes } = await allocationEdit();
    fake.fail({ code: CELL_EDIT_MODE, times: 2, when: writes });
    fake.syncs = 0;
    expect(await host.apply(changes)).toEqual({ ok: true, written: changes.map(describeChange) });
    expect(fake.syncs).toBe(3);
    expect(delays).toHaveLength(2);
    expect(fake.value(LINES.sheet, "F2")).toBe(1000);
  });

  it("gives up after the bound and says nothing was written", async () => {
    const { fake, host, delays, changes } = await allocationEdit();
    const before = fake.value(LINES.sheet, "F2");
    fake.fail({ code: CELL_EDIT_MODE, times: 100, when: writes });
    fake.syncs = 0;
    const outcome = await host.apply(changes);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringContaining(CELL_EDIT_MODE),
      written: [],
      notWritten: changes.map(describeChange),
    });
    // 1 try + 3 retries, then one read to check what is in the workbook.
    expect(fake.syncs).toBe(5);
    expect(delays).toHaveLength(3);
    expect(fake.value(LINES.sheet, "F2")).toBe(before);
  });

  it("does not retry other refusals", async () => {
    const { fake, host, delays, changes } = await allocationEdit();
    fake.fail({ code: "AccessDenied", when: writes });
    fake.syncs = 0;
    const outcome = await host.apply(changes);
    expect(outcome.ok).toBe(false);
    expect(fake.syncs).toBe(2);
    expect(delays).toEqual([]);
  });

  it("reports exactly which changes a failure in the middle of the batch left written", async () => {
    const { fake, host } = excel();
    const setup = setupChanges(await host.read(), SEFTON, "sefton-2020-21", "Grant Planner tests");
    fake.fail({ code: "GeneralException", message: "There was an internal error.", when: (op) => op.kind === "tables.add" && op.detail === LINES.sheet });
    const outcome = await host.apply(setup.changes);
    const described = setup.changes.map(describeChange);
    // Grants' table exists but its formula columns (written last) are blank: not written.
    const written = [0, 2, 3, 4];
    expect(outcome).toEqual({
      ok: false,
      message: "Excel refused the change: There was an internal error. [GeneralException]",
      written: written.map((i) => described[i]),
      notWritten: described.filter((_, i) => !written.includes(i)),
    });
    expect(described[1]).toBe(`Create table ${GRANTS.table} on "${GRANTS.sheet}" with 2 rows`);
    expect(described[5]).toBe(`Create table ${LINES.table} on "${LINES.sheet}" with ${SEFTON.lines.length} rows`);
    expect(fake.tableState(GRANTS.table)).not.toBeNull();
    expect(fake.tableState(LINES.table)).toBeNull();
  });

  it("falls back to what Excel confirmed when the workbook cannot be read back", async () => {
    const { fake, host, changes } = await allocationEdit();
    // The write, then the read back: its one-sync and its two-sync attempts.
    fake.fail({ code: "GeneralException", times: 3 });
    const outcome = await host.apply(changes);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringContaining("could not be read back"),
      written: [],
      notWritten: changes.map(describeChange),
    });
  });
});

describe("when Excel refuses a request split for size", () => {
  it("counts a change as written only if every part that carried it was confirmed", async () => {
    const { fake, host } = excel({ maxRequestBytes: 2_000, rowsPerChunk: 5 });
    const setup = setupChanges(await host.read(), SEFTON, "sefton-2020-21", "Grant Planner tests");
    let refused = false;
    fake.fail({
      code: "GeneralException",
      when: (op) => {
        refused ||= op.kind === "tables.add" && op.detail === LINES.sheet;
        return op.kind === "tables.add" && op.detail === LINES.sheet;
      },
    });
    // The read back after the failure (its first load) fails too; the check sync before the writes loads the same.
    fake.fail({ code: "GeneralException", when: (op) => refused && op.detail === "WorksheetCollection items/name,items/visibility" });
    const outcome = await host.apply(setup.changes);
    if (outcome.ok) throw new Error("expected a failure");
    expect(fake.syncs).toBeGreaterThan(3);
    expect(outcome.written).toContain('Create sheet "Grants"');
    // Formula columns are written last: a table with formulas (Grants) is not confirmed, one without (Priority areas) is.
    expect(outcome.written).toEqual([
      'Create sheet "Grants"',
      'Create sheet "Priority areas"',
      'Create table tblPriorityAreas on "Priority areas" with 6 rows',
      'Create sheet "Lines"',
    ]);
    expect([...outcome.written, ...outcome.notWritten].sort()).toEqual(setup.changes.map(describeChange).sort());
  });
});

const NEW_LINE = newLine({
  theme: "Reserve",
  activity: "Held back for the Q3 review",
  lead: "Community Safety Team",
  isReserve: true,
  outcomes: "",
});

describe("the row below a table", () => {
  it("refuses an add-line over a Total typed under the Lines table, and leaves that cell as it is", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.type(LINES.sheet, "E13", "Total");
    const { plan } = await planOf(host);
    const add = addLineChanges(plan, NEW_LINE);
    expect(add.changes).toEqual([]);
    expect(add.findings.map((f) => f.code)).toEqual(["ROW_BELOW_NOT_EMPTY"]);
    fake.syncs = 0;
    expect(await host.apply(add.changes)).toEqual({ ok: true, written: [] });
    expect(fake.syncs).toBe(0);
    expect(fake.value(LINES.sheet, "E13")).toBe("Total");
    expect(fake.tableState(LINES.table)?.height).toBe(SEFTON.lines.length);
    expect(fake.grownOver).toEqual([]);
  });

  it.each([
    ["resizing the table (ExcelApi 1.13)", "1.20"],
    ["rows.add (before ExcelApi 1.13)", "1.12"],
  ])("refuses, writing nothing, when a person typed under the table after the plan was read (adding rows by %s)", async (_how, max) => {
    const { fake, host } = await plannedExcel(SEFTON, { isSetSupported: upTo(max) });
    const { plan } = await planOf(host);
    const add = addLineChanges(plan, NEW_LINE);
    expect(add.changes.map((c) => c.kind)).toEqual(["appendRows"]);
    // A person types a Total under the table after the plan was read.
    fake.type(LINES.sheet, "E13", "Total");
    const logBefore = fake.log.length;
    fake.syncs = 0;
    const outcome = await host.apply(add.changes);
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining("A13:K13"), written: [], notWritten: add.changes.map(describeChange) });
    // Only the check sync ran: nothing was written, the table did not grow, the Total stayed.
    expect(fake.syncs).toBe(1);
    expect(fake.log.slice(logBefore).every((op) => op.kind === "load")).toBe(true);
    expect(fake.grownOver).toEqual([]);
    expect(fake.tableState(LINES.table)?.height).toBe(SEFTON.lines.length);
    expect(fake.value(LINES.sheet, "E13")).toBe("Total");
  });

  it("the fake notes a table grown over a typed cell, as a host without the check would do", async () => {
    const { fake } = await plannedExcel(SEFTON);
    fake.type(LINES.sheet, "E13", "Total");
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem(LINES.table);
      const range = table.getRange();
      table.resize(range.getResizedRange(1, 0));
      await context.sync();
    }, {});
    expect(fake.grownOver).toEqual([`${LINES.sheet}!E13`]);
  });
});

describe("undo", () => {
  async function allocationEdit(options: ExcelWorkbookOptions = {}): Promise<Setup & { changes: ReturnType<typeof allocationChanges>["changes"] }> {
    const setup = await plannedExcel(SEFTON, options);
    const { plan } = await planOf(setup.host);
    const edits = plan.lines.map((l) => ({ lineId: l.id, amount: money("1000.00") }));
    return { ...setup, changes: allocationChanges(plan, edits).changes };
  }

  it("writes allocation edits as one undo step, even when they take several syncs", async () => {
    const { fake, host, changes } = await allocationEdit({ maxRequestBytes: 1_000 });
    const runsBefore = fake.runs.length;
    fake.syncs = 0;
    expect((await host.apply(changes)).ok).toBe(true);
    expect(fake.syncs).toBeGreaterThan(1);
    expect(fake.runs.slice(runsBefore)).toEqual([{ ...WAIT, mergeUndoGroup: true }]);
  });

  it("does not group setting up or adding a line, which use calls Excel may not undo", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    expect(fake.runs.at(-1)).toEqual(WAIT);
    const { plan } = await planOf(host);
    expect((await host.apply(addLineChanges(plan, NEW_LINE).changes)).ok).toBe(true);
    expect(fake.runs.at(-1)).toEqual(WAIT);
  });

  it("does not ask for one undo step where Excel cannot group (before ExcelApi 1.20)", async () => {
    const { fake, host, changes } = await allocationEdit({ isSetSupported: upTo("1.19") });
    expect((await host.apply(changes)).ok).toBe(true);
    expect(fake.runs.at(-1)).toEqual(WAIT);
  });

  it("writes the edit again without grouping when Excel says it cannot group it (UndoNotSupported)", async () => {
    const { fake, host, changes } = await allocationEdit();
    fake.notUndoable.add("range.formulas");
    const runsBefore = fake.runs.length;
    fake.syncs = 0;
    expect(await host.apply(changes)).toEqual({ ok: true, written: changes.map(describeChange) });
    expect(fake.runs.slice(runsBefore)).toEqual([{ ...WAIT, mergeUndoGroup: true }, WAIT]);
    expect(fake.refusedSyncs).toBe(1);
    expect(fake.syncs).toBe(2);
    expect(fake.value(LINES.sheet, "F12")).toBe(1000);
  });

  it("does not send again once part of a grouped edit was confirmed", async () => {
    const { fake, host, changes } = await allocationEdit({ maxRequestBytes: 1_000 });
    fake.fail({ code: UNDO_NOT_SUPPORTED, when: (op) => op.kind === "range.formulas" && op.detail === `${LINES.sheet}!F12` });
    const runsBefore = fake.runs.length;
    const outcome = await host.apply(changes);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toContain(UNDO_NOT_SUPPORTED);
    expect(fake.runs.slice(runsBefore).filter((r) => r.mergeUndoGroup === true)).toHaveLength(1);
  });

  it("the fake refuses a call Excel cannot undo inside a merged undo group", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Sheet1");
    const hide = (mergeUndoGroup: boolean): Promise<void> =>
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").visibility = "Hidden";
        await context.sync();
      }, { mergeUndoGroup });
    await expect(hide(true)).rejects.toMatchObject({ code: UNDO_NOT_SUPPORTED });
    expect(fake.sheetState("Sheet1")?.visibility).toBe("Visible");
    await hide(false);
    expect(fake.sheetState("Sheet1")?.visibility).toBe("Hidden");
  });
});

describe("reading a plan too large for one response", () => {
  it("reads a 5,000-line plan in row blocks after Excel refuses the one-sync read, exactly as that read gives it", async () => {
    const budget = 400_000;
    const limit = 500_000;
    const { fake, host } = await plannedExcel(generatePlan(5_000), { maxResponseBytes: budget });
    fake.syncs = 0;
    const whole = await host.read();
    expect(fake.syncs).toBe(1);
    const size = fake.lastResponseBytes;
    expect(size).toBeGreaterThan(5 * limit);

    fake.maxResponseBytes = limit;
    fake.syncs = 0;
    fake.refusedSyncs = 0;
    const inBlocks = await host.read();
    expect(inBlocks).toEqual(whole);
    // The one-sync read is refused; then which tables exist, their shapes, and as few blocks as fit.
    expect(fake.refusedSyncs).toBe(1);
    const blockSyncs = fake.syncs - 3;
    expect(blockSyncs).toBeGreaterThanOrEqual(Math.ceil(size / limit));
    expect(blockSyncs).toBeLessThanOrEqual(Math.ceil((size * 1.5) / budget) + 1);
    expect(inBlocks.tables.find((t) => t.name === LINES.table)?.rows).toHaveLength(5_000);
  }, 60_000);

  it("sends a block again, smaller, when it was still too large, and gets the same result", async () => {
    const { fake, host } = await plannedExcel(generatePlan(2_000), { maxResponseBytes: 2_000_000 });
    const whole = await host.read();
    fake.maxResponseBytes = 150_000; // above the shape sync of the ten tables, below most blocks
    fake.refusedSyncs = 0;
    expect(await host.read()).toEqual(whole);
    expect(fake.refusedSyncs).toBeGreaterThan(1);
  }, 60_000);

  it("also reads in blocks when the two-sync read (a table missing) is too large", async () => {
    const { fake, host } = await plannedExcel(generatePlan(2_000), { maxResponseBytes: 50_000 });
    fake.convertToRange(MEASURES.table);
    fake.nullObjectCallsFail = true;
    const whole = await host.read();
    fake.maxResponseBytes = 120_000;
    fake.refusedSyncs = 0;
    expect(await host.read()).toEqual(whole);
    expect(fake.refusedSyncs).toBe(2);
  }, 60_000);

  it("does not read in blocks for other refusals: it reads in two syncs", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const whole = await host.read();
    fake.fail({ code: "GeneralException" });
    fake.syncs = 0;
    expect(await host.read()).toEqual(whole);
    expect(fake.syncs).toBe(3);
  });

  it("the fake refuses a response over its limit", async () => {
    const { fake } = await plannedExcel(SEFTON);
    fake.maxResponseBytes = 100;
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.getItem(LINES.table).getRange().load("values");
        await context.sync();
      }, {}),
    ).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
  });
});

describe("the fake holds the host to Office.js rules", () => {
  it("refuses a property read without load and sync", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Sheet1");
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.load("name");
        return sheet.name;
      }, {}),
    ).rejects.toThrow(/without load\("name"\) and context.sync\(\)/);
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        await context.sync();
        return sheet.name;
      }, {}),
    ).rejects.toThrow(/without load/);
  });

  it("gives back a null object for a method called on one, or fails the sync where told to", async () => {
    const fake = new FakeExcel();
    const usedRange = (): Promise<boolean> =>
      fake.run(async (context) => {
        const range = context.workbook.tables.getItemOrNullObject("tblNowhere").getRange();
        range.load("address");
        await context.sync();
        return range.isNullObject;
      }, {});
    expect(await usedRange()).toBe(true);
    fake.nullObjectCallsFail = true;
    await expect(usedRange()).rejects.toMatchObject({ code: "ItemNotFound" });
    fake.nullObjectCallsFail = "InvalidReference";
    await expect(usedRange()).rejects.toMatchObject({ code: "InvalidReference" });
    expect(fake.refusedSyncs).toBe(2);
  });

  it("applies writes only at sync, and keeps commands before a failing one", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Sheet1");
    fake.fail({ code: "InvalidArgument", when: (op) => op.detail === "Sheet1!B1" });
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1").formulas = [[1]];
        expect(fake.value("Sheet1", "A1")).toBeNull();
        sheet.getRange("B1").formulas = [[2]];
        await context.sync();
      }, {}),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(fake.value("Sheet1", "A1")).toBe(1);
    expect(fake.value("Sheet1", "B1")).toBeNull();
  });
});

describe("addresses", () => {
  it("parses sheet-qualified addresses, quoted or not", () => {
    expect(parseRangeAddress("Lines!A1:K12")).toEqual({ sheet: "Lines", top: 0, left: 0, bottom: 11, right: 10 });
    expect(parseRangeAddress("'Priority areas'!C4:D7")).toEqual({ sheet: "Priority areas", top: 3, left: 2, bottom: 6, right: 3 });
    expect(parseRangeAddress("'O''Brien''s'!$B$2")).toEqual({ sheet: "O'Brien's", top: 1, left: 1, bottom: 1, right: 1 });
    expect(parseRangeAddress("Lines!nonsense")).toBeNull();
  });

  it("splits merged areas and drops the sheet", () => {
    expect(splitAreas("'a, b'!C5:D5, 'a, b'!C7:D7").map(localAddress)).toEqual(["C5:D5", "C7:D7"]);
  });

  it("turns character widths into points (8.43 characters is Excel's 48-point default)", () => {
    expect(charactersToPoints(8.43)).toBeCloseTo(48, 1);
  });
});

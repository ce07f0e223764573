/**
 * Real Excel's documented rules, held by the fake, and the host following them: Total Rows
 * and header-less tables, cell-edit mode on reads, manual calculation, text that Excel
 * would convert, a person's own columns, co-authors' edits between read and write, the
 * hidden settings sheet, and the measures' number format.
 */
import { CELL_EDIT_MODE } from "../../src/excel/excelApi";
import { addLineChanges, allocationChanges } from "../../src/plan/actions";
import type { Change } from "../../src/plan/changes";
import { money } from "../../src/plan/money";
import { GRANTS, LINES, MEASURES, META_SHEET, NUMBER_FORMAT, READ_TABLES } from "../../src/plan/schema";
import { newLine } from "../support/plans";
import { FakeExcel } from "./fakeExcel";
import { planOf, plannedExcel, SEFTON, upTo } from "./hosts";

const WAIT = { delayForCellEdit: true } as const;
const PATHS = [
  ["resizing the table (ExcelApi 1.13)", "1.20"],
  ["rows.add (before ExcelApi 1.13)", "1.12"],
] as const;
/** Sefton's Lines table: header in row 1, 11 lines in rows 2–12. */
const LAST_LINE_ROW = 12;

describe("a table with a Total Row", () => {
  async function withTotals(max = "1.20"): Promise<Awaited<ReturnType<typeof plannedExcel>>> {
    const setup = await plannedExcel(SEFTON, { isSetSupported: upTo(max) });
    setup.fake.showTotalRow(LINES.table, { "Line ID": "Total", Allocation: { formula: "SUBTOTAL(109,tblLines[Allocation])" } });
    return setup;
  }

  it("reads only the data body: the Total Row is no line, and the table says it has one", async () => {
    const { fake, host } = await withTotals();
    expect(fake.value(LINES.sheet, `A${LAST_LINE_ROW + 1}`)).toBe("Total");
    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    const lines = raw.tables.find((t) => t.name === LINES.table);
    expect(lines?.totalsRow).toBe(true);
    expect(lines?.rows).toHaveLength(SEFTON.lines.length);
    expect(lines?.rows.map((r) => r[0])).not.toContain("Total");
    const { plan, findings } = await planOf(host);
    expect(plan.lines.map((l) => l.id)).not.toContain("Total");
    expect(findings).toEqual([]);
  });

  it.each(PATHS)("adds a line above the Total Row by %s, never writing across it", async (_how, max) => {
    const { fake, host } = await withTotals(max);
    const { plan } = await planOf(host);
    const add = addLineChanges(plan, newLine());
    expect((await host.apply(add.changes)).ok).toBe(true);
    expect(fake.totalsWritten).toEqual([]);
    expect(fake.log.map((op) => op.kind)).toContain("table.rows.add");
    // The new line is the last body row; the Total Row moved down under it, and sums it.
    expect(fake.value(LINES.sheet, `A${LAST_LINE_ROW + 1}`)).toBe("CRG-07");
    expect(fake.value(LINES.sheet, `A${LAST_LINE_ROW + 2}`)).toBe("Total");
    const after = await planOf(host);
    expect(after.plan.lines.map((l) => l.id)).toEqual([...plan.lines.map((l) => l.id), "CRG-07"]);
    expect(after.findings.filter((f) => f.severity === "error")).toEqual([]);
    // The Total Row's SUBTOTAL sums every line, the new one included: the grants' Allocated together.
    const allocated = ["F2", "F3"].map((cell) => fake.value(GRANTS.sheet, cell)).reduce<number>((sum, v) => sum + (typeof v === "number" ? v : Number.NaN), 0);
    expect(fake.value(LINES.sheet, `F${LAST_LINE_ROW + 2}`)).toBe(allocated);
  });
});

describe("a table without a header row", () => {
  it("reads its column names as headers and its first row as a line", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const before = await host.read();
    fake.hideHeaderRow(LINES.table);
    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    const lines = raw.tables.find((t) => t.name === LINES.table);
    const old = before.tables.find((t) => t.name === LINES.table);
    expect(lines?.hasHeaderRow).toBe(false);
    expect(lines?.headers).toEqual(LINES.columns.map((c) => c.header));
    expect(lines?.headerRow).toBe(0);
    expect(lines?.rows).toEqual(old?.rows);
    const { plan, findings } = await planOf(host);
    expect(plan.lines).toHaveLength(SEFTON.lines.length);
    expect(findings).toEqual([]);
  });
});

describe("cell-edit mode", () => {
  it("asks Excel to wait on every batch (delayForCellEdit), so a read made while a person types waits and then succeeds", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const runsBefore = fake.runs.length;
    fake.startEditing();
    let done = false;
    const reading = host.read().then((raw) => {
      done = true;
      return raw;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    fake.finishEditing();
    const raw = await reading;
    expect(raw.tables).toHaveLength(READ_TABLES.length);
    expect(fake.delayedSyncs).toBe(1);
    expect(fake.refusedSyncs).toBe(0);

    await host.select(LINES.sheet, "A2");
    const { plan } = await planOf(host);
    await host.apply(allocationChanges(plan, [{ lineId: "CRG-01", amount: money("1.00") }]).changes);
    expect(fake.runs.slice(runsBefore).every((options) => options.delayForCellEdit === true)).toBe(true);
  });

  it("retries a refused read a bounded number of times, then says what to do (Excel before 1.11)", async () => {
    const { fake, host, delays } = await plannedExcel(SEFTON, { isSetSupported: upTo("1.10") });
    fake.startEditing();
    fake.syncs = 0;
    const refused = host.read();
    await expect(refused).rejects.toMatchObject({ code: CELL_EDIT_MODE, message: expect.stringContaining("Press Enter or Esc") });
    expect(fake.syncs).toBe(4);
    expect(delays).toHaveLength(3);
    fake.finishEditing();
  });

  it("reads once editing ends within the retries", async () => {
    const { fake, host } = await plannedExcel(SEFTON, { isSetSupported: upTo("1.10"), delay: async () => fake.finishEditing() });
    fake.startEditing();
    expect((await host.read()).tables).toHaveLength(READ_TABLES.length);
    expect(fake.refusedSyncs).toBe(1);
  });
});

describe("manual calculation mode", () => {
  it("says so in the read, and the core reports it instead of comparing stale results", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.setCalculationMode("Manual");
    const allocatedBefore = fake.value(GRANTS.sheet, "F2");
    const { plan } = await planOf(host);
    expect((await host.apply(allocationChanges(plan, [{ lineId: "CRG-01", amount: money("1.00") }]).changes)).ok).toBe(true);
    // The fake holds Excel's rule: the Allocated formula still shows the old total.
    expect(fake.value(GRANTS.sheet, "F2")).toBe(allocatedBefore);
    const raw = await host.read();
    expect(raw.calculationMode).toBe("manual");
    const codes = (await planOf(host)).findings.map((f) => f.code);
    expect(codes).toContain("CALCULATION_MANUAL");
    expect(codes).not.toContain("FORMULA_TOTAL_MISMATCH");
  });

  it("the fake recalculates again in automatic mode", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const before = fake.value(GRANTS.sheet, "F2");
    fake.setCalculationMode("Manual");
    fake.type(LINES.sheet, "F2", 0);
    expect(fake.value(GRANTS.sheet, "F2")).toBe(before);
    fake.setCalculationMode("Automatic");
    expect(fake.value(GRANTS.sheet, "F2")).not.toBe(before);
    expect((await host.read()).calculationMode).toBe("automatic");
  });
});

describe("formulas read beside values", () => {
  it("gives each body cell's formula, and null for constants, text that starts with = included", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.type(GRANTS.sheet, "G2", 12_000);
    fake.setFormat(LINES.sheet, "C2", "@");
    fake.type(LINES.sheet, "C2", "=not a formula");
    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    const grants = raw.tables.find((t) => t.name === GRANTS.table);
    const lines = raw.tables.find((t) => t.name === LINES.table);
    expect(grants?.formulas?.[0]).toEqual([null, null, null, null, null, GRANTS.columns[5]?.formula, null, null]);
    expect(grants?.formulas?.[1]?.[6]).toBe(GRANTS.columns[6]?.formula);
    expect(lines?.formulas?.[0]?.[2]).toBeNull();
    expect(lines?.formulas).toHaveLength(SEFTON.lines.length);
  });
});

describe("adding a line", () => {
  const awkward = newLine({
    activity: '=HYPERLINK("https://example.org/outreach","Outreach")',
    theme: "1/4",
    notes: "- outreach",
    lead: "1,250",
  });

  it.each(PATHS)("keeps text that Excel would convert as text, by %s", async (_how, max) => {
    const { fake, host } = await plannedExcel(SEFTON, { isSetSupported: upTo(max) });
    // A person set the last line's text columns back to General: nothing can be copied from it.
    fake.setFormat(LINES.sheet, `C${LAST_LINE_ROW}:J${LAST_LINE_ROW}`, "General");
    const { plan } = await planOf(host);
    expect((await host.apply(addLineChanges(plan, awkward).changes)).ok).toBe(true);
    const row = LAST_LINE_ROW + 1;
    expect(fake.value(LINES.sheet, `D${row}`)).toBe(awkward.activity);
    expect(fake.value(LINES.sheet, `C${row}`)).toBe("1/4");
    expect(fake.value(LINES.sheet, `J${row}`)).toBe("- outreach");
    expect(fake.value(LINES.sheet, `E${row}`)).toBe("1,250");
  });

  it.each(PATHS)("leaves a person's own calculated column alone (null, not a blank), by %s", async (_how, max) => {
    const { fake, host } = await plannedExcel(SEFTON, { isSetSupported: upTo(max) });
    fake.addOwnColumn(LINES.table, "Share", "tblLines[[#This Row],[Allocation]]+0");
    const { plan } = await planOf(host);
    expect((await host.apply(addLineChanges(plan, newLine({ allocation: "250.00" })).changes)).ok).toBe(true);
    const row = LAST_LINE_ROW + 1;
    expect(fake.sheetState(LINES.sheet)?.peek(row - 1, 11)?.formula).toBe("tblLines[[#This Row],[Allocation]]+0");
    expect(fake.value(LINES.sheet, `L${row}`)).toBe(250);
  });
});

describe("co-authoring: expectations checked in the write's own run", () => {
  function guardedEdit(): Change[] {
    return [
      { kind: "expect", sheet: LINES.sheet, cells: [{ address: "A2", value: "CRG-01", message: "Line CRG-01 is no longer in row 2: a co-author moved or renamed it." }] },
      { kind: "setCells", sheet: LINES.sheet, cells: [{ address: "F2", value: 1000 }] },
    ];
  }

  it("writes when the cells still hold what was read: one check sync, then one write sync", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.syncs = 0;
    expect((await host.apply(guardedEdit())).ok).toBe(true);
    expect(fake.syncs).toBe(2);
    expect(fake.value(LINES.sheet, "F2")).toBe(1000);
  });

  it("refuses with the expectation's message and writes nothing when a co-author changed the row", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const before = fake.value(LINES.sheet, "F2");
    fake.type(LINES.sheet, "A2", "CRG-99");
    const logBefore = fake.log.length;
    const changes = guardedEdit();
    const outcome = await host.apply(changes);
    expect(outcome).toEqual({
      ok: false,
      message: "Line CRG-01 is no longer in row 2: a co-author moved or renamed it.",
      written: [],
      notWritten: expect.arrayContaining([expect.stringContaining("F2")]),
    });
    expect(fake.value(LINES.sheet, "F2")).toBe(before);
    expect(fake.log.slice(logBefore).every((op) => op.kind === "load")).toBe(true);
  });

  it("compares numbers as Excel shows them (15 significant digits)", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.type(LINES.sheet, "F3", 118999.99999999999);
    const changes: Change[] = [
      { kind: "expect", sheet: LINES.sheet, cells: [{ address: "F3", value: 119000, message: "changed" }] },
      { kind: "setCells", sheet: LINES.sheet, cells: [{ address: "F3", value: 120000 }] },
    ];
    expect((await host.apply(changes)).ok).toBe(true);
  });
});

describe("selecting a finding", () => {
  it("on the hidden settings sheet selects nothing and does not fail", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    await host.select(LINES.sheet, "A2");
    await expect(host.select(META_SHEET, "B2")).resolves.toBeUndefined();
    expect(fake.active).toBe(LINES.sheet);
    expect(fake.selection).toEqual({ sheet: LINES.sheet, address: "A2" });
  });

  it("the fake refuses to activate a hidden sheet, as Excel does", async () => {
    const { fake } = await plannedExcel(SEFTON);
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem(META_SHEET).activate();
        await context.sync();
      }, {}),
    ).rejects.toMatchObject({ code: "InvalidOperation" });
  });
});

describe("the measures' number format", () => {
  it("shows whole numbers without a trailing decimal point (no optional-digit decimals)", async () => {
    const { fake } = await plannedExcel(SEFTON);
    const target = fake.format(MEASURES.sheet, "E2");
    expect(target).toBe(NUMBER_FORMAT);
    // "#,##0.##" shows 60 as "60.": a decimal point followed only by optional digits.
    expect(target).not.toMatch(/\.#+(;|$)/);
  });
});

describe("the fake holds Excel's rules for writes", () => {
  function sheetWithTable(): FakeExcel {
    const fake = new FakeExcel();
    const sheet = fake.addSheet("S");
    fake.type("S", "A1", "Name");
    fake.type("S", "B1", "Amount");
    fake.type("S", "A2", "x");
    fake.type("S", "B2", 1);
    fake.renameTable(fake.addTable(sheet, { top: 0, left: 0, bottom: 1, right: 1 }, true), "T");
    return fake;
  }

  async function write(fake: FakeExcel, address: string, values: (string | number | null)[][]): Promise<void> {
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange(address).formulas = values;
      await context.sync();
    }, {});
  }

  it("converts text written to a General cell the way typing does, and keeps it in a text cell", async () => {
    const fake = sheetWithTable();
    await write(fake, "D1:H1", [["1,250", "-5", "1/4", "=1+1", "- outreach"]]);
    expect(fake.value("S", "D1")).toBe(1250);
    expect(fake.value("S", "E1")).toBe(-5);
    expect(typeof fake.value("S", "F1")).toBe("number");
    expect(fake.value("S", "G1")).toBe(2);
    expect(fake.value("S", "H1")).toEqual({ error: "#NAME?" });
    fake.setFormat("S", "D2:H2", "@");
    await write(fake, "D2:H2", [["1,250", "-5", "1/4", "=1+1", "- outreach"]]);
    expect(["D2", "E2", "F2", "G2", "H2"].map((a) => fake.value("S", a))).toEqual(["1,250", "-5", "1/4", "=1+1", "- outreach"]);
  });

  it("leaves a cell alone for a null in a formulas array, and clears it for an empty string", async () => {
    const fake = sheetWithTable();
    fake.type("S", "D1", "kept");
    fake.type("S", "E1", "cleared");
    await write(fake, "D1:E1", [[null, ""]]);
    expect(fake.value("S", "D1")).toBe("kept");
    expect(fake.value("S", "E1")).toBeNull();
  });

  it("grows a table over a row written directly below it", async () => {
    const fake = sheetWithTable();
    await write(fake, "A3:B3", [["y", 2]]);
    expect(fake.tableState("T")?.height).toBe(2);
    await write(fake, "A5:B5", [["z", 3]]);
    expect(fake.tableState("T")?.height).toBe(2);
  });

  it("refuses to grow a table over merged cells", async () => {
    const fake = sheetWithTable();
    fake.merge("S", "A3:B3");
    await expect(
      fake.run(async (context) => {
        const table = context.workbook.tables.getItem("T");
        table.resize(table.getRange().getResizedRange(1, 0));
        await context.sync();
      }, {}),
    ).rejects.toMatchObject({ code: "MergedRangeConflict" });
  });

  it("refuses every batch, reads too, while a cell is edited, unless asked to wait", async () => {
    const fake = sheetWithTable();
    fake.startEditing();
    const read = (options: { delayForCellEdit?: boolean }): Promise<string> =>
      fake.run(async (context) => {
        const range = context.workbook.worksheets.getItem("S").getRange("A2");
        range.load("values");
        await context.sync();
        return String(range.values[0]?.[0]);
      }, options);
    await expect(read({})).rejects.toMatchObject({ code: CELL_EDIT_MODE });
    const waiting = read(WAIT);
    fake.finishEditing();
    await expect(waiting).resolves.toBe("x");
  });
});

describe("creating what already exists", () => {
  it("refuses a new sheet whose name is taken, writing nothing (not even the changes before it)", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const before = fake.value(LINES.sheet, "J2");
    const changes: Change[] = [
      { kind: "setCells", sheet: LINES.sheet, cells: [{ address: "J2", value: "first note" }] },
      { kind: "createSheet", sheet: "lines", hidden: false },
    ];
    const outcome = await host.apply(changes);
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('already has a sheet called "Lines"'), written: [], notWritten: expect.any(Array) });
    expect(fake.value(LINES.sheet, "J2")).toBe(before);
    expect(fake.sheets.filter((s) => s.name.toLowerCase() === "lines")).toHaveLength(1);
  });
});

/**
 * What the in-memory reference host models beyond the shared contract: Total Rows,
 * tables without a header row, the calculation mode, formulas without a stored result,
 * and refusals given as outcomes rather than thrown.
 */
import { a1 } from "../../src/plan/cell";
import { type Change, describeChange } from "../../src/plan/changes";
import { META_SHEET } from "../../src/plan/schema";
import { MemoryWorkbook } from "../../src/workbook/memory";

/** A sheet "Data" with a two-column table tblData (header on row 1) of two body rows. */
function small(options: { totalsRow?: boolean; hasHeaderRow?: boolean } = {}): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  wb.addSheet("Data");
  const hasHeaderRow = options.hasHeaderRow !== false;
  if (hasHeaderRow) {
    wb.setValue("Data", "A1", "Name");
    wb.setValue("Data", "B1", "Amount");
  } else {
    wb.setValue("Data", "A1", "a title above the table");
  }
  wb.setValue("Data", "A2", "one");
  wb.setValue("Data", "B2", 1);
  wb.setValue("Data", "A3", "two");
  wb.setValue("Data", "B3", 2);
  if (options.totalsRow === true) {
    wb.setValue("Data", "A4", "Total");
    wb.setValue("Data", "B4", { formula: "SUBTOTAL(109,tblData[Amount])", result: 3 });
  }
  wb.tables.push({
    name: "tblData",
    sheet: "Data",
    headerRow: 0,
    firstColumn: 0,
    width: 2,
    height: 2,
    ...(options.totalsRow === true ? { totalsRow: true } : {}),
    ...(hasHeaderRow ? {} : { hasHeaderRow: false, columnNames: ["Name", "Amount"] }),
  });
  return wb;
}

async function data(wb: MemoryWorkbook) {
  const table = (await wb.read()).tables.find((t) => t.name === "tblData");
  if (!table) throw new Error("no tblData");
  return table;
}

const append = (rows: (string | number | null)[][]): Change => ({
  kind: "appendRows",
  sheet: "Data",
  table: "tblData",
  rows,
});

describe("the in-memory host", () => {
  it("reads a table with a Total Row without it, and says it has one; the row below is below the totals", async () => {
    const wb = small({ totalsRow: true });
    wb.setValue("Data", "A5", "a note");
    const table = await data(wb);
    expect(table.rows).toEqual([
      ["one", 1],
      ["two", 2],
    ]);
    expect(table.totalsRow).toBe(true);
    expect(table.below).toEqual(["a note", null]);
    expect(table.typedBelow).toEqual([{ row: 4, cells: ["a note", null] }]);
  });

  it("gives the formulas of the rows typed under a table, and counts a row holding only a formula that shows nothing", async () => {
    const wb = small();
    wb.setValue("Data", "A5", "three");
    wb.setValue("Data", "B5", { formula: "1000*3", result: 3000 });
    wb.setValue("Data", "B6", { formula: 'IF(B5>0,"","check")', result: "" });
    wb.setValue("Data", "A7", "a note");
    const table = await data(wb);
    expect(table.typedBelow).toEqual([
      { row: 4, cells: ["three", 3000], formulas: [null, "1000*3"] },
      { row: 5, cells: [null, ""], formulas: [null, 'IF(B5>0,"","check")'] },
      { row: 6, cells: ["a note", null] },
    ]);
  });

  it("adds rows to a table with a Total Row above the totals, which move down", async () => {
    const wb = small({ totalsRow: true });
    const outcome = await wb.apply([append([["three", 3]])]);
    expect(outcome.ok).toBe(true);
    const table = await data(wb);
    expect(table.rows.map((r) => r[0])).toEqual(["one", "two", "three"]);
    expect(wb.value("Data", "A5")).toBe("Total");
    expect(wb.input("Data", "B5")).toEqual({ formula: "SUBTOTAL(109,tblData[Amount])", result: 3 });
    expect(table.below).toEqual([null, null]);
  });

  it("refuses to move a Total Row over a person's cells, writing nothing", async () => {
    const wb = small({ totalsRow: true });
    wb.setValue("Data", "B5", "mine");
    const change = append([["three", 3]]);
    const outcome = await wb.apply([change]);
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining("Data!B5"), written: [], notWritten: [describeChange(change)] });
    expect((await data(wb)).rows).toHaveLength(2);
    expect(wb.value("Data", "A4")).toBe("Total");
    expect(wb.value("Data", "B5")).toBe("mine");
  });

  it("reads a table without a header row: its column names as headers, the row above its body not as a header", async () => {
    const table = await data(small({ hasHeaderRow: false }));
    expect(table.hasHeaderRow).toBe(false);
    expect(table.headers).toEqual(["Name", "Amount"]);
    expect(table.headerRow).toBe(0);
    expect(table.rows).toEqual([
      ["one", 1],
      ["two", 2],
    ]);
  });

  it("says how the workbook recalculates only when told", async () => {
    const wb = small();
    expect("calculationMode" in (await wb.read())).toBe(false);
    wb.calculationMode = "manual";
    expect((await wb.read()).calculationMode).toBe("manual");
  });

  it("reads a formula stored without a result as uncalculated, never blank", async () => {
    const wb = small();
    wb.setValue("Data", "B2", { formula: "60000/2" });
    const table = await data(wb);
    expect(table.rows[0]).toEqual(["one", { uncalculated: "60000/2" }]);
    expect(table.formulas).toEqual([
      [null, "60000/2"],
      [null, null],
    ]);
  });

  it("keeps the stored results of formulas when other cells change", async () => {
    const wb = small();
    wb.setValue("Data", "B2", { formula: "60000/2", result: 30000 });
    expect((await wb.apply([{ kind: "setCells", sheet: "Data", cells: [{ address: "B3", value: 5 }] }])).ok).toBe(true);
    expect((await wb.apply([append([["three", 3]])])).ok).toBe(true);
    expect((await data(wb)).rows.map((r) => r[1])).toEqual([30000, 5, 3]);
  });

  it("gives a table created without rows one blank body row", async () => {
    const wb = new MemoryWorkbook();
    const outcome = await wb.apply([
      { kind: "createSheet", sheet: "Data", hidden: false },
      {
        kind: "createTable",
        sheet: "Data",
        table: "tblData",
        headerRow: 0,
        firstColumn: 0,
        columns: [{ header: "Name", numberFormat: "@", width: 10, validation: null }],
        rows: [],
      },
    ]);
    expect(outcome.ok).toBe(true);
    expect((await data(wb)).rows).toEqual([[null]]);
  });

  it("refuses, as an outcome, a table over a person's cells, a second sheet of the same name and a bad address", async () => {
    const wb = small();
    wb.setValue("Data", "D3", "mine");
    const table: Change = {
      kind: "createTable",
      sheet: "Data",
      table: "tblOther",
      headerRow: 1,
      firstColumn: 3,
      columns: [{ header: "X", numberFormat: "@", width: 10, validation: null }],
      rows: [["x"]],
    };
    const refusals = [
      await wb.apply([table]),
      await wb.apply([{ kind: "createSheet", sheet: "data", hidden: false }]),
      await wb.apply([{ kind: "setCells", sheet: "Data", cells: [{ address: "B2:B3", value: 1 }] }]),
      await wb.apply([{ kind: "createSheet", sheet: "a/b", hidden: false }]),
    ];
    expect(refusals.map((o) => o.ok)).toEqual([false, false, false, false]);
    expect(refusals.map((o) => (o.ok ? "" : o.message))).toEqual([
      expect.stringContaining("Data!D3"),
      expect.stringContaining('already has a sheet called "Data"'),
      expect.stringContaining('"B2:B3" is not a cell address'),
      expect.stringContaining("cannot contain"),
    ]);
    expect(wb.tables.map((t) => t.name)).toEqual(["tblData"]);
    expect(wb.value("Data", "B2")).toBe(1);
  });

  it("reads the settings by the shared rule: trimmed keys from row 2, the first of a repeated key", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet(META_SHEET, true);
    wb.setValue(META_SHEET, "A1", "Key");
    wb.setValue(META_SHEET, "A2", " Schema version ");
    wb.setValue(META_SHEET, "B2", 1);
    wb.setValue(META_SHEET, "A3", "Schema version");
    wb.setValue(META_SHEET, "B3", 2);
    wb.setValue(META_SHEET, a1(100, 0), "Row 101");
    expect((await wb.read()).meta).toEqual({ "Schema version": 1 });
  });
});

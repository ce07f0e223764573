/**
 * The rows typed under a table, as the .xlsx reader hands them over: with the formula text
 * of each cell that holds one (a shared formula filled down gets each cell's own text), so
 * taking the rows into the table writes formulas back as formulas.
 */
import { takeRowsIntoTable } from "../../../src/plan/actions";
import { a1 } from "../../../src/plan/cell";
import { checkWorkbook } from "../../../src/plan/checks";
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import { LINES } from "../../../src/plan/schema";
import { readPlanPackage } from "../../../src/xlsx/read";
import { nodeInflater } from "../../../src/xlsx/read/nodeInflate";
import { shiftReferences } from "../../../src/xlsx/read/sheet";
import type { XlsxWorkbook } from "../../../src/xlsx/xlsxWorkbook";
import { exampleData, hostPlan, roundTrip } from "../../fixtures/workbooks";
import { buildPackage, row } from "./packages";

jest.setTimeout(30_000);

const HEADERS = ["Line ID", "Grant ID", "Allocation"];

async function linesOf(rows: string): Promise<RawTable> {
  const bytes = buildPackage({ sheets: [{ name: "Lines", rows, tables: [{ name: "tblLines", ref: "A1:C3", columns: HEADERS }] }] });
  const raw = await readPlanPackage(bytes, { inflate: nodeInflater() });
  const found = raw.tables.find((t) => t.name === "tblLines");
  if (!found) throw new Error("no tblLines");
  return found;
}

describe("the .xlsx reader: formulas typed under a table", () => {
  it("gives each typed row's formulas, a filled-down shared formula moved to its own cell, and counts a row holding only a formula showing nothing", async () => {
    const lines = await linesOf(
      [
        row(1, "A", HEADERS),
        row(2, "A", ["L1", "G1", { xml: "><f>[@[Line ID]]&amp;\"\"</f><v>1000</v>" }]),
        row(3, "A", ["L2", "G1", 250]),
        row(5, "A", ["L3", "G1", { xml: "><f>1000*3</f><v>3000</v>" }]),
        row(6, "A", ["L4", "G1", { xml: '><f t="shared" ref="C6:C7" si="0">C5*2+$C$5</f><v>9000</v>' }]),
        row(7, "A", ["L5", "G1", { xml: '><f t="shared" si="0"/><v>21000</v>' }]),
        row(8, "A", [null, null, { xml: ' t="str"><f>IF(C7&gt;0,"","check")</f><v></v>' }]),
        row(9, "A", ["a note"]),
      ].join(""),
    );
    expect(lines.typedBelow).toEqual([
      { row: 4, cells: ["L3", "G1", 3000], formulas: [null, null, "1000*3"] },
      { row: 5, cells: ["L4", "G1", 9000], formulas: [null, null, "C5*2+$C$5"] },
      { row: 6, cells: ["L5", "G1", 21000], formulas: [null, null, "C6*2+$C$5"] },
      { row: 7, cells: [null, null, ""], formulas: [null, null, 'IF(C7>0,"","check")'] },
      { row: 8, cells: ["a note", null, null] },
    ]);
    // The body's formulas are read as before.
    expect(lines.formulas).toEqual([
      [null, null, '[@[Line ID]]&""'],
      [null, null, null],
    ]);
  });

  it("moves a shared formula whose first cell is in the table body for the cells under the table only", async () => {
    const lines = await linesOf(
      [
        row(1, "A", HEADERS),
        row(2, "A", ["L1", "G1", { xml: '><f t="shared" ref="C2:C5" si="3">B2&amp;A2</f><v>0</v>' }]),
        row(3, "A", ["L2", "G1", { xml: '><f t="shared" si="3"/><v>0</v>' }]),
        row(5, "A", ["L3", "G1", { xml: '><f t="shared" si="3"/><v>0</v>' }]),
      ].join(""),
    );
    expect(lines.formulas?.map((f) => f[2])).toEqual(["B2&A2", "B2&A2"]);
    expect(lines.typedBelow).toEqual([{ row: 4, cells: ["L3", "G1", 0], formulas: [null, null, "B5&A5"] }]);
  });
});

function linesIn(raw: RawWorkbook): RawTable {
  const found = raw.tables.find((t) => t.name === LINES.table);
  if (!found) throw new Error("no tblLines");
  return found;
}

describe("the .xlsx host: taking a typed formula into the table", () => {
  it("writes it back as the same formula, which survives saving and reading the file again", async () => {
    let wb: XlsxWorkbook = await hostPlan(exampleData(), "example");
    const lines = linesIn(await wb.read());
    const under = lines.headerRow + 1 + lines.rows.length;
    const at = (key: string): string => a1(under, lines.firstColumn + LINES.columns.findIndex((c) => c.key === key));
    const typed = await wb.apply([
      {
        kind: "setCells",
        sheet: LINES.sheet,
        cells: [
          { address: at("id"), value: "VRP-06" },
          { address: at("grantId"), value: "VRP" },
          { address: at("activity"), value: "Knife crime education" },
          { address: at("allocation"), value: { formula: "1000*3", result: 3000 } },
        ],
      },
    ]);
    expect(typed.ok).toBe(true);
    wb = await roundTrip(wb);
    const raw = await wb.read();
    expect(linesIn(raw).typedBelow?.[0]?.formulas).toContain("1000*3");
    const read = checkWorkbook(raw);
    if (read.status !== "plan") throw new Error(read.reason);
    const taken = takeRowsIntoTable(raw, read.plan, "lines");
    expect(taken.findings).toEqual([]);
    const outcome = await wb.apply(taken.changes);
    expect(outcome.ok).toBe(true);
    wb = await roundTrip(wb);
    const after = linesIn(await wb.read());
    const column = LINES.columns.findIndex((c) => c.key === "allocation");
    expect(after.rows).toHaveLength(lines.rows.length + 1);
    expect(after.formulas?.[lines.rows.length]?.[column]).toBe("1000*3");
    expect(after.rows[lines.rows.length]?.[column]).toBe(3000);
    expect(after.typedBelow).toEqual([]);
  });
});

describe("shiftReferences", () => {
  it.each<[string, number, number, string]>([
    ["C5*2+$C$5", 1, 0, "C6*2+$C$5"],
    ["SUM(A1:B2)", 2, 1, "SUM(B3:C4)"],
    ["$A1+A$1", 1, 1, "$A2+B$1"],
    ['"A1"&Sheet2!B3&\'My Sheet\'!C4', 1, 0, '"A1"&Sheet2!B4&\'My Sheet\'!C5'],
    ["tblLines[@Allocation]*LOG10(A1)", 1, 0, "tblLines[@Allocation]*LOG10(A2)"],
    ["SUM(tblLines[[#This Row],[Q1]:[Q4]])", 3, 2, "SUM(tblLines[[#This Row],[Q1]:[Q4]])"],
    ["SUM(A:B)+SUM(3:4)", 1, 1, "SUM(B:C)+SUM(4:5)"],
    ["1.5E+3*A1+1000*3", 1, 0, "1.5E+3*A2+1000*3"],
    ["#REF!+Z9", 1, 1, "#REF!+AA10"],
    ["A1", -1, 0, "#REF!"],
    ["XFD1", 0, 1, "#REF!"],
    ["A1", 0, 0, "A1"],
  ])("%s moved by %i rows and %i columns is %s", (formula, rows, columns, moved) => {
    expect(shiftReferences(formula, rows, columns)).toBe(moved);
  });
});

/**
 * The summary CSV (docs/summary.md): tables one after another with a blank row between,
 * money with two decimals and no sign or separators, and no text cell that a spreadsheet
 * could read as a formula, whatever it begins with.
 */
import Papa from "papaparse";
import { FORMULA_START, summaryCsv } from "../../../src/plan/boardpack/csv";
import type { SummaryTable } from "../../../src/plan/boardpack/tables";

const DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "=HYPERLINK(\"http://x\",\"y\")\nsecond line", "+1+1", "-1+cmd|' /C calc'!A0", "-5", "@SUM(A1)", "\t=1", "\r=1"];

const table: SummaryTable = {
  title: "Lines",
  headers: ["Line", "Allocation", "% spent", "Lines", "Latest commentary"],
  kinds: ["text", "money", "percent", "count", "text"],
  rows: [
    ...DANGEROUS.map((d, i) => [`L${i}`, 1234.5, 12.25, 3, d]),
    ["=A1", -12.5, null, 0, "plain"],
    ["Total", 1234567.1, 100, 7, ""],
  ],
};

function parse(csv: string): string[][] {
  const result = Papa.parse<string[]>(csv, { header: false, skipEmptyLines: false, delimiter: "," });
  expect(result.errors).toEqual([]);
  return result.data;
}

/** Whether a spreadsheet would take the cell as a formula: its first character starts one. */
const formulaLike = (cell: string): boolean => /^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);

describe("summaryCsv", () => {
  it("writes no cell that begins a formula, and keeps each text after an apostrophe", () => {
    const rows = parse(summaryCsv([table]));
    const cells = rows.flat();
    expect(cells.filter(formulaLike)).toEqual([]);
    const commentary = rows.slice(2, 2 + DANGEROUS.length).map((r) => r[4]);
    // A plain negative number is a number, not a formula: it is written as it is.
    expect(commentary).toEqual(DANGEROUS.map((d) => (d === "-5" ? d : `'${d}`)));
    expect(rows[2 + DANGEROUS.length]?.[0]).toBe("'=A1");
  });

  it("catches a multi-line cell, which papaparse's own pattern lets through", () => {
    const multiLine = "=HYPERLINK(\"http://x\",\"y\")\nsecond line";
    expect(FORMULA_START.test(multiLine)).toBe(true);
    const theirs = Papa.unparse([[multiLine]], { escapeFormulae: true });
    expect(parse(theirs)[0]?.[0]).toBe(multiLine);
    expect(parse(summaryCsv([{ ...table, rows: [["x", null, null, null, multiLine]] }]))[2]?.[4]).toBe(`'${multiLine}`);
  });

  it("writes money with two decimals, percentages with one, counts as they are, unknown as blank", () => {
    const rows = parse(summaryCsv([table]));
    expect(rows[2]?.slice(1, 4)).toEqual(["1234.50", "12.3", "3"]);
    expect(rows[2 + DANGEROUS.length]?.slice(1, 4)).toEqual(["-12.50", "", "0"]);
    expect(rows[3 + DANGEROUS.length]?.slice(1, 4)).toEqual(["1234567.10", "100.0", "7"]);
  });

  it("puts heading lines first, then each table as a title row, headers and rows, a blank row between", () => {
    const second: SummaryTable = { title: "Lines by status", headers: ["Status", "Lines"], kinds: ["text", "count"], rows: [["Blue", 2]] };
    const csv = summaryCsv([table, second], ["OFFICIAL-SENSITIVE"]);
    expect(csv.split("\r\n")[0]).toBe("OFFICIAL-SENSITIVE");
    const rows = parse(csv);
    expect(rows[0]).toEqual(["OFFICIAL-SENSITIVE"]);
    expect(rows[1]).toEqual([""]);
    expect(rows[2]).toEqual(["Lines"]);
    expect(rows[3]).toEqual(table.headers);
    const at = 4 + table.rows.length;
    expect(rows[at]).toEqual([""]);
    expect(rows.slice(at + 1)).toEqual([["Lines by status"], ["Status", "Lines"], ["Blue", "2"]]);
  });
});

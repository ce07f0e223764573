/** Taking rows typed under a table (outside it) into the table, as one safe change list. */
import { takeRowsIntoTable } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import type { Plan } from "../../src/plan/model";
import type { RawWorkbook } from "../../src/plan/raw";
import { LINES } from "../../src/plan/schema";
import { checked, codes, exampleWorkbook } from "../support/plans";
import { rawPlan, withoutFormulas, withoutTable, withTypedBelow } from "../support/raw";

function planOf(raw: RawWorkbook): Plan {
  const read = checkWorkbook(raw);
  if (read.status !== "plan") throw new Error(read.reason);
  return read.plan;
}

const measuresFormula = LINES.columns.find((c) => c.key === "measureCount")?.formula ?? "";

describe("takeRowsIntoTable", () => {
  it("checks the typed cells still hold what was read, clears them and appends the same values, in one change list", () => {
    const raw = withTypedBelow(rawPlan(SEFTON_2020_21), "tblLines", 12, [
      ["VRP-06", "VRP", null, "Knife crime education", null, 5000, "No"],
      ["VRP-07", "VRP", null, "Mentoring", null, 2500],
    ]);
    const result = takeRowsIntoTable(raw, planOf(raw), "lines");
    expect(result.findings).toEqual([]);
    const [expectChange, clear, append] = result.changes;
    expect(result.changes.map((c) => c.kind)).toEqual(["expect", "setCells", "appendRows"]);
    if (expectChange?.kind !== "expect" || clear?.kind !== "setCells" || append?.kind !== "appendRows") throw new Error("wrong kinds");
    expect(expectChange.sheet).toBe("Lines");
    expect(expectChange.cells).toHaveLength(2 * LINES.columns.length);
    expect(expectChange.cells.filter((c) => c.value !== null).map((c) => [c.address, c.value])).toEqual([
      ["A13", "VRP-06"],
      ["B13", "VRP"],
      ["D13", "Knife crime education"],
      ["F13", 5000],
      ["G13", "No"],
      ["A14", "VRP-07"],
      ["B14", "VRP"],
      ["D14", "Mentoring"],
      ["F14", 2500],
    ]);
    expect(expectChange.cells[0]?.message).toContain("Lines!A13 changed since the workbook was read");
    expect(clear.cells.map((c) => [c.address, c.value])).toEqual(expectChange.cells.filter((c) => c.value !== null).map((c) => [c.address, null]));
    expect(clear.label).toContain("Clear Lines!A13:K14");
    expect(append.table).toBe("tblLines");
    expect(append.rows).toEqual([
      ["VRP-06", "VRP", null, "Knife crime education", null, 5000, "No", null, null, null, { formula: measuresFormula }],
      ["VRP-07", "VRP", null, "Mentoring", null, 2500, null, null, null, null, { formula: measuresFormula }],
    ]);
  });

  it("applied to a workbook, the rows become lines of the plan and the warning goes", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "A13", "VRP-06");
    wb.setValue("Lines", "B13", "VRP");
    wb.setValue("Lines", "D13", "Knife crime education");
    wb.setValue("Lines", "F13", 0);
    const before = await checked(wb);
    expect(codes(before.findings)).toContain("ROWS_BELOW_TABLE");
    const raw = await wb.read();
    const result = takeRowsIntoTable(raw, before.plan, "lines");
    expect(result.findings).toEqual([]);
    const outcome = await wb.apply(result.changes);
    expect(outcome.ok).toBe(true);
    const after = await checked(wb);
    expect(after.plan.lines.map((l) => l.id).at(-1)).toBe("VRP-06");
    expect(codes(after.findings)).not.toContain("ROWS_BELOW_TABLE");
    expect(wb.value("Lines", "A13")).toBe("VRP-06");
  });

  it("takes the blank rows between the table and the typed rows in too, keeping every value where it is", () => {
    const raw = withTypedBelow(rawPlan(SEFTON_2020_21), "tblLines", 14, [["VRP-06", "VRP", null, "Mentoring", null, 10]]);
    const result = takeRowsIntoTable(raw, planOf(raw), "lines");
    const append = result.changes.find((c) => c.kind === "appendRows");
    if (append?.kind !== "appendRows") throw new Error("no appendRows");
    expect(append.rows.map((r) => r[0])).toEqual([null, null, "VRP-06"]);
  });

  it("does nothing when nothing was typed under the table", () => {
    const raw = rawPlan(SEFTON_2020_21);
    expect(takeRowsIntoTable(raw, planOf(raw), "lines")).toEqual({ changes: [], findings: [] });
  });

  it.each<[string, (raw: RawWorkbook) => RawWorkbook, string]>([
    [
      "a typed cell shows an Excel error",
      (raw) => withTypedBelow(raw, "tblLines", 12, [["VRP-06", "VRP", null, "x", null, { error: "#REF!" }]]),
      "Lines!F13 shows the Excel error #REF!",
    ],
    [
      "the host could not read the typed cells' formulas",
      (raw) => withoutFormulas(withTypedBelow(raw, "tblLines", 12, [["VRP-06", "VRP", null, "x", null, 3000]])),
      "would be written back as a fixed figure",
    ],
    [
      "the table shows a Total Row",
      (raw) => ({
        ...raw,
        tables: withTypedBelow(raw, "tblLines", 13, [["VRP-06"]]).tables.map((t) => (t.name === "tblLines" ? { ...t, totalsRow: true } : t)),
      }),
      "Total Row",
    ],
  ])("is refused, with nothing written, when %s", (_what, edit, says) => {
    const raw = edit(rawPlan(SEFTON_2020_21));
    const result = takeRowsIntoTable(raw, planOf(raw), "lines");
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([["ROWS_BELOW_TABLE", "error"]]);
    expect(result.findings[0]?.message).toContain("Nothing was written");
    expect(result.findings[0]?.message).toContain(says);
  });

  it("writes a typed formula back as the same formula, with what it showed as its stored result", () => {
    const typed = withTypedBelow(rawPlan(SEFTON_2020_21), "tblLines", 12, [
      ["VRP-06", "VRP", null, "Mentoring", null, 3000, null, null, null, null],
      ["VRP-07", "VRP", null, "Outreach", null, { uncalculated: "2*250" }, ""],
    ]);
    // The first row's Allocation was typed as =1000*3, its Notes as a formula showing nothing.
    const raw: RawWorkbook = {
      ...typed,
      tables: typed.tables.map((t) =>
        t.name !== "tblLines"
          ? t
          : { ...t, typedBelow: (t.typedBelow ?? []).map((r, i) => (i === 0 ? { ...r, formulas: r.cells.map((_, c) => (c === 5 ? "1000*3" : c === 9 ? 'IF(F13>0,"","check")' : null)) } : r)) },
      ),
    };
    const result = takeRowsIntoTable(raw, planOf(raw), "lines");
    expect(result.findings).toEqual([]);
    const append = result.changes.find((c) => c.kind === "appendRows");
    const clear = result.changes.find((c) => c.kind === "setCells");
    if (append?.kind !== "appendRows" || clear?.kind !== "setCells") throw new Error("no appendRows");
    expect(append.rows[0]?.[5]).toEqual({ formula: "1000*3", result: 3000 });
    expect(append.rows[0]?.[9]).toEqual({ formula: 'IF(F13>0,"","check")', result: "" });
    // A formula with no stored result keeps its formula, still without a result.
    expect(append.rows[1]?.[5]).toEqual({ formula: "2*250" });
    expect(clear.cells.map((c) => c.address)).toEqual(expect.arrayContaining(["F13", "J13", "F14"]));
  });

  it("on the in-memory host, a formula typed under the table is still that formula once the row is in the table", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "A13", "VRP-06");
    wb.setValue("Lines", "B13", "VRP");
    wb.setValue("Lines", "D13", "Knife crime education");
    wb.setValue("Lines", "F13", { formula: "1000*3", result: 3000 });
    const before = await checked(wb);
    const raw = await wb.read();
    const result = takeRowsIntoTable(raw, before.plan, "lines");
    expect(result.findings).toEqual([]);
    expect((await wb.apply(result.changes)).ok).toBe(true);
    expect(wb.input("Lines", "F13")).toEqual({ formula: "1000*3", result: 3000 });
    const after = await checked(wb);
    expect(after.plan.lines.find((l) => l.id === "VRP-06")?.allocation?.toFixed(2)).toBe("3000.00");
    expect(codes(after.findings)).not.toContain("ROWS_BELOW_TABLE");
  });

  it("is refused when the table is missing", () => {
    const raw = withoutTable(rawPlan(SEFTON_2020_21), "tblMeasures");
    const result = takeRowsIntoTable(raw, planOf(raw), "measures");
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => f.code)).toEqual(["TABLE_MISSING"]);
  });
});

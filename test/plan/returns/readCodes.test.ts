/**
 * One or more cases per finding code raised while reading returns (RETURN_READ_CODES):
 * the smallest change to the small version-2 plan (./support.ts) that raises it, with its
 * severity, sheet, cell and the words its message must hold. The table is keyed by code,
 * so a new read code without a case fails to compile.
 */
import { describeFindingCases } from "../../support/findingCases";
import type { CellValue } from "../../../src/plan/cell";
import { type Finding, RETURN_READ_CODES, type Severity } from "../../../src/plan/findings";
import type { RawWorkbook } from "../../../src/plan/raw";
import { META_KEYS, META_SHEET } from "../../../src/plan/schema";
import { rawMeta, rawPlan, withCell, withHeaders, withoutTable } from "../../support/raw";
import { SEFTON_2020_21 } from "../../../src/plan/examples/sefton-2020-21";
import { checkedRaw, rawV2, SMALL, SMALL_RETURNS, withReturnRows } from "./support";

type ReadCode = (typeof RETURN_READ_CODES)[number];

interface Case {
  readonly name: string;
  readonly raw: () => RawWorkbook;
  readonly expected: { readonly severity: Severity; readonly sheet: string; readonly cell: string; readonly says: readonly string[] };
}

const LINE_RETURNS = "Line returns";
const MEASURE_RETURNS = "Measure returns";
const lineCell = (address: string, value: CellValue) => (): RawWorkbook => withCell(rawV2(), LINE_RETURNS, address, value);
const measureCell = (address: string, value: CellValue) => (): RawWorkbook => withCell(rawV2(), MEASURE_RETURNS, address, value);
const setting = (key: string, value: CellValue) => (): RawWorkbook => rawV2(SMALL, SMALL_RETURNS, { [key]: value });

const CASES: { readonly [C in ReadCode]: readonly Case[] } = {
  PLAN_OLDER_VERSION: [
    {
      name: "a version-1 plan",
      raw: () => ({ ...rawPlan(SMALL), meta: rawMeta(1) }),
      expected: { severity: "info", sheet: META_SHEET, cell: "A1", says: ["version 1", "Upgrade it to version 2", "changes nothing already typed"] },
    },
  ],
  RETURN_UNKNOWN: [
    {
      name: "a line return for a line that is not in the plan",
      raw: lineCell("A4", "L9"),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "A4", says: ['line "L9"', "not in the Lines table"] },
    },
    {
      name: "a line return with no Line ID",
      raw: lineCell("A3", null),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "A3", says: ["row 3", "names no line"] },
    },
    {
      name: "a measure return for a measure that is not in the plan",
      raw: measureCell("A2", "M1.1"),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "A2", says: ['measure "M1.1"', "not in the Measures table"] },
    },
  ],
  RETURN_VALUE_INVALID: [
    {
      name: "spend stored as text",
      raw: lineCell("D4", "£150.00"),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "D4", says: ["line L2", "stored as text", '"£150.00"', "leave out £150.00"] },
    },
    {
      name: "spend with fractions of a penny",
      raw: lineCell("D2", 90.005),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "D2", says: ["90.005", "fractions of a penny"] },
    },
    {
      name: "negative spend",
      raw: lineCell("D3", -20),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "D3", says: ["negative (-£20.00)"] },
    },
    {
      name: "spend in words",
      raw: lineCell("D3", "about a hundred"),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "D3", says: ['"about a hundred"', "not an amount"] },
    },
    {
      name: "text for a count",
      raw: measureCell("D2", "four"),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "D2", says: ['"four"', "not a number", '"Count"'] },
    },
    {
      name: "a negative count",
      raw: measureCell("D3", -2),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "D3", says: ["-2", '"Count" measure cannot be negative'] },
    },
    {
      name: "a percentage over 100",
      raw: measureCell("D6", 101),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "D6", says: ["101", "percentage cannot be over 100"] },
    },
    {
      name: "a count stored as text",
      raw: measureCell("D2", "4"),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "D2", says: ['stored as text ("4")'] },
    },
    {
      name: "an underspend setting that is not a percentage",
      raw: setting(META_KEYS.underspendPercent, "high"),
      expected: { severity: "warning", sheet: META_SHEET, cell: "A1", says: ['"Underspend warning (%)"', '"high"', "15% is used"] },
    },
  ],
  RETURN_QUARTER_INVALID: [
    {
      name: "a fifth quarter",
      raw: lineCell("C2", "Q5"),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "C2", says: ['"Q5"', "not Q1, Q2, Q3 or Q4"] },
    },
    {
      name: "a quarter in words",
      raw: measureCell("C4", "first"),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "C4", says: ['"first"', "measure M2"] },
    },
    {
      name: "a blank quarter",
      raw: lineCell("C3", null),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "C3", says: ["no quarter"] },
    },
    {
      name: "a line return for a year other than its grant's",
      raw: lineCell("B2", "2021/22"),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "B2", says: ["line L1", "for 2021/22", "its grant is for 2020/21"] },
    },
    {
      name: "a measure return for a year other than its line's grant's",
      raw: measureCell("B5", "2019/2020"),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "B5", says: ["measure M2", "for 2019/20", "its grant is for 2020/21"] },
    },
    {
      name: "a financial year that is not one",
      raw: lineCell("B4", "last year"),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "B4", says: ['"last year"', "not in the form 2020/21"] },
    },
    {
      name: "a 'Returns as at' setting that is not a quarter",
      raw: setting(META_KEYS.returnsAsAt, "October"),
      expected: { severity: "warning", sheet: META_SHEET, cell: "A1", says: ['"Returns as at"', '"October"', "2020/21-Q2"] },
    },
  ],
  RETURN_DUPLICATE: [
    {
      name: "a second line return for the same line and quarter (IDs in another case, quarter as a number)",
      raw: () => rawV2(SMALL, withReturnRows(SMALL_RETURNS, "lineReturns", (rows) => [...rows, ["l1", "2020/21", 1, 95, "Green", "Again", "", "", null]])),
      expected: { severity: "error", sheet: LINE_RETURNS, cell: "A5", says: ["second return for line l1", "2020/21 Q1", "first is on row 2"] },
    },
    {
      name: "a second measure return for the same measure and quarter",
      raw: () => rawV2(SMALL, withReturnRows(SMALL_RETURNS, "measureReturns", (rows) => [...rows, ["M2", "2020/21", "q2", 470, "", "", "", null]])),
      expected: { severity: "error", sheet: MEASURE_RETURNS, cell: "A7", says: ["measure M2", "2020/21 Q2", "first is on row 5"] },
    },
  ],
  STATUS_UNKNOWN: [
    {
      name: "a line return's status that is not in the key",
      raw: lineCell("E3", "Purple"),
      expected: { severity: "warning", sheet: LINE_RETURNS, cell: "E3", says: ['"Purple"', "line L1", "Blue (Complete), Green (Progressing)"] },
    },
    {
      name: "a measure return's status that is not in the key",
      raw: measureCell("E6", "Done-ish"),
      expected: { severity: "warning", sheet: MEASURE_RETURNS, cell: "E6", says: ['"Done-ish"', "measure M3"] },
    },
    {
      name: "Blue in a plan whose key is plain RAG",
      raw: () =>
        withCell(
          rawV2(SMALL, withReturnRows(SMALL_RETURNS, "statusKey", (rows) => rows.slice(1))),
          LINE_RETURNS,
          "E2",
          "blue",
        ),
      expected: { severity: "warning", sheet: LINE_RETURNS, cell: "E2", says: ['"blue"', "Green (Progressing), Amber (On Hold), Red (Not Started)"] },
    },
  ],
};

describeFindingCases("every read code about returns has a case that raises it", RETURN_READ_CODES, CASES, (c) => checkedRaw(c.raw()).findings);

const codes = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.code} ${f.sheet}!${f.cell}`);

describe("reading a version-2 plan", () => {
  it("the small plan reads with only the findings its figures call for", () => {
    const { plan, findings } = checkedRaw(rawV2());
    expect(codes(findings).sort()).toEqual(
      ["VARIANCE_NO_COMMENTARY Line returns!F4", "RETURN_MISSING Lines!A3", "RETURN_MISSING Measures!A4", "RETURN_MISSING Measures!A5"].sort(),
    );
    const returns = plan.returns;
    if (returns === null) throw new Error("no returns");
    expect(returns.lineReturns.map((r) => [r.lineId, r.year?.startYear, r.quarter, r.spend?.toFixed(2), r.status])).toEqual([
      ["L1", 2020, 1, "90.00", "Green"],
      ["L1", 2020, 2, "120.00", "Amber"],
      ["L2", 2020, 1, "150.00", "Green"],
    ]);
    expect(returns.measureReturns.map((r) => [r.measureId, r.quarter, r.value?.toString() ?? null])).toEqual([
      ["M1", 1, "4"],
      ["M1", 2, "2"],
      ["M2", 1, "300"],
      ["M2", 2, "450"],
      ["M3", 1, "60"],
    ]);
    expect(returns.statusKey.map((s) => [s.status, s.meaning, s.suggestedWhen])).toEqual([
      ["Blue", "Complete", "complete"],
      ["Green", "Progressing", "on track"],
      ["Amber", "On Hold", "behind"],
      ["Red", "Not Started", "not started"],
    ]);
    expect(returns.spendProfiles.map((p) => p.quarters.map((q) => q?.toFixed(2) ?? null))).toEqual([
      [null, null, null, null],
      ["200.00", "100.00", "100.00", "100.01"],
    ]);
    expect(returns.targetProfiles.map((p) => p.profile)).toEqual(["even", "q2"]);
    expect(returns.asAt).toEqual({ year: { startYear: 2020 }, quarter: 2 });
    expect(returns.underspendPercent.toString()).toBe("15");
    expect(returns.layouts.targetProfile?.firstColumn).toBe(6);
    expect(returns.lineReturns[0]?.enteredOn).toBe(44027.5);
  });

  it("a version-1 plan checks as before, with only the PLAN_OLDER_VERSION finding, and has no returns", () => {
    const { plan, findings } = checkedRaw({ ...rawPlan(SMALL), meta: rawMeta(1) });
    expect(codes(findings)).toEqual([`PLAN_OLDER_VERSION ${META_SHEET}!A1`]);
    expect(plan.returns).toBeNull();
    expect(plan.schemaVersion).toBe(1);
  });

  it("the Sefton example as a version-1 plan checks with only the PLAN_OLDER_VERSION finding", () => {
    const v1Tables = new Set(["tblGrants", "tblPriorityAreas", "tblLines", "tblMeasures"]);
    const example = rawPlan(SEFTON_2020_21);
    const { plan, findings } = checkedRaw({ ...example, meta: rawMeta(1), tables: example.tables.filter((t) => v1Tables.has(t.name)) });
    expect(codes(findings)).toEqual([`PLAN_OLDER_VERSION ${META_SHEET}!A1`]);
    expect(plan.returns).toBeNull();
    expect(plan.lines.length).toBeGreaterThan(10);
  });

  it.each<[string, CellValue]>([
    ["Q2", "Q2"],
    ["q2", "q2"],
    ["2", "2"],
    ["the number 2", 2],
    ["Quarter 2", "Quarter 2"],
    [" Q2 ", " Q2 "],
  ])("the quarter %s is Q2", (_name, value) => {
    const { plan, findings } = checkedRaw(withCell(rawV2(), LINE_RETURNS, "C3", value));
    expect(findings.filter((f) => f.code === "RETURN_QUARTER_INVALID")).toEqual([]);
    expect(plan.returns?.lineReturns[1]?.quarter).toBe(2);
  });

  it("statuses match the key's Status words or Meanings whatever the case; a measure return may have none", () => {
    let raw = withCell(rawV2(), LINE_RETURNS, "E2", "progressing");
    raw = withCell(raw, LINE_RETURNS, "E3", "AMBER");
    raw = withCell(raw, MEASURE_RETURNS, "E6", "not started");
    const { findings } = checkedRaw(raw);
    expect(findings.filter((f) => f.code === "STATUS_UNKNOWN" || f.code === "VALUE_MISSING")).toEqual([]);
  });

  it("a line return without a status is a VALUE_MISSING warning", () => {
    const { findings } = checkedRaw(withCell(rawV2(), LINE_RETURNS, "E4", null));
    const found = findings.filter((f) => f.code === "VALUE_MISSING");
    expect(found.map((f) => [f.severity, f.sheet, f.cell])).toEqual([["warning", LINE_RETURNS, "E4"]]);
    expect(found[0]?.message).toContain("line L2 for 2020/21 Q1 has no status");
  });

  it("a status longer than any word is unknown, quoted at a readable length", () => {
    const { findings } = checkedRaw(withCell(rawV2(), LINE_RETURNS, "E2", `Green${" ".repeat(300)}x`));
    const found = findings.find((f) => f.code === "STATUS_UNKNOWN");
    expect(found?.cell).toBe("E2");
    expect(found?.message.length).toBeLessThan(400);
  });

  it("a missing version-2 table is a TABLE_MISSING warning naming what cannot be read; the rest is read", () => {
    const { plan, findings } = checkedRaw(withoutTable(rawV2(), "tblSpendProfile"));
    const missing = findings.filter((f) => f.code === "TABLE_MISSING");
    expect(missing.map((f) => [f.severity, f.sheet])).toEqual([["warning", "Profiles"]]);
    expect(missing[0]?.message).toContain("no table named tblSpendProfile");
    expect(missing[0]?.message).toContain("profiled evenly");
    expect(plan.returns?.layouts.spendProfile).toBeNull();
    expect(plan.returns?.lineReturns).toHaveLength(3);
  });

  it("without the status key table, statuses are checked against the default key", () => {
    const { plan, findings } = checkedRaw(withCell(withoutTable(rawV2(), "tblStatusKey"), LINE_RETURNS, "E2", "Purple"));
    expect(findings.find((f) => f.code === "TABLE_MISSING")?.message).toContain("default key");
    expect(findings.filter((f) => f.code === "STATUS_UNKNOWN").map((f) => f.cell)).toEqual(["E2"]);
    expect(plan.returns?.statusKey.map((s) => s.status)).toEqual(["Blue", "Green", "Amber", "Red"]);
  });

  it("a missing column of a version-2 table is COLUMN_MISSING, as in version 1", () => {
    const raw = withHeaders(rawV2(), "tblLineReturns", ["Line ID", "Financial year", "Quarter", "Status", "Commentary"]);
    const { plan, findings } = checkedRaw(raw);
    const missing = findings.filter((f) => f.code === "COLUMN_MISSING");
    expect(missing.map((f) => [f.severity, f.sheet, f.cell])).toEqual([["error", LINE_RETURNS, "F1"]]);
    expect(missing[0]?.message).toContain('"Spend in quarter"');
    expect(plan.returns?.lineReturns.every((r) => !r.spendKnown)).toBe(true);
  });

  it("a spend profile cell in words is an AMOUNT_ finding, as allocations are", () => {
    const raw = rawV2(SMALL, withReturnRows(SMALL_RETURNS, "spendProfile", (rows) => [rows[0] ?? [], ["L2", 200, "a hundred", 100, 100.01]]));
    const { plan, findings } = checkedRaw(raw);
    const found = findings.filter((f) => f.code === "AMOUNT_NOT_A_NUMBER");
    expect(found.map((f) => [f.sheet, f.cell])).toEqual([["Profiles", "C3"]]);
    expect(found[0]?.message).toContain("Q2 spend profile of line L2");
    expect(plan.returns?.spendProfiles[1]?.known).toBe(false);
  });
});

describe("returns for the same quarter of different years", () => {
  it("are not duplicates, however far apart the years are", () => {
    // 6116 and 2020 share their low twelve bits: keys must use the whole start year.
    const raw = rawV2(SMALL, withReturnRows(SMALL_RETURNS, "lineReturns", (rows) => [...rows, ["L1", "6116/17", "Q1", 95, "Green", "Far ahead", "", "", null]]));
    const { findings } = checkedRaw(raw);
    expect(findings.filter((f) => f.code === "RETURN_DUPLICATE")).toEqual([]);
    expect(findings.filter((f) => f.code === "RETURN_QUARTER_INVALID").map((f) => `${f.sheet}!${f.cell}`)).toEqual(["Line returns!B5"]);
  });
});

/**
 * One test per finding code: the smallest change to the Sefton example (or a raw
 * workbook) that raises it, with its severity, sheet, cell and the figures it names.
 * The CASES table is keyed by FindingCode, so a new code without a case fails to compile
 * and the coverage test below fails at run time.
 */
import { describeFindingCases } from "../support/findingCases";
import { addLineChanges, allocationChanges, setupChanges } from "../../src/plan/actions";
import { money } from "../../src/plan/money";
import { checkWorkbook } from "../../src/plan/checks";
import { FINDING_CODES, type Finding, type FindingCode, RETURN_PROGRESS_CODES, RETURN_READ_CODES, type Severity } from "../../src/plan/findings";

/** The codes about quarterly returns have cases of their own, in test/plan/returns. */
type PlanCode = Exclude<FindingCode, (typeof RETURN_READ_CODES)[number] | (typeof RETURN_PROGRESS_CODES)[number]>;
const RETURN_CODES: readonly FindingCode[] = [...RETURN_READ_CODES, ...RETURN_PROGRESS_CODES];
const PLAN_CODES = FINDING_CODES.filter((code): code is PlanCode => !RETURN_CODES.includes(code));
import { BLANK_PLAN } from "../../src/plan/template";
import { GRANTS, LINES, type TableSpec } from "../../src/plan/schema";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { checked, EXAMPLE_RETURNS_ALL_IN, exampleWorkbook, newLine } from "../support/plans";
import type { RawWorkbook } from "../../src/plan/raw";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { rawPlan, withCell, withoutFormulas, withoutProgressSheet, withTypedBelow } from "../support/raw";

/*
 * Where things are in the example (tables at A1):
 *   Grants   A Grant ID, D Financial year, E Award, F Allocated; CRG row 2, VRP row 3.
 *   Lines    A Line ID, B Grant ID, F Allocation, G Reserve, H Priority areas;
 *            CRG-01..CRG-06 rows 2-7, VRP-01..VRP-05 rows 8-12 (VRP-05 is the reserve).
 *   Measures A Measure ID, B Line ID, D Kind, E Target, G Baseline; CRG-01.1..3 rows 2-4,
 *            CRG-02.1..2 rows 5-6, CRG-03.1 (at least 500) row 7, VRP-05.1..2 rows 33-34.
 *   Priority areas: the six VRP areas, rows 2-7.
 */

/**
 * The example as a host reads it (formulas with their results), changed by `edit`, then
 * checked as at the quarter when all its returns are in (only the plan's own findings show).
 */
function rawExampleWith(edit: (raw: RawWorkbook) => RawWorkbook): readonly Finding[] {
  const result = checkWorkbook(edit(rawPlan(SEFTON_2020_21)), { asAt: EXAMPLE_RETURNS_ALL_IN });
  if (result.status !== "plan") throw new Error(result.reason);
  return result.findings;
}

const raw = (edit: (raw: RawWorkbook) => RawWorkbook) => async (): Promise<readonly Finding[]> => rawExampleWith(edit);

async function exampleWith(edit: (wb: MemoryWorkbook) => void): Promise<readonly Finding[]> {
  const wb = await exampleWorkbook();
  edit(wb);
  return (await checked(wb, { asAt: EXAMPLE_RETURNS_ALL_IN })).findings;
}

const formulaOf = (spec: TableSpec, key: string): string => {
  const formula = spec.columns.find((c) => c.key === key)?.formula;
  if (formula === undefined) throw new Error(`no formula for ${key}`);
  return formula;
};
const ALLOCATED = formulaOf(GRANTS, "allocated");
const MEASURES_COUNT = formulaOf(LINES, "measureCount");

function table(wb: MemoryWorkbook, name: string): { height: number } {
  const t = wb.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

interface Expected {
  readonly severity: Severity;
  readonly sheet: string;
  readonly cell: string;
  /** Parts the message must contain (figures, names). */
  readonly says: readonly string[];
}

interface Case {
  readonly name: string;
  readonly run: () => Promise<readonly Finding[]>;
  readonly expected: Expected;
}

const CASES: { readonly [C in PlanCode]: readonly Case[] } = {
  TABLE_MISSING: [
    {
      name: "the Measures sheet is still there but its table was converted to a range",
      run: () => exampleWith((wb) => wb.tables.splice(wb.tables.findIndex((t) => t.name === "tblMeasures"), 1)),
      expected: { severity: "error", sheet: "Measures", cell: "A1", says: ["has no table named tblMeasures"] },
    },
    {
      name: "the Lines sheet and table are gone",
      run: () =>
        exampleWith((wb) => {
          wb.tables.splice(wb.tables.findIndex((t) => t.name === "tblLines"), 1);
          wb.sheets.splice(wb.sheets.findIndex((s) => s.name === "Lines"), 1);
        }),
      expected: { severity: "error", sheet: "Lines", cell: "A1", says: ['"Lines"', "tblLines", "missing from the plan"] },
    },
    {
      name: "a sheet whose name differs only in case holds no table",
      run: () =>
        exampleWith((wb) => {
          wb.tables.splice(wb.tables.findIndex((t) => t.name === "tblGrants"), 1);
          const sheet = wb.sheet("Grants");
          if (sheet) sheet.name = "GRANTS";
        }),
      expected: { severity: "error", sheet: "Grants", cell: "A1", says: ["has no table named tblGrants"] },
    },
  ],
  COLUMN_MISSING: [
    {
      name: "the Allocation header is deleted",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F1", null)),
      expected: { severity: "error", sheet: "Lines", cell: "L1", says: ["tblLines", '"Allocation"'] },
    },
  ],
  MERGED_CELLS: [
    {
      name: "two cells of a line are merged",
      run: () => exampleWith((wb) => wb.sheet("Lines")?.merged.push("C5:D5")),
      expected: { severity: "warning", sheet: "Lines", cell: "C5", says: ["C5:D5", "tblLines", "merged"] },
    },
  ],
  BLANK_ROW: [
    {
      name: "a blank row in the middle of the priority areas",
      run: () =>
        exampleWith((wb) => {
          wb.setValue("Priority areas", "A3", null);
          wb.setValue("Priority areas", "B3", "   ");
        }),
      expected: { severity: "info", sheet: "Priority areas", cell: "A3", says: ["Row 3", "tblPriorityAreas", "skipped"] },
    },
  ],
  ID_MISSING: [
    {
      name: "a measure without an ID",
      run: () => exampleWith((wb) => wb.setValue("Measures", "A3", "")),
      expected: { severity: "error", sheet: "Measures", cell: "A3", says: ["measure has no ID"] },
    },
  ],
  ID_DUPLICATE: [
    {
      name: "a measure ID used twice (case ignored)",
      run: () => exampleWith((wb) => wb.setValue("Measures", "A3", "crg-01.1")),
      expected: { severity: "error", sheet: "Measures", cell: "A3", says: ['Measure ID "crg-01.1"', "already on row 2"] },
    },
  ],
  VALUE_MISSING: [
    {
      name: "a line whose Activity was cleared",
      run: () => exampleWith((wb) => wb.setValue("Lines", "D3", "  ")),
      expected: { severity: "warning", sheet: "Lines", cell: "D3", says: ["Activity in tblLines row 3 is blank"] },
    },
    {
      name: "a measure without a description",
      run: () => exampleWith((wb) => wb.setValue("Measures", "C4", null)),
      expected: { severity: "warning", sheet: "Measures", cell: "C4", says: ["Description in tblMeasures row 4 is blank"] },
    },
  ],
  ROW_BELOW_NOT_EMPTY: [
    {
      name: "adding a line when a person typed a total just below the Lines table",
      run: async () => {
        const wb = await exampleWorkbook();
        wb.setValue("Lines", "F13", "Total");
        const { plan } = await checked(wb);
        return addLineChanges(plan, newLine()).findings;
      },
      expected: { severity: "error", sheet: "Lines", cell: "A13", says: ["A13:K13", "not empty", "Nothing was written"] },
    },
  ],
  CHANGED_SINCE_READ: [
    {
      name: "saving an allocation that a co-author changed after the pane read it",
      run: async () => {
        const wb = await exampleWorkbook();
        const { plan: seen } = await checked(wb);
        const expected = seen.lines.find((l) => l.id === "CRG-01")?.allocation ?? null;
        wb.setValue("Lines", "F2", 118000);
        const { plan: now } = await checked(wb);
        return allocationChanges(now, [{ lineId: "CRG-01", amount: money("120000"), expected }]).findings;
      },
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ["it was £119,000.00, it is now £118,000.00", "Nothing was written"] },
    },
  ],
  GRANT_UNKNOWN: [
    {
      name: "a line names a grant that is not in the Grants table",
      run: () => exampleWith((wb) => wb.setValue("Lines", "B2", "CRGX")),
      expected: { severity: "error", sheet: "Lines", cell: "B2", says: ["CRG-01", '"CRGX"'] },
    },
    {
      name: "a priority area names an unknown grant",
      run: () => exampleWith((wb) => wb.setValue("Priority areas", "A2", "VRX")),
      expected: { severity: "error", sheet: "Priority areas", cell: "A2", says: ['"Early Help"', '"VRX"'] },
    },
  ],
  LINE_UNKNOWN: [
    {
      name: "a measure names a line that is not in the Lines table",
      run: () => exampleWith((wb) => wb.setValue("Measures", "B3", "CRG-99")),
      expected: { severity: "error", sheet: "Measures", cell: "B3", says: ["CRG-01.2", '"CRG-99"'] },
    },
  ],
  AMOUNT_BLANK: [
    {
      name: "a blank award is an error",
      run: () => exampleWith((wb) => wb.setValue("Grants", "E2", null)),
      expected: { severity: "error", sheet: "Grants", cell: "E2", says: ["award (E2) is blank"] },
    },
    {
      name: "a blank allocation is a warning and counts as £0.00",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", null)),
      expected: { severity: "warning", sheet: "Lines", cell: "F2", says: ["allocation (F2) is blank", "£0.00"] },
    },
  ],
  AMOUNT_NEGATIVE: [
    {
      name: "a negative allocation",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", -5)),
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ["negative", "-£5.00"] },
    },
  ],
  AMOUNT_NOT_A_NUMBER: [
    {
      name: "words in an allocation cell",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", "TBC")),
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ['"TBC"', "not an amount"] },
    },
    {
      name: "TRUE in an award cell",
      run: () => exampleWith((wb) => wb.setValue("Grants", "E3", true)),
      expected: { severity: "error", sheet: "Grants", cell: "E3", says: ['"TRUE"'] },
    },
  ],
  AMOUNT_AS_TEXT: [
    {
      name: "an allocation typed as text £1,250.00",
      run: () =>
        exampleWith((wb) => {
          wb.setValue("Lines", "F4", "£1,250.00");
          wb.setValue("Lines", "F2", 132750);
        }),
      expected: { severity: "error", sheet: "Lines", cell: "F4", says: ['"£1,250.00"', "Excel's SUM", "leave out £1,250.00"] },
    },
  ],
  AMOUNT_SUB_PENNY: [
    {
      name: "an allocation of 12.345",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", 12.345)),
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ["12.345", "fractions of a penny"] },
    },
  ],
  CELL_ERROR_VALUE: [
    {
      name: "#REF! in an allocation",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", { formula: "#REF!+1", result: "#REF!" })),
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ["#REF!"] },
    },
    {
      name: "#REF! as a typed error in a text column",
      run: async () => {
        const wb = await exampleWorkbook();
        const raw = await wb.read();
        const lines = raw.tables.find((t) => t.name === "tblLines");
        if (!lines) throw new Error("no lines");
        const broken = {
          ...raw,
          tables: raw.tables.map((t) =>
            t === lines ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? r.map((v, c) => (c === 3 ? { error: "#REF!" } : v)) : r)) } : t,
          ),
        };
        const result = checkWorkbook(broken);
        if (result.status !== "plan") throw new Error(result.reason);
        return result.findings;
      },
      expected: { severity: "error", sheet: "Lines", cell: "D2", says: ["Activity in tblLines row 2", "#REF!"] },
    },
    {
      name: "#N/A in a measure's target is an Excel error, not words",
      run: () => exampleWith((wb) => wb.setValue("Measures", "E3", { formula: "VLOOKUP()", result: "#N/A" })),
      expected: { severity: "error", sheet: "Measures", cell: "E3", says: ["Target in tblMeasures row 3", "#N/A"] },
    },
    {
      name: "#VALUE! in the workbook's own Allocated formula",
      run: () => exampleWith((wb) => wb.setValue("Grants", "F3", { formula: "SUMIFS()", result: "#VALUE!" })),
      expected: { severity: "error", sheet: "Grants", cell: "F3", says: ["Allocated formula for VRP", "#VALUE!"] },
    },
  ],
  OVER_ALLOCATED: [
    {
      name: "Anti-Social Behaviour raised to £120,000",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", 120000)),
      expected: {
        severity: "error",
        sheet: "Grants",
        cell: "E2",
        says: ["Crime Reduction Grant 2020/21 is over-allocated by £1,000.00", "£333,000.00", "£332,000.00"],
      },
    },
  ],
  UNALLOCATED: [
    {
      name: "Anti-Social Behaviour cut to £118,000",
      run: () => exampleWith((wb) => wb.setValue("Lines", "F2", 118000)),
      expected: { severity: "warning", sheet: "Grants", cell: "E2", says: ["£1,000.00 of Crime Reduction Grant 2020/21", "award £332,000.00"] },
    },
  ],
  PRIORITY_AREA_MISSING: [
    {
      name: "a VRP line with no priority area",
      run: () => exampleWith((wb) => wb.setValue("Lines", "H8", "")),
      expected: { severity: "error", sheet: "Lines", cell: "H8", says: ["VRP-01", "Early Help", "Local education initiatives"] },
    },
  ],
  PRIORITY_AREA_NOT_ELIGIBLE: [
    {
      name: "a VRP line naming an area the VRP does not fund",
      run: () => exampleWith((wb) => wb.setValue("Lines", "H8", "Local education initiatives; Street lighting")),
      expected: { severity: "error", sheet: "Lines", cell: "H8", says: ["VRP-01", '"Street lighting"'] },
    },
  ],
  LINE_WITHOUT_MEASURES: [
    {
      name: "CRG-02's measures moved to CRG-01",
      run: () =>
        exampleWith((wb) => {
          wb.setValue("Measures", "B5", "CRG-01");
          wb.setValue("Measures", "B6", "CRG-01");
        }),
      expected: { severity: "warning", sheet: "Lines", cell: "A3", says: ["CRG-02", "Support for victims"] },
    },
  ],
  MEASURE_KIND_UNKNOWN: [
    {
      name: "a kind that is not on the list",
      run: () => exampleWith((wb) => wb.setValue("Measures", "D3", "Lots")),
      expected: { severity: "error", sheet: "Measures", cell: "D3", says: ['"Lots"', "Count, At least"] },
    },
    {
      name: "a blank kind",
      run: () => exampleWith((wb) => wb.setValue("Measures", "D3", null)),
      expected: { severity: "error", sheet: "Measures", cell: "D3", says: ["is blank"] },
    },
  ],
  MEASURE_TARGET_MISSING: [
    {
      name: "a count without a target",
      run: () => exampleWith((wb) => wb.setValue("Measures", "E3", null)),
      expected: { severity: "warning", sheet: "Measures", cell: "E3", says: ["CRG-01.2", '"Count"', "no target"] },
    },
    {
      name: "a reduction without a baseline",
      run: () => exampleWith((wb) => wb.setValue("Measures", "D3", "Reduction")),
      expected: { severity: "warning", sheet: "Measures", cell: "G3", says: ["CRG-01.2", "no baseline"] },
    },
  ],
  MEASURE_NUMBER_INVALID: [
    {
      name: 'a target written as "over 500"',
      run: () => exampleWith((wb) => wb.setValue("Measures", "E7", "over 500")),
      expected: { severity: "error", sheet: "Measures", cell: "E7", says: ['"over 500"', "not a number"] },
    },
  ],
  RESERVE_FLAG_INVALID: [
    {
      name: 'Reserve set to "Maybe"',
      run: () => exampleWith((wb) => wb.setValue("Lines", "G2", "Maybe")),
      expected: { severity: "warning", sheet: "Lines", cell: "G2", says: ['"Maybe"', "Yes or No"] },
    },
  ],
  FINANCIAL_YEAR_INVALID: [
    {
      name: 'a financial year written "2020"',
      run: () => exampleWith((wb) => wb.setValue("Grants", "D2", "2020")),
      expected: { severity: "warning", sheet: "Grants", cell: "D2", says: ['"2020"', "2020/21"] },
    },
    {
      name: 'a financial year spanning two years, "2020/22"',
      run: () => exampleWith((wb) => wb.setValue("Grants", "D3", "2020/22")),
      expected: { severity: "warning", sheet: "Grants", cell: "D3", says: ['"2020/22"'] },
    },
  ],
  FORMULA_TOTAL_MISMATCH: [
    {
      name: "the cached Allocated is a penny short",
      run: () => exampleWith((wb) => wb.setValue("Grants", "F2", { formula: ALLOCATED, result: 331999.99 })),
      expected: { severity: "error", sheet: "Grants", cell: "F2", says: ["£331,999.99", "£332,000.00 exactly", "difference of £0.01"] },
    },
    {
      name: "SUMIFS leaves out an allocation stored as text",
      run: () =>
        exampleWith((wb) => {
          wb.setValue("Lines", "F2", "119000");
          wb.setValue("Grants", "F2", { formula: ALLOCATED, result: 213000 });
        }),
      expected: { severity: "error", sheet: "Grants", cell: "F2", says: ["£213,000.00", "£332,000.00", "£119,000.00"] },
    },
    {
      name: "Excel's this-row form of the documented formula is the documented formula, and its result is compared",
      run: raw((r) => withCell(r, "Grants", "F3", 170000, "SUMIFS(tblLines[Allocation], tblLines[Grant ID], [@[Grant ID]])")),
      expected: { severity: "error", sheet: "Grants", cell: "F3", says: ["£170,000.00 allocated to VRP", "£180,000.00 exactly"] },
    },
    {
      name: "a stale Unallocated",
      run: raw((r) => withCell(r, "Grants", "G2", 1000)),
      expected: { severity: "error", sheet: "Grants", cell: "G2", says: ["£1,000.00 unallocated for CRG", "£0.00 exactly"] },
    },
    {
      name: "a Measures count that differs from the Measures table, with formulas unknown to the host",
      run: raw((r) => withoutFormulas(withCell(r, "Lines", "K2", 2))),
      expected: { severity: "error", sheet: "Lines", cell: "K2", says: ["shows 2", "line CRG-01", "holds 3 measures"] },
    },
    {
      name: "a Grant ID with a zero-width space: Excel's SUMIFS misses its lines",
      run: raw((r) => withCell(withCell(r, "Lines", "B8", "VRP\u200b"), "Grants", "F3", 150000)),
      expected: { severity: "error", sheet: "Grants", cell: "F3", says: ["£150,000.00 allocated to VRP", "£180,000.00 exactly", "look-alike"] },
    },
  ],
  FORMULA_NOT_CALCULATED: [
    {
      name: "an allocation typed as =60000/2, saved by a program that does not calculate",
      run: raw((r) => withCell(r, "Lines", "F2", { uncalculated: "60000/2" }, "60000/2")),
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ["allocation (F2)", "=60000/2", "not known", "Recalculate", "F9"] },
    },
    {
      name: "an award formula with no stored result",
      run: raw((r) => withCell(r, "Grants", "E3", { uncalculated: "90000*2" }, "90000*2")),
      expected: { severity: "error", sheet: "Grants", cell: "E3", says: ["award (E3)", "=90000*2", "LibreOffice"] },
    },
    {
      name: "a measure's target formula with no stored result",
      run: raw((r) => withCell(r, "Measures", "E3", { uncalculated: "50+10" }, "50+10")),
      expected: { severity: "error", sheet: "Measures", cell: "E3", says: ["Target in tblMeasures row 3", "=50+10"] },
    },
    {
      name: "a line's Activity is a text formula with no stored result",
      run: raw((r) => withCell(r, "Lines", "D3", { uncalculated: 'CONCAT("Support ","for victims")' }, 'CONCAT("Support ","for victims")')),
      expected: { severity: "error", sheet: "Lines", cell: "D3", says: ["Activity in tblLines row 3", "=CONCAT("] },
    },
    {
      name: "the plan's own Allocated formula with no stored result is a warning (the core works it out)",
      run: raw((r) => withCell(r, "Grants", "F2", { uncalculated: "SUMIFS(tblLines[Allocation],tblLines[Grant ID],[@[Grant ID]])" })),
      expected: { severity: "warning", sheet: "Grants", cell: "F2", says: ["Allocated cell of CRG", "no result stored"] },
    },
  ],
  FORMULA_OVERWRITTEN: [
    {
      name: "Unallocated typed over with the constant 0",
      run: raw((r) => withCell(r, "Grants", "G2", 0, null)),
      expected: { severity: "error", sheet: "Grants", cell: "G2", says: ["Unallocated cell of CRG", "typed value 0", "=tblGrants[[#This Row],[Award]]-tblGrants[[#This Row],[Allocated]]"] },
    },
    {
      name: "Allocated replaced by the right number is still overwritten: it will go stale",
      run: raw((r) => withCell(r, "Grants", "F3", 180000, null)),
      expected: { severity: "error", sheet: "Grants", cell: "F3", says: ["Allocated cell of VRP", "180000", "Put the formula back"] },
    },
    {
      name: "the Measures count of a line deleted (blank, no formula)",
      run: raw((r) => withCell(r, "Lines", "K4", null, null)),
      expected: { severity: "error", sheet: "Lines", cell: "K4", says: ["Measures cell of CRG-03", "is blank", "COUNTIFS"] },
    },
    {
      name: "another formula in Allocated whose result is wrong",
      run: raw((r) => withCell(r, "Grants", "F2", 300000, "SUM(Lines!F2:F6)")),
      expected: { severity: "error", sheet: "Grants", cell: "F2", says: ["=SUM(Lines!F2:F6)", "not the plan's own formula", "£300,000.00", "£332,000.00"] },
    },
    {
      name: "another formula in Unallocated, in manual calculation mode, cannot be confirmed",
      run: raw((r) => ({ ...withCell(r, "Grants", "G2", 0, "E2-F2"), calculationMode: "manual" })),
      expected: { severity: "warning", sheet: "Grants", cell: "G2", says: ["=E2-F2", "calculates manually"] },
    },
  ],
  ROWS_BELOW_TABLE: [
    {
      name: "two lines typed under tblLines, outside it",
      run: raw((r) =>
        withTypedBelow(r, "tblLines", 13, [
          ["VRP-06", "VRP", null, "Knife crime education", null, 5000],
          ["VRP-07", "VRP", null, "Mentoring", null, 2500],
        ]),
      ),
      expected: { severity: "warning", sheet: "Lines", cell: "A14", says: ["Lines!A14:K15 hold values under table tblLines but outside it", "not part of the plan"] },
    },
    {
      name: "one measure typed two rows under tblMeasures",
      run: raw((r) => withTypedBelow(r, "tblMeasures", 36, [["VRP-01.9", "VRP-01", "Sessions", "Count", 10]])),
      expected: { severity: "warning", sheet: "Measures", cell: "A37", says: ["Measures!A37:H37 holds values under table tblMeasures", "it is not part of the plan"] },
    },
  ],
  PROGRESS_ROWS_MISSING: [
    {
      name: "a line and two measures with no row in the Progress sheet (added after it was written)",
      run: raw((r) => ({
        ...r,
        tables: r.tables.map((t) => (t.name === "tblLineProgress" ? { ...t, rows: t.rows.slice(1) } : t.name === "tblMeasureProgress" ? { ...t, rows: t.rows.slice(2) } : t)),
      })),
      expected: { severity: "info", sheet: "Progress", cell: "A1", says: ["no row for line CRG-01 or measures CRG-01.1 and CRG-01.2", "leave them out"] },
    },
  ],
  ID_LOOKALIKE: [
    {
      name: "a Grant ID with a zero-width space",
      run: raw((r) => withCell(r, "Grants", "A2", "CRG\u200b")),
      expected: { severity: "warning", sheet: "Grants", cell: "A2", says: ['"CRG"', "U+200B ZERO WIDTH SPACE", "Retype"] },
    },
    {
      name: "a line's Grant ID with a non-breaking space",
      run: raw((r) => withCell(r, "Lines", "B3", "CRG\u00a0")),
      expected: { severity: "warning", sheet: "Lines", cell: "B3", says: ["Grant ID in tblLines row 3", "U+00A0 NO-BREAK SPACE"] },
    },
    {
      name: "a measure's Line ID with a byte order mark and a word joiner",
      run: raw((r) => withCell(r, "Measures", "B4", "\ufeffCRG-01\u2060")),
      expected: { severity: "warning", sheet: "Measures", cell: "B4", says: ['"CRG-01"', "U+FEFF", "U+2060 WORD JOINER"] },
    },
    {
      name: "a Grant ID typed with a space after it, which SUMIFS does not ignore",
      run: raw((r) => withCell(r, "Grants", "A2", "CRG ")),
      expected: { severity: "warning", sheet: "Grants", cell: "A2", says: ['"CRG"', "a space before or after the ID", "compare IDs exactly"] },
    },
    {
      name: "a measure's Line ID with an en dash",
      run: raw((r) => withCell(r, "Measures", "B4", "CRG\u201301")),
      expected: { severity: "warning", sheet: "Measures", cell: "B4", says: ['"CRG-01"', "U+2013 EN DASH"] },
    },
    {
      name: "a line's Grant ID in full-width letters",
      run: raw((r) => withCell(r, "Lines", "B3", "\uff23\uff32\uff27")),
      expected: { severity: "warning", sheet: "Lines", cell: "B3", says: ['"CRG"', 'U+FF23 FULLWIDTH FORM OF "C"', 'U+FF32 FULLWIDTH FORM OF "R"'] },
    },
  ],
  ID_WILDCARD: [
    {
      name: "a Grant ID with an asterisk, a wildcard to SUMIFS",
      run: raw((r) => withCell(r, "Grants", "A2", "CRG*")),
      expected: { severity: "warning", sheet: "Grants", cell: "A2", says: ['"CRG*"', '"*"', "wildcard"] },
    },
    {
      name: "a Line ID with a question mark and a tilde",
      run: raw((r) => withCell(r, "Lines", "A3", "CRG-0?~")),
      expected: { severity: "warning", sheet: "Lines", cell: "A3", says: ['"?" and "~"'] },
    },
  ],
  CALCULATION_MANUAL: [
    {
      name: "a workbook set to calculate manually, with a stale Allocated",
      run: raw((r) => ({ ...withCell(r, "Grants", "F2", 300000), calculationMode: "manual" })),
      expected: { severity: "warning", sheet: "Grants", cell: "F1", says: ["calculate manually", "not compared", "F9"] },
    },
  ],
  SHEET_IN_THE_WAY: [
    {
      name: "setting up a workbook that has its own Lines sheet",
      run: async () => {
        const wb = new MemoryWorkbook();
        wb.addSheet("Sheet1");
        wb.addSheet("lines");
        return setupChanges(await wb.read(), BLANK_PLAN, "blank", "tests").findings;
      },
      expected: { severity: "error", sheet: "lines", cell: "A1", says: ['"lines"', "Nothing was changed"] },
    },
  ],
};

describeFindingCases("every finding code has a case that raises it", PLAN_CODES, CASES, (c) => c.run());

it("leaves to the returns tables exactly the codes about returns", () => {
  expect(PLAN_CODES.length + RETURN_CODES.length).toBe(FINDING_CODES.length);
});

describe("what does not raise a finding", () => {
  it("the example itself", async () => {
    expect(await exampleWith(() => undefined)).toEqual([]);
  });

  it("a version-2 plan without a Progress sheet (deleted, or written by another program)", () => {
    expect(rawExampleWith(withoutProgressSheet)).toEqual([]);
  });

  it("a cached Allocated that differs from the exact total only by float noise", async () => {
    const findings = await exampleWith((wb) => wb.setValue("Grants", "F2", { formula: "SUMIFS()", result: 332000.00000000006 }));
    expect(findings).toEqual([]);
  });

  it("an own formula with no stored result is not compared: one warning says it shows nothing until recalculated", async () => {
    const findings = await exampleWith((wb) => wb.setValue("Grants", "F2", { formula: ALLOCATED }));
    expect(findings.map((f) => [f.code, f.severity, f.cell])).toEqual([["FORMULA_NOT_CALCULATED", "warning", "F2"]]);
  });

  it("binary noise in formula results is read as Excel shows it (15 significant digits)", () => {
    const findings = rawExampleWith((r) =>
      withCell(withCell(withCell(r, "Lines", "F2", 118999.99999999999, "340000*0.35"), "Grants", "F2", 331999.99999999994), "Grants", "E2", 332000.00000000006),
    );
    expect(findings).toEqual([]);
  });

  it("Excel's this-row shorthand and spacing in an own formula are the documented formula", () => {
    const findings = rawExampleWith((r) =>
      withCell(withCell(r, "Grants", "G2", 0, "[@Award] - [@Allocated]"), "Lines", "K2", 3, "countifs(tblMeasures[Line ID],tblLines[@[Line ID]])"),
    );
    expect(findings).toEqual([]);
  });

  it("another formula in an own column is accepted when its result equals the plan's figure", () => {
    expect(rawExampleWith((r) => withCell(r, "Grants", "G3", 0, "E3-F3"))).toEqual([]);
  });

  it("trailing blank rows at the bottom of a table", async () => {
    const findings = await exampleWith((wb) => {
      table(wb, "tblLines").height += 2;
      table(wb, "tblPriorityAreas").height += 1;
    });
    expect(findings).toEqual([]);
  });

  it("a trailing row that holds only a formula result still counts as blank", async () => {
    const findings = await exampleWith((wb) => {
      const t = table(wb, "tblLines");
      t.height += 1;
      wb.setValue("Lines", "K13", { formula: "COUNTIFS()", result: 0 });
    });
    expect(findings).toEqual([]);
  });

  it("a reserve line needs no priority area, may name any, and needs no measures", async () => {
    const findings = await exampleWith((wb) => {
      wb.setValue("Lines", "H12", "Street lighting");
      wb.setValue("Measures", "B33", "VRP-04");
      wb.setValue("Measures", "B34", "VRP-04");
      // What Excel shows once it has recalculated the Measures counts.
      wb.setValue("Lines", "K11", { formula: MEASURES_COUNT, result: 5 });
      wb.setValue("Lines", "K12", { formula: MEASURES_COUNT, result: 0 });
    });
    expect(findings).toEqual([]);
  });

  it("priority areas and IDs are matched case-insensitively", async () => {
    const findings = await exampleWith((wb) => {
      wb.setValue("Lines", "H8", "  local EDUCATION initiatives ");
      wb.setValue("Lines", "B2", "crg");
      wb.setValue("Measures", "B2", "crg-01");
    });
    expect(findings).toEqual([]);
  });

  it("Yes/No in any case, Y/N and TRUE/FALSE are reserve flags", async () => {
    const findings = await exampleWith((wb) => {
      wb.setValue("Lines", "G2", "no");
      wb.setValue("Lines", "G3", "N");
      wb.setValue("Lines", "G4", false);
      wb.setValue("Lines", "G12", "YES");
    });
    expect(findings).toEqual([]);
  });

  it("targets with thousands separators or a percent sign are numbers", async () => {
    const findings = await exampleWith((wb) => {
      wb.setValue("Measures", "E7", "1,500");
      wb.setValue("Measures", "E3", "75%");
    });
    expect(findings).toEqual([]);
  });
});

describe("findings that follow from others are not repeated as noise", () => {
  it("own formulas with no stored result in every row give one warning per column, with the count", () => {
    const findings = rawExampleWith((r) => {
      let out = r;
      for (let row = 2; row <= 12; row++) out = withCell(out, "Lines", `K${row}`, { uncalculated: MEASURES_COUNT });
      return out;
    });
    expect(findings.map((f) => [f.code, f.severity, f.sheet, f.cell])).toEqual([["FORMULA_NOT_CALCULATED", "warning", "Lines", "K2"]]);
    expect(findings[0]?.message).toContain("11 cells of the Measures column (the first at Lines!K2)");
  });

  it("a deleted Allocation header gives one COLUMN_MISSING, not an unallocated award or a formula mismatch", async () => {
    const findings = await exampleWith((wb) => wb.setValue("Lines", "F1", null));
    expect(findings.map((f) => f.code)).toEqual(["COLUMN_MISSING"]);
  });

  it("a deleted Grant ID header on Lines does not call every line's grant unknown", async () => {
    const findings = await exampleWith((wb) => wb.setValue("Lines", "B1", "Grant"));
    expect(findings.map((f) => f.code)).toEqual(["COLUMN_MISSING"]);
  });

  it("a deleted Line ID header on Measures does not call every measure's line unknown", async () => {
    const findings = await exampleWith((wb) => wb.setValue("Measures", "B1", null));
    expect(findings.map((f) => f.code)).toEqual(["COLUMN_MISSING"]);
  });

  it("an award of -0 is not over-allocated by £0.00", async () => {
    const wb = await exampleWithMinusZeroAward();
    const { findings } = await checked(wb);
    expect(findings.filter((f) => f.code === "OVER_ALLOCATED")).toEqual([]);
  });

  it("a missing Measures table does not make every line 'without measures'", async () => {
    const findings = await exampleWith((wb) => wb.tables.splice(wb.tables.findIndex((t) => t.name === "tblMeasures"), 1));
    expect(findings.map((f) => f.code)).toEqual(["TABLE_MISSING"]);
  });
});

/** A grant whose award was typed as the text "-0" and which has no lines. */
async function exampleWithMinusZeroAward(): Promise<MemoryWorkbook> {
  const wb = await exampleWorkbook();
  wb.setValue("Grants", "E3", "-0");
  for (let row = 8; row <= 12; row++) wb.setValue("Lines", `F${row}`, 0);
  return wb;
}

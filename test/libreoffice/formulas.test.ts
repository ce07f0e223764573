/**
 * The formulas the product writes, proven by a spreadsheet engine nobody here wrote.
 *
 * Workbooks made the way `grant-planner init` makes them (blank, the shipped example, a
 * generated 500-line plan) and the example after an allocation edit through the .xlsx host
 * are recalculated headless by LibreOffice, with recalculation forced. Every formula cell
 * the product writes (Allocated and Unallocated per grant, Measures per line) must then hold
 * a figure, never an error, equal to the core's exact figure to the penny; and the plan must
 * survive LibreOffice's rewrite of the file: tables, money formats, data validation.
 */
import type { Workbook as ExcelJsWorkbook, Worksheet } from "exceljs";
import { allocationChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import { money } from "../../src/plan/money";
import { GRANTS, LINES, META_SHEET, MEASURES, type TableSpec, TABLES } from "../../src/plan/schema";
import { summarise, summaryToJson } from "../../src/plan/summary";
import { BLANK_PLAN } from "../../src/plan/template";
import { tableRange, tablesOn } from "../../src/xlsx/tables";
import { exampleData, hostPlan, hostPlanBytes } from "../fixtures/workbooks";
import { generatePlan } from "../support/generate";
import { LIBREOFFICE_RUN_MS, loadExcelJs, recalculateWithLibreOffice, type Recalculation, recalculation } from "../support/libreoffice";

// ------------------------------------------------------------------ making workbooks

/** The example with Anti-Social Behaviour raised to £120,000.00, edited through the .xlsx host. */
async function editedExample(): Promise<Uint8Array> {
  const wb = await hostPlan(exampleData(), "sefton-2020-21");
  const read = checkWorkbook(await wb.read());
  if (read.status !== "plan") throw new Error(read.reason);
  const edit = allocationChanges(read.plan, [{ lineId: "CRG-01", amount: money("120000.00") }]);
  if (edit.findings.length > 0) throw new Error(edit.findings.map((f) => f.message).join("\n"));
  const outcome = await wb.apply(edit.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb.toBuffer();
}

// ------------------------------------------------------------------ reading cells with exceljs

interface TableOnSheet {
  readonly sheet: Worksheet;
  /** One-based sheet rows and columns, as exceljs counts them. */
  readonly headerRow: number;
  readonly lastRow: number;
  readonly columnOf: ReadonlyMap<string, number>;
}

function findTable(wb: ExcelJsWorkbook, spec: TableSpec): TableOnSheet {
  const sheet = wb.getWorksheet(spec.sheet);
  if (!sheet) throw new Error(`sheet "${spec.sheet}" is missing`);
  const table = tablesOn(sheet).find((t) => t.model.name === spec.table);
  const range = table ? tableRange(table.model) : null;
  if (!range) throw new Error(`table ${spec.table} is missing from "${spec.sheet}"`);
  const columnOf = new Map<string, number>();
  for (let column = range.left + 1; column <= range.right + 1; column++) {
    const header: unknown = sheet.getCell(range.top + 1, column).value;
    if (typeof header === "string") columnOf.set(header, column);
  }
  return { sheet, headerRow: range.top + 1, lastRow: range.bottom + 1, columnOf };
}

function column(table: TableOnSheet, header: string): number {
  const found = table.columnOf.get(header);
  if (found === undefined) throw new Error(`column "${header}" is missing`);
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * What a formula cell shows, as text that compares exactly: money to the penny ("332000.00"),
 * a count as a whole number ("3"), an error as itself ("#REF!"), or why there is no figure.
 */
function shown(sheet: Worksheet, row: number, col: number, as: "money" | "count"): string {
  const cell = sheet.getCell(row, col);
  if (typeof cell.formula !== "string" || cell.formula === "") return "(no formula)";
  // Read from the cell itself: exceljs's copy of the value leaves out a result of 0.
  const result: unknown = cell.result;
  if (result === undefined || result === null) return "(no result)";
  if (isRecord(result) && typeof result["error"] === "string") return result["error"];
  if (typeof result !== "number") return `(not a number: ${JSON.stringify(result)})`;
  return as === "money" ? money(result).toFixed(2) : String(result);
}

interface FormulaFigure {
  /** "Grants CRG Allocated", "Lines CRG-01 Measures": where a person finds the cell. */
  readonly where: string;
  readonly value: string;
}

interface Place {
  readonly table: "Grants" | "Lines";
  /** The row's ID; empty for a blank row. */
  readonly id: string;
  readonly header: string;
}

const placeName = (p: Place): string => `${p.table} ${p.id || "(blank row)"} ${p.header}`;

function idIn(table: TableOnSheet, row: number, header: string): string {
  const value: unknown = table.sheet.getCell(row, column(table, header)).value;
  return typeof value === "string" ? value : "";
}

/** Every formula cell the product writes, where it is and what it shows. */
function formulaCells(wb: ExcelJsWorkbook): (Place & { readonly value: string })[] {
  const cells: (Place & { readonly value: string })[] = [];
  const grants = findTable(wb, GRANTS);
  for (let row = grants.headerRow + 1; row <= grants.lastRow; row++) {
    const id = idIn(grants, row, "Grant ID");
    for (const header of ["Allocated", "Unallocated"]) {
      cells.push({ table: "Grants", id, header, value: shown(grants.sheet, row, column(grants, header), "money") });
    }
  }
  const lines = findTable(wb, LINES);
  for (let row = lines.headerRow + 1; row <= lines.lastRow; row++) {
    const id = idIn(lines, row, "Line ID");
    cells.push({ table: "Lines", id, header: "Measures", value: shown(lines.sheet, row, column(lines, "Measures"), "count") });
  }
  return cells;
}

function formulaFigures(wb: ExcelJsWorkbook): FormulaFigure[] {
  return formulaCells(wb).map((cell) => ({ where: placeName(cell), value: cell.value }));
}

/**
 * The same cells as the core works them out exactly: its per-grant summary and the number of
 * measures naming each line. A blank row (an empty plan's one body row) totals nothing, as in Excel.
 */
function expectedFigures(wb: ExcelJsWorkbook, plan: Plan): FormulaFigure[] {
  const grants = new Map(summarise(plan).map((s) => [s.id, s] as const));
  const measures = new Map<string, number>();
  for (const m of plan.measures) measures.set(m.lineId, (measures.get(m.lineId) ?? 0) + 1);
  return formulaCells(wb).map((place) => {
    const where = placeName(place);
    if (place.table === "Lines") return { where, value: String(place.id === "" ? 0 : (measures.get(place.id) ?? 0)) };
    const grant = place.id === "" ? undefined : grants.get(place.id);
    if (grant === undefined) return { where, value: "0.00" };
    if (place.header === "Allocated") return { where, value: grant.allocated === null ? "(not known)" : grant.allocated.toFixed(2) };
    return { where, value: grant.unallocated === null ? "(award unreadable)" : grant.unallocated.toFixed(2) };
  });
}

const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code).sort();

// ------------------------------------------------------------------ the workbooks

interface Case {
  readonly name: string;
  readonly make: () => Promise<Uint8Array>;
  /** Grant IDs and line counts, so a wrong set-up cannot pass by having nothing to check. */
  readonly grants: number;
  readonly lines: number;
  /**
   * An edit saved by the .xlsx host, which cannot calculate: it stores the core's figures as
   * the results of the plan's own formula cells (and LibreOffice, set to always
   * recalculate, works them out again).
   */
  readonly savedAfterEdit?: boolean;
  /** Figures known from the plan itself, checked on top of the core's. */
  readonly known?: Readonly<Record<string, string>>;
}

const CASES: readonly Case[] = [
  { name: "a blank plan from init", make: () => hostPlanBytes(BLANK_PLAN, "blank"), grants: 0, lines: 0 },
  {
    name: "the example from init",
    make: () => hostPlanBytes(exampleData(), "sefton-2020-21"),
    grants: 2,
    lines: 11,
    known: { "Grants CRG Allocated": "332000.00", "Grants CRG Unallocated": "0.00", "Grants VRP Allocated": "180000.00" },
  },
  { name: "a generated 500-line plan", make: () => hostPlanBytes(generatePlan(500), "generated"), grants: 10, lines: 500 },
  {
    name: "the example after an allocation edit through the .xlsx host",
    make: editedExample,
    grants: 2,
    lines: 11,
    savedAfterEdit: true,
    // Anti-Social Behaviour raised from £119,000.00 to £120,000.00: over-allocated by £1,000.00.
    known: { "Grants CRG Allocated": "333000.00", "Grants CRG Unallocated": "-1000.00", "Grants VRP Unallocated": "0.00" },
  },
];

describe.each(CASES)("LibreOffice recalculates $name", (c) => {
  let source: Uint8Array;
  let run: Recalculation;
  let libreOffice: ExcelJsWorkbook;

  beforeAll(async () => {
    source = await c.make();
    run = await recalculation(source);
    libreOffice = await loadExcelJs(run.recalculated);
  }, LIBREOFFICE_RUN_MS);

  it("has the plan it should, so that there is something to prove", () => {
    expect(run.before.plan.grants).toHaveLength(c.grants);
    expect(run.before.plan.lines).toHaveLength(c.lines);
  });

  if (c.savedAfterEdit === true) {
    it("is saved by the product with the core's figures as its own formulas' stored results", async () => {
      const saved = await loadExcelJs(source);
      const stored = formulaFigures(saved);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(expectedFigures(saved, run.before.plan));
      expect(stored.map((f) => f.value)).not.toContain("(no result)");
    });
  }

  it("evaluates every formula cell without error, to the core's exact figure", () => {
    const figures = formulaFigures(libreOffice);
    // Every grant has two formula cells and every line one (an empty table keeps one blank row).
    expect(figures).toHaveLength(2 * Math.max(c.grants, 1) + Math.max(c.lines, 1));
    expect(figures).toEqual(expectedFigures(libreOffice, run.before.plan));
    const byPlace = new Map(figures.map((f) => [f.where, f.value]));
    for (const [where, value] of Object.entries(c.known ?? {})) expect({ where, value: byPlace.get(where) }).toEqual({ where, value });
  });

  it("reads back as the same plan: same totals, same findings, no formula mismatch", () => {
    const { before, after } = run;
    expect(after.plan.grants.map((g) => g.allocatedInWorkbook)).not.toContain(null);
    expect(codes(after.findings)).not.toContain("FORMULA_TOTAL_MISMATCH");
    expect(codes(after.findings)).not.toContain("CELL_ERROR_VALUE");
    expect(codes(after.findings)).toEqual(codes(before.findings).filter((code) => code !== "FORMULA_TOTAL_MISMATCH"));
    expect(summarise(after.plan).map(summaryToJson)).toEqual(summarise(before.plan).map(summaryToJson));
  });

  it("keeps the tables, the hidden settings sheet, money formats and data validation", () => {
    for (const spec of TABLES) {
      const table = findTable(libreOffice, spec);
      expect([...table.columnOf.keys()]).toEqual(spec.columns.map((col) => col.header));
    }
    expect(libreOffice.getWorksheet(META_SHEET)?.state).toBe("hidden");

    const grants = findTable(libreOffice, GRANTS);
    const lines = findTable(libreOffice, LINES);
    const measures = findTable(libreOffice, MEASURES);
    // The first body row, and the first row below the table where a person adds the next one.
    const rowsToCheck = (t: TableOnSheet): number[] => [t.headerRow + 1, t.lastRow + 1];
    for (const [table, header] of [
      [grants, "Award"],
      [grants, "Allocated"],
      [grants, "Unallocated"],
      [lines, "Allocation"],
    ] as const) {
      for (const row of rowsToCheck(table)) {
        const format = table.sheet.getCell(row, column(table, header)).numFmt;
        expect({ header, row, format }).toEqual({ header, row, format: expect.stringMatching(/^"?£"?#,##0\.00;/) });
      }
    }
    for (const row of rowsToCheck(lines)) {
      expect(lines.sheet.getCell(row, column(lines, "Allocation")).dataValidation).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual" });
      expect(lines.sheet.getCell(row, column(lines, "Reserve")).dataValidation).toMatchObject({ type: "list", formulae: expect.arrayContaining(['"Yes,No"']) });
    }
    for (const row of rowsToCheck(grants)) {
      expect(grants.sheet.getCell(row, column(grants, "Award")).dataValidation).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual" });
    }
    for (const row of rowsToCheck(measures)) {
      expect(measures.sheet.getCell(row, column(measures, "Kind")).dataValidation).toMatchObject({ type: "list" });
    }
  });
});

describe("the LibreOffice check itself", () => {
  it("reports an error value for a broken formula and replaces a stale cached result", async () => {
    const wb = await hostPlan(exampleData(), "sefton-2020-21");
    await wb.edit((book) => {
      const sheet = book.getWorksheet(GRANTS.sheet);
      if (!sheet) throw new Error("no Grants sheet");
      // Row 2 is CRG, row 3 VRP; column F is Allocated. Both carry a cached result that is wrong.
      sheet.getCell("F2").value = {
        formula: "SUMIFS(tblLines[Amount],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])",
        result: 332000,
      };
      sheet.getCell("F3").value = { formula: GRANTS.columns.find((col) => col.key === "allocated")?.formula ?? "", result: 1 };
    });
    const broken = await wb.toBuffer();

    const after = await loadExcelJs(await recalculateWithLibreOffice(broken));
    const figures = new Map(formulaFigures(after).map((f) => [f.where, f.value]));
    expect(figures.get("Grants CRG Allocated")).toMatch(/^#[A-Z/0!?]+/);
    expect(figures.get("Grants CRG Unallocated")).toMatch(/^#[A-Z/0!?]+/);
    expect(figures.get("Grants VRP Allocated")).toBe("180000.00");
    expect(figures.get("Grants VRP Unallocated")).toBe("0.00");
  }, LIBREOFFICE_RUN_MS);
});

/**
 * Allocations typed as formulas (=332000*0.35, =60000/2), with and without a stored
 * result, recalculated by LibreOffice: its Allocated and Unallocated figures must equal the
 * core's to the penny, and the core's read of the recalculated file must find every
 * formula calculated. The core's own figures for a file with stored results must already
 * be LibreOffice's figures before any recalculation.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CellValue as ExcelJsValue, Workbook, Worksheet } from "exceljs";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import { money } from "../../src/plan/money";
import { summarise, summaryToJson } from "../../src/plan/summary";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { planFindings } from "../support/plans";
import { type Checked, LIBREOFFICE_RUN_MS, loadExcelJs, recalculation } from "../support/libreoffice";

// ------------------------------------------------------------------ making the plans

function sheet(wb: Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The one-based column of a header in row 1 (our host's tables start at A1). */
function columnOf(ws: Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, column) => {
    if (cell.value === header) found = column;
  });
  if (found === 0) throw new Error(`no column "${header}" on ${ws.name}`);
  return found;
}

function rowOf(ws: Worksheet, id: string): number {
  let found = 0;
  ws.eachRow((row, rowNumber) => {
    if (row.getCell(1).value === id) found = rowNumber;
  });
  if (found === 0) throw new Error(`no row ${id} on ${ws.name}`);
  return found;
}

/** Excel's own double arithmetic: what Excel would store as these formulas' results. */
const CRG_01 = 332000 * 0.35;
const VRP_01 = 60000 / 2;

interface FormulaOptions {
  /** Store each formula's result as Excel would, or leave the cells uncalculated (as openpyxl does). */
  readonly withResults: boolean;
}

/**
 * The example with CRG-01's allocation typed as =332000*0.35 (£116,200.00, £2,800.00 less
 * than before) and VRP-01's as =60000/2 (£30,000.00, the same as before).
 */
async function planWithFormulaAllocations(options: FormulaOptions): Promise<Uint8Array> {
  const wb = await loadExcelJs(await hostPlanBytes(exampleData(), "sefton-2020-21"));
  const lines = sheet(wb, "Lines");
  const allocation = columnOf(lines, "Allocation");
  const formula = (formula: string, result: number): ExcelJsValue => (options.withResults ? { formula, result } : { formula });
  lines.getCell(rowOf(lines, "CRG-01"), allocation).value = formula("332000*0.35", CRG_01);
  lines.getCell(rowOf(lines, "VRP-01"), allocation).value = formula("60000/2", VRP_01);
  if (options.withResults) {
    // The grant's own formula columns, as Excel would have recalculated them.
    const grants = sheet(wb, "Grants");
    const crg = rowOf(grants, "CRG");
    const allocated = CRG_01 + 50000 + 15000 + 60000 + 53000 + 35000;
    for (const [header, result] of [
      ["Allocated", allocated],
      ["Unallocated", 332000 - allocated],
    ] as const) {
      const cell = grants.getCell(crg, columnOf(grants, header));
      if (typeof cell.formula !== "string") throw new Error(`Grants ${header} holds no formula`);
      cell.value = { formula: cell.formula, result };
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ------------------------------------------------------------------ reading figures

interface GrantFigures {
  readonly id: string;
  readonly allocated: string | null;
  readonly unallocated: string | null;
}

/** The core's per-grant figures, in the machine form the CLI prints. */
function coreFigures(plan: Plan): GrantFigures[] {
  return summarise(plan)
    .map(summaryToJson)
    .map(({ id, allocated, unallocated }) => ({ id, allocated, unallocated }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** What a formula cell shows, to the penny, the way Excel displays a double (15 significant digits). */
function shownMoney(ws: Worksheet, row: number, column: number): string {
  const cell = ws.getCell(row, column);
  const result: unknown = cell.result;
  if (typeof cell.formula !== "string") return "(no formula)";
  if (typeof result !== "number") return isRecord(result) && typeof result["error"] === "string" ? result["error"] : "(no result)";
  return money(Number(result.toPrecision(15))).toFixed(2);
}

/** LibreOffice's Allocated and Unallocated of each grant, from its own saved results. */
async function libreOfficeFigures(bytes: Uint8Array, grantIds: readonly string[]): Promise<GrantFigures[]> {
  const grants = sheet(await loadExcelJs(bytes), "Grants");
  const allocated = columnOf(grants, "Allocated");
  const unallocated = columnOf(grants, "Unallocated");
  return grantIds.map((id) => {
    const row = rowOf(grants, id);
    return { id, allocated: shownMoney(grants, row, allocated), unallocated: shownMoney(grants, row, unallocated) };
  });
}

function allocationOf(plan: Plan, lineId: string): string | null {
  const line = plan.lines.find((l) => l.id === lineId);
  if (!line) throw new Error(`no line ${lineId}`);
  return line.allocation === null ? null : line.allocation.toFixed(2);
}

const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);

/** CRG falls £2,800.00 short with CRG-01 at =332000*0.35; VRP still balances with =60000/2. */
const EXPECTED: GrantFigures[] = [
  { id: "CRG", allocated: "329200.00", unallocated: "2800.00" },
  { id: "VRP", allocated: "180000.00", unallocated: "0.00" },
];

// ------------------------------------------------------------------ the cases

describe("formula allocations with stored results (as Excel saves them), recalculated by LibreOffice", () => {
  let before: Checked;
  let after: Checked;
  let recalculated: Uint8Array;

  beforeAll(async () => {
    ({ before, recalculated, after } = await recalculation(await planWithFormulaAllocations({ withResults: true })));
  }, LIBREOFFICE_RUN_MS);

  it("the core already has LibreOffice's figures before any recalculation: noise such as 116199.99999999999 read as £116,200.00", async () => {
    expect(allocationOf(before.plan, "CRG-01")).toBe("116200.00");
    expect(coreFigures(before.plan)).toEqual(EXPECTED);
    expect(await libreOfficeFigures(recalculated, ["CRG", "VRP"])).toEqual(coreFigures(before.plan));
    expect(codes(before.findings)).not.toContain("AMOUNT_SUB_PENNY");
    expect(codes(before.findings)).not.toContain("FORMULA_TOTAL_MISMATCH");
  });

  it("and reads LibreOffice's copy the same: every formula calculated, the same figures", () => {
    expect(coreFigures(after.plan)).toEqual(EXPECTED);
    expect(codes(after.findings)).not.toContain("FORMULA_NOT_CALCULATED");
    expect(codes(after.findings)).toEqual(codes(before.findings));
  });
});

describe("formula allocations without stored results (as openpyxl saves them), recalculated by LibreOffice", () => {
  let before: Checked;
  let after: Checked;
  let recalculated: Uint8Array;

  beforeAll(async () => {
    ({ before, recalculated, after } = await recalculation(await planWithFormulaAllocations({ withResults: false })));
  }, LIBREOFFICE_RUN_MS);

  it("before: each uncalculated allocation is an error, never £0.00, and its grant's total is unknown", () => {
    const notCalculated = before.findings.filter((f) => f.code === "FORMULA_NOT_CALCULATED" && f.sheet === "Lines");
    expect(notCalculated.map(({ severity, cell }) => ({ severity, cell }))).toEqual([
      { severity: "error", cell: "F2" },
      { severity: "error", cell: "F8" },
    ]);
    expect(allocationOf(before.plan, "CRG-01")).toBeNull();
    expect(coreFigures(before.plan)).toEqual([
      { id: "CRG", allocated: null, unallocated: null },
      { id: "VRP", allocated: null, unallocated: null },
    ]);
  });

  it("after: LibreOffice's Allocated and Unallocated equal the core's figures to the penny", async () => {
    expect(allocationOf(after.plan, "CRG-01")).toBe("116200.00");
    expect(allocationOf(after.plan, "VRP-01")).toBe("30000.00");
    expect(coreFigures(after.plan)).toEqual(EXPECTED);
    expect(await libreOfficeFigures(recalculated, ["CRG", "VRP"])).toEqual(coreFigures(after.plan));
  });

  it("after: the core finds every formula calculated, and only CRG's £2,800.00 unallocated to report", () => {
    expect(codes(after.findings)).not.toContain("FORMULA_NOT_CALCULATED");
    // The example's late return (a finding about returns, not formulas) aside.
    expect(planFindings(after.findings).map(({ code, sheet, cell }) => ({ code, sheet, cell }))).toEqual([{ code: "UNALLOCATED", sheet: "Grants", cell: "E2" }]);
  });
});

describe("the openpyxl producer fixture (=60000/2 and every table formula without a result), recalculated by LibreOffice", () => {
  it(
    "gives the VRP's figures LibreOffice computes, the core's to the penny, with no formula left uncalculated",
    async () => {
      const source = new Uint8Array(readFileSync(join(__dirname, "..", "fixtures", "producers", "openpyxl.xlsx")));
      const { recalculated, after } = await recalculation(source);
      const balanced = [
        { id: "CRG", allocated: "332000.00", unallocated: "0.00" },
        { id: "VRP", allocated: "180000.00", unallocated: "0.00" },
      ];
      expect(allocationOf(after.plan, "VRP-01")).toBe("30000.00");
      expect(coreFigures(after.plan)).toEqual(balanced);
      expect(await libreOfficeFigures(recalculated, ["CRG", "VRP"])).toEqual(balanced);
      // The fixture is a version-1 plan, made before quarterly returns: it is only told it can be upgraded.
      expect(after.findings.map((f) => f.code)).toEqual(["PLAN_OLDER_VERSION"]);
    },
    LIBREOFFICE_RUN_MS,
  );
});

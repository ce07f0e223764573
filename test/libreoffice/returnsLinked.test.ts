/**
 * The Progress sheet's formulas, proven by LibreOffice: the example (as at 2020/21-Q2) is set
 * up by the .xlsx host, the Progress sheet is added, and LibreOffice recalculates the file
 * with recalculation forced. Every formula cell of tblLineProgress and tblMeasureProgress must
 * then show the core's figure (money to the penny, percentages to one decimal, text exactly),
 * never an error; a return typed afterwards, as a person would in plain Excel, moves the
 * figures the way the core says.
 */
import type { Workbook as ExcelJsWorkbook, Worksheet } from "exceljs";
import { setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { Plan } from "../../src/plan/model";
import { money, type Money, MoneyDecimal } from "../../src/plan/money";
import type { IsoDate } from "../../src/plan/periods";
import { formatAsAt, lastEndedQuarter, parseAsAt, ProgressWork } from "../../src/plan/returns/progress";
import { LINE_PROGRESS, MEASURE_PROGRESS, PERCENT_FORMAT, PROGRESS_SHEET, type ProgressTableSpec, progressSheetChanges } from "../../src/plan/returns/linked";
import { LINE_RETURNS, MEASURE_KINDS, MONEY_FORMAT } from "../../src/plan/schema";
import { tableRange, tablesOn } from "../../src/xlsx/tables";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { exampleData, hostPlan } from "../fixtures/workbooks";
import { LIBREOFFICE_RUN_MS, loadExcelJs, recalculateWithLibreOffice } from "../support/libreoffice";

// ------------------------------------------------------------------ making the workbook

async function readPlan(wb: XlsxWorkbook): Promise<Plan> {
  const read = checkWorkbook(await wb.read());
  if (read.status !== "plan") throw new Error(read.reason);
  return read.plan;
}

type Edit = readonly [sheet: string, table: string, id: string, header: string, value: string | number | null];

/** Sets cells of the plan's tables by row ID and column header, as a person would in Excel. */
function editCells(book: ExcelJsWorkbook, edits: readonly Edit[]): void {
  for (const [sheetName, table, id, header, value] of edits) {
    const t = findTable(book, sheetName, table);
    const idColumn = Math.min(...t.columnOf.values());
    let row = -1;
    for (let r = t.headerRow + 1; r <= t.lastRow; r++) if (t.sheet.getCell(r, idColumn).value === id) row = r;
    const at = t.columnOf.get(header);
    if (row < 0 || at === undefined) throw new Error(`no ${header} for ${id} in ${table}`);
    t.sheet.getCell(row, at).value = value;
  }
}

/** The example as setting up makes it, but without its Progress sheet, for a test to add the sheet after editing the plan. */
async function exampleWithoutProgress(): Promise<XlsxWorkbook> {
  const wb = XlsxWorkbook.empty();
  const setup = setupChanges(await wb.read(), exampleData(), "sefton-2020-21", "Grant Planner tests");
  const outcome = await wb.apply(setup.changes.filter((c) => c.sheet !== PROGRESS_SHEET));
  if (!outcome.ok) throw new Error(outcome.message);
  return wb;
}

/**
 * The example with its Progress sheet: unedited, as `init` makes it (setting up writes the
 * sheet); edited, the plan edited first and the sheet added after through the .xlsx host, so
 * that its stored results are the edited plan's.
 */
async function exampleWithProgress(edits: readonly Edit[] = [], today?: IsoDate): Promise<XlsxWorkbook> {
  if (edits.length === 0 && today === undefined) return hostPlan(exampleData(), "sefton-2020-21");
  const wb = await exampleWithoutProgress();
  if (edits.length > 0) await wb.edit((book) => editCells(book, edits));
  const added = progressSheetChanges(await wb.read(), await readPlan(wb), today === undefined ? {} : { today });
  if (added.findings.length > 0) throw new Error(added.findings.map((f) => f.message).join("\n"));
  const outcome = await wb.apply(added.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb;
}

// ------------------------------------------------------------------ reading the tables

interface TableRows {
  readonly sheet: Worksheet;
  readonly headerRow: number;
  readonly lastRow: number;
  readonly columnOf: ReadonlyMap<string, number>;
}

function findTable(wb: ExcelJsWorkbook, sheetName: string, name: string): TableRows {
  const sheet = wb.getWorksheet(sheetName);
  if (!sheet) throw new Error(`sheet "${sheetName}" is missing`);
  const table = tablesOn(sheet).find((t) => t.model.name === name);
  const range = table ? tableRange(table.model) : null;
  if (!range) throw new Error(`table ${name} is missing`);
  const columnOf = new Map<string, number>();
  for (let c = range.left + 1; c <= range.right + 1; c++) {
    const header: unknown = sheet.getCell(range.top + 1, c).value;
    if (typeof header === "string") columnOf.set(header, c);
  }
  return { sheet, headerRow: range.top + 1, lastRow: range.bottom + 1, columnOf };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

type Shown = "money" | "percent" | "number" | "text";

function kindOf(format: string): Shown {
  if (format === MONEY_FORMAT) return "money";
  if (format === PERCENT_FORMAT) return "percent";
  return "text";
}

/** A percentage to one decimal, half-even, as the core's JSON writes it. */
const percentText = (p: Money): string => p.toDecimalPlaces(1, MoneyDecimal.ROUND_HALF_EVEN).toFixed(1);

/** What a formula cell shows, as text that compares exactly. */
function shown(sheet: Worksheet, row: number, col: number, as: Shown): string {
  const cell = sheet.getCell(row, col);
  if (typeof cell.formula !== "string" || cell.formula === "") return "(no formula)";
  const result: unknown = cell.result;
  if (isRecord(result) && typeof result["error"] === "string") return result["error"];
  if (result === undefined || result === null || result === "") return "";
  if (typeof result === "string") return result;
  if (typeof result !== "number") return `(not a value: ${JSON.stringify(result)})`;
  if (as === "money") return money(result).toFixed(2);
  if (as === "percent") return percentText(money(result).times(100));
  return money(result).toString();
}

type Figures = Record<string, string>;

/** Every formula cell of a progress table: "CRG-01 Spend to date" → what it shows. */
function tableFigures(wb: ExcelJsWorkbook, spec: ProgressTableSpec<string>): Figures {
  const t = findTable(wb, PROGRESS_SHEET, spec.table);
  const out: Figures = {};
  for (let row = t.headerRow + 1; row <= t.lastRow; row++) {
    const id = String(t.sheet.getCell(row, t.columnOf.get(spec.columns[0]?.header ?? "") ?? 1).value ?? "");
    for (const c of spec.columns) {
      if (c.formula === undefined) continue;
      const at = t.columnOf.get(c.header);
      out[`${id} ${c.header}`] = at === undefined ? "(column missing)" : shown(t.sheet, row, at, c.key === "quarters" || c.key === "target" || c.key === "targetToDate" || c.key === "actualToDate" ? "number" : kindOf(c.numberFormat));
    }
  }
  return out;
}

// ------------------------------------------------------------------ the core's figures

const dec = (m: Money | null): string => (m === null ? "" : m.toString());
const pennies = (m: Money | null): string => (m === null ? "" : m.toFixed(2));
const idKey = (id: string): string => id.trim().toLowerCase();

/** The same cells as the core works them out, read from the plan as the core reads the recalculated file. */
function coreFigures(plan: Plan, asAtText: string): { lines: Figures; measures: Figures } {
  const asAt = parseAsAt(asAtText);
  if (asAt === null) throw new Error(`not an as-at quarter: ${asAtText}`);
  const work = new ProgressWork(plan, asAt);
  const lines: Figures = {};
  plan.lines.forEach((line, i) => {
    const p = work.lineProgress(i, line);
    const grant = plan.grants.find((g) => idKey(g.id) === idKey(line.grantId));
    const n = work.quartersOfLine(i);
    const hasMeasures = plan.measures.some((m) => idKey(m.lineId) === idKey(line.id));
    const hasReturns = (plan.returns?.lineReturns ?? []).some((r) => idKey(r.lineId) === idKey(line.id));
    Object.assign(lines, {
      [`${line.id} Grant ID`]: line.grantId,
      [`${line.id} Activity`]: line.activity,
      [`${line.id} Lead organisation`]: line.lead,
      [`${line.id} Financial year`]: grant?.year ?? "",
      [`${line.id} Quarters to date`]: n === null ? "" : String(n),
      [`${line.id} Allocation`]: pennies(p.allocation),
      [`${line.id} Profile to date`]: pennies(p.profileToDate),
      [`${line.id} Spend to date`]: pennies(p.spendToDate),
      [`${line.id} Remaining`]: pennies(p.remaining),
      [`${line.id} % spent`]:
        p.spendToDate === null || p.allocation === null || p.allocation.isZero() ? "" : percentText(p.spendToDate.times(100).dividedBy(p.allocation)),
      [`${line.id} Latest status`]: p.status,
      [`${line.id} Line`]: "Line",
      [`${line.id} Measures`]: hasMeasures ? "Measures" : "No measures",
      [`${line.id} Returns`]: hasReturns ? "Returns" : "No returns",
    });
  });
  const measures: Figures = {};
  plan.measures.forEach((m, i) => {
    const p = work.measureProgress(i, work.returns.statusKey);
    const line = work.index.measureLine[i] ?? -1;
    const n = work.quartersOfLine(line);
    const hasReturns = (plan.returns?.measureReturns ?? []).some((r) => idKey(r.measureId) === idKey(m.id));
    Object.assign(measures, {
      [`${m.id} Line ID`]: m.lineId,
      [`${m.id} Kind`]: MEASURE_KINDS.find((k) => k.kind === m.kind)?.label ?? "",
      [`${m.id} Financial year`]: work.yearOfLine(line) === null ? "" : (plan.grants.find((g) => idKey(g.id) === idKey(plan.lines[line]?.grantId ?? ""))?.year ?? ""),
      [`${m.id} Quarters to date`]: n === null ? "" : String(n),
      [`${m.id} Target`]: dec(p.target),
      [`${m.id} Target to date`]: dec(p.targetToDate),
      [`${m.id} Actual to date`]: dec(p.actualToDate),
      [`${m.id} % of target`]: p.percentOfTarget === null ? "" : percentText(p.percentOfTarget),
      [`${m.id} Suggested status`]: p.suggested,
      [`${m.id} Status`]: p.status,
      [`${m.id} Measure`]: "Measure",
      [`${m.id} Line`]: line < 0 ? "Not found" : "Line",
      [`${m.id} Returns`]: hasReturns ? "Returns" : "No returns",
    });
  });
  return { lines, measures };
}

/** Today's date where this machine (and so LibreOffice's TODAY()) is. */
function localToday(): IsoDate {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Blanks a setting's value in the settings sheet, as a person could. */
function blankSetting(book: ExcelJsWorkbook, key: string): void {
  let found = false;
  book.getWorksheet("Grant Planner settings")?.eachRow((r) => {
    if (r.getCell(1).value !== key) return;
    r.getCell(2).value = null;
    found = true;
  });
  if (!found) throw new Error(`no setting ${key}`);
}

const errorsIn = (figures: Figures): string[] => Object.entries(figures).flatMap(([where, value]) => (value.startsWith("#") || value.startsWith("(") ? [`${where}: ${value}`] : []));

// ------------------------------------------------------------------ the tests

/**
 * The example with the cases it lacks: an allocation that does not split into equal pennies,
 * a typed spend profile with a blank quarter, a count target with a decimal, the three level
 * kinds (one with a typed profile that starts in Q3, one with no values returned), and a grant
 * of another year (all four quarters count, and returns of 2020/21 are not its own).
 */
const AWKWARD: readonly Edit[] = [
  ["Lines", "tblLines", "CRG-03", "Allocation", 30000.07],
  ["Profiles", "tblSpendProfile", "CRG-01", "Q1", 30000],
  ["Profiles", "tblSpendProfile", "CRG-01", "Q2", null],
  ["Profiles", "tblSpendProfile", "CRG-01", "Q3", 40000],
  ["Profiles", "tblSpendProfile", "CRG-01", "Q4", 49000],
  ["Measures", "tblMeasures", "CRG-01.2", "Target", 61.5],
  ["Measures", "tblMeasures", "CRG-03.1", "Kind", "Reduction"],
  ["Measures", "tblMeasures", "CRG-03.1", "Target", 1],
  ["Measures", "tblMeasures", "CRG-01.1", "Kind", "Percentage"],
  ["Measures", "tblMeasures", "CRG-01.1", "Target", 80],
  ["Measures", "tblMeasures", "CRG-04.1", "Kind", "At least"],
  ["Profiles", "tblTargetProfile", "CRG-04.1", "Profile", "Typed"],
  ["Profiles", "tblTargetProfile", "CRG-04.1", "Q3 target", 50],
  ["Grants", "tblGrants", "VRP", "Financial year", "2019/20"],
];

/** Figures worked out by hand from the plan, checked on top of the core's. */
const AWKWARD_KNOWN: Figures = {
  // £30,000.07 in quarters of £7,500.02, £7,500.02, £7,500.02, £7,500.01.
  "CRG-03 Profile to date": "15000.04",
  // Typed £30,000.00, blank, £40,000.00, £49,000.00: a blank quarter is £0.00.
  "CRG-01 Profile to date": "30000.00",
  // 61.5 in tenths: 15.4, 15.4, 15.4, 15.3.
  "CRG-01.2 Target to date": "30.8",
  // Reduction to 1, when incidents are returned by the hundred: behind.
  "CRG-03.1 Target to date": "1",
  "CRG-03.1 Suggested status": "Amber",
  // At least 50 from Q3: nothing is due yet.
  "CRG-04.1 Target to date": "0",
  "CRG-04.1 % of target": "",
  // A percentage with no value returned: no actual, no share of the target, no suggestion.
  "CRG-01.1 Target to date": "80",
  "CRG-01.1 Actual to date": "",
  "CRG-01.1 % of target": "",
  "CRG-01.1 Suggested status": "",
  // A grant of 2019/20: its year has ended, and the 2020/21 returns are not its own (not started: Red).
  "VRP-01 Quarters to date": "4",
  "VRP-01 Profile to date": "30000.00",
  "VRP-01 Spend to date": "0.00",
  "VRP-01 Latest status": "",
  "VRP-01.1 Status": "Red",
};

/** The profile to date of every typed spend profile of a 2020/21 line, added up by hand: its Q1 and Q2. */
function typedProfilesToQ2(plan: Plan): Figures {
  const out: Figures = {};
  for (const p of plan.returns?.spendProfiles ?? []) {
    const [q1, q2] = p.quarters;
    if (q1 === null || q2 === null) continue;
    out[`${p.lineId} Profile to date`] = q1.plus(q2).toFixed(2);
  }
  return out;
}

describe.each([
  { name: "the example", edits: [], known: typedProfilesToQ2 },
  { name: "the example with the cases it lacks", edits: AWKWARD, known: (): Figures => AWKWARD_KNOWN },
])("LibreOffice recalculates the Progress sheet of $name as at 2020/21-Q2", ({ edits, known }) => {
  let source: Uint8Array;
  let plan: Plan;
  let after: ExcelJsWorkbook;

  beforeAll(async () => {
    const wb = await exampleWithProgress(edits);
    source = await wb.toBuffer();
    plan = await readPlan(wb);
    after = await loadExcelJs(await recalculateWithLibreOffice(source));
  }, LIBREOFFICE_RUN_MS);

  it("has lines, measures and returns, so that there is something to prove", () => {
    expect(plan.lines.length).toBeGreaterThan(5);
    expect(plan.measures.length).toBeGreaterThan(5);
    expect(plan.returns?.lineReturns.length ?? 0).toBeGreaterThan(5);
    expect(plan.returns?.measureReturns.length ?? 0).toBeGreaterThan(5);
  });

  it("shows the as-at quarter of the plan's setting", () => {
    const sheet = after.getWorksheet(PROGRESS_SHEET);
    expect([sheet?.getCell("B1").result, sheet?.getCell("B2").result, sheet?.getCell("B3").result]).toEqual(["2020/21-Q2", 2020, 2]);
  });

  it("evaluates every formula column of both tables, without error, to the core's figures", () => {
    const expected = coreFigures(plan, "2020/21-Q2");
    const lines = tableFigures(after, LINE_PROGRESS);
    const measures = tableFigures(after, MEASURE_PROGRESS);
    expect(errorsIn(lines)).toEqual([]);
    expect(errorsIn(measures)).toEqual([]);
    expect(lines).toEqual(expected.lines);
    expect(measures).toEqual(expected.measures);
    const all = { ...lines, ...measures };
    const byHand = known(plan);
    expect(Object.keys(byHand).length).toBeGreaterThan(0);
    for (const [where, value] of Object.entries(byHand)) expect({ where, value: all[where] }).toEqual({ where, value });
    // The figures are not all blank: spend, profile and delivery to date are there to compare.
    expect(Object.entries(lines).filter(([k, v]) => k.endsWith("Spend to date") && v !== "" && v !== "0.00").length).toBeGreaterThan(3);
    expect(Object.entries(measures).filter(([k, v]) => k.endsWith("% of target") && v !== "").length).toBeGreaterThan(3);
  });

  it("was saved with the core's figures as the formulas' stored results", async () => {
    const saved = await loadExcelJs(source);
    const expected = coreFigures(plan, "2020/21-Q2");
    expect(tableFigures(saved, LINE_PROGRESS)).toEqual(expected.lines);
    expect(tableFigures(saved, MEASURE_PROGRESS)).toEqual(expected.measures);
  });
});

describe("the Progress sheet stays live in a plain spreadsheet", () => {
  it("moves with a return typed into tblLineReturns and a changed as-at quarter, as the core does", async () => {
    const wb = await exampleWithProgress();
    const plan = await readPlan(wb);
    const line = plan.lines.find((l) => !l.isReserve && l.allocation !== null && !l.allocation.isZero());
    if (line === undefined) throw new Error("the example has no line with an allocation");
    const grant = plan.grants.find((g) => g.id === line.grantId);
    // A Q3 return typed below the returns table, in the table's own columns; and the as-at quarter moved on to Q3.
    await wb.edit((book) => {
      const returns = findTable(book, LINE_RETURNS.sheet, LINE_RETURNS.table);
      const row = returns.lastRow + 1;
      const put = (header: string, value: string | number): void => {
        const at = returns.columnOf.get(header);
        if (at === undefined) throw new Error(`no column ${header}`);
        returns.sheet.getCell(row, at).value = value;
      };
      put("Line ID", line.id);
      put("Financial year", grant?.year ?? "");
      put("Quarter", "Q3");
      put("Spend in quarter", 1234.56);
      put("Status", "Amber");
      const table = tablesOn(returns.sheet).find((t) => t.model.name === LINE_RETURNS.table);
      const ref = table?.model.tableRef ?? "";
      if (table === undefined || ref === "") throw new Error("no returns table");
      table.model.tableRef = ref.replace(/\d+$/, String(row));
      const settings = book.getWorksheet("Grant Planner settings");
      settings?.eachRow((r) => {
        if (r.getCell(1).value === "Returns as at") r.getCell(2).value = "2020/21-Q3";
      });
    });
    const bytes = await wb.toBuffer();
    const after = await loadExcelJs(await recalculateWithLibreOffice(bytes));
    const moved = await readPlan(await XlsxWorkbook.fromBuffer(bytes));
    expect(moved.returns?.lineReturns.some((r) => r.lineId === line.id && r.quarter === 3)).toBe(true);
    const expected = coreFigures(moved, "2020/21-Q3");
    const lines = tableFigures(after, LINE_PROGRESS);
    expect(lines[`${line.id} Latest status`]).toBe("Amber");
    expect(lines[`${line.id} Quarters to date`]).toBe("3");
    expect(lines).toEqual(expected.lines);
    expect(tableFigures(after, MEASURE_PROGRESS)).toEqual(expected.measures);
  }, LIBREOFFICE_RUN_MS);
});

describe("a plan with no \"Returns as at\" setting", () => {
  it("counts up to the last quarter that has ended today, as the core does, every year of the example having ended", async () => {
    const before = localToday();
    const wb = await exampleWithoutProgress();
    await wb.edit((book) => blankSetting(book, "Returns as at"));
    const plan = await readPlan(wb);
    expect(plan.returns?.asAt).toBeNull();
    const added = progressSheetChanges(await wb.read(), plan, { today: before });
    const outcome = await wb.apply(added.changes);
    if (!outcome.ok) throw new Error(outcome.message);
    const after = await loadExcelJs(await recalculateWithLibreOffice(await wb.toBuffer()));
    // The day may turn while LibreOffice runs: either side of midnight is today.
    const days = [before, localToday()].map((d) => formatAsAt(lastEndedQuarter(d)));
    const shownAsAt = after.getWorksheet(PROGRESS_SHEET)?.getCell("B1").result;
    expect(days).toContain(shownAsAt);
    const expected = coreFigures(plan, String(shownAsAt));
    const lines = tableFigures(after, LINE_PROGRESS);
    expect(lines).toEqual(expected.lines);
    expect(tableFigures(after, MEASURE_PROGRESS)).toEqual(expected.measures);
    // 2020/21 ended long ago: every quarter counts.
    expect(lines["CRG-01 Quarters to date"]).toBe("4");
  }, LIBREOFFICE_RUN_MS);
});

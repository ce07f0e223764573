/**
 * The Progress sheet's change list (src/plan/returns/linked.ts): what it writes, where, with
 * which stored results, and what it refuses. LibreOffice proves the formulas themselves
 * (test/libreoffice/returnsLinked.test.ts).
 */
import { a1, type CellValue } from "../../../src/plan/cell";
import type { Change } from "../../../src/plan/changes";
import { checkWorkbook } from "../../../src/plan/checks";
import { EXAMPLES } from "../../../src/plan/examples";
import type { Plan } from "../../../src/plan/model";
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import {
  AS_AT_FORMULAS,
  LINE_PROGRESS,
  MEASURE_PROGRESS,
  PROGRESS_HEADER_ROW,
  PROGRESS_SHEET,
  progressSheetChanges,
} from "../../../src/plan/returns/linked";
import { progressOf } from "../../../src/plan/returns/progress";
import { GRANTS, LINE_RETURNS, LINES, MEASURE_RETURNS, MEASURES, META_KEYS, SPEND_PROFILE, STATUS_KEY, TARGET_PROFILE } from "../../../src/plan/schema";
import { BLANK_PLAN, type PlanData } from "../../../src/plan/template";
import { MemoryWorkbook } from "../../../src/workbook/memory";
import { Workbook } from "exceljs";
import { tableRange, tablesOn } from "../../../src/xlsx/tables";
import { XlsxWorkbook } from "../../../src/xlsx/xlsxWorkbook";
import { plannedExcel } from "../../excel/hosts";
import { hostPlan } from "../../fixtures/workbooks";
import { rawPlan, rawPlanV1 } from "../../support/raw";

function example(): PlanData {
  const found = EXAMPLES["sefton-2020-21"];
  if (!found) throw new Error("the example is missing");
  return found.data;
}

function planOf(raw: RawWorkbook): Plan {
  const read = checkWorkbook(raw);
  if (read.status !== "plan") throw new Error(read.reason);
  return read.plan;
}

/** The workbook after the Progress sheet is added to `raw`, as a host that stores results reads it back. */
async function applied(raw: RawWorkbook, changes: readonly Change[]): Promise<RawWorkbook> {
  const wb = new MemoryWorkbook();
  const setup = await wb.apply(rawToChanges(raw));
  if (!setup.ok) throw new Error(setup.message);
  const outcome = await wb.apply(changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb.read();
}

/** The changes that make a memory workbook hold `raw`'s tables and settings. */
function rawToChanges(raw: RawWorkbook): Change[] {
  const changes: Change[] = [];
  const sheets = new Set<string>();
  for (const t of raw.tables) {
    if (!sheets.has(t.sheet)) changes.push({ kind: "createSheet", sheet: t.sheet, hidden: false });
    sheets.add(t.sheet);
    changes.push({
      kind: "createTable",
      sheet: t.sheet,
      table: t.name,
      headerRow: t.headerRow,
      firstColumn: t.firstColumn,
      columns: t.headers.map((h) => ({ header: String(h), numberFormat: "General", width: 10, validation: null })),
      rows: t.rows.map((r) => r.map((v) => (typeof v === "object" && v !== null ? null : v))),
    });
  }
  const meta = Object.entries(raw.meta ?? {});
  changes.push({ kind: "createSheet", sheet: "Grant Planner settings", hidden: true });
  changes.push({
    kind: "setCells",
    sheet: "Grant Planner settings",
    cells: meta.flatMap(([k, v], i) => [
      { address: a1(i + 1, 0), value: k },
      { address: a1(i + 1, 1), value: typeof v === "object" && v !== null ? null : v },
    ]),
  });
  return changes;
}

function table(raw: RawWorkbook, name: string): RawTable {
  const t = raw.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

/** A table's body as records by header. */
function records(t: RawTable): Record<string, CellValue>[] {
  return t.rows.map((row) => Object.fromEntries(t.headers.map((h, i) => [String(h), row[i] ?? null])));
}

const money = (v: CellValue): string => (typeof v === "number" ? v.toFixed(2) : JSON.stringify(v));

describe("progressSheetChanges", () => {
  it("adds the Progress sheet: the as-at cells, then one row per line and per measure, with the core's figures as stored results", async () => {
    const raw = rawPlan(example());
    const plan = planOf(raw);
    const result = progressSheetChanges(raw, plan);
    expect(result.findings).toEqual([]);
    const after = await applied(raw, result.changes);

    const lines = table(after, LINE_PROGRESS.table);
    const measures = table(after, MEASURE_PROGRESS.table);
    expect([lines.sheet, lines.headerRow, lines.firstColumn]).toEqual([PROGRESS_SHEET, PROGRESS_HEADER_ROW, 0]);
    // Side by side with one blank column between, so that either table can grow down.
    expect([measures.sheet, measures.headerRow, measures.firstColumn]).toEqual([PROGRESS_SHEET, PROGRESS_HEADER_ROW, LINE_PROGRESS.columns.length + 1]);
    expect(lines.headers).toEqual(LINE_PROGRESS.columns.map((c) => c.header));
    expect(measures.headers).toEqual(MEASURE_PROGRESS.columns.map((c) => c.header));
    expect(lines.rows.map((r) => r[0])).toEqual(plan.lines.map((l) => l.id));
    expect(measures.rows.map((r) => r[0])).toEqual(plan.measures.map((m) => m.id));

    // Only the ID column holds values; every other cell is its column's formula.
    for (const [t, spec] of [
      [lines, LINE_PROGRESS],
      [measures, MEASURE_PROGRESS],
    ] as const) {
      expect(t.formulas?.length).toBe(t.rows.length);
      for (const formulas of t.formulas ?? []) {
        expect(formulas).toEqual(spec.columns.map((c) => c.formula ?? null));
      }
    }

    // The stored results are the core's figures as at the plan's setting, 2020/21-Q2.
    const progress = progressOf(plan, { year: { startYear: 2020 }, quarter: 2 });
    const coreLines = progress.grants.flatMap((g) => g.lines);
    expect(
      records(lines).map((r) => [r["Line ID"], money(r["Allocation"] ?? null), money(r["Profile to date"] ?? null), money(r["Spend to date"] ?? null), money(r["Remaining"] ?? null), r["Latest status"]]),
    ).toEqual(
      coreLines.map((l) => [l.id, l.allocation?.toFixed(2), l.profileToDate?.toFixed(2), l.spendToDate?.toFixed(2), l.remaining?.toFixed(2), l.status]),
    );
    expect(records(measures).map((r) => [r["Measure ID"], r["Target to date"], r["Actual to date"], r["Status"]])).toEqual(
      progress.measures.map((m) => [m.id, m.targetToDate?.toNumber() ?? "", m.actualToDate?.toNumber() ?? "", m.status]),
    );
    // Something to compare: the example has spend and delivery to date.
    expect(coreLines.filter((l) => l.spendToDate !== null && !l.spendToDate.isZero()).length).toBeGreaterThan(5);

    const sheetCells = result.changes.flatMap((c) => (c.kind === "setCells" && c.sheet === PROGRESS_SHEET ? c.cells : []));
    expect(sheetCells.find((c) => c.address === "B1")?.value).toEqual({ formula: AS_AT_FORMULAS.label, result: "2020/21-Q2" });
    expect(sheetCells.find((c) => c.address === "B2")?.value).toEqual({ formula: AS_AT_FORMULAS.year, result: 2020 });
    expect(sheetCells.find((c) => c.address === "B3")?.value).toEqual({ formula: AS_AT_FORMULAS.quarter, result: 2 });
  });

  it("works out a plan with no as-at setting as at the last quarter ended on the day given, and stores no figure without one", () => {
    const raw = rawPlan(example());
    const unset: RawWorkbook = { ...raw, meta: { ...raw.meta, [META_KEYS.returnsAsAt]: null } };
    const plan = planOf(unset);
    const bodyOf = (changes: readonly Change[]): readonly (readonly unknown[])[] =>
      changes.flatMap((c) => (c.kind === "createTable" && c.table === LINE_PROGRESS.table ? c.rows : []));
    const results = (changes: readonly Change[]): unknown[] => bodyOf(changes).flatMap((row) => row.flatMap((v) => (typeof v === "object" && v !== null && "result" in v ? [v.result] : [])));

    expect(results(progressSheetChanges(unset, plan).changes)).toEqual([]);
    const dated = progressSheetChanges(unset, plan, { today: "2020-08-20" }).changes;
    const q1 = progressOf(plan, { year: { startYear: 2020 }, quarter: 1 });
    const crg05 = bodyOf(dated).find((row) => row[0] === "CRG-05");
    const spendColumn = LINE_PROGRESS.columns.findIndex((c) => c.key === "spendToDate");
    expect(crg05?.[spendColumn]).toMatchObject({ result: q1.grants[0]?.lines.find((l) => l.id === "CRG-05")?.spendToDate?.toNumber() });
    const b1 = dated.flatMap((c) => (c.kind === "setCells" ? c.cells : [])).find((c) => c.address === "B1");
    expect(b1?.value).toMatchObject({ result: "2020/21-Q1" });
  });

  it("gives an empty plan one blank row per table, as Excel tables need", () => {
    const raw = rawPlan(BLANK_PLAN);
    const result = progressSheetChanges(raw, planOf(raw));
    const created = result.changes.flatMap((c) => (c.kind === "createTable" ? [[c.table, c.rows.length, c.rows[0]?.[0]] as const] : []));
    expect(created).toEqual([
      [LINE_PROGRESS.table, 1, ""],
      [MEASURE_PROGRESS.table, 1, ""],
    ]);
  });

  it("refuses, writing nothing, when the Progress sheet is already there", async () => {
    const raw = rawPlan(example());
    const first = progressSheetChanges(raw, planOf(raw));
    const after = await applied(raw, first.changes);
    const again = progressSheetChanges(after, planOf(after));
    expect(again.changes).toEqual([]);
    expect(again.findings.map((f) => [f.code, f.severity, f.sheet])).toEqual([["SHEET_IN_THE_WAY", "error", PROGRESS_SHEET]]);
  });

  it("refuses, writing nothing, for a version-1 plan (the formulas need the returns tables)", () => {
    const raw = rawPlanV1(example());
    const result = progressSheetChanges(raw, planOf(raw));
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([["PLAN_OLDER_VERSION", "error"]]);
  });
});

describe("the Progress sheet's formulas", () => {
  const formulas = [...LINE_PROGRESS.columns, ...MEASURE_PROGRESS.columns].flatMap((c) => (c.formula === undefined ? [] : [c.formula])).concat(Object.values(AS_AT_FORMULAS));

  /**
   * Functions that Excel 2010 and later and LibreOffice 7.4 both evaluate in an ordinary cell.
   * Left out on purpose: XLOOKUP, LET, FILTER, MAXIFS/MINIFS, TEXTJOIN, IFS, SWITCH, CONCAT.
   */
  const BOTH = new Set(
    "ADDRESS AND COLUMN COUNTIFS EDATE HYPERLINK IF IFERROR INDEX INT ISNUMBER LEFT LOWER MATCH MAX MIN MOD MONTH NA NOT OR RIGHT ROUND ROW SUBSTITUTE SUMIFS SUMPRODUCT TODAY TRIM UPPER VALUE VLOOKUP YEAR".split(" "),
  );

  it("use only functions that both Excel and LibreOffice 7.4 evaluate", () => {
    const used = new Set(formulas.flatMap((f) => [...f.replace(/"[^"]*"/g, '""').matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1] ?? "")));
    expect([...used].filter((name) => !BOTH.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });

  it("name only tables and columns of the plan", () => {
    const columnsOf = new Map<string, readonly string[]>(
      [GRANTS, LINES, MEASURES, SPEND_PROFILE, TARGET_PROFILE, LINE_RETURNS, MEASURE_RETURNS, STATUS_KEY, LINE_PROGRESS, MEASURE_PROGRESS].map((t) => [
        t.table,
        t.columns.map((c) => c.header),
      ]),
    );
    const named: string[] = [];
    for (const f of formulas) {
      for (const m of f.matchAll(/(tbl\w+)\[(?:\[#(?:This Row|Headers)\],\[([^\]]+)\]|([^[\]]+))\]/g)) {
        const [, name = "", ownColumn, wholeColumn] = m;
        const columnName = ownColumn ?? wholeColumn ?? "";
        named.push(`${name}[${columnName}]`);
        expect({ name, column: columnName, known: columnsOf.get(name)?.includes(columnName) ?? false }).toEqual({ name, column: columnName, known: true });
      }
    }
    expect(named.length).toBeGreaterThan(50);
  });

  it("reads the as-at quarter from the settings sheet by its key, not by its row", () => {
    expect(AS_AT_FORMULAS.year).toContain(`VLOOKUP("${META_KEYS.returnsAsAt}",'Grant Planner settings'!$A:$B,2,FALSE)`);
  });
});

describe("every host writes the Progress sheet", () => {
  /** What a host holds of one table: its place, the IDs of its rows and the formulas of its first row. */
  interface Written {
    readonly headerRow: number;
    readonly firstColumn: number;
    readonly ids: readonly string[];
    readonly firstFormulas: readonly (string | null)[];
  }

  const expected = (plan: Plan): Written[] => [
    { headerRow: PROGRESS_HEADER_ROW, firstColumn: 0, ids: plan.lines.map((l) => l.id), firstFormulas: LINE_PROGRESS.columns.map((c) => c.formula ?? null) },
    {
      headerRow: PROGRESS_HEADER_ROW,
      firstColumn: LINE_PROGRESS.columns.length + 1,
      ids: plan.measures.map((m) => m.id),
      firstFormulas: MEASURE_PROGRESS.columns.map((c) => c.formula ?? null),
    },
  ];

  it("the .xlsx host, in a file that opens again", async () => {
    const wb = await hostPlan(example(), "sefton-2020-21");
    const raw = await wb.read();
    const plan = planOf(raw);
    const result = progressSheetChanges(raw, plan);
    const outcome = await wb.apply(result.changes);
    expect(outcome.ok).toBe(true);
    const book = new Workbook();
    await book.xlsx.load(new Uint8Array(await wb.toBuffer()).buffer);
    const sheet = book.getWorksheet(PROGRESS_SHEET);
    if (!sheet) throw new Error("no Progress sheet");
    const written = [LINE_PROGRESS, MEASURE_PROGRESS].map((spec): Written => {
      const found = tablesOn(sheet).find((t) => t.model.name === spec.table);
      const range = found ? tableRange(found.model) : null;
      if (!range) throw new Error(`no table ${spec.table}`);
      const ids: string[] = [];
      for (let r = range.top + 1; r <= range.bottom; r++) ids.push(String(sheet.getCell(r + 1, range.left + 1).value));
      const firstFormulas = spec.columns.map((_, i) => {
        const f: unknown = sheet.getCell(range.top + 2, range.left + 1 + i).formula;
        return typeof f === "string" && f !== "" ? f : null;
      });
      return { headerRow: range.top, firstColumn: range.left, ids, firstFormulas };
    });
    expect(written).toEqual(expected(plan));
    // And the plan itself still reads as before.
    expect(planOf(await (await XlsxWorkbook.fromBuffer(await wb.toBuffer())).read()).lines).toHaveLength(plan.lines.length);
  });

  it("the Excel host, in one batch", async () => {
    const { host, fake } = await plannedExcel(example());
    const raw = await host.read();
    const plan = planOf(raw);
    const result = progressSheetChanges(raw, plan);
    const runsBefore = fake.runs.length;
    expect((await host.apply(result.changes)).ok).toBe(true);
    expect(fake.runs.length - runsBefore).toBe(1);
    const written = [LINE_PROGRESS, MEASURE_PROGRESS].map((spec): Written => {
      const t = fake.tableState(spec.table);
      if (!t) throw new Error(`no table ${spec.table}`);
      const ids: string[] = [];
      for (let r = t.bodyTop; r <= t.bodyBottom; r++) ids.push(String(t.sheet.peek(r, t.left)?.value ?? ""));
      const firstFormulas = spec.columns.map((_, i) => t.sheet.peek(t.bodyTop, t.left + i)?.formula ?? null);
      return { headerRow: t.top, firstColumn: t.left, ids, firstFormulas };
    });
    expect(written).toEqual(expected(plan));
    expect(fake.sheetState(PROGRESS_SHEET)?.peek(0, 1)?.formula).toBe(AS_AT_FORMULAS.label);
  });
});

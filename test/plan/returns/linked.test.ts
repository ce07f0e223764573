/**
 * The Progress sheet's change list (src/plan/returns/linked.ts): what it writes, where, with
 * which stored results, and what it refuses. LibreOffice proves the formulas themselves
 * (test/libreoffice/returnsLinked.test.ts).
 */
import { a1, type CellValue, isUncalculated } from "../../../src/plan/cell";
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
  progressColours,
  progressRowsChanges,
  progressSheetChanges,
} from "../../../src/plan/returns/linked";
import { addLineChanges, setupChanges } from "../../../src/plan/actions";
import { upgradeChanges } from "../../../src/plan/returns/upgrade";
import { newLine } from "../../support/plans";
import { generatePlan } from "../../support/generate";
import { PROGRESS_SHEET_MAX_ROWS } from "../../../src/plan/returns/progressRows";
import { progressOf } from "../../../src/plan/returns/progress";
import { GRANTS, LINE_RETURNS, LINES, MEASURE_RETURNS, MEASURES, META_KEYS, SPEND_PROFILE, STATUS_KEY, TARGET_PROFILE } from "../../../src/plan/schema";
import { BLANK_PLAN, type PlanData } from "../../../src/plan/template";
import { MemoryWorkbook } from "../../../src/workbook/memory";
import { Workbook } from "exceljs";
import { tableRange, tablesOn } from "../../../src/xlsx/tables";
import { XlsxWorkbook } from "../../../src/xlsx/xlsxWorkbook";
import { plannedExcel } from "../../excel/hosts";
import { hostPlan } from "../../fixtures/workbooks";
import { memoryFromRaw, rawPlan, rawPlanV1, withoutProgressSheet } from "../../support/raw";

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
/** Each row by header; a formula stored without a result (the core's figure is blank) reads as "". */
function records(t: RawTable): Record<string, CellValue>[] {
  return t.rows.map((row) => Object.fromEntries(t.headers.map((h, i) => [String(h), isUncalculated(row[i] ?? null) ? "" : (row[i] ?? null)])));
}

const money = (v: CellValue): string => (typeof v === "number" ? v.toFixed(2) : JSON.stringify(v));

describe("progressSheetChanges", () => {
  it("adds the Progress sheet: the as-at cells, then one row per line and per measure, with the core's figures as stored results", async () => {
    const raw = withoutProgressSheet(rawPlan(example()));
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
    const raw = withoutProgressSheet(rawPlan(example()));
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
    const raw = withoutProgressSheet(rawPlan(BLANK_PLAN));
    const result = progressSheetChanges(raw, planOf(raw));
    const created = result.changes.flatMap((c) => (c.kind === "createTable" ? [[c.table, c.rows.length, c.rows[0]?.[0]] as const] : []));
    expect(created).toEqual([
      [LINE_PROGRESS.table, 1, ""],
      [MEASURE_PROGRESS.table, 1, ""],
    ]);
  });

  it("refuses, writing nothing, when the Progress sheet is already there", async () => {
    const raw = withoutProgressSheet(rawPlan(example()));
    const first = progressSheetChanges(raw, planOf(raw));
    const after = await applied(raw, first.changes);
    expect(after.tables.map((t) => t.name)).toEqual(expect.arrayContaining([LINE_PROGRESS.table, MEASURE_PROGRESS.table]));
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

describe("setting up writes the Progress sheet on every host, in the same batch", () => {
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
    // Set up with it: adding it again is refused, and nothing is missing from it.
    expect(progressSheetChanges(raw, plan).findings.map((f) => f.code)).toEqual(["SHEET_IN_THE_WAY"]);
    expect(progressRowsChanges(raw, plan).changes).toEqual([]);
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

  it("the Excel host, with the plan's tables", async () => {
    const { host, fake } = await plannedExcel(example());
    const raw = await host.read();
    const plan = planOf(raw);
    expect(progressRowsChanges(raw, plan).changes).toEqual([]);
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

describe("keeping the Progress sheet up to date", () => {
  const resultOf = (value: unknown): unknown => (typeof value === "object" && value !== null && "result" in value ? value.result : undefined);
  const column = (key: string): number => LINE_PROGRESS.columns.findIndex((c) => c.key === key);

  it("setting up stores the core's figures as the formulas' results, as at the plan's setting", () => {
    const setup = setupChanges({ sheets: [], meta: null, tables: [] }, example(), "sefton-2020-21", "tests");
    expect(setup.findings).toEqual([]);
    // Written last, after the tables and settings its formulas name.
    const firstOnProgress = setup.changes.findIndex((c) => c.sheet === PROGRESS_SHEET);
    expect(setup.changes.slice(firstOnProgress).map((c) => [c.kind, c.sheet])).toEqual([
      ["createSheet", PROGRESS_SHEET],
      ["setCells", PROGRESS_SHEET],
      ...Array.from({ length: 5 }, () => ["conditionalFormat", PROGRESS_SHEET]),
      ["createTable", PROGRESS_SHEET],
      ["createTable", PROGRESS_SHEET],
    ]);
    const plan = planOf(rawPlan(example()));
    const asAt = plan.returns?.asAt;
    if (!asAt) throw new Error("the example has no as-at setting");
    const lines = new Map(progressOf(plan, asAt).grants.flatMap((g) => g.lines.map((l) => [l.id, l] as const)));
    const rows = setup.changes.flatMap((c) => (c.kind === "createTable" && c.table === LINE_PROGRESS.table ? c.rows : []));
    expect(rows.map((r) => r[0])).toEqual(plan.lines.map((l) => l.id));
    for (const row of rows) {
      const line = lines.get(String(row[0]));
      expect(resultOf(row[column("spendToDate")])).toBe(line?.spendToDate?.toNumber());
      expect(resultOf(row[column("profileToDate")])).toBe(line?.profileToDate?.toNumber());
    }
  });

  it("a line added later gets its row, in one batch on the Excel host, and checking stops asking", async () => {
    const { host, fake } = await plannedExcel(example());
    const before = planOf(await host.read());
    const added = addLineChanges(before, newLine({ allocation: "1234.56" }));
    expect(added.findings).toEqual([]);
    expect((await host.apply(added.changes)).ok).toBe(true);

    const raw = await host.read();
    const checked = checkWorkbook(raw);
    if (checked.status !== "plan") throw new Error(checked.reason);
    const asked = checked.findings.filter((f) => f.code === "PROGRESS_ROWS_MISSING");
    expect(asked.map((f) => [f.severity, f.sheet, f.cell])).toEqual([["info", PROGRESS_SHEET, "A1"]]);
    expect(asked[0]?.message).toContain("line CRG-07");

    const result = progressRowsChanges(raw, checked.plan);
    expect(result.changes.map((c) => [c.kind, c.kind === "appendRows" ? c.table : "", c.kind === "appendRows" ? c.rows.length : 0])).toEqual([["appendRows", LINE_PROGRESS.table, 1]]);
    const row = result.changes[0]?.kind === "appendRows" ? result.changes[0].rows[0] : undefined;
    expect(row?.[0]).toBe("CRG-07");
    expect(resultOf(row?.[column("allocation")])).toBe(1234.56);
    expect(resultOf(row?.[column("remaining")])).toBe(1234.56);

    const runs = fake.runs.length;
    expect((await host.apply(result.changes)).ok).toBe(true);
    expect(fake.runs.length - runs).toBe(1);
    const t = fake.tableState(LINE_PROGRESS.table);
    if (!t) throw new Error("no tblLineProgress");
    expect(String(t.sheet.peek(t.bodyBottom, t.left)?.value)).toBe("CRG-07");
    expect(t.sheet.peek(t.bodyBottom, t.left + column("spendToDate"))?.formula).toBe(LINE_PROGRESS.columns[column("spendToDate")]?.formula);
    const again = checkWorkbook(await host.read());
    expect(again.status === "plan" ? again.findings.filter((f) => f.code === "PROGRESS_ROWS_MISSING") : null).toEqual([]);
  });

  it("a version-2 plan without the sheet gets the whole sheet", () => {
    const raw = withoutProgressSheet(rawPlan(example()));
    const result = progressRowsChanges(raw, planOf(raw));
    expect(result.findings).toEqual([]);
    expect(result.changes.map((c) => c.kind)).toEqual(["createSheet", "setCells", ...Array.from({ length: 5 }, () => "conditionalFormat"), "createTable", "createTable"]);
  });

  it("a workbook with its own Progress sheet is set up without one, with a warning, and never offered one", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("Progress");
    wb.setValue("Progress", "A1", "Our own notes");
    const setup = setupChanges(await wb.read(), example(), "sefton-2020-21", "tests");
    expect(setup.findings.map((f) => [f.code, f.severity, f.sheet])).toEqual([["SHEET_IN_THE_WAY", "warning", "Progress"]]);
    expect(setup.findings[0]?.message).toContain('without its "Progress" sheet');
    expect(setup.changes.some((c) => c.sheet === PROGRESS_SHEET)).toBe(false);
    expect((await wb.apply(setup.changes)).ok).toBe(true);
    const raw = await wb.read();
    const checked = checkWorkbook(raw);
    if (checked.status !== "plan") throw new Error(checked.reason);
    expect(checked.findings.filter((f) => f.code === "PROGRESS_ROWS_MISSING")).toEqual([]);
    expect(progressRowsChanges(raw, checked.plan).findings.map((f) => [f.code, f.severity])).toEqual([["SHEET_IN_THE_WAY", "error"]]);
    expect(wb.value("Progress", "A1")).toBe("Our own notes");
  });

  it("upgrading a version-1 plan adds the Progress sheet, with a row per line and measure", async () => {
    const wb = memoryFromRaw(rawPlanV1(example()));
    const raw = await wb.read();
    const upgraded = upgradeChanges(raw, planOf(raw), "tests", { today: "2020-10-05" });
    expect(upgraded.findings).toEqual([]);
    expect((await wb.apply(upgraded.changes)).ok).toBe(true);
    const after = await wb.read();
    const plan = planOf(after);
    expect(table(after, LINE_PROGRESS.table).rows.map((r) => r[0])).toEqual(plan.lines.map((l) => l.id));
    expect(table(after, MEASURE_PROGRESS.table).rows.map((r) => r[0])).toEqual(plan.measures.map((m) => m.id));
    // As at the last quarter ended on the day given (2020/21-Q2), with no returns yet: nothing spent.
    const crg01 = table(after, LINE_PROGRESS.table).rows[0];
    expect(crg01?.[column("spendToDate")]).toBe(0);
    expect(crg01?.[column("quarters")]).toBe(2);
  });
});

describe("the Progress sheet's colours", () => {
  const formats = (changes: readonly Change[]) => changes.flatMap((c) => (c.kind === "conditionalFormat" ? [c] : []));
  /** The header of the column a range starts in (row 7 is the first body row under the headers in row 6). */
  const headerAt = (range: string): string => {
    const first = range.split(":")[0] ?? "";
    const column = first.replace(/[0-9$]/g, "");
    const index = [...column].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    expect(first.replace(/[A-Z$]/g, "")).toBe(String(PROGRESS_HEADER_ROW + 2));
    const all = [...LINE_PROGRESS.columns, { header: "" }, ...MEASURE_PROGRESS.columns];
    return all[index]?.header ?? "";
  };

  it("colours every status column by the plan's key, and spend and % of target where they fall short", () => {
    const raw = withoutProgressSheet(rawPlan(example()));
    const changes = formats(progressSheetChanges(raw, planOf(raw)).changes);
    expect(changes.map((c) => [headerAt(c.range), c.range.endsWith("1048576"), c.rules.length])).toEqual([
      ["Latest status", true, 4],
      ["Status", true, 4],
      ["Suggested status", true, 4],
      ["Spend to date", true, 2],
      ["% of target", true, 1],
    ]);
    const brag = changes[0]?.rules ?? [];
    expect(brag.map((r) => [r.fill, r.font])).toEqual([
      ["#2E75B6", "#FFFFFF"],
      ["#00B050", "#000000"],
      ["#FFC000", "#000000"],
      ["#FF0000", "#000000"],
    ]);
    // Matched by the Status word or the Meaning, whatever the case, in the rule's own first cell.
    expect(brag[0]?.formula).toBe('OR(UPPER(TRIM(L7))="BLUE",UPPER(TRIM(L7))="COMPLETE")');
    const spend = changes[3]?.rules ?? [];
    expect(spend[0]?.formula).toBe("AND(ISNUMBER($I7),ISNUMBER($G7),$I7>$G7)");
    // The example's underspend warning is the default 15%.
    expect(spend[1]?.formula).toBe("AND(ISNUMBER($I7),ISNUMBER($H7),$H7>0,$I7<$H7*0.85)");
    expect(changes[4]?.rules[0]?.formula).toContain('IF($S7="Reduction",$Y7>1,$Y7<1)');
  });

  it("follows a changed key: plain RAG words, and no colour for a row without one", () => {
    const key = [
      { status: "Red", meaning: "Off track", colour: "#c00000" },
      { status: "Green", meaning: "", colour: "#92D050" },
      { status: "Grey", meaning: "Paused", colour: "grey" },
    ];
    const [line] = formats(progressColours(key, 20));
    expect(line?.rules).toEqual([
      { formula: 'OR(UPPER(TRIM(L7))="RED",UPPER(TRIM(L7))="OFF TRACK")', fill: "#C00000", font: "#FFFFFF" },
      { formula: 'UPPER(TRIM(L7))="GREEN"', fill: "#92D050", font: "#000000" },
    ]);
    const spend = formats(progressColours(key, 20)).find((c) => headerAt(c.range) === "Spend to date");
    expect(spend?.rules[1]?.formula).toContain("$I7<$H7*0.8)");
    // A percentage whose share is not exact in binary is still written as typed.
    const odd = formats(progressColours(key, 7)).find((c) => headerAt(c.range) === "Spend to date");
    expect(odd?.rules[1]?.formula).toContain("$I7<$H7*0.93)");
  });

  it("are written by every host with the rest of the sheet", async () => {
    const raw = withoutProgressSheet(rawPlan(example()));
    const result = progressSheetChanges(raw, planOf(raw));
    const wb = memoryFromRaw(raw);
    expect((await wb.apply(result.changes)).ok).toBe(true);
    expect(wb.conditionalFormats(PROGRESS_SHEET).length).toBe(formats(result.changes).reduce((n, c) => n + c.rules.length, 0));
  });
});

describe("a plan too large for a live Progress sheet", () => {
  it("is set up without the sheet, checks stay quiet about it, and adding it is refused with the reason", async () => {
    const data = generatePlan(700);
    const rows = data.lines.length + data.measures.length;
    expect(rows).toBeGreaterThan(PROGRESS_SHEET_MAX_ROWS);
    const setup = setupChanges({ sheets: [], meta: null, tables: [] }, data, "generated", "tests");
    expect(setup.findings).toEqual([]);
    expect(setup.changes.some((c) => c.sheet === PROGRESS_SHEET)).toBe(false);
    const wb = new MemoryWorkbook();
    expect((await wb.apply(setup.changes)).ok).toBe(true);
    const raw = await wb.read();
    const checked = checkWorkbook(raw);
    if (checked.status !== "plan") throw new Error(checked.reason);
    expect(checked.findings.filter((f) => f.code === "PROGRESS_ROWS_MISSING")).toEqual([]);
    const asked = progressRowsChanges(raw, checked.plan);
    expect(asked.changes).toEqual([]);
    expect(asked.findings.map((f) => [f.code, f.severity])).toEqual([["PROGRESS_ROWS_MISSING", "error"]]);
    expect(asked.findings[0]?.message).toContain(`${rows.toLocaleString("en-GB")} lines and measures, more than the 2,000`);
  });

  it("a plan of exactly the most is set up with it", () => {
    const data = generatePlan(700);
    const trimmed = { ...data, measures: data.measures.slice(0, PROGRESS_SHEET_MAX_ROWS - data.lines.length) };
    const setup = setupChanges({ sheets: [], meta: null, tables: [] }, trimmed, "generated", "tests");
    expect(setup.changes.filter((c) => c.kind === "createTable" && c.sheet === PROGRESS_SHEET).map((c) => (c.kind === "createTable" ? c.rows.length : 0))).toEqual([
      data.lines.length,
      PROGRESS_SHEET_MAX_ROWS - data.lines.length,
    ]);
  });
});

/**
 * The files `grant-planner summary` writes, opened by LibreOffice: the exported workbook
 * (resaved by LibreOffice as .xlsx) and the CSV (imported by LibreOffice's own CSV filter
 * and saved as .xlsx). Every table read back holds the core's figures (summaryTables of
 * summaryOf) cell for cell, no cell holds a formula, and a line commentary that begins
 * with =HYPERLINK(...) comes back as that text: in the workbook exactly, from the CSV
 * behind the apostrophe the CSV puts before text that would begin a formula (LibreOffice
 * keeps it as part of the text). The CSV filter used here does evaluate a field such as
 * =HYPERLINK(...) as a formula, so the apostrophe is what keeps the commentary text.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValueType, type Workbook } from "exceljs";
import { FORMULA_START } from "../../src/plan/boardpack/csv";
import { summaryOf } from "../../src/plan/boardpack/summary";
import { type SummaryTable, summaryTables } from "../../src/plan/boardpack/tables";
import { buildSummary, exportLayout } from "../../src/plan/boardpack/sheet";
import type { CellInput } from "../../src/plan/changes";
import { parseAsAt } from "../../src/plan/returns/quarters";
import type { PlanData } from "../../src/plan/template";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { run } from "../cli/helpers";
import {
  ALWAYS_RECALCULATE_XCU,
  LIBREOFFICE_RUN_MS,
  RECALC_TIMEOUT_MS,
  SOFFICE,
  checkedFile,
  conversionArgs,
  loadExcelJs,
  recalculateWithLibreOffice,
} from "../support/libreoffice";
import { killGroupAfter } from "../support/processGroup";

const HOSTILE = '=HYPERLINK("http://example.invalid/x","Click me")';
const AS_AT = "2020/21-Q2";

/**
 * LibreOffice's CSV import filter: comma-separated, double-quote text delimiter, UTF-8
 * (76), from line 1, standard column formats, English (UK) numbers (2057). The remaining
 * tokens keep LibreOffice's defaults, so the file is read as a person opening it would.
 */
const CSV_FILTER = "Text - txt - csv (StarCalc):44,34,76,1,,2057";

/** A cell as LibreOffice saved it: its plain value, or a marker for anything else (a formula, rich text...). */
type ReadCell = string | number | null | { readonly other: string };

function readCell(value: unknown): ReadCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  return { other: JSON.stringify(value) };
}

/** Every row of the first sheet, cells from column A, trailing blanks dropped; and whether any cell holds a formula. */
function sheetRows(wb: Workbook): { rows: ReadCell[][]; formulas: string[] } {
  const rows: ReadCell[][] = [];
  const formulas: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.formula !== undefined || cell.type === ValueType.Formula) formulas.push(`${ws.name}!${cell.address}`);
      });
    });
  }
  const ws = wb.worksheets[0];
  if (ws === undefined) throw new Error("no sheet");
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: ReadCell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(readCell(row.getCell(c).value));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    rows.push(cells);
  }
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop();
  return { rows, formulas };
}

/** The tables laid out as both exports lay them out: title, headers, rows, a blank row between tables. */
function tableRows(tables: readonly SummaryTable[]): ReadCell[][] {
  const rows: ReadCell[][] = [];
  tables.forEach((t, i) => {
    if (i > 0) rows.push([]);
    rows.push([t.title], [...t.headers]);
    for (const row of t.rows) {
      const cells: ReadCell[] = row.map((c) => (c === "" ? null : c));
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      rows.push(cells);
    }
  });
  return rows;
}

/** Rows as a reader gives them back: an empty text is an empty cell, and a row ends at its last value. */
function trimmed(rows: readonly (readonly CellInput[])[]): ReadCell[][] {
  return rows.map((row) => {
    const cells = row.map((c): ReadCell => {
      if (c !== null && typeof c === "object") throw new Error("the layout holds a formula");
      if (typeof c === "boolean") throw new Error("the layout holds a truth value");
      return c === "" ? null : c;
    });
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
}

/** The rows from the first table's title on (the heading above it names files and today's date). */
function fromTables(rows: readonly ReadCell[][], firstTitle: string): ReadCell[][] {
  const at = rows.findIndex((r) => r.length === 1 && r[0] === firstTitle);
  expect(at).toBeGreaterThanOrEqual(0);
  return rows.slice(at);
}

/** Opens a CSV in LibreOffice with its CSV import filter and returns the .xlsx it saves. */
async function csvThroughLibreOffice(csv: Uint8Array): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), "grant-planner-lo-csv-"));
  try {
    const profile = join(work, "profile");
    await mkdir(join(profile, "user"), { recursive: true });
    await mkdir(join(work, "in"));
    await mkdir(join(work, "out"));
    await writeFile(join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALCULATE_XCU);
    const source = join(work, "in", "summary.csv");
    await writeFile(source, csv);
    const args = conversionArgs(profile, "xlsx", join(work, "out"), source);
    args.splice(args.indexOf("--convert-to"), 0, `--infilter=${CSV_FILTER}`);
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(SOFFICE, args, { env: { ...process.env, HOME: work }, stdio: ["ignore", "pipe", "pipe"], detached: true });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
      const limit = killGroupAfter(child, RECALC_TIMEOUT_MS);
      child.on("error", (error) => {
        limit.cancel();
        reject(error);
      });
      child.on("close", (code) => {
        limit.cancel();
        if (limit.timedOut()) reject(new Error(`LibreOffice did not finish within ${RECALC_TIMEOUT_MS} ms`));
        else if (code !== 0) reject(new Error(`LibreOffice exit code ${String(code)}: ${text}`));
        else resolve(text);
      });
    });
    const written = (await readdir(join(work, "out"))).find((n) => n.endsWith(".xlsx"));
    if (written === undefined) throw new Error(`LibreOffice wrote no .xlsx: ${output}`);
    return new Uint8Array(await readFile(join(work, "out", written)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

let work = "";
let expected: ReadCell[][] = [];
/** The exported sheet as the core lays it out, from the Grants table on: the tables, then the charts' figures. */
let expectedSheet: ReadCell[][] = [];
let exported: Uint8Array = new Uint8Array();
let csv: Uint8Array = new Uint8Array();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "grant-planner-summary-lo-"));
  const base = exampleData();
  // Every line return's commentary begins a formula, so each line's latest commentary is that text.
  const data: PlanData = {
    ...base,
    returns: { ...base.returns, lineReturns: (base.returns?.lineReturns ?? []).map((r) => ({ ...r, commentary: HOSTILE })) },
  };
  const planBytes = await hostPlanBytes(data, "sefton-2020-21");
  const planPath = join(work, "plan.xlsx");
  await writeFile(planPath, planBytes);
  const result = await run("summary", planPath, "-o", join(work, "summary.xlsx"), "--csv", join(work, "summary.csv"), "--as-at", AS_AT);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  exported = new Uint8Array(await readFile(join(work, "summary.xlsx")));
  csv = new Uint8Array(await readFile(join(work, "summary.csv")));

  const asAt = parseAsAt(AS_AT);
  if (asAt === null) throw new Error(`not a quarter: ${AS_AT}`);
  const plan = (await checkedFile(planBytes)).plan;
  const tables = summaryTables(summaryOf(plan, asAt));
  expected = tableRows(tables);
  const built = buildSummary(plan, { asAt, grantId: null, planName: "", marking: "", today: "2026-12-01", generatedBy: "the test" });
  expectedSheet = fromTables(trimmed(exportLayout(built).rows), "Grants");
  expect(expectedSheet.slice(0, expected.length)).toEqual(expected);
  expect(expectedSheet.some((row) => row[0] === `Chart data: ${built.charts[0]?.title ?? ""}`)).toBe(true);
  // The comparison is not empty: the core's tables hold figures and the hostile commentary.
  expect(expected.flat().filter((c) => typeof c === "number").length).toBeGreaterThan(20);
  expect(expected.flat()).toContain(HOSTILE);
}, LIBREOFFICE_RUN_MS);

afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

describe("the exported summary, opened by LibreOffice", () => {
  it(
    "the workbook holds the core's tables cell for cell, no formula, and the =HYPERLINK commentary as text",
    async () => {
      const { rows, formulas } = sheetRows(await loadExcelJs(await recalculateWithLibreOffice(exported)));
      expect(formulas).toEqual([]);
      expect(fromTables(rows, "Grants")).toEqual(expectedSheet);
      expect(rows.flat()).toContain(HOSTILE);
    },
    LIBREOFFICE_RUN_MS,
  );

  it(
    "the CSV, read by LibreOffice's CSV filter, holds the core's figures and the =HYPERLINK commentary as text",
    async () => {
      const { rows, formulas } = sheetRows(await loadExcelJs(await csvThroughLibreOffice(csv)));
      expect(formulas).toEqual([]);
      const escaped = expected.map((row) => row.map((c) => (typeof c === "string" && FORMULA_START.test(c) ? `'${c}` : c)));
      expect(fromTables(rows, "Grants")).toEqual(escaped);
      expect(rows.flat()).toContain(`'${HOSTILE}`);
    },
    LIBREOFFICE_RUN_MS,
  );
});

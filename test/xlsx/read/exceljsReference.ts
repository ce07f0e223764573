/**
 * The plan as exceljs reads it: the .xlsx host's reading before the plan reader replaced
 * it (exceljs loads the whole workbook, then the plan's tables are read cell by cell). The
 * plan reader must agree with it on every file exceljs can open.
 */
import { type Cell, type CellValue as XlsxValue, Workbook, type Worksheet } from "exceljs";
import type { CellValue } from "../../../src/plan/cell";
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import { type CellRange, formatRange, overlaps, parseRange } from "../../../src/plan/ranges";
import { META_SHEET, READ_TABLES } from "../../../src/plan/schema";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function plain(value: unknown): CellValue {
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (typeof value === "string" || typeof value === "boolean") return value;
  // exceljs gives a number shown in a date format (Entered on, Changed on) as a Date: it is the serial number the file holds.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.getTime() / 86_400_000 + 25_569;
  if (isRecord(value) && typeof value["error"] === "string") return { error: value["error"] };
  if (isRecord(value) && Array.isArray(value["richText"])) {
    return value["richText"].map((run: unknown) => (isRecord(run) && typeof run["text"] === "string" ? run["text"] : "")).join("");
  }
  return null;
}

function readCell(cell: Cell): CellValue {
  if (cell.isMerged && cell.master.address !== cell.address) return null;
  const value: XlsxValue = cell.value;
  if (isRecord(value) && ("formula" in value || "sharedFormula" in value)) {
    // A formula with no stored result shows what a recalculation would: unknown until then.
    if (cell.result === undefined && typeof value["formula"] === "string") return { uncalculated: value["formula"] };
    return plain(cell.result);
  }
  if (isRecord(value) && "hyperlink" in value) return plain(value["text"]);
  return plain(value);
}

interface LoadedTable {
  readonly name: string;
  readonly tableRef: string;
  readonly totalsRow?: boolean;
  readonly columns: readonly unknown[];
}

function isLoadedTable(value: unknown): value is LoadedTable {
  return isRecord(value) && typeof value["name"] === "string" && typeof value["tableRef"] === "string" && Array.isArray(value["columns"]);
}

function tablesOn(sheet: Worksheet): LoadedTable[] {
  const tables: unknown = Reflect.get(sheet, "tables");
  if (!isRecord(tables)) return [];
  return Object.values(tables)
    .map((t) => (isRecord(t) ? t["model"] : undefined))
    .filter(isLoadedTable);
}

function rawTable(sheet: Worksheet, model: LoadedTable, range: CellRange): RawTable {
  const lastBodyRow = model.totalsRow === true ? range.bottom - 1 : range.bottom;
  const columns = Array.from({ length: range.right - range.left + 1 }, (_, i) => range.left + i);
  const cell = (row: number, column: number): CellValue => readCell(sheet.getCell(row + 1, column + 1));
  const headers = columns.map((column, i) => {
    const value = cell(range.top, column);
    const name: unknown = model.columns[i];
    if (value === null && isRecord(name) && typeof name["name"] === "string") return name["name"];
    return value;
  });
  const rows: CellValue[][] = [];
  for (let row = range.top + 1; row <= lastBodyRow; row++) rows.push(columns.map((column) => cell(row, column)));
  const merges = sheet.model.merges.map((m) => parseRange(m)).filter((r): r is CellRange => r !== null);
  return {
    name: model.name,
    sheet: sheet.name,
    headerRow: range.top,
    firstColumn: range.left,
    headers,
    rows,
    merged: merges.filter((m) => overlaps(m, { ...range, bottom: lastBodyRow })).map(formatRange),
    below: columns.map((column) => cell(range.bottom + 1, column)),
  };
}

export async function readWithExceljs(bytes: Uint8Array): Promise<RawWorkbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const tables: RawTable[] = [];
  for (const name of READ_TABLES) {
    for (const sheet of workbook.worksheets) {
      const model = tablesOn(sheet).find((t) => same(t.name, name));
      const range = model ? parseRange(model.tableRef) : null;
      if (model && range) {
        tables.push(rawTable(sheet, model, range));
        break;
      }
    }
  }
  const metaSheet = workbook.worksheets.find((ws) => same(ws.name, META_SHEET));
  let meta: Record<string, CellValue> | null = null;
  if (metaSheet) {
    meta = {};
    for (let row = 2; row <= Math.max(metaSheet.rowCount, 2); row++) {
      const key = readCell(metaSheet.getCell(row, 1));
      if (typeof key === "string" && key.trim() !== "") meta[key.trim()] = readCell(metaSheet.getCell(row, 2));
    }
  }
  return {
    sheets: workbook.worksheets.map((ws) => ({ name: ws.name, visible: ws.state !== "hidden" && ws.state !== "veryHidden" })),
    meta,
    tables,
  };
}

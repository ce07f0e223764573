/**
 * Excel tables (ListObjects) inside an exceljs workbook. exceljs keeps two shapes: a table
 * it created (`addTable`: `ref` is the top-left cell, `tableRef` the whole range, `rows`
 * the data) and a table it loaded from a file (only `tableRef`, no rows, and flags read
 * literally from the XML). Both are plain model objects reached through the worksheet's
 * `tables` map, which exceljs's type declarations do not describe; these guards do.
 */
import type { Worksheet } from "exceljs";
import { type CellRange, formatRange, parseRange } from "../plan/ranges";

/** The parts of exceljs's table model this host reads and updates. */
export interface TableModel {
  name: string;
  tableRef?: string;
  ref?: string;
  headerRow?: boolean;
  totalsRow?: boolean;
  autoFilterRef?: string;
  style?: unknown;
  columns: unknown[];
}

export interface SheetTable {
  readonly worksheet: Worksheet;
  readonly model: TableModel;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isTableModel(value: unknown): value is TableModel {
  return isRecord(value) && typeof value["name"] === "string" && Array.isArray(value["columns"]);
}

/** The tables on one worksheet, in the order exceljs holds them. */
export function tablesOn(worksheet: Worksheet): SheetTable[] {
  const tables: unknown = Reflect.get(worksheet, "tables");
  if (!isRecord(tables)) return [];
  const found: SheetTable[] = [];
  for (const table of Object.values(tables)) {
    const model: unknown = isRecord(table) ? table["model"] : undefined;
    if (isTableModel(model)) found.push({ worksheet, model });
  }
  return found;
}

/** The whole range the table covers (header, body and any totals row). */
export function tableRange(model: TableModel): CellRange | null {
  if (typeof model.tableRef === "string") return parseRange(model.tableRef);
  return null;
}

/**
 * Makes a loaded table safe to write back: exceljs crashes writing a table without a
 * style, and it always writes an autofilter, so one that has none gets one over its
 * header and body. (exceljs reads a header row only when the file says so explicitly,
 * while Excel omits the attribute for its default; ./package.ts states it before loading.)
 */
export function normaliseLoadedTable(model: TableModel): void {
  if (!isRecord(model.style)) {
    model.style = { theme: "TableStyleMedium2", showRowStripes: true };
  }
  const range = tableRange(model);
  if (range && typeof model.autoFilterRef !== "string") {
    const lastFilterRow = model.totalsRow === true ? range.bottom - 1 : range.bottom;
    model.autoFilterRef = formatRange({ ...range, bottom: lastFilterRow });
  }
}

/** The sheet rows (zero-based) of the table's body: without its header row and its totals row. */
export function bodyRows(model: TableModel, range: CellRange): { top: number; bottom: number } {
  return {
    top: range.top + (model.headerRow === false ? 0 : 1),
    bottom: range.bottom - (model.totalsRow === true ? 1 : 0),
  };
}

/** Grows (or moves) the table's range; the autofilter follows, leaving out a totals row. */
export function setTableRange(model: TableModel, range: CellRange): void {
  model.tableRef = formatRange(range);
  const lastFilterRow = model.totalsRow === true ? range.bottom - 1 : range.bottom;
  model.autoFilterRef = formatRange({ ...range, bottom: lastFilterRow });
}

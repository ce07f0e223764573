/**
 * The .xlsx file host: a plan workbook held in memory with exceljs, read from and written
 * to the bytes of a file. It behaves like the in-memory reference host (src/workbook/memory.ts):
 * the same raw tables come out of `read`, and `apply` writes a whole action or says exactly
 * what it did and did not write. Used by the command line and by the pane in file mode.
 */
import { type Cell, type DataValidation, Workbook, type Worksheet } from "exceljs";
import { a1, type CellValue } from "../plan/cell";
import { type Change, type CellInput, describeChange, type Validation } from "../plan/changes";
import type { RawSheet, RawTable, RawWorkbook } from "../plan/raw";
import { META_SHEET, TABLES } from "../plan/schema";
import type { ApplyOutcome, WorkbookPort } from "../workbook/port";
import { hasFormula, readCell, writeValue } from "./cells";
import { type CellRange, formatRange, overlaps, parseRange } from "../plan/ranges";
import { normaliseLoadedTable, type SheetTable, setTableRange, tableRange, tablesOn } from "./tables";

/** The file could not be opened as an .xlsx workbook; `message` is one line for a person. */
export class XlsxReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "XlsxReadError";
  }
}

/** A change this host refuses before touching the workbook, with the reason in words. */
class ChangeRefused extends Error {}

/** Rows below a new table that get its number formats and data validation, for rows people add. */
export const ROOM_BELOW = 200;

const TABLE_STYLE = { theme: "TableStyleMedium2", showRowStripes: true } as const;
const ZIP_MAGIC = [0x50, 0x4b];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim() || "unknown error";
}

/** A private copy of the bytes as a plain ArrayBuffer, which exceljs loads in Node and browsers alike. */
function toArrayBuffer(buf: Uint8Array | ArrayBuffer): ArrayBuffer {
  const source = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  const copy = new Uint8Array(source.byteLength);
  copy.set(source);
  return copy.buffer;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Excel's data validation for a column, applied to the body and the room below. */
function dataValidation(validation: Validation): DataValidation {
  switch (validation.kind) {
    case "list": {
      const values = validation.values.map((v) => v.replace(/"/g, '""'));
      return {
        type: "list",
        allowBlank: true,
        formulae: [`"${values.join(",")}"`],
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "Choose from the list",
        error: `Choose one of: ${validation.values.join(", ")}.`,
      };
    }
    case "decimal-at-least":
      return {
        type: "decimal",
        operator: "greaterThanOrEqual",
        allowBlank: true,
        formulae: [validation.minimum],
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "Amount",
        error: `Enter an amount of at least ${validation.minimum}, as a number (for example 1250.00).`,
      };
  }
}

export class XlsxWorkbook implements WorkbookPort {
  readonly kind = "file" as const;
  /** The last cell `select` was asked to show (a file has no grid to scroll). */
  lastSelection: { sheet: string; cell: string } | null = null;

  private constructor(readonly workbook: Workbook) {}

  /** A workbook with no sheets, ready to be set up as a plan. */
  static empty(): XlsxWorkbook {
    const workbook = new Workbook();
    workbook.creator = "Grant Planner";
    return new XlsxWorkbook(workbook);
  }

  /** Opens the bytes of an .xlsx file; rejects with XlsxReadError saying why it cannot. */
  static async fromBuffer(buf: Uint8Array | ArrayBuffer): Promise<XlsxWorkbook> {
    const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
    if (bytes.byteLength === 0) throw new XlsxReadError("not an .xlsx file (the file is empty)");
    if (startsWith(bytes, OLE_MAGIC)) {
      throw new XlsxReadError("not an .xlsx file (it is an older .xls workbook or another Office file; save it as .xlsx in Excel)");
    }
    if (!startsWith(bytes, ZIP_MAGIC)) throw new XlsxReadError("not an .xlsx file (it is not a zip archive)");
    const workbook = new Workbook();
    try {
      await workbook.xlsx.load(toArrayBuffer(bytes));
    } catch (error) {
      throw new XlsxReadError(`the file is damaged: ${firstLine(error)}`);
    }
    if (workbook.worksheets.length === 0) {
      throw new XlsxReadError("not an .xlsx file (it is a zip archive without a workbook in it)");
    }
    for (const worksheet of workbook.worksheets) {
      for (const table of tablesOn(worksheet)) normaliseLoadedTable(table.model);
    }
    return new XlsxWorkbook(workbook);
  }

  /** The bytes of the .xlsx file. */
  async toBuffer(): Promise<Uint8Array> {
    const written = await this.workbook.xlsx.writeBuffer();
    return new Uint8Array(written);
  }

  async read(): Promise<RawWorkbook> {
    const sheets: RawSheet[] = this.workbook.worksheets.map((ws) => ({
      name: ws.name,
      visible: ws.state !== "hidden" && ws.state !== "veryHidden",
    }));
    const tables: RawTable[] = [];
    const mergesBySheet = new Map<Worksheet, CellRange[]>();
    for (const spec of TABLES) {
      const found = this.findTable(spec.table);
      const range = found ? tableRange(found.model) : null;
      if (!found || !range) continue;
      let merges = mergesBySheet.get(found.worksheet);
      if (!merges) {
        merges = mergedRanges(found.worksheet);
        mergesBySheet.set(found.worksheet, merges);
      }
      tables.push(rawTable(found, range, merges));
    }
    return { sheets, meta: this.readMeta(), tables };
  }

  async apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    const written: string[] = [];
    let dataChanged = false;
    for (const [index, change] of changes.entries()) {
      try {
        this.applyOne(change);
      } catch (error) {
        if (dataChanged) this.afterDataChange(changes.slice(0, index));
        const reason = error instanceof ChangeRefused ? error.message : firstLine(error);
        return {
          ok: false,
          message: `${describeChange(change)} was not written: ${reason}`,
          written,
          notWritten: changes.slice(index).map(describeChange),
        };
      }
      written.push(describeChange(change));
      dataChanged ||= change.kind !== "createSheet";
    }
    if (dataChanged) this.afterDataChange(changes);
    return { ok: true, written };
  }

  async select(sheet: string, cell: string): Promise<void> {
    this.lastSelection = { sheet, cell };
  }

  // ---------------------------------------------------------------- reading

  private worksheet(name: string): Worksheet | undefined {
    return this.workbook.worksheets.find((ws) => sameName(ws.name, name));
  }

  private allTables(): SheetTable[] {
    return this.workbook.worksheets.flatMap((ws) => tablesOn(ws));
  }

  private findTable(name: string): SheetTable | undefined {
    return this.allTables().find((t) => sameName(t.model.name, name));
  }

  private readMeta(): Record<string, CellValue> | null {
    const sheet = this.worksheet(META_SHEET);
    if (!sheet) return null;
    const meta: Record<string, CellValue> = {};
    for (let row = 2; row <= Math.max(sheet.rowCount, 2); row++) {
      const key = readCell(sheet.getCell(row, 1));
      if (typeof key === "string" && key.trim() !== "") meta[key.trim()] = readCell(sheet.getCell(row, 2));
    }
    return meta;
  }

  // ---------------------------------------------------------------- writing

  private applyOne(change: Change): void {
    switch (change.kind) {
      case "createSheet":
        this.createSheet(change.sheet, change.hidden);
        return;
      case "createTable":
        this.createTable(change);
        return;
      case "setCells":
        this.setCells(change.sheet, change.cells);
        return;
      case "appendRows":
        this.appendRows(change.sheet, change.table, change.rows);
        return;
    }
  }

  private createSheet(name: string, hidden: boolean): Worksheet {
    if (this.worksheet(name)) throw new ChangeRefused(`the workbook already has a sheet called "${name}"`);
    // exceljs checks the name (length, characters) before it adds the sheet.
    return this.workbook.addWorksheet(name, { state: hidden ? "hidden" : "visible" });
  }

  private createTable(change: Extract<Change, { kind: "createTable" }>): void {
    const { columns, headerRow, firstColumn } = change;
    if (columns.length === 0) throw new ChangeRefused("a table needs at least one column");
    const headers = columns.map((c) => c.header.trim());
    if (headers.some((h) => h === "")) throw new ChangeRefused("every column of a table needs a header");
    if (new Set(headers.map((h) => h.toLowerCase())).size !== headers.length) {
      throw new ChangeRefused("two columns of the table have the same header");
    }
    if (change.rows.some((row) => row.length > columns.length)) {
      throw new ChangeRefused("a row has more values than the table has columns");
    }
    if (this.findTable(change.table)) throw new ChangeRefused(`the workbook already has a table called ${change.table}`);
    // Excel needs at least one body row: an empty plan gets one blank row with its formulas.
    // Excel needs a body row; the core always sends one, but stay valid if a caller does not.
    const rows: (readonly CellInput[])[] = change.rows.length > 0 ? [...change.rows] : [columns.map(() => null)];
    const range: CellRange = {
      top: headerRow,
      left: firstColumn,
      bottom: headerRow + rows.length,
      right: firstColumn + columns.length - 1,
    };
    const existing = this.worksheet(change.sheet);
    if (existing) this.refuseIfOccupied(existing, range, change.table);

    const sheet = existing ?? this.workbook.addWorksheet(change.sheet);
    sheet.addTable({
      name: change.table,
      displayName: change.table,
      ref: a1(headerRow, firstColumn),
      headerRow: true,
      totalsRow: false,
      style: TABLE_STYLE,
      columns: headers.map((name) => ({ name, filterButton: true })),
      rows: rows.map((row) => columns.map((_, i) => writeValue(row[i] ?? null))),
    });
    columns.forEach((column, i) => {
      const col = firstColumn + i + 1;
      sheet.getColumn(col).width = column.width;
      const validation = column.validation ? dataValidation(column.validation) : null;
      for (let r = 0; r < rows.length + ROOM_BELOW; r++) {
        const cell = sheet.getCell(headerRow + 2 + r, col);
        setNumberFormat(cell, column.numberFormat);
        if (validation) cell.dataValidation = validation;
      }
    });
  }

  /** Refuses to place a table where it would cover another table, merged cells or typed values. */
  private refuseIfOccupied(sheet: Worksheet, range: CellRange, what: string): void {
    for (const other of tablesOn(sheet)) {
      const otherRange = tableRange(other.model);
      if (otherRange && overlaps(otherRange, range)) {
        throw new ChangeRefused(`${what} would overlap table ${other.model.name} on "${sheet.name}"`);
      }
    }
    const merged = mergedRanges(sheet).find((m) => overlaps(m, range));
    if (merged) throw new ChangeRefused(`cells ${formatRange(merged)} on "${sheet.name}" are merged where ${what} would go`);
    for (let row = range.top; row <= range.bottom; row++) {
      for (let column = range.left; column <= range.right; column++) {
        const value = readCell(sheet.getCell(row + 1, column + 1));
        if (value !== null && value !== "") {
          throw new ChangeRefused(`cell ${sheet.name}!${a1(row, column)} already holds a value where ${what} would go; nothing was overwritten`);
        }
      }
    }
  }

  private setCells(sheetName: string, cells: readonly { readonly address: string; readonly value: CellInput }[]): void {
    const targets = cells.map(({ address, value }) => {
      const at = parseRange(address);
      if (!at || at.top !== at.bottom || at.left !== at.right) throw new ChangeRefused(`"${address}" is not a cell address`);
      return { row: at.top + 1, column: at.left + 1, value };
    });
    const sheet = this.worksheet(sheetName) ?? this.workbook.addWorksheet(sheetName);
    for (const { row, column, value } of targets) {
      // Only the value changes: the cell keeps its number format and validation.
      sheet.getCell(row, column).value = writeValue(value);
    }
  }

  private appendRows(sheetName: string, tableName: string, rows: readonly (readonly CellInput[])[]): void {
    const found = this.findTable(tableName);
    if (!found || !sameName(found.worksheet.name, sheetName)) {
      throw new ChangeRefused(`there is no table ${tableName} on "${sheetName}"`);
    }
    const { worksheet: sheet, model } = found;
    const range = tableRange(model);
    if (!range) throw new ChangeRefused(`the range of table ${tableName} cannot be read`);
    if (model.totalsRow === true) {
      throw new ChangeRefused(`table ${tableName} has a totals row; turn it off (Table Design > Total Row) and try again`);
    }
    const width = range.right - range.left + 1;
    if (rows.some((row) => row.length > width)) throw new ChangeRefused(`a row has more values than table ${tableName} has columns`);
    if (rows.length === 0) return;
    const below: CellRange = { top: range.bottom + 1, left: range.left, bottom: range.bottom + rows.length, right: range.right };
    this.refuseIfOccupied(sheet, below, `the new rows of ${tableName}`);

    const lastBodyRow = range.bottom > range.top ? range.bottom + 1 : null;
    rows.forEach((row, r) => {
      for (let i = 0; i < width; i++) {
        const cell = sheet.getCell(below.top + r + 1, range.left + i + 1);
        if (lastBodyRow !== null) copyFormat(sheet.getCell(lastBodyRow, range.left + i + 1), cell);
        cell.value = writeValue(row[i] ?? null);
      }
    });
    setTableRange(model, { ...range, bottom: below.bottom });
  }

  /**
   * After data changed: Excel recalculates everything when the file is opened, and the
   * cached results of the plan's formula cells are dropped when their inputs may have
   * changed, so no reader trusts a stale total (the formulas themselves stay).
   */
  private afterDataChange(changes: readonly Change[]): void {
    this.workbook.calcProperties.fullCalcOnLoad = true;
    const edited = changes.some((c) => (c.kind === "setCells" && !sameName(c.sheet, META_SHEET)) || c.kind === "appendRows");
    if (!edited) return;
    for (const spec of TABLES) {
      const found = this.findTable(spec.table);
      const range = found ? tableRange(found.model) : null;
      if (!found || !range) continue;
      for (let row = range.top + 1; row <= range.bottom; row++) {
        for (let column = range.left; column <= range.right; column++) {
          dropCachedResult(found.worksheet.getCell(row + 1, column + 1));
        }
      }
    }
  }
}

/** The merged ranges of a sheet. */
function mergedRanges(sheet: Worksheet): CellRange[] {
  return sheet.model.merges.map((m) => parseRange(m)).filter((r): r is CellRange => r !== null);
}

function rawTable(found: SheetTable, range: CellRange, merges: readonly CellRange[]): RawTable {
  const { worksheet: sheet, model } = found;
  const lastBodyRow = model.totalsRow === true ? range.bottom - 1 : range.bottom;
  const columns = Array.from({ length: range.right - range.left + 1 }, (_, i) => range.left + i);
  const cell = (row: number, column: number): CellValue => readCell(sheet.getCell(row + 1, column + 1));
  const headers = columns.map((column, i) => {
    const value = cell(range.top, column);
    const name = model.columns[i];
    // Excel keeps header cells and column names in step; a blank header cell falls back to the name.
    if (value === null && typeof name === "object" && name !== null && "name" in name && typeof name.name === "string") return name.name;
    return value;
  });
  const rows: CellValue[][] = [];
  for (let row = range.top + 1; row <= lastBodyRow; row++) rows.push(columns.map((column) => cell(row, column)));
  const bodyAndHeader: CellRange = { ...range, bottom: lastBodyRow };
  return {
    name: model.name,
    sheet: sheet.name,
    headerRow: range.top,
    firstColumn: range.left,
    headers,
    rows,
    merged: merges.filter((m) => overlaps(m, bodyAndHeader)).map(formatRange),
    // The row just below the table (below its totals row, if it has one).
    below: columns.map((column) => cell(range.bottom + 1, column)),
  };
}

/** Keeps a formula but forgets its cached result. */
function dropCachedResult(cell: Cell): void {
  const value = cell.value;
  if (!hasFormula(value) || typeof value !== "object" || value === null) return;
  if ("sharedFormula" in value) {
    cell.value = { sharedFormula: value.sharedFormula };
  } else if ("formula" in value) {
    const { result: _stale, ...formula } = value;
    cell.value = formula;
  }
}

/**
 * Gives one cell a number format. A workbook exceljs loaded from a file shares one style
 * object between all cells with the same style, so `cell.numFmt = …` would change every
 * one of them (all money cells, say): the cell gets a style object of its own instead.
 * (Its font, border and fill objects stay shared; they are only ever replaced, never changed.)
 */
function setNumberFormat(cell: Cell, numFmt: string): void {
  if (cell.numFmt === numFmt) return;
  cell.style = { ...cell.style, numFmt };
}

function copyFormat(from: Cell, to: Cell): void {
  if (from.numFmt) setNumberFormat(to, from.numFmt);
  const validation: unknown = from.dataValidation;
  if (validation !== undefined && validation !== null && to.dataValidation === undefined) to.dataValidation = from.dataValidation;
}

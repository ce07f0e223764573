/**
 * An in-memory workbook behind the port: sheets of cells, tables with ranges, hidden
 * flags. Used by tests and as the reference behaviour the other hosts must match
 * (test/workbook/contract.ts runs the same cases against all of them).
 *
 * It behaves like a saved file that nothing recalculates: a formula cell shows the result
 * stored with it, and keeps it when other cells change; a formula stored without a result
 * reads as uncalculated (never blank). Every expectation (`expect` change) of an apply is
 * checked before anything is written, and so are the checks Excel makes of sheets (a sheet
 * deleted, renamed or written on must exist by then; a new name must be free, ignoring
 * case, and one Excel takes): either refuses the whole list. Any other change it refuses
 * writes nothing of itself, and the changes before it stay written, as the outcome says.
 *
 * What a file or Excel shows but a read does not (formats, column widths, page setup,
 * charts) is recorded per sheet for tests to look at; `read` gives the values of the sheets
 * the add-in owns (RawWorkbook.ownedSheets) the way every host reads them (`ownedValues`).
 * The checks and page texts every host shares are exported from here.
 */
import { a1, type CellValue, parseA1 } from "../plan/cell";
import {
  type CellFormat,
  type Change,
  type CellInput,
  type ChartKind,
  type ConditionalRule,
  conditionalFormatProblem,
  describeChange,
  isFormulaInput,
  sameCellValue,
} from "../plan/changes";
import { type CellRange, formatRange, overlaps, parseRange } from "../plan/ranges";
import { ROWS_SCANNED_BELOW, type RawSheetCells, type RawTable, type RawWorkbook } from "../plan/raw";
import { META_SHEET, OWNED_SHEET_MAX_CELLS, OWNED_SHEETS } from "../plan/schema";
import { blockProblem, chartProblem, formatCellsProblem, pageFooter, pageHeader, pageSetupProblem, sheetNameProblem, sheetsRefusal, unknownKind } from "../plan/sheetChanges";
import { readPlan } from "../plan/decode";
import { computedFormulaCells } from "../plan/formulaCells";
import { settingsFromCells } from "../plan/settings";
import { bodyRowsOf, isEmptyCell, typedRowsBelow } from "../plan/tableRules";
import type { ApplyOutcome, WorkbookPort } from "./port";

export interface MemorySheet {
  name: string;
  hidden: boolean;
  cells: Map<string, CellInput>;
  merged: string[];
  /** Conditional formats, highest priority first (a new rule goes on top, as in Excel). */
  conditionalFormats: MemoryConditionalFormat[];
  /** Cell formats in the order they were written (a later one wins where they overlap). */
  formats: CellFormat[];
  /** Column widths set, by zero-based column. */
  columnWidths: Map<number, number>;
  /** Row heights set, in points, by zero-based row. */
  rowHeights: Map<number, number>;
  /** How the sheet prints, once set. */
  pageSetup: MemoryPageSetup | null;
  /** Native charts on the sheet, in the order they were added. */
  charts: MemoryChart[];
}

/** A sheet's page setup as written: the same settings the .xlsx host writes into the file. */
export interface MemoryPageSetup {
  /** 9 is A4 in the file format's paper sizes. */
  readonly paperSize: 9;
  readonly orientation: "landscape";
  readonly fitToPage: true;
  readonly fitToWidth: 1;
  /** 0: as many pages tall as it takes. */
  readonly fitToHeight: 0;
  /** "1:6", or null for none. */
  readonly printTitleRows: string | null;
  /** The page header and footer in the file format's codes (see pageHeader, pageFooter). */
  readonly header: string;
  readonly footer: string;
}

/** A native chart as recorded: what it draws, from where, and where it sits. */
export interface MemoryChart {
  readonly chart: ChartKind;
  readonly title: string;
  readonly source: string;
  readonly anchor: string;
}

/** One rule of a sheet's conditional formatting, as written: its range, formula (no "=") and colours. */
export interface MemoryConditionalFormat {
  readonly range: string;
  readonly rule: ConditionalRule;
}

export interface MemoryTable {
  name: string;
  sheet: string;
  /** Zero-based sheet row of the header row; for a table without one, the row above its body. */
  headerRow: number;
  firstColumn: number;
  width: number;
  /** Number of body rows. */
  height: number;
  /** True when the table shows a Total Row, the sheet row just after its body. */
  totalsRow?: boolean;
  /** False for a table without a header row; its column names are then `columnNames`. */
  hasHeaderRow?: boolean;
  /** The column names of a table without a header row. */
  columnNames?: string[];
}

type CalculationMode = NonNullable<RawWorkbook["calculationMode"]>;

/** A change this host refuses before writing any of it, with the reason in words. */
class ChangeRefused extends Error {}

/** The page setup a pageSetup change asks for. */
export function pageSetupOf(change: Extract<Change, { kind: "pageSetup" }>): MemoryPageSetup {
  return {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitleRows: change.printTitleRows === null ? null : change.printTitleRows.trim().replace(/\$/g, ""),
    header: pageHeader(change.marking, change.title),
    footer: pageFooter(change.marking),
  };
}

/**
 * The values of an owned sheet as every host reads them (RawSheetCells): from A1 to the last
 * row and column holding a value (an empty text is no value); null when that is more than
 * OWNED_SHEET_MAX_CELLS cells. `cells` are the cells that may hold something, in any order.
 */
export function ownedValues(cells: Iterable<{ readonly row: number; readonly column: number; readonly value: CellValue }>): RawSheetCells["values"] {
  const held: { row: number; column: number; value: CellValue }[] = [];
  let bottom = -1;
  let right = -1;
  for (const { row, column, value } of cells) {
    if (value === null || value === "") continue;
    bottom = Math.max(bottom, row);
    right = Math.max(right, column);
    if ((bottom + 1) * (right + 1) > OWNED_SHEET_MAX_CELLS) return null;
    held.push({ row, column, value });
  }
  const values: CellValue[][] = Array.from({ length: bottom + 1 }, () => new Array<CellValue>(right + 1).fill(null));
  for (const { row, column, value } of held) {
    const line = values[row];
    if (line !== undefined) line[column] = value;
  }
  return values;
}

export class MemoryWorkbook implements WorkbookPort {
  readonly kind = "file" as const;
  readonly sheets: MemorySheet[] = [];
  readonly tables: MemoryTable[] = [];
  selected: { sheet: string; cell: string } | null = null;
  /** Set to make the next apply fail at change index N (for failure-path tests). */
  failAt: number | null = null;
  /** How the workbook says it recalculates; unset (not said) by default. Tests set it. */
  calculationMode: CalculationMode | undefined = undefined;

  sheet(name: string): MemorySheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  addSheet(name: string, hidden = false): MemorySheet {
    const sheet: MemorySheet = { name, hidden, cells: new Map(), merged: [], conditionalFormats: [], formats: [], columnWidths: new Map(), rowHeights: new Map(), pageSetup: null, charts: [] };
    this.sheets.push(sheet);
    return sheet;
  }

  /** The value a person sees in a cell: a formula shows its stored result. */
  value(sheet: string, address: string): CellValue {
    const input = this.sheet(sheet)?.cells.get(address) ?? null;
    return toValue(input);
  }

  /** What a cell holds as written: a constant, or a formula with its stored result. */
  input(sheet: string, address: string): CellInput {
    return this.sheet(sheet)?.cells.get(address) ?? null;
  }

  /** The conditional-format rules of a sheet, highest priority first; empty for a sheet that has none or does not exist. */
  conditionalFormats(sheet: string): readonly MemoryConditionalFormat[] {
    return this.sheet(sheet)?.conditionalFormats ?? [];
  }

  setValue(sheet: string, address: string, value: CellInput): void {
    const s = this.sheet(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    s.cells.set(address, value);
  }

  async read(): Promise<RawWorkbook> {
    const metaSheet = this.sheet(META_SHEET);
    const meta = metaSheet ? settingsFromCells((row, column) => toValue(metaSheet.cells.get(a1(row, column)) ?? null)) : null;
    const tables = this.tables.map((t) => this.readTable(t));
    const ownedSheets = OWNED_SHEETS.flatMap((name): RawSheetCells[] => {
      const sheet = this.sheet(name);
      return sheet === undefined ? [] : [{ sheet: sheet.name, values: ownedValues(cellsOf(sheet)) }];
    });
    return {
      sheets: this.sheets.map((s) => ({ name: s.name, visible: !s.hidden })),
      ownedSheets,
      meta,
      tables,
      ...(this.calculationMode === undefined ? {} : { calculationMode: this.calculationMode }),
    };
  }

  private readTable(t: MemoryTable): RawTable {
    const sheet = this.sheet(t.sheet);
    const input = (row: number, column: number): CellInput => sheet?.cells.get(a1(row, column)) ?? null;
    const cell = (row: number, column: number): CellValue => toValue(input(row, column));
    const columns = Array.from({ length: t.width }, (_, i) => t.firstColumn + i);
    const bodyRows = Array.from({ length: t.height }, (_, r) => t.headerRow + 1 + r);
    const hasHeaderRow = t.hasHeaderRow !== false;
    const totalsRow = t.totalsRow === true;
    // The first sheet row after the table (after its Total Row, when it shows one).
    const after = t.headerRow + 1 + t.height + (totalsRow ? 1 : 0);
    const range: CellRange = { top: hasHeaderRow ? t.headerRow : t.headerRow + 1, left: t.firstColumn, bottom: t.headerRow + t.height, right: t.firstColumn + t.width - 1 };
    const formulaOf = (row: number, column: number): string | null => {
      const held = input(row, column);
      return held !== null && isFormulaInput(held) ? held.formula : null;
    };
    const block = Array.from({ length: ROWS_SCANNED_BELOW }, (_, r) => columns.map((c) => cell(after + r, c)));
    const blockFormulas = Array.from({ length: ROWS_SCANNED_BELOW }, (_, r) => columns.map((c) => formulaOf(after + r, c)));
    return {
      name: t.name,
      sheet: sheet?.name ?? t.sheet,
      headerRow: t.headerRow,
      firstColumn: t.firstColumn,
      headers: hasHeaderRow ? columns.map((c) => cell(t.headerRow, c)) : columns.map((_, i) => t.columnNames?.[i] ?? null),
      rows: bodyRows.map((r) => columns.map((c) => cell(r, c))),
      formulas: bodyRows.map((r) => columns.map((c) => formulaOf(r, c))),
      merged: (sheet?.merged ?? []).filter((m) => {
        const area = parseRange(m);
        return area === null || overlaps(area, range);
      }),
      below: block[0] ?? columns.map(() => null),
      typedBelow: typedRowsBelow(block, after, blockFormulas),
      totalsRow,
      hasHeaderRow,
    };
  }

  async apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    // An expectation writes nothing, so it is in neither list of what was and was not written.
    const described = (list: readonly Change[]): string[] => list.filter((c) => c.kind !== "expect").map(describeChange);
    const unmet = this.unmetExpectation(changes) ?? sheetsRefusal(this.sheets, changes);
    if (unmet !== null) return { ok: false, message: unmet, written: [], notWritten: described(changes) };
    const written: string[] = [];
    for (const [index, change] of changes.entries()) {
      const failure = (message: string): ApplyOutcome => ({ ok: false, message, written, notWritten: described(changes.slice(index)) });
      if (this.failAt === index) {
        this.failAt = null;
        return failure("The workbook refused the change.");
      }
      try {
        this.applyOne(change);
      } catch (error) {
        if (!(error instanceof ChangeRefused)) throw error;
        return failure(`${describeChange(change)} was not written: ${error.message}`);
      }
      if (change.kind !== "expect") written.push(describeChange(change));
    }
    if (changes.some((c) => c.kind === "setCells" || c.kind === "appendRows" || c.kind === "setBlock")) await this.refreshOwnFormulas();
    return { ok: true, written };
  }

  /**
   * Like the .xlsx host, which cannot calculate: after data changed, the plan's own formula
   * columns are given the core's figures as their stored results; every other stored
   * result is kept as it was.
   */
  private async refreshOwnFormulas(): Promise<void> {
    const read = readPlan(await this.read());
    if (read.status !== "plan") return;
    for (const change of computedFormulaCells(read.plan)) this.applyOne(change);
  }

  async select(sheet: string, cell: string): Promise<void> {
    this.selected = { sheet, cell };
  }

  /** The message of the first expectation that no longer holds, or null when all hold. */
  private unmetExpectation(changes: readonly Change[]): string | null {
    for (const change of changes) {
      if (change.kind !== "expect") continue;
      for (const expectation of change.cells) {
        const now = parseA1(expectation.address) ? this.value(change.sheet, expectation.address.replace(/\$/g, "")) : null;
        if (!parseA1(expectation.address) || !sameCellValue(expectation.value, now)) return expectation.message;
      }
    }
    return null;
  }

  /**
   * Why the list cannot be written as a whole, for the checks Excel makes of sheets: a sheet
   * deleted, renamed, written or formatted that does not exist by then, a new name that is
   * taken (ignoring case) or not a sheet name, the last visible sheet deleted. Worked out over
   * the sheets as the list leaves them, change by change, before anything is written, so such
   * a list writes nothing at all. Null when none of these holds.
   */


  /** Every check of a change comes before its first write, so a refused change writes nothing. */
  private applyOne(change: Change): void {
    switch (change.kind) {
      case "expect":
        // Checked for the whole list before anything was written.
        return;
      case "createSheet": {
        const problem = sheetNameProblem(change.sheet);
        if (problem) throw new ChangeRefused(problem);
        if (this.sheet(change.sheet)) throw new ChangeRefused(`the workbook already has a sheet called "${change.sheet}"`);
        this.addSheet(change.sheet, change.hidden);
        return;
      }
      case "createTable": {
        const width = change.columns.length;
        if (width === 0) throw new ChangeRefused("a table needs at least one column");
        if (change.rows.some((row) => row.length > width)) throw new ChangeRefused("a row has more values than the table has columns");
        if (this.tables.some((t) => t.name.toLowerCase() === change.table.toLowerCase())) {
          throw new ChangeRefused(`the workbook already has a table called ${change.table}`);
        }
        const rows = bodyRowsOf(change.rows, width);
        const range: CellRange = { top: change.headerRow, left: change.firstColumn, bottom: change.headerRow + rows.length, right: change.firstColumn + width - 1 };
        const existing = this.sheet(change.sheet);
        if (existing) this.refuseIfOccupied(existing, range, change.table);
        const sheet = existing ?? this.addSheet(change.sheet);
        change.columns.forEach((c, i) => sheet.cells.set(a1(change.headerRow, change.firstColumn + i), c.header));
        rows.forEach((row, r) => row.forEach((v, i) => sheet.cells.set(a1(change.headerRow + 1 + r, change.firstColumn + i), v)));
        this.tables.push({
          name: change.table,
          sheet: sheet.name,
          headerRow: change.headerRow,
          firstColumn: change.firstColumn,
          width,
          height: rows.length,
        });
        return;
      }
      case "setCells": {
        for (const { address } of change.cells) {
          if (!parseA1(address)) throw new ChangeRefused(`"${address}" is not a cell address`);
        }
        const sheet = this.sheet(change.sheet) ?? this.addSheet(change.sheet);
        for (const { address, value } of change.cells) sheet.cells.set(address.replace(/\$/g, "").toUpperCase(), value);
        return;
      }
      case "appendRows":
        this.appendRows(change);
        return;
      case "conditionalFormat": {
        const problem = conditionalFormatProblem(change);
        if (problem) throw new ChangeRefused(problem);
        const sheet = this.sheet(change.sheet);
        if (!sheet) throw new ChangeRefused(`there is no sheet "${change.sheet}"`);
        const range = change.range.replace(/\$/g, "").toUpperCase();
        sheet.conditionalFormats.unshift(...change.rules.map((rule) => ({ range, rule: { ...rule, formula: rule.formula.trim() } })));
        return;
      }
      case "setBlock": {
        const problem = blockProblem(change);
        if (problem) throw new ChangeRefused(problem);
        const sheet = this.existing(change.sheet);
        change.rows.forEach((values, r) =>
          values.forEach((value, c) => {
            // null leaves the cell as it is; text stays text, whatever it begins with.
            if (value !== null) sheet.cells.set(a1(change.row + r, change.column + c), value);
          }),
        );
        return;
      }
      case "deleteSheet": {
        const sheet = this.existing(change.sheet);
        this.sheets.splice(this.sheets.indexOf(sheet), 1);
        for (let i = this.tables.length - 1; i >= 0; i--) {
          if (this.tables[i]?.sheet.toLowerCase() === sheet.name.toLowerCase()) this.tables.splice(i, 1);
        }
        if (this.selected?.sheet.toLowerCase() === sheet.name.toLowerCase()) this.selected = null;
        return;
      }
      case "renameSheet": {
        const sheet = this.existing(change.sheet);
        const problem = sheetNameProblem(change.to);
        if (problem) throw new ChangeRefused(problem);
        const taken = this.sheet(change.to);
        if (taken !== undefined && taken !== sheet) throw new ChangeRefused(`the workbook already has a sheet called "${taken.name}"`);
        for (const table of this.tables) if (table.sheet.toLowerCase() === sheet.name.toLowerCase()) table.sheet = change.to;
        sheet.name = change.to;
        return;
      }
      case "formatCells": {
        const problem = formatCellsProblem(change);
        if (problem) throw new ChangeRefused(problem);
        const sheet = this.existing(change.sheet);
        sheet.formats.push(...change.formats.map((f) => ({ ...f, range: f.range.trim().replace(/\$/g, "").toUpperCase() })));
        change.columnWidths.forEach((width, column) => {
          if (width !== null) sheet.columnWidths.set(column, width);
        });
        for (const { row, points } of change.rowHeights ?? []) sheet.rowHeights.set(row, points);
        return;
      }
      case "pageSetup": {
        const problem = pageSetupProblem(change);
        if (problem) throw new ChangeRefused(problem);
        this.existing(change.sheet).pageSetup = pageSetupOf(change);
        return;
      }
      case "addChart": {
        const problem = chartProblem(change);
        if (problem) throw new ChangeRefused(problem);
        const { chart, title, source, anchor } = change;
        this.existing(change.sheet).charts.push({ chart, title, source: source.trim().replace(/\$/g, "").toUpperCase(), anchor: anchor.trim().replace(/\$/g, "").toUpperCase() });
        return;
      }
      default:
        throw new ChangeRefused(unknownKind(change));
    }
  }

  /** The sheet of that name (ignoring case); refused when there is none. */
  private existing(name: string): MemorySheet {
    const sheet = this.sheet(name);
    if (!sheet) throw new ChangeRefused(`there is no sheet "${name}"`);
    return sheet;
  }

  /**
   * Rows written directly below the table's body, which grows to include them. A Total Row
   * moves down below the new rows. Refused when any cell the table would grow into (or
   * the Total Row would move into) holds something: a table never grows over a person's cells.
   */
  private appendRows(change: Extract<Change, { kind: "appendRows" }>): void {
    const table = this.tables.find((t) => t.name.toLowerCase() === change.table.toLowerCase());
    const sheet = this.sheet(change.sheet);
    if (!table || !sheet || sheet.name.toLowerCase() !== table.sheet.toLowerCase()) {
      throw new ChangeRefused(`there is no table ${change.table} on "${change.sheet}"`);
    }
    if (change.rows.some((row) => row.length > table.width)) throw new ChangeRefused(`a row has more values than table ${table.name} has columns`);
    const count = change.rows.length;
    if (count === 0) return;
    const firstNew = table.headerRow + 1 + table.height;
    const totals = table.totalsRow === true;
    const room: CellRange = {
      top: firstNew + (totals ? 1 : 0),
      left: table.firstColumn,
      bottom: firstNew + (totals ? 1 : 0) + count - 1,
      right: table.firstColumn + table.width - 1,
    };
    this.refuseIfOccupied(sheet, room, `the new rows of ${table.name}`);
    if (totals) {
      for (let c = room.left; c <= room.right; c++) {
        const held = sheet.cells.get(a1(firstNew, c));
        sheet.cells.delete(a1(firstNew, c));
        if (held !== undefined) sheet.cells.set(a1(firstNew + count, c), held);
      }
    }
    change.rows.forEach((row, r) => {
      for (let i = 0; i < table.width; i++) sheet.cells.set(a1(firstNew + r, table.firstColumn + i), row[i] ?? null);
    });
    table.height += count;
  }

  /** Refuses a range that would cover another table, merged cells or a cell that holds something. */
  private refuseIfOccupied(sheet: MemorySheet, range: CellRange, what: string): void {
    for (const other of this.tables) {
      if (other.sheet.toLowerCase() !== sheet.name.toLowerCase()) continue;
      const otherRange: CellRange = {
        top: other.headerRow,
        left: other.firstColumn,
        bottom: other.headerRow + other.height + (other.totalsRow === true ? 1 : 0),
        right: other.firstColumn + other.width - 1,
      };
      if (overlaps(otherRange, range)) throw new ChangeRefused(`${what} would overlap table ${other.name} on "${sheet.name}"`);
    }
    const merged = sheet.merged.map(parseRange).find((m): m is CellRange => m !== null && overlaps(m, range));
    if (merged) throw new ChangeRefused(`cells ${formatRange(merged)} on "${sheet.name}" are merged where ${what} would go`);
    for (let row = range.top; row <= range.bottom; row++) {
      for (let column = range.left; column <= range.right; column++) {
        const held = sheet.cells.get(a1(row, column)) ?? null;
        if (held !== null && (isFormulaInput(held) || !isEmptyCell(held))) {
          throw new ChangeRefused(`cell ${sheet.name}!${a1(row, column)} already holds a value where ${what} would go; nothing was overwritten`);
        }
      }
    }
  }
}

/** Every cell a sheet holds, with the value it shows. */
function* cellsOf(sheet: MemorySheet): Iterable<{ row: number; column: number; value: CellValue }> {
  for (const [address, input] of sheet.cells) {
    const at = parseA1(address);
    if (at !== null) yield { row: at.row, column: at.column, value: toValue(input) };
  }
}

/** What a cell shows: a formula its stored result, or uncalculated when it has none. */
function toValue(input: CellInput): CellValue {
  if (input !== null && isFormulaInput(input)) return input.result ?? { uncalculated: input.formula };
  return input;
}

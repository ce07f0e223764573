/**
 * An in-memory workbook behind the port: sheets of cells, tables with ranges, hidden
 * flags. Used by tests and as the reference behaviour the other hosts must match.
 * Formula cells read back as their `result` (what a recalculated workbook would show).
 */
import { a1, type CellValue, parseA1 } from "../plan/cell";
import { type Change, type CellInput, describeChange, isFormulaInput } from "../plan/changes";
import type { RawTable, RawWorkbook } from "../plan/raw";
import { META_SHEET } from "../plan/schema";
import type { ApplyOutcome, WorkbookPort } from "./port";

export interface MemorySheet {
  name: string;
  hidden: boolean;
  cells: Map<string, CellInput>;
  merged: string[];
}

export interface MemoryTable {
  name: string;
  sheet: string;
  headerRow: number;
  firstColumn: number;
  width: number;
  /** Number of body rows. */
  height: number;
}

export class MemoryWorkbook implements WorkbookPort {
  readonly kind = "file" as const;
  readonly sheets: MemorySheet[] = [];
  readonly tables: MemoryTable[] = [];
  selected: { sheet: string; cell: string } | null = null;
  /** Set to make the next apply fail at change index N (for failure-path tests). */
  failAt: number | null = null;

  sheet(name: string): MemorySheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  addSheet(name: string, hidden = false): MemorySheet {
    const sheet: MemorySheet = { name, hidden, cells: new Map(), merged: [] };
    this.sheets.push(sheet);
    return sheet;
  }

  /** The value a person sees in a cell. */
  value(sheet: string, address: string): CellValue {
    const input = this.sheet(sheet)?.cells.get(address) ?? null;
    return toValue(input);
  }

  setValue(sheet: string, address: string, value: CellInput): void {
    const s = this.sheet(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    s.cells.set(address, value);
  }

  async read(): Promise<RawWorkbook> {
    const metaSheet = this.sheet(META_SHEET);
    let meta: Record<string, CellValue> | null = null;
    if (metaSheet) {
      meta = {};
      for (let row = 1; row < 100; row++) {
        const key = toValue(metaSheet.cells.get(a1(row, 0)) ?? null);
        if (typeof key === "string" && key !== "") meta[key] = toValue(metaSheet.cells.get(a1(row, 1)) ?? null);
      }
    }
    const tables: RawTable[] = this.tables.map((t) => {
      const sheet = this.sheet(t.sheet);
      const cell = (row: number, column: number): CellValue => toValue(sheet?.cells.get(a1(row, column)) ?? null);
      const columns = Array.from({ length: t.width }, (_, i) => t.firstColumn + i);
      return {
        name: t.name,
        sheet: t.sheet,
        headerRow: t.headerRow,
        firstColumn: t.firstColumn,
        headers: columns.map((c) => cell(t.headerRow, c)),
        rows: Array.from({ length: t.height }, (_, r) => columns.map((c) => cell(t.headerRow + 1 + r, c))),
        merged: sheet?.merged ?? [],
        below: columns.map((c) => cell(t.headerRow + 1 + t.height, c)),
      };
    });
    return { sheets: this.sheets.map((s) => ({ name: s.name, visible: !s.hidden })), meta, tables };
  }

  async apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    const written: string[] = [];
    for (const [index, change] of changes.entries()) {
      if (this.failAt === index) {
        this.failAt = null;
        return {
          ok: false,
          message: "The workbook refused the change.",
          written,
          notWritten: changes.slice(index).map(describeChange),
        };
      }
      this.applyOne(change);
      const touchesTables =
        change.kind === "appendRows" || (change.kind === "setCells" && this.tables.some((t) => t.sheet === change.sheet));
      if (touchesTables) this.forgetFormulaResults();
      written.push(describeChange(change));
    }
    return { ok: true, written };
  }

  async select(sheet: string, cell: string): Promise<void> {
    this.selected = { sheet, cell };
  }

  /**
   * Data changed, so every stored formula result may be stale. Like a file saved by a
   * program that does not calculate, formula cells then read as blank until recalculated.
   */
  private forgetFormulaResults(): void {
    for (const sheet of this.sheets) {
      for (const [address, input] of sheet.cells) {
        if (input !== null && isFormulaInput(input) && input.result !== undefined) {
          sheet.cells.set(address, { formula: input.formula });
        }
      }
    }
  }

  private applyOne(change: Change): void {
    switch (change.kind) {
      case "createSheet":
        this.addSheet(change.sheet, change.hidden);
        return;
      case "createTable": {
        const sheet = this.sheet(change.sheet) ?? this.addSheet(change.sheet);
        change.columns.forEach((c, i) => sheet.cells.set(a1(change.headerRow, change.firstColumn + i), c.header));
        change.rows.forEach((row, r) =>
          row.forEach((v, i) => sheet.cells.set(a1(change.headerRow + 1 + r, change.firstColumn + i), v)),
        );
        this.tables.push({
          name: change.table,
          sheet: change.sheet,
          headerRow: change.headerRow,
          firstColumn: change.firstColumn,
          width: change.columns.length,
          // Like Excel, a table always has at least one body row: a new empty table gets a blank one.
          height: Math.max(1, change.rows.length),
        });
        return;
      }
      case "setCells": {
        const sheet = this.sheet(change.sheet) ?? this.addSheet(change.sheet);
        for (const { address, value } of change.cells) {
          if (!parseA1(address)) throw new Error(`bad address ${address}`);
          sheet.cells.set(address, value);
        }
        return;
      }
      case "appendRows": {
        const table = this.tables.find((t) => t.name === change.table);
        const sheet = this.sheet(change.sheet);
        if (!table || !sheet) throw new Error(`no table ${change.table}`);
        for (let r = 0; r < change.rows.length; r++) {
          for (let c = 0; c < table.width; c++) {
            const address = a1(table.headerRow + 1 + table.height + r, table.firstColumn + c);
            const there = toValue(sheet.cells.get(address) ?? null);
            if (there !== null && there !== "") throw new Error(`${change.sheet}!${address} is not empty; a table never grows over a person's cells`);
          }
        }
        change.rows.forEach((row, r) =>
          row.forEach((v, i) => sheet.cells.set(a1(table.headerRow + 1 + table.height + r, table.firstColumn + i), v)),
        );
        table.height += change.rows.length;
        return;
      }
    }
  }
}

function toValue(input: CellInput): CellValue {
  if (input !== null && isFormulaInput(input)) return input.result ?? null;
  return input;
}

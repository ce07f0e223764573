/**
 * What a host reads out of a workbook in one go, before any meaning is given to it.
 * Positions are zero-based sheet coordinates so that findings can name real cells.
 */
import type { CellValue } from "./cell";

export interface RawTable {
  /** Table (ListObject) name, e.g. "tblLines". */
  readonly name: string;
  readonly sheet: string;
  /** Zero-based sheet row of the header row. */
  readonly headerRow: number;
  /** Zero-based sheet column of the table's first column. */
  readonly firstColumn: number;
  readonly headers: readonly CellValue[];
  /** Body rows, each as long as `headers`. */
  readonly rows: readonly (readonly CellValue[])[];
  /** A1 ranges of merged cells that overlap the table, e.g. "C5:D5". */
  readonly merged: readonly string[];
  /**
   * The sheet row just below the table, across the table's width: a line is only ever
   * added there when every one of these cells is empty.
   */
  readonly below: readonly CellValue[];
  /**
   * The formula text (without "=") of each body cell that holds a formula, null for a
   * constant; same shape as `rows`. Absent when the host could not read formulas.
   */
  readonly formulas?: readonly (readonly (string | null)[])[];
  /**
   * Rows under the table (outside its range) that hold something, within the rows a plan
   * prepares for typing (ROWS_SCANNED_BELOW), across the table's width: rows a person
   * typed just under the table, which the table does not include. `formulas` gives the
   * formula text (without "=") of each of the row's cells that holds a formula, null for a
   * constant, as long as `cells`: a host that reads formulas (`formulas` above) gives it for
   * every row holding at least one formula, so on such a host a row without it holds only
   * constants.
   */
  readonly typedBelow?: readonly TypedRow[];
  /** True when the table shows a Total Row (hosts leave it out of `rows`). */
  readonly totalsRow?: boolean;
  /** False when the table has no header row: `headers` are then its column names and `headerRow` the row above its body. */
  readonly hasHeaderRow?: boolean;
}

/** A row a person typed under a table, outside it (RawTable.typedBelow). */
export interface TypedRow {
  /** Zero-based sheet row. */
  readonly row: number;
  /** What each cell across the table's width shows. */
  readonly cells: readonly CellValue[];
  /** The formula text (without "=") of each cell that holds a formula, null for a constant. */
  readonly formulas?: readonly (string | null)[];
}

export interface RawSheet {
  readonly name: string;
  readonly visible: boolean;
}

/**
 * The values of a sheet the add-in owns (OWNED_SHEETS in schema.ts), as read: row 0 is the
 * sheet's row 1 and column 0 its column A, up to the last row and column holding anything
 * (Excel's used range, values only, padded with null to start at A1).
 */
export interface RawSheetCells {
  readonly sheet: string;
  /** null when the sheet holds more than OWNED_SHEET_MAX_CELLS cells: the host did not read them. */
  readonly values: readonly (readonly CellValue[])[] | null;
}

export interface RawWorkbook {
  readonly sheets: readonly RawSheet[];
  /** The sheets of OWNED_SHEETS that exist, with their values; absent when the host did not look. */
  readonly ownedSheets?: readonly RawSheetCells[];
  /** Key/value pairs from the add-in's own settings sheet, or null when it has none. */
  readonly meta: Readonly<Record<string, CellValue>> | null;
  /** The plan's tables that were found; a missing table is simply absent. */
  readonly tables: readonly RawTable[];
  /**
   * How the workbook recalculates, when the host can tell: in "manual" mode stored formula
   * results may be stale, so the core does not compare them with its own figures.
   */
  readonly calculationMode?: "automatic" | "automaticExceptTables" | "manual";
}

/** How many rows under a table a host looks at for rows a person typed outside it. */
export const ROWS_SCANNED_BELOW = 200;

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
}

export interface RawSheet {
  readonly name: string;
  readonly visible: boolean;
}

export interface RawWorkbook {
  readonly sheets: readonly RawSheet[];
  /** Key/value pairs from the add-in's own settings sheet, or null when it has none. */
  readonly meta: Readonly<Record<string, CellValue>> | null;
  /** The plan's tables that were found; a missing table is simply absent. */
  readonly tables: readonly RawTable[];
}

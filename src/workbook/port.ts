/**
 * The port: what every host (Excel, an .xlsx file, memory) offers the rest of the product.
 * Reading hands over the plan's raw tables in one go; applying writes a whole action's
 * changes in one go and says exactly what was and was not written.
 */
import type { Change } from "../plan/changes";
import type { RawWorkbook } from "../plan/raw";

export type { Change, CellInput, ColumnWrite, Validation } from "../plan/changes";
export type { RawWorkbook, RawTable, RawSheet } from "../plan/raw";
export type { CellValue } from "../plan/cell";

export type ApplyOutcome =
  | { readonly ok: true; readonly written: readonly string[] }
  | {
      readonly ok: false;
      /** What went wrong, in words for the person using the pane. */
      readonly message: string;
      /** Descriptions of the changes that were written before the failure. */
      readonly written: readonly string[];
      /** Descriptions of the changes that were not written. */
      readonly notWritten: readonly string[];
    };

export interface WorkbookPort {
  /** "excel" inside Excel; "file" for an .xlsx file opened in the browser or CLI. */
  readonly kind: "excel" | "file";
  read(): Promise<RawWorkbook>;
  apply(changes: readonly Change[]): Promise<ApplyOutcome>;
  /** Selects (and shows) a cell, e.g. the cell a finding names. */
  select(sheet: string, cell: string): Promise<void>;
  /**
   * Opens a new workbook made of these .xlsx bytes in a window of its own (Excel:
   * `Excel.createWorkbook`, ExcelApi 1.8). Absent where the host cannot (file mode, the
   * CLI): the pane downloads the file instead. Resolves "unsupported" when this Excel
   * lacks the API, so the pane can fall back to a download.
   */
  openWorkbook?(bytes: Uint8Array): Promise<"opened" | "unsupported">;
}

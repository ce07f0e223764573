/**
 * Changes: what an action wants written, computed by the core and applied by a host
 * in one batch. A preview shows the same list without applying it.
 */
import type { CellValue } from "./cell";

/** A value to write. Formulas are written in the file-format (canonical) structured-reference form. */
export type CellInput = string | number | boolean | null | FormulaInput;

export interface FormulaInput {
  readonly formula: string;
  /** The value the core expects the formula to show; file hosts store it as the cached result. */
  readonly result?: number | string;
}

export function isFormulaInput(value: CellInput): value is FormulaInput {
  return typeof value === "object" && value !== null && "formula" in value;
}

export interface ListValidation {
  readonly kind: "list";
  readonly values: readonly string[];
}

export interface DecimalValidation {
  readonly kind: "decimal-at-least";
  readonly minimum: number;
}

export type Validation = ListValidation | DecimalValidation;

export interface ColumnWrite {
  readonly header: string;
  readonly numberFormat: string;
  /** Column width in Excel character units. */
  readonly width: number;
  readonly validation: Validation | null;
}

/**
 * A cell that must still hold what was read when an action was computed. A host checks
 * every expectation of a change list in the same write (the same `Excel.run`, the same
 * file operation) before it writes anything; if one no longer holds (a co-author changed
 * the row), nothing is written and the apply fails with the expectation's message.
 */
export interface CellExpectation {
  readonly address: string;
  /** What the cell held when read; compared with `sameCellValue`. */
  readonly value: CellValue;
  /** Said to the person when the cell no longer holds it, e.g. "Line CRG-01 moved or was renamed". */
  readonly message: string;
}

export type Change =
  | {
      /** Nothing is written: every cell must still hold its value, or the whole apply is refused. */
      readonly kind: "expect";
      readonly sheet: string;
      readonly cells: readonly CellExpectation[];
    }
  | {
      readonly kind: "createSheet";
      readonly sheet: string;
      readonly hidden: boolean;
    }
  | {
      readonly kind: "createTable";
      readonly sheet: string;
      readonly table: string;
      /** Zero-based sheet position of the header row's first cell. */
      readonly headerRow: number;
      readonly firstColumn: number;
      readonly columns: readonly ColumnWrite[];
      readonly rows: readonly (readonly CellInput[])[];
    }
  | {
      readonly kind: "setCells";
      readonly sheet: string;
      readonly cells: readonly { readonly address: string; readonly value: CellInput }[];
      /** What the change means in the plan's words, e.g. "Allocation of CRG-01 (Lines!F2) set to £120,000.00". */
      readonly label?: string;
    }
  | {
      /** Rows written directly below the table's last row; the table then grows to include them. */
      readonly kind: "appendRows";
      readonly sheet: string;
      readonly table: string;
      readonly rows: readonly (readonly CellInput[])[];
    };

/** A sentence per change, for previews and for "what was written" reports. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case "expect":
      return `Check that ${change.cells.length === 1 ? "1 cell" : `${change.cells.length} cells`} on "${change.sheet}" still hold${change.cells.length === 1 ? "s" : ""} what was read`;
    case "createSheet":
      return `Create ${change.hidden ? "hidden " : ""}sheet "${change.sheet}"`;
    case "createTable":
      return `Create table ${change.table} on "${change.sheet}" with ${change.rows.length} row${change.rows.length === 1 ? "" : "s"}`;
    case "setCells":
      if (change.label !== undefined) return change.label;
      return change.cells.length === 1 && change.cells[0] !== undefined
        ? `Set ${change.sheet}!${change.cells[0].address} to ${describeValue(change.cells[0].value)}`
        : `Set ${change.cells.length} cells on "${change.sheet}"`;
    case "appendRows":
      return `Add ${change.rows.length} row${change.rows.length === 1 ? "" : "s"} to ${change.table} on "${change.sheet}"`;
  }
}

function describeValue(value: CellInput): string {
  if (value === null) return "blank";
  if (isFormulaInput(value)) return `formula =${value.formula}`;
  if (typeof value === "number") return String(value);
  return `"${String(value)}"`;
}

/**
 * True when a cell still shows what was read: numbers equal to Excel's 15 significant
 * digits, text equal after trimming, errors and blanks alike. A formula with no stored
 * result never matches (what it shows is unknown).
 */
export function sameCellValue(read: CellValue, now: CellValue): boolean {
  const blank = (v: CellValue): boolean => v === null || (typeof v === "string" && v.trim() === "");
  if (blank(read) || blank(now)) return blank(read) && blank(now);
  if (typeof read === "number" || typeof now === "number") {
    return typeof read === "number" && typeof now === "number" && read.toPrecision(15) === now.toPrecision(15);
  }
  if (typeof read === "string" || typeof now === "string") {
    return typeof read === "string" && typeof now === "string" && read.trim() === now.trim();
  }
  if (typeof read === "boolean" || typeof now === "boolean") return read === now;
  if (read !== null && now !== null && "error" in read && "error" in now) return read.error === now.error;
  return false;
}

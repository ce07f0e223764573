/**
 * Changes: what an action wants written, computed by the core and applied by a host
 * in one batch. A preview shows the same list without applying it.
 */
import { a1, type CellValue } from "./cell";
import { parseRange } from "./ranges";

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

/**
 * One conditional-format rule: where `formula` is TRUE, the cell gets the fill (and the
 * font colour). Written as Excel's "Use a formula to determine which cells to format".
 */
export interface ConditionalRule {
  /**
   * Formula text without "=", in A1 form, written for the range's top-left cell (relative
   * references move with each cell), e.g. `UPPER(TRIM($L7))="BLUE"`.
   */
  readonly formula: string;
  /** Fill colour "#RRGGBB". */
  readonly fill: string;
  /** Font colour "#RRGGBB", optional. */
  readonly font?: string;
}

/** A colour as every host takes it: "#" and six hex digits. */
export function isHexColour(value: string): boolean {
  return /^#[0-9A-Fa-f]{6}$/.test(value);
}

/**
 * Why a conditional-format change cannot be written, in words; null when it can. Every host
 * refuses it, writing nothing of it, for the same reasons (the sheet is each host's own check).
 */
export function conditionalFormatProblem(change: { readonly range: string; readonly rules: readonly ConditionalRule[] }): string | null {
  if (!/^\$?[A-Za-z]{1,3}\$?[1-9][0-9]*(:\$?[A-Za-z]{1,3}\$?[1-9][0-9]*)?$/.test(change.range.trim()) || parseRange(change.range) === null) {
    return `"${change.range}" is not a range of cells`;
  }
  if (change.rules.length === 0) return "there are no rules to write";
  for (const rule of change.rules) {
    const formula = rule.formula.trim();
    if (formula === "" || formula === "=") return "a rule has no formula";
    if (formula.startsWith("=")) return `the formula ${formula} must be given without its "="`;
    if (!isHexColour(rule.fill)) return `the fill colour "${rule.fill}" is not a colour of the form #RRGGBB`;
    if (rule.font !== undefined && !isHexColour(rule.font)) return `the font colour "${rule.font}" is not a colour of the form #RRGGBB`;
  }
  return null;
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
    }
  | {
      /**
       * Conditional formatting on a range of one sheet. The new rules go above any rules
       * already there (as Excel adds a rule), in the order given.
       */
      readonly kind: "conditionalFormat";
      readonly sheet: string;
      /** A1 range on `sheet`, e.g. "L7:L1048576". */
      readonly range: string;
      /** In priority order: the first rule that holds wins (Excel's "Stop If True"). */
      readonly rules: readonly ConditionalRule[];
      /** What the colours mean in the plan's words, e.g. "Colour the BRAG status on Progress". */
      readonly label?: string;
    }
  | {
      /**
       * A rectangle of values written from its top-left cell, row by row (a sheet the add-in
       * owns, e.g. the Summary). Text is stored as text whatever it starts with; null leaves
       * the cell empty. Hosts may write it in several requests (chunks of rows).
       */
      readonly kind: "setBlock";
      readonly sheet: string;
      /** Zero-based sheet row and column of the top-left cell. */
      readonly row: number;
      readonly column: number;
      readonly rows: readonly (readonly CellInput[])[];
      readonly label?: string;
    }
  | {
      /** Deletes a sheet and everything on it. Only ever sent for a sheet the add-in owns. */
      readonly kind: "deleteSheet";
      readonly sheet: string;
    }
  | {
      /** Gives a sheet a new name (nothing on it changes). */
      readonly kind: "renameSheet";
      readonly sheet: string;
      readonly to: string;
    }
  | {
      /** Formats ranges of one sheet and sets its column widths; no value changes. */
      readonly kind: "formatCells";
      readonly sheet: string;
      readonly formats: readonly CellFormat[];
      /** Widths in Excel character units from column A on; null leaves a column as it is. */
      readonly columnWidths: readonly (number | null)[];
      /**
       * Heights in points of rows whose wrapped text needs more than one line (zero-based
       * rows): neither Excel nor LibreOffice makes a row taller for wrapped text when it
       * opens a file, so text would print over the row below.
       */
      readonly rowHeights?: readonly { readonly row: number; readonly points: number }[];
      readonly label?: string;
    }
  | {
      /**
       * How a sheet prints: A4 landscape, one page wide (as many pages tall as it takes), the
       * rows `printTitleRows` ("1:6") repeated on every page, the marking (if any) in bold at
       * the centre of the page header and footer, `title` at the header's right and
       * "Page N of M" at the footer's right.
       */
      readonly kind: "pageSetup";
      readonly sheet: string;
      readonly printTitleRows: string | null;
      /** The plan's protective marking, "" for none. */
      readonly marking: string;
      readonly title: string;
    }
  | {
      /** A native chart over a range of the sheet, placed over the cells of `anchor`. Excel only. */
      readonly kind: "addChart";
      readonly sheet: string;
      readonly chart: ChartKind;
      readonly title: string;
      /** A1 range of the data: the header row then the rows; first column the categories, each other column a series. */
      readonly source: string;
      /** A1 range the chart covers, e.g. "K2:R20". */
      readonly anchor: string;
    };

/** The native charts the summary draws: a pie, bars (horizontal) and columns (vertical), clustered. */
export type ChartKind = "pie" | "barClustered" | "columnClustered";

/** How a range of cells is shown: any field left out is left as it is. */
export interface CellFormat {
  /** A1 range, e.g. "C9:I14". */
  readonly range: string;
  readonly numberFormat?: string;
  readonly bold?: boolean;
  /** Font size in points. */
  readonly fontSize?: number;
  readonly wrap?: boolean;
  readonly horizontal?: "left" | "right";
  readonly vertical?: "top";
}

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
    case "conditionalFormat":
      if (change.label !== undefined) return change.label;
      return `Colour cells by ${change.rules.length === 1 ? "1 rule" : `${change.rules.length} rules`} on "${change.sheet}"!${change.range}`;
    case "setBlock":
      return change.label ?? `Write ${change.rows.length} row${change.rows.length === 1 ? "" : "s"} on "${change.sheet}" from ${a1(change.row, change.column)}`;
    case "deleteSheet":
      return `Delete sheet "${change.sheet}"`;
    case "renameSheet":
      return `Rename sheet "${change.sheet}" to "${change.to}"`;
    case "formatCells":
      return change.label ?? `Format ${change.formats.length === 1 ? "1 range" : `${change.formats.length} ranges`} on "${change.sheet}"`;
    case "pageSetup":
      return `Set "${change.sheet}" to print on A4 landscape, one page wide`;
    case "addChart":
      return `Add the chart "${change.title}" on "${change.sheet}"`;
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

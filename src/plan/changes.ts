/**
 * Changes: what an action wants written, computed by the core and applied by a host
 * in one batch. A preview shows the same list without applying it.
 */
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

export type Change =
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

/**
 * The plan as the core understands it once decoded: grants, their lines and the
 * measures of each line. Every record remembers the sheet row it came from so that
 * findings and edits can name real cells.
 */
import type { CellValue } from "./cell";
import type { Money } from "./money";
import type { Returns } from "./returns/model";
import type { AnyTableSpec, ColumnKeys, MeasureKind, TableKey } from "./schema";

export interface Grant {
  readonly id: string;
  readonly name: string;
  readonly funder: string;
  /** The financial year as written, e.g. "2020/21". */
  readonly year: string;
  /** Null when the award cell is blank or not an amount (a finding says which). */
  readonly award: Money | null;
  /** Priority areas the funder allows; empty means any. */
  readonly eligibleAreas: readonly string[];
  readonly notes: string;
  /** The workbook's own Allocated formula value, for comparison with the exact total. */
  readonly allocatedInWorkbook: CellValue;
  /** The plan's own formula cells of this row (Allocated, Unallocated) as the workbook holds them. */
  readonly formulaCells: OwnFormulaCells;
  /** Zero-based sheet row. */
  readonly row: number;
}

export interface Line {
  readonly id: string;
  readonly grantId: string;
  readonly theme: string;
  readonly activity: string;
  readonly lead: string;
  /** Null when the cell is blank (counts as £0.00) or cannot be read (see `allocationKnown`). */
  readonly allocation: Money | null;
  /**
   * False when the Allocation cell holds something that is not a whole-penny amount (an
   * error, words, a formula with no stored result, fractions of a penny): the totals of
   * the line's grant are then unknown. True for a blank cell or a readable amount.
   */
  readonly allocationKnown: boolean;
  /**
   * The allocation as a whole number of pennies when it was read from a number cell (the
   * usual case), so that totals can add safe integers exactly; null otherwise. Always the
   * same figure as `allocation`: set together with it, by decoding only.
   */
  readonly allocationPennies: number | null;
  /**
   * False when the Grant ID cell shows an error or a formula with no stored result: the
   * line may belong to any grant, so no grant's total is known (absent means known).
   */
  readonly grantIdKnown?: boolean;
  readonly isReserve: boolean;
  readonly priorityAreas: readonly string[];
  readonly outcomes: string;
  readonly notes: string;
  /** The plan's own formula cells of this row (Measures) as the workbook holds them. */
  readonly formulaCells: OwnFormulaCells;
  readonly row: number;
}

export interface Measure {
  readonly id: string;
  readonly lineId: string;
  readonly description: string;
  /** Null when the Kind cell is blank or not one of the kinds (a finding says which). */
  readonly kind: MeasureKind | null;
  readonly target: Money | null;
  /** False when the Target cell is blank (as opposed to holding something that is not a number). */
  readonly targetGiven: boolean;
  readonly unit: string;
  readonly baseline: Money | null;
  readonly baselineGiven: boolean;
  readonly notes: string;
  readonly row: number;
}

export interface PriorityArea {
  readonly grantId: string;
  readonly area: string;
  readonly row: number;
}

/** One of the plan's own formula cells (Allocated, Unallocated, Measures) as it was read. */
export interface OwnFormulaCell {
  /** What the cell shows (its stored result), or a CellUncalculated. */
  readonly value: CellValue;
  /** The formula without "=", null for a constant; undefined when the host could not read formulas. */
  readonly formula: string | null | undefined;
}

/** Own formula cells by column key, for the columns the table has. */
export type OwnFormulaCells = Readonly<Record<string, OwnFormulaCell>>;

/** Where a table was found and which sheet column holds each of its columns (K: the table's column keys). */
export interface TableLayout<K extends string = string> {
  readonly spec: AnyTableSpec;
  readonly sheet: string;
  readonly headerRow: number;
  readonly firstColumn: number;
  /** Number of columns in the table as it is in the workbook (the user may have added some). */
  readonly width: number;
  /** Zero-based sheet column of each column key that was found. */
  readonly columns: Readonly<Partial<Record<K, number>>>;
  /** Zero-based sheet row just below the last row that holds anything a person typed. */
  readonly nextRow: number;
  /** Zero-based sheet row just below the table (trailing blank rows included). */
  readonly endRow: number;
  /** True when the row just below the table holds nothing, so the table can grow into it. */
  readonly belowIsEmpty: boolean;
}

/** Each table's layout, its columns keyed by that table's own column keys; null for a missing table. */
export type PlanLayouts = { readonly [T in TableKey]: TableLayout<ColumnKeys[T]> | null };

export interface Plan {
  readonly schemaVersion: number;
  readonly grants: readonly Grant[];
  readonly areas: readonly PriorityArea[];
  readonly lines: readonly Line[];
  readonly measures: readonly Measure[];
  /** Null for a table that is missing from the workbook. */
  readonly layouts: PlanLayouts;
  /** How the workbook recalculates, when the host could tell (see RawWorkbook). */
  readonly calculationMode?: "automatic" | "automaticExceptTables" | "manual";
  /** Quarterly returns, profiles and the status key (schema version 2); null for a version-1 plan. */
  readonly returns: Returns | null;
}

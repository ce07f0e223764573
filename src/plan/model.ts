/**
 * The plan as the core understands it once decoded: grants, their lines and the
 * measures of each line. Every record remembers the sheet row it came from so that
 * findings and edits can name real cells.
 */
import type { CellValue } from "./cell";
import type { Money } from "./money";
import type { MeasureKind, TableKey, TableSpec } from "./schema";

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
  /** Zero-based sheet row. */
  readonly row: number;
}

export interface Line {
  readonly id: string;
  readonly grantId: string;
  readonly theme: string;
  readonly activity: string;
  readonly lead: string;
  readonly allocation: Money | null;
  readonly isReserve: boolean;
  readonly priorityAreas: readonly string[];
  readonly outcomes: string;
  readonly notes: string;
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

/** Where a table was found and which sheet column holds each of its columns. */
export interface TableLayout {
  readonly spec: TableSpec;
  readonly sheet: string;
  readonly headerRow: number;
  readonly firstColumn: number;
  /** Number of columns in the table as it is in the workbook (the user may have added some). */
  readonly width: number;
  /** Zero-based sheet column of each column key that was found. */
  readonly columns: Readonly<Record<string, number>>;
  /** Zero-based sheet row just below the last row that holds anything a person typed. */
  readonly nextRow: number;
  /** Zero-based sheet row just below the table (trailing blank rows included). */
  readonly endRow: number;
  /** True when the row just below the table holds nothing, so the table can grow into it. */
  readonly belowIsEmpty: boolean;
}

export interface Plan {
  readonly schemaVersion: number;
  readonly grants: readonly Grant[];
  readonly areas: readonly PriorityArea[];
  readonly lines: readonly Line[];
  readonly measures: readonly Measure[];
  /** Null for a table that is missing from the workbook. */
  readonly layouts: Readonly<Record<TableKey, TableLayout | null>>;
}

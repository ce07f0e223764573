/**
 * Quarterly returns and progress as the core sees them (schema version 2; the decisions
 * are in docs/returns.md). Decoding (./decode.ts) turns the version-2 tables into
 * `Returns`; progress (./progress.ts) works out the figures; checks (./checks.ts) report.
 */
import type { Money } from "../money";
import type { TableLayout } from "../model";
import type { FinancialYear, Quarter, QuarterNumber } from "../periods";
import type { ReturnTableKey, Situation, TargetProfileKind } from "../schema";

/** Four figures, Q1 to Q4. */
export type Quarterly<T> = readonly [T, T, T, T];

export interface StatusKeyEntry {
  /** The word a return writes: "Blue". */
  readonly status: string;
  /** What it means: "Complete". */
  readonly meaning: string;
  /** "#2E75B6", or "" when none is given. */
  readonly colour: string;
  /** The situation for which the Progress view suggests this status; null when none. */
  readonly suggestedWhen: Situation | null;
  readonly row: number;
}

/** A line's typed spend profile (a row of tblSpendProfile). */
export interface SpendProfile {
  readonly lineId: string;
  /** Each quarter's amount; null for a blank cell. A row of four blanks means "even". */
  readonly quarters: Quarterly<Money | null>;
  /** False when a cell could not be read as whole pennies (it has its own finding). */
  readonly known: boolean;
  readonly row: number;
}

/** A measure's target profile (a row of tblTargetProfile). */
export interface TargetProfile {
  readonly measureId: string;
  /** Null when the Profile cell holds a word that is not a profile (it has its own finding). */
  readonly profile: TargetProfileKind | null;
  /** The typed quarters (used when `profile` is "typed"); null for a blank cell. */
  readonly quarters: Quarterly<Money | null>;
  readonly known: boolean;
  readonly row: number;
}

export interface LineReturn {
  readonly lineId: string;
  /** Null when the Financial year cell is not a financial year (it has its own finding). */
  readonly year: FinancialYear | null;
  /** Null when the Quarter cell is not Q1–Q4 (it has its own finding). */
  readonly quarter: QuarterNumber | null;
  /** Null for a blank cell (no spend: £0.00) or one that cannot be read (see `spendKnown`). */
  readonly spend: Money | null;
  readonly spendKnown: boolean;
  /**
   * The spend as a whole number of pennies when it was read from a number cell (the usual
   * case), so that sums can add safe integers exactly; null or absent otherwise. Always the
   * same figure as `spend`.
   */
  readonly spendPennies?: number | null;
  /** The status as written; "" when blank. */
  readonly status: string;
  readonly commentary: string;
  readonly risks: string;
  readonly enteredBy: string;
  /** An Excel date-time serial number; null when blank or not a date. */
  readonly enteredOn: number | null;
  readonly row: number;
}

export interface MeasureReturn {
  readonly measureId: string;
  readonly year: FinancialYear | null;
  readonly quarter: QuarterNumber | null;
  /** The number reported; null when blank (milestones, narratives) or unreadable (see `valueKnown`). */
  readonly value: Money | null;
  readonly valueKnown: boolean;
  /**
   * The value as a plain whole number when it was read from a number cell holding one below
   * 2^31 (the usual count), so that sums can add integers exactly; null or absent otherwise.
   * Always the same figure as `value`.
   */
  readonly valueWhole?: number | null;
  readonly status: string;
  readonly comment: string;
  readonly enteredBy: string;
  readonly enteredOn: number | null;
  readonly row: number;
}

export interface ReturnChange {
  readonly table: string;
  readonly key: string;
  readonly column: string;
  readonly oldValue: string;
  readonly newValue: string;
  readonly changedBy: string;
  readonly changedOn: number | null;
  readonly row: number;
}

/** The version-2 part of a plan. */
export interface Returns {
  readonly statusKey: readonly StatusKeyEntry[];
  readonly spendProfiles: readonly SpendProfile[];
  readonly targetProfiles: readonly TargetProfile[];
  readonly lineReturns: readonly LineReturn[];
  readonly measureReturns: readonly MeasureReturn[];
  readonly changes: readonly ReturnChange[];
  /** Each table's layout; null for a table that is missing. */
  readonly layouts: { readonly [T in ReturnTableKey]: TableLayout | null };
  /** The plan's "Returns as at" setting; null when it is not set or not a quarter. */
  readonly asAt: Quarter | null;
  /** The plan's "Underspend warning (%)" setting, or its default. */
  readonly underspendPercent: Money;
}

/** A line's figures as at a quarter (money as exact figures; null where a figure is not known). */
export interface LineProgress {
  readonly id: string;
  readonly grantId: string;
  readonly lead: string;
  readonly theme: string;
  readonly allocation: Money | null;
  /** The profile of each quarter of the grant's year. */
  readonly profile: Quarterly<Money> | null;
  readonly profileToDate: Money | null;
  /** Each quarter's spend as returned; null where there is no return (or it cannot be read). */
  readonly spend: Quarterly<Money | null>;
  readonly spendToDate: Money | null;
  readonly remaining: Money | null;
  /** The latest return's status (up to the as-at quarter); "" when there is none. */
  readonly status: string;
  /** Quarters that have ended (up to the as-at quarter) with no return, e.g. "2020/21-Q1". */
  readonly returnsMissing: readonly string[];
  readonly isReserve: boolean;
}

export interface GrantProgress {
  readonly id: string;
  readonly award: Money | null;
  readonly allocated: Money | null;
  /** Exactly the sum of its lines' spend to date; null when any is not known. */
  readonly spendToDate: Money | null;
  readonly remaining: Money | null;
  readonly lines: readonly LineProgress[];
}

export interface MeasureProgress {
  readonly id: string;
  readonly lineId: string;
  readonly kind: string;
  readonly target: Money | null;
  readonly targetToDate: Money | null;
  readonly actualToDate: Money | null;
  /** Actual to date as a percentage of target to date; null when that is 0 or not known. */
  readonly percentOfTarget: Money | null;
  /** The latest return's status, or else the suggested one; "" when neither. */
  readonly status: string;
  /** The status the figures suggest (from the status key); "" when none. */
  readonly suggested: string;
  readonly returnsMissing: readonly string[];
}

export interface Progress {
  readonly asAt: Quarter;
  readonly grants: readonly GrantProgress[];
  readonly measures: readonly MeasureProgress[];
}

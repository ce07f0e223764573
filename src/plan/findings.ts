/**
 * Findings: every problem the core sees in a workbook, as data. A finding names the
 * sheet and cell a person should look at and says what is wrong in finance terms.
 */

export type Severity = "error" | "warning" | "info";

/** Findings about quarterly returns found while reading them (schema version 2, docs/returns.md). */
export const RETURN_READ_CODES = [
  "PLAN_OLDER_VERSION",
  "RETURN_UNKNOWN",
  "RETURN_VALUE_INVALID",
  "RETURN_QUARTER_INVALID",
  "RETURN_DUPLICATE",
  "STATUS_UNKNOWN",
] as const;

/** Findings about quarterly returns found from the progress figures. */
export const RETURN_PROGRESS_CODES = [
  "SPEND_OVER_ALLOCATION",
  "SPEND_PROFILE_MISMATCH",
  "TARGET_PROFILE_MISMATCH",
  "VARIANCE_NO_COMMENTARY",
  "UNDERSPEND_RISK",
  "RETURN_MISSING",
] as const;

export const FINDING_CODES = [
  "TABLE_MISSING",
  "COLUMN_MISSING",
  "MERGED_CELLS",
  "BLANK_ROW",
  "ID_MISSING",
  "ID_DUPLICATE",
  "VALUE_MISSING",
  "GRANT_UNKNOWN",
  "LINE_UNKNOWN",
  "AMOUNT_BLANK",
  "AMOUNT_NEGATIVE",
  "AMOUNT_NOT_A_NUMBER",
  "AMOUNT_AS_TEXT",
  "AMOUNT_SUB_PENNY",
  "CELL_ERROR_VALUE",
  "OVER_ALLOCATED",
  "UNALLOCATED",
  "PRIORITY_AREA_MISSING",
  "PRIORITY_AREA_NOT_ELIGIBLE",
  "LINE_WITHOUT_MEASURES",
  "MEASURE_KIND_UNKNOWN",
  "MEASURE_TARGET_MISSING",
  "MEASURE_NUMBER_INVALID",
  "RESERVE_FLAG_INVALID",
  "FINANCIAL_YEAR_INVALID",
  "FORMULA_TOTAL_MISMATCH",
  "SHEET_IN_THE_WAY",
  "ROW_BELOW_NOT_EMPTY",
  "CHANGED_SINCE_READ",
  "FORMULA_NOT_CALCULATED",
  "FORMULA_OVERWRITTEN",
  "ROWS_BELOW_TABLE",
  "ID_LOOKALIKE",
  "ID_WILDCARD",
  "CALCULATION_MANUAL",
  "PROGRESS_ROWS_MISSING",
  ...RETURN_READ_CODES,
  ...RETURN_PROGRESS_CODES,
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly sheet: string;
  /** A1 address on `sheet`, e.g. "F5"; "A1" when the finding is about a whole sheet. */
  readonly cell: string;
  readonly message: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Errors first, then by sheet (in the locale's order) and row; stable for equal keys.
 * Each finding's keys are worked out once: the sheets (a plan has a handful) are put in
 * order once and compared by their place in it, and each cell's row is read once.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const count = findings.length;
  const names = new Map<string, number>();
  for (const f of findings) if (!names.has(f.sheet)) names.set(f.sheet, 0);
  const sorted = [...names.keys()].sort((a, b) => a.localeCompare(b));
  // Names the locale holds equal share a place.
  let place = 0;
  for (let k = 0; k < sorted.length; k++) {
    const name = sorted[k] ?? "";
    if (k > 0 && (sorted[k - 1] ?? "").localeCompare(name) !== 0) place++;
    names.set(name, place);
  }
  const severity = new Int32Array(count);
  const sheet = new Int32Array(count);
  const row = new Float64Array(count);
  const order = new Array<number>(count);
  findings.forEach((f, i) => {
    severity[i] = SEVERITY_ORDER[f.severity];
    sheet[i] = names.get(f.sheet) ?? 0;
    row[i] = rowOf(f.cell);
    order[i] = i;
  });
  order.sort((a, b) => (severity[a] ?? 0) - (severity[b] ?? 0) || (sheet[a] ?? 0) - (sheet[b] ?? 0) || (row[a] ?? 0) - (row[b] ?? 0) || a - b);
  const out: Finding[] = [];
  for (const i of order) {
    const f = findings[i];
    if (f !== undefined) out.push(f);
  }
  return out;
}

function rowOf(cell: string): number {
  const m = /(\d+)$/.exec(cell);
  return m ? Number(m[1]) : 0;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

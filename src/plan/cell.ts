/**
 * The raw value of one worksheet cell, as every host hands it to the core.
 * Excel error values (#REF!, #VALUE!, …) arrive as `{ error }`, never as text.
 */
export interface CellError {
  readonly error: string;
}

/**
 * A formula cell whose file holds no stored result (a program that does not calculate
 * wrote it, or its result was dropped). What it shows is unknown until the workbook is
 * recalculated: never blank, never £0.00. `formula` is the formula text without "=".
 */
export interface CellUncalculated {
  readonly uncalculated: string;
}

export type CellValue = string | number | boolean | null | CellError | CellUncalculated;

export function isCellError(value: CellValue): value is CellError {
  return typeof value === "object" && value !== null && "error" in value;
}

export function isUncalculated(value: CellValue): value is CellUncalculated {
  return typeof value === "object" && value !== null && "uncalculated" in value;
}

/** The Excel error literals a host may meet as cell text instead of a typed error. */
export const EXCEL_ERRORS: readonly string[] = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
];

/** Text of a cell as a person would read it; errors show their literal. */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  if (isCellError(value)) return value.error;
  if (isUncalculated(value)) return `=${value.uncalculated}`;
  return String(value);
}

/** Zero-based column index to letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Zero-based row and column to an A1 address: (0, 0) → "A1". */
export function a1(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/** Letters to zero-based column index: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel's last row (1,048,576) and column (XFD), zero-based. */
export const LAST_ROW = 1_048_575;
export const LAST_COLUMN = 16_383;

/** Parses "B7" into zero-based { row, column }; returns null for anything else. */
export function parseA1(address: string): { row: number; column: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)$/.exec(address.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const row = Number(m[2]) - 1;
  const column = columnIndex(m[1]);
  if (row > LAST_ROW || column > LAST_COLUMN) return null;
  return { row, column };
}

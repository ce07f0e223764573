/**
 * Addresses as Excel hands them over ("Lines!A1:K12", "'Priority areas'!A1:B7",
 * "'O''Brien'!$C$5") and the few conversions the Excel host needs.
 */
import { type CellRange, formatRange, parseRange, splitSheet } from "../plan/ranges";

export interface RangeBox extends CellRange {
  readonly sheet: string;
}

/** Parses a one-area address; returns null for anything that is not "Sheet!A1" or "Sheet!A1:B2". */
export function parseRangeAddress(address: string): RangeBox | null {
  const range = parseRange(address);
  return range === null ? null : { sheet: splitSheet(address).sheet, ...range };
}

/** Splits a multi-area address at the commas that are not inside a quoted sheet name. */
export function splitAreas(address: string): string[] {
  const areas: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      areas.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim() !== "") areas.push(current.trim());
  return areas;
}

/** "Lines!$C$5:$D$5" → "C5:D5" (the sheet-free form RawTable.merged uses). */
export function localAddress(address: string): string {
  return splitSheet(address).cells.replace(/\$/g, "");
}

/** A1 address of a box of cells given zero-based corners. */
export function boxAddress(top: number, left: number, bottom: number, right: number): string {
  return formatRange({ top, left, bottom, right });
}

/**
 * Column width in Excel character units (what a person sees in Column Width) to points,
 * which `RangeFormat.columnWidth` takes: with the default Calibri 11 a character is 7
 * pixels plus 5 pixels of padding, and a pixel is 0.75 points (8.43 characters = 48 points).
 */
export function charactersToPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

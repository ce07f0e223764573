/**
 * Addresses as Excel hands them over ("Lines!A1:K12", "'Priority areas'!A1:B7",
 * "'O''Brien'!$C$5") and the few conversions the Excel host needs.
 */
import { a1, parseA1 } from "../plan/cell";

export interface RangeBox {
  readonly sheet: string;
  /** Zero-based sheet rows and columns, inclusive. */
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Splits "Sheet!A1:B2" into the sheet name (unquoted) and the cell part. */
function splitSheet(address: string): { sheet: string; cells: string } {
  const trimmed = address.trim();
  if (trimmed.startsWith("'")) {
    let i = 1;
    let sheet = "";
    while (i < trimmed.length) {
      const ch = trimmed[i];
      if (ch === "'") {
        if (trimmed[i + 1] === "'") {
          sheet += "'";
          i += 2;
          continue;
        }
        break;
      }
      sheet += ch;
      i++;
    }
    const rest = trimmed.slice(i + 1);
    return { sheet, cells: rest.startsWith("!") ? rest.slice(1) : rest };
  }
  const bang = trimmed.lastIndexOf("!");
  return bang < 0 ? { sheet: "", cells: trimmed } : { sheet: trimmed.slice(0, bang), cells: trimmed.slice(bang + 1) };
}

/** Parses a one-area address; returns null for anything that is not "Sheet!A1" or "Sheet!A1:B2". */
export function parseRangeAddress(address: string): RangeBox | null {
  const { sheet, cells } = splitSheet(address);
  const [first, last = first] = cells.replace(/\$/g, "").split(":");
  if (first === undefined || last === undefined) return null;
  const start = parseA1(first);
  const end = parseA1(last);
  if (!start || !end) return null;
  return {
    sheet,
    top: Math.min(start.row, end.row),
    left: Math.min(start.column, end.column),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.column, end.column),
  };
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
  const start = a1(top, left);
  const end = a1(bottom, right);
  return start === end ? start : `${start}:${end}`;
}

/**
 * Column width in Excel character units (what a person sees in Column Width) to points,
 * which `RangeFormat.columnWidth` takes: with the default Calibri 11 a character is 7
 * pixels plus 5 pixels of padding, and a pixel is 0.75 points (8.43 characters = 48 points).
 */
export function charactersToPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

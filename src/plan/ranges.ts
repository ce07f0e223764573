/**
 * Rectangular cell ranges in zero-based sheet coordinates, and the address forms the
 * hosts meet: "A1:K12", "$C$5:$D$5", "B7", "Lines!A1:K12", "'Priority areas'!A1:B7",
 * "'O''Brien'!$C$5".
 */
import { a1, parseA1 } from "./cell";

export interface CellRange {
  /** Zero-based sheet rows and columns, inclusive. */
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Splits "Sheet!A1:B2" into the sheet name (unquoted, "" when absent) and the cell part. */
export function splitSheet(address: string): { sheet: string; cells: string } {
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

/** Parses one area, with or without a sheet and dollar signs; null for anything else. */
export function parseRange(address: string): CellRange | null {
  const parts = splitSheet(address).cells.replace(/\$/g, "").split(":");
  if (parts.length > 2) return null;
  const start = parseA1(parts[0] ?? "");
  const end = parts.length === 2 ? parseA1(parts[1] ?? "") : start;
  if (!start || !end) return null;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.column, end.column),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.column, end.column),
  };
}

/** "C5:D5", or "C5" for a single cell. */
export function formatRange(range: CellRange): string {
  const start = a1(range.top, range.left);
  const end = a1(range.bottom, range.right);
  return start === end ? start : `${start}:${end}`;
}

export function overlaps(a: CellRange, b: CellRange): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** A one-area address with its sheet: what Excel hands over for a table's or a used range. */
export interface RangeBox extends CellRange {
  /** Unquoted sheet name, "" when the address has none. */
  readonly sheet: string;
}

/** Parses "Sheet!A1" or "'Priority areas'!A1:B2" (dollar signs allowed); null for anything else. */
export function parseRangeAddress(address: string): RangeBox | null {
  const range = parseRange(address);
  return range === null ? null : { sheet: splitSheet(address).sheet, ...range };
}

/** Splits a multi-area address ("Lines!C5:D5, Lines!C7:D7") at the commas outside quoted sheet names. */
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

/** "Lines!$C$5:$D$5" → "C5:D5": the sheet-free form `RawTable.merged` uses. */
export function localAddress(address: string): string {
  return splitSheet(address).cells.replace(/\$/g, "");
}

/** A1 address of a box of cells given its zero-based corners. */
export function boxAddress(top: number, left: number, bottom: number, right: number): string {
  return formatRange({ top, left, bottom, right });
}

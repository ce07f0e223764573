/**
 * A1 ranges as .xlsx files write them ("A1:K12", "$C$5:$D$5", "B7"), in zero-based
 * sheet coordinates.
 */
import { a1, parseA1 } from "../plan/cell";

export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Parses "A1:K12" or a single cell "B7"; null for anything else. */
export function parseRange(text: string): CellRange | null {
  const parts = text.slice(text.lastIndexOf("!") + 1).split(":");
  if (parts.length < 1 || parts.length > 2) return null;
  const first = parseA1(parts[0] ?? "");
  const second = parts.length === 2 ? parseA1(parts[1] ?? "") : first;
  if (!first || !second) return null;
  return {
    top: Math.min(first.row, second.row),
    left: Math.min(first.column, second.column),
    bottom: Math.max(first.row, second.row),
    right: Math.max(first.column, second.column),
  };
}

export function formatRange(range: CellRange): string {
  return `${a1(range.top, range.left)}:${a1(range.bottom, range.right)}`;
}

export function overlaps(a: CellRange, b: CellRange): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

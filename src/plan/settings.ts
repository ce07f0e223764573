/**
 * The add-in's settings sheet (META_SHEET), read the same way by every host: a key in
 * column A and its value in column B, one pair a row, from row 2 (row 1 holds the
 * "Key" / "Value" headings) to row SETTINGS_LAST_ROW + 1. Keys are trimmed; a blank key
 * or a key that is not text is no setting; when a key appears twice, its first row counts.
 * Nothing below that block is read, so a stray cell far down the sheet costs nothing.
 */
import type { CellValue } from "./cell";

/** Zero-based sheet row of the first setting (row 2). */
export const SETTINGS_FIRST_ROW = 1;
/** Zero-based sheet row of the last row that can hold a setting (row 100). */
export const SETTINGS_LAST_ROW = 99;
/** The block a host reads off the settings sheet: keys in A, values in B. */
export const SETTINGS_RANGE = `A${SETTINGS_FIRST_ROW + 1}:B${SETTINGS_LAST_ROW + 1}`;

/**
 * The settings held in a block of cells read off the settings sheet. `cells` are rows of
 * the sheet starting at zero-based row `top` and column `left` (A2:B100 itself by default,
 * or whatever the host read, such as Excel's used range); cells outside A2:B100 are ignored.
 */
export function parseSettings(cells: readonly (readonly CellValue[])[], top = SETTINGS_FIRST_ROW, left = 0): Record<string, CellValue> {
  const settings: Record<string, CellValue> = {};
  const first = Math.max(SETTINGS_FIRST_ROW, top);
  const last = Math.min(SETTINGS_LAST_ROW, top + cells.length - 1);
  for (let row = first; row <= last; row++) {
    const cellsOfRow = cells[row - top] ?? [];
    const key = left <= 0 ? (cellsOfRow[-left] ?? null) : null;
    if (typeof key !== "string") continue;
    const name = key.trim();
    if (name === "" || Object.prototype.hasOwnProperty.call(settings, name)) continue;
    // Defined, not assigned: a key such as "__proto__" is a key like any other.
    Object.defineProperty(settings, name, { value: cellsOfRow[1 - left] ?? null, enumerable: true, writable: true, configurable: true });
  }
  return settings;
}

/**
 * The same, for a host that reads cell by cell: `cell(row, column)` gives a cell of the
 * settings sheet (zero-based); only A2:B100 is asked for.
 */
export function settingsFromCells(cell: (row: number, column: number) => CellValue): Record<string, CellValue> {
  const rows: CellValue[][] = [];
  for (let row = SETTINGS_FIRST_ROW; row <= SETTINGS_LAST_ROW; row++) rows.push([cell(row, 0), cell(row, 1)]);
  return parseSettings(rows);
}

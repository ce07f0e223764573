/**
 * From the cells kept in the sheet pass to the core's RawTable: the table's range clamped
 * to the rows the sheet really holds (a ref of A1:XFD1048576 reads as far as the data goes,
 * not 17 billion cells), shared strings put in place, and the rows under the table that a
 * person typed into.
 */
import { type CellValue, LAST_ROW } from "../../plan/cell";
import type { RawTable, TypedRow } from "../../plan/raw";
import { formatRange, overlaps, type CellRange } from "../../plan/ranges";
import { XlsxReadError } from "../errors";
import { count, type ReadLimits } from "./limits";
import type { Region } from "./sheet";
import type { RowStore, SharedCells } from "./store";

/** Puts the shared strings in their cells; a cell pointing past the strings the file holds is damage. */
export function placeSharedStrings(rows: RowStore<CellValue[]>, cells: SharedCells, strings: readonly (string | undefined)[]): void {
  cells.forEach((row, column, index) => {
    const text = strings[index];
    if (text === undefined) throw new XlsxReadError(`the file is damaged: a cell refers to shared text number ${index}, which the file does not hold`);
    const kept = rows.get(row);
    if (kept !== undefined) kept[column] = text;
  });
}

function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === "string" && value.trim() === "");
}

/** Dense cells the built tables hold, across all of them: bounded like the kept cells. */
export interface DenseBudget {
  cells: number;
}

export function buildTable(
  region: Region,
  lastRow: number,
  merges: readonly CellRange[],
  dense: DenseBudget,
  limits: ReadLimits,
): RawTable {
  const { table, left, firstBody } = region;
  const { range, hasHeaderRow, totalsRow, columnNames } = table;
  const declaredWidth = range.right - range.left + 1;
  // Columns past the last cell present are left out, but never the table's own named columns.
  const width = Math.max(1, Math.min(declaredWidth, Math.max(columnNames.length, region.lastColumn + 1)));
  // Rows past the last row the sheet holds are left out; a table keeps at least one body row.
  const lastBody = region.lastBody < firstBody ? firstBody - 1 : Math.min(region.lastBody, Math.max(lastRow, firstBody));
  const height = lastBody - firstBody + 1;
  dense.cells += (height + 2) * width;
  if (dense.cells > limits.maxCells) {
    throw new XlsxReadError(
      `the file's "${region.sheet}" sheet has more than ${count(limits.maxCells)} cells in table ${table.name}; Grant Planner reads plans of up to ${count(limits.maxCells)} cells`,
    );
  }

  /** A kept row becomes the table's row as it is (cut or padded to the width); a missing one is blank. */
  const rowAt = (row: number): CellValue[] => {
    const cells = region.rows.get(row);
    if (cells === undefined) return new Array<CellValue>(width).fill(null);
    if (cells.length > width) cells.length = width;
    for (let c = 0; c < width; c++) if (cells[c] === undefined) cells[c] = null;
    return cells;
  };
  const noFormulas: readonly (string | null)[] = Object.freeze(new Array<string | null>(width).fill(null));

  const headers: CellValue[] = hasHeaderRow ? rowAt(range.top) : new Array<CellValue>(width).fill(null);
  for (let c = 0; c < width; c++) {
    // Excel keeps header cells and column names in step; a blank header cell falls back to the name.
    if (headers[c] === null) headers[c] = columnNames[c] ?? null;
  }
  const rows: CellValue[][] = [];
  const formulas: (readonly (string | null)[])[] = [];
  /**
   * A row whose formulas are the ones of the row above (a plan's formula columns repeat
   * one formula down the table) shares that row's list: the formula texts are interned
   * by the sheet pass, so the same text is the same string, and 50,000 lines need one list.
   */
  let previous: readonly (string | null)[] = noFormulas;
  for (let row = firstBody; row <= lastBody; row++) {
    rows.push(rowAt(row));
    const kept = region.formulas.get(row);
    if (kept === undefined) {
      formulas.push(noFormulas);
    } else {
      let same = previous !== noFormulas;
      for (let c = 0; same && c < width; c++) same = (kept[c] ?? null) === previous[c];
      if (!same) {
        const out = new Array<string | null>(width);
        for (let c = 0; c < width; c++) out[c] = kept[c] ?? null;
        previous = Object.freeze(out);
      }
      formulas.push(previous);
      region.formulas.delete(row);
    }
    region.rows.delete(row);
  }
  const belowRow = range.bottom + 1;
  const below = belowRow <= LAST_ROW ? rowAt(belowRow) : new Array<CellValue>(width).fill(null);
  const typedBelow: TypedRow[] = [];
  for (const [row] of region.rows.entries()) {
    if (row <= range.bottom) continue;
    const cells = rowAt(row);
    // A row holding a formula was typed, even when the formula shows nothing.
    const kept = region.formulas.get(row);
    const texts = kept === undefined ? null : Array.from({ length: width }, (_, c) => kept[c] ?? null);
    if (texts !== null && texts.some((f) => f !== null)) typedBelow.push({ row, cells, formulas: texts });
    else if (!cells.every(isBlank)) typedBelow.push({ row, cells });
  }
  const headerAndBody: CellRange = { top: range.top, left, bottom: region.lastBody, right: range.right };
  return {
    name: table.name,
    sheet: region.sheet,
    headerRow: hasHeaderRow ? range.top : range.top - 1,
    firstColumn: left,
    headers,
    rows,
    merged: merges.filter((m) => overlaps(m, headerAndBody)).map(formatRange),
    below,
    formulas,
    typedBelow,
    totalsRow,
    hasHeaderRow,
  };
}

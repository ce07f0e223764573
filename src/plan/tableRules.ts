/**
 * Rules about the plan's tables that every host follows in the same way: the style of a
 * table the add-in creates, the blank body row a table gets when it has no rows (Excel
 * never lets a table have no body row), and which rows under a table count as typed.
 */
import { type CellValue, LAST_ROW } from "./cell";
import type { CellInput } from "./changes";
import { ROWS_SCANNED_BELOW, type TypedRow } from "./raw";
import type { TableSpec } from "./schema";
import { rowFor } from "./template";

/** Excel's built-in style for the tables the add-in creates (banded rows, blue header). */
export const TABLE_STYLE = "TableStyleMedium2";
/** Whether those tables show banded rows. */
export const TABLE_ROW_STRIPES = true;

/**
 * The one body row of a plan table with no rows: every column blank except the formula
 * columns, which get their formula and the result it shows in a plan with nothing in
 * it (0: nothing allocated, nothing unallocated, no measures). With the result given, a
 * file host stores it, so a fresh plan never holds a formula without a result.
 */
export function blankBodyRow(spec: TableSpec): CellInput[] {
  const zeros: Record<string, number> = {};
  for (const column of spec.columns) if (column.type === "formula") zeros[column.key] = 0;
  return rowFor(spec, {}, zeros);
}

/**
 * The body rows a new table is written with: the rows asked for, or, when there are none,
 * one row of blank cells (a table cannot be created without a body row).
 */
export function bodyRowsOf(rows: readonly (readonly CellInput[])[], width: number): readonly (readonly CellInput[])[] {
  return rows.length > 0 ? rows : [Array.from({ length: width }, (): CellInput => null)];
}

/** True for a cell that holds nothing: blank, or empty text. */
export function isEmptyCell(value: CellValue): boolean {
  return value === null || value === "";
}

/**
 * The rows a person typed under a table, outside it (RawTable.typedBelow): of the block of
 * rows read just under the table (at most ROWS_SCANNED_BELOW of them, across the table's
 * width, the first at zero-based sheet row `firstRow`), those holding at least one cell
 * that is not empty or that holds a formula (a formula showing "" is still something a
 * person typed). With the block's formula texts (`formulas`, same shape, null for a
 * constant), each typed row that holds a formula carries them.
 */
export function typedRowsBelow(
  block: readonly (readonly CellValue[])[],
  firstRow: number,
  formulas?: readonly (readonly (string | null)[])[],
): TypedRow[] {
  const typed: TypedRow[] = [];
  const count = Math.min(block.length, ROWS_SCANNED_BELOW, LAST_ROW - firstRow + 1);
  for (let i = 0; i < count; i++) {
    const cells = block[i] ?? [];
    const texts = formulas?.[i];
    const withFormula = texts !== undefined && texts.some((f) => f !== null);
    if (withFormula) typed.push({ row: firstRow + i, cells, formulas: cells.map((_, c) => texts[c] ?? null) });
    else if (cells.some((value) => !isEmptyCell(value))) typed.push({ row: firstRow + i, cells });
  }
  return typed;
}

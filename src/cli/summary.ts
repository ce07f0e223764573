/**
 * What `grant-planner summary` writes (docs/summary.md): a new workbook with one "Summary"
 * sheet of values, its cells laid out here. The command itself is in ./main.ts, beside
 * `check` and `progress`, whose reading, options and exit codes it shares.
 */
import { a1, type CellValue } from "../plan/cell";
import type { CellInput } from "../plan/changes";
import type { SummaryTable } from "../plan/boardpack/tables";
import { type XlsxReadOptions, XlsxWorkbook } from "../xlsx/xlsxWorkbook";

/** The sheet of the exported workbook. */
export const SUMMARY_SHEET = "Summary";
/** The plan setting whose value is carried as the first line of every export. */
export const MARKING_SETTING = "Protective marking";

/** The plan's protective marking (e.g. "OFFICIAL-SENSITIVE"); "" when none is set. */
export function markingOf(settings: Readonly<Record<string, CellValue>> | null): string {
  const value = settings?.[MARKING_SETTING];
  return typeof value === "string" ? value.trim() : "";
}

/**
 * The cells of the Summary sheet: the heading lines (one cell each), a blank row, then each
 * table as its title, its headers and its rows, a blank row between tables. Every cell is
 * a plain value: text is written as text whatever it starts with, never as a formula.
 */
export function summarySheetCells(heading: readonly string[], tables: readonly SummaryTable[]): { address: string; value: CellInput }[] {
  const rows: (readonly (string | number | null)[])[] = heading.map((h) => [h]);
  for (const t of tables) {
    rows.push([], [t.title], t.headers, ...t.rows);
  }
  const cells: { address: string; value: CellInput }[] = [];
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value !== null && value !== "") cells.push({ address: a1(r, c), value });
    });
  });
  return cells;
}

/** The bytes of a new workbook holding only the Summary sheet; rejects with the reason when it cannot be built. */
export async function summaryWorkbook(heading: readonly string[], tables: readonly SummaryTable[], options: XlsxReadOptions): Promise<Uint8Array> {
  const wb = XlsxWorkbook.empty(options);
  const outcome = await wb.apply([
    { kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false },
    { kind: "setCells", sheet: SUMMARY_SHEET, cells: summarySheetCells(heading, tables) },
  ]);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb.toBuffer();
}


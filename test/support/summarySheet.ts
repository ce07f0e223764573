/**
 * Reading the Summary sheet back in tests: its values as a host read them, and the rows of
 * one of its tables (found by its title in column A), as every host's tests compare them.
 */
import type { CellValue } from "../../src/plan/cell";
import type { RawWorkbook } from "../../src/plan/raw";
import { SUMMARY_SHEET } from "../../src/plan/schema";

/** The Summary sheet's values as read; throws when the host did not read it. */
export function summaryValues(raw: RawWorkbook): readonly (readonly CellValue[])[] {
  const values = raw.ownedSheets?.find((o) => o.sheet === SUMMARY_SHEET)?.values;
  if (values === undefined || values === null) throw new Error("the Summary sheet was not read");
  return values;
}

/** The rows under a table's header on the sheet, up to the first empty row. */
export function summaryTableRows(values: readonly (readonly CellValue[])[], title: string): (readonly CellValue[])[] {
  const at = values.findIndex((row) => row[0] === title);
  if (at < 0) throw new Error(`no table ${title}`);
  const rows: (readonly CellValue[])[] = [];
  for (let r = at + 2; r < values.length && (values[r] ?? []).some((v) => v !== null && v !== ""); r++) rows.push(values[r] ?? []);
  return rows;
}

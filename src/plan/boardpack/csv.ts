/**
 * The summary tables as one CSV text (docs/summary.md), written by papaparse: each table
 * is a title row, a header row and its rows, with a blank row between tables. Money is
 * written with two decimals, percentages with one, no currency sign or separators; a text
 * cell that begins with =, +, -, @, tab or carriage return is written with a leading
 * apostrophe so that no spreadsheet reads it as a formula.
 */
import Papa from "papaparse";
import type { SummaryCell, SummaryTable } from "./tables";

/**
 * What starts a formula in a spreadsheet. Papaparse's own pattern (with `true`) only
 * matches cells without a line break, so a multi-line cell such as "=HYPERLINK(…)\n…"
 * would pass; this one looks at the first character only. A cell that is nothing but a
 * plain negative figure ("-12.50", the way money is written) is a number, not a formula.
 */
export const FORMULA_START = /^(?![-]\d+(?:\.\d+)?$)[=+\-@\t\r]/;

function cellText(cell: SummaryCell, kind: string | undefined): string | number {
  if (cell === null) return "";
  if (typeof cell === "string") return cell;
  if (kind === "money") return cell.toFixed(2);
  if (kind === "percent") return cell.toFixed(1);
  return cell;
}

/** The byte order mark that makes Excel read a CSV as UTF-8. */
export const UTF8_BOM = "\uFEFF";

/** The CSV file's bytes: UTF-8 with a byte order mark, as every export writes it. */
export function summaryCsvBytes(tables: readonly SummaryTable[], heading: readonly string[] = []): Uint8Array {
  return new TextEncoder().encode(UTF8_BOM + summaryCsv(tables, heading));
}

/** The CSV of the tables, after `heading` lines (e.g. the protective marking), one cell each. */
export function summaryCsv(tables: readonly SummaryTable[], heading: readonly string[] = []): string {
  const rows: (string | number)[][] = heading.map((h) => [h]);
  tables.forEach((t, i) => {
    if (i > 0 || heading.length > 0) rows.push([]);
    rows.push([t.title], [...t.headers], ...t.rows.map((r) => r.map((c, j) => cellText(c, t.kinds[j]))));
  });
  return Papa.unparse(rows, { escapeFormulae: FORMULA_START, newline: "\r\n", skipEmptyLines: false });
}

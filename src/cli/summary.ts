/**
 * What `grant-planner summary` writes (docs/summary.md): a new workbook with one "Summary"
 * sheet of values, its cells laid out here. The command itself is in ./main.ts, beside
 * `check` and `progress`, whose reading, options and exit codes it shares.
 */
import type { Workbook } from "exceljs";
import { a1, type CellValue } from "../plan/cell";
import type { CellInput } from "../plan/changes";
import type { ColumnKind, SummaryCell, SummaryTable } from "../plan/boardpack/tables";
import { MONEY_FORMAT } from "../plan/schema";
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

/** The exported workbook's title, in its document properties. */
export const SUMMARY_TITLE = "Grant Planner summary";

/** How each kind of column is shown: pounds and pence, one decimal and a % sign, whole numbers. */
export const KIND_FORMATS: Readonly<Record<Exclude<ColumnKind, "text">, string>> = {
  money: MONEY_FORMAT,
  percent: '0.0"%"',
  count: "#,##0",
};

/** What a row of the Summary sheet is: a heading line, a blank, a table's title, its header row or one of its rows. */
type SheetRow =
  | { readonly role: "heading"; readonly cells: readonly string[] }
  | { readonly role: "blank"; readonly cells: readonly SummaryCell[] }
  | { readonly role: "title" | "header" | "body"; readonly cells: readonly SummaryCell[]; readonly table: SummaryTable };

function sheetRows(heading: readonly string[], tables: readonly SummaryTable[]): SheetRow[] {
  const rows: SheetRow[] = heading.map((h) => ({ role: "heading", cells: [h] }));
  for (const table of tables) {
    rows.push({ role: "blank", cells: [] }, { role: "title", cells: [table.title], table }, { role: "header", cells: table.headers, table });
    for (const cells of table.rows) rows.push({ role: "body", cells, table });
  }
  return rows;
}

/**
 * The cells of the Summary sheet: the heading lines (one cell each), a blank row, then each
 * table as its title, its headers and its rows, a blank row between tables. Every cell is
 * a plain value: text is written as text whatever it starts with, never as a formula.
 */
export function summarySheetCells(heading: readonly string[], tables: readonly SummaryTable[]): { address: string; value: CellInput }[] {
  const cells: { address: string; value: CellInput }[] = [];
  sheetRows(heading, tables).forEach((row, r) => {
    row.cells.forEach((value, c) => {
      if (value !== null && value !== "") cells.push({ address: a1(r, c), value });
    });
  });
  return cells;
}

/** About how many characters a cell takes when shown in its column's format. */
function shownLength(value: SummaryCell, kind: ColumnKind): number {
  if (value === null) return 0;
  if (typeof value === "string") return Math.max(...value.split("\n").map((line) => line.length));
  if (kind === "money") return value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).length + 1;
  if (kind === "percent") return value.toFixed(1).length + 1;
  return value.toLocaleString("en-GB").length;
}

/** The narrowest and widest a column is made, in characters; longer text wraps. */
const MIN_WIDTH = 8;
const MAX_WIDTH = 50;

/** Text for a page header or footer, where "&" begins a code: written "&&" to show itself. */
function headerText(text: string): string {
  return text.replace(/&/g, "&&");
}

/**
 * Makes the Summary sheet print and read well (docs/summary.md, "The exported workbook"):
 * number formats by column kind, bold titles and headers, column widths, A4 landscape one
 * page wide with the heading lines repeated on every page, the marking in the page header
 * and footer, and the document's title and marking in its properties.
 */
function presentSummary(book: Workbook, heading: readonly string[], tables: readonly SummaryTable[], marking: string): void {
  const sheet = book.getWorksheet(SUMMARY_SHEET);
  if (sheet === undefined) throw new Error(`the workbook has no ${SUMMARY_SHEET} sheet`);
  const widths: number[] = [];
  sheetRows(heading, tables).forEach((row, r) => {
    if (row.role === "heading" || row.role === "blank") return;
    const excelRow = sheet.getRow(r + 1);
    if (row.role === "title") {
      excelRow.getCell(1).font = { bold: true, size: 12 };
      return;
    }
    row.cells.forEach((value, c) => {
      const kind = row.table.kinds[c] ?? "text";
      const cell = excelRow.getCell(c + 1);
      if (row.role === "header") {
        cell.font = { bold: true };
        if (kind !== "text") cell.alignment = { horizontal: "right", wrapText: true };
        else cell.alignment = { wrapText: true };
      } else if (kind !== "text") {
        cell.numFmt = KIND_FORMATS[kind];
      } else if (typeof value === "string" && (shownLength(value, kind) > MAX_WIDTH || value.includes("\n"))) {
        cell.alignment = { wrapText: true, vertical: "top" };
      }
      const longest = row.role === "header" ? Math.max(...(typeof value === "string" ? value.split(" ") : []).map((w) => w.length), 0) : shownLength(value, kind);
      widths[c] = Math.max(widths[c] ?? 0, longest);
    });
  });
  for (let c = 0; c < widths.length; c++) {
    sheet.getColumn(c + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, (widths[c] ?? 0) + 2));
  }
  sheet.pageSetup.paperSize = 9;
  sheet.pageSetup.orientation = "landscape";
  sheet.pageSetup.fitToPage = true;
  sheet.pageSetup.fitToWidth = 1;
  sheet.pageSetup.fitToHeight = 0;
  if (heading.length > 0) sheet.pageSetup.printTitlesRow = `1:${heading.length}`;
  const marked = marking === "" ? "" : `&C&"-,Bold"${headerText(marking)}`;
  sheet.headerFooter.oddHeader = `${marked}&R${headerText(SUMMARY_TITLE)}`;
  sheet.headerFooter.oddFooter = `${marked}&RPage &P of &N`;
  book.title = SUMMARY_TITLE;
  if (marking !== "") {
    book.subject = marking;
    book.keywords = marking;
    book.category = marking;
  }
}

/**
 * The bytes of a new workbook holding only the Summary sheet, laid out for print (see
 * presentSummary); `marking` is the plan's protective marking, "" for none. Rejects with
 * the reason when it cannot be built.
 */
export async function summaryWorkbook(heading: readonly string[], tables: readonly SummaryTable[], options: XlsxReadOptions, marking = ""): Promise<Uint8Array> {
  const wb = XlsxWorkbook.empty(options);
  const outcome = await wb.apply([
    { kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false },
    { kind: "setCells", sheet: SUMMARY_SHEET, cells: summarySheetCells(heading, tables) },
  ]);
  if (!outcome.ok) throw new Error(outcome.message);
  await wb.edit((book) => presentSummary(book, heading, tables, marking));
  return wb.toBuffer();
}

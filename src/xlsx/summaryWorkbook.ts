/**
 * The exported summary workbook (docs/summary.md, "Exports"): a new .xlsx holding only a
 * "Summary" sheet of values, laid out by the core's `summaryLayout` and written by the
 * .xlsx host's own changes (the same changes that build the Summary sheet inside a plan),
 * with the title and the protective marking in the document's properties. Built the same
 * way by the command line, file mode and the pane in Excel.
 */
import { SUMMARY_TITLE, type SummaryLayout, layoutChanges } from "../plan/boardpack/sheet";
import { SUMMARY_SHEET } from "../plan/schema";
import { type XlsxReadOptions, XlsxWorkbook } from "./xlsxWorkbook";

/**
 * The bytes of the export of `layout` (built with `stamp: false` and, as no Excel draws
 * charts here, `drawCharts: false`). `marking` is the plan's protective marking, "" for
 * none. Rejects with the reason when it cannot be built.
 */
export async function summaryWorkbook(layout: SummaryLayout, marking: string, options: XlsxReadOptions = {}): Promise<Uint8Array> {
  if (layout.charts.length > 0) throw new Error("an exported summary cannot hold charts: lay it out without them");
  const wb = XlsxWorkbook.empty(options);
  const outcome = await wb.apply([{ kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false }, ...layoutChanges(SUMMARY_SHEET, layout, { marking, title: SUMMARY_TITLE })]);
  if (!outcome.ok) throw new Error(outcome.message);
  await wb.edit((book) => {
    book.title = SUMMARY_TITLE;
    if (marking !== "") {
      book.subject = marking;
      book.keywords = marking;
      book.category = marking;
    }
  });
  return wb.toBuffer();
}

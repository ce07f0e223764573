/**
 * The Summary sheet inside a plan, saved by other programs (issue 8, and review's "files
 * from every producer"): a plan whose Summary sheet file mode built, saved again by
 * LibreOffice or by a script with exceljs, still reads as the add-in's own sheet, untouched
 * (so a refresh replaces it without a question); a figure changed in such a file reads as
 * an edit; and a refresh on the LibreOffice-saved file writes a new sheet with the figures
 * again, to the penny.
 */
import { buildSummary, refreshSummaryChanges, summaryLayout, summarySheetState, SUMMARY_TITLE } from "../../src/plan/boardpack/sheet";
import type { CellValue } from "../../src/plan/cell";
import { checkWorkbook } from "../../src/plan/checks";
import type { Plan } from "../../src/plan/model";
import type { Quarter } from "../../src/plan/periods";
import type { RawWorkbook } from "../../src/plan/raw";
import { progressOf } from "../../src/plan/returns/progress";
import { SUMMARY_SHEET } from "../../src/plan/schema";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { progressJson } from "../../src/cli/progress";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { convertWithLibreOffice, LIBREOFFICE_RUN_MS, loadExcelJs } from "../support/libreoffice";
import { summaryTableRows, summaryValues } from "../support/summarySheet";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };

function planOf(raw: RawWorkbook): Plan {
  const result = checkWorkbook(raw, { asAt: Q2 });
  if (result.status !== "plan") throw new Error(result.reason);
  return result.plan;
}

/** The file with its Summary sheet refreshed, as file mode writes it (no charts: a note in their place). */
async function refreshed(bytes: Uint8Array): Promise<Uint8Array> {
  const wb = await XlsxWorkbook.fromBuffer(bytes);
  const raw = await wb.read();
  const built = buildSummary(planOf(raw), { asAt: Q2, grantId: null, planName: "example.xlsx", marking: "OFFICIAL-SENSITIVE", today: "2026-12-01", generatedBy: "the Grant Planner add-in" });
  const layout = summaryLayout(built.heading, built.tables, built.charts, { drawCharts: false, stamp: true });
  const changes = refreshSummaryChanges(raw, layout, { marking: "OFFICIAL-SENSITIVE", title: SUMMARY_TITLE }, "replace");
  if (changes === null) throw new Error("refused");
  const outcome = await wb.apply(changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb.toBuffer();
}

async function readOf(bytes: Uint8Array): Promise<RawWorkbook> {
  return (await XlsxWorkbook.fromBuffer(bytes)).read();
}

/** The Grants rows of the Summary sheet as read (the Total row left out): ID, award, allocated, spend to date, remaining. */
function grantRows(raw: RawWorkbook): (string | CellValue)[][] {
  return summaryTableRows(summaryValues(raw), "Grants")
    .filter((row) => row[0] !== "Total")
    .map((row) => [
      row[0] ?? null,
      ...[2, 3, 5, 6].map((c) => {
        const value = row[c];
        return typeof value === "number" ? value.toFixed(2) : String(value);
      }),
    ]);
}

let built: Uint8Array;
beforeAll(async () => {
  built = await refreshed(await hostPlanBytes(exampleData(), "sefton-2020-21"));
}, LIBREOFFICE_RUN_MS);

describe("a plan's Summary sheet saved again by another program", () => {
  it(
    "is still the add-in's own, untouched, after LibreOffice saves the file",
    async () => {
      expect(summarySheetState(await readOf(built))).toEqual({ kind: "unchanged" });
      const saved = await convertWithLibreOffice(built, "xlsx");
      const raw = await readOf(saved);
      expect(summaryValues(raw).length).toBeGreaterThan(50);
      expect(summarySheetState(raw)).toEqual({ kind: "unchanged" });

      // A refresh on LibreOffice's file replaces the sheet, and its figures are progress's to the penny.
      const again = await readOf(await refreshed(saved));
      expect(summarySheetState(again)).toEqual({ kind: "unchanged" });
      const json = progressJson("example.xlsx", progressOf(planOf(again), Q2), []);
      expect(grantRows(again)).toEqual(json.grants.map((g) => [g.id, g.award, g.allocated, g.spendToDate, g.remaining]));
    },
    LIBREOFFICE_RUN_MS * 2,
  );

  it(
    "is still untouched after a script loads and saves the file with exceljs, and edited once a figure is changed",
    async () => {
      const book = await loadExcelJs(built);
      const resaved = new Uint8Array(await book.xlsx.writeBuffer());
      expect(summarySheetState(await readOf(resaved))).toEqual({ kind: "unchanged" });

      const sheet = book.getWorksheet(SUMMARY_SHEET);
      if (sheet === undefined) throw new Error("no Summary sheet");
      const grantsRow = (await readOf(resaved)).ownedSheets?.[0]?.values?.findIndex((row) => row[0] === "Grants") ?? -1;
      sheet.getCell(grantsRow + 3, 3).value = 1;
      const edited = new Uint8Array(await book.xlsx.writeBuffer());
      expect(summarySheetState(await readOf(edited))).toEqual({ kind: "edited" });

      // LibreOffice keeps the edit an edit.
      expect(summarySheetState(await readOf(await convertWithLibreOffice(edited, "xlsx")))).toEqual({ kind: "edited" });
    },
    LIBREOFFICE_RUN_MS * 2,
  );
});

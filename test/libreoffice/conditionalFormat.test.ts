/**
 * Conditional formats written by the .xlsx host, read by a program nobody on this project
 * wrote: LibreOffice opens the file and saves it again as .xlsx from its own model, so a
 * rule that comes back, with its formula, range and colours, is one LibreOffice understood
 * (a rule it could not read would not be written out again).
 */
import type { ConditionalRule } from "../../src/plan/changes";
import { expressionRules } from "../../src/xlsx/conditionalFormats";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { readZip, sheetPart, text } from "../fixtures/zip";
import { LIBREOFFICE_RUN_MS, recalculateWithLibreOffice } from "../support/libreoffice";

const BRAG: readonly ConditionalRule[] = [
  { formula: 'UPPER(TRIM($B2))="BLUE"', fill: "#0070C0", font: "#FFFFFF" },
  { formula: 'UPPER(TRIM($B2))="GREEN"', fill: "#00B050" },
  { formula: 'UPPER(TRIM($B2))="AMBER"', fill: "#FFC000" },
  { formula: 'UPPER(TRIM($B2))="RED"', fill: "#FF0000", font: "#FFFFFF" },
];

function rulesOf(bytes: Uint8Array): { range: string; formula: string; fill: string | null; font: string | null }[] {
  const zip = readZip(bytes);
  return expressionRules(text(zip, sheetPart(zip, "Progress")), text(zip, "xl/styles.xml")).map(({ range, formula, fill, font }) => ({ range, formula, fill, font }));
}

describe("conditional formats in LibreOffice", () => {
  it(
    "keeps every BRAG rule the host wrote, in order, with its formula, range and colours",
    async () => {
      const wb = XlsxWorkbook.empty();
      const outcome = await wb.apply([
        { kind: "createSheet", sheet: "Progress", hidden: false },
        { kind: "setCells", sheet: "Progress", cells: [{ address: "A1", value: "Line" }, { address: "B1", value: "Status" }, { address: "A2", value: "CRG-01" }, { address: "B2", value: "Blue" }] },
        { kind: "conditionalFormat", sheet: "Progress", range: "B2:B200", rules: BRAG },
      ]);
      expect(outcome.ok).toBe(true);
      const saved = await wb.toBuffer();
      const expected = BRAG.map((r) => ({ range: "B2:B200", formula: r.formula, fill: r.fill, font: r.font ?? null }));
      expect(rulesOf(saved)).toEqual(expected);

      const byLibreOffice = await recalculateWithLibreOffice(saved);
      expect(rulesOf(byLibreOffice)).toEqual(expected);
    },
    LIBREOFFICE_RUN_MS,
  );
});

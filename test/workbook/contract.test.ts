/**
 * The port contract (contract.ts) run against every host: the in-memory reference host,
 * the .xlsx file host (saved to bytes and opened again between a write and the read that
 * checks it) and the Office.js host over the fake Excel.
 */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { expressionRules } from "../../src/xlsx/conditionalFormats";
import { FakeExcel } from "../excel/fakeExcel";
import { readZip, sheetPart, text } from "../fixtures/zip";
import { type ConditionalFormatSeen, describeWorkbookContract, type HostUnderTest } from "./contract";

/** A host whose workbook lives only in memory: there is nothing to save and open again. */
function stays(port: MemoryWorkbook): HostUnderTest {
  return {
    port,
    reopen: async () => undefined,
    conditionalFormats: async (sheet) => port.conditionalFormats(sheet).map(({ range, rule }) => ({ range, formula: rule.formula, fill: rule.fill, font: rule.font ?? null })),
  };
}

class XlsxUnderTest implements HostUnderTest {
  constructor(public port: XlsxWorkbook) {}

  async reopen(): Promise<void> {
    this.port = await XlsxWorkbook.fromBuffer(await this.port.toBuffer());
  }

  /** The expression rules in the saved file's sheet part, with the colours of their dxfs in styles.xml. */
  async conditionalFormats(sheet: string): Promise<readonly ConditionalFormatSeen[]> {
    const zip = readZip(await this.port.toBuffer());
    return expressionRules(text(zip, sheetPart(zip, sheet)), text(zip, "xl/styles.xml")).map(({ range, formula, fill, font }) => ({ range, formula, fill, font }));
  }
}

describeWorkbookContract("in memory", async () => stays(new MemoryWorkbook()));

describeWorkbookContract(".xlsx file", async () => new XlsxUnderTest(XlsxWorkbook.empty()));

describeWorkbookContract("Excel (over the fake)", async () => {
  const fake = new FakeExcel();
  const port = new ExcelWorkbook(fake.run, { isSetSupported: () => true, delay: async () => undefined });
  return {
    port,
    reopen: async () => undefined,
    plant: async (sheet, address, value) => fake.type(sheet, address, value),
    batches: () => ({ runs: fake.runs.length, syncs: fake.syncs }),
    conditionalFormats: async (sheet) => fake.conditionalFormats(sheet).map(({ range, formula, fill, font }) => ({ range, formula, fill, font })),
  };
});

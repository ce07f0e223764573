/**
 * The port contract (contract.ts) run against every host: the in-memory reference host,
 * the .xlsx file host (saved to bytes and opened again between a write and the read that
 * checks it) and the Office.js host over the fake Excel.
 */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { MemoryWorkbook } from "../../src/workbook/memory";
import type { WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { FakeExcel } from "../excel/fakeExcel";
import { describeWorkbookContract, type HostUnderTest } from "./contract";

/** A host whose workbook lives only in memory: there is nothing to save and open again. */
function stays(port: WorkbookPort): HostUnderTest {
  return { port, reopen: async () => undefined };
}

class XlsxUnderTest implements HostUnderTest {
  constructor(public port: XlsxWorkbook) {}

  async reopen(): Promise<void> {
    this.port = await XlsxWorkbook.fromBuffer(await this.port.toBuffer());
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
  };
});

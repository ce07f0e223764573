/**
 * What saving a file changes beyond the actions written to it: merged areas and data
 * validation too large to model are cut to the part of the sheet in use, and the host
 * says so, one sentence each, for the person saving the file.
 */
import { LINES } from "../../src/plan/schema";
import type { Change } from "../../src/plan/changes";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { editPart, readZip, sheetPart, writeZip } from "../fixtures/zip";

/** The example plan with a merge from row 300 to the sheet's end and a validation on the whole of column L. */
async function withHugeRanges(): Promise<Uint8Array> {
  const entries = readZip(await hostPlanBytes(exampleData(), "sefton-2020-21"));
  editPart(entries, sheetPart(entries, "Lines"), (xml) =>
    xml
      .replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A300:XFD1048576"/></mergeCells>')
      .replace("</dataValidations>", '<dataValidation type="list" allowBlank="1" sqref="L:L"><formula1>"Yes,No"</formula1></dataValidation></dataValidations>'),
  );
  return writeZip(entries);
}

const setF2 = (value: number): Change => ({ kind: "setCells", sheet: LINES.sheet, cells: [{ address: "F2", value }] });

describe("XlsxWorkbook: what saving cut", () => {
  it("names each merged area and validation it cut, once something is written", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await withHugeRanges());
    expect(wb.cutOnSave()).toEqual([]);
    expect((await wb.apply([setF2(1)])).ok).toBe(true);
    const notes = wb.cutOnSave();
    expect(notes).toHaveLength(2);
    expect(notes).toContainEqual(expect.stringMatching(/A300:XFD1048576.*Lines.*A300:K412/));
    expect(notes).toContainEqual(expect.stringMatching(/L:L.*Lines.*L1:L412/));
    // A later save keeps saying so, once.
    expect((await wb.apply([setF2(2)])).ok).toBe(true);
    expect(wb.cutOnSave()).toEqual(notes);
  });

  it("says nothing was cut while nothing is written: a refused action leaves the file as it was", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await withHugeRanges());
    const outcome = await wb.apply([setF2(1), { kind: "createSheet", sheet: LINES.sheet, hidden: false }]);
    expect(outcome.ok).toBe(false);
    expect(wb.cutOnSave()).toEqual([]);
  });

  it("says nothing for a plan that needed no cut", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await hostPlanBytes(exampleData(), "sefton-2020-21"));
    expect((await wb.apply([setF2(1)])).ok).toBe(true);
    expect(wb.cutOnSave()).toEqual([]);
  });
});

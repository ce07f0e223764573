/**
 * The plan reader against exceljs (the way the .xlsx host read plans before): on every
 * file exceljs can open, both give the same sheets, settings and tables (headers, rows,
 * merged areas, the row below); the reader's extra fields are left out of the comparison.
 */
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import { readPlanPackage } from "../../../src/xlsx/read";
import { nodeInflater } from "../../../src/xlsx/read/nodeInflate";
import { asIfFromExcel, exampleData, foreignPlan, hostPlanBytes } from "../../fixtures/workbooks";
import { generatePlan } from "../../support/generate";
import { readWithExceljs } from "./exceljsReference";

jest.setTimeout(120_000);

/** What exceljs can tell: the fields both readers have. */
function comparable(raw: RawWorkbook): RawWorkbook {
  const table = (t: RawTable): RawTable => ({
    name: t.name,
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstColumn: t.firstColumn,
    headers: t.headers,
    rows: t.rows,
    merged: t.merged,
    below: t.below,
  });
  return { sheets: raw.sheets, meta: raw.meta, tables: raw.tables.map(table) };
}

async function bothReaders(bytes: Uint8Array): Promise<{ reader: RawWorkbook; exceljs: RawWorkbook }> {
  const [reader, exceljs] = await Promise.all([readPlanPackage(bytes, { inflate: nodeInflater() }), readWithExceljs(bytes)]);
  return { reader, exceljs };
}

describe("the plan reader agrees with exceljs", () => {
  it("on the example plan as the .xlsx host sets it up", async () => {
    const { reader, exceljs } = await bothReaders(await hostPlanBytes(exampleData(), "sefton-2020-21"));
    // The four plan tables, the six of quarterly returns and the Progress sheet's two.
    expect(reader.tables).toHaveLength(12);
    expect(comparable(reader)).toEqual(comparable(exceljs));
    // The reader also sees the plan's formula columns.
    const grants = reader.tables.find((t) => t.name === "tblGrants");
    expect(grants?.formulas?.some((row) => row.some((f) => f !== null))).toBe(true);
  });

  it.each([
    ["the plain foreign layout", {}],
    ["merged cells in a line", { mergedInLines: true }],
    ["a blank row among the lines", { blankRowInLines: true }],
    ["an amount typed as text", { amountAsText: true }],
    ["a #REF! amount", { refErrorInAmount: true }],
    ["a deleted column", { deleteLinesColumn: "Grant ID" }],
    ["no settings sheet", { withoutSettings: true }],
  ])("on a plan another program wrote: %s", async (_what, options) => {
    const { reader, exceljs } = await bothReaders(await foreignPlan(options));
    expect(reader.tables.length).toBeGreaterThan(0);
    expect(comparable(reader)).toEqual(comparable(exceljs));
  });

  it("on table parts as Excel and LibreOffice write them (defaults left out, no style)", async () => {
    const { reader, exceljs } = await bothReaders(asIfFromExcel(await foreignPlan()));
    expect(comparable(reader)).toEqual(comparable(exceljs));
  });

  it("on a generated plan of 300 lines and 1,200 measures", async () => {
    const { reader, exceljs } = await bothReaders(await foreignPlan({}, generatePlan(300, 4, 3)));
    expect(reader.tables.find((t) => t.name === "tblMeasures")?.rows).toHaveLength(1200);
    expect(comparable(reader)).toEqual(comparable(exceljs));
  });
});

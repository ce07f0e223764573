/**
 * The .xlsx host writes an action whole or not at all: a change it refuses part way
 * through a list leaves nothing of the list behind, neither in the file nor in the model
 * the next write starts from, and actions asked for at the same time take turns.
 */
import type { Change } from "../../src/plan/changes";
import type { RawWorkbook } from "../../src/plan/raw";
import { LINES } from "../../src/plan/schema";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { exampleData, hostPlan, roundTrip } from "../fixtures/workbooks";

/** What the allocation column (F) of tblLines holds, line by line. */
function allocations(raw: RawWorkbook): unknown[] {
  const lines = raw.tables.find((t) => t.name === LINES.table);
  if (lines === undefined) throw new Error("no tblLines");
  return lines.rows.map((row) => row[5]);
}

function linesCount(raw: RawWorkbook): number {
  return raw.tables.find((t) => t.name === LINES.table)?.rows.length ?? -1;
}

const setF = (row: number, value: number): Change => ({ kind: "setCells", sheet: LINES.sheet, cells: [{ address: `F${row}`, value }] });
/** Refused by every host: the sheet is already there. */
const refusedLast: Change = { kind: "createSheet", sheet: LINES.sheet, hidden: false };
const appendOne: Change = { kind: "appendRows", sheet: LINES.sheet, table: LINES.table, rows: [["CRG-99", "CRG"]] };

async function examplePlan(): Promise<XlsxWorkbook> {
  return roundTrip(await hostPlan(exampleData(), "sefton-2020-21"));
}

describe("XlsxWorkbook: an action it cannot finish writes nothing", () => {
  it("keeps none of a batch whose last change is refused, in the file or in the next save", async () => {
    const wb = await examplePlan();
    const bytesBefore = await wb.toBuffer();
    const before = await wb.read();

    const outcome = await wb.apply([setF(2, 1), appendOne, { kind: "createSheet", sheet: "Notes", hidden: false }, refusedLast]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.written).toEqual([]);
    expect(outcome.notWritten).toHaveLength(4);
    expect(outcome.message).toContain('the workbook already has a sheet called "Lines"');
    expect(outcome.message).toContain("None of the action's changes were written");
    expect(Buffer.from(await wb.toBuffer()).equals(Buffer.from(bytesBefore))).toBe(true);

    // The next action is saved from the file as it was, not from a model holding the refused batch.
    expect((await wb.apply([setF(3, 2)])).ok).toBe(true);
    const after = await (await roundTrip(wb)).read();
    expect(allocations(after)[0]).toBe(allocations(before)[0]);
    expect(allocations(after)[1]).toBe(2);
    expect(linesCount(after)).toBe(linesCount(before));
    expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
  });

  it("keeps the actions written before a refused one, and nothing of the refused one", async () => {
    const wb = await examplePlan();
    expect((await wb.apply([setF(2, 11)])).ok).toBe(true);
    expect((await wb.apply([setF(3, 12), setF(4, 13), refusedLast])).ok).toBe(false);
    expect((await wb.apply([setF(5, 14)])).ok).toBe(true);
    const before = allocations(await (await examplePlan()).read());
    const after = allocations(await (await roundTrip(wb)).read());
    expect(after.slice(0, 4)).toEqual([11, before[1], before[2], 14]);
  });

  it("refuses a change that fails on a new workbook and leaves it empty", async () => {
    const wb = XlsxWorkbook.empty();
    const outcome = await wb.apply([
      { kind: "createSheet", sheet: "Notes", hidden: false },
      { kind: "setCells", sheet: "Notes", cells: [{ address: "A1", value: "x" }] },
      { kind: "setCells", sheet: "Notes", cells: [{ address: "not a cell", value: "y" }] },
    ]);
    expect(outcome).toMatchObject({ ok: false, written: [] });
    expect((await wb.read()).sheets).toEqual([]);
  });

  it("takes actions asked for at the same time in turn: a refused one does not leak into the other", async () => {
    const wb = await examplePlan();
    const before = allocations(await wb.read());
    // Neither is awaited before the other starts.
    const [first, second] = await Promise.all([wb.apply([setF(2, 21), refusedLast]), wb.apply([setF(3, 22)])]);
    expect(first.ok).toBe(false);
    expect(second).toEqual({ ok: true, written: ["Set Lines!F3 to 22"] });
    const after = allocations(await (await roundTrip(wb)).read());
    expect(after.slice(0, 2)).toEqual([before[0], 22]);
  });

  it("leaves the file and the next save as they were when an edit throws", async () => {
    const wb = await examplePlan();
    const before = allocations(await wb.read());
    const bytesBefore = await wb.toBuffer();
    await expect(
      wb.edit((book) => {
        const sheet = book.getWorksheet(LINES.sheet);
        if (sheet === undefined) throw new Error("no Lines sheet");
        sheet.getCell("F2").value = 31;
        throw new Error("stopped half way");
      }),
    ).rejects.toThrow("stopped half way");
    expect(Buffer.from(await wb.toBuffer()).equals(Buffer.from(bytesBefore))).toBe(true);
    expect((await wb.apply([setF(3, 32)])).ok).toBe(true);
    const after = allocations(await (await roundTrip(wb)).read());
    expect(after.slice(0, 2)).toEqual([before[0], 32]);
  });
});

/**
 * After a failed apply, re-reading the workbook and verifying the changes tells exactly
 * which ones landed. The memory host's `failAt` makes an apply stop at a given change.
 */
import { addLineChanges, allocationChanges, setupChanges } from "../../src/plan/actions";
import { describeChange, type Change } from "../../src/plan/changes";
import { money } from "../../src/plan/money";
import { verifyChanges } from "../../src/plan/verify";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { BLANK_PLAN, type LineInput } from "../../src/plan/template";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { META_SHEET, PROGRESS_SHEET } from "../../src/plan/schema";
import { checked, exampleWorkbook } from "../support/plans";

const line: LineInput = {
  id: "CRG-07",
  grantId: "CRG",
  theme: "Domestic Abuse",
  activity: "Target hardening",
  lead: "",
  allocation: "100.00",
  isReserve: false,
  priorityAreas: [],
  outcomes: "",
  notes: "",
};

async function applyFailingAt(wb: MemoryWorkbook, changes: readonly Change[], failAt: number): Promise<{ written: readonly string[]; notWritten: readonly string[] }> {
  wb.failAt = failAt;
  const outcome = await wb.apply(changes);
  if (outcome.ok) throw new Error("expected the apply to fail");
  return outcome;
}

describe("verifyChanges", () => {
  it("says every change of a complete setup was written", async () => {
    const wb = new MemoryWorkbook();
    const { changes } = setupChanges(await wb.read(), SEFTON_2020_21, "sefton-2020-21", "tests");
    const outcome = await wb.apply(changes);
    expect(outcome.ok).toBe(true);
    expect(verifyChanges(await wb.read(), changes)).toEqual({ written: changes.map(describeChange), notWritten: [] });
  });

  it.each([0, 1, 3, 5, 8])("a setup that fails at change %i: the changes before it are written, the rest not", async (failAt) => {
    const wb = new MemoryWorkbook();
    const { changes } = setupChanges(await wb.read(), SEFTON_2020_21, "sefton-2020-21", "tests");
    expect(changes).toHaveLength(30);
    const outcome = await applyFailingAt(wb, changes, failAt);
    const verified = verifyChanges(await wb.read(), changes);
    expect(verified.written).toEqual(changes.slice(0, failAt).map(describeChange));
    expect(verified.notWritten).toEqual(changes.slice(failAt).map(describeChange));
    // The host's own account agrees with what the re-read shows.
    expect(verified).toEqual({ written: outcome.written, notWritten: outcome.notWritten });
  });

  it("an allocation edit that failed is reported as not written, with the cell it would have set", async () => {
    const wb = await exampleWorkbook();
    const { plan } = await checked(wb);
    const { changes } = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("120000") }]);
    await applyFailingAt(wb, changes, 0);
    expect(verifyChanges(await wb.read(), changes)).toEqual({ written: [], notWritten: ["Set the allocation of CRG-01 (Lines!F2) to £120,000.00"] });
    expect(wb.value("Lines", "F2")).toBe(119000);
  });

  it("an allocation edit that landed is reported as written", async () => {
    const wb = await exampleWorkbook();
    const { plan } = await checked(wb);
    const { changes } = allocationChanges(plan, [
      { lineId: "CRG-01", amount: money("120000") },
      { lineId: "CRG-02", amount: money("49000") },
    ]);
    await wb.apply(changes);
    expect(verifyChanges(await wb.read(), changes)).toEqual({ written: ["Set the allocations of 2 lines: CRG-01 (Lines!F2) to £120,000.00, CRG-02 (Lines!F3) to £49,000.00"], notWritten: [] });
  });

  it("a line appended below the table, or not", async () => {
    const wb = await exampleWorkbook();
    const { plan } = await checked(wb);
    const { changes } = addLineChanges(plan, line);
    expect(changes.map((c) => c.kind)).toEqual(["appendRows"]);
    await applyFailingAt(wb, changes, 0);
    expect(verifyChanges(await wb.read(), changes)).toEqual({ written: [], notWritten: ['Add 1 row to tblLines on "Lines"'] });
    await wb.apply(changes);
    expect(verifyChanges(await wb.read(), changes)).toEqual({ written: ['Add 1 row to tblLines on "Lines"'], notWritten: [] });
  });

  it("a line written into the trailing blank row, or not", async () => {
    const wb = await exampleWorkbook();
    const lines = wb.tables.find((t) => t.name === "tblLines");
    if (!lines) throw new Error("no tblLines");
    lines.height += 1;
    const { plan } = await checked(wb);
    const { changes } = addLineChanges(plan, line);
    expect(changes.map((c) => c.kind)).toEqual(["expect", "setCells"]);
    await applyFailingAt(wb, changes, 1);
    // The expectation writes nothing, so it is never "not written"; the line is.
    expect(verifyChanges(await wb.read(), changes).notWritten).toEqual(changes.filter((c) => c.kind === "setCells").map(describeChange));
    await wb.apply(changes);
    expect(verifyChanges(await wb.read(), changes).notWritten).toEqual([]);
  });

  // A settings sheet that exists but is empty must not count as written settings.
  it("settings that failed to be written, on a settings sheet that was created, are not written", async () => {
    const wb = new MemoryWorkbook();
    const { changes } = setupChanges(await wb.read(), BLANK_PLAN, "blank", "tests");
    const settings = changes.findIndex((c) => c.kind === "setCells" && c.sheet === META_SHEET);
    await applyFailingAt(wb, changes, settings);
    const verified = verifyChanges(await wb.read(), changes);
    expect(verified.notWritten).toEqual(changes.slice(settings).map(describeChange));
    expect(verified.notWritten[0]).toBe('Set 8 cells on "Grant Planner settings"');
  });

  it("what a read cannot see (the Progress sheet's as-at cells and colours) counts as written when the tables after it are", async () => {
    const wb = new MemoryWorkbook();
    const { changes } = setupChanges(await wb.read(), SEFTON_2020_21, "sefton-2020-21", "tests");
    const unseen = changes.flatMap((c, i) => ((c.kind === "setCells" && c.sheet === PROGRESS_SHEET) || c.kind === "conditionalFormat" ? [i] : []));
    expect(unseen).toHaveLength(6);
    // Failing at the first Progress table: the cells and colours before it cannot be confirmed, and are not claimed.
    const firstTable = changes.length - 2;
    expect(unseen.every((i) => i < firstTable)).toBe(true);
    const failed = await applyFailingAt(wb, changes, firstTable);
    const describeAt = (i: number): string => {
      const change = changes[i];
      if (change === undefined) throw new Error(`no change ${i}`);
      return describeChange(change);
    };
    expect(failed.written).toContain(describeAt(unseen[0] ?? -1));
    const verified = verifyChanges(await wb.read(), changes);
    expect(verified.written).toEqual(changes.slice(0, firstTable).filter((_, i) => !unseen.includes(i)).map(describeChange));
    expect(verified.notWritten).toEqual([
      ...unseen.map((i) => `${describeAt(i)} (not confirmed: reading the workbook cannot show it)`),
      ...changes.slice(firstTable).map(describeChange),
    ]);
    // Once the whole batch is in, the tables after them show they were written.
    await wb.apply(changes.slice(firstTable));
    expect(verifyChanges(await wb.read(), changes)).toEqual({ written: changes.map(describeChange), notWritten: [] });
  });
});

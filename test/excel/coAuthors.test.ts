/**
 * What other people do while the Excel host works, on the fake: a co-author (or the person)
 * changing a table between two syncs of a block read, a formula that shows "" in the rows
 * under a table, and a co-author typing into the blank table row a new line is about to fill.
 */
import { PLAN_CHANGED_WHILE_READING } from "../../src/excel/policy";
import { addLineChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import { type CellInput, type Change, describeChange } from "../../src/plan/changes";
import { LINES } from "../../src/plan/schema";
import { generatePlan } from "../support/generate";
import { newLine } from "../support/plans";
import { planOf, plannedExcel, SEFTON, upTo } from "./hosts";

/** The one change of a list that sets cells. */
function setCellsOf(changes: readonly Change[]): Change {
  const found = changes.filter((c) => c.kind === "setCells");
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected one setCells change, got ${changes.map((c) => c.kind).join()}`);
  return found[0];
}

/** Sefton's Lines table: header in row 1, 11 lines in rows 2–12. */
const LAST_LINE_ROW = 12;

describe("a table that changes shape while a large plan is read in blocks", () => {
  /** A 600-line plan whose one-sync read Excel refuses for its size, so it is read in several blocks. */
  async function largePlan(): Promise<Awaited<ReturnType<typeof plannedExcel>>> {
    const setup = await plannedExcel(generatePlan(600), { maxResponseBytes: 30_000 });
    setup.fake.maxResponseBytes = 150_000; // above what the shapes of the ten tables and the rows below them take, below a block read of the whole plan
    return setup;
  }

  const inserted = { "Line ID": "INS-01", "Grant ID": "G01", Activity: "Inserted by a co-author", Allocation: 10 };

  it("reads again from the top when a row is inserted between two block syncs, and gives the table as it now is", async () => {
    const { fake, host } = await largePlan();
    // The one-sync read is refused; the block read is the next run: which tables exist (sync 1),
    // their shapes (sync 2), then blocks. The co-author inserts a line above the first one
    // just before the second block reaches Excel.
    const blockRun = fake.runs.length + 2;
    let edits = 0;
    let blockRunSyncs = 0;
    fake.beforeSync = (sync, run) => {
      if (run !== blockRun) return;
      blockRunSyncs = sync;
      if (sync === 4) {
        fake.insertTableRow(LINES.table, 0, inserted);
        edits++;
      }
    };
    const during = await host.read();
    expect(edits).toBe(1);
    // The first attempt had at least two blocks (the edit landed between them, at sync 4) and
    // the second as many: 4 + 2 + 2 syncs at least, all in the one run.
    expect(blockRunSyncs).toBeGreaterThanOrEqual(8);
    expect(fake.runs.length).toBe(blockRun);

    fake.beforeSync = null;
    fake.maxResponseBytes = null;
    const after = await host.read();
    expect(during).toEqual(after);
    const lines = during.tables.find((t) => t.name === LINES.table);
    expect(lines?.rows).toHaveLength(601);
    expect(lines?.rows.filter((row) => row[0] === "INS-01")).toHaveLength(1);
    // Every line ID once: no row read twice, none lost.
    const ids = (lines?.rows ?? []).map((row) => row[0]);
    expect(new Set(ids).size).toBe(601);
  }, 60_000);

  it("says the plan kept changing, and gives no plan, when every attempt meets a change", async () => {
    const { fake, host } = await largePlan();
    const blockRun = fake.runs.length + 2;
    let edits = 0;
    fake.beforeSync = (_sync, run) => {
      // A co-author inserting lines before every request of the block read.
      if (run === blockRun) fake.insertTableRow(LINES.table, 0, { ...inserted, "Line ID": `INS-${++edits}` });
    };
    await expect(host.read()).rejects.toMatchObject({ code: PLAN_CHANGED_WHILE_READING, message: expect.stringContaining("kept changing") });
    // Bounded: the first attempt and two more, each stopped at its first block (which tables,
    // their shapes, the first block: three syncs), then no more requests.
    expect(edits).toBe(9);
    expect(fake.runs.length).toBe(blockRun);
  }, 60_000);

  it("does not mind an edit that leaves every table's shape as it was", async () => {
    const { fake, host } = await largePlan();
    const blockRun = fake.runs.length + 2;
    fake.beforeSync = (sync, run) => {
      if (run === blockRun && sync === 4) fake.type(LINES.sheet, "D2", "Renamed by a co-author");
    };
    const runsBefore = fake.runs.length;
    const raw = await host.read();
    // One refused one-sync run, one block run: no reading again.
    expect(fake.runs.length - runsBefore).toBe(2);
    expect(raw.tables.find((t) => t.name === LINES.table)?.rows).toHaveLength(600);
  }, 60_000);
});

describe("a formula that shows an empty text under a table", () => {
  /** `=IF(A13="","",1)` in J13, just under Sefton's Lines table: it shows "" while A13 is blank. */
  async function withFormulaBelow(max = "1.20"): Promise<Awaited<ReturnType<typeof plannedExcel>>> {
    const setup = await plannedExcel(SEFTON, { isSetSupported: upTo(max) });
    setup.fake.type(LINES.sheet, `J${LAST_LINE_ROW + 1}`, { formula: `IF(A${LAST_LINE_ROW + 1}="","",1)` });
    return setup;
  }

  it("the fake shows the formula's empty text, as Excel does", async () => {
    const { fake } = await withFormulaBelow();
    expect(fake.value(LINES.sheet, `J${LAST_LINE_ROW + 1}`)).toBe("");
    fake.type(LINES.sheet, `A${LAST_LINE_ROW + 1}`, "X");
    expect(fake.value(LINES.sheet, `J${LAST_LINE_ROW + 1}`)).toBe(1);
  });

  it("is read as a typed row, with its formula, and reported", async () => {
    const { host } = await withFormulaBelow();
    const raw = await host.read();
    const lines = raw.tables.find((t) => t.name === LINES.table);
    const formulas = LINES.columns.map((_, i) => (i === 9 ? `IF(A${LAST_LINE_ROW + 1}="","",1)` : null));
    expect(lines?.typedBelow).toEqual([{ row: LAST_LINE_ROW, cells: LINES.columns.map(() => null), formulas }]);
    const result = checkWorkbook(raw);
    if (result.status !== "plan") throw new Error(result.reason);
    expect(result.findings.filter((f) => f.code === "ROWS_BELOW_TABLE").map((f) => [f.sheet, f.cell])).toEqual([[LINES.sheet, `A${LAST_LINE_ROW + 1}`]]);
  });

  it.each([
    ["resizing the table (ExcelApi 1.13)", "1.20"],
    ["rows.add (before ExcelApi 1.13)", "1.12"],
  ])("stops a new line from being written over it, by %s", async (_how, max) => {
    const { fake, host } = await withFormulaBelow(max);
    // The row the host is asked to add, as the core would compute it from a read that did
    // not see the formula: the host's own check in the write's run must stop it.
    const row = LINES.columns.map((c): CellInput => (c.key === "id" ? "CRG-07" : c.key === "grantId" ? "CRG" : c.key === "activity" ? "Outreach" : null));
    const changes: Change[] = [{ kind: "appendRows", sheet: LINES.sheet, table: LINES.table, rows: [row] }];
    const logBefore = fake.log.length;
    const outcome = await host.apply(changes);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringContaining(`A${LAST_LINE_ROW + 1}:K${LAST_LINE_ROW + 1}`),
      written: [],
      notWritten: changes.map(describeChange),
    });
    expect(fake.log.slice(logBefore).every((op) => op.kind === "load")).toBe(true);
    expect(fake.sheetState(LINES.sheet)?.peek(LAST_LINE_ROW, 9)?.formula).toBe(`IF(A${LAST_LINE_ROW + 1}="","",1)`);
    expect(fake.tableState(LINES.table)?.height).toBe(SEFTON.lines.length);
  });
});

describe("a new line in the table's trailing blank row", () => {
  /** Sefton with one blank body row at the end of the Lines table (row 13). */
  async function withBlankRow(): Promise<Awaited<ReturnType<typeof plannedExcel>>> {
    const setup = await plannedExcel(SEFTON);
    const table = setup.fake.tableState(LINES.table);
    if (!table) throw new Error("no Lines table");
    setup.fake.grow(table, 1);
    return setup;
  }

  it("fills the blank row when it is still blank, without adding a row", async () => {
    const { fake, host } = await withBlankRow();
    const { plan } = await planOf(host);
    expect(plan.layouts.lines).toMatchObject({ nextRow: LAST_LINE_ROW, endRow: LAST_LINE_ROW + 1 });
    const add = addLineChanges(plan, newLine());
    // The outcome names what was written, as every host does: the expectation writes nothing.
    expect(await host.apply(add.changes)).toEqual({ ok: true, written: [describeChange(setCellsOf(add.changes))] });
    expect(fake.value(LINES.sheet, `A${LAST_LINE_ROW + 1}`)).toBe("CRG-07");
    expect(fake.tableState(LINES.table)?.height).toBe(SEFTON.lines.length + 1);
  });

  it("refuses, writing nothing, when a co-author typed into that row between the read and the write", async () => {
    const { fake, host } = await withBlankRow();
    const { plan } = await planOf(host);
    const add = addLineChanges(plan, newLine());
    // A co-author's line arrives after the pane read the workbook.
    fake.type(LINES.sheet, `D${LAST_LINE_ROW + 1}`, "Street lighting survey");
    const logBefore = fake.log.length;
    const outcome = await host.apply(add.changes);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringContaining("no longer blank"),
      written: [],
      notWritten: [describeChange(setCellsOf(add.changes))],
    });
    expect(fake.log.slice(logBefore).every((op) => op.kind === "load")).toBe(true);
    expect(fake.value(LINES.sheet, `D${LAST_LINE_ROW + 1}`)).toBe("Street lighting survey");
    expect(fake.value(LINES.sheet, `A${LAST_LINE_ROW + 1}`)).toBeNull();
  });

  it("refuses as well when the co-author's edit lands just before the write's own check", async () => {
    const { fake, host } = await withBlankRow();
    const { plan } = await planOf(host);
    const add = addLineChanges(plan, newLine());
    const applyRun = fake.runs.length + 1;
    fake.beforeSync = (sync, run) => {
      if (run === applyRun && sync === 1) fake.type(LINES.sheet, `A${LAST_LINE_ROW + 1}`, "CRG-08");
    };
    const outcome = await host.apply(add.changes);
    expect(outcome.ok).toBe(false);
    expect(fake.value(LINES.sheet, `A${LAST_LINE_ROW + 1}`)).toBe("CRG-08");
    expect(fake.value(LINES.sheet, `D${LAST_LINE_ROW + 1}`)).toBeNull();
  });
});

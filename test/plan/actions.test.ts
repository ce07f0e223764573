/**
 * User actions as pure functions: setting a workbook up, saving allocations, adding a
 * line and splitting an amount. Each is applied to an in-memory workbook and re-read.
 */
import { addLineChanges, allocationChanges, type LineInput, nextLineId, setupChanges, splitAcross } from "../../src/plan/actions";
import { type CellInput, type Change, isFormulaInput } from "../../src/plan/changes";
import { money } from "../../src/plan/money";
import type { Plan } from "../../src/plan/model";
import { LINES, META_SHEET, PROGRESS_SHEET, RETURN_TABLES, SCHEMA_VERSION, STATUS_KEY, TABLES, TARGET_PROFILE, TARGET_PROFILE_FIRST_COLUMN } from "../../src/plan/schema";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { BLANK_PLAN, type PlanData } from "../../src/plan/template";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { checked, EXAMPLE_RETURNS_ALL_IN, exampleWorkbook, memoryPlan, newLine, planFindings } from "../support/plans";
import { memoryFromRaw, rawPlan, withHeaders } from "../support/raw";

/** Every cell of every sheet, keyed "Sheet!A1", plus the tables' extents. */
/** What people typed: values, and formulas by their text (a recalculated result is not a write). */
function snapshot(wb: MemoryWorkbook): { cells: Map<string, CellInput>; tables: string } {
  const cells = new Map<string, CellInput>();
  for (const s of wb.sheets) {
    for (const [address, value] of s.cells) {
      cells.set(`${s.name}!${address}`, value !== null && isFormulaInput(value) ? { formula: value.formula } : value);
    }
  }
  return { cells, tables: JSON.stringify(wb.tables) };
}

function changedCells(before: Map<string, CellInput>, after: Map<string, CellInput>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => JSON.stringify(before.get(k) ?? null) !== JSON.stringify(after.get(k) ?? null)).sort();
}

async function apply(wb: MemoryWorkbook, changes: readonly Change[]): Promise<void> {
  const outcome = await wb.apply(changes);
  if (!outcome.ok) throw new Error(outcome.message);
}

function table(wb: MemoryWorkbook, name: string): { height: number } {
  const t = wb.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}


const ONE_GRANT: PlanData = { grants: SEFTON_2020_21.grants.slice(0, 1), lines: [], measures: [] };

describe("setupChanges", () => {
  it("sets an empty workbook up: four sheets with tables at A1, then the hidden settings sheet", async () => {
    const wb = new MemoryWorkbook();
    const { changes, findings } = setupChanges(await wb.read(), BLANK_PLAN, "blank", "Grant Planner 0.1.0");
    expect(findings).toEqual([]);
    expect(changes.map((c) => [c.kind, c.sheet])).toEqual([
      ["createSheet", "Grants"],
      ["createTable", "Grants"],
      ["createSheet", "Priority areas"],
      ["createTable", "Priority areas"],
      ["createSheet", "Lines"],
      ["createTable", "Lines"],
      ["createSheet", "Measures"],
      ["createTable", "Measures"],
      ["createSheet", "Status key"],
      ["createTable", "Status key"],
      ["createSheet", "Profiles"],
      ["createTable", "Profiles"],
      ["createTable", "Profiles"],
      ["createSheet", "Line returns"],
      ["createTable", "Line returns"],
      ["createSheet", "Measure returns"],
      ["createTable", "Measure returns"],
      ["createSheet", "Return changes"],
      ["createTable", "Return changes"],
      ["createSheet", META_SHEET],
      ["setCells", META_SHEET],
      // Last, the Progress sheet, whose formulas name everything above (test/plan/returns/linked.test.ts).
      ["createSheet", PROGRESS_SHEET],
      ["setCells", PROGRESS_SHEET],
      ...Array.from({ length: 5 }, () => ["conditionalFormat", PROGRESS_SHEET]),
      ["createTable", PROGRESS_SHEET],
      ["createTable", PROGRESS_SHEET],
    ]);
    for (const c of changes) {
      if (c.kind === "createTable" && c.table !== STATUS_KEY.table && c.sheet !== PROGRESS_SHEET) {
        const spec = [...TABLES, ...RETURN_TABLES].find((t) => t.table === c.table);
        expect(spec?.sheet).toBe(c.sheet);
        expect(c.columns.map((x) => x.header)).toEqual(spec?.columns.map((x) => x.header));
        // An empty table still gets the one body row Excel requires: blank but for its formulas.
        expect([c.headerRow, c.firstColumn, c.rows.length]).toEqual([0, c.table === TARGET_PROFILE.table ? TARGET_PROFILE_FIRST_COLUMN : 0, 1]);
        expect(c.rows[0]?.every((v) => v === null || isFormulaInput(v))).toBe(true);
      }
    }
    expect(changes.find((c) => c.kind === "createSheet" && c.sheet === META_SHEET)).toMatchObject({ hidden: true });

    await apply(wb, changes);
    expect(wb.value(META_SHEET, "B2")).toBe(SCHEMA_VERSION);
    expect(wb.value(META_SHEET, "B3")).toBe("Grant Planner 0.1.0");
    expect(wb.value(META_SHEET, "B4")).toBe("blank");
    const { plan, findings: after } = await checked(wb);
    expect(after).toEqual([]);
    expect([plan.grants, plan.lines, plan.measures, plan.areas]).toEqual([[], [], [], []]);
  });

  it("leaves a workbook that has unrelated sheets alone apart from adding its own", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("Sheet1");
    wb.setValue("Sheet1", "A1", "keep me");
    const { changes, findings } = setupChanges(await wb.read(), SEFTON_2020_21, "sefton-2020-21", "tests");
    expect(findings).toEqual([]);
    await apply(wb, changes);
    expect(wb.value("Sheet1", "A1")).toBe("keep me");
    expect((await checked(wb, { asAt: EXAMPLE_RETURNS_ALL_IN })).findings).toEqual([]);
  });

  it("changes nothing in a workbook that already is a plan", async () => {
    const wb = await exampleWorkbook();
    expect(setupChanges(await wb.read(), SEFTON_2020_21, "sefton-2020-21", "tests")).toEqual({ changes: [], findings: [] });
  });

  it("refuses, changing nothing, when a foreign Lines sheet is in the way", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("Lines");
    wb.setValue("Lines", "A1", "bus routes");
    const { changes, findings } = setupChanges(await wb.read(), BLANK_PLAN, "blank", "tests");
    expect(changes).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ code: "SHEET_IN_THE_WAY", severity: "error", sheet: "Lines", cell: "A1" })]);
  });

  it("refuses when a table of the same name sits on another sheet, naming its first cell", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("Budget");
    wb.tables.push({ name: "TBLLINES", sheet: "Budget", headerRow: 3, firstColumn: 1, width: 2, height: 0 });
    const { changes, findings } = setupChanges(await wb.read(), BLANK_PLAN, "blank", "tests");
    expect(changes).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ code: "SHEET_IN_THE_WAY", sheet: "Budget", cell: "B4" })]);
    expect(findings[0]?.message).toContain("TBLLINES");
  });

  it("names every sheet in the way, the hidden settings sheet name included", async () => {
    const wb = new MemoryWorkbook();
    wb.addSheet("GRANTS");
    wb.addSheet("measures", true);
    const { changes, findings } = setupChanges({ ...(await wb.read()), meta: null }, BLANK_PLAN, "blank", "tests");
    expect(changes).toEqual([]);
    expect(findings.map((f) => f.sheet)).toEqual(["GRANTS", "measures"]);
  });
});

describe("allocationChanges", () => {
  async function example(): Promise<{ wb: MemoryWorkbook; plan: Plan }> {
    const wb = await exampleWorkbook();
    return { wb, plan: (await checked(wb)).plan };
  }

  it("writes only the Allocation cells of the named lines", async () => {
    const { wb, plan } = await example();
    const result = allocationChanges(plan, [
      { lineId: "CRG-01", amount: money("120000") },
      { lineId: "vrp-02", amount: money("50000.5") },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.changes).toEqual([
      {
        kind: "setCells",
        sheet: "Lines",
        cells: [
          { address: "F2", value: 120000 },
          { address: "F9", value: 50000.5 },
        ],
        label: "Set the allocations of 2 lines: CRG-01 (Lines!F2) to £120,000.00, VRP-02 (Lines!F9) to £50,000.50",
      },
    ]);

    const before = snapshot(wb);
    await apply(wb, result.changes);
    const after = snapshot(wb);
    expect(changedCells(before.cells, after.cells)).toEqual(["Lines!F2", "Lines!F9"]);
    expect(after.tables).toBe(before.tables);
    expect(wb.value("Lines", "F2")).toBe(120000);
  });

  it("writes nothing for an empty edit", async () => {
    const { plan } = await example();
    expect(allocationChanges(plan, [])).toEqual({ changes: [], findings: [] });
  });

  it("finds a line by ID wherever it was sorted to", async () => {
    const { wb } = await example();
    // Swap CRG-01 and CRG-02 by ID only: the line is found by its ID, not its position.
    wb.setValue("Lines", "A2", "CRG-02");
    wb.setValue("Lines", "A3", "CRG-01");
    const { plan } = await checked(wb);
    const result = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("1") }]);
    expect(result.changes).toEqual([{ kind: "setCells", sheet: "Lines", cells: [{ address: "F3", value: 1 }], label: "Set the allocation of CRG-01 (Lines!F3) to £1.00" }]);
  });

  it("refuses the whole edit for a line that is not there", async () => {
    const { plan } = await example();
    const result = allocationChanges(plan, [
      { lineId: "CRG-01", amount: money("1") },
      { lineId: "CRG-99", amount: money("1") },
    ]);
    expect(result.changes).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ code: "LINE_UNKNOWN", severity: "error", sheet: "Lines" })]);
    expect(result.findings[0]?.message).toContain("CRG-99");
  });

  it("refuses a line ID that is used twice", async () => {
    const { wb } = await example();
    wb.setValue("Lines", "A3", "crg-01");
    const { plan } = await checked(wb);
    const result = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("1") }]);
    expect(result.changes).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ code: "ID_DUPLICATE", severity: "error" })]);
    expect(result.findings[0]?.message).toContain("2 times");
  });

  it.each([
    ["-1.00", "AMOUNT_NEGATIVE"],
    ["-0.001", "AMOUNT_NEGATIVE"],
    ["0.001", "AMOUNT_SUB_PENNY"],
    ["119000.999", "AMOUNT_SUB_PENNY"],
  ])("refuses %s (%s) at the line's Allocation cell", async (amount, code) => {
    const { plan } = await example();
    const result = allocationChanges(plan, [{ lineId: "CRG-01", amount: money(amount) }]);
    expect(result.changes).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ code, severity: "error", sheet: "Lines", cell: "F2" })]);
  });

  it("accepts zero", async () => {
    const { plan } = await example();
    expect(allocationChanges(plan, [{ lineId: "CRG-01", amount: money("0") }]).changes).toHaveLength(1);
  });

  it("refuses when the Allocation column is gone", async () => {
    const { wb } = await example();
    wb.setValue("Lines", "F1", "Budget");
    const { plan } = await checked(wb);
    const result = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("1") }]);
    expect(result.changes).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ code: "TABLE_MISSING", sheet: "Lines" })]);
  });

  it("writes into a moved, reordered table at the right cell", () => {
    const headers = ["Notes", ...LINES.columns.map((c) => c.header).filter((h) => h !== "Notes").reverse()];
    const raw = withHeaders(rawPlan(SEFTON_2020_21, { lines: { headerRow: 2, firstColumn: 3 } }), "tblLines", headers);
    const wb = memoryFromRaw(raw);
    return checked(wb, { asAt: EXAMPLE_RETURNS_ALL_IN }).then(({ plan, findings }) => {
      expect(findings).toEqual([]);
      // New order: Notes, Measures, Expected outcomes, Priority areas, Reserve, Allocation, … so
      // Allocation is column D + 5 = I; the header is on row 3, so CRG-01 is on row 4.
      const result = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("2") }]);
      expect(result.changes).toEqual([{ kind: "setCells", sheet: "Lines", cells: [{ address: "I4", value: 2 }], label: "Set the allocation of CRG-01 (Lines!I4) to £2.00" }]);
    });
  });
});

describe("addLineChanges", () => {
  it("fills the trailing blank row of a blank plan's table instead of appending", async () => {
    const wb = await memoryPlan(ONE_GRANT);
    // Excel (and exceljs) always give a new table one blank body row.
    table(wb, "tblLines").height = 1;
    const { plan } = await checked(wb);
    expect(plan.layouts.lines).toMatchObject({ nextRow: 1, endRow: 2 });

    const result = addLineChanges(plan, newLine({ id: "CRG-01", allocation: "332000.00" }));
    expect(result.findings).toEqual([]);
    expect(result.changes.map((c) => c.kind)).toEqual(["expect", "setCells"]);
    const change = result.changes[1];
    if (change?.kind !== "setCells") throw new Error(`expected setCells, got ${change?.kind}`);
    expect(change.sheet).toBe("Lines");
    expect(change.cells.map((c) => c.address)).toEqual(["A2", "B2", "C2", "D2", "E2", "F2", "G2", "H2", "I2", "J2", "K2"]);
    expect(change.cells.map((c) => c.value).slice(0, 7)).toEqual(["CRG-01", "CRG", "Domestic Abuse", "Target hardening for repeat victims", "Sefton Council", 332000, "No"]);
    expect(change.cells[10]?.value).toEqual({ formula: LINES.columns[10]?.formula, result: 0 });

    await apply(wb, result.changes);
    expect(table(wb, "tblLines").height).toBe(1);
    const written = await checked(wb);
    expect(written.plan.lines.map((l) => [l.id, l.allocation?.toFixed(2), l.row])).toEqual([["CRG-01", "332000.00", 1]]);
    // The memory host, like the .xlsx host, stores the core's results of the plan's own
    // formula columns after a write, so Allocated and Unallocated are not stale: only the
    // real gap remains.
    expect(planFindings(written.findings).map((f) => [f.code, f.cell])).toEqual([["LINE_WITHOUT_MEASURES", "A2"]]);
    expect(wb.value("Grants", "F2")).toBe(332000);
    const after = await checked(wb);
    expect(planFindings(after.findings).map((f) => f.code)).toEqual(["LINE_WITHOUT_MEASURES"]);
  });

  it("fills the blank body row that a new empty table always has", async () => {
    const wb = await memoryPlan(ONE_GRANT);
    const { plan } = await checked(wb);
    const result = addLineChanges(plan, newLine({ id: "CRG-01" }));
    expect(result.changes.map((c) => c.kind)).toEqual(["expect", "setCells"]);
    await apply(wb, result.changes);
    expect(table(wb, "tblLines").height).toBe(1);
    expect(wb.value("Lines", "A2")).toBe("CRG-01");
  });

  it("appends directly below a full table", async () => {
    const wb = await exampleWorkbook();
    const { plan } = await checked(wb);
    const id = nextLineId(plan, "CRG");
    expect(id).toBe("CRG-07");
    const result = addLineChanges(plan, newLine({ id }));
    expect(result.findings).toEqual([]);
    const change = result.changes[0];
    if (change?.kind !== "appendRows") throw new Error(`expected appendRows, got ${change?.kind}`);
    expect(change.table).toBe("tblLines");
    expect(change.rows).toHaveLength(1);
    expect(change.rows[0]).toHaveLength(LINES.columns.length);

    const before = snapshot(wb);
    await apply(wb, result.changes);
    const after = snapshot(wb);
    expect(changedCells(before.cells, after.cells).every((k) => /^Lines![A-K]13$/.test(k))).toBe(true);
    expect(table(wb, "tblLines").height).toBe(12);
    const reread = await checked(wb);
    expect(reread.plan.lines.at(-1)).toMatchObject({ id: "CRG-07", grantId: "CRG", row: 12 });
    expect(planFindings(reread.findings).map((f) => [f.code, f.cell])).toEqual([["LINE_WITHOUT_MEASURES", "A13"]]);
  });

  it("fills the first of several trailing blank rows", async () => {
    const wb = await exampleWorkbook();
    table(wb, "tblLines").height += 3;
    const { plan } = await checked(wb);
    const change = addLineChanges(plan, newLine()).changes[1];
    if (change?.kind !== "setCells") throw new Error("expected setCells");
    expect(change.cells[0]?.address).toBe("A13");
  });

  it("respects a table whose columns were reordered and extended", async () => {
    const headers = ["Allocation", "Line ID", "My RAG", ...LINES.columns.map((c) => c.header).filter((h) => h !== "Allocation" && h !== "Line ID")];
    const wb = memoryFromRaw(withHeaders(rawPlan(SEFTON_2020_21, { lines: { firstColumn: 1 } }), "tblLines", headers));
    const { plan, findings } = await checked(wb, { asAt: EXAMPLE_RETURNS_ALL_IN });
    expect(findings).toEqual([]);
    const result = addLineChanges(plan, newLine({ allocation: "1250.00", isReserve: true }));
    const change = result.changes[0];
    if (change?.kind !== "appendRows") throw new Error("expected appendRows");
    const row = change.rows[0] ?? [];
    expect(row.slice(0, 4)).toEqual([1250, "CRG-07", null, "CRG"]);
    expect(row).toHaveLength(headers.length);

    await apply(wb, result.changes);
    // Body row 12 of a table headed on row 1 from column B: sheet row 13.
    expect([wb.value("Lines", "B13"), wb.value("Lines", "C13"), wb.value("Lines", "D13")]).toEqual([1250, "CRG-07", null]);
    const reread = await checked(wb);
    expect(reread.plan.lines.at(-1)).toMatchObject({ id: "CRG-07", grantId: "CRG", isReserve: true, activity: "Target hardening for repeat victims" });
    expect(reread.plan.lines.at(-1)?.allocation?.toFixed(2)).toBe("1250.00");
  });

  it.each<[string, Partial<LineInput>, string]>([
    ["no ID", { id: "  " }, "ID_MISSING"],
    ["an ID already used (case ignored)", { id: "crg-01" }, "ID_DUPLICATE"],
    ["an unknown grant", { grantId: "HO" }, "GRANT_UNKNOWN"],
    ["no activity", { activity: "" }, "VALUE_MISSING"],
  ])("refuses a line with %s", async (_what, over, code) => {
    const { plan } = await checked(await exampleWorkbook());
    const result = addLineChanges(plan, newLine(over));
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.sheet, f.cell])).toEqual([[code, "Lines", "A13"]]);
  });
});

describe("nextLineId", () => {
  it("follows the highest number of the grant's lines", async () => {
    const { plan } = await checked(await exampleWorkbook());
    expect(nextLineId(plan, "CRG")).toBe("CRG-07");
    expect(nextLineId(plan, "VRP")).toBe("VRP-06");
    expect(nextLineId(plan, "HO")).toBe("HO-01");
  });

  it("skips gaps and IDs that are not numbered", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "A3", "CRG-09");
    wb.setValue("Lines", "A4", "CRG-extra");
    const { plan } = await checked(wb);
    expect(nextLineId(plan, "CRG")).toBe("CRG-10");
  });
});

describe("splitAcross", () => {
  const ids = ["VRP-02a", "VRP-02b", "VRP-02c", "VRP-02d", "VRP-02e", "VRP-02f"];

  it("splits £60,000 equally across six providers: 6 × £10,000.00", () => {
    const shares = splitAcross(ids, money("60000"));
    expect(shares.map((s) => [s.lineId, s.amount.toFixed(2)])).toEqual(ids.map((id) => [id, "10000.00"]));
  });

  it("hands leftover pennies out so the shares add up to the total", () => {
    const shares = splitAcross(["a", "b", "c"], money("100"));
    expect(shares.map((s) => s.amount.toFixed(2))).toEqual(["33.34", "33.33", "33.33"]);
  });

  it("splits by weights", () => {
    expect(splitAcross(["a", "b", "c"], money("60000"), [money(1), money(2), money(3)]).map((s) => s.amount.toFixed(2))).toEqual([
      "10000.00",
      "20000.00",
      "30000.00",
    ]);
    // 16.666…, 33.333…, 50: the first share lost most to flooring, so it takes the leftover penny.
    expect(splitAcross(["a", "b", "c"], money("100"), [money(1), money(2), money(3)]).map((s) => s.amount.toFixed(2))).toEqual([
      "16.67",
      "33.33",
      "50.00",
    ]);
  });

  it("its shares can be saved with allocationChanges", async () => {
    const { plan } = await checked(await exampleWorkbook());
    const shares = splitAcross(["CRG-01", "CRG-02"], money("169000"), [money(119), money(50)]);
    const result = allocationChanges(plan, shares);
    expect(result.changes).toEqual([
      {
        kind: "setCells",
        sheet: "Lines",
        cells: [
          { address: "F2", value: 119000 },
          { address: "F3", value: 50000 },
        ],
        label: "Set the allocations of 2 lines: CRG-01 (Lines!F2) to £119,000.00, CRG-02 (Lines!F3) to £50,000.00",
      },
    ]);
  });
});

describe("allocationChanges: the co-authoring guard in the write itself", () => {
  it("refuses the whole write, writing nothing, when the row no longer holds the line that was read", async () => {
    const wb = await exampleWorkbook();
    const raw = await wb.read();
    const { plan } = await checked(wb);
    const result = allocationChanges(plan, [{ lineId: "CRG-01", amount: money("120000.00") }], raw);
    expect(result.changes.map((c) => c.kind)).toEqual(["expect", "setCells"]);
    // Between the read and the write a co-author sorts the Lines table: rows 2 and 3 swap.
    const row2 = [wb.input("Lines", "A2"), wb.input("Lines", "F2")] as const;
    const row3 = [wb.input("Lines", "A3"), wb.input("Lines", "F3")] as const;
    wb.setValue("Lines", "A2", row3[0]);
    wb.setValue("Lines", "F2", row3[1]);
    wb.setValue("Lines", "A3", row2[0]);
    wb.setValue("Lines", "F3", row2[1]);
    const outcome = await wb.apply(result.changes);
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/Line CRG-01 changed in the workbook after it was read/), written: [], notWritten: [expect.stringContaining("CRG-01")] });
    // The line now on row 2 keeps its own allocation; CRG-01 (now row 3) keeps £119,000.00.
    expect(wb.input("Lines", "F2")).toEqual(row3[1]);
    expect(wb.value("Lines", "F3")).toBe(119000);
  });
});

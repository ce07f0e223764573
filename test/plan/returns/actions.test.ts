/**
 * Actions on quarterly returns: upgrading a version-1 plan (without touching anything a
 * person typed), and submitting a quarter's returns (checked first, then one guarded batch).
 */
import { setupChanges } from "../../../src/plan/actions";
import { a1 } from "../../../src/plan/cell";
import type { Change, CellInput } from "../../../src/plan/changes";
import { checkWorkbook } from "../../../src/plan/checks";
import { SEFTON_2020_21 } from "../../../src/plan/examples/sefton-2020-21";
import type { Plan } from "../../../src/plan/model";
import type { RawWorkbook } from "../../../src/plan/raw";
import { type ReturnSubmission, submissionDiff, submitReturnsChanges } from "../../../src/plan/returns/actions";
import { upgradeChanges } from "../../../src/plan/returns/upgrade";
import {
  LINE_RETURNS,
  LINES,
  MEASURE_RETURNS,
  META_SHEET,
  PROGRESS_SHEET,
  RETURN_CHANGES,
  RETURN_TABLES,
  SPEND_PROFILE,
  TABLES,
  TARGET_PROFILE,
  TARGET_PROFILE_FIRST_COLUMN,
} from "../../../src/plan/schema";
import { BLANK_PLAN, excelDateTime, type PlanData } from "../../../src/plan/template";
import { MemoryWorkbook } from "../../../src/workbook/memory";
import { codes, memoryPlan } from "../../support/plans";
import { memoryFromRaw, rawPlan, rawPlanV1, withCell, withHeaders } from "../../support/raw";

const NOW = new Date("2020-10-20T09:05:00Z");
const WHO = "Youth service lead";

/** The example's plan content without its returns: what a version-1 plan held. */
const V1_CONTENT: PlanData = { grants: SEFTON_2020_21.grants, lines: SEFTON_2020_21.lines, measures: SEFTON_2020_21.measures };

function read(raw: RawWorkbook): { plan: Plan; findings: readonly string[] } {
  const result = checkWorkbook(raw);
  if (result.status !== "plan") throw new Error(result.reason);
  return { plan: result.plan, findings: codes(result.findings) };
}

/** Every cell of a sheet as stored (formulas with their stored results), sorted by address. */
function cellsOf(wb: MemoryWorkbook, sheet: string): [string, CellInput][] {
  return [...(wb.sheet(sheet)?.cells.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b));
}

async function apply(wb: MemoryWorkbook, changes: readonly Change[]): Promise<void> {
  const outcome = await wb.apply(changes);
  if (!outcome.ok) throw new Error(outcome.message);
}

describe("upgradeChanges", () => {
  /** A version-1 plan as people leave it: an extra column, a formula allocation, notes, a sheet of their own. */
  function livedInV1(): MemoryWorkbook {
    let raw = rawPlanV1(V1_CONTENT);
    raw = withHeaders(raw, LINES.table, [...LINES.columns.map((c) => c.header), "My RAG"], (_h, r) => (r % 2 === 0 ? "R" : "G"));
    raw = withCell(raw, LINES.sheet, "F3", 50000, "25000*2");
    raw = withCell(raw, LINES.sheet, "J4", "Chase the hate crime report for Q1");
    const wb = memoryFromRaw(raw);
    wb.addSheet("Board notes");
    wb.setValue("Board notes", "B7", "Virement from VRP-05 discussed");
    return wb;
  }

  it("adds the returns tables and schema version 2 and leaves every cell a person typed exactly as it was", async () => {
    const wb = livedInV1();
    const sheets = [...TABLES.map((t) => t.sheet), "Board notes"];
    const before = sheets.map((s) => cellsOf(wb, s));
    const metaBefore = cellsOf(wb, META_SHEET);
    const raw = await wb.read();
    const { plan, findings } = read(raw);
    expect(plan.schemaVersion).toBe(1);
    expect(findings).toContain("PLAN_OLDER_VERSION");

    const result = upgradeChanges(raw, plan, "Finance officer");
    expect(result.findings).toEqual([]);
    // Nothing is written to a version-1 sheet; only the settings sheet's version cell changes, and the new Progress sheet is written last.
    const firstOnProgress = result.changes.findIndex((c) => c.sheet === PROGRESS_SHEET);
    expect(firstOnProgress).toBeGreaterThan(0);
    expect(result.changes.slice(firstOnProgress).every((c) => c.sheet === PROGRESS_SHEET)).toBe(true);
    const written = result.changes.slice(0, firstOnProgress).filter((c) => c.kind !== "expect" && c.kind !== "createSheet" && c.kind !== "createTable");
    expect(written).toEqual([expect.objectContaining({ kind: "setCells", sheet: META_SHEET, cells: [{ address: "B2", value: 2 }] })]);
    await apply(wb, result.changes);

    expect(sheets.map((s) => cellsOf(wb, s))).toEqual(before);
    expect(cellsOf(wb, META_SHEET)).toEqual(metaBefore.map(([address, value]) => [address, address === "B2" ? 2 : value]));

    const after = read(await wb.read());
    expect(after.plan.schemaVersion).toBe(2);
    expect(after.findings).not.toContain("PLAN_OLDER_VERSION");
    expect(after.findings).not.toContain("TABLE_MISSING");
    expect(after.plan.returns?.spendProfiles.map((p) => [p.lineId, p.quarters.every((q) => q === null)])).toEqual(V1_CONTENT.lines.map((l) => [l.id, true]));
    expect(after.plan.returns?.targetProfiles.map((p) => [p.measureId, p.profile])).toEqual(V1_CONTENT.measures.map((m) => [m.id, "even"]));
    expect(after.plan.returns?.statusKey.map((k) => k.status)).toEqual(["Blue", "Green", "Amber", "Red"]);
    const targets = wb.tables.find((t) => t.name === TARGET_PROFILE.table);
    expect([targets?.sheet, targets?.firstColumn]).toEqual([SPEND_PROFILE.sheet, TARGET_PROFILE_FIRST_COLUMN]);
    // A plan that is version 2 needs nothing more.
    expect(upgradeChanges(await wb.read(), after.plan, "Finance officer")).toEqual({ changes: [], findings: [] });
  });

  it("refuses, writing nothing, when a sheet or table of a returns name is already there", async () => {
    const wb = livedInV1();
    wb.addSheet("profiles");
    wb.setValue("profiles", "A1", "our own profiles");
    wb.addSheet("Budget");
    wb.tables.push({ name: "TBLLINERETURNS", sheet: "Budget", headerRow: 2, firstColumn: 1, width: 2, height: 1 });
    const raw = await wb.read();
    const result = upgradeChanges(raw, read(raw).plan, "Finance officer");
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.sheet, f.cell])).toEqual([
      ["SHEET_IN_THE_WAY", "profiles", "A1"],
      ["SHEET_IN_THE_WAY", "Budget", "B3"],
    ]);
  });

  it("is refused by the host, writing nothing, when the schema version is no longer in B2", async () => {
    const wb = livedInV1();
    const raw = await wb.read();
    const result = upgradeChanges(raw, read(raw).plan, "Finance officer");
    wb.setValue(META_SHEET, "A2", "Reviewed by");
    const outcome = await wb.apply(result.changes);
    expect(outcome).toMatchObject({ ok: false, written: [] });
    expect(wb.sheet("Line returns")).toBeUndefined();
  });
});

describe("submitReturnsChanges", () => {
  const line = (over: Partial<ReturnSubmission["lines"][number]> = {}): ReturnSubmission["lines"][number] => ({
    lineId: "CRG-04",
    year: "2020/21",
    quarter: 2,
    spend: "15,200.00",
    status: "Green",
    commentary: "Team back to full strength.",
    risks: "",
    ...over,
  });
  const measure = (over: Partial<ReturnSubmission["measures"][number]> = {}): ReturnSubmission["measures"][number] => ({
    measureId: "CRG-04.1",
    year: "2020/21",
    quarter: 3,
    value: "64",
    status: "",
    comment: "",
    ...over,
  });
  const example = (): { raw: RawWorkbook; plan: Plan } => {
    const raw = rawPlan(SEFTON_2020_21);
    return { raw, plan: read(raw).plan };
  };

  it.each<[string, ReturnSubmission, string]>([
    ["an amount that is not whole pennies", { lines: [line({ spend: "12.345" })], measures: [] }, "RETURN_VALUE_INVALID"],
    ["an amount that is not a number", { lines: [line({ spend: "about 15k" })], measures: [] }, "RETURN_VALUE_INVALID"],
    ["a negative spend", { lines: [line({ spend: "-200" })], measures: [] }, "RETURN_VALUE_INVALID"],
    ["another financial year than the grant's", { lines: [line({ year: "2021/22" })], measures: [] }, "RETURN_QUARTER_INVALID"],
    ["a status not in the key", { lines: [line({ status: "Purple" })], measures: [] }, "STATUS_UNKNOWN"],
    ["no status for a line", { lines: [line({ status: " " })], measures: [] }, "STATUS_UNKNOWN"],
    ["a line that is not in the plan", { lines: [line({ lineId: "CRG-99" })], measures: [] }, "RETURN_UNKNOWN"],
    ["the same line and quarter twice", { lines: [line(), line({ lineId: "crg-04" })], measures: [] }, "RETURN_DUPLICATE"],
    ["a negative count", { lines: [], measures: [measure({ value: "-3" })] }, "RETURN_VALUE_INVALID"],
    ["text for a count", { lines: [], measures: [measure({ value: "lots" })] }, "RETURN_VALUE_INVALID"],
    ["a fraction for a count", { lines: [], measures: [measure({ value: "2.5" })] }, "RETURN_VALUE_INVALID"],
    ["a measure that is not in the plan", { lines: [], measures: [measure({ measureId: "CRG-04.9" })] }, "RETURN_UNKNOWN"],
  ])("refuses %s with a finding and writes nothing", (_what, submission, code) => {
    const { raw, plan } = example();
    const result = submitReturnsChanges(raw, plan, submission, WHO, NOW);
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([[code, "error"]]);
    expect(result.findings[0]?.message).toMatch(/no returns were written/i);
  });

  it("refuses a percentage over 100", () => {
    const data: PlanData = {
      ...V1_CONTENT,
      measures: [{ id: "P.1", lineId: "CRG-01", description: "Share of young people who stay engaged", kind: "percentage", target: 75, unit: "%", baseline: null, notes: "" }],
    };
    const raw = rawPlan(data);
    const result = submitReturnsChanges(raw, read(raw).plan, { lines: [], measures: [measure({ measureId: "P.1", value: "101" })] }, WHO, NOW);
    expect(codes(result.findings)).toEqual(["RETURN_VALUE_INVALID"]);
    expect(submitReturnsChanges(raw, read(raw).plan, { lines: [], measures: [measure({ measureId: "P.1", value: "99.5" })] }, WHO, NOW).findings).toEqual([]);
  });

  it("refuses a version-1 plan: it has no returns tables until it is upgraded", () => {
    const raw = rawPlanV1(V1_CONTENT);
    expect(codes(submitReturnsChanges(raw, read(raw).plan, { lines: [line()], measures: [] }, WHO, NOW).findings)).toEqual(["PLAN_OLDER_VERSION"]);
  });

  it("writes a status given by its meaning, in any case, as the key's word; a blank value for a narrative", async () => {
    const wb = await memoryPlan(SEFTON_2020_21);
    const raw = await wb.read();
    const result = submitReturnsChanges(raw, read(raw).plan, { lines: [line({ status: "on hold" })], measures: [measure({ measureId: "VRP-01.2", value: "", status: "complete", comment: "Done" })] }, WHO, NOW);
    expect(result.findings).toEqual([]);
    await apply(wb, result.changes);
    const after = read(await wb.read()).plan.returns;
    expect(after?.lineReturns.find((r) => r.lineId === "CRG-04" && r.quarter === 2)).toMatchObject({ status: "Amber", enteredBy: WHO, enteredOn: excelDateTime("2020-10-20T10:05") });
    expect(after?.measureReturns.find((r) => r.measureId === "VRP-01.2" && r.quarter === 3)).toMatchObject({ status: "Blue", value: null, comment: "Done" });
  });

  it("fills a new table's blank body row first, then appends below it, each guarded", async () => {
    const wb = await memoryPlan({ ...V1_CONTENT });
    const raw = await wb.read();
    const result = submitReturnsChanges(raw, read(raw).plan, { lines: [line({ lineId: "CRG-01", quarter: 1 }), line({ lineId: "CRG-02", quarter: 1 })], measures: [] }, WHO, NOW);
    expect(result.findings).toEqual([]);
    expect(result.changes.map((c) => c.kind)).toEqual(["expect", "setCells", "appendRows"]);
    const guard = result.changes[0];
    expect(guard?.kind === "expect" ? guard.cells.map((c) => [c.address, c.value]) : []).toEqual(LINE_RETURNS.columns.map((_, i) => [a1(1, i), null]));
    await apply(wb, result.changes);
    expect(read(await wb.read()).plan.returns?.lineReturns.map((r) => [r.lineId, r.row, r.spend?.toFixed(2)])).toEqual([
      ["CRG-01", 1, "15200.00"],
      ["CRG-02", 2, "15200.00"],
    ]);
  });

  it("refuses to append over a person's cells below the table", () => {
    const raw = rawPlan(SEFTON_2020_21, { lineReturns: { below: ["note to self"] } });
    const result = submitReturnsChanges(raw, read(raw).plan, { lines: [line()], measures: [] }, WHO, NOW);
    expect(result.changes).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.sheet, f.cell])).toEqual([["ROW_BELOW_NOT_EMPTY", LINE_RETURNS.sheet, `A${(SEFTON_2020_21.returns?.lineReturns?.length ?? 0) + 2}`]]);
  });

  it("writes nothing for a re-submitted return that has not changed", () => {
    const { raw, plan } = example();
    const crg01 = plan.returns?.lineReturns.find((r) => r.lineId === "CRG-01" && r.quarter === 2);
    if (!crg01) throw new Error("no CRG-01 Q2");
    const same: ReturnSubmission = { lines: [line({ lineId: "CRG-01", spend: "40100", status: "Green", commentary: crg01.commentary, risks: crg01.risks })], measures: [] };
    expect(submitReturnsChanges(raw, plan, same, WHO, NOW)).toEqual({ changes: [], findings: [] });
    expect(submissionDiff(plan, same)).toEqual({ updates: [], unchanged: ["CRG-01 2020/21 Q2"], added: [] });
  });

  it("shows old → new for a measure's return, and logs it with who and when on submit", async () => {
    const wb = await memoryPlan(SEFTON_2020_21);
    const raw = await wb.read();
    const { plan } = read(raw);
    const submission: ReturnSubmission = { lines: [], measures: [measure({ quarter: 2, value: "72", status: "Green", comment: "Two more sessions counted late." })] };
    expect(submissionDiff(plan, submission).updates).toEqual([
      {
        table: MEASURE_RETURNS.table,
        key: "CRG-04.1 2020/21 Q2",
        id: "CRG-04.1",
        changes: [
          { column: "Value in quarter", oldValue: "70", newValue: "72" },
          { column: "Comment", oldValue: "", newValue: "Two more sessions counted late." },
        ],
      },
    ]);
    const result = submitReturnsChanges(raw, plan, submission, WHO, NOW);
    await apply(wb, result.changes);
    const log = read(await wb.read()).plan.returns?.changes.map((c) => [c.table, c.key, c.column, c.oldValue, c.newValue, c.changedBy, c.changedOn]);
    const when = excelDateTime("2020-10-20T10:05");
    expect(log?.slice(0, 2)).toEqual([
      [MEASURE_RETURNS.table, "CRG-04.1 2020/21 Q2", "Value in quarter", "70", "72", WHO, when],
      [MEASURE_RETURNS.table, "CRG-04.1 2020/21 Q2", "Comment", "", "Two more sessions counted late.", WHO, when],
    ]);
    expect(log?.slice(2).map((c) => c[2])).toEqual(["Entered by", "Entered on"]);
  });

  it("is refused by the host, writing nothing, when a co-author changed the return after it was read", async () => {
    const wb = await memoryPlan(SEFTON_2020_21);
    const raw = await wb.read();
    const { plan } = read(raw);
    const crg01 = plan.returns?.lineReturns.find((r) => r.lineId === "CRG-01" && r.quarter === 2);
    if (!crg01) throw new Error("no CRG-01 Q2");
    const result = submitReturnsChanges(raw, plan, { lines: [line({ lineId: "CRG-01", spend: "41000" }), line()], measures: [] }, WHO, NOW);
    // Someone sorts the returns (or types over the spend) before the write.
    wb.setValue(LINE_RETURNS.sheet, a1(crg01.row, 3), 39000);
    const before = cellsOf(wb, LINE_RETURNS.sheet);
    const outcome = await wb.apply(result.changes);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining("CRG-01 2020/21 Q2"), written: [] });
    expect(cellsOf(wb, LINE_RETURNS.sheet)).toEqual(before);
    expect(cellsOf(wb, RETURN_CHANGES.sheet)).toEqual(cellsOf(await memoryPlan(SEFTON_2020_21), RETURN_CHANGES.sheet));
  });
});

describe("setting up a version-2 plan", () => {
  it("creates the six returns tables in the same change list, with drop-down lists for quarter, status and profile", async () => {
    const wb = await memoryPlan(BLANK_PLAN);
    expect(RETURN_TABLES.map((t) => wb.tables.some((x) => x.name === t.table))).toEqual(RETURN_TABLES.map(() => true));
    const raw = await wb.read();
    expect(read(raw).findings).toEqual([]);
    const { changes } = setupChanges(await new MemoryWorkbook().read(), BLANK_PLAN, "blank", "tests");
    const validation = (table: string, header: string): unknown => {
      const c = changes.find((x) => x.kind === "createTable" && x.table === table);
      return c?.kind === "createTable" ? c.columns.find((col) => col.header === header)?.validation : undefined;
    };
    expect(validation(LINE_RETURNS.table, "Quarter")).toEqual({ kind: "list", values: ["Q1", "Q2", "Q3", "Q4"] });
    expect(validation(LINE_RETURNS.table, "Status")).toEqual({ kind: "list", values: ["Blue", "Green", "Amber", "Red"] });
    expect(validation(MEASURE_RETURNS.table, "Status")).toEqual({ kind: "list", values: ["Blue", "Green", "Amber", "Red"] });
    expect(validation(TARGET_PROFILE.table, "Profile")).toEqual({ kind: "list", values: ["Even", "All in Q1", "All in Q2", "All in Q3", "All in Q4", "Typed"] });
    expect(validation(LINE_RETURNS.table, "Spend in quarter")).toEqual({ kind: "decimal-at-least", minimum: 0 });
  });
});

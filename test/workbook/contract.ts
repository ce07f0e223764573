/**
 * The port contract: the cases every host behind src/workbook/port.ts must pass in the same
 * way, so the core can rely on one behaviour whether the plan lives in memory, in an .xlsx
 * file or in Excel. `describeWorkbookContract` runs them against one host; contract.test.ts
 * calls it for each host.
 *
 * Every case goes through the port only: what a person typed is written with `setCells`,
 * exactly as a pane action would write it. Between an apply and the read that checks it,
 * the host is saved and opened again where it has a file (`reopen`), so a case also proves
 * that what was written survives in the file.
 */
import { addLineChanges, allocationChanges, setupChanges, takeRowsIntoTable } from "../../src/plan/actions";
import { a1, type CellValue } from "../../src/plan/cell";
import { type Change, type CellInput, describeChange, sameCellValue } from "../../src/plan/changes";
import { checkWorkbook } from "../../src/plan/checks";
import { EXAMPLES } from "../../src/plan/examples";
import type { Plan } from "../../src/plan/model";
import { money } from "../../src/plan/money";
import { ROWS_SCANNED_BELOW, type RawTable, type RawWorkbook } from "../../src/plan/raw";
import {
  type AnyTableSpec,
  GRANTS,
  SUMMARY_SHEET,
  LINE_RETURNS,
  LINES,
  META_KEYS,
  META_SHEET,
  RETURN_CHANGES,
  RETURN_TABLES,
  SCHEMA_VERSION,
  TABLES,
  type TableSpec,
  TARGET_PROFILE,
  TARGET_PROFILE_FIRST_COLUMN,
} from "../../src/plan/schema";
import { type ReturnSubmission, submissionDiff, submitReturnsChanges } from "../../src/plan/returns/actions";
import { upgradeChanges } from "../../src/plan/returns/upgrade";
import { LINE_PROGRESS, MEASURE_PROGRESS, PROGRESS_SHEET } from "../../src/plan/returns/linked";
import { blankBodyRow } from "../../src/plan/tableRules";
import { BLANK_PLAN, excelDateTime, type PlanData } from "../../src/plan/template";
import type { WorkbookPort } from "../../src/workbook/port";
import { newLine } from "../support/plans";
import { cellValue, rawPlan } from "../support/raw";

/** A host under test: its port as it is now, and a way to save and open it again. */
export interface HostUnderTest {
  /** The port; `reopen` may replace it. */
  readonly port: WorkbookPort;
  /**
   * Saves the workbook and opens it again, as the next session would (the .xlsx host
   * from its own bytes). A host without a file of its own keeps its port.
   */
  reopen(): Promise<void>;
  /**
   * A person's own value in a cell, put there outside the port. Excel grows a table over a
   * value written directly below it (auto-expansion), so a host over Excel plants the cell
   * the way a person's undone expansion leaves it; others write it through the port.
   */
  plant?(sheet: string, address: string, value: string): Promise<void>;
  /**
   * For a host that talks to Excel in batches: how many batches (`Excel.run`) and requests
   * (`context.sync()`) it has made so far.
   */
  batches?(): { readonly runs: number; readonly syncs: number };
  /**
   * The conditional-format rules of a sheet as the host stored them, highest priority
   * first: range (A1, no "$"), formula (no "="), fill and font ("#RRGGBB", null when none).
   */
  conditionalFormats(sheet: string): Promise<readonly ConditionalFormatSeen[]>;
}

export interface ConditionalFormatSeen {
  readonly range: string;
  readonly formula: string;
  readonly fill: string | null;
  readonly font: string | null;
}

export type MakeHost = () => Promise<HostUnderTest>;

const example = EXAMPLES["sefton-2020-21"];
if (!example) throw new Error("example missing");
const SEFTON: PlanData = example.data;
/** The example as a version-1 plan held it: no returns. */
const SEFTON_V1: PlanData = { grants: SEFTON.grants, lines: SEFTON.lines, measures: SEFTON.measures };

/** Budget for one case: a setup, a few applies and reads, a save and reopen on a slow machine. */
const CASE_MS = 30_000;

const TEMPLATE = "contract";
const CREATED_BY = "Grant Planner contract tests";

/** What a read shows of a cell: an empty text and an empty cell are the same to every host (Excel cannot tell them apart). */
function shown(value: CellValue): CellValue {
  return value === "" ? null : value;
}

/** The parts of a table every host reads the same way. */
function tableShape(t: RawTable): object {
  return {
    name: t.name,
    sheet: t.sheet,
    headerRow: t.headerRow,
    firstColumn: t.firstColumn,
    headers: t.headers.map(shown),
    rows: t.rows.map((r) => r.map(shown)),
    below: t.below.map(shown),
    merged: t.merged,
    totalsRow: t.totalsRow ?? false,
    hasHeaderRow: t.hasHeaderRow ?? true,
  };
}

/** The Progress sheet's tables, whose every cell but the ID is a formula that hosts show differently (stored, or recalculated). */
const isProgress = (t: RawTable): boolean => t.sheet === PROGRESS_SHEET;

/** What every host reads the same way of a Progress table: its place, its headers, its IDs. */
function progressShape(t: RawTable): object {
  return { name: t.name, sheet: t.sheet, headerRow: t.headerRow, firstColumn: t.firstColumn, headers: t.headers.map(shown), ids: t.rows.map((r) => shown(r[0] ?? null)) };
}

/** A table as every host reads it: whole, or for a Progress table its place and IDs. */
const comparable = (t: RawTable): object => (isProgress(t) ? progressShape(t) : tableShape(t));

function tableOf(raw: RawWorkbook, spec: AnyTableSpec): RawTable {
  const table = raw.tables.find((t) => t.name.toLowerCase() === spec.table.toLowerCase());
  if (!table) throw new Error(`the host read no ${spec.table}`);
  return table;
}

/** The tables a plan is set up with (both versions'), as every host must read them back (blank tables: one blank body row). */
function expectedTables(data: PlanData): object[] {
  const raw = rawPlan(data);
  const plan = TABLES.map((spec) => {
    const table = tableOf(raw, spec);
    const rows = table.rows.length > 0 ? table.rows : [blankBodyRow(spec).map(cellValue)];
    return tableShape({ ...table, rows });
  });
  // rawPlan gives a returns table with no rows its one blank body row already, and the Progress sheet's tables.
  return [...plan, ...RETURN_TABLES.map((spec) => tableShape(tableOf(raw, spec))), ...raw.tables.filter(isProgress).map(progressShape)];
}

function expectedMeta(data: PlanData = BLANK_PLAN): Record<string, CellValue> {
  return { [META_KEYS.schemaVersion]: SCHEMA_VERSION, [META_KEYS.createdBy]: CREATED_BY, [META_KEYS.template]: TEMPLATE, ...(data.returns?.settings ?? {}) };
}

async function setUp(host: HostUnderTest, data: PlanData): Promise<void> {
  const setup = setupChanges(await host.port.read(), data, TEMPLATE, CREATED_BY);
  expect(setup.findings).toEqual([]);
  const outcome = await host.port.apply(setup.changes);
  expect(outcome).toEqual({ ok: true, written: expect.arrayContaining(writes(setup.changes)) });
  await host.reopen();
}

/** Descriptions of the changes that write something (an expectation writes nothing). */
function writes(changes: readonly Change[]): string[] {
  return changes.filter((c) => c.kind !== "expect").map(describeChange);
}

async function planOf(port: WorkbookPort): Promise<Plan> {
  const result = checkWorkbook(await port.read());
  if (result.status !== "plan") throw new Error(result.reason);
  return result.plan;
}

function lineRow(plan: Plan, id: string): number {
  const line = plan.lines.find((l) => l.id === id);
  if (!line) throw new Error(`no line ${id}`);
  return line.row;
}

function column(spec: TableSpec, key: string): number {
  const index = spec.columns.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no column ${key} in ${spec.table}`);
  return index;
}

/** The sheet address of a line's cell in a plan set up at A1. */
function lineCell(plan: Plan, id: string, key: string): string {
  return a1(lineRow(plan, id), column(LINES, key));
}

function cellOf(raw: RawWorkbook, spec: TableSpec, row: number, key: string): CellValue {
  const table = tableOf(raw, spec);
  return table.rows[row - table.headerRow - 1]?.[column(spec, key) - table.firstColumn] ?? null;
}

interface Batches {
  readonly runs: number;
  readonly syncs: number;
}
const NO_BATCHES: Batches = { runs: 0, syncs: 0 };
const minus = (a: Batches, b: Batches): Batches => ({ runs: a.runs - b.runs, syncs: a.syncs - b.syncs });

/** When the contract's returns are submitted: 09:05 UTC, 10:05 in the UK (summer time). */
const SUBMITTED_AT = new Date("2020-10-20T09:05:00Z");
const SUBMITTED_SERIAL = excelDateTime("2020-10-20T10:05");

const setCells = (sheet: string, cells: { address: string; value: CellInput }[]): Change => ({ kind: "setCells", sheet, cells });

export function describeWorkbookContract(name: string, makeHost: MakeHost): void {
  describe(`the workbook port contract: ${name}`, () => {
    describe("setting up and reading back", () => {
      it(
        "sets up a blank plan: the plan's tables (one blank body row each, the status key aside), the hidden settings sheet, the settings",
        async () => {
          const host = await makeHost();
          await setUp(host, BLANK_PLAN);
          const raw = await host.port.read();
          expect(raw.tables.map(comparable)).toEqual(expectedTables(BLANK_PLAN));
          expect(raw.meta).toEqual(expectedMeta());
          expect(raw.sheets).toEqual(
            expect.arrayContaining([...[...TABLES, ...RETURN_TABLES].map((t) => ({ name: t.sheet, visible: true })), { name: PROGRESS_SHEET, visible: true }, { name: META_SHEET, visible: false }]),
          );
        },
        CASE_MS,
      );

      it(
        "sets up the example and reads back the same tables, cell for cell",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const raw = await host.port.read();
          expect(raw.tables.map(comparable)).toEqual(expectedTables(SEFTON));
          expect(raw.meta).toEqual(expectedMeta(SEFTON));
          expect(tableOf(raw, LINES).rows).toHaveLength(SEFTON.lines.length);
          expect(tableOf(raw, LINE_RETURNS).rows).toHaveLength(SEFTON.returns?.lineReturns?.length ?? 0);
        },
        CASE_MS,
      );

      it(
        "does nothing when asked to set up a workbook that already is a plan",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const again = setupChanges(await host.port.read(), BLANK_PLAN, TEMPLATE, CREATED_BY);
          expect(again).toEqual({ changes: [], findings: [] });
        },
        CASE_MS,
      );

      it(
        "reads the formula of each formula cell (null for a constant), in the table's shape",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const raw = await host.port.read();
          const planned = rawPlan(SEFTON);
          for (const spec of TABLES) {
            const table = tableOf(raw, spec);
            expect({ table: spec.table, formulas: table.formulas?.map((r) => r.map((f) => (f === null ? null : canonical(f)))) }).toEqual({
              table: spec.table,
              formulas: tableOf(planned, spec).formulas?.map((r) => r.map((f) => (f === null ? null : canonical(f)))),
            });
          }
        },
        CASE_MS,
      );

      it(
        "reads the settings from column A (trimmed) and B, rows 2 to 100 only",
        async () => {
          const host = await makeHost();
          await setUp(host, BLANK_PLAN);
          const outcome = await host.port.apply([
            setCells(META_SHEET, [
              { address: "A6", value: "  Reviewed by  " },
              { address: "B6", value: "Finance" },
              { address: "A100", value: "Last row" },
              { address: "B100", value: 100 },
              { address: "A101", value: "Too far down" },
              { address: "B101", value: "ignored" },
            ]),
          ]);
          expect(outcome.ok).toBe(true);
          await host.reopen();
          expect((await host.port.read()).meta).toEqual({ ...expectedMeta(), "Reviewed by": "Finance", "Last row": 100 });
        },
        CASE_MS,
      );
      it(
        "keeps the first row of a setting whose key appears twice",
        async () => {
          const host = await makeHost();
          await setUp(host, BLANK_PLAN);
          const outcome = await host.port.apply([
            setCells(META_SHEET, [
              { address: "A7", value: ` ${META_KEYS.schemaVersion}` },
              { address: "B7", value: SCHEMA_VERSION + 1 },
            ]),
          ]);
          expect(outcome.ok).toBe(true);
          await host.reopen();
          expect((await host.port.read()).meta).toEqual(expectedMeta());
        },
        CASE_MS,
      );
    });

    describe("writing cells", () => {
      it(
        "sets cells of a line and nothing else",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const before = await host.port.read();
          const change = setCells(LINES.sheet, [
            { address: lineCell(plan, "CRG-01", "allocation"), value: 120000 },
            { address: lineCell(plan, "CRG-01", "notes"), value: "Increased after review" },
          ]);
          expect(await host.port.apply([change])).toEqual({ ok: true, written: [describeChange(change)] });
          await host.reopen();
          const after = await host.port.read();
          const row = lineRow(plan, "CRG-01");
          expect(cellOf(after, LINES, row, "allocation")).toBe(120000);
          expect(cellOf(after, LINES, row, "notes")).toBe("Increased after review");
          // Every other cell reads as before (but the grants' own formula columns and the Progress sheet's, which Excel recalculates).
          const formulaColumns = GRANTS.columns.flatMap((c, i) => (c.type === "formula" ? [i] : []));
          const without = (raw: RawWorkbook): object[] =>
            raw.tables.map((t) =>
              comparable({
                ...t,
                rows: t.rows
                  .filter((_, r) => !(t.name === LINES.table && r === row - t.headerRow - 1))
                  .map((cells) => (t.name === GRANTS.table ? cells.filter((_, i) => !formulaColumns.includes(i)) : cells)),
              }),
            );
          expect(without(after)).toEqual(without(before));
        },
        CASE_MS,
      );

      it.each([
        ["a formula-like text", '=HYPERLINK("https://example.org/report","Report")'],
        ["a leading dash", "- outreach"],
        ["a fraction", "1/4"],
        ["a financial year", "2020/21"],
        ["leading zeros", "0012"],
      ])(
        "keeps %s typed into a text column as that text: %s",
        async (_what, text) => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const outcome = await host.port.apply([
            setCells(LINES.sheet, [
              { address: lineCell(plan, "CRG-02", "activity"), value: text },
              { address: lineCell(plan, "CRG-02", "notes"), value: text },
            ]),
          ]);
          expect(outcome.ok).toBe(true);
          await host.reopen();
          const raw = await host.port.read();
          const row = lineRow(plan, "CRG-02");
          expect([cellOf(raw, LINES, row, "activity"), cellOf(raw, LINES, row, "notes")]).toEqual([text, text]);
          expect(tableOf(raw, LINES).formulas?.[row - 1]?.[column(LINES, "notes")] ?? null).toBeNull();
        },
        CASE_MS,
      );

      it(
        "keeps the stored result of a formula allocation when an unrelated allocation is saved",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const typed = await host.port.apply([setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-02", "allocation"), value: { formula: "60000/2", result: 30000 } }])]);
          expect(typed.ok).toBe(true);
          await host.reopen();
          const row = lineRow(plan, "CRG-02");
          expect(cellOf(await host.port.read(), LINES, row, "allocation")).toBe(30000);

          const save = allocationChanges(await planOf(host.port), [{ lineId: "CRG-01", amount: money("120000") }]);
          expect(save.findings).toEqual([]);
          expect((await host.port.apply(save.changes)).ok).toBe(true);
          await host.reopen();
          const after = await host.port.read();
          expect(cellOf(after, LINES, lineRow(plan, "CRG-01"), "allocation")).toBe(120000);
          expect(cellOf(after, LINES, row, "allocation")).toBe(30000);
          expect(tableOf(after, LINES).formulas?.[row - 1]?.[column(LINES, "allocation")]).toBe("60000/2");
        },
        CASE_MS,
      );
    });

    describe("adding rows", () => {
      it(
        "grows the table by the rows added directly below it",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const line = newLine({ activity: "- outreach", notes: "1/4", allocation: "0.00" });
          const result = addLineChanges(await planOf(host.port), line);
          expect(result.findings).toEqual([]);
          expect(result.changes.map((c) => c.kind)).toEqual(["appendRows"]);
          expect(await host.port.apply(result.changes)).toEqual({ ok: true, written: writes(result.changes) });
          await host.reopen();
          const raw = await host.port.read();
          const lines = tableOf(raw, LINES);
          expect(lines.rows).toHaveLength(SEFTON.lines.length + 1);
          const added = lines.rows[SEFTON.lines.length]?.map(shown);
          expect(added).toEqual([line.id, line.grantId, line.theme, "- outreach", line.lead, 0, "No", null, line.outcomes, "1/4", 0]);
          expect(lines.below.map(shown)).toEqual(LINES.columns.map(() => null));
          expect(lines.formulas?.[SEFTON.lines.length]?.map((f) => (f === null ? null : canonical(f)))).toEqual(
            LINES.columns.map((c) => (c.formula === undefined ? null : canonical(c.formula))),
          );
        },
        CASE_MS,
      );

      it(
        "refuses to grow a table over a person's cells below it, and writes nothing",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const below = SEFTON.lines.length + 1;
          const address = a1(below, column(LINES, "notes"));
          if (host.plant) {
            await host.plant(LINES.sheet, address, "Ask Julie about Q3");
          } else {
            const typed = await host.port.apply([setCells(LINES.sheet, [{ address, value: "Ask Julie about Q3" }])]);
            expect(typed.ok).toBe(true);
          }
          await host.reopen();
          const before = await host.port.read();
          const rows = [LINES.columns.map((c): CellInput => (c.key === "id" ? "CRG-07" : c.key === "grantId" ? "CRG" : null))];
          const append: Change = { kind: "appendRows", sheet: LINES.sheet, table: LINES.table, rows };
          const outcome = await host.port.apply([append]);
          expect(outcome).toEqual({ ok: false, message: expect.any(String), written: [], notWritten: [describeChange(append)] });
          await host.reopen();
          const after = await host.port.read();
          expect(tableShape(tableOf(after, LINES))).toEqual(tableShape(tableOf(before, LINES)));
          expect(tableOf(after, LINES).below[column(LINES, "notes")]).toBe("Ask Julie about Q3");
        },
        CASE_MS,
      );
    });

    describe("rows typed under a table", () => {
      it(
        `reports the rows a person typed within ${ROWS_SCANNED_BELOW} rows under a table, with their sheet rows`,
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          // The Lines table ends on sheet row 13 (zero-based 12); a gap, then two typed rows, then one too far down.
          const first = SEFTON.lines.length + 2;
          const outcome = await host.port.apply([
            setCells(LINES.sheet, [
              { address: a1(first, column(LINES, "id")), value: "CRG-07" },
              { address: a1(first, column(LINES, "allocation")), value: 5000 },
              { address: a1(first + 1, column(LINES, "notes")), value: "typed later" },
              { address: a1(SEFTON.lines.length + 1 + ROWS_SCANNED_BELOW, column(LINES, "id")), value: "far below" },
            ]),
          ]);
          expect(outcome.ok).toBe(true);
          await host.reopen();
          const lines = tableOf(await host.port.read(), LINES);
          const row = (cells: Partial<Record<string, CellValue>>): CellValue[] => LINES.columns.map((c) => cells[c.key] ?? null);
          expect(lines.rows).toHaveLength(SEFTON.lines.length);
          expect(lines.below.map(shown)).toEqual(row({}));
          expect(lines.typedBelow?.map((t) => ({ row: t.row, cells: t.cells.map(shown) }))).toEqual([
            { row: first, cells: row({ id: "CRG-07", allocation: 5000 }) },
            { row: first + 1, cells: row({ notes: "typed later" }) },
          ]);
          expect(tableOf(await host.port.read(), GRANTS).typedBelow).toEqual([]);
        },
        CASE_MS,
      );
    });

    describe("taking rows typed under a table into it", () => {
      it(
        "takes a row typed directly under the Lines table into the table, in one guarded write",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const under = SEFTON.lines.length + 1;
          const typed: { address: string; value: string }[] = [
            { address: a1(under, column(LINES, "id")), value: "CRG-07" },
            { address: a1(under, column(LINES, "activity")), value: "Street pastors" },
          ];
          for (const { address, value } of typed) {
            if (host.plant) await host.plant(LINES.sheet, address, value);
            else expect((await host.port.apply([setCells(LINES.sheet, [{ address, value }])])).ok).toBe(true);
          }
          await host.reopen();
          const raw = await host.port.read();
          const read = checkWorkbook(raw);
          if (read.status !== "plan") throw new Error(read.reason);
          expect(read.findings.map((f) => f.code)).toContain("ROWS_BELOW_TABLE");
          const taken = takeRowsIntoTable(raw, read.plan, "lines");
          expect(taken.findings).toEqual([]);
          const outcome = await host.port.apply(taken.changes);
          expect(outcome.ok).toBe(true);
          await host.reopen();
          const after = tableOf(await host.port.read(), LINES);
          expect(after.rows).toHaveLength(SEFTON.lines.length + 1);
          expect(after.rows[SEFTON.lines.length]?.[column(LINES, "id")]).toBe("CRG-07");
          expect(after.typedBelow ?? []).toEqual([]);
        },
        CASE_MS,
      );
    });

    describe("expectations (the `expect` change)", () => {
      it(
        "writes the changes when every expectation holds",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const changes: Change[] = [
            {
              kind: "expect",
              sheet: LINES.sheet,
              cells: [
                { address: lineCell(plan, "CRG-01", "id"), value: "CRG-01", message: "Line CRG-01 moved" },
                { address: lineCell(plan, "CRG-01", "allocation"), value: 119000, message: "The allocation of CRG-01 changed" },
              ],
            },
            setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-01", "allocation"), value: 118000 }]),
          ];
          const outcome = await host.port.apply(changes);
          expect(outcome.ok).toBe(true);
          if (outcome.ok) expect(outcome.written).toEqual(expect.arrayContaining(writes(changes)));
          await host.reopen();
          expect(cellOf(await host.port.read(), LINES, lineRow(plan, "CRG-01"), "allocation")).toBe(118000);
        },
        CASE_MS,
      );

      it(
        "checks every expectation before writing anything: one that fails refuses the whole apply with its message",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const before = await host.port.read();
          const changes: Change[] = [
            { kind: "expect", sheet: LINES.sheet, cells: [{ address: lineCell(plan, "CRG-01", "id"), value: "CRG-01", message: "Line CRG-01 moved" }] },
            setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-01", "allocation"), value: 1 }]),
            { kind: "appendRows", sheet: LINES.sheet, table: LINES.table, rows: [LINES.columns.map((c) => (c.key === "id" ? "CRG-99" : null))] },
            // Comes after the writes in the list, and still stops them all.
            {
              kind: "expect",
              sheet: LINES.sheet,
              cells: [{ address: lineCell(plan, "CRG-03", "allocation"), value: 99, message: "The allocation of CRG-03 changed since it was read" }],
            },
            setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-02", "allocation"), value: 2 }]),
          ];
          const outcome = await host.port.apply(changes);
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.message).toContain("The allocation of CRG-03 changed since it was read");
          expect(outcome.written).toEqual([]);
          expect(outcome.notWritten).toEqual(expect.arrayContaining(writes(changes)));
          await host.reopen();
          expect((await host.port.read()).tables.map(tableShape)).toEqual(before.tables.map(tableShape));
        },
        CASE_MS,
      );

      it(
        "treats a cell that no longer holds the line ID that was read as a failed expectation",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const idCell = lineCell(plan, "CRG-01", "id");
          // A co-author renames the line between the read and the write.
          expect((await host.port.apply([setCells(LINES.sheet, [{ address: idCell, value: "CRG-01a" }])])).ok).toBe(true);
          const outcome = await host.port.apply([
            { kind: "expect", sheet: LINES.sheet, cells: [{ address: idCell, value: "CRG-01", message: "Line CRG-01 moved or was renamed" }] },
            setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-01", "allocation"), value: 1 }]),
          ]);
          expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining("Line CRG-01 moved or was renamed"), written: [] });
          await host.reopen();
          expect(cellOf(await host.port.read(), LINES, lineRow(plan, "CRG-01"), "allocation")).toBe(119000);
        },
        CASE_MS,
      );
    });

    describe("a failed apply", () => {
      it(
        "says which changes were written and which were not, and the workbook agrees",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const first = setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-01", "notes"), value: "first note" }]);
          const refused: Change = { kind: "createSheet", sheet: LINES.sheet, hidden: false };
          const last = setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-02", "notes"), value: "last note" }]);
          const changes = [first, refused, last];
          const outcome = await host.port.apply(changes);
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.message).not.toBe("");
          // Every change is in exactly one list, in order: what was written, then what was not.
          expect([...outcome.written, ...outcome.notWritten]).toEqual(changes.map(describeChange));
          expect(outcome.notWritten).toEqual(expect.arrayContaining([describeChange(refused), describeChange(last)]));
          await host.reopen();
          const raw = await host.port.read();
          const firstNote = cellOf(raw, LINES, lineRow(plan, "CRG-01"), "notes");
          expect(firstNote === "first note").toBe(outcome.written.includes(describeChange(first)));
          expect(cellOf(raw, LINES, lineRow(plan, "CRG-02"), "notes")).not.toBe("last note");
          expect(raw.sheets.filter((s) => s.name.toLowerCase() === LINES.sheet.toLowerCase())).toHaveLength(1);
        },
        CASE_MS,
      );
    });

    describe("quarterly returns", () => {
      /** A plan of one grant with `count` lines and no returns yet. */
      const linesPlan = (count: number): PlanData => ({
        grants: [{ id: "G", name: "Grant", funder: "", year: "2020/21", award: `${count * 1000}.00`, eligibleAreas: [], notes: "" }],
        lines: Array.from({ length: count }, (_, i) => ({
          id: `G-${String(i + 1).padStart(2, "0")}`,
          grantId: "G",
          theme: "",
          activity: `Activity ${i + 1}`,
          lead: "Youth service",
          allocation: "1000.00",
          isReserve: false,
          priorityAreas: [],
          outcomes: "",
          notes: "",
        })),
        measures: [],
      });
      const everyLine = (data: PlanData, spend: string, commentary: string): ReturnSubmission => ({
        lines: data.lines.map((l) => ({ lineId: l.id, year: "2020/21", quarter: 1, spend, status: "Green", commentary, risks: "" })),
        measures: [],
      });

      /** One submission through the port: the read it is computed from, then its apply; with the batches each took. */
      async function submit(host: HostUnderTest, submission: ReturnSubmission): Promise<{ kinds: string[]; read: Batches; write: Batches }> {
        const start = host.batches?.() ?? NO_BATCHES;
        const raw = await host.port.read();
        const afterRead = host.batches?.() ?? NO_BATCHES;
        const result = checkWorkbook(raw);
        if (result.status !== "plan") throw new Error(result.reason);
        const submitted = submitReturnsChanges(raw, result.plan, submission, "Youth service lead", SUBMITTED_AT);
        expect(submitted.findings).toEqual([]);
        const outcome = await host.port.apply(submitted.changes);
        expect(outcome).toEqual({ ok: true, written: writes(submitted.changes) });
        const afterWrite = host.batches?.() ?? NO_BATCHES;
        await host.reopen();
        return { kinds: submitted.changes.map((c) => `${c.kind} ${c.sheet}`), read: minus(afterRead, start), write: minus(afterWrite, afterRead) };
      }

      it(
        "writes a submission in one read and one write batch, for 50 returns as for 5, and logs every re-submitted cell",
        async () => {
          const seen: { kinds: string[]; read: Batches; write: Batches }[] = [];
          let host0Batches = false;
          for (const count of [5, 50]) {
            const host = await makeHost();
            host0Batches = host.batches !== undefined;
            const data = linesPlan(count);
            await setUp(host, data);
            const first = await submit(host, everyLine(data, "250.00", "Started"));
            const again = await submit(host, everyLine(data, "260.50", "Started"));
            seen.push(first, again);
            const raw = await host.port.read();
            const returns = tableOf(raw, LINE_RETURNS);
            expect(returns.rows).toHaveLength(count);
            expect(returns.rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual(data.lines.map((l) => [l.id, "2020/21", "Q1", 260.5]));
            // Only the spend changed; each return's old and new spend is in the log (with who entered it and when).
            const log = tableOf(raw, RETURN_CHANGES).rows.filter((r) => r[2] === "Spend in quarter");
            expect(log.map((r) => [r[0], r[1], r[3], r[4], r[5]])).toEqual(
              data.lines.map((l) => [LINE_RETURNS.table, `${l.id} 2020/21 Q1`, "£250.00", "£260.50", "Youth service lead"]),
            );
          }
          // The same change list and the same batches whatever the number of returns.
          const [five1, five2, fifty1, fifty2] = seen;
          expect(fifty1?.kinds).toEqual(five1?.kinds);
          expect(fifty2?.kinds).toEqual(five2?.kinds);
          // A host that talks to Excel reads in one batch and writes in one more, every time.
          if (host0Batches) for (const s of seen) expect([s.read.runs, s.write.runs]).toEqual([1, 1]);
          expect([fifty1?.read.syncs, fifty1?.write.syncs, fifty2?.write.syncs]).toEqual([five1?.read.syncs, five1?.write.syncs, five2?.write.syncs]);
        },
        CASE_MS * 2,
      );

      it(
        "upgrades a version-1 plan: the returns tables appear, every version-1 table reads as before",
        async () => {
          const host = await makeHost();
          // A version-1 plan: what setting up wrote before quarterly returns, "Schema version" 1.
          const setup = setupChanges(await host.port.read(), SEFTON_V1, TEMPLATE, CREATED_BY);
          const returnSheets = new Set([...RETURN_TABLES.map((t) => t.sheet), PROGRESS_SHEET]);
          const v1 = setup.changes
            .filter((c) => !returnSheets.has(c.sheet))
            .map((c): Change => (c.kind === "setCells" && c.sheet === META_SHEET ? { ...c, cells: c.cells.map((x) => (x.address === "B2" ? { ...x, value: 1 } : x)) } : c));
          expect((await host.port.apply(v1)).ok).toBe(true);
          await host.reopen();
          const before = await host.port.read();
          const read = checkWorkbook(before);
          if (read.status !== "plan") throw new Error(read.reason);
          expect(read.plan.schemaVersion).toBe(1);
          const upgrade = upgradeChanges(before, read.plan, CREATED_BY);
          expect(upgrade.findings).toEqual([]);
          expect(await host.port.apply(upgrade.changes)).toEqual({ ok: true, written: writes(upgrade.changes) });
          await host.reopen();
          const after = await host.port.read();
          expect(after.meta?.[META_KEYS.schemaVersion]).toBe(2);
          const v1Tables = (raw: RawWorkbook): object[] => raw.tables.filter((t) => TABLES.some((s) => s.table === t.name)).map(tableShape);
          expect(v1Tables(after)).toEqual(v1Tables(before));
          expect(after.tables.map((t) => [t.name, t.sheet, t.firstColumn, t.rows.length])).toEqual([
            ...before.tables.map((t) => [t.name, t.sheet, t.firstColumn, t.rows.length]),
            ...RETURN_TABLES.map((t) => [t.table, t.sheet, t.table === TARGET_PROFILE.table ? TARGET_PROFILE_FIRST_COLUMN : 0, t.key === "statusKey" ? 4 : t.key === "spendProfile" ? SEFTON.lines.length : t.key === "targetProfile" ? SEFTON.measures.length : 1]),
            [LINE_PROGRESS.table, PROGRESS_SHEET, 0, SEFTON.lines.length],
            [MEASURE_PROGRESS.table, PROGRESS_SHEET, MEASURE_PROGRESS.firstColumn, SEFTON.measures.length],
          ]);
          const upgraded = checkWorkbook(after);
          if (upgraded.status !== "plan") throw new Error(upgraded.reason);
          expect(upgraded.findings.map((f) => f.code)).not.toContain("TABLE_MISSING");
          expect(upgraded.plan.returns?.targetProfiles).toHaveLength(SEFTON.measures.length);
        },
        CASE_MS,
      );

      it(
        "appends a new return and updates a re-submitted one in place, with old and new values in tblReturnChanges",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const before = await host.port.read();
          const read = checkWorkbook(before);
          if (read.status !== "plan") throw new Error(read.reason);
          const crg01 = read.plan.returns?.lineReturns.find((r) => r.lineId === "CRG-01" && r.quarter === 2);
          if (crg01 === undefined) throw new Error("the example has no CRG-01 Q2 return");
          const submission: ReturnSubmission = {
            lines: [
              { lineId: "CRG-01", year: "2020/21", quarter: 2, spend: "£41,000.00", status: "green", commentary: crg01.commentary, risks: crg01.risks },
              { lineId: "CRG-04", year: "2020/21", quarter: 2, spend: "15,200", status: "Amber", commentary: "- late: staff shielding", risks: "" },
            ],
            measures: [],
          };
          expect(submissionDiff(read.plan, submission)).toEqual({
            updates: [{ table: LINE_RETURNS.table, key: "CRG-01 2020/21 Q2", id: "CRG-01", changes: [{ column: "Spend in quarter", oldValue: "£40,100.00", newValue: "£41,000.00" }] }],
            unchanged: [],
            added: ["CRG-04 2020/21 Q2"],
          });
          await submit(host, submission);
          const after = await host.port.read();
          const returns = tableOf(after, LINE_RETURNS);
          const rowOf = (id: string, quarter: string): readonly CellValue[] | undefined => returns.rows.find((r) => r[0] === id && r[2] === quarter);
          // Updated where it was, only in the cells that changed (and who entered it, and when).
          expect(returns.rows[crg01.row - returns.headerRow - 1]?.slice(0, 8)).toEqual(["CRG-01", "2020/21", "Q2", 41000, "Green", crg01.commentary, crg01.risks, "Youth service lead"]);
          expect(rowOf("CRG-04", "Q2")?.slice(0, 8).map(shown)).toEqual(["CRG-04", "2020/21", "Q2", 15200, "Amber", "- late: staff shielding", null, "Youth service lead"]);
          expect(returns.rows).toHaveLength((SEFTON.returns?.lineReturns?.length ?? 0) + 1);
          const entered = rowOf("CRG-04", "Q2")?.[8];
          expect(typeof entered === "number" && sameCellValue(entered, SUBMITTED_SERIAL)).toBe(true);
          const log = tableOf(after, RETURN_CHANGES).rows.map((r) => r.slice(0, 6).map(shown));
          expect(log).toEqual([
            [LINE_RETURNS.table, "CRG-01 2020/21 Q2", "Spend in quarter", "£40,100.00", "£41,000.00", "Youth service lead"],
            [LINE_RETURNS.table, "CRG-01 2020/21 Q2", "Entered by", crg01.enteredBy, "Youth service lead", "Youth service lead"],
            [LINE_RETURNS.table, "CRG-01 2020/21 Q2", "Entered on", "13/10/2020 14:15", "20/10/2020 10:05", "Youth service lead"],
          ]);
          // Every other table reads as before.
          const others = (raw: RawWorkbook): object[] => raw.tables.filter((t) => t.name !== LINE_RETURNS.table && t.name !== RETURN_CHANGES.table && t.name !== GRANTS.table).map(comparable);
          expect(others(after)).toEqual(others(before));
        },
        CASE_MS,
      );
    });

    describe("conditional formatting", () => {
      const BRAG = [
        { formula: 'UPPER(TRIM($E2))="BLUE"', fill: "#0070C0", font: "#FFFFFF" },
        { formula: 'UPPER(TRIM($E2))="RED"', fill: "#FF0000" },
      ];
      const colour = (range: string, rules: Extract<Change, { kind: "conditionalFormat" }>["rules"] = BRAG): Change => ({ kind: "conditionalFormat", sheet: LINE_RETURNS.sheet, range, rules });
      /** The same rules seen through any host: colours in one case, no "$" in the range. */
      const seen = async (host: HostUnderTest): Promise<ConditionalFormatSeen[]> =>
        (await host.conditionalFormats(LINE_RETURNS.sheet)).map((f) => ({ range: f.range.replace(/\$/g, "").toUpperCase(), formula: f.formula, fill: f.fill?.toUpperCase() ?? null, font: f.font?.toUpperCase() ?? null }));

      it(
        "writes a change's rules in the order given, above the rules written before",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const first = colour("E2:E1048576");
          expect(await host.port.apply([first])).toEqual({ ok: true, written: [describeChange(first)] });
          await host.reopen();
          const shortfall = colour("D2:D500", [{ formula: "$D2<0", fill: "#FFC7CE", font: "#9C0006" }]);
          expect(await host.port.apply([shortfall])).toEqual({ ok: true, written: [describeChange(shortfall)] });
          await host.reopen();
          expect(await seen(host)).toEqual([
            { range: "D2:D500", formula: "$D2<0", fill: "#FFC7CE", font: "#9C0006" },
            { range: "E2:E1048576", formula: BRAG[0]?.formula, fill: "#0070C0", font: "#FFFFFF" },
            { range: "E2:E1048576", formula: BRAG[1]?.formula, fill: "#FF0000", font: null },
          ]);
        },
        CASE_MS,
      );

      it.each<[string, Change]>([
        ["a fill that is not #RRGGBB", colour("E2:E100", [{ formula: "$E2=1", fill: "red" }])],
        ["a range that is not a range", colour("E2:E", BRAG)],
        ["a formula given with its =", colour("E2:E100", [{ formula: "=$E2=1", fill: "#FF0000" }])],
        ["a sheet that does not exist", { kind: "conditionalFormat", sheet: "Nowhere", range: "A1:A9", rules: BRAG }],
      ])(
        "refuses %s, writing nothing of it",
        async (_what, change) => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const outcome = await host.port.apply([change]);
          expect(outcome).toEqual({ ok: false, message: expect.any(String), written: [], notWritten: [describeChange(change)] });
          await host.reopen();
          expect(await seen(host)).toEqual([]);
        },
        CASE_MS,
      );

      it(
        "writes nothing, colours included, when an expectation of the same action fails",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          const plan = await planOf(host.port);
          const note = setCells(LINES.sheet, [{ address: lineCell(plan, "CRG-01", "notes"), value: "coloured" }]);
          const changes: Change[] = [
            { kind: "expect", sheet: LINES.sheet, cells: [{ address: lineCell(plan, "CRG-01", "id"), value: "CRG-99", message: "Line CRG-99 moved" }] },
            note,
            colour("E2:E1048576"),
          ];
          const outcome = await host.port.apply(changes);
          expect(outcome).toEqual({ ok: false, message: expect.stringContaining("Line CRG-99 moved"), written: [], notWritten: writes(changes) });
          await host.reopen();
          expect(await seen(host)).toEqual([]);
          expect(cellOf(await host.port.read(), LINES, lineRow(plan, "CRG-01"), "notes")).not.toBe("coloured");
        },
        CASE_MS,
      );
    });

    describe("sheets the add-in owns (the Summary)", () => {
      const createSummary: Change = { kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false };
      const block = (row: number, column: number, rows: CellInput[][], sheet = SUMMARY_SHEET): Change => ({ kind: "setBlock", sheet, row, column, rows });
      const FORMULA_TEXT = '=HYPERLINK("http://example.org","Report")';
      /** The values read of the owned sheet, or undefined when the read lists none. */
      const ownedValues = async (host: HostUnderTest): Promise<readonly (readonly CellValue[])[] | null | undefined> =>
        (await host.port.read()).ownedSheets?.find((o) => o.sheet.toLowerCase() === SUMMARY_SHEET.toLowerCase())?.values;
      const sheetNames = async (host: HostUnderTest): Promise<string[]> => (await host.port.read()).sheets.map((s) => s.name);

      it(
        "writes a block from its top-left cell (text stays text whatever it begins with, null leaves a cell as it is) and reads the sheet back from A1",
        async () => {
          const host = await makeHost();
          await setUp(host, BLANK_PLAN);
          const first = [createSummary, block(1, 1, [["Grant Planner summary", null, 332000.5], [FORMULA_TEXT, "- late", "1/4"], [null, 0, "0012"]])];
          expect(await host.port.apply(first)).toEqual({ ok: true, written: writes(first) });
          await host.reopen();
          // A second block over the first: its null cells leave what is there, an empty text empties a cell.
          const second = [block(2, 1, [[null, "+44 151", ""]])];
          expect(await host.port.apply(second)).toEqual({ ok: true, written: writes(second) });
          await host.reopen();
          expect(await ownedValues(host)).toEqual([
            [null, null, null, null],
            [null, "Grant Planner summary", null, 332000.5],
            [null, FORMULA_TEXT, "+44 151", null],
            [null, null, 0, "0012"],
          ]);
        },
        CASE_MS,
      );

      it(
        "reads no owned sheet where there is none, and an empty one as no rows",
        async () => {
          const host = await makeHost();
          await setUp(host, BLANK_PLAN);
          expect((await host.port.read()).ownedSheets ?? []).toEqual([]);
          expect((await host.port.apply([createSummary])).ok).toBe(true);
          await host.reopen();
          expect(await ownedValues(host)).toEqual([]);
        },
        CASE_MS,
      );

      it(
        "deletes the sheet and makes it anew in one action: only the new values are there, the plan reads as before",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          expect((await host.port.apply([createSummary, block(0, 0, [["Old", "figures"], [1, 2]])])).ok).toBe(true);
          await host.reopen();
          const before = await host.port.read();
          const refresh: Change[] = [{ kind: "deleteSheet", sheet: SUMMARY_SHEET }, createSummary, block(0, 0, [["New"]])];
          expect(await host.port.apply(refresh)).toEqual({ ok: true, written: writes(refresh) });
          await host.reopen();
          const after = await host.port.read();
          expect(await ownedValues(host)).toEqual([["New"]]);
          expect(after.tables.map(comparable)).toEqual(before.tables.map(comparable));
          const deleted: Change[] = [{ kind: "deleteSheet", sheet: SUMMARY_SHEET }];
          expect(await host.port.apply(deleted)).toEqual({ ok: true, written: writes(deleted) });
          await host.reopen();
          expect(await sheetNames(host)).not.toContain(SUMMARY_SHEET);
          expect(await ownedValues(host)).toBeUndefined();
        },
        CASE_MS,
      );

      it(
        "renames a sheet: its values go with it, a sheet of the plan keeps its tables under the new name",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          expect((await host.port.apply([createSummary, block(0, 0, [["Edited by hand"]])])).ok).toBe(true);
          await host.reopen();
          const before = await host.port.read();
          const renames: Change[] = [
            { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Summary (kept)" },
            { kind: "renameSheet", sheet: LINES.sheet, to: "Activity lines" },
          ];
          expect(await host.port.apply(renames)).toEqual({ ok: true, written: writes(renames) });
          await host.reopen();
          const after = await host.port.read();
          expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => (s.name === SUMMARY_SHEET ? "Summary (kept)" : s.name === LINES.sheet ? "Activity lines" : s.name)));
          expect(after.ownedSheets ?? []).toEqual([]);
          expect(tableOf(after, LINES).sheet).toBe("Activity lines");
          expect(tableShape({ ...tableOf(after, LINES), sheet: LINES.sheet })).toEqual(tableShape(tableOf(before, LINES)));
          // A new spelling of a sheet's own name is no clash.
          const recase: Change[] = [{ kind: "renameSheet", sheet: "Summary (kept)", to: "SUMMARY (KEPT)" }];
          expect(await host.port.apply(recase)).toEqual({ ok: true, written: writes(recase) });
          await host.reopen();
          expect(await sheetNames(host)).toContain("SUMMARY (KEPT)");
        },
        CASE_MS,
      );

      it.each<[string, Change]>([
        ["deleting a sheet that does not exist", { kind: "deleteSheet", sheet: "Nowhere" }],
        ["renaming a sheet that does not exist", { kind: "renameSheet", sheet: "Nowhere", to: "Somewhere" }],
        ["renaming onto a sheet's name in another case", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: LINES.sheet.toUpperCase() }],
        ["renaming to a name with a colon", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Summary: Q2" }],
        ["renaming to a name of 32 characters", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "S".repeat(32) }],
        ["renaming to an empty name", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "" }],
        ["renaming to a name that begins with an apostrophe", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "'Summary" }],
        ["writing a block on a sheet that does not exist", block(0, 0, [["x"]], "Nowhere")],
      ])(
        "refuses %s, and writes nothing of the whole action",
        async (_what, refused) => {
          const host = await makeHost();
          await setUp(host, BLANK_PLAN);
          expect((await host.port.apply([createSummary, block(0, 0, [["Before"]])])).ok).toBe(true);
          await host.reopen();
          const names = await sheetNames(host);
          const changes: Change[] = [block(0, 0, [["After"]]), refused];
          const outcome = await host.port.apply(changes);
          expect(outcome).toEqual({ ok: false, message: expect.any(String), written: [], notWritten: writes(changes) });
          await host.reopen();
          expect(await ownedValues(host)).toEqual([["Before"]]);
          expect(await sheetNames(host)).toEqual(names);
        },
        CASE_MS,
      );
    });

    describe("selecting a cell", () => {
      it(
        "selects a cell on a plan sheet and on the hidden settings sheet without failing",
        async () => {
          const host = await makeHost();
          await setUp(host, SEFTON);
          await expect(host.port.select(LINES.sheet, "F3")).resolves.toBeUndefined();
          await expect(host.port.select(META_SHEET, "B2")).resolves.toBeUndefined();
        },
        CASE_MS,
      );
    });
  });
}

/**
 * A formula in one form for comparison: without "=", case and spaces, and with Excel's
 * this-row shorthand (`[@[Grant ID]]`, `[@Award]`, which Excel shows) in the same form as
 * the file's `Table[[#This Row],[Grant ID]]`.
 */
function canonical(formula: string): string {
  const f = (formula.startsWith("=") ? formula.slice(1) : formula).replace(/\s+/g, "").toLowerCase();
  return f
    .replace(/tbl[a-z]+\[\[#thisrow\],\[([^\]]*)\]\]/g, "[@$1]")
    .replace(/tbl[a-z]+\[@\[([^\]]*)\]\]/g, "[@$1]")
    .replace(/tbl[a-z]+\[@([^\]]*)\]/g, "[@$1]")
    .replace(/\[@\[([^\]]*)\]\]/g, "[@$1]");
}

/**
 * A small version-2 plan as a host reads it, built straight from rows, with figures that
 * are easy to work out by hand (see SMALL below), and helpers to change it.
 */
import type { CellValue } from "../../../src/plan/cell";
import type { CellInput } from "../../../src/plan/changes";
import { checkWorkbook } from "../../../src/plan/checks";
import type { Finding } from "../../../src/plan/findings";
import type { Plan } from "../../../src/plan/model";
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import {
  type AnyTableSpec,
  DEFAULT_STATUS_KEY,
  LINE_RETURNS,
  MEASURE_RETURNS,
  META_KEYS,
  META_SHEET,
  RETURN_CHANGES,
  RETURN_TABLES,
  SPEND_PROFILE,
  STATUS_KEY,
  TARGET_PROFILE,
  TARGET_PROFILE_FIRST_COLUMN,
  TABLES,
} from "../../../src/plan/schema";
import type { PlanData } from "../../../src/plan/template";
import { cellFormula, cellValue, rawMeta, rawPlan } from "../../support/raw";

/** Any table of the plan from rows in the schema's column order, at `firstColumn` of row 1. */
export function anyTable(spec: AnyTableSpec, rows: readonly (readonly CellInput[])[], firstColumn = 0): RawTable {
  return {
    name: spec.table,
    sheet: spec.sheet,
    headerRow: 0,
    firstColumn,
    headers: spec.columns.map((c) => c.header),
    rows: rows.map((r) => spec.columns.map((_, i) => cellValue(r[i] ?? null))),
    formulas: rows.map((r) => spec.columns.map((_, i) => cellFormula(r[i] ?? null))),
    below: spec.columns.map(() => null),
    merged: [],
  };
}

/*
 * The small plan, as at 2020/21-Q2:
 *   Grants    G1 2020/21, award £1,000.00 (row 2).
 *   Lines     L1 £400.00 (row 2, even profile 100 × 4); L2 £500.01 (row 3, typed profile
 *             200 / 100 / 100 / 100.01); L3 £99.99 reserve (row 4, even 25 / 25 / 25 / 24.99).
 *   Measures  M1 L1 count 10, even (3 / 3 / 2 / 2) (row 2); M2 L2 at least 500, all in Q2 (row 3);
 *             M3 L1 percentage 75 (row 4); M4 L2 milestone (row 5).
 *   Profiles  tblSpendProfile A1: L1 blank (row 2), L2 typed (row 3). tblTargetProfile G1: M1 Even
 *             (row 2), M2 All in Q2 (row 3).
 *   Line returns (A Line ID, B Financial year, C Quarter, D Spend, E Status, F Commentary):
 *             L1 Q1 £90.00 Green "On plan" (row 2); L1 Q2 £120.00 Amber "Late invoices" (row 3);
 *             L2 Q1 £150.00 Green, no commentary (row 4). L2 Q2 is missing.
 *   Measure returns (A Measure ID, B year, C Quarter, D Value, E Status):
 *             M1 Q1 4 (row 2), M1 Q2 2 (row 3), M2 Q1 300 (row 4), M2 Q2 450 (row 5),
 *             M3 Q1 60 Red (row 6). M3 Q2 and M4 Q1, Q2 are missing.
 */
export const SMALL: PlanData = {
  grants: [{ id: "G1", name: "Small grant", funder: "PCC", year: "2020/21", award: "1000.00", eligibleAreas: [], notes: "" }],
  lines: [
    { id: "L1", grantId: "G1", theme: "ASB", activity: "Park nights", lead: "Youth service", allocation: "400.00", isReserve: false, priorityAreas: [], outcomes: "", notes: "" },
    { id: "L2", grantId: "G1", theme: "Hate crime", activity: "Training", lead: "Police", allocation: "500.01", isReserve: false, priorityAreas: [], outcomes: "", notes: "" },
    { id: "L3", grantId: "G1", theme: "", activity: "Reserve", lead: "", allocation: "99.99", isReserve: true, priorityAreas: [], outcomes: "", notes: "" },
  ],
  measures: [
    { id: "M1", lineId: "L1", description: "Park night sessions", kind: "count", target: 10, unit: "sessions", baseline: null, notes: "" },
    { id: "M2", lineId: "L2", description: "Incidents reported", kind: "at-least", target: 500, unit: "incidents", baseline: null, notes: "" },
    { id: "M3", lineId: "L1", description: "Satisfaction", kind: "percentage", target: 75, unit: "%", baseline: null, notes: "" },
    { id: "M4", lineId: "L2", description: "Training plan agreed", kind: "milestone", target: null, unit: "", baseline: null, notes: "" },
  ],
};

export interface ReturnRows {
  readonly statusKey: readonly (readonly CellInput[])[];
  readonly spendProfile: readonly (readonly CellInput[])[];
  readonly targetProfile: readonly (readonly CellInput[])[];
  readonly lineReturns: readonly (readonly CellInput[])[];
  readonly measureReturns: readonly (readonly CellInput[])[];
  readonly returnChanges: readonly (readonly CellInput[])[];
}

export const SMALL_RETURNS: ReturnRows = {
  statusKey: DEFAULT_STATUS_KEY.map((s) => [s.status, s.meaning, s.colour, s.suggestedWhen]),
  spendProfile: [
    ["L1", null, null, null, null],
    ["L2", 200, 100, 100, 100.01],
  ],
  targetProfile: [
    ["M1", "Even"],
    ["M2", "All in Q2"],
  ],
  lineReturns: [
    ["L1", "2020/21", "Q1", 90, "Green", "On plan", "", "Lead", 44027.5],
    ["L1", "2020/21", "Q2", 120, "Amber", "Late invoices", "", "Lead", 44119.5],
    ["L2", "2020/21", "Q1", 150, "Green", "", "", "Lead", 44027.5],
  ],
  measureReturns: [
    ["M1", "2020/21", "Q1", 4, "", "", "Lead", 44027.5],
    ["M1", "2020/21", "Q2", 2, "", "", "Lead", 44119.5],
    ["M2", "2020/21", "Q1", 300, "", "", "Lead", 44027.5],
    ["M2", "2020/21", "Q2", 450, "", "", "Lead", 44119.5],
    ["M3", "2020/21", "Q1", 60, "Red", "", "Lead", 44027.5],
  ],
  returnChanges: [],
};

const RETURN_TABLE_NAMES = new Set(RETURN_TABLES.map((t) => t.table.toLowerCase()));

/** A version-2 raw workbook: the plan's version-1 tables, the six version-2 tables from `rows`, and settings. */
export function rawV2(data: PlanData = SMALL, rows: ReturnRows = SMALL_RETURNS, settings: Readonly<Record<string, CellValue>> = { [META_KEYS.returnsAsAt]: "2020/21-Q2" }): RawWorkbook {
  const base = rawPlan(data);
  const tables = [
    ...base.tables.filter((t) => !RETURN_TABLE_NAMES.has(t.name.toLowerCase())),
    anyTable(STATUS_KEY, rows.statusKey),
    anyTable(SPEND_PROFILE, rows.spendProfile),
    anyTable(TARGET_PROFILE, rows.targetProfile, TARGET_PROFILE_FIRST_COLUMN),
    anyTable(LINE_RETURNS, rows.lineReturns),
    anyTable(MEASURE_RETURNS, rows.measureReturns),
    anyTable(RETURN_CHANGES, rows.returnChanges),
  ];
  const sheetNames = [...new Set([...TABLES, ...RETURN_TABLES].map((t) => t.sheet))];
  return {
    sheets: [...sheetNames.map((name) => ({ name, visible: true })), { name: META_SHEET, visible: false }],
    meta: { ...rawMeta(2), ...settings },
    tables,
  };
}

/** Reads and checks a raw workbook (as at its setting unless told), failing the test when it is not a plan. */
export function checkedRaw(raw: RawWorkbook, options: Parameters<typeof checkWorkbook>[1] = {}): { plan: Plan; findings: readonly Finding[] } {
  const result = checkWorkbook(raw, { today: "2020-10-15", ...options });
  if (result.status !== "plan") throw new Error(result.reason);
  return { plan: result.plan, findings: result.findings };
}

/** `rows` with one table's rows changed. */
export function withReturnRows(rows: ReturnRows, key: keyof ReturnRows, change: (rows: (readonly CellInput[])[]) => (readonly CellInput[])[]): ReturnRows {
  return { ...rows, [key]: change([...rows[key]]) };
}

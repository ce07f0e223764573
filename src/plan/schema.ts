/**
 * The workbook format: sheet, table and column names, number formats, validation lists
 * and formula columns. This is a public contract (docs/workbook-format.md); change it
 * only with a new SCHEMA_VERSION and keep older versions readable.
 */
import type { ColumnWrite, Validation } from "./changes";

export const SCHEMA_VERSION = 2;
/** The first version with quarterly returns (docs/returns.md). */
export const RETURNS_SCHEMA_VERSION = 2;

/** The add-in's own hidden sheet of settings (key in column A, value in column B). */
export const META_SHEET = "Grant Planner settings";
/** The board summary sheet the add-in builds inside the plan and rebuilds on every refresh (docs/summary.md). */
export const SUMMARY_SHEET = "Summary";
/** Sheets the add-in owns whose values every host reads (RawWorkbook.ownedSheets), to tell whether someone edited them. */
export const OWNED_SHEETS: readonly string[] = [SUMMARY_SHEET];
/** The most cells of an owned sheet a host reads (its used range, rows × columns); a larger one is reported unread. */
export const OWNED_SHEET_MAX_CELLS = 2_000_000;
export const META_KEYS = {
  schemaVersion: "Schema version",
  createdBy: "Created by",
  template: "Template",
  /** The as-at quarter checks use when none is given, e.g. "2020/21-Q2" (docs/returns.md). */
  returnsAsAt: "Returns as at",
  /** UNDERSPEND_RISK's threshold, a percentage of the profile to date (default 15). */
  underspendPercent: "Underspend warning (%)",
} as const;

export const MONEY_FORMAT = '"£"#,##0.00;[Red]-"£"#,##0.00';
export const TEXT_FORMAT = "@";
/**
 * Measures' numbers (targets, baselines): "General" shows 60 as "60" and 12.5 as "12.5".
 * A format such as "#,##0.##" shows 60 as "60." (the decimal point of a format is always
 * shown, however many optional "#" digits follow it), and Excel's formats cannot tell whole
 * numbers from others, so no single pattern with a thousands separator does both.
 */
export const NUMBER_FORMAT = "General";
export const GENERAL_FORMAT = "General";
/** Dates and times as en-GB readers expect them: 15/07/2020 14:05. */
export const DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm";

export type ColumnType = "id" | "text" | "money" | "number" | "yes-no" | "kind" | "formula" | "date";

/** A table's columns by key; K is the table's own key union, so a misspelt key does not compile. */
export interface ColumnSpec<K extends string = string> {
  readonly key: K;
  readonly header: string;
  readonly type: ColumnType;
  /** A missing required column is an error; an optional one is simply read as blank. */
  readonly required: boolean;
  readonly width: number;
  /** For formula columns: the column's formula in file (canonical structured-reference) form. */
  readonly formula?: string;
  /** Overrides the number format implied by `type`. */
  readonly numberFormat?: string;
  /** For an optional column that checks rely on: what its absence means, reported as a warning. */
  readonly missingMeans?: string;
}

export type TableKey = "grants" | "areas" | "lines" | "measures";
/** The tables of quarterly returns (schema version 2). */
export type ReturnTableKey = "statusKey" | "spendProfile" | "targetProfile" | "lineReturns" | "measureReturns" | "returnChanges";

export interface TableSpec<K extends string = string, T extends TableKey | ReturnTableKey = TableKey> {
  readonly key: T;
  readonly sheet: string;
  readonly table: string;
  readonly columns: readonly ColumnSpec<K>[];
}

export type GrantColumnKey = "id" | "name" | "funder" | "year" | "award" | "allocated" | "unallocated" | "notes";
export type AreaColumnKey = "grantId" | "area";
export type LineColumnKey =
  | "id"
  | "grantId"
  | "theme"
  | "activity"
  | "lead"
  | "allocation"
  | "reserve"
  | "areas"
  | "outcomes"
  | "notes"
  | "measureCount";
export type MeasureColumnKey = "id" | "lineId" | "description" | "kind" | "target" | "unit" | "baseline" | "notes";

/** The column keys of each table. */
export interface ColumnKeys {
  readonly grants: GrantColumnKey;
  readonly areas: AreaColumnKey;
  readonly lines: LineColumnKey;
  readonly measures: MeasureColumnKey;
}

export const MEASURE_KINDS = [
  { kind: "count", label: "Count", needsNumber: true, hint: "Reach a number, e.g. 60 park night sessions" },
  { kind: "at-least", label: "At least", needsNumber: true, hint: "Stay at or above a number, e.g. over 500 incidents reported" },
  { kind: "reduction", label: "Reduction", needsNumber: true, hint: "Fall from a baseline to a target" },
  { kind: "percentage", label: "Percentage", needsNumber: true, hint: "Reach a percentage, e.g. 75" },
  { kind: "milestone", label: "Milestone", needsNumber: false, hint: "Something done or not done" },
  { kind: "narrative", label: "Narrative", needsNumber: false, hint: "Reported in words" },
  { kind: "external", label: "External", needsNumber: false, hint: "As per another body's contract monitoring" },
  { kind: "to-be-agreed", label: "To be agreed", needsNumber: false, hint: "Target not yet agreed with the project lead" },
] as const;

export type MeasureKind = (typeof MEASURE_KINDS)[number]["kind"];

export const YES = "Yes";
export const NO = "No";

export const GRANTS: TableSpec<GrantColumnKey> = {
  key: "grants",
  sheet: "Grants",
  table: "tblGrants",
  columns: [
    { key: "id", header: "Grant ID", type: "id", required: true, width: 12 },
    { key: "name", header: "Grant name", type: "text", required: true, width: 40 },
    { key: "funder", header: "Funder", type: "text", required: false, width: 28 },
    { key: "year", header: "Financial year", type: "text", required: true, width: 14 },
    { key: "award", header: "Award", type: "money", required: true, width: 16 },
    {
      key: "allocated",
      header: "Allocated",
      type: "formula",
      required: false,
      width: 16,
      formula: "SUMIFS(tblLines[Allocation],tblLines[Grant ID],tblGrants[[#This Row],[Grant ID]])",
    },
    {
      key: "unallocated",
      header: "Unallocated",
      type: "formula",
      required: false,
      width: 16,
      formula: "tblGrants[[#This Row],[Award]]-tblGrants[[#This Row],[Allocated]]",
    },
    { key: "notes", header: "Notes", type: "text", required: false, width: 40 },
  ],
};

export const AREAS: TableSpec<AreaColumnKey> = {
  key: "areas",
  sheet: "Priority areas",
  table: "tblPriorityAreas",
  columns: [
    { key: "grantId", header: "Grant ID", type: "id", required: true, width: 12 },
    { key: "area", header: "Priority area", type: "text", required: true, width: 56 },
  ],
};

export const LINES: TableSpec<LineColumnKey> = {
  key: "lines",
  sheet: "Lines",
  table: "tblLines",
  columns: [
    { key: "id", header: "Line ID", type: "id", required: true, width: 12 },
    { key: "grantId", header: "Grant ID", type: "id", required: true, width: 12 },
    { key: "theme", header: "Theme", type: "text", required: false, width: 28 },
    { key: "activity", header: "Activity", type: "text", required: true, width: 40 },
    { key: "lead", header: "Lead organisation", type: "text", required: false, width: 28 },
    { key: "allocation", header: "Allocation", type: "money", required: true, width: 16 },
    { key: "reserve", header: "Reserve", type: "yes-no", required: false, width: 10, missingMeans: "no line is treated as a reserve" },
    {
      key: "areas",
      header: "Priority areas",
      type: "text",
      required: false,
      width: 40,
      missingMeans: "lines cannot be checked against their grant's eligible priority areas",
    },
    { key: "outcomes", header: "Expected outcomes", type: "text", required: false, width: 60 },
    { key: "notes", header: "Notes", type: "text", required: false, width: 30 },
    {
      key: "measureCount",
      header: "Measures",
      type: "formula",
      required: false,
      width: 10,
      numberFormat: GENERAL_FORMAT,
      formula: "COUNTIFS(tblMeasures[Line ID],tblLines[[#This Row],[Line ID]])",
    },
  ],
};

export const MEASURES: TableSpec<MeasureColumnKey> = {
  key: "measures",
  sheet: "Measures",
  table: "tblMeasures",
  columns: [
    { key: "id", header: "Measure ID", type: "id", required: true, width: 12 },
    { key: "lineId", header: "Line ID", type: "id", required: true, width: 12 },
    { key: "description", header: "Description", type: "text", required: true, width: 60 },
    { key: "kind", header: "Kind", type: "kind", required: true, width: 14 },
    { key: "target", header: "Target", type: "number", required: false, width: 10, missingMeans: "no measure has a target number" },
    { key: "unit", header: "Unit", type: "text", required: false, width: 20 },
    { key: "baseline", header: "Baseline", type: "number", required: false, width: 10, missingMeans: "reductions have no baseline" },
    { key: "notes", header: "Notes", type: "text", required: false, width: 40 },
  ],
};

export const TABLES: readonly TableSpec[] = [GRANTS, AREAS, LINES, MEASURES];

// Quarterly returns (schema version 2, docs/returns.md). Version 2 only adds these tables.

export type StatusKeyColumnKey = "status" | "meaning" | "colour" | "suggestedWhen";
export type SpendProfileColumnKey = "lineId" | "q1" | "q2" | "q3" | "q4";
export type TargetProfileColumnKey = "measureId" | "profile" | "q1" | "q2" | "q3" | "q4";
export type LineReturnColumnKey = "lineId" | "year" | "quarter" | "spend" | "status" | "commentary" | "risks" | "enteredBy" | "enteredOn";
export type MeasureReturnColumnKey = "measureId" | "year" | "quarter" | "value" | "status" | "comment" | "enteredBy" | "enteredOn";
export type ReturnChangeColumnKey = "table" | "key" | "column" | "oldValue" | "newValue" | "changedBy" | "changedOn";

/** The situations the Progress view can suggest a status for; the status key names a status for each. */
export const SITUATIONS = ["complete", "on track", "behind", "not started"] as const;
export type Situation = (typeof SITUATIONS)[number];

/** Quarters as returns write them. */
export const QUARTER_LABELS = ["Q1", "Q2", "Q3", "Q4"] as const;

/** Target profiles (tblTargetProfile's Profile column); blank means Even. */
export const TARGET_PROFILES = [
  { profile: "even", label: "Even" },
  { profile: "q1", label: "All in Q1" },
  { profile: "q2", label: "All in Q2" },
  { profile: "q3", label: "All in Q3" },
  { profile: "q4", label: "All in Q4" },
  { profile: "typed", label: "Typed" },
] as const;
export type TargetProfileKind = (typeof TARGET_PROFILES)[number]["profile"];

export const STATUS_KEY: TableSpec<StatusKeyColumnKey, ReturnTableKey> = {
  key: "statusKey",
  sheet: "Status key",
  table: "tblStatusKey",
  columns: [
    { key: "status", header: "Status", type: "text", required: true, width: 12 },
    { key: "meaning", header: "Meaning", type: "text", required: true, width: 20 },
    { key: "colour", header: "Colour", type: "text", required: false, width: 10 },
    { key: "suggestedWhen", header: "Suggested when", type: "text", required: false, width: 16 },
  ],
};

/** The default status key: BRAG, as councils use it. */
export const DEFAULT_STATUS_KEY: readonly { status: string; meaning: string; colour: string; suggestedWhen: Situation }[] = [
  { status: "Blue", meaning: "Complete", colour: "#2E75B6", suggestedWhen: "complete" },
  { status: "Green", meaning: "Progressing", colour: "#00B050", suggestedWhen: "on track" },
  { status: "Amber", meaning: "On Hold", colour: "#FFC000", suggestedWhen: "behind" },
  { status: "Red", meaning: "Not Started", colour: "#FF0000", suggestedWhen: "not started" },
];

export const SPEND_PROFILE: TableSpec<SpendProfileColumnKey, ReturnTableKey> = {
  key: "spendProfile",
  sheet: "Profiles",
  table: "tblSpendProfile",
  columns: [
    { key: "lineId", header: "Line ID", type: "id", required: true, width: 12 },
    { key: "q1", header: "Q1", type: "money", required: true, width: 14 },
    { key: "q2", header: "Q2", type: "money", required: true, width: 14 },
    { key: "q3", header: "Q3", type: "money", required: true, width: 14 },
    { key: "q4", header: "Q4", type: "money", required: true, width: 14 },
  ],
};

export const TARGET_PROFILE: TableSpec<TargetProfileColumnKey, ReturnTableKey> = {
  key: "targetProfile",
  sheet: "Profiles",
  table: "tblTargetProfile",
  columns: [
    { key: "measureId", header: "Measure ID", type: "id", required: true, width: 12 },
    { key: "profile", header: "Profile", type: "text", required: true, width: 12 },
    { key: "q1", header: "Q1 target", type: "number", required: false, width: 10 },
    { key: "q2", header: "Q2 target", type: "number", required: false, width: 10 },
    { key: "q3", header: "Q3 target", type: "number", required: false, width: 10 },
    { key: "q4", header: "Q4 target", type: "number", required: false, width: 10 },
  ],
};

/** Where tblTargetProfile starts on the Profiles sheet: after tblSpendProfile and one blank column. */
export const TARGET_PROFILE_FIRST_COLUMN = SPEND_PROFILE.columns.length + 1;

export const LINE_RETURNS: TableSpec<LineReturnColumnKey, ReturnTableKey> = {
  key: "lineReturns",
  sheet: "Line returns",
  table: "tblLineReturns",
  columns: [
    { key: "lineId", header: "Line ID", type: "id", required: true, width: 12 },
    { key: "year", header: "Financial year", type: "text", required: true, width: 14 },
    { key: "quarter", header: "Quarter", type: "text", required: true, width: 9 },
    { key: "spend", header: "Spend in quarter", type: "money", required: true, width: 16 },
    { key: "status", header: "Status", type: "text", required: true, width: 12 },
    { key: "commentary", header: "Commentary", type: "text", required: false, width: 50 },
    { key: "risks", header: "Risks and issues", type: "text", required: false, width: 40 },
    { key: "enteredBy", header: "Entered by", type: "text", required: false, width: 20 },
    { key: "enteredOn", header: "Entered on", type: "date", required: false, width: 17 },
  ],
};

export const MEASURE_RETURNS: TableSpec<MeasureReturnColumnKey, ReturnTableKey> = {
  key: "measureReturns",
  sheet: "Measure returns",
  table: "tblMeasureReturns",
  columns: [
    { key: "measureId", header: "Measure ID", type: "id", required: true, width: 12 },
    { key: "year", header: "Financial year", type: "text", required: true, width: 14 },
    { key: "quarter", header: "Quarter", type: "text", required: true, width: 9 },
    { key: "value", header: "Value in quarter", type: "number", required: true, width: 14 },
    { key: "status", header: "Status", type: "text", required: false, width: 12 },
    { key: "comment", header: "Comment", type: "text", required: false, width: 50 },
    { key: "enteredBy", header: "Entered by", type: "text", required: false, width: 20 },
    { key: "enteredOn", header: "Entered on", type: "date", required: false, width: 17 },
  ],
};

export const RETURN_CHANGES: TableSpec<ReturnChangeColumnKey, ReturnTableKey> = {
  key: "returnChanges",
  sheet: "Return changes",
  table: "tblReturnChanges",
  columns: [
    { key: "table", header: "Table", type: "text", required: true, width: 18 },
    { key: "key", header: "Return", type: "text", required: true, width: 26 },
    { key: "column", header: "Column", type: "text", required: true, width: 18 },
    { key: "oldValue", header: "Old value", type: "text", required: false, width: 30 },
    { key: "newValue", header: "New value", type: "text", required: false, width: 30 },
    { key: "changedBy", header: "Changed by", type: "text", required: false, width: 20 },
    { key: "changedOn", header: "Changed on", type: "date", required: false, width: 17 },
  ],
};

/** The tables version 2 adds, in the order setting up or upgrading creates them. */
export const RETURN_TABLES: readonly TableSpec<string, ReturnTableKey>[] = [STATUS_KEY, SPEND_PROFILE, TARGET_PROFILE, LINE_RETURNS, MEASURE_RETURNS, RETURN_CHANGES];

/**
 * The Progress sheet's tables (src/plan/returns/linked.ts builds them): live formulas over the
 * tables above, one row per line and per measure. Hosts read them back only so that the core
 * can tell which lines and measures have no row there yet.
 */
export const PROGRESS_SHEET = "Progress";
export const LINE_PROGRESS_TABLE = "tblLineProgress";
export const MEASURE_PROGRESS_TABLE = "tblMeasureProgress";

/** Every table a host reads, by name: the plan's tables, the returns tables and the Progress tables. */
export const READ_TABLES: readonly string[] = [...TABLES, ...RETURN_TABLES].map((t) => t.table).concat([LINE_PROGRESS_TABLE, MEASURE_PROGRESS_TABLE]);

/** Separator between several priority areas in one Lines cell. */
export const AREA_SEPARATOR = ";";

/** Where each table starts on its sheet: the header row is the first row, column A. */
export const TABLE_ORIGIN = { headerRow: 0, firstColumn: 0 } as const;

export function numberFormatFor(type: ColumnType): string {
  switch (type) {
    case "money":
      return MONEY_FORMAT;
    case "formula":
      return MONEY_FORMAT;
    case "number":
      return NUMBER_FORMAT;
    case "date":
      return DATE_TIME_FORMAT;
    case "id":
    case "text":
    case "yes-no":
    case "kind":
      return TEXT_FORMAT;
  }
}

export function validationFor(type: ColumnType): Validation | null {
  switch (type) {
    case "money":
      return { kind: "decimal-at-least", minimum: 0 };
    case "yes-no":
      return { kind: "list", values: [YES, NO] };
    case "kind":
      return { kind: "list", values: MEASURE_KINDS.map((k) => k.label) };
    default:
      return null;
  }
}

/** Any table of the plan, of either version. */
export type AnyTableSpec = TableSpec<string, TableKey | ReturnTableKey>;

export function columnWrites(spec: AnyTableSpec): ColumnWrite[] {
  return spec.columns.map((c) => ({
    header: c.header,
    numberFormat: c.numberFormat ?? numberFormatFor(c.type),
    width: c.width,
    validation: validationFor(c.type),
  }));
}

export function tableSpec(key: TableKey): TableSpec {
  const spec = TABLES.find((t) => t.key === key);
  if (!spec) throw new Error(`unknown table ${key}`);
  return spec;
}

export function normaliseHeader(value: string): string {
  return value.trim().replace(/\s+/g, " ").toLowerCase();
}

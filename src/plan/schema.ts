/**
 * The workbook format: sheet, table and column names, number formats, validation lists
 * and formula columns. This is a public contract (docs/workbook-format.md); change it
 * only with a new SCHEMA_VERSION and keep older versions readable.
 */
import type { ColumnWrite, Validation } from "./changes";

export const SCHEMA_VERSION = 1;

/** The add-in's own hidden sheet of settings (key in column A, value in column B). */
export const META_SHEET = "Grant Planner settings";
export const META_KEYS = {
  schemaVersion: "Schema version",
  createdBy: "Created by",
  template: "Template",
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

export type ColumnType = "id" | "text" | "money" | "number" | "yes-no" | "kind" | "formula";

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

export interface TableSpec<K extends string = string> {
  readonly key: TableKey;
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

export function columnWrites(spec: TableSpec): ColumnWrite[] {
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

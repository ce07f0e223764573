/**
 * The version-2 sheets and tables as setting up and upgrading create them, and the check
 * that none of their names is taken. Kept apart from submitting returns (./actions.ts) so
 * that setting up does not bring the submission code into the pane's first download.
 */
import { a1 } from "../cell";
import type { CellInput, Change, ColumnWrite } from "../changes";
import type { Finding } from "../findings";
import type { RawWorkbook } from "../raw";
import {
  type AnyTableSpec,
  columnWrites,
  QUARTER_LABELS,
  RETURN_TABLES,
  type ReturnTableKey,
  SITUATIONS,
  STATUS_KEY,
  TABLE_ORIGIN,
  TARGET_PROFILE,
  TARGET_PROFILE_FIRST_COLUMN,
  TARGET_PROFILES,
} from "../schema";

/** Where each version-2 table starts: column A, but tblTargetProfile beside tblSpendProfile. */
function firstColumnOf(spec: AnyTableSpec): number {
  return spec.table === TARGET_PROFILE.table ? TARGET_PROFILE_FIRST_COLUMN : TABLE_ORIGIN.firstColumn;
}

/** A list validation, or none when Excel could not hold it (a comma in an entry, more than 255 characters). */
function listOf(values: readonly string[]): ColumnWrite["validation"] {
  const usable = values.filter((v) => v.trim() !== "");
  if (usable.length === 0 || usable.some((v) => v.includes(",")) || usable.join(",").length > 255) return null;
  return { kind: "list", values: usable };
}

/** The columns of a version-2 table as written, with the drop-down lists that make sense for it. */
function returnColumnWrites(spec: AnyTableSpec, statusWords: readonly string[]): ColumnWrite[] {
  const lists: Record<string, ColumnWrite["validation"]> = {
    Quarter: listOf(QUARTER_LABELS),
    Status: listOf(statusWords),
  };
  if (spec.table === TARGET_PROFILE.table) lists["Profile"] = listOf(TARGET_PROFILES.map((p) => p.label));
  if (spec.table === STATUS_KEY.table) {
    lists["Suggested when"] = listOf(SITUATIONS);
    delete lists["Status"];
  }
  return columnWrites(spec).map((c) => {
    const list = lists[c.header];
    return list === undefined ? c : { ...c, validation: list };
  });
}

/**
 * The version-2 sheets and tables, with their rows (a table with none gets one blank body
 * row: an Excel table always has one). Both profile tables go on one sheet.
 */
export function returnTableChanges(rows: Readonly<Record<ReturnTableKey, readonly (readonly CellInput[])[]>>, statusWords: readonly string[]): Change[] {
  const changes: Change[] = [];
  const created = new Set<string>();
  for (const spec of RETURN_TABLES) {
    if (!created.has(spec.sheet)) {
      changes.push({ kind: "createSheet", sheet: spec.sheet, hidden: false });
      created.add(spec.sheet);
    }
    const body = rows[spec.key];
    changes.push({
      kind: "createTable",
      sheet: spec.sheet,
      table: spec.table,
      headerRow: TABLE_ORIGIN.headerRow,
      firstColumn: firstColumnOf(spec),
      columns: returnColumnWrites(spec, statusWords),
      rows: body.length > 0 ? body : [spec.columns.map((): CellInput => null)],
    });
  }
  return changes;
}

/**
 * SHEET_IN_THE_WAY for every sheet or table of these names that the workbook already has
 * (names compared whatever the case, as Excel does). A table on a sheet that is already
 * reported is not reported again.
 */
export function namesInTheWay(raw: RawWorkbook, sheets: readonly string[], tables: readonly string[], then: string): Finding[] {
  const found: Finding[] = [];
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  for (const sheet of raw.sheets) {
    if (!sheets.some((w) => same(w, sheet.name))) continue;
    found.push({
      code: "SHEET_IN_THE_WAY",
      severity: "error",
      sheet: sheet.name,
      cell: "A1",
      message: `This workbook already has a sheet called "${sheet.name}" that Grant Planner did not create. Nothing was changed; rename that sheet (or use a new workbook) and ${then}.`,
    });
  }
  for (const table of raw.tables) {
    if (!tables.some((t) => same(t, table.name)) || found.some((f) => f.sheet === table.sheet)) continue;
    found.push({
      code: "SHEET_IN_THE_WAY",
      severity: "error",
      sheet: table.sheet,
      cell: a1(table.headerRow, table.firstColumn),
      message: `This workbook already has a table called ${table.name}. Nothing was changed; rename that table and ${then}.`,
    });
  }
  return found;
}


/**
 * Which lines and measures have no row in the Progress sheet (docs/returns.md, "The Progress
 * sheet"). The sheet's figures are formulas, one row per ID; a line or measure added after
 * the sheet was written has no row until one is added, so checking says so. Kept apart from
 * the formulas themselves (./linked.ts) so that checking does not bring them into the pane's
 * first download.
 */
import { cellText } from "../cell";
import type { Finding } from "../findings";
import type { Plan } from "../model";
import type { RawTable, RawWorkbook } from "../raw";
import { LINE_PROGRESS_TABLE, MEASURE_PROGRESS_TABLE, PROGRESS_SHEET, RETURNS_SCHEMA_VERSION } from "../schema";
import { caseKey, quoteText } from "../text";

/**
 * The most lines and measures (together) a Progress sheet is written for. Each measure's row
 * holds some 16,500 characters of formulas and each line's 5,200, so 2,000 rows make a sheet
 * of up to 33 MB of XML that every program must parse and recalculate; a partnership's plan
 * has tens of lines and a few hundred measures. A larger plan is written without the sheet,
 * and its progress is in the Progress view and `grant-planner progress`.
 */
export const PROGRESS_SHEET_MAX_ROWS = 2000;

/** True when the plan has more lines and measures than a Progress sheet is written for. */
export function tooLargeForProgressSheet(plan: Plan): boolean {
  return plan.lines.length + plan.measures.length > PROGRESS_SHEET_MAX_ROWS;
}

export interface MissingProgressRows {
  /** Both Progress tables were found; when false, the plan has no Progress sheet of its own. */
  readonly sheetFound: boolean;
  readonly lineIds: readonly string[];
  readonly measureIds: readonly string[];
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function tableNamed(raw: RawWorkbook, name: string): RawTable | undefined {
  return raw.tables.find((t) => sameName(t.name, name));
}

/** The IDs in a Progress table's first column, as keys. */
function idsIn(table: RawTable): Set<string> {
  const ids = new Set<string>();
  for (const row of table.rows) {
    const id = row[0];
    if (id === undefined || id === null) continue;
    const text = cellText(id).trim();
    if (text !== "") ids.add(caseKey(text));
  }
  return ids;
}

/** IDs once each, trimmed, in order (the first spelling), leaving out blanks and IDs whose key is in `present`. */
export function uniqueIds(ids: readonly string[], present: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of ids) {
    const id = raw.trim();
    const key = caseKey(id);
    if (id === "" || seen.has(key) || present.has(key)) continue;
    seen.add(key);
    out.push(id);
  }
  return out;
}

/** The lines and measures of a version-2 plan with no row in the Progress sheet; every one of them when it has no such sheet. */
export function missingProgressRows(raw: RawWorkbook, plan: Plan): MissingProgressRows {
  const lines = tableNamed(raw, LINE_PROGRESS_TABLE);
  const measures = tableNamed(raw, MEASURE_PROGRESS_TABLE);
  const sheetFound = lines !== undefined && measures !== undefined;
  return {
    sheetFound,
    lineIds: uniqueIds(
      plan.lines.map((l) => l.id),
      lines === undefined ? new Set() : idsIn(lines),
    ),
    measureIds: uniqueIds(
      plan.measures.map((m) => m.id),
      measures === undefined ? new Set() : idsIn(measures),
    ),
  };
}

/** "CRG-07", "CRG-07 and VRP-06", "CRG-07, VRP-06 and 3 others". */
function someIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 2).map((id) => quoteText(id));
  const rest = ids.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} other${rest === 1 ? "" : "s"}`;
  return shown.join(" and ");
}

/**
 * PROGRESS_ROWS_MISSING (info): lines or measures with no row in the plan's Progress sheet.
 * Nothing for a plan without the sheet (a person deleted it, or another program wrote the
 * plan: `grant-planner upgrade` adds it), or larger than a Progress sheet is written for.
 */
export function progressRowFindings(raw: RawWorkbook, plan: Plan): Finding[] {
  if (plan.schemaVersion < RETURNS_SCHEMA_VERSION || plan.returns === null || tooLargeForProgressSheet(plan)) return [];
  const missing = missingProgressRows(raw, plan);
  // No Progress sheet (deleted, or a plan another program wrote): nothing to keep up to date.
  if (!missing.sheetFound) return [];
  const parts: string[] = [];
  if (missing.lineIds.length > 0) parts.push(`line${missing.lineIds.length === 1 ? "" : "s"} ${someIds(missing.lineIds)}`);
  if (missing.measureIds.length > 0) parts.push(`measure${missing.measureIds.length === 1 ? "" : "s"} ${someIds(missing.measureIds)}`);
  if (parts.length === 0) return [];
  const count = missing.lineIds.length + missing.measureIds.length;
  return [
    {
      code: "PROGRESS_ROWS_MISSING",
      severity: "info",
      sheet: PROGRESS_SHEET,
      cell: "A1",
      message: `The "${PROGRESS_SHEET}" sheet has no row for ${parts.join(" or ")}, so its figures leave ${count === 1 ? "it" : "them"} out. Add the missing rows from the Checks view, or with grant-planner upgrade.`,
    },
  ];
}

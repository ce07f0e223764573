/**
 * Rows a person typed just under a plan table, outside it (ROWS_BELOW_TABLE): what taking
 * them into the table would do, worked out by the core on the last read, and the action
 * that does it on a fresh read.
 */
import { type ActionResult, takeRowsIntoTable } from "../plan/actions";
import { parseA1 } from "../plan/cell";
import { describeChange } from "../plan/changes";
import type { Finding } from "../plan/findings";
import type { Plan } from "../plan/model";
import type { RawWorkbook } from "../plan/raw";
import type { TableKey } from "../plan/schema";
import { TAKE_ROWS } from "./planActions";
import type { PlanAction } from "./session";

export interface RowsBelow {
  readonly table: TableKey;
  readonly tableName: string;
  /** What will happen, in words: "Lines rows 14 to 15 become rows 12 to 13 of table tblLines." */
  readonly summary: string;
  /** Each change the action would write, described. */
  readonly steps: readonly string[];
  /** Why it cannot be done as things stand; null when it can. */
  readonly refusal: string | null;
}

const TABLE_KEYS: readonly TableKey[] = ["grants", "areas", "lines", "measures"];

function rowsWord(first: number, last: number): string {
  return first === last ? `row ${first}` : `rows ${first} to ${last}`;
}

/** Null when the finding is not about typed rows under one of the plan's tables. */
export function rowsBelow(finding: Finding, raw: RawWorkbook, plan: Plan): RowsBelow | null {
  if (finding.code !== "ROWS_BELOW_TABLE") return null;
  const at = parseA1(finding.cell);
  if (at === null) return null;
  for (const key of TABLE_KEYS) {
    const layout = plan.layouts[key];
    if (layout === null || layout.sheet.toLowerCase() !== finding.sheet.toLowerCase()) continue;
    const table = raw.tables.find((t) => t.name.toLowerCase() === layout.spec.table.toLowerCase());
    const typed = (table?.typedBelow ?? []).map((t) => t.row);
    if (table === undefined || !typed.includes(at.row)) continue;
    const last = Math.max(...typed);
    const result: ActionResult = takeRowsIntoTable(raw, plan, key);
    const refusal = result.findings.find((f) => f.severity === "error")?.message ?? null;
    const bodyRows = table.rows.length;
    const added = last - layout.endRow + 1;
    return {
      table: key,
      tableName: layout.spec.table,
      summary: `${layout.sheet} ${rowsWord(layout.endRow + 1, last + 1)} become${added === 1 ? "s" : ""} ${rowsWord(bodyRows + 1, bodyRows + added)} of table ${layout.spec.table}; every value stays in its cell.`,
      steps: result.changes.filter((c) => c.kind !== "expect").map(describeChange),
      refusal,
    };
  }
  return null;
}

/** Takes the rows in, computed again on a fresh read and guarded: the typed cells must still hold what was read. */
export function takeRowsAction(table: TableKey): PlanAction {
  return {
    label: TAKE_ROWS,
    busyLabel: "Taking the rows into the table…",
    compute: (raw, read) => {
      if (read.status !== "plan") return { notPossible: `The workbook is no longer a Grant Planner plan (${read.reason}), so nothing was written.` };
      return takeRowsIntoTable(raw, read.plan, table);
    },
  };
}

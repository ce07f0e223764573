/**
 * Lines and measures with no row in the Progress sheet (PROGRESS_ROWS_MISSING): what adding
 * their rows would do, worked out by the core on the last read, and the action that adds
 * them on a fresh read. A plan without the sheet gets the whole sheet.
 */
import type { Finding } from "../plan/findings";
import type { Plan } from "../plan/model";
import type { IsoDate } from "../plan/periods";
import type { RawWorkbook } from "../plan/raw";
import { progressRowsChanges } from "../plan/returns/linked";
import { missingProgressRows } from "../plan/returns/progressRows";
import { PROGRESS_SHEET } from "../plan/schema";
import { ADD_PROGRESS_ROWS } from "./actionNames";
import { type OfferPreview, previewOf } from "./preview";
import { type PlanAction, withPlan } from "./session";

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "line CRG-07", "lines CRG-07 and VRP-06", "lines CRG-07, VRP-06 and CRG-08". */
function named(ids: readonly string[], one: string, many: string): string {
  const list = ids.length <= 1 ? ids.join("") : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1) ?? ""}`;
  return `${ids.length === 1 ? one : many} ${list}`;
}

/** Null when the finding is not about rows missing from the Progress sheet. */
export function progressRowsOffer(finding: Finding, raw: RawWorkbook, plan: Plan, today: IsoDate): OfferPreview | null {
  if (finding.code !== "PROGRESS_ROWS_MISSING") return null;
  const missing = missingProgressRows(raw, plan);
  let summary: string;
  if (!missing.sheetFound) {
    summary =
      `Adds the "${PROGRESS_SHEET}" sheet, with a row for each of the plan's ${count(plan.lines.length, "line", "lines")} and ${count(plan.measures.length, "measure", "measures")}: ` +
      "formulas that keep spend and delivery to date live in Excel. Nothing else changes.";
  } else {
    const parts: string[] = [];
    if (missing.lineIds.length > 0) parts.push(named(missing.lineIds, "line", "lines"));
    if (missing.measureIds.length > 0) parts.push(named(missing.measureIds, "measure", "measures"));
    summary = `Adds a row to the "${PROGRESS_SHEET}" sheet for ${parts.join(" and ")}, below the rows already there. Nothing else changes.`;
  }
  return previewOf(summary, progressRowsChanges(raw, plan, { today }));
}

/** Adds the rows missing on a fresh read (someone may have added lines or rows meanwhile). */
export function progressRowsAction(today: IsoDate): PlanAction {
  return {
    label: ADD_PROGRESS_ROWS,
    busyLabel: "Adding rows to the Progress sheet…",
    compute: (raw, read) => withPlan(read, (plan) => progressRowsChanges(raw, plan, { today })),
  };
}

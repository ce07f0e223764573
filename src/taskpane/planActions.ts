/**
 * The pane's actions, each a compute step over a fresh read: the pure core decides what
 * to write; the session applies it.
 */
import { type ActionResult, addLineChanges, type AllocationEdit, allocationChanges, nextLineId, setupChanges } from "../plan/actions";
import { a1 } from "../plan/cell";
import type { Change } from "../plan/changes";
import { BLANK, EXAMPLES } from "../plan/examples";
import type { Plan } from "../plan/model";
import { formatGBP, type Money, toFixed2, ZERO } from "../plan/money";
import { type PlanAction, withPlan } from "./session";
import { todayIso } from "./format";
import type { SplitRow } from "./split";
import { ADD_LINE, APPLY_SPLIT, CREATED_BY, EXAMPLE_NAME, SAVE_ALLOCATIONS, SET_UP_BLANK, SET_UP_EXAMPLE, UNDO_SPLIT } from "./actionNames";

export function setupAction(template: "blank" | "example"): PlanAction {
  const example = EXAMPLES[EXAMPLE_NAME];
  return {
    label: template === "blank" ? SET_UP_BLANK : SET_UP_EXAMPLE,
    busyLabel: "Setting up the plan…",
    compute: (raw) => {
      if (template === "blank") return setupChanges(raw, BLANK.data, BLANK.name, CREATED_BY, { today: todayIso() });
      if (example === undefined) return { notPossible: "The example plan is missing from this version of Grant Planner." };
      return setupChanges(raw, example.data, EXAMPLE_NAME, CREATED_BY, { today: todayIso() });
    },
  };
}

export function saveAllocationsAction(edits: readonly AllocationEdit[], label = SAVE_ALLOCATIONS): PlanAction {
  return {
    label,
    busyLabel: "Saving allocations…",
    compute: (raw, read) => withPlan(read, (plan) => allocationChanges(plan, edits, raw)),
  };
}

/**
 * Writes a previewed split. Each line carries the amount the preview showed it holding, so
 * the same co-authoring guard as "Save allocations" refuses the split when someone else
 * changed one of the lines since the pane read it.
 */
export function applySplitAction(rows: readonly SplitRow[]): PlanAction {
  return saveAllocationsAction(
    rows.map((r) => ({ lineId: r.lineId, amount: r.after, expected: r.before })),
    APPLY_SPLIT,
  );
}

/**
 * Puts back what the lines held before a split, guarded the other way round: each line
 * must still hold what the split wrote. A line that was blank becomes blank again.
 */
export function undoSplitAction(rows: readonly SplitRow[]): PlanAction {
  return {
    label: UNDO_SPLIT,
    busyLabel: "Putting back the allocations…",
    compute: (raw, read) =>
      withPlan(read, (plan) => {
        const result = allocationChanges(
          plan,
          rows.map((r) => ({ lineId: r.lineId, amount: r.before ?? ZERO, expected: r.after })),
          raw,
        );
        return blanksRestored(plan, rows, result);
      }),
  };
}

/** The cells of lines that were blank before the split, written blank again rather than £0.00. */
function blanksRestored(plan: Plan, rows: readonly SplitRow[], result: ActionResult): ActionResult {
  const layout = plan.layouts.lines;
  const column = layout?.columns["allocation"];
  if (layout === null || column === undefined || result.changes.length === 0) return result;
  const blank = new Set(
    rows
      .filter((r) => r.before === null)
      .flatMap((r) => plan.lines.filter((l) => l.id.toLowerCase() === r.lineId.toLowerCase()).map((l) => a1(l.row, column))),
  );
  const said = rows.map((r) => `${r.lineId} to ${r.before === null ? "blank" : formatGBP(r.before)}`).join(", ");
  const changes = result.changes.map((change): Change => {
    if (change.kind !== "setCells") return change;
    return {
      ...change,
      cells: change.cells.map((c) => (blank.has(c.address) ? { ...c, value: null } : c)),
      label: `Put back the allocation${rows.length === 1 ? "" : "s"} of ${said}`,
    };
  });
  return { ...result, changes };
}

export interface NewLine {
  readonly grantId: string;
  readonly activity: string;
  readonly theme: string;
  readonly lead: string;
  readonly allocation: Money | null;
  readonly priorityAreas: readonly string[];
}

/** Adds a line with the next free ID, worked out on the fresh read (someone may have added one meanwhile). */
export function addLineAction(line: NewLine): PlanAction {
  return {
    label: ADD_LINE,
    busyLabel: "Adding the line…",
    compute: (_raw, read) =>
      withPlan(read, (plan) =>
        addLineChanges(plan, {
          id: nextLineId(plan, line.grantId),
          grantId: line.grantId,
          theme: line.theme.trim(),
          activity: line.activity.trim(),
          lead: line.lead.trim(),
          allocation: line.allocation === null ? null : toFixed2(line.allocation),
          isReserve: false,
          priorityAreas: line.priorityAreas,
          outcomes: "",
          notes: "",
        }),
      ),
  };
}

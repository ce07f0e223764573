/**
 * The pane's actions, each a compute step over a fresh read: the pure core decides what
 * to write; the session applies it.
 */
import { addLineChanges, type AllocationEdit, allocationChanges, nextLineId, setupChanges } from "../plan/actions";
import { BLANK, EXAMPLES } from "../plan/examples";
import type { ReadResult } from "../plan/decode";
import type { Plan } from "../plan/model";
import { type Money, toFixed2 } from "../plan/money";
import type { Computed, PlanAction } from "./session";

/** Recorded in the workbook's settings sheet as the creator of a plan. */
export const CREATED_BY = "Grant Planner task pane";

export const EXAMPLE_NAME = "sefton-2020-21";

function withPlan(read: ReadResult, compute: (plan: Plan) => Computed): Computed {
  if (read.status !== "plan") {
    return { notPossible: `The workbook is no longer a Grant Planner plan (${read.reason}), so nothing was written.` };
  }
  return compute(read.plan);
}

export function setupAction(template: "blank" | "example"): PlanAction {
  const example = EXAMPLES[EXAMPLE_NAME];
  return {
    label: template === "blank" ? "Set up a blank plan" : "Set up the example",
    busyLabel: "Setting up the plan…",
    compute: (raw) => {
      if (template === "blank") return setupChanges(raw, BLANK.data, BLANK.name, CREATED_BY);
      if (example === undefined) return { notPossible: "The example plan is missing from this version of Grant Planner." };
      return setupChanges(raw, example.data, EXAMPLE_NAME, CREATED_BY);
    },
  };
}

export function saveAllocationsAction(edits: readonly AllocationEdit[], label = "Save allocations"): PlanAction {
  return {
    label,
    busyLabel: "Saving allocations…",
    compute: (_raw, read) => withPlan(read, (plan) => allocationChanges(plan, edits)),
  };
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
    label: "Add line",
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

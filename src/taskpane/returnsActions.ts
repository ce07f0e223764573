/**
 * Submitting a quarter's returns from the Return view: one action, computed on a fresh
 * read by the core (`submitReturnsChanges`, which guards every row it reads), and refused
 * when the returns it updates are no longer what the person was shown and agreed to.
 */
import type { ReadResult } from "../plan/decode";
import { type ReturnSubmission, type SubmissionDiff, submissionDiff, submitReturnsChanges } from "../plan/returns/actions";
import { SUBMIT_RETURNS } from "./actionNames";
import type { Computed, PlanAction } from "./session";

/** The part of a diff the person agrees to: which returns change, and how. */
function agreed(diff: SubmissionDiff): string {
  return JSON.stringify(diff.updates.map((u) => [u.table, u.key, u.changes.map((c) => [c.column, c.oldValue, c.newValue])]));
}

/**
 * `shown` is the diff the person saw (an empty one when nothing they submit exists yet).
 * `now` is when the returns are entered (Entered on); the clock by default.
 */
export function submitReturnsAction(submission: ReturnSubmission, who: string, shown: SubmissionDiff, now: () => Date = () => new Date()): PlanAction {
  return {
    label: SUBMIT_RETURNS,
    busyLabel: "Submitting returns…",
    compute: (raw, read: ReadResult): Computed => {
      if (read.status !== "plan") {
        return { notPossible: `The workbook is no longer a Grant Planner plan (${read.reason}), so nothing was written.` };
      }
      if (agreed(submissionDiff(read.plan, submission)) !== agreed(shown)) {
        return {
          notPossible: "Someone changed these returns in the workbook since you looked, so nothing was written. Check the changes shown and submit again.",
        };
      }
      return submitReturnsChanges(raw, read.plan, submission, who, now());
    },
  };
}

/** What an offer shows before anything is written, from the core's result on the last read. */
import type { ActionResult } from "../plan/actions";
import { describeChange } from "../plan/changes";

export interface OfferPreview {
  /** What will happen, in words. */
  readonly summary: string;
  /** Each change the action would write, described (the guards that re-check cells left out). */
  readonly steps: readonly string[];
  /** Why it cannot be done as things stand (the core's first error); null when it can. */
  readonly refusal: string | null;
}

export function previewOf(summary: string, result: ActionResult): OfferPreview {
  return {
    summary,
    steps: result.changes.filter((c) => c.kind !== "expect").map(describeChange),
    refusal: result.findings.find((f) => f.severity === "error")?.message ?? null,
  };
}

/**
 * The pane's link to the workbook: the latest read, what is happening now, and the one
 * way to change anything — re-read, compute with the pure core, apply, re-read.
 * Whatever goes wrong ends up in `problem`, shown to the person; nothing is only logged.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionResult } from "../plan/actions";
import { checkWorkbook } from "../plan/checks";
import { describeChange } from "../plan/changes";
import type { ReadResult } from "../plan/decode";
import { type Finding, hasErrors } from "../plan/findings";
import type { Plan } from "../plan/model";
import type { RawWorkbook } from "../plan/raw";
import type { WorkbookPort } from "../workbook/port";
import { reasonOf } from "./format";

/** Something the person must know about the last action. */
export type Problem =
  | { readonly kind: "refused"; readonly action: string; readonly findings: readonly Finding[] }
  | { readonly kind: "not-possible"; readonly action: string; readonly reason: string }
  | {
      readonly kind: "apply-failed";
      readonly action: string;
      readonly message: string;
      readonly written: readonly string[];
      readonly notWritten: readonly string[];
    }
  /** The host threw while writing: it cannot say which changes landed. */
  | { readonly kind: "apply-threw"; readonly action: string; readonly message: string; readonly attempted: readonly string[] }
  | { readonly kind: "host-error"; readonly action: string; readonly message: string };

/** The last action that finished, for a short confirmation. */
export interface Done {
  readonly action: string;
  readonly written: readonly string[];
  /** Warnings or notes the action raised without refusing. */
  readonly findings: readonly Finding[];
}

/** An action's compute step: the core's changes, or why the action makes no sense now. */
export type Computed = ActionResult | { readonly notPossible: string };

export interface PlanAction {
  /** The button's words, used in confirmations and problems: "Save allocations". */
  readonly label: string;
  /** What the spinner says meanwhile: "Saving allocations…". */
  readonly busyLabel: string;
  compute(raw: RawWorkbook, read: ReadResult): Computed;
}

export interface PlanSession {
  /** Where writes go: the workbook open in Excel, or a plan held in this browser (file mode). */
  readonly target: WorkbookPort["kind"];
  readonly read: ReadResult | null;
  /** What the last read found in the workbook, before decoding; for previews of actions. */
  readonly raw: RawWorkbook | null;
  readonly readAt: Date | null;
  /** The spinner's label while the workbook is being read or written; null when idle. */
  readonly busy: string | null;
  readonly problem: Problem | null;
  readonly done: Done | null;
  refresh(busyLabel?: string): Promise<void>;
  /** Resolves true when every change was written (or there was nothing to write). */
  run(action: PlanAction): Promise<boolean>;
  select(sheet: string, cell: string): Promise<void>;
  dismissProblem(): void;
  /** Forgets the last confirmation and problem, e.g. when the person moves to another tab. */
  clearMessages(): void;
}

/** Computes on the plan as read, or says why not when the workbook is no longer a plan. */
export function withPlan(read: ReadResult, compute: (plan: Plan) => Computed): Computed {
  if (read.status !== "plan") {
    return { notPossible: `The workbook is no longer a Grant Planner plan (${read.reason}), so nothing was written.` };
  }
  return compute(read.plan);
}

function isNotPossible(computed: Computed): computed is { readonly notPossible: string } {
  return "notPossible" in computed;
}

export function usePlanSession(port: WorkbookPort): PlanSession {
  const [read, setRead] = useState<ReadResult | null>(null);
  const [lastRaw, setLastRaw] = useState<RawWorkbook | null>(null);
  const [readAt, setReadAt] = useState<Date | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  // One read or write at a time: a second click while Excel is busy is ignored.
  const working = useRef(false);

  const readNow = useCallback(async (): Promise<{ raw: RawWorkbook; result: ReadResult }> => {
    const raw = await port.read();
    const result = checkWorkbook(raw);
    setRead(result);
    setLastRaw(raw);
    setReadAt(new Date());
    return { raw, result };
  }, [port]);

  const refresh = useCallback(
    async (busyLabel = "Reading the workbook…"): Promise<void> => {
      if (working.current) return;
      working.current = true;
      setBusy(busyLabel);
      setProblem(null);
      try {
        await readNow();
      } catch (error) {
        setProblem({ kind: "host-error", action: "Reading the workbook", message: reasonOf(error) });
      } finally {
        working.current = false;
        setBusy(null);
      }
    },
    [readNow],
  );

  const run = useCallback(
    async (action: PlanAction): Promise<boolean> => {
      if (working.current) return false;
      working.current = true;
      setBusy(action.busyLabel);
      setProblem(null);
      setDone(null);
      try {
        let fresh: { raw: RawWorkbook; result: ReadResult };
        try {
          fresh = await readNow();
        } catch (error) {
          setProblem({ kind: "host-error", action: action.label, message: `The workbook could not be read, so nothing was written. ${reasonOf(error)}` });
          return false;
        }
        const computed = action.compute(fresh.raw, fresh.result);
        if (isNotPossible(computed)) {
          setProblem({ kind: "not-possible", action: action.label, reason: computed.notPossible });
          return false;
        }
        if (hasErrors(computed.findings)) {
          setProblem({ kind: "refused", action: action.label, findings: computed.findings });
          return false;
        }
        if (computed.changes.length === 0) {
          setDone({ action: action.label, written: [], findings: computed.findings });
          return true;
        }
        let ok = false;
        try {
          const outcome = await port.apply(computed.changes);
          if (outcome.ok) {
            ok = true;
            setDone({ action: action.label, written: outcome.written, findings: computed.findings });
          } else {
            setProblem({
              kind: "apply-failed",
              action: action.label,
              message: outcome.message,
              written: outcome.written,
              notWritten: outcome.notWritten,
            });
          }
        } catch (error) {
          setProblem({ kind: "apply-threw", action: action.label, message: reasonOf(error), attempted: computed.changes.map(describeChange) });
        }
        try {
          await readNow();
        } catch (error) {
          setProblem((earlier) => earlier ?? { kind: "host-error", action: action.label, message: `The changes were written, but the workbook could not be read again. ${reasonOf(error)}` });
        }
        return ok;
      } finally {
        working.current = false;
        setBusy(null);
      }
    },
    [port, readNow],
  );

  const select = useCallback(
    async (sheet: string, cell: string): Promise<void> => {
      try {
        await port.select(sheet, cell);
      } catch (error) {
        setProblem({ kind: "host-error", action: `Going to ${sheet}!${cell}`, message: reasonOf(error) });
      }
    },
    [port],
  );

  const dismissProblem = useCallback(() => setProblem(null), []);
  const clearMessages = useCallback(() => {
    setProblem(null);
    setDone(null);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { target: port.kind, read, raw: lastRaw, readAt, busy, problem, done, refresh, run, select, dismissProblem, clearMessages };
}

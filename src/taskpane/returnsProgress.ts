/**
 * What the Progress view shows, worked out from the core's figures: grants and lines with
 * their measures, narrowed by the manager's filters; the returns that are due; and each
 * figure in words (en-GB money and numbers, percentages with one decimal).
 */
import type { Line, Measure, Plan } from "../plan/model";
import { formatGBP, type Money } from "../plan/money";
import type { GrantProgress, LineProgress, MeasureProgress, Progress } from "../plan/returns/model";
import { type StatusChoice, statusChoiceOf, statusChoices } from "./returnsDraft";

/** "" for each filter means "all". NO_STATUS picks lines and measures with no status yet. */
export interface ProgressFilters {
  readonly lead: string;
  readonly status: string;
  readonly theme: string;
}

export const ALL_FILTERS: ProgressFilters = { lead: "", status: "", theme: "" };
export const NO_STATUS = "(none)";

export interface MeasureView {
  readonly progress: MeasureProgress;
  readonly measure: Measure | null;
}

export interface LineView {
  readonly progress: LineProgress;
  readonly line: Line | null;
  readonly measures: readonly MeasureView[];
}

export interface GrantView {
  readonly progress: GrantProgress;
  readonly name: string;
  readonly lines: readonly LineView[];
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function distinct(values: readonly string[]): readonly string[] {
  const kept: string[] = [];
  for (const v of values.map((x) => x.trim())) if (v !== "" && !kept.some((k) => same(k, v))) kept.push(v);
  return kept;
}

export interface FilterOptions {
  readonly leads: readonly string[];
  readonly themes: readonly string[];
  readonly statuses: readonly StatusChoice[];
}

export function filterOptions(plan: Plan, progress: Progress): FilterOptions {
  const lines = progress.grants.flatMap((g) => g.lines);
  return { leads: distinct(lines.map((l) => l.lead)), themes: distinct(lines.map((l) => l.theme)), statuses: statusChoices(plan) };
}

/** True when `written` is the status `wanted` names (the key's word or its meaning); NO_STATUS for none. */
function statusMatches(choices: readonly StatusChoice[], written: string, wanted: string): boolean {
  if (wanted === "") return true;
  if (wanted === NO_STATUS) return written.trim() === "";
  const row = statusChoiceOf(choices, written);
  return row === undefined ? same(written, wanted) : same(row.status, wanted);
}

/** Grants with the lines the filters keep; a grant with none left is left out. */
export function progressViews(plan: Plan, progress: Progress, filters: ProgressFilters): readonly GrantView[] {
  const choices = statusChoices(plan);
  return progress.grants.flatMap((g): GrantView[] => {
    const lines = g.lines.flatMap((lp): LineView[] => {
      if (filters.lead !== "" && !same(lp.lead, filters.lead)) return [];
      if (filters.theme !== "" && !same(lp.theme, filters.theme)) return [];
      const all = progress.measures
        .filter((m) => same(m.lineId, lp.id))
        .map((mp) => ({ progress: mp, measure: plan.measures.find((m) => same(m.id, mp.id)) ?? null }));
      const lineMatches = statusMatches(choices, lp.status, filters.status);
      const measures = lineMatches ? all : all.filter((m) => statusMatches(choices, m.progress.status, filters.status));
      if (!lineMatches && measures.length === 0) return [];
      return [{ progress: lp, line: plan.lines.find((l) => same(l.id, lp.id)) ?? null, measures }];
    });
    if (lines.length === 0) return [];
    const grant = plan.grants.find((x) => same(x.id, g.id));
    return [{ progress: g, name: grant?.name || g.id, lines }];
  });
}

export interface ReturnDue {
  readonly kind: "line" | "measure";
  readonly id: string;
  /** The line's activity or the measure's description. */
  readonly name: string;
  readonly lead: string;
  readonly quarters: readonly string[];
}

/** Lines and measures with a quarter that has ended with no return, narrowed by lead and theme. */
export function returnsDue(plan: Plan, progress: Progress, filters: ProgressFilters): readonly ReturnDue[] {
  const due: ReturnDue[] = [];
  for (const lp of progress.grants.flatMap((g) => g.lines)) {
    if (filters.lead !== "" && !same(lp.lead, filters.lead)) continue;
    if (filters.theme !== "" && !same(lp.theme, filters.theme)) continue;
    if (lp.returnsMissing.length > 0) {
      const line = plan.lines.find((l) => same(l.id, lp.id));
      due.push({ kind: "line", id: lp.id, name: line?.activity ?? "", lead: lp.lead, quarters: lp.returnsMissing });
    }
    for (const mp of progress.measures) {
      if (!same(mp.lineId, lp.id) || mp.returnsMissing.length === 0) continue;
      const measure = plan.measures.find((m) => same(m.id, mp.id));
      due.push({ kind: "measure", id: mp.id, name: measure?.description ?? "", lead: lp.lead, quarters: mp.returnsMissing });
    }
  }
  return due;
}

const NUMBER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** "1,250" or "37.5": a measure's figure for people. */
export function formatFigure(value: Money): string {
  return NUMBER.format(value.toNumber());
}

/** "75.0%". */
export function formatPercent(value: Money): string {
  return `${value.toFixed(1)}%`;
}

export function moneyText(value: Money | null): string {
  return value === null ? "not known" : formatGBP(value);
}

/** Spend to date against profile to date, in words: "£1,000.00 under profile", "on profile". */
export function spendAgainstProfile(lp: LineProgress): string {
  if (lp.spendToDate === null || lp.profileToDate === null) return "not known";
  const difference = lp.spendToDate.minus(lp.profileToDate);
  if (difference.isZero()) return "on profile";
  return difference.isNegative() ? `${formatGBP(difference.negated())} under profile` : `${formatGBP(difference)} over profile`;
}

export interface MeterFigures {
  /** 0 to 100, for the bar (capped: a measure past its target fills it). */
  readonly value: number;
  /** The same in words, for screen readers and as the bar's caption. */
  readonly text: string;
}

/** The bar of a measure with numbers; null for one whose progress is only its status. */
export function measureMeter(mp: MeasureProgress): MeterFigures | null {
  if (mp.targetToDate === null && mp.actualToDate === null) return null;
  const actual = mp.actualToDate === null ? "not known" : formatFigure(mp.actualToDate);
  const target = mp.targetToDate === null ? "not known" : formatFigure(mp.targetToDate);
  const percent = mp.percentOfTarget === null ? "" : ` (${formatPercent(mp.percentOfTarget)})`;
  const value = mp.percentOfTarget === null ? 0 : Math.min(Math.max(mp.percentOfTarget.toNumber(), 0), 100);
  return { value, text: `${actual} of ${target} to date${percent}` };
}

/** "Green (Progressing)", the written status when the key does not know it, or "none yet". */
export function statusText(choices: readonly StatusChoice[], written: string): string {
  if (written.trim() === "") return "none yet";
  const row = statusChoiceOf(choices, written);
  if (row === undefined) return written.trim();
  return row.meaning === "" || same(row.meaning, row.status) ? row.status : `${row.status} (${row.meaning})`;
}

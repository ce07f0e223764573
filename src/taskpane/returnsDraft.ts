/**
 * A quarterly return as a project lead types it, before it is submitted: which lines and
 * measures belong to their organisation, what the workbook already holds for the quarter,
 * what they changed, whether each entry is valid, and the submission the core writes.
 * Entries are kept per line or measure and quarter, so moving to another quarter or tab
 * and back loses nothing.
 */
import type { Line, Measure, Plan } from "../plan/model";
import { formatGBP, type Money, parseAmountText, parseMoneyInput, toFixed2 } from "../plan/money";
import { formatFinancialYear, parseFinancialYear, type Quarter } from "../plan/periods";
import type { LineReturnInput, MeasureReturnInput, ReturnSubmission } from "../plan/returns/actions";
import type { LineProgress, LineReturn, MeasureProgress, MeasureReturn, Progress } from "../plan/returns/model";
import { DEFAULT_STATUS_KEY, MEASURE_KINDS, type MeasureKind } from "../plan/schema";
import { compareQuarters, nextQuarter, type QuarterOption, quarterOptions, sameQuarter } from "./returnsQuarters";

export interface LineEntry {
  readonly spend: string;
  readonly status: string;
  readonly commentary: string;
  readonly risks: string;
}

export interface MeasureEntry {
  readonly value: string;
  readonly status: string;
  readonly comment: string;
}

/** Everything typed in the Return view; held by the pane so that it outlives the view. */
export interface ReturnsDraft {
  /** The lead organisation chosen; null until the person chooses (the first one is shown). */
  readonly lead: string | null;
  /** The quarter chosen ("2020/21-Q2"); null for the default. */
  readonly quarter: string | null;
  /** Written into Entered by. */
  readonly who: string;
  /** Keyed by entryKey(line ID, quarter). */
  readonly lines: Readonly<Record<string, LineEntry>>;
  readonly measures: Readonly<Record<string, MeasureEntry>>;
}

export function entryKey(id: string, quarter: Quarter): string {
  return `${id.trim().toLowerCase()}|${formatFinancialYear(quarter.year)}-Q${quarter.quarter}`;
}

/** A status a return may hold: the key's word, shown with its meaning. */
export interface StatusChoice {
  readonly status: string;
  readonly meaning: string;
  readonly colour: string;
}

export function statusChoices(plan: Plan): readonly StatusChoice[] {
  const key = plan.returns?.statusKey;
  const rows = key === undefined || key.length === 0 ? DEFAULT_STATUS_KEY : key;
  return rows.filter((r) => r.status.trim() !== "").map((r) => ({ status: r.status.trim(), meaning: r.meaning.trim(), colour: r.colour.trim() }));
}

/** The key's row for a status as written (its word or its meaning, whatever the case); undefined when none. */
export function statusChoiceOf(choices: readonly StatusChoice[], written: string): StatusChoice | undefined {
  const w = written.trim().toLowerCase();
  if (w === "") return undefined;
  return choices.find((c) => c.status.toLowerCase() === w || c.meaning.toLowerCase() === w);
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The distinct Lead organisation values of the plan's lines (reserves need no return), in
 * the order they first appear; then NO_LEAD when some lines name none, so their returns
 * can be entered too.
 */
export function leadsOf(plan: Plan): readonly string[] {
  const leads: string[] = [];
  let unnamed = false;
  for (const line of plan.lines) {
    const lead = line.lead.trim();
    if (line.isReserve) continue;
    if (lead === "") unnamed = true;
    else if (!leads.some((l) => same(l, lead))) leads.push(lead);
  }
  return unnamed ? [...leads, NO_LEAD] : leads;
}

/** The "organisation" of lines whose Lead organisation is blank. */
export const NO_LEAD = "";

/** How a lead organisation is named in the view. */
export function leadName(lead: string): string {
  return lead === NO_LEAD ? "Lines with no lead organisation" : lead;
}

function linesOf(plan: Plan, lead: string): readonly Line[] {
  return plan.lines.filter((l) => !l.isReserve && same(l.lead, lead));
}

function grantYearOf(plan: Plan, line: Line): string {
  return plan.grants.find((g) => same(g.id, line.grantId))?.year ?? "";
}

/** The quarters of the years of the grants the organisation's lines belong to. */
export function leadQuarters(plan: Plan, lead: string): readonly QuarterOption[] {
  return quarterOptions(linesOf(plan, lead).map((l) => grantYearOf(plan, l)));
}

function returnQuarter(r: { readonly year: { readonly startYear: number } | null; readonly quarter: 1 | 2 | 3 | 4 | null }): Quarter | null {
  return r.year === null || r.quarter === null ? null : { year: r.year, quarter: r.quarter };
}

/**
 * The quarter the view opens on: the one after the latest quarter the organisation has
 * returned anything for, or else the as-at quarter; always one of `options` (the last one
 * when neither is).
 */
export function defaultQuarter(plan: Plan, lead: string, options: readonly QuarterOption[], asAt: Quarter): QuarterOption | undefined {
  const lineIds = new Set(linesOf(plan, lead).map((l) => l.id.toLowerCase()));
  const measureIds = new Set(plan.measures.filter((m) => lineIds.has(m.lineId.toLowerCase())).map((m) => m.id.toLowerCase()));
  const returns = plan.returns;
  const returned: Quarter[] = [];
  if (returns !== null) {
    for (const r of returns.lineReturns) if (lineIds.has(r.lineId.toLowerCase())) returned.push(...[returnQuarter(r)].filter(isQuarter));
    for (const r of returns.measureReturns) if (measureIds.has(r.measureId.toLowerCase())) returned.push(...[returnQuarter(r)].filter(isQuarter));
  }
  const latest = returned.sort(compareQuarters).at(-1);
  const wanted = latest === undefined ? asAt : nextQuarter(latest);
  return options.find((o) => sameQuarter(o.quarter, wanted)) ?? options.find((o) => sameQuarter(o.quarter, asAt)) ?? options.at(-1);
}

function isQuarter(q: Quarter | null): q is Quarter {
  return q !== null;
}

const NUMERIC_KINDS: ReadonlySet<MeasureKind> = new Set(MEASURE_KINDS.filter((k) => k.needsNumber).map((k) => k.kind));

/** True for measures whose return is a number (counts, levels, percentages). */
export function takesNumber(measure: Measure): boolean {
  return measure.kind !== null && NUMERIC_KINDS.has(measure.kind);
}

export interface LineRow {
  readonly line: Line;
  readonly key: string;
  readonly progress: LineProgress | null;
  /** The profile for the chosen quarter; null when not known. */
  readonly profile: Money | null;
  /** The return the workbook already holds for this line and quarter. */
  readonly existing: LineReturn | null;
  readonly entry: LineEntry;
  /** True when what is shown differs from what the workbook holds (or holds nothing and something was typed). */
  readonly changed: boolean;
  readonly errors: { readonly spend?: string; readonly status?: string };
  /** Not blocking: the core's VARIANCE_NO_COMMENTARY, said before submitting. */
  readonly commentaryWarning?: string;
  readonly measures: readonly MeasureRow[];
}

export interface MeasureRow {
  readonly measure: Measure;
  readonly key: string;
  readonly progress: MeasureProgress | null;
  readonly numeric: boolean;
  readonly existing: MeasureReturn | null;
  readonly entry: MeasureEntry;
  readonly changed: boolean;
  readonly errors: { readonly value?: string; readonly status?: string };
}

export interface ReturnForm {
  readonly quarter: Quarter;
  readonly rows: readonly LineRow[];
  readonly errorCount: number;
  readonly changedCount: number;
}

const BLANK_LINE: LineEntry = { spend: "", status: "", commentary: "", risks: "" };
const BLANK_MEASURE: MeasureEntry = { value: "", status: "", comment: "" };

function lineEntryOf(r: LineReturn | null): LineEntry {
  if (r === null) return BLANK_LINE;
  return { spend: r.spend === null ? "" : formatGBP(r.spend), status: r.status, commentary: r.commentary, risks: r.risks };
}

function measureEntryOf(r: MeasureReturn | null): MeasureEntry {
  if (r === null) return BLANK_MEASURE;
  return { value: r.value === null ? "" : r.value.toString(), status: r.status, comment: r.comment };
}

function sameLineEntry(a: LineEntry, b: LineEntry): boolean {
  return sameMoneyText(a.spend, b.spend) && same(a.status, b.status) && a.commentary.trim() === b.commentary.trim() && a.risks.trim() === b.risks.trim();
}

function sameMoneyText(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const x = parseMoneyInput(a);
  const y = parseMoneyInput(b);
  return x.ok && y.ok && x.value.equals(y.value);
}

function sameMeasureEntry(a: MeasureEntry, b: MeasureEntry): boolean {
  const x = parseAmountText(a.value);
  const y = parseAmountText(b.value);
  const sameValue = a.value.trim() === b.value.trim() || (x !== null && y !== null && x.equals(y));
  return sameValue && same(a.status, b.status) && a.comment.trim() === b.comment.trim();
}

function inQuarter(r: { readonly year: { readonly startYear: number } | null; readonly quarter: number | null }, q: Quarter): boolean {
  return r.year !== null && r.year.startYear === q.year.startYear && r.quarter === q.quarter;
}

const TEN_PERCENT = 0.1;

function spendError(text: string): string | undefined {
  const input = parseMoneyInput(text);
  return input.ok ? undefined : input.message;
}

function statusError(choices: readonly StatusChoice[], status: string): string | undefined {
  if (status.trim() === "") return "Choose a status.";
  return statusChoiceOf(choices, status) === undefined ? `"${status.trim()}" is not in the plan's status key.` : undefined;
}

/** Why a measure's value cannot be written; undefined when it can. */
export function valueError(measure: Measure, text: string): string | undefined {
  const t = text.trim();
  if (t === "") return "Enter a number, for example 12.";
  const plain = measure.kind === "percentage" ? t.replace(/%$/, "").trim() : t;
  const value = /^-?[\d,]*\.?\d*$/.test(plain) ? parseAmountText(plain) : null;
  if (value === null) return `"${t}" is not a number. Use digits, for example 12.`;
  if (value.isNegative() && !value.isZero()) return "The value cannot be negative.";
  if (measure.kind === "percentage" && value.greaterThan(100)) return "A percentage cannot be over 100.";
  return undefined;
}

/** The number a valid value means, as the core reads it ("12", "37.5"). */
function valueLiteral(measure: Measure, text: string): string {
  const t = text.trim();
  const plain = measure.kind === "percentage" ? t.replace(/%$/, "").trim() : t;
  return parseAmountText(plain)?.toString() ?? plain;
}

function varianceWarning(profile: Money | null, entry: LineEntry): string | undefined {
  if (profile === null || entry.commentary.trim() !== "") return undefined;
  const input = parseMoneyInput(entry.spend);
  if (!input.ok) return undefined;
  const difference = input.value.minus(profile).abs();
  const over = profile.isZero() ? !difference.isZero() : difference.greaterThan(profile.times(TEN_PERCENT));
  return over ? `Spend differs from the profile of ${formatGBP(profile)} by more than 10%: say why here.` : undefined;
}

/**
 * The organisation's lines (of grants in the quarter's year) and their measures, as the
 * form shows them: what the workbook holds for the quarter, overlaid with what was typed.
 */
export function returnForm(plan: Plan, lead: string, quarter: Quarter, progress: Progress | null, draft: ReturnsDraft): ReturnForm {
  const choices = statusChoices(plan);
  const returns = plan.returns;
  const lineProgress = progress?.grants.flatMap((g) => g.lines) ?? [];
  const rows = linesOf(plan, lead)
    .filter((line) => parseFinancialYear(grantYearOf(plan, line))?.startYear === quarter.year.startYear)
    .map((line): LineRow => {
      const key = entryKey(line.id, quarter);
      const existing = returns?.lineReturns.find((r) => same(r.lineId, line.id) && inQuarter(r, quarter)) ?? null;
      const held = lineEntryOf(existing);
      const entry = draft.lines[key] ?? held;
      const changed = !sameLineEntry(entry, held);
      const lp = lineProgress.find((p) => same(p.id, line.id)) ?? null;
      const profile = lp?.profile?.[quarter.quarter - 1] ?? null;
      const errors = changed ? { spend: spendError(entry.spend), status: statusError(choices, entry.status) } : {};
      const measures = plan.measures
        .filter((m) => same(m.lineId, line.id))
        .map((measure): MeasureRow => {
          const mKey = entryKey(measure.id, quarter);
          const mExisting = returns?.measureReturns.find((r) => same(r.measureId, measure.id) && inQuarter(r, quarter)) ?? null;
          const mHeld = measureEntryOf(mExisting);
          const mEntry = draft.measures[mKey] ?? mHeld;
          const mChanged = !sameMeasureEntry(mEntry, mHeld);
          const numeric = takesNumber(measure);
          const mErrors = !mChanged
            ? {}
            : numeric
              ? { value: valueError(measure, mEntry.value), status: mEntry.status.trim() === "" ? undefined : statusError(choices, mEntry.status) }
              : { status: statusError(choices, mEntry.status) };
          return {
            measure,
            key: mKey,
            progress: progress?.measures.find((p) => same(p.id, measure.id)) ?? null,
            numeric,
            existing: mExisting,
            entry: mEntry,
            changed: mChanged,
            errors: withoutUndefined(mErrors),
          };
        });
      const commentaryWarning = changed ? varianceWarning(profile, entry) : undefined;
      return {
        line,
        key,
        progress: lp,
        profile,
        existing,
        entry,
        changed,
        errors: withoutUndefined(errors),
        ...(commentaryWarning === undefined ? {} : { commentaryWarning }),
        measures,
      };
    });
  const all = rows.flatMap((r) => [r, ...r.measures]);
  return {
    quarter,
    rows,
    errorCount: all.reduce((n, r) => n + Object.keys(r.errors).length, 0),
    changedCount: all.filter((r) => r.changed).length,
  };
}

function withoutUndefined<K extends string>(errors: { readonly [P in K]?: string | undefined }): { [P in K]?: string } {
  const kept: { [P in K]?: string } = {};
  for (const [key, value] of Object.entries<string | undefined>(errors)) if (value !== undefined) Object.assign(kept, { [key]: value });
  return kept;
}

/** The returns to write: only what changed, and only when every changed entry is valid. */
export function submissionOf(form: ReturnForm): ReturnSubmission | null {
  if (form.errorCount > 0 || form.changedCount === 0) return null;
  const year = formatFinancialYear(form.quarter.year);
  const quarter = form.quarter.quarter;
  const lines: LineReturnInput[] = form.rows
    .filter((r) => r.changed)
    .map((r) => {
      const spend = parseMoneyInput(r.entry.spend);
      return {
        lineId: r.line.id,
        year,
        quarter,
        spend: spend.ok ? toFixed2(spend.value) : r.entry.spend.trim(),
        status: r.entry.status.trim(),
        commentary: r.entry.commentary.trim(),
        risks: r.entry.risks.trim(),
      };
    });
  const measures: MeasureReturnInput[] = form.rows
    .flatMap((r) => r.measures)
    .filter((m) => m.changed)
    .map((m) => ({
      measureId: m.measure.id,
      year,
      quarter,
      value: m.numeric ? valueLiteral(m.measure, m.entry.value) : "",
      status: m.entry.status.trim(),
      comment: m.entry.comment.trim(),
    }));
  return { lines, measures };
}

/** Forgets the entries of `form` (after they were written). */
export function withoutEntries(draft: ReturnsDraft, form: ReturnForm): ReturnsDraft {
  const lineKeys = new Set(form.rows.map((r) => r.key));
  const measureKeys = new Set(form.rows.flatMap((r) => r.measures.map((m) => m.key)));
  return {
    ...draft,
    lines: Object.fromEntries(Object.entries(draft.lines).filter(([k]) => !lineKeys.has(k))),
    measures: Object.fromEntries(Object.entries(draft.measures).filter(([k]) => !measureKeys.has(k))),
  };
}

/**
 * The board summary of a plan as at a quarter (docs/summary.md): per grant, theme, line
 * and measure, counts of lines by status and the returns outstanding. Every figure comes
 * from `progressOf` and the plan; money is exact, and every total is exactly the sum of
 * the figures it totals (null when one of them is not known).
 */
import type { Plan } from "../model";
import { type Money, MoneyDecimal, ZERO } from "../money";
import { parseFinancialYear, type Quarter } from "../periods";
import type { LineProgress, MeasureProgress } from "../returns/model";
import { progressOf, quartersToDate } from "../returns/progress";
import { capText, MAX_WORD_TEXT } from "../text";

/** The status counted for lines with no return up to the as-at quarter. */
export const NO_RETURN = "No return";
/** The status counted for lines whose latest return has a word that is not in the status key. */
export const OTHER_STATUS = "Other";

export interface GrantSummary {
  readonly id: string;
  readonly name: string;
  readonly award: Money | null;
  readonly allocated: Money | null;
  /** The allocations of the grant's reserve lines. */
  readonly reserve: Money | null;
  readonly spendToDate: Money | null;
  /** Award less spend to date. */
  readonly remaining: Money | null;
  /** The sum of its lines' forecast outturns. */
  readonly forecastOutturn: Money | null;
  /** Award less forecast outturn: positive is a forecast underspend. */
  readonly variance: Money | null;
}

export interface LineSummary {
  readonly id: string;
  readonly grantId: string;
  readonly theme: string;
  readonly isReserve: boolean;
  readonly allocation: Money | null;
  readonly spendToDate: Money | null;
  /** Spend to date as a percentage of allocation, exact; null when the allocation is 0 or not known. */
  readonly percentSpent: Money | null;
  /** Spend to date plus the profile of the quarters of the grant's year after the as-at quarter. */
  readonly forecastOutturn: Money | null;
  /** The latest return's status; "" when there is none. */
  readonly status: string;
  /** The commentary of the latest return (up to the as-at quarter); "" when there is none. */
  readonly commentary: string;
}

export interface ThemeSummary {
  readonly theme: string;
  readonly lines: number;
  readonly allocation: Money | null;
  readonly spendToDate: Money | null;
  readonly percentSpent: Money | null;
  /** The status of its lines that comes last in the status key; "" when none of them has one from the key. */
  readonly status: string;
}

/** A measure as the summary shows it: progress's own figures (% achieved is its percentage of target to date). */
export type MeasureSummary = MeasureProgress;

export interface StatusCount {
  readonly status: string;
  readonly lines: number;
}

export interface ReturnOutstanding {
  readonly kind: "Line" | "Measure";
  readonly id: string;
  /** The ended quarters with no return, e.g. "2020/21-Q1". */
  readonly quarters: readonly string[];
}

/** Sums of the grants' figures (the same columns). */
export type GrantTotals = Omit<GrantSummary, "id" | "name">;

export interface BoardSummary {
  readonly asAt: Quarter;
  /** The grant asked for; null for all grants. */
  readonly grantId: string | null;
  readonly grants: readonly GrantSummary[];
  readonly totals: GrantTotals;
  readonly themes: readonly ThemeSummary[];
  readonly lines: readonly LineSummary[];
  /** Sums of the lines' allocation, spend to date and forecast outturn (equal to the grants' and the themes'). */
  readonly lineTotals: { readonly allocation: Money | null; readonly spendToDate: Money | null; readonly forecastOutturn: Money | null; readonly percentSpent: Money | null };
  readonly measures: readonly MeasureSummary[];
  /** Key statuses in key order, then "Other" (only when some line has one), then "No return". */
  readonly statusCounts: readonly StatusCount[];
  readonly returnsOutstanding: readonly ReturnOutstanding[];
}

const HUNDRED = new MoneyDecimal(100);

/** The sum of figures; null when any is null. An empty sum is 0. */
export function total(figures: Iterable<Money | null>): Money | null {
  let t: Money = ZERO;
  for (const f of figures) {
    if (f === null) return null;
    t = t.plus(f);
  }
  return t;
}

function minus(a: Money | null, b: Money | null): Money | null {
  return a === null || b === null ? null : a.minus(b);
}

/** `part` as an exact percentage of `whole`; null when the whole is 0 or either is not known. */
export function percentOf(part: Money | null, whole: Money | null): Money | null {
  return part === null || whole === null || whole.isZero() ? null : part.times(HUNDRED).dividedBy(whole);
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function forecastOf(line: LineProgress, quartersDone: number | null): Money | null {
  if (line.spendToDate === null || line.profile === null || quartersDone === null) return null;
  let f = line.spendToDate;
  for (let q = quartersDone; q < 4; q++) f = f.plus(line.profile[q] ?? ZERO);
  return f;
}

/** The commentary of each line's return by line ID (lower case), year and quarter: the first row of each, as progress counts it. */
function commentaryIndex(plan: Plan): Map<string, string> {
  const index = new Map<string, string>();
  for (const r of plan.returns?.lineReturns ?? []) {
    if (r.year === null || r.quarter === null) continue;
    const key = `${r.lineId.toLowerCase()}|${r.year.startYear}|${r.quarter}`;
    if (!index.has(key)) index.set(key, r.commentary);
  }
  return index;
}

function latestCommentary(index: Map<string, string>, lineId: string, startYear: number, quarters: number): string {
  for (let q = quarters; q >= 1; q--) {
    const text = index.get(`${lineId.toLowerCase()}|${startYear}|${q}`);
    if (text !== undefined) return text;
  }
  return "";
}

export interface SummaryOptions {
  /** Only this grant (its lines, themes and measures); matched as IDs are, ignoring case. */
  readonly grantId?: string;
}

/** The board summary of `plan` as at `asAt`. */
export function summaryOf(plan: Plan, asAt: Quarter, options: SummaryOptions = {}): BoardSummary {
  const progress = progressOf(plan, asAt);
  const wanted = options.grantId ?? null;
  const grants: GrantSummary[] = [];
  const lines: LineSummary[] = [];
  const lineProgress: LineProgress[] = [];
  const commentaries = commentaryIndex(plan);
  progress.grants.forEach((g, i) => {
    if (wanted !== null && !sameId(g.id, wanted)) return;
    const source = plan.grants[i];
    const yearText = source?.year ?? "";
    const year = yearText.length > MAX_WORD_TEXT ? null : parseFinancialYear(capText(yearText));
    const done = year === null ? null : quartersToDate(year, asAt);
    const own: LineSummary[] = g.lines.map((l) => ({
      id: l.id,
      grantId: g.id,
      theme: l.theme,
      isReserve: l.isReserve,
      allocation: l.allocation,
      spendToDate: l.spendToDate,
      percentSpent: percentOf(l.spendToDate, l.allocation),
      forecastOutturn: forecastOf(l, done),
      status: l.status,
      commentary: done === null || year === null ? "" : latestCommentary(commentaries, l.id, year.startYear, done),
    }));
    const forecastOutturn = total(own.map((l) => l.forecastOutturn));
    grants.push({
      id: g.id,
      name: source?.name ?? "",
      award: g.award,
      allocated: g.allocated,
      reserve: total(own.filter((l) => l.isReserve).map((l) => l.allocation)),
      spendToDate: g.spendToDate,
      remaining: g.remaining,
      forecastOutturn,
      variance: minus(g.award, forecastOutturn),
    });
    lines.push(...own);
    lineProgress.push(...g.lines);
  });
  const totals: GrantTotals = {
    award: total(grants.map((g) => g.award)),
    allocated: total(grants.map((g) => g.allocated)),
    reserve: total(grants.map((g) => g.reserve)),
    spendToDate: total(grants.map((g) => g.spendToDate)),
    remaining: total(grants.map((g) => g.remaining)),
    forecastOutturn: total(grants.map((g) => g.forecastOutturn)),
    variance: total(grants.map((g) => g.variance)),
  };
  const keyWords = (plan.returns?.statusKey ?? []).map((k) => k.status);
  const keyRank = (status: string): number => keyWords.findIndex((w) => sameId(w, status));

  // Themes in the order they first appear; a theme is matched as written, ignoring case.
  const themeOrder: string[] = [];
  const themeLines = new Map<string, LineSummary[]>();
  for (const l of lines) {
    const key = l.theme.toLowerCase();
    let list = themeLines.get(key);
    if (list === undefined) {
      list = [];
      themeLines.set(key, list);
      themeOrder.push(key);
    }
    list.push(l);
  }
  const themes: ThemeSummary[] = themeOrder.map((key) => {
    const list = themeLines.get(key) ?? [];
    const allocation = total(list.map((l) => l.allocation));
    const spendToDate = total(list.map((l) => l.spendToDate));
    let worst = -1;
    for (const l of list) worst = Math.max(worst, keyRank(l.status));
    return {
      theme: list[0]?.theme ?? "",
      lines: list.length,
      allocation,
      spendToDate,
      percentSpent: percentOf(spendToDate, allocation),
      status: worst < 0 ? "" : (keyWords[worst] ?? ""),
    };
  });

  const lineIds = new Set(lines.map((l) => l.id.toLowerCase()));
  const measures: readonly MeasureSummary[] = wanted === null ? progress.measures : progress.measures.filter((m) => lineIds.has(m.lineId.toLowerCase()));

  const counts = keyWords.map(() => 0);
  let other = 0;
  let none = 0;
  for (const l of lines) {
    if (l.status === "") none++;
    else {
      const at = keyRank(l.status);
      if (at < 0) other++;
      else counts[at] = (counts[at] ?? 0) + 1;
    }
  }
  const statusCounts: StatusCount[] = [
    ...keyWords.map((status, i) => ({ status, lines: counts[i] ?? 0 })),
    ...(other > 0 ? [{ status: OTHER_STATUS, lines: other }] : []),
    { status: NO_RETURN, lines: none },
  ];

  const returnsOutstanding: ReturnOutstanding[] = [
    ...lineProgress.filter((l) => l.returnsMissing.length > 0).map((l) => ({ kind: "Line" as const, id: l.id, quarters: [...l.returnsMissing] })),
    ...measures.filter((m) => m.returnsMissing.length > 0).map((m) => ({ kind: "Measure" as const, id: m.id, quarters: [...m.returnsMissing] })),
  ];

  const lineAllocation = total(lines.map((l) => l.allocation));
  const lineSpend = total(lines.map((l) => l.spendToDate));
  return {
    asAt,
    grantId: wanted,
    grants,
    totals,
    themes,
    lines,
    lineTotals: {
      allocation: lineAllocation,
      spendToDate: lineSpend,
      forecastOutturn: total(lines.map((l) => l.forecastOutturn)),
      percentSpent: percentOf(lineSpend, lineAllocation),
    },
    measures,
    statusCounts,
    returnsOutstanding,
  };
}

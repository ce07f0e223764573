/**
 * Quarters as the Return and Progress views offer them: every quarter of the financial
 * years the plan's grants run in, written the way returns and "as at" write them
 * ("2020/21-Q2"), and shown to people with their months ("Q2 2020/21 (Jul – Sep 2020)").
 */
import type { Plan } from "../plan/model";
import { formatFinancialYear, parseFinancialYear, type Quarter, type QuarterNumber, quarterRange } from "../plan/periods";
import { compareQuarters, formatAsAt } from "../plan/returns/quarters";

export { compareQuarters };

const QUARTER_NUMBERS: readonly QuarterNumber[] = [1, 2, 3, 4];

/** "2020/21-Q2", as returns and "as at" write a quarter. */
export function quarterKey(q: Quarter): string {
  return formatAsAt(q);
}

export function sameQuarter(a: Quarter, b: Quarter): boolean {
  return a.year.startYear === b.year.startYear && a.quarter === b.quarter;
}

export function nextQuarter(q: Quarter): Quarter {
  const following = QUARTER_NUMBERS[q.quarter];
  return following === undefined ? { year: { startYear: q.year.startYear + 1 }, quarter: 1 } : { year: q.year, quarter: following };
}

export interface QuarterOption {
  readonly value: string;
  readonly label: string;
  readonly quarter: Quarter;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Q2 2020/21 (Jul – Sep 2020)": short enough for a 320 px pane. */
export function quarterLabel(q: Quarter): string {
  const { start, end } = quarterRange(q);
  const month = (iso: string) => MONTHS[Number(iso.slice(5, 7)) - 1] ?? "";
  return `Q${q.quarter} ${formatFinancialYear(q.year)} (${month(start)} – ${month(end)} ${end.slice(0, 4)})`;
}

export function quarterOption(q: Quarter): QuarterOption {
  return { value: quarterKey(q), label: quarterLabel(q), quarter: q };
}

/**
 * The four quarters of each financial year among `years` (grant years as written; text
 * that is not a financial year is left out), earliest first, plus `extra` when it is not
 * one of them (an "as at" outside every grant's year still shows what it is).
 */
export function quarterOptions(years: readonly string[], extra: Quarter | null = null): readonly QuarterOption[] {
  const starts = new Set<number>();
  for (const text of years) {
    const fy = parseFinancialYear(text);
    if (fy !== null) starts.add(fy.startYear);
  }
  const quarters: Quarter[] = [...starts].flatMap((startYear) => QUARTER_NUMBERS.map((quarter) => ({ year: { startYear }, quarter })));
  if (extra !== null && !quarters.some((q) => sameQuarter(q, extra))) quarters.push(extra);
  return quarters.sort(compareQuarters).map(quarterOption);
}

/** Every grant's year, for the Progress view's "as at" choice. */
export function planYears(plan: Plan): readonly string[] {
  return plan.grants.map((g) => g.year);
}

export function findOption(options: readonly QuarterOption[], value: string | null): QuarterOption | undefined {
  return value === null ? undefined : options.find((o) => o.value === value);
}

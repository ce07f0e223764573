/**
 * UK financial years (1 April – 31 March, written "2020/21") and their quarters
 * (Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec, Q4 = Jan–Mar).
 */

export interface FinancialYear {
  /** The calendar year in which the financial year starts: 2020 for "2020/21". */
  readonly startYear: number;
}

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface Quarter {
  readonly year: FinancialYear;
  readonly quarter: QuarterNumber;
}

/** An ISO calendar date, "2020-04-01". */
export type IsoDate = string;

const FY_TEXT = /^\s*(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$/i;

/** Reads "2020/21", "2020/2021", "2020-21" or "FY2020/21"; null when it is not a financial year. */
export function parseFinancialYear(text: string): FinancialYear | null {
  const m = FY_TEXT.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const expectedEnd = m[2].length === 2 ? (start + 1) % 100 : start + 1;
  if (end !== expectedEnd) return null;
  return { startYear: start };
}

/** "2020/21". */
export function formatFinancialYear(fy: FinancialYear): string {
  return `${fy.startYear}/${String((fy.startYear + 1) % 100).padStart(2, "0")}`;
}

/** The financial year a calendar date falls in: 2021-03-31 → 2020/21, 2021-04-01 → 2021/22. */
export function financialYearOf(date: IsoDate): FinancialYear {
  const { year, month } = splitIsoDate(date);
  return { startYear: month >= 4 ? year : year - 1 };
}

/** The quarter a calendar date falls in. */
export function quarterOf(date: IsoDate): Quarter {
  const { month } = splitIsoDate(date);
  const quarter = (month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4) as QuarterNumber;
  return { year: financialYearOf(date), quarter };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** First and last day of a quarter as ISO dates. */
export function quarterRange(q: Quarter): { start: IsoDate; end: IsoDate } {
  const firstMonth = q.quarter === 4 ? 1 : 3 * q.quarter + 1;
  const calendarYear = q.quarter === 4 ? q.year.startYear + 1 : q.year.startYear;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(calendarYear, lastMonth, 0)).getUTCDate();
  return {
    start: `${calendarYear}-${pad2(firstMonth)}-01`,
    end: `${calendarYear}-${pad2(lastMonth)}-${pad2(lastDay)}`,
  };
}

/** "Q1 2020/21 (April – June 2020)". */
export function formatQuarter(q: Quarter): string {
  const { start, end } = quarterRange(q);
  const s = splitIsoDate(start);
  const e = splitIsoDate(end);
  return `Q${q.quarter} ${formatFinancialYear(q.year)} (${MONTHS[s.month - 1]} – ${MONTHS[e.month - 1]} ${e.year})`;
}

/** en-GB date for people: "01/04/2020". */
export function formatDateGB(date: IsoDate): string {
  const { year, month, day } = splitIsoDate(date);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

function splitIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const real = new Date(Date.UTC(year, month - 1, day));
  if (real.getUTCFullYear() !== year || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return { year, month, day };
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

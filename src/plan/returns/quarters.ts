/**
 * Quarters as returns and settings write them: a Quarter cell ("Q2", "q2", 2), an as-at
 * quarter ("2020/21-Q2"), and the last quarter that has ended on a date.
 */
import type { CellValue } from "../cell";
import { formatFinancialYear, type IsoDate, parseFinancialYear, type Quarter, quarterOf, type QuarterNumber } from "../periods";
import { MAX_WORD_TEXT } from "../text";

const QUARTER_TEXT = /^(?:q(?:uarter|tr)?\s*)?([1-4])$/i;
const QUARTERS: readonly QuarterNumber[] = [1, 2, 3, 4];

/** The quarter number of a Quarter cell: "Q2", "q2", "Quarter 2", "2" or the number 2; null for anything else. */
export function parseQuarterCell(value: CellValue): QuarterNumber | null {
  if (typeof value === "number") return QUARTERS.find((q) => q === value) ?? null;
  if (typeof value !== "string" || value.length > MAX_WORD_TEXT) return null;
  // The usual cell: "Q1" to "Q4" exactly as the plan writes it.
  if (value.length === 2 && value.charCodeAt(0) === 0x51) {
    const digit = value.charCodeAt(1) - 0x30;
    if (digit >= 1 && digit <= 4) return QUARTERS[digit - 1] ?? null;
  }
  const m = QUARTER_TEXT.exec(value.trim());
  if (!m) return null;
  return QUARTERS[Number(m[1]) - 1] ?? null;
}

/** "Q2". */
export function formatQuarterNumber(q: QuarterNumber): string {
  return `Q${q}`;
}

/** Reads an as-at quarter: "2020/21-Q2" (also "2020/21 Q2", "2020/21-q2"); null for anything else. */
export function parseAsAt(text: string): Quarter | null {
  if (text.length > MAX_WORD_TEXT) return null;
  const m = /^\s*(.+?)\s*[-\s]\s*(q(?:uarter)?\s*[1-4])\s*$/i.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const year = parseFinancialYear(m[1]);
  const quarter = parseQuarterCell(m[2]);
  return year === null || quarter === null ? null : { year, quarter };
}

/** "2020/21-Q2". */
export function formatAsAt(q: Quarter): string {
  return `${formatFinancialYear(q.year)}-Q${q.quarter}`;
}

/** The quarter before `q`: Q1 2021/22 → Q4 2020/21. */
export function previousQuarter(q: Quarter): Quarter {
  if (q.quarter === 1) return { year: { startYear: q.year.startYear - 1 }, quarter: 4 };
  return { year: q.year, quarter: QUARTERS[q.quarter - 2] ?? 1 };
}

/** The last quarter that has ended on `today` (the quarter before the one `today` falls in). */
export function lastEndedQuarter(today: IsoDate): Quarter {
  return previousQuarter(quarterOf(today));
}

/** Orders quarters: negative when `a` comes first. */
export function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year.startYear - b.year.startYear || a.quarter - b.quarter;
}

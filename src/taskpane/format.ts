/**
 * Words and figures the pane shows people: en-GB money and dates, over-allocation spelt out.
 */
import { formatGBP, type Money } from "../plan/money";
import { formatDateGB, type IsoDate, parseFinancialYear } from "../plan/periods";

export function isOver(unallocated: Money): boolean {
  return unallocated.isNegative() && !unallocated.isZero();
}

/** A card's Unallocated figure: "£12,000.00", or "over-allocated by £1,000.00". */
export function unallocatedText(unallocated: Money): string {
  return isOver(unallocated) ? `over-allocated by ${formatGBP(unallocated.negated())}` : formatGBP(unallocated);
}

/** The live headroom under the allocation table: "Unallocated £0.00" or "Over-allocated by £1,000.00". */
export function headroomText(headroom: Money): string {
  return isOver(headroom) ? `Over-allocated by ${formatGBP(headroom.negated())}` : `Unallocated ${formatGBP(headroom)}`;
}

const PERCENT = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 });

/**
 * How much of the award is allocated, for a progress bar: `value` between 0 and 1
 * (capped at 1 when over-allocated) and the same in words for screen readers.
 */
export function allocatedShare(allocated: Money, award: Money | null): { value: number; text: string } {
  if (award === null) return { value: 0, text: `${formatGBP(allocated)} allocated; the award is not an amount` };
  const ratio = award.isZero() ? (allocated.isZero() ? 0 : 1) : allocated.dividedBy(award).toNumber();
  const shown = award.isZero() ? "" : ` (${PERCENT.format(ratio)})`;
  return { value: Math.min(Math.max(ratio, 0), 1), text: `${formatGBP(allocated)} of ${formatGBP(award)} allocated${shown}` };
}

/** "01/04/2020 – 31/03/2021" for "2020/21"; null when the text is not a financial year. */
export function financialYearSpan(year: string): string | null {
  const fy = parseFinancialYear(year);
  if (fy === null) return null;
  return `${formatDateGB(`${fy.startYear}-04-01`)} – ${formatDateGB(`${fy.startYear + 1}-03-31`)}`;
}

/** "Lines!F2", or "'Grant Planner settings'!B2" when the sheet name needs quoting as in Excel. */
export function cellReference(sheet: string, cell: string): string {
  if (sheet === "") return cell;
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? `${sheet}!${cell}` : `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

const WHEN = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** "3 March 2025 at 14:05". */
export function formatWhen(date: Date): string {
  return WHEN.format(date);
}

/** An error from a host, in words: the message of an Error, or the thing itself. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message !== "") return error.message;
  return String(error);
}

/** Today's date by the clock, for figures "as at" the last quarter that has ended. */
export function todayIso(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}

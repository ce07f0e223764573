/**
 * The one module that owns money. Amounts are Decimals from a private clone,
 * always GBP; pennies (two decimal places) are the unit of account.
 * Rounding happens only where a function here says so, half-even by default.
 */
import Decimal from "decimal.js";
import { type CellValue, isCellError, EXCEL_ERRORS } from "./cell";

export const MoneyDecimal = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Money = Decimal;

export const ZERO: Money = new MoneyDecimal(0);
const PENNY = new MoneyDecimal("0.01");

/** Builds an amount from a trusted literal (code, fixtures). Throws on anything else. */
export function money(value: string | number): Money {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`money(): not a finite number: ${value}`);
  }
  return new MoneyDecimal(typeof value === "number" ? String(value) : value);
}

export function sum(amounts: Iterable<Money>): Money {
  let total = ZERO;
  for (const a of amounts) total = total.plus(a);
  return total;
}

/** True when the amount is a whole number of pennies. */
export function isWholePennies(amount: Money): boolean {
  return amount.decimalPlaces() <= 2;
}

/** Rounds to pennies, half-even unless told otherwise. The only rounding point for money. */
export function roundToPennies(amount: Money, rounding: Decimal.Rounding = Decimal.ROUND_HALF_EVEN): Money {
  return amount.toDecimalPlaces(2, rounding);
}

/** "332000.00": the machine form used in JSON. Refuses sub-penny amounts rather than rounding. */
export function toFixed2(amount: Money): string {
  if (!isWholePennies(amount)) {
    throw new RangeError(`toFixed2(): ${amount.toString()} has more than two decimal places`);
  }
  return amount.toFixed(2);
}

/**
 * The JSON form: "332000.00", always two decimals. An amount with fractions of a penny has
 * no such form, so it is null (a finding says why) rather than rounded or printed longer.
 */
export function toMachine(amount: Money): string | null {
  return isWholePennies(amount) ? amount.toFixed(2) : null;
}

/** "£332,000.00", "-£1,000.00": the form people read. Sub-penny amounts keep their digits. */
export function formatGBP(amount: Money): string {
  const places = Math.max(2, amount.decimalPlaces());
  const fixed = amount.abs().toFixed(places);
  const [whole = "0", fraction = ""] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${amount.isNegative() && !amount.isZero() ? "-" : ""}£${grouped}.${fraction}`;
}

/** The number written into a cell. Safe: whole pennies below 2^53 / 100 survive the trip exactly. */
export function toCellNumber(amount: Money): number {
  return Number(toFixed2(amount));
}

export type DecodedAmount =
  | { readonly kind: "blank" }
  | { readonly kind: "amount"; readonly value: Money; readonly asText: boolean; readonly subPenny: boolean }
  | { readonly kind: "invalid"; readonly reason: "error" | "not-a-number" | "boolean"; readonly text: string };

const AMOUNT_TEXT = /^(-)?\s*(-)?£?\s*(-)?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

/**
 * Reads an amount the way a finance officer typed it: "1250", "1,250.00", "£1,250.00",
 * "-£5.00", "(£5.00)". Returns the value or null when the text is not an amount.
 */
export function parseAmountText(text: string): Money | null {
  let t = text.trim().replace(/\u00a0/g, " ");
  if (t === "") return null;
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(t);
  if (bracketed && bracketed[1] !== undefined) {
    negative = true;
    t = bracketed[1].trim();
  }
  if (/^GBP\s*/i.test(t)) t = t.replace(/^GBP\s*/i, "");
  const m = AMOUNT_TEXT.exec(t);
  if (!m) return null;
  const signs = [m[1], m[2], m[3]].filter((s) => s === "-").length;
  if (signs > 1 || (signs === 1 && negative)) return null;
  const whole = m[4];
  const fraction = m[5];
  if (whole === undefined && fraction === undefined) return null;
  const digits = `${(whole ?? "0").replace(/,/g, "")}${fraction !== undefined ? `.${fraction}` : ""}`;
  const value = new MoneyDecimal(digits);
  return negative || signs === 1 ? value.negated() : value;
}

/**
 * Decodes a cell into an amount. Numbers are taken through their shortest decimal string
 * (never scaled by 100); text amounts are understood but marked `asText`; more than two
 * decimal places is marked `subPenny`, never rounded away.
 */
export function decodeAmount(cell: CellValue): DecodedAmount {
  if (cell === null) return { kind: "blank" };
  if (isCellError(cell)) return { kind: "invalid", reason: "error", text: cell.error };
  if (typeof cell === "boolean") return { kind: "invalid", reason: "boolean", text: cell ? "TRUE" : "FALSE" };
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { kind: "invalid", reason: "not-a-number", text: String(cell) };
    const value = new MoneyDecimal(String(cell));
    return { kind: "amount", value, asText: false, subPenny: !isWholePennies(value) };
  }
  if (cell.trim() === "") return { kind: "blank" };
  if (EXCEL_ERRORS.includes(cell.trim().toUpperCase())) {
    return { kind: "invalid", reason: "error", text: cell.trim() };
  }
  const value = parseAmountText(cell);
  if (value === null) return { kind: "invalid", reason: "not-a-number", text: cell };
  return { kind: "amount", value, asText: true, subPenny: !isWholePennies(value) };
}

export type MoneyInput = { readonly ok: true; readonly value: Money } | { readonly ok: false; readonly message: string };

/** Validates what a person typed into a money box in the pane. */
export function parseMoneyInput(text: string, options: { allowNegative?: boolean } = {}): MoneyInput {
  if (text.trim() === "") return { ok: false, message: "Enter an amount, for example £1,250.00." };
  const value = parseAmountText(text);
  if (value === null) return { ok: false, message: `"${text.trim()}" is not an amount. Use digits, for example 1250 or £1,250.00.` };
  if (!isWholePennies(value)) return { ok: false, message: "Use at most two decimal places (pennies)." };
  if (value.isNegative() && !value.isZero() && options.allowNegative !== true) {
    return { ok: false, message: "The amount cannot be negative." };
  }
  return { ok: true, value };
}

/**
 * Splits `total` into shares proportional to `weights`, exact to the penny: each share is
 * floored to the penny, then the leftover pennies go out one at a time to the largest
 * weights first (ties by position), among the shares the floor cut short. The shares always add up to `total`.
 * Throws for programmer errors: sub-penny or negative total, negative or all-zero weights.
 */
export function allocate(total: Money, weights: readonly (Money | number)[]): Money[] {
  if (!isWholePennies(total)) throw new RangeError("allocate(): total must be whole pennies");
  if (total.isNegative() && !total.isZero()) throw new RangeError("allocate(): total must not be negative");
  if (weights.length === 0) throw new RangeError("allocate(): at least one weight is needed");
  const ws = weights.map((w) => (typeof w === "number" ? money(w) : w));
  if (ws.some((w) => w.isNegative() && !w.isZero())) throw new RangeError("allocate(): weights must not be negative");
  const weightSum = sum(ws);
  if (weightSum.isZero()) throw new RangeError("allocate(): weights must not all be zero");

  const exact = ws.map((w) => total.times(w).dividedBy(weightSum));
  const floors = exact.map((q) => q.toDecimalPlaces(2, Decimal.ROUND_DOWN));
  const leftover = total.minus(sum(floors)).dividedBy(PENNY).toNumber();
  // Leftover pennies go to the shares the floor cut short, largest weight first, ties by
  // position; a share that was already exact never gains a penny. There are fewer
  // leftover pennies than shares cut short, so each gets at most one.
  const order = ws
    .map((w, i) => ({ w, i, short: !exact[i]?.equals(floors[i] ?? ZERO) }))
    .sort((a, b) => Number(b.short) - Number(a.short) || b.w.comparedTo(a.w) || a.i - b.i);
  const gainsPenny = new Set(order.slice(0, leftover).map((x) => x.i));
  const shares = floors.map((f, i) => (gainsPenny.has(i) ? f.plus(PENNY) : f));
  return shares;
}

/**
 * The one module that owns money. Amounts are Decimals from a private clone,
 * always GBP; pennies (two decimal places) are the unit of account.
 * Rounding happens only where a function here says so, half-even by default.
 */
import Decimal from "decimal.js";
import { type CellValue, isCellError, isUncalculated, EXCEL_ERRORS } from "./cell";
import { capText, MAX_CELL_TEXT, quoteText } from "./text";

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

/** "£332,000.00", "-£1,000.00": the form people read. Sub-penny amounts keep their digits. Linear in the digits. */
export function formatGBP(amount: Money): string {
  const places = Math.max(2, amount.decimalPlaces());
  const fixed = amount.abs().toFixed(places);
  const point = fixed.indexOf(".");
  const whole = point < 0 ? fixed : fixed.slice(0, point);
  const fraction = point < 0 ? "" : fixed.slice(point + 1);
  return `${amount.isNegative() && !amount.isZero() ? "-" : ""}£${groupThousands(whole)}.${fraction}`;
}

/** "1234567" → "1,234,567", by slicing (no pattern), so it stays linear however long the digits. */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  const groups = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.join(",");
}

/** The number written into a cell. Safe: whole pennies below 2^53 / 100 survive the trip exactly. */
export function toCellNumber(amount: Money): number {
  return Number(toFixed2(amount));
}

export type DecodedAmount =
  | { readonly kind: "blank" }
  | { readonly kind: "amount"; readonly value: Money; readonly asText: boolean; readonly subPenny: boolean }
  | {
      readonly kind: "invalid";
      /**
       * error: an Excel error value; not-a-number: text that is no amount (or longer than
       * MAX_AMOUNT_TEXT); boolean: TRUE/FALSE; uncalculated: a formula with no stored result;
       * too-large: beyond MAX_AMOUNT.
       */
      readonly reason: "error" | "not-a-number" | "boolean" | "uncalculated" | "too-large";
      /** What the cell shows, cut to a length a message can quote. */
      readonly text: string;
    };

/** Excel shows (and calculates with) 15 significant digits of a number. */
export const EXCEL_DIGITS = 15;

/** The largest amount a plan holds: £999,999,999,999.99, the most that 15 significant digits keep to the penny. */
export const MAX_AMOUNT: Money = new MoneyDecimal("999999999999.99");

/** Text longer than this is never an amount ("-£999,999,999,999.99" is 20 characters). */
export const MAX_AMOUNT_TEXT = 100;

/**
 * A number as Excel shows it: to 15 significant digits, then exact. `=340000*0.35` is
 * stored as 118999.99999999999 and shown as 119,000.00; this gives 119000. Use it for
 * every number read from a cell, before any penny rule.
 */
export function excelNumber(value: number): Money {
  if (!Number.isFinite(value)) throw new RangeError(`excelNumber(): not a finite number: ${value}`);
  // Whole numbers of up to 15 digits are exact as they are (decimal.js builds small ones
  // without parsing text): most allocations, targets and counts.
  if (Number.isInteger(value) && Math.abs(value) < 1e15) {
    // Small whole numbers (targets, counts) come up again and again: each is built once (a Decimal never changes).
    if (value >= 0 && value < SMALL_WHOLE_NUMBERS && !Object.is(value, -0)) return (smallWholeNumbers[value] ??= new MoneyDecimal(value));
    return new MoneyDecimal(value);
  }
  // A whole number of pennies (most amounts): when pennies / 100 gives back exactly this
  // number, that decimal is the number's shortest form (at most 15 significant digits, so no
  // other such decimal reads back as the same number), built without parsing text.
  if (Math.abs(value) < 1e13) {
    const pennies = Math.round(value * 100);
    if (pennies / 100 === value) return new MoneyDecimal(pennies).times(PENNY);
  }
  // The shortest decimal that reads back as this number is already Excel's figure when it
  // has at most 15 significant digits (every 15-digit decimal survives the round trip), so
  // the usual 119000 or 1250.5 skip the longer rounding.
  const shortest = String(value);
  return new MoneyDecimal(significantDigits(shortest) <= EXCEL_DIGITS ? shortest : value.toPrecision(EXCEL_DIGITS));
}

/** A whole number of pennies (a safe integer) as money: 12345 → £123.45. */
export function fromPennies(pennies: number): Money {
  if (!Number.isSafeInteger(pennies)) throw new RangeError(`fromPennies(): not a safe whole number of pennies: ${pennies}`);
  return pennies === 0 ? ZERO : new MoneyDecimal(pennies).times(PENNY);
}

/** Whole numbers below this are built once by `excelNumber` and shared. */
const SMALL_WHOLE_NUMBERS = 1024;
const smallWholeNumbers: Money[] = [];

/** Significant digits of a plain decimal string ("-0.0125" → 3); more than 15 for exponent forms, so they are rounded. */
function significantDigits(text: string): number {
  let digits = 0;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 101 || code === 69) return EXCEL_DIGITS + 1;
    if (code < 48 || code > 57) continue;
    if (leading && code === 48) continue;
    leading = false;
    digits++;
  }
  // Trailing zeros of a whole number ("332000") count, which only makes the test stricter.
  return digits;
}

/**
 * Reads an amount the way a finance officer typed it: "1250", "1,250.00", "£1,250.00",
 * "-£5.00", "(£5.00)", "GBP 12.50". Returns the value or null when the text is not an
 * amount. One pass over at most MAX_AMOUNT_TEXT characters, no backtracking pattern.
 */
export function parseAmountText(text: string): Money | null {
  if (text.length > MAX_CELL_TEXT) return null;
  let t = text.trim();
  if (t === "" || t.length > MAX_AMOUNT_TEXT) return null;
  let negative = false;
  if (t.startsWith("(") && t.endsWith(")") && t.length >= 2) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  let i = 0;
  if (t.slice(0, 3).toUpperCase() === "GBP") {
    i = 3;
    while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  }
  // Sign, pound sign and spaces in any order, each sign at most once.
  let minus = 0;
  let pound = 0;
  for (; i < t.length; i++) {
    const ch = t[i];
    if (ch === "-") minus++;
    else if (ch === "£") pound++;
    else if (!isSpace(t.charCodeAt(i))) break;
  }
  if (minus > 1 || pound > 1 || (minus === 1 && negative)) return null;
  // Whole pounds: plain digits, or digits grouped in threes by commas.
  const wholeStart = i;
  let groups = 0;
  let groupLength = 0;
  let firstGroup = -1;
  for (; i < t.length; i++) {
    const code = t.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      groupLength++;
    } else if (code === 44) {
      if (groups === 0) firstGroup = groupLength;
      else if (groupLength !== 3) return null;
      groups++;
      groupLength = 0;
    } else {
      break;
    }
  }
  if (groups > 0 && (firstGroup < 1 || firstGroup > 3 || groupLength !== 3)) return null;
  const whole = t.slice(wholeStart, i).replace(/,/g, "");
  let fraction = "";
  if (i < t.length && t[i] === ".") {
    const fractionStart = ++i;
    while (i < t.length && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
    fraction = t.slice(fractionStart, i);
    if (fraction === "") return null;
  }
  if (i !== t.length || (whole === "" && fraction === "")) return null;
  const value = new MoneyDecimal(`${whole === "" ? "0" : whole}${fraction === "" ? "" : `.${fraction}`}`);
  return negative || minus === 1 ? value.negated() : value;
}

/** The characters JavaScript's `\s` matches, tested one at a time. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** A number below this is below MAX_AMOUNT however it rounds to 15 digits. */
const SURELY_NOT_TOO_LARGE = 999_999_999_999;

function tooLarge(value: Money): boolean {
  return value.abs().greaterThan(MAX_AMOUNT);
}

/**
 * Decodes a cell into an amount. Numbers are read as Excel shows them (15 significant
 * digits, never scaled by 100); text amounts are understood but marked `asText`; more
 * than two decimal places is marked `subPenny`, never rounded away; beyond MAX_AMOUNT
 * is `too-large`; a formula with no stored result is `uncalculated`, never blank.
 */
export function decodeAmount(cell: CellValue): DecodedAmount {
  if (cell === null) return { kind: "blank" };
  if (isCellError(cell)) return { kind: "invalid", reason: "error", text: quoteText(cell.error) };
  if (typeof cell === "boolean") return { kind: "invalid", reason: "boolean", text: cell ? "TRUE" : "FALSE" };
  if (isUncalculated(cell)) return { kind: "invalid", reason: "uncalculated", text: quoteText(`=${cell.uncalculated}`, 200) };
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { kind: "invalid", reason: "not-a-number", text: String(cell) };
    const value = excelNumber(cell);
    // Well inside MAX_AMOUNT as a number (most amounts): no exact comparison needed.
    if (Math.abs(cell) >= SURELY_NOT_TOO_LARGE && tooLarge(value)) return { kind: "invalid", reason: "too-large", text: formatGBP(value) };
    return { kind: "amount", value, asText: false, subPenny: !isWholePennies(value) };
  }
  const capped = capText(cell);
  const trimmed = capped.trim();
  if (trimmed === "") return { kind: "blank" };
  if (EXCEL_ERRORS.includes(trimmed.toUpperCase())) {
    return { kind: "invalid", reason: "error", text: trimmed };
  }
  const value = parseAmountText(capped);
  if (value === null) return { kind: "invalid", reason: "not-a-number", text: quoteText(cell) };
  if (tooLarge(value)) return { kind: "invalid", reason: "too-large", text: quoteText(trimmed) };
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
 * Splits `total` into shares proportional to `weights`, exact to the penny, by the
 * largest-remainder rule: each share is floored to the penny, then the leftover pennies
 * go out one at a time to the shares that lost most to the flooring (the largest
 * remainder first), ties by position. £0.05 by 1:2 is £0.02 / £0.03; £332,000 by 1:2 is
 * £110,666.67 / £221,333.33. The shares always add up to `total`.
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

  // Work in pennies so that every remainder is exact: share i is floor(P × w_i / W) pennies
  // and loses (P × w_i) mod W, in units of 1/W of a penny, to the floor.
  const pennies = total.dividedBy(PENNY);
  const parts = ws.map((w, i) => {
    const scaled = pennies.times(w);
    const floor = scaled.dividedToIntegerBy(weightSum);
    return { i, floor, remainder: scaled.minus(floor.times(weightSum)) };
  });
  const leftover = pennies.minus(sum(parts.map((p) => p.floor))).toNumber();
  // Fewer leftover pennies than shares with a remainder, so each gains at most one; a
  // share that was already exact (remainder 0) never gains a penny.
  const order = [...parts].sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  const gainsPenny = new Set(order.slice(0, leftover).map((p) => p.i));
  return parts.map((p) => (gainsPenny.has(p.i) ? p.floor.plus(1) : p.floor).times(PENNY));
}

/**
 * Quarterly profiles (docs/returns.md): how a line's allocation is to be spent and a
 * measure's target reached over the four quarters of its grant's year. Exact: shares are
 * whole units (pennies for money, ones for counts) and always add up to their total.
 */
import type { Line, Measure } from "../model";
import { type Money, MoneyDecimal, sum, ZERO } from "../money";
import type { MeasureKind } from "../schema";
import type { Quarterly, SpendProfile, TargetProfile } from "./model";

export const PENNY: Money = new MoneyDecimal("0.01");
export const ONE: Money = new MoneyDecimal(1);

/**
 * `total` in four shares of whole `unit`s by the largest-remainder rule: every share gets
 * the same whole number of units and the units left over go one each to the earliest
 * quarters (with equal weights every remainder is equal, so ties go by position).
 * £0.05 is £0.02 / £0.01 / £0.01 / £0.01; 10 sessions are 3 / 3 / 2 / 2.
 * Throws for programmer errors: a negative total, a unit that is not positive, a total
 * that is not a whole number of units.
 */
export function evenSplit(total: Money, unit: Money): Quarterly<Money> {
  if (!unit.isPositive() || unit.isZero()) throw new RangeError("evenSplit(): the unit must be positive");
  if (total.isNegative() && !total.isZero()) throw new RangeError("evenSplit(): the total must not be negative");
  const units = total.dividedBy(unit);
  if (!units.isInteger()) throw new RangeError(`evenSplit(): ${total.toString()} is not a whole number of ${unit.toString()}`);
  const base = units.dividedToIntegerBy(4);
  const left = units.minus(base.times(4)).toNumber();
  const share = (q: number): Money => (q < left ? base.plus(1) : base).times(unit);
  return [share(0), share(1), share(2), share(3)];
}

/** The largest unit, at most 1, of which `total` is a whole number: 1 for 60, 0.5 for 12.5, 0.01 for 0.25. */
export function unitOf(total: Money): Money {
  const places = total.decimalPlaces();
  return places === 0 ? ONE : new MoneyDecimal(10).pow(-places);
}

/** True when some quarter of a typed profile row is filled in. */
export function isTyped(quarters: Quarterly<Money | null>): boolean {
  return quarters[0] !== null || quarters[1] !== null || quarters[2] !== null || quarters[3] !== null;
}

/** The four quarters of a typed row, blanks as 0. */
export function typedQuarters(quarters: Quarterly<Money | null>): Quarterly<Money> {
  return [quarters[0] ?? ZERO, quarters[1] ?? ZERO, quarters[2] ?? ZERO, quarters[3] ?? ZERO];
}

/** The allocation a profile splits: £0.00 for a blank cell; null when it cannot be read or split into pennies. */
export function allocationOf(line: Line): Money | null {
  if (!line.allocationKnown) return null;
  const allocation = line.allocation ?? ZERO;
  if (allocation.isNegative() && !allocation.isZero()) return null;
  return allocation.decimalPlaces() <= 2 ? allocation : null;
}

/**
 * A line's spend profile: its typed row when the row has any quarter filled in, otherwise
 * the allocation split evenly to the penny. Null when it is not known (an allocation or a
 * typed cell that cannot be read). A typed row that does not add up to the allocation is
 * still the profile (SPEND_PROFILE_MISMATCH says so).
 */
export function spendProfileOf(line: Line, typed: SpendProfile | null): Quarterly<Money> | null {
  if (typed !== null && isTyped(typed.quarters)) return typed.known ? typedQuarters(typed.quarters) : null;
  const allocation = allocationOf(line);
  return allocation === null ? null : evenSplit(allocation, PENNY);
}

/** Kinds whose target is a number reached by adding up each quarter's value. */
export function isCumulative(kind: MeasureKind | null): boolean {
  return kind === "count";
}

/** Kinds whose target is a level to reach and keep: the latest value counts. */
export function isLevel(kind: MeasureKind | null): boolean {
  return kind === "at-least" || kind === "percentage" || kind === "reduction";
}

/** Kinds with a number target (counts and levels). */
export function isNumeric(kind: MeasureKind | null): boolean {
  return isCumulative(kind) || isLevel(kind);
}

const QUARTER_PROFILES = { q1: 0, q2: 1, q3: 2, q4: 3 } as const;

/**
 * A measure's target profile: what each quarter of its grant's year is to deliver.
 * For a count: Even splits the target in whole units (earliest quarters first), All in Qn
 * puts it all in that quarter, Typed is the typed row (blanks as 0). For a level kind
 * (At least, Percentage, Reduction) each quarter from the first the profile puts anything
 * in holds the target itself, and earlier quarters 0. Null when there is no number target,
 * the profile word was not understood, or a typed cell cannot be read.
 */
export function targetProfileOf(measure: Measure, profile: TargetProfile | null): Quarterly<Money> | null {
  const target = measure.target;
  if (!isNumeric(measure.kind) || target === null || (target.isNegative() && !target.isZero())) return null;
  const kind = profile === null ? "even" : profile.profile;
  if (kind === null) return null;
  let shape: Quarterly<Money>;
  if (kind === "even") {
    shape = evenSplit(target, unitOf(target));
  } else if (kind === "typed") {
    if (profile === null || !profile.known) return null;
    shape = typedQuarters(profile.quarters);
  } else {
    const at = QUARTER_PROFILES[kind];
    shape = [at === 0 ? target : ZERO, at === 1 ? target : ZERO, at === 2 ? target : ZERO, at === 3 ? target : ZERO];
  }
  if (isCumulative(measure.kind)) return shape;
  // A level: the target from the first quarter the profile puts anything in (Q1 for Even, or for nothing at all).
  let first = shape.findIndex((q) => !q.isZero());
  if (kind === "even" || first < 0) first = 0;
  const level = (q: number): Money => (q >= first ? target : ZERO);
  return [level(0), level(1), level(2), level(3)];
}

/** Sum of the first `quarters` quarters (0 to 4). */
export function toDate(profile: Quarterly<Money>, quarters: number): Money {
  return sum(profile.slice(0, Math.max(0, Math.min(4, quarters))));
}

/**
 * Progress as at a quarter (docs/returns.md): per grant and line, spend against profile
 * and allocation; per measure, delivery against target. Exact figures, null where a
 * figure cannot be known (an unreadable amount in the line or one of its returns).
 */
import { KeyTable } from "../keyTable";
import type { Line, Measure, Plan } from "../model";
import { excelNumber, fromPennies, type Money, MoneyDecimal, ZERO } from "../money";
import { type FinancialYear, type IsoDate, parseFinancialYear, type Quarter, type QuarterNumber } from "../periods";
import type { Situation } from "../schema";
import { capText, MAX_WORD_TEXT } from "../text";
import type {
  GrantProgress,
  LineProgress,
  LineReturn,
  MeasureProgress,
  MeasureReturn,
  Progress,
  Quarterly,
  Returns,
  SpendProfile,
  StatusKeyEntry,
  TargetProfile,
} from "./model";
import { firstRowsOf, idTableOf, returnRowsOf } from "./decode";
import { allocationOf, isCumulative, isLevel, isNumeric, isTyped, spendProfileOf, targetProfileOf, toDate } from "./profiles";
import { formatAsAt, lastEndedQuarter, parseAsAt } from "./quarters";

export { formatAsAt, lastEndedQuarter, parseAsAt };

const HUNDRED = new MoneyDecimal(100);
/** Whole counts below this are split as plain numbers. */
const SAFE_COUNT = 2 ** 50;
/** Whole numbers below this in size are read by `wholeOf` (all exact as plain numbers). */
const WHOLE_OF_LIMIT_EXPONENT = 15;

/**
 * A whole number below 10^15 in size as a plain number (exactly); null for any other figure.
 * Read from the decimal's own digits (base 10^7 words, `e` the exponent of its first digit),
 * so no text is built: the figures compared most often are whole counts.
 */
export function wholeOf(x: Money): number | null {
  const words = x.d;
  const e = x.e;
  // Not finite (no digits), or too large to be exact.
  if (words === null || words === undefined || !(e < WHOLE_OF_LIMIT_EXPONENT)) return null;
  if (words.length === 1 && words[0] === 0) return 0;
  if (e < 0) return null;
  // The last word that is still before the decimal point.
  const last = Math.floor(e / 7);
  if (words.length > last + 1) return null;
  let m = 0;
  for (let i = 0; i < words.length; i++) m = m * 1e7 + (words[i] ?? 0);
  for (let i = words.length; i <= last; i++) m *= 1e7;
  return x.s < 0 ? -m : m;
}

/** An amount as a whole number of pennies; null when it has fractions of a penny or is too large for exact arithmetic. */
function penniesOf(amount: Money): number | null {
  if (amount.decimalPlaces() > 2) return null;
  const pennies = amount.times(100).toNumber();
  return Number.isSafeInteger(pennies) ? pennies : null;
}
const QUARTERS: readonly QuarterNumber[] = [1, 2, 3, 4];
/** No quarter missing: one list shared by every line and measure that has all its returns. */
const NONE_MISSING: readonly string[] = Object.freeze([]);
/** Pennies up to here can be multiplied by 100 and stay exact. */
const LARGEST_SCALED = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/** The as-at quarter: the one given, else the plan's "Returns as at" setting, else the last quarter ended on `today`. */
export function asAtFor(plan: Plan, given: Quarter | null, today: IsoDate): Quarter {
  return given ?? plan.returns?.asAt ?? lastEndedQuarter(today);
}

/**
 * How many quarters of a financial year count "to date" as at `asAt`: all four once the
 * year has ended, none before it starts.
 */
export function quartersToDate(year: FinancialYear, asAt: Quarter): number {
  if (asAt.year.startYear > year.startYear) return 4;
  if (asAt.year.startYear < year.startYear) return 0;
  return asAt.quarter;
}

/** "2020/21-Q1". */
function quarterName(year: FinancialYear, quarter: QuarterNumber): string {
  return formatAsAt({ year, quarter });
}

const EMPTY_RETURNS: Returns = {
  statusKey: [],
  spendProfiles: [],
  targetProfiles: [],
  lineReturns: [],
  measureReturns: [],
  changes: [],
  layouts: { statusKey: null, spendProfile: null, targetProfile: null, lineReturns: null, measureReturns: null, returnChanges: null },
  asAt: null,
  underspendPercent: new MoneyDecimal(15),
};

/** A lookup table over IDs read once into an array. */
function keyTableOf(ids: readonly string[]): KeyTable {
  const table = new KeyTable(ids.length, (i) => ids[i] ?? "");
  for (let i = 0; i < ids.length; i++) if (ids[i] !== "") table.add(i);
  return table;
}

/**
 * What progress needs from a plan whatever the as-at quarter (see ProgressWork): worked out
 * once per plan and kept, so that the checks and the progress figures of the same plan
 * share it. Rows are found by ID through the lookup tables decoding built for the same rows.
 */
export class ReturnsIndex {
  readonly returns: Returns;
  /** Per line: the index of its grant (first row of its Grant ID), -1 when none. */
  readonly lineGrant: Int32Array;
  /** Per line: the first line row with its ID (a repeated ID shares the first row's returns and profile). */
  readonly lineFirst: Int32Array;
  /** Per grant: its financial year, null when it cannot be read. */
  readonly grantYears: readonly (FinancialYear | null)[];
  /** Per line (first row of an ID) and quarter: index + 1 of the line return that counts, 0 for none. */
  readonly lineSlots: Int32Array;
  /** Per measure (first row of an ID) and quarter: index + 1 of the measure return that counts, 0 for none. */
  readonly measureSlots: Int32Array;
  /** Per measure: the first measure row with its ID. */
  readonly measureFirst: Int32Array;
  /** Per measure: its line's row, -1 when none. */
  readonly measureLine: Int32Array;
  /** Per line (first row of an ID): its typed spend profile row, if any. */
  readonly spendProfiles: readonly (SpendProfile | undefined)[];
  /** Per measure (first row of an ID): its target profile row, if any (an Even row is what no row means). */
  readonly targetProfiles: readonly (TargetProfile | undefined)[];
  /** What it was worked out from, to tell whether it still fits the plan. */
  private readonly from: readonly unknown[];

  constructor(plan: Plan) {
    const returns = plan.returns ?? EMPTY_RETURNS;
    this.returns = returns;
    this.from = sourcesOf(plan);
    const grants = keyTableOf(plan.grants.map((g) => g.id));
    this.grantYears = plan.grants.map((g) => (g.year.length > MAX_WORD_TEXT ? null : parseFinancialYear(capText(g.year))));
    // Each line and measure is read once here; everything after works on these arrays.
    // Lines of a grant and measures of a line usually come together: the last ID found is kept.
    const nLines = plan.lines.length;
    const lines = idTableOf(plan.lines);
    this.lineFirst = firstRowsOf(plan.lines);
    this.lineGrant = new Int32Array(nLines);
    let lastGrantId: string | null = null;
    let lastGrant = -1;
    for (let i = 0; i < nLines; i++) {
      const line = plan.lines[i];
      const grantId = line === undefined || line.grantIdKnown === false ? null : line.grantId;
      if (grantId !== lastGrantId) {
        lastGrant = grantId === null ? -1 : grants.find(grantId);
        lastGrantId = grantId;
      }
      this.lineGrant[i] = lastGrant;
    }
    const nMeasures = plan.measures.length;
    const measures = idTableOf(plan.measures);
    this.measureFirst = firstRowsOf(plan.measures);
    this.measureLine = new Int32Array(nMeasures);
    let lastLineId: string | null = null;
    let lastLine = -1;
    for (let i = 0; i < nMeasures; i++) {
      const lineId = plan.measures[i]?.lineId ?? "";
      if (lineId !== lastLineId) {
        lastLine = lines.find(lineId);
        lastLineId = lineId;
      }
      this.measureLine[i] = lastLine;
    }
    const spendProfiles = new Array<SpendProfile | undefined>(nLines);
    // A row of four blanks is the even profile, as no row is: only typed rows are looked up.
    for (const p of returns.spendProfiles) {
      if (!isTyped(p.quarters)) continue;
      const at = lines.find(p.lineId);
      if (at >= 0 && spendProfiles[at] === undefined) spendProfiles[at] = p;
    }
    this.spendProfiles = spendProfiles;
    const targetProfiles = new Array<TargetProfile | undefined>(nMeasures);
    // An Even row is what no row means: only other rows are looked up.
    for (const p of returns.targetProfiles) {
      if (p.profile === "even") continue;
      const at = measures.find(p.measureId);
      if (at >= 0 && targetProfiles[at] === undefined) targetProfiles[at] = p;
    }
    this.targetProfiles = targetProfiles;
    // Each return's line or measure, as decoding found it when the plan's rows are the ones it read.
    const lineReturns = returns.lineReturns;
    const lineOf = returnRowsOf(lineReturns, plan.lines);
    this.lineSlots = new Int32Array(nLines * 4);
    for (let index = 0; index < lineReturns.length; index++) {
      const r = lineReturns[index];
      if (r === undefined || r.quarter === null || r.year === null) continue;
      const at = lineOf === null ? lines.find(r.lineId) : (lineOf[index] ?? -1);
      if (at < 0 || !inYear(this.yearOfLine(at), r.year)) continue;
      const slot = at * 4 + r.quarter - 1;
      if (this.lineSlots[slot] === 0) this.lineSlots[slot] = index + 1;
    }
    const measureReturns = returns.measureReturns;
    const measureOf = returnRowsOf(measureReturns, plan.measures);
    this.measureSlots = new Int32Array(nMeasures * 4);
    for (let index = 0; index < measureReturns.length; index++) {
      const r = measureReturns[index];
      if (r === undefined || r.quarter === null || r.year === null) continue;
      const at = measureOf === null ? measures.find(r.measureId) : (measureOf[index] ?? -1);
      if (at < 0 || !inYear(this.yearOfLine(this.measureLine[at] ?? -1), r.year)) continue;
      const slot = at * 4 + r.quarter - 1;
      if (this.measureSlots[slot] === 0) this.measureSlots[slot] = index + 1;
    }
  }

  /** The financial year of a line's grant; null when not known. */
  yearOfLine(line: number): FinancialYear | null {
    const grant = line < 0 ? -1 : (this.lineGrant[line] ?? -1);
    return grant < 0 ? null : (this.grantYears[grant] ?? null);
  }

  /** True when the plan is still the one this was worked out from (the same rows, as many). */
  fits(plan: Plan): boolean {
    const now = sourcesOf(plan);
    return now.every((x, i) => x === this.from[i]);
  }
}

function inYear(year: FinancialYear | null, returned: FinancialYear | null): boolean {
  return year !== null && returned !== null && year.startYear === returned.startYear;
}

/** The parts of a plan an index is worked out from, and their lengths. */
function sourcesOf(plan: Plan): unknown[] {
  const r = plan.returns;
  return [
    plan.grants,
    plan.grants.length,
    plan.lines,
    plan.lines.length,
    plan.measures,
    plan.measures.length,
    r,
    r?.lineReturns,
    r?.lineReturns.length,
    r?.measureReturns,
    r?.measureReturns.length,
    r?.spendProfiles,
    r?.spendProfiles.length,
    r?.targetProfiles,
    r?.targetProfiles.length,
  ];
}

const indexes = new WeakMap<Plan, ReturnsIndex>();

function returnsIndexOf(plan: Plan): ReturnsIndex {
  const kept = indexes.get(plan);
  if (kept !== undefined && kept.fits(plan)) return kept;
  const index = new ReturnsIndex(plan);
  indexes.set(plan, index);
  return index;
}

/**
 * The working of progress as at a quarter, kept for the checks: which return counts for
 * each line or measure and quarter (the first for its key, of its grant's year), each
 * line's profile and how many of its quarters count to date. What does not depend on the
 * as-at quarter is the plan's `index`, worked out once per plan.
 */
export class ProgressWork {
  /** The plan's returns, rows and profiles by line and measure (shared by every ProgressWork of the plan). */
  readonly index: ReturnsIndex;

  constructor(
    readonly plan: Plan,
    readonly asAt: Quarter,
  ) {
    this.index = returnsIndexOf(plan);
  }

  /** The plan's returns (its index's). */
  get returns(): Returns {
    return this.index.returns;
  }

  /** The financial year of a line's grant; null when not known. */
  yearOfLine(line: number): FinancialYear | null {
    return this.index.yearOfLine(line);
  }

  /** Quarters of a line's year that count to date; null when its year is not known. */
  quartersOfLine(line: number): number | null {
    const year = this.yearOfLine(line);
    return year === null ? null : quartersToDate(year, this.asAt);
  }

  /** The line return that counts for a line and quarter (1–4). */
  lineReturn(line: number, quarter: number): LineReturn | undefined {
    const first = this.index.lineFirst[line] ?? line;
    const index = this.index.lineSlots[first * 4 + quarter - 1] ?? 0;
    return index === 0 ? undefined : this.index.returns.lineReturns[index - 1];
  }

  measureReturn(measure: number, quarter: number): MeasureReturn | undefined {
    const first = this.index.measureFirst[measure] ?? measure;
    const index = this.index.measureSlots[first * 4 + quarter - 1] ?? 0;
    return index === 0 ? undefined : this.index.returns.measureReturns[index - 1];
  }

  /** The spend profile of line row `index` (`line` is that row). */
  spendProfileOf(index: number, line: Line): Quarterly<Money> | null {
    return spendProfileOf(line, this.index.spendProfiles[this.index.lineFirst[index] ?? index] ?? null);
  }

  targetProfileOf(measure: number): Quarterly<Money> | null {
    const m = this.plan.measures[measure];
    if (m === undefined) return null;
    return targetProfileOf(m, this.index.targetProfiles[this.index.measureFirst[measure] ?? measure] ?? null);
  }

  private readonly quarterNames = new Map<number, string>();

  /** "2020/21-Q1", each built once. */
  private quarterName(year: FinancialYear, quarter: QuarterNumber): string {
    const key = year.startYear * 4 + quarter;
    let name = this.quarterNames.get(key);
    if (name === undefined) {
      name = quarterName(year, quarter);
      this.quarterNames.set(key, name);
    }
    return name;
  }

  /**
   * A line's spend profile and its profile to date. The even profile (the usual one) is
   * worked out in whole pennies: at most two different shares, and the figure to date from
   * them, so a large plan builds few amounts.
   */
  private spendFigures(index: number, line: Line, allocation: Money | null, n: number | null): { profile: Quarterly<Money> | null; profileToDate: Money | null } {
    const typed = this.index.spendProfiles[this.index.lineFirst[index] ?? index];
    const pennies = allocation === null || (typed !== undefined && isTyped(typed.quarters)) ? null : (line.allocationPennies ?? penniesOf(allocation));
    if (allocation === null || pennies === null) {
      const profile = this.spendProfileOf(index, line);
      return { profile, profileToDate: profile === null || n === null ? null : toDate(profile, n) };
    }
    const base = Math.floor(pennies / 4);
    const left = pennies - base * 4;
    const small = fromPennies(base);
    const large = left === 0 ? small : fromPennies(base + 1);
    const profile: Quarterly<Money> = [left > 0 ? large : small, left > 1 ? large : small, left > 2 ? large : small, small];
    const profileToDate = n === null ? null : n >= 4 ? allocation : n <= 0 ? ZERO : fromPennies(base * n + Math.min(n, left));
    return { profile, profileToDate };
  }

  /**
   * A measure's target to date (`n` quarters of its year). Whole-number counts profiled
   * evenly (the usual case) are worked out in whole numbers; anything else from its profile.
   */
  private targetToDate(index: number, m: Measure, n: number): Money | null {
    const target = m.target;
    if (target === null || (target.isNegative() && !target.isZero())) return null;
    const row = this.index.targetProfiles[this.index.measureFirst[index] ?? index];
    const kind = row === undefined ? "even" : row.profile;
    if (kind === null) return null;
    if (n <= 0) return ZERO;
    if (kind === "q1" || kind === "q2" || kind === "q3" || kind === "q4") return n >= Number(kind.slice(1)) ? target : ZERO;
    if (kind === "even") {
      if (isLevel(m.kind) || n >= 4) return target;
      const units = wholeOf(target);
      if (units !== null && units < SAFE_COUNT) {
        const base = Math.floor(units / 4);
        return excelNumber(base * n + Math.min(n, units - base * 4));
      }
    }
    const profile = this.targetProfileOf(index);
    if (profile === null) return null;
    return isLevel(m.kind) ? (profile[n - 1] ?? ZERO) : toDate(profile, n);
  }

  /** How many of the first `n` quarters have a return for line row `index`. */
  lineReturnsToDate(index: number, n: number): number {
    const first = (this.index.lineFirst[index] ?? index) * 4;
    let count = 0;
    for (let q = 0; q < n && q < 4; q++) if ((this.index.lineSlots[first + q] ?? 0) !== 0) count++;
    return count;
  }

  /**
   * The quarters up to the as-at quarter with no return for measure row `index` (counts,
   * levels and milestones need one each quarter; other kinds none), without its figures.
   */
  measureMissing(index: number, m: Measure): readonly string[] {
    if (!(isNumeric(m.kind) || m.kind === "milestone")) return [];
    const line = this.index.measureLine[index] ?? -1;
    const year = this.yearOfLine(line);
    if (year === null) return [];
    const n = quartersToDate(year, this.asAt);
    const first = (this.index.measureFirst[index] ?? index) * 4;
    let missing: string[] | null = null;
    for (let i = 0; i < n && i < 4; i++) if ((this.index.measureSlots[first + i] ?? 0) === 0) (missing ??= []).push(this.quarterName(year, QUARTERS[i] ?? 1));
    return missing ?? NONE_MISSING;
  }

  /** The quarters up to the as-at quarter with no return for line row `index` (none for a reserve). */
  lineMissing(index: number, line: Line): readonly string[] {
    const year = this.yearOfLine(index);
    if (year === null || line.isReserve) return [];
    const n = quartersToDate(year, this.asAt);
    const first = (this.index.lineFirst[index] ?? index) * 4;
    let missing: string[] | null = null;
    for (let i = 0; i < n && i < 4; i++) if ((this.index.lineSlots[first + i] ?? 0) === 0) (missing ??= []).push(this.quarterName(year, QUARTERS[i] ?? 1));
    return missing ?? NONE_MISSING;
  }

  /**
   * True when line row `index` (`line`) surely has no finding about its figures to date (`n`
   * quarters): spend not over its allocation, no quarter's spend more than 10% off its profile
   * without commentary, not under its profile by more than the warning level (`keep` is 100
   * less that level, in whole percent; NaN when it is not whole). Worked out in whole pennies
   * for the usual line (an allocation and spends read as numbers, an even profile); false
   * whenever it cannot tell that way, so the caller works the figures out exactly.
   */
  quietLine(index: number, line: Line, n: number, keep: number): boolean {
    const allocated = line.allocationPennies;
    if (allocated === null || allocated < 0 || !line.allocationKnown || !Number.isSafeInteger(allocated)) return false;
    const first = this.index.lineFirst[index] ?? index;
    if (this.index.spendProfiles[first] !== undefined) return false;
    const base = Math.floor(allocated / 4);
    const left = allocated - base * 4;
    const lineReturns = this.index.returns.lineReturns;
    let spent = 0;
    for (let q = 1; q <= n && q <= 4; q++) {
      const at = this.index.lineSlots[first * 4 + q - 1] ?? 0;
      if (at === 0) continue;
      const r = lineReturns[at - 1];
      if (r === undefined || !r.spendKnown) return false;
      const pennies = r.spendPennies ?? (r.spend === null ? 0 : null);
      if (pennies === null) return false;
      spent += pennies;
      if (r.commentary !== "") continue;
      const planned = base + (q - 1 < left ? 1 : 0);
      const variance = Math.abs(pennies - planned);
      if (variance !== 0 && variance * 10 > planned) return false;
    }
    if (spent > allocated || !Number.isSafeInteger(spent)) return false;
    if (!line.isReserve && n >= 3) {
      const toDate = n >= 4 ? allocated : base * n + Math.min(n, left);
      if (toDate !== 0) {
        if (!Number.isInteger(keep) || spent > LARGEST_SCALED || toDate > LARGEST_SCALED) return false;
        if (spent * 100 < toDate * keep) return false;
      }
    }
    return true;
  }

  /** The spend to date of the last line `lineProgress` worked out, in whole pennies; NaN when it was not added up in pennies. */
  lastSpentPennies = Number.NaN;

  /** The figures of line row `index` (`line`, that row, when the caller has it already). */
  lineProgress(index: number, line: Line | undefined = this.plan.lines[index]): LineProgress {
    if (line === undefined) throw new RangeError(`no line at ${index}`);
    const n = this.quartersOfLine(index);
    const year = this.yearOfLine(index);
    const allocation = allocationOf(line);
    const { profile, profileToDate } = this.spendFigures(index, line, allocation, n);
    const spend: [Money | null, Money | null, Money | null, Money | null] = [null, null, null, null];
    // Spend to date: pennies read from number cells added as safe integers, any other amount exactly.
    let pennies = 0;
    let exact: Money = ZERO;
    let unknown = n === null;
    let status = "";
    let missing: string[] | null = null;
    const slots = this.index.lineSlots;
    const lineReturns = this.index.returns.lineReturns;
    const first = (this.index.lineFirst[index] ?? index) * 4;
    // Index loops, as in measureProgress: no iterator per line.
    for (let i = 0; i < 4; i++) {
      const at = slots[first + i] ?? 0;
      const r = at === 0 ? undefined : lineReturns[at - 1];
      if (r !== undefined && r.spendKnown) spend[i] = r.spend ?? ZERO;
      if (n === null || i >= n) continue;
      if (r === undefined) {
        if (!line.isReserve && year !== null) (missing ??= []).push(this.quarterName(year, QUARTERS[i] ?? 1));
        continue;
      }
      if (r.status !== "") status = r.status;
      if (!r.spendKnown) unknown = true;
      else if (r.spendPennies !== undefined && r.spendPennies !== null) pennies += r.spendPennies;
      else if (r.spend !== null) exact = exact.plus(r.spend);
    }
    const spendToDate = unknown ? null : exact === ZERO ? (pennies === 0 ? ZERO : fromPennies(pennies)) : exact.plus(fromPennies(pennies));
    this.lastSpentPennies = spendToDate !== null && exact === ZERO ? pennies : Number.NaN;
    let remaining: Money | null = null;
    if (allocation !== null && spendToDate !== null) {
      const allocated = line.allocationPennies;
      remaining = spendToDate === ZERO ? allocation : allocated !== null && exact === ZERO ? fromPennies(allocated - pennies) : allocation.minus(spendToDate);
    }
    return {
      id: line.id,
      grantId: line.grantId,
      lead: line.lead,
      theme: line.theme,
      allocation,
      profile,
      profileToDate,
      spend,
      spendToDate,
      remaining,
      status,
      returnsMissing: missing ?? NONE_MISSING,
      isReserve: line.isReserve,
    };
  }

  measureProgress(index: number, statusKey: readonly StatusKeyEntry[]): MeasureProgress {
    const m = this.plan.measures[index];
    if (m === undefined) throw new RangeError(`no measure at ${index}`);
    const line = this.index.measureLine[index] ?? -1;
    const n = this.quartersOfLine(line);
    const year = this.yearOfLine(line);
    const numeric = isNumeric(m.kind);
    const targetToDate = numeric && n !== null ? this.targetToDate(index, m, n) : null;
    let actualToDate: Money | null = null;
    // A count's sum: whole numbers from number cells added as plain integers, any other value exactly.
    let whole = 0;
    let exact: Money = ZERO;
    let sumKnown = true;
    let anyReturn = false;
    let status = "";
    let missing: string[] | null = null;
    const wantsReturns = numeric || m.kind === "milestone";
    const slots = this.index.measureSlots;
    const measureReturns = this.index.returns.measureReturns;
    const first = (this.index.measureFirst[index] ?? index) * 4;
    const cumulative = isCumulative(m.kind);
    for (let i = 0; n !== null && i < n && i < 4; i++) {
      const at = slots[first + i] ?? 0;
      const r = at === 0 ? undefined : measureReturns[at - 1];
      if (r === undefined) {
        if (wantsReturns && year !== null) (missing ??= []).push(this.quarterName(year, QUARTERS[i] ?? 1));
        continue;
      }
      anyReturn = true;
      if (r.status !== "") status = r.status;
      if (!numeric) continue;
      if (cumulative) {
        if (!r.valueKnown) sumKnown = false;
        else if (r.valueWhole !== undefined && r.valueWhole !== null) whole += r.valueWhole;
        else if (r.value !== null) exact = exact.plus(r.value);
      } else if (!r.valueKnown) {
        actualToDate = null;
      } else if (r.value !== null) {
        actualToDate = r.value;
      }
    }
    if (numeric && n !== null && cumulative) {
      actualToDate = !sumKnown ? null : exact === ZERO ? excelNumber(whole) : exact.plus(excelNumber(whole));
    }
    const situation = n === null || n === 0 ? null : situationOf(m, targetToDate, actualToDate, anyReturn, n);
    const suggested = situation === null ? "" : this.suggestedFor(statusKey, situation);
    return new MeasureFigures(m, numeric, targetToDate, numeric ? actualToDate : null, status !== "" ? status : suggested, suggested, missing ?? NONE_MISSING);
  }

  private suggestions: { readonly key: readonly StatusKeyEntry[]; readonly bySituation: Map<Situation, string> } | undefined;

  /** The status the key suggests for a situation (its first entry for it), "" when none. */
  private suggestedFor(statusKey: readonly StatusKeyEntry[], situation: Situation): string {
    if (this.suggestions?.key !== statusKey) this.suggestions = { key: statusKey, bySituation: new Map() };
    const known = this.suggestions.bySituation.get(situation);
    if (known !== undefined) return known;
    const status = statusKey.find((s) => s.suggestedWhen === situation)?.status ?? "";
    this.suggestions.bySituation.set(situation, status);
    return status;
  }
}

/** The getter of `percentOfTarget`, shared by every MeasureFigures (set in its static block). */
let percentGetter: PropertyDescriptor = {};

/**
 * A measure's figures. `percentOfTarget` is worked out when first read (an exact division
 * is the costliest figure), then kept; it is an own enumerable property like the others.
 */
class MeasureFigures implements MeasureProgress {
  declare readonly id: string;
  declare readonly lineId: string;
  declare readonly kind: string;
  declare readonly target: Money | null;
  declare readonly targetToDate: Money | null;
  declare readonly actualToDate: Money | null;
  declare readonly percentOfTarget: Money | null;
  declare readonly status: string;
  declare readonly suggested: string;
  declare readonly returnsMissing: readonly string[];
  #percent: Money | null | undefined = undefined;

  static {
    percentGetter = {
      get(this: MeasureFigures): Money | null {
        if (this.#percent === undefined) this.#percent = percentOf(this.actualToDate, this.targetToDate);
        return this.#percent;
      },
      enumerable: true,
      configurable: true,
    };
  }

  constructor(m: Measure, numeric: boolean, targetToDate: Money | null, actualToDate: Money | null, status: string, suggested: string, missing: readonly string[]) {
    this.id = m.id;
    this.lineId = m.lineId;
    this.kind = m.kind ?? "";
    this.target = numeric ? m.target : null;
    this.targetToDate = targetToDate;
    this.actualToDate = actualToDate;
    Object.defineProperty(this, "percentOfTarget", percentGetter);
    this.status = status;
    this.suggested = suggested;
    this.returnsMissing = missing;
  }
}

/** Whole numbers below this divide as plain numbers when working out a percentage. */
const WHOLE_LIMIT = 2 ** 31;

/** `actual` as a percentage of `target`, exact; null when either is unknown or the target is 0. */
function percentOf(actual: Money | null, target: Money | null): Money | null {
  if (actual === null || target === null || target.isZero()) return null;
  if (actual.isZero()) return ZERO;
  // Whole numbers whose percentage is whole (the usual case) need no long division.
  if (actual.isInteger() && target.isInteger() && actual.abs().lessThan(WHOLE_LIMIT) && target.abs().lessThan(WHOLE_LIMIT)) {
    const scaled = actual.toNumber() * 100;
    const t = target.toNumber();
    if (scaled % t === 0) return excelNumber(scaled / t);
  }
  return actual.times(HUNDRED).dividedBy(target);
}

/** The situation a measure's figures suggest; null when they suggest none. */
function situationOf(m: Measure, targetToDate: Money | null, actualToDate: Money | null, anyReturn: boolean, quarters: number): Situation | null {
  if (!anyReturn) return "not started";
  if (!isNumeric(m.kind) || m.target === null || targetToDate === null || actualToDate === null) return null;
  // Whole numbers (the usual figures) are compared as plain numbers, anything else exactly.
  const actual = wholeOf(actualToDate);
  const toDate = wholeOf(targetToDate);
  const target = isCumulative(m.kind) ? wholeOf(m.target) : null;
  if (actual !== null && toDate !== null && (target !== null || !isCumulative(m.kind))) {
    if (target !== null) {
      if (actual >= target) return "complete";
      return actual >= toDate ? "on track" : "behind";
    }
    const met = toDate === 0 || (m.kind === "reduction" ? actual <= toDate : actual >= toDate);
    if (!met) return "behind";
    return quarters === 4 ? "complete" : "on track";
  }
  if (isCumulative(m.kind)) {
    if (actualToDate.greaterThanOrEqualTo(m.target)) return "complete";
    return actualToDate.greaterThanOrEqualTo(targetToDate) ? "on track" : "behind";
  }
  const met = targetToDate.isZero() || (m.kind === "reduction" ? actualToDate.lessThanOrEqualTo(targetToDate) : actualToDate.greaterThanOrEqualTo(targetToDate));
  if (!met) return "behind";
  return quarters === 4 ? "complete" : "on track";
}

/** Every grant's and measure's progress as at a quarter. */
export function progressOf(plan: Plan, asAt: Quarter): Progress {
  const work = new ProgressWork(plan, asAt);
  const linesOfGrant: LineProgress[][] = plan.grants.map(() => []);
  // Each grant's allocations and spend to date in whole pennies where every line's are (NaN once one is not).
  const allocatedPennies = new Float64Array(plan.grants.length);
  const spentPennies = new Float64Array(plan.grants.length);
  for (let i = 0; i < plan.lines.length; i++) {
    const grant = work.index.lineGrant[i] ?? -1;
    const list = grant < 0 ? undefined : linesOfGrant[grant];
    const line = plan.lines[i];
    if (list === undefined || line === undefined) continue;
    const p = work.lineProgress(i, line);
    list.push(p);
    const allocation = p.allocation === null ? Number.NaN : line.allocationPennies !== null ? line.allocationPennies : line.allocation === null ? 0 : Number.NaN;
    allocatedPennies[grant] = (allocatedPennies[grant] ?? 0) + allocation;
    spentPennies[grant] = (spentPennies[grant] ?? 0) + work.lastSpentPennies;
  }
  const grants: GrantProgress[] = plan.grants.map((g, i) => {
    const lines = linesOfGrant[i] ?? [];
    let allocated: Money | null = ZERO;
    let spendToDate: Money | null = ZERO;
    const allocatedP = allocatedPennies[i] ?? Number.NaN;
    const spentP = spentPennies[i] ?? Number.NaN;
    // Sums of non-negative safe pennies that end safe were exact all the way.
    if (Number.isSafeInteger(allocatedP) && Number.isSafeInteger(spentP)) {
      if (lines.length > 0) {
        allocated = penniesTotal(allocatedP);
        spendToDate = penniesTotal(spentP);
      }
    } else {
      for (const l of lines) {
        allocated = allocated === null || l.allocation === null ? null : allocated.plus(l.allocation);
        spendToDate = spendToDate === null || l.spendToDate === null ? null : spendToDate.plus(l.spendToDate);
      }
    }
    return {
      id: g.id,
      award: g.award,
      allocated,
      spendToDate,
      remaining: g.award === null || spendToDate === null ? null : g.award.minus(spendToDate),
      lines,
    };
  });
  const statusKey = work.returns.statusKey;
  const measures = plan.measures.map((_, i) => work.measureProgress(i, statusKey));
  return { asAt, grants, measures };
}

/** A total of whole pennies as money (0 too, as a figure of its own). */
function penniesTotal(pennies: number): Money {
  return pennies === 0 ? new MoneyDecimal(0) : fromPennies(pennies);
}

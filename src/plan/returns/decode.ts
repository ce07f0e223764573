/**
 * Reading the version-2 tables (docs/returns.md): the status key, the profiles, line and
 * measure returns and the record of changes, plus the two settings. Every oddity is a
 * finding naming its cell; nothing throws on user data.
 */
import { type CellValue, cellText, EXCEL_ERRORS, isCellError, isUncalculated } from "../cell";
import { type Column, forEachRow, locate, type RowReader } from "../decode";
import type { Finding } from "../findings";
import { KeyTable } from "../keyTable";
import { decodeAmount, excelNumber, formatGBP, isWholePennies, type Money, MoneyDecimal, parseAmountText } from "../money";
import type { Measure, Plan, TableLayout } from "../model";
import { type FinancialYear, formatFinancialYear, parseFinancialYear, type QuarterNumber } from "../periods";
import type { RawWorkbook } from "../raw";
import {
  DEFAULT_STATUS_KEY,
  LINE_RETURNS,
  MEASURE_KINDS,
  MEASURE_RETURNS,
  META_KEYS,
  META_SHEET,
  RETURN_CHANGES,
  type ReturnTableKey,
  SITUATIONS,
  type Situation,
  SPEND_PROFILE,
  STATUS_KEY,
  TARGET_PROFILE,
  TARGET_PROFILES,
  type TargetProfileKind,
} from "../schema";
import { capText, caseKey, MAX_WORD_TEXT, quoteText } from "../text";
import type { LineReturn, MeasureReturn, Quarterly, ReturnChange, Returns, SpendProfile, StatusKeyEntry, TargetProfile } from "./model";
import { isNumeric } from "./profiles";
import { parseAsAt, parseQuarterCell } from "./quarters";

/** The plan's "Underspend warning (%)" when it sets none. */
/** Numbers from 0 up to here are amounts if they are whole pennies (as in decoding allocations). */
const SURELY_AN_AMOUNT = 999_999_999_999;

export const DEFAULT_UNDERSPEND_PERCENT: Money = new MoneyDecimal(15);

const MISSING_MEANS: { readonly [T in ReturnTableKey]: string } = {
  statusKey: "Statuses are checked against the default key (Blue, Green, Amber, Red).",
  spendProfile: "Every line's spend is profiled evenly over the quarters.",
  targetProfile: "Every measure's target is profiled evenly over the quarters.",
  lineReturns: "No line has any return, so spend to date is not known.",
  measureReturns: "No measure has any return, so delivery to date is not known.",
  returnChanges: "Earlier values of changed returns cannot be shown.",
};

const SITUATION_BY_TEXT: ReadonlyMap<string, Situation> = new Map(SITUATIONS.map((s) => [s, s]));
/** Target profiles by their label as the plan writes it ("All in Q2"), in lower case, or by key. */
const PROFILE_BY_TEXT: ReadonlyMap<string, TargetProfileKind> = new Map(
  TARGET_PROFILES.flatMap((p) => [
    [p.label, p.profile],
    [p.label.toLowerCase(), p.profile],
    [p.profile, p.profile],
  ]),
);
const KIND_LABELS: ReadonlyMap<string, string> = new Map(MEASURE_KINDS.map((k) => [k.kind, k.label]));

/** A profile row's four blank quarters, shared by every such row. */
const BLANK_QUARTERS: Quarterly<Money | null> = Object.freeze([null, null, null, null] as const);

/** A spend profile cell (quarter `n` of line `lineId`): null when blank; known false when it cannot be read as whole pennies. */
function spendProfileCell(r: RowReader, col: Column, n: number, lineId: string): { readonly value: Money | null; readonly known: boolean } {
  if (r.isBlank(col)) return BLANK_CELL;
  const read = r.money(col, `Q${n} spend profile of line ${quoteText(lineId) || "(no ID)"}`, false);
  return { value: read.value, known: read.known && read.value !== null };
}

const BLANK_CELL = { value: null, known: true } as const;
/** A target profile cell that is filled in but is not a number (it has its own finding). */
const UNREAD: unique symbol = Symbol("unread");

/** A target profile cell: null when blank, UNREAD when it holds something that is not a number. */
function targetProfileCell(r: RowReader, col: Column): Money | null | typeof UNREAD {
  if (r.isBlank(col)) return null;
  return r.number(col) ?? UNREAD;
}

function readOrNull(value: Money | null | typeof UNREAD): Money | null {
  return value === UNREAD ? null : value;
}

/** Words of a cell as matched against a short list: lower case, trimmed; "" for anything longer than a word could be. */
function wordOf(text: string): string {
  return text.length > MAX_WORD_TEXT ? "" : text.trim().toLowerCase();
}

export function readReturns(raw: RawWorkbook, plan: Plan, findings: Finding[]): Returns {
  const located = {
    statusKey: locate(raw, STATUS_KEY, findings, MISSING_MEANS.statusKey),
    spendProfile: locate(raw, SPEND_PROFILE, findings, MISSING_MEANS.spendProfile),
    targetProfile: locate(raw, TARGET_PROFILE, findings, MISSING_MEANS.targetProfile),
    lineReturns: locate(raw, LINE_RETURNS, findings, MISSING_MEANS.lineReturns),
    measureReturns: locate(raw, MEASURE_RETURNS, findings, MISSING_MEANS.measureReturns),
    returnChanges: locate(raw, RETURN_CHANGES, findings, MISSING_MEANS.returnChanges),
  };
  const layouts: { [T in ReturnTableKey]: TableLayout | null } = {
    statusKey: located.statusKey?.layout ?? null,
    spendProfile: located.spendProfile?.layout ?? null,
    targetProfile: located.targetProfile?.layout ?? null,
    lineReturns: located.lineReturns?.layout ?? null,
    measureReturns: located.measureReturns?.layout ?? null,
    returnChanges: located.returnChanges?.layout ?? null,
  };

  const statusKey = readStatusKey(located.statusKey, findings);
  const places = new Places(plan);
  const statusWords = new Set<string>();
  for (const s of statusKey) {
    if (s.status !== "") statusWords.add(s.status.toLowerCase());
    if (s.meaning !== "") statusWords.add(s.meaning.toLowerCase());
  }
  const statusChecker = new StatusChecker(statusWords, statusKey);

  const spendProfiles: SpendProfile[] = [];
  forEachRow(located.spendProfile, findings, (r) => {
    const c = { lineId: r.column("lineId"), q: [r.column("q1"), r.column("q2"), r.column("q3"), r.column("q4")] as const };
    return () => {
      const lineId = r.id(c.lineId);
      // The usual row is blank (an even profile): four blanks, one shared list.
      if (r.isBlank(c.q[0]) && r.isBlank(c.q[1]) && r.isBlank(c.q[2]) && r.isBlank(c.q[3])) {
        spendProfiles.push({ lineId, quarters: BLANK_QUARTERS, known: true, row: r.row });
        return;
      }
      const q1 = spendProfileCell(r, c.q[0], 1, lineId);
      const q2 = spendProfileCell(r, c.q[1], 2, lineId);
      const q3 = spendProfileCell(r, c.q[2], 3, lineId);
      const q4 = spendProfileCell(r, c.q[3], 4, lineId);
      const quarters: Quarterly<Money | null> = [q1.value, q2.value, q3.value, q4.value];
      spendProfiles.push({ lineId, quarters, known: q1.known && q2.known && q3.known && q4.known, row: r.row });
    };
  });

  const targetProfiles: TargetProfile[] = [];
  forEachRow(located.targetProfile, findings, (r) => {
    const c = { measureId: r.column("measureId"), profile: r.column("profile"), q: [r.column("q1"), r.column("q2"), r.column("q3"), r.column("q4")] as const };
    return () => {
      const measureId = r.id(c.measureId);
      const word = r.text(c.profile);
      const profile: TargetProfileKind | null = word === "" ? "even" : (PROFILE_BY_TEXT.get(word) ?? PROFILE_BY_TEXT.get(wordOf(word)) ?? null);
      if (profile === null) {
        const labels = TARGET_PROFILES.map((p) => p.label).join(", ");
        r.report(
          c.profile,
          "TARGET_PROFILE_MISMATCH",
          "error",
          `The target profile of measure ${quoteText(measureId) || "(no ID)"} is "${quoteText(word)}", which is not a profile; choose one of: ${labels} (blank means Even). Its target to date is not known until then.`,
        );
      }
      // The usual row (Even, or All in a quarter) has four blanks: one shared list.
      if (r.isBlank(c.q[0]) && r.isBlank(c.q[1]) && r.isBlank(c.q[2]) && r.isBlank(c.q[3])) {
        targetProfiles.push({ measureId, profile, quarters: BLANK_QUARTERS, known: profile !== null, row: r.row });
        return;
      }
      const q1 = targetProfileCell(r, c.q[0]);
      const q2 = targetProfileCell(r, c.q[1]);
      const q3 = targetProfileCell(r, c.q[2]);
      const q4 = targetProfileCell(r, c.q[3]);
      const known = profile !== null && q1 !== UNREAD && q2 !== UNREAD && q3 !== UNREAD && q4 !== UNREAD;
      const quarters: Quarterly<Money | null> = [readOrNull(q1), readOrNull(q2), readOrNull(q3), readOrNull(q4)];
      targetProfiles.push({ measureId, profile, quarters, known, row: r.row });
    };
  });

  const lineReturns: LineReturn[] = [];
  // Per return read, the row of its line (-1 for none), kept for progress (returnRowsOf).
  const lineOfReturn = new Int32Array(located.lineReturns?.raw.rows.length ?? 0);
  const seenLineReturns = new ReturnKeys(plan.lines.length);
  forEachRow(located.lineReturns, findings, (r) => {
    const c = {
      lineId: r.column("lineId"),
      year: r.column("year"),
      quarter: r.column("quarter"),
      spend: r.column("spend"),
      status: r.column("status"),
      commentary: r.column("commentary"),
      risks: r.column("risks"),
      enteredBy: r.column("enteredBy"),
      enteredOn: r.column("enteredOn"),
    };
    const name = new Subject("line");
    const years = new YearCells(c.year);
    return () => {
      const lineId = r.id(c.lineId);
      const line = places.line(lineId);
      name.id = lineId;
      if (line < 0 && places.linesReadable) {
        r.report(
          c.lineId,
          "RETURN_UNKNOWN",
          "error",
          lineId === "" ? `A line return on row ${r.row + 1} names no line; fill in its Line ID.` : `This return is for line "${quoteText(lineId)}", which is not in the Lines table. Correct the Line ID.`,
        );
      }
      const year = years.read(r, name, places.yearOfLine(line));
      const quarter = readQuarter(r, c.quarter, name);
      const spend = readSpend(r, c.spend, name);
      const status = r.text(c.status);
      if (c.status.at >= 0) {
        if (status === "") {
          const value = r.raw(c.status);
          if (!(value !== null && (isCellError(value) || isUncalculated(value)))) {
            r.report(c.status, "VALUE_MISSING", "warning", `The return of ${name.text()} for ${periodName(year, quarter)} has no status; choose one of: ${statusChecker.choices}.`);
          }
        } else {
          statusChecker.check(r, c.status, status, name);
        }
      }
      if (year !== null && quarter !== null && lineId !== "") seenLineReturns.check(r, c.lineId, line, lineId, year, quarter, name);
      lineOfReturn[lineReturns.length] = line;
      lineReturns.push({
        lineId,
        year,
        quarter,
        spend: spend.value,
        spendKnown: spend.known,
        spendPennies: spend.pennies,
        status,
        commentary: r.text(c.commentary),
        risks: r.text(c.risks),
        enteredBy: r.text(c.enteredBy),
        enteredOn: dateOf(r.raw(c.enteredOn)),
        row: r.row,
      });
    };
  });

  const measureReturns: MeasureReturn[] = [];
  const measureOfReturn = new Int32Array(located.measureReturns?.raw.rows.length ?? 0);
  const seenMeasureReturns = new ReturnKeys(plan.measures.length);
  forEachRow(located.measureReturns, findings, (r) => {
    const c = {
      measureId: r.column("measureId"),
      year: r.column("year"),
      quarter: r.column("quarter"),
      value: r.column("value"),
      status: r.column("status"),
      comment: r.column("comment"),
      enteredBy: r.column("enteredBy"),
      enteredOn: r.column("enteredOn"),
    };
    const name = new Subject("measure");
    const years = new YearCells(c.year);
    return () => {
      const measureId = r.id(c.measureId);
      const index = places.measure(measureId);
      const measure = index < 0 ? undefined : plan.measures[index];
      name.id = measureId;
      if (index < 0 && places.measuresReadable) {
        r.report(
          c.measureId,
          "RETURN_UNKNOWN",
          "error",
          measureId === ""
            ? `A measure return on row ${r.row + 1} names no measure; fill in its Measure ID.`
            : `This return is for measure "${quoteText(measureId)}", which is not in the Measures table. Correct the Measure ID.`,
        );
      }
      const year = years.read(r, name, measure === undefined ? null : places.yearOfMeasure(index, measure));
      const quarter = readQuarter(r, c.quarter, name);
      const value = readValue(r, c.value, name, measure);
      const status = r.text(c.status);
      if (status !== "") statusChecker.check(r, c.status, status, name);
      if (year !== null && quarter !== null && measureId !== "") seenMeasureReturns.check(r, c.measureId, index, measureId, year, quarter, name);
      measureOfReturn[measureReturns.length] = index;
      measureReturns.push({
        measureId,
        year,
        quarter,
        value: value.value,
        valueKnown: value.known,
        valueWhole: value.whole,
        status,
        comment: r.text(c.comment),
        enteredBy: r.text(c.enteredBy),
        enteredOn: dateOf(r.raw(c.enteredOn)),
        row: r.row,
      });
    };
  });

  keepReturnRows(lineReturns, plan.lines, lineOfReturn.slice(0, lineReturns.length));
  keepReturnRows(measureReturns, plan.measures, measureOfReturn.slice(0, measureReturns.length));

  const changes: ReturnChange[] = [];
  forEachRow(located.returnChanges, findings, (r) => {
    const c = {
      table: r.column("table"),
      key: r.column("key"),
      column: r.column("column"),
      oldValue: r.column("oldValue"),
      newValue: r.column("newValue"),
      changedBy: r.column("changedBy"),
      changedOn: r.column("changedOn"),
    };
    return () => {
      changes.push({
        table: r.text(c.table),
        key: r.text(c.key),
        column: r.text(c.column),
        oldValue: r.text(c.oldValue),
        newValue: r.text(c.newValue),
        changedBy: r.text(c.changedBy),
        changedOn: dateOf(r.raw(c.changedOn)),
        row: r.row,
      });
    };
  });

  return {
    statusKey,
    spendProfiles,
    targetProfiles,
    lineReturns,
    measureReturns,
    changes,
    layouts,
    asAt: readAsAtSetting(raw, findings),
    underspendPercent: readUnderspendSetting(raw, findings),
  };
}

type Located = ReturnType<typeof locate>;

function readStatusKey(located: Located, findings: Finding[]): StatusKeyEntry[] {
  if (located === null) return DEFAULT_STATUS_KEY.map((s) => ({ ...s, row: -1 }));
  const out: StatusKeyEntry[] = [];
  forEachRow(located, findings, (r) => {
    const c = { status: r.column("status"), meaning: r.column("meaning"), colour: r.column("colour"), suggestedWhen: r.column("suggestedWhen") };
    return () => {
      const status = r.filled(c.status);
      const meaning = r.text(c.meaning);
      const when = r.text(c.suggestedWhen);
      out.push({ status, meaning, colour: r.text(c.colour), suggestedWhen: when === "" ? null : (SITUATION_BY_TEXT.get(wordOf(when)) ?? null), row: r.row });
    };
  });
  return out;
}

/** Statuses matched against the key's Status words and Meanings, whatever the case. */
class StatusChecker {
  readonly choices: string;
  /** The key's words exactly as written, whose lower case `words` holds. */
  private readonly exact = new Set<string>();
  constructor(
    private readonly words: ReadonlySet<string>,
    key: readonly StatusKeyEntry[],
  ) {
    this.choices = key.map((s) => (s.meaning === "" ? s.status : `${s.status} (${s.meaning})`)).join(", ") || "(the status key is empty)";
    for (const s of key) {
      for (const word of [s.status, s.meaning]) if (word !== "" && words.has(wordOf(word))) this.exact.add(word);
    }
  }

  check(r: RowReader, c: Column, status: string, name: Subject): void {
    // The usual status is a key word exactly as the key writes it.
    if (this.exact.has(status) || this.words.has(wordOf(status))) return;
    r.report(c, "STATUS_UNKNOWN", "warning", `The status "${quoteText(status)}" given for ${name.text()} is not in the status key; use one of: ${this.choices}.`);
  }
}

/**
 * Lines and measures of the plan by ID (whatever the case), and each line's grant year.
 * Each lookup table is built when first needed, so a plan without returns builds none.
 */
class Places {
  private linesKept: KeyTable | undefined;
  private measuresKept: KeyTable | undefined;
  private grantsKept: KeyTable | undefined;
  /** Per line: its grant's index + 2 (1 for none); 0 until first asked for. */
  private lineGrants: Int32Array | undefined;
  /** Per grant: its year, null when it is not a financial year; undefined until first asked for. */
  private grantYears: (FinancialYear | null | undefined)[] | undefined;
  /** Per measure: its line's index + 2 (1 for no line); 0 until first asked for. */
  private measureLines: Int32Array | undefined;
  readonly linesReadable: boolean;
  readonly measuresReadable: boolean;
  /** The last ID looked up in each table and what was found: a line's returns and measures often come one after another. */
  private lastLineId = "";
  private lastLine = -1;
  private lastMeasureId = "";
  private lastMeasure = -1;

  constructor(private readonly plan: Plan) {
    this.linesReadable = plan.layouts.lines?.columns.id !== undefined;
    this.measuresReadable = plan.layouts.measures?.columns.id !== undefined;
  }

  private get lines(): KeyTable {
    return (this.linesKept ??= idTableOf(this.plan.lines));
  }

  private get measures(): KeyTable {
    return (this.measuresKept ??= idTableOf(this.plan.measures));
  }

  private get grants(): KeyTable {
    return (this.grantsKept ??= keyTableOf(this.plan.grants));
  }

  line(id: string): number {
    if (id !== this.lastLineId) {
      this.lastLine = this.lines.find(id);
      this.lastLineId = id;
    }
    return this.lastLine;
  }

  measure(id: string): number {
    if (id !== this.lastMeasureId) {
      this.lastMeasure = this.measures.find(id);
      this.lastMeasureId = id;
    }
    return this.lastMeasure;
  }

  /** The financial year of a line's grant; null when the line, its grant or the year is not known. */
  yearOfLine(line: number): FinancialYear | null {
    if (line < 0) return null;
    const grants = (this.lineGrants ??= new Int32Array(this.plan.lines.length));
    let at = line < grants.length ? (grants[line] ?? 0) : 0;
    if (at === 0) {
      at = this.grants.find(this.plan.lines[line]?.grantId ?? "") + 2;
      if (line < grants.length) grants[line] = at;
    }
    return this.yearOfGrant(at - 2);
  }

  /** A grant's year, each grant's read once. */
  private yearOfGrant(index: number): FinancialYear | null {
    const grant = this.plan.grants[index];
    if (grant === undefined) return null;
    const years = (this.grantYears ??= new Array<FinancialYear | null | undefined>(this.plan.grants.length));
    const known = years[index];
    if (known !== undefined) return known;
    const year = parseFinancialYear(capText(grant.year).slice(0, MAX_WORD_TEXT));
    years[index] = year;
    return year;
  }

  /** The financial year of the grant of measure row `index` (`measure`, that row). */
  yearOfMeasure(index: number, measure: Measure): FinancialYear | null {
    const lines = (this.measureLines ??= new Int32Array(this.plan.measures.length));
    let at = index < lines.length ? (lines[index] ?? 0) : 0;
    if (at === 0) {
      at = this.line(measure.lineId) + 2;
      if (index < lines.length) lines[index] = at;
    }
    return this.yearOfLine(at - 2);
  }
}

function keyTableOf(rows: readonly { readonly id: string }[]): KeyTable {
  return idIndexOf(rows).table;
}

/** A lookup table of rows by ID, and per row the first row with its ID (the row itself for a blank ID). */
interface IdIndex {
  readonly count: number;
  readonly table: KeyTable;
  readonly first: Int32Array;
}

function idIndexOf(rows: readonly { readonly id: string }[]): IdIndex {
  const table = new KeyTable(rows.length, (i) => rows[i]?.id ?? "");
  const first = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const earlier = rows[i]?.id === "" ? -1 : table.add(i);
    first[i] = earlier < 0 ? i : earlier;
  }
  return { count: rows.length, table, first };
}

/** Lookup tables of a plan's rows by ID, each built once for its rows (and as many of them). */
const idTables = new WeakMap<readonly { readonly id: string }[], IdIndex>();

function keptIdIndex(rows: readonly { readonly id: string }[]): IdIndex {
  const kept = idTables.get(rows);
  if (kept !== undefined && kept.count === rows.length) return kept;
  const index = idIndexOf(rows);
  idTables.set(rows, index);
  return index;
}

/** A lookup table of rows by ID (whatever the case): `find` gives the first row with an ID. */
export function idTableOf(rows: readonly { readonly id: string }[]): KeyTable {
  return keptIdIndex(rows).table;
}

/**
 * Per row, the first row whose ID matches its own whatever the case (the row itself when it
 * is the first, or its ID is blank): what `idTableOf(rows).find(id)` gives, for every row at once.
 */
export function firstRowsOf(rows: readonly { readonly id: string }[]): Int32Array {
  return keptIdIndex(rows).first;
}

/** Per list of returns read: the row of its line or measure each return names (-1 for none), and the rows looked up. */
const returnRows = new WeakMap<readonly unknown[], { readonly rows: readonly unknown[]; readonly count: number; readonly at: Int32Array }>();

/**
 * The row of `rows` that each return names, as decoding found it (the first row with the
 * ID, -1 for none); null when the returns or the rows are not the ones decoding read.
 */
export function returnRowsOf(returns: readonly unknown[], rows: readonly unknown[]): Int32Array | null {
  const kept = returnRows.get(returns);
  return kept !== undefined && kept.rows === rows && kept.count === rows.length && kept.at.length === returns.length ? kept.at : null;
}

/** Keeps, for `returnRowsOf`, the row each return names (`at`, one per return, in order). */
function keepReturnRows(returns: readonly unknown[], rows: readonly unknown[], at: Int32Array): void {
  returnRows.set(returns, { rows, count: rows.length, at });
}

/**
 * Returns seen so far by line or measure, year and quarter; a second one for the same key
 * is RETURN_DUPLICATE. Returns of a known line or measure are kept by its index and quarter
 * for the first year seen there (nearly always the only one), others by a key.
 */
/** Start years a financial year can have (four digits: see parseFinancialYear), for number keys. */
const YEARS = 10_000;

class ReturnKeys {
  /** Per index and quarter: the first year seen (its start year + 1), 0 for none. */
  private years = new Int32Array(0);
  /** Per index and quarter: the row of the first return for that year. */
  private rows = new Int32Array(0);
  private readonly known = new Map<number, number>();
  private readonly unknown = new Map<string, number>();

  constructor(private readonly count: number) {}

  check(r: RowReader, c: Column, index: number, id: string, year: FinancialYear, quarter: QuarterNumber, name: Subject): void {
    let first: number | undefined;
    if (index >= 0 && index < this.count) {
      if (this.years.length === 0) {
        this.years = new Int32Array(this.count * 4);
        this.rows = new Int32Array(this.count * 4);
      }
      const slot = index * 4 + (quarter - 1);
      const y = year.startYear + 1;
      const seen = this.years[slot] ?? 0;
      if (seen === 0) {
        this.years[slot] = y;
        this.rows[slot] = r.row;
        return;
      }
      if (seen === y) {
        first = this.rows[slot];
      } else {
        const key = (index * YEARS + year.startYear) * 4 + (quarter - 1);
        first = this.known.get(key);
        if (first === undefined) this.known.set(key, r.row);
      }
    } else if (index >= 0) {
      const key = (index * YEARS + year.startYear) * 4 + (quarter - 1);
      first = this.known.get(key);
      if (first === undefined) this.known.set(key, r.row);
    } else {
      const key = `${caseKey(id)}\u0000${year.startYear}\u0000${quarter}`;
      first = this.unknown.get(key);
      if (first === undefined) this.unknown.set(key, r.row);
    }
    if (first === undefined) return;
    r.report(
      c,
      "RETURN_DUPLICATE",
      "error",
      `This is a second return for ${name.text()} for ${formatFinancialYear(year)} Q${quarter}; the first is on row ${first + 1}. Keep one return per quarter: correct or delete one of them (only the first counts).`,
    );
  }
}

/** What a return is for, as messages name it ("line CRG-01"); the text is only built for a message. */
class Subject {
  id = "";
  constructor(private readonly what: string) {}

  text(): string {
    return `${this.what} ${quoteText(this.id) || "(no ID)"}`;
  }
}

function periodName(year: FinancialYear | null, quarter: QuarterNumber | null): string {
  if (year === null && quarter === null) return "its quarter";
  if (year === null) return `Q${quarter}`;
  return quarter === null ? formatFinancialYear(year) : `${formatFinancialYear(year)} Q${quarter}`;
}

/** Financial years by their text: returns repeat the same few years again and again. */
const yearsSeen = new Map<string, FinancialYear | null>();
const YEARS_KEPT = 100;

function yearOf(text: string): FinancialYear | null {
  const seen = yearsSeen.get(text);
  if (seen !== undefined) return seen;
  const year = parseFinancialYear(text);
  if (yearsSeen.size >= YEARS_KEPT) yearsSeen.clear();
  yearsSeen.set(text, year);
  return year;
}

/**
 * The Financial year cells of one returns table. A return's year must be its grant's year
 * (when that is known). The last text read as a year is remembered: returns repeat one or
 * two years again and again.
 */
class YearCells {
  private lastText: string | null = null;
  private lastYear: FinancialYear | null = null;

  constructor(private readonly c: Column) {}

  read(r: RowReader, name: Subject, grantYear: FinancialYear | null): FinancialYear | null {
    const c = this.c;
    if (c.at < 0) return null;
    const value = r.raw(c);
    let year: FinancialYear | null;
    if (typeof value === "string" && value === this.lastText) {
      year = this.lastYear;
    } else {
      const text = r.text(c);
      if (value !== null && (isCellError(value) || isUncalculated(value))) return null;
      year = text.length > MAX_WORD_TEXT ? null : yearOf(text);
      if (year === null) {
        r.report(
          c,
          "RETURN_QUARTER_INVALID",
          "error",
          text === "" ? `The return of ${name.text()} has no financial year; write it as 2020/21.` : `The financial year "${quoteText(text)}" of the return of ${name.text()} is not in the form 2020/21.`,
        );
        return null;
      }
      if (typeof value === "string") {
        this.lastText = value;
        this.lastYear = year;
      }
    }
    if (grantYear !== null && year !== null && year.startYear !== grantYear.startYear) {
      r.report(
        c,
        "RETURN_QUARTER_INVALID",
        "error",
        `The return of ${name.text()} is for ${formatFinancialYear(year)}, but its grant is for ${formatFinancialYear(grantYear)}; a return can only be for a quarter of its grant's year.`,
      );
    }
    return year;
  }
}

function readQuarter(r: RowReader, c: Column, name: Subject): QuarterNumber | null {
  if (c.at < 0) return null;
  const value = r.raw(c);
  const quarter = parseQuarterCell(value);
  if (quarter !== null) return quarter;
  const text = r.text(c);
  if (value !== null && (isCellError(value) || isUncalculated(value))) return null;
  r.report(
    c,
    "RETURN_QUARTER_INVALID",
    "error",
    text === "" ? `The return of ${name.text()} has no quarter; write Q1, Q2, Q3 or Q4.` : `The quarter "${quoteText(text)}" of the return of ${name.text()} is not Q1, Q2, Q3 or Q4.`,
  );
  return null;
}

/** Spend in quarter: whole pennies, not negative, a number (text is read but reported, as Excel's sums leave it out). */
/** What readSpend read; one object, filled again for each cell (each is used before the next is read). */
const spendResult: { value: Money | null; known: boolean; pennies: number | null } = { value: null, known: false, pennies: null };

function spendRead(value: Money | null, known: boolean, pennies: number | null): typeof spendResult {
  spendResult.value = value;
  spendResult.known = known;
  spendResult.pennies = pennies;
  return spendResult;
}

/** What readValue read; one object, filled again for each cell, as spendResult. */
const valueResult: { value: Money | null; known: boolean; whole: number | null } = { value: null, known: false, whole: null };

function valueRead(value: Money | null, known: boolean, whole: number | null): typeof valueResult {
  valueResult.value = value;
  valueResult.known = known;
  valueResult.whole = whole;
  return valueResult;
}

function readSpend(r: RowReader, c: Column, name: Subject): Readonly<typeof spendResult> {
  if (c.at < 0) return spendRead(null, false, null);
  const cell = r.raw(c);
  // The usual cell: a whole-penny number well inside the largest amount (as allocations are read).
  if (typeof cell === "number" && cell >= 0 && cell < SURELY_AN_AMOUNT && !Object.is(cell, -0)) {
    const value = excelNumber(cell);
    if (isWholePennies(value)) return spendRead(value, true, Math.round(cell * 100));
  }
  const decoded = decodeAmount(cell);
  switch (decoded.kind) {
    case "blank":
      return spendRead(null, true, null);
    case "invalid":
      if (decoded.reason === "error" || decoded.reason === "uncalculated") {
        r.text(c);
      } else {
        r.report(c, "RETURN_VALUE_INVALID", "error", `The spend in quarter of ${name.text()} is "${decoded.text}", which is not an amount of money; spend to date is not known until it is corrected.`);
      }
      return spendRead(null, false, null);
    case "amount": {
      const value = decoded.value;
      if (decoded.subPenny) {
        r.report(c, "RETURN_VALUE_INVALID", "error", `The spend in quarter of ${name.text()} is ${value.toString()}, which has fractions of a penny; spend must be whole pennies.`);
        return spendRead(null, false, null);
      }
      if (value.isNegative() && !value.isZero()) {
        r.report(c, "RETURN_VALUE_INVALID", "error", `The spend in quarter of ${name.text()} is negative (${formatGBP(value)}); spend cannot be negative. Record a refund as a lower spend in the quarter.`);
        return spendRead(null, false, null);
      }
      if (decoded.asText) {
        r.report(
          c,
          "RETURN_VALUE_INVALID",
          "error",
          `The spend in quarter of ${name.text()} is stored as text ("${quoteText(cellText(cell).trim())}"). Excel's SUM and SUMIFS ignore text, so the workbook's totals leave out ${formatGBP(value)}. Re-enter it as a number.`,
        );
      }
      return spendRead(value, true, null);
    }
  }
}

const HUNDRED = new MoneyDecimal(100);
/** Whole numbers below this are also kept as plain numbers (MeasureReturn.valueWhole). */
const WHOLE_LIMIT = 2 ** 31;

function kindLabel(kind: Measure["kind"]): string {
  return kind === null ? "" : (KIND_LABELS.get(kind) ?? kind);
}

/** Value in quarter: a number for counts and levels (not negative for counts and percentages, at most 100 for percentages). */
function readValue(r: RowReader, c: Column, name: Subject, measure: Measure | undefined): Readonly<typeof valueResult> {
  if (c.at < 0) return valueRead(null, false, null);
  const cell = r.raw(c);
  if (cell === null || (typeof cell === "string" && cell.trim() === "")) return valueRead(null, true, null);
  const kind = measure?.kind ?? null;
  const numeric = isNumeric(kind);
  if (isUncalculated(cell) || isCellError(cell) || (typeof cell === "string" && EXCEL_ERRORS.includes(capText(cell).trim().toUpperCase()))) {
    r.number(c);
    return valueRead(null, false, null);
  }
  let value: Money | null = null;
  let whole: number | null = null;
  if (typeof cell === "number" && Number.isFinite(cell)) {
    value = excelNumber(cell);
    if (Number.isInteger(cell) && Math.abs(cell) < WHOLE_LIMIT) whole = cell === 0 ? 0 : cell;
  } else if (typeof cell === "string") {
    // Words are what a milestone or a narrative reports; a number needs a number.
    if (!numeric) return valueRead(null, true, null);
    const text = capText(cell).trim();
    const parsed = text.length > MAX_WORD_TEXT ? null : parseAmountText(text.endsWith("%") ? text.slice(0, -1) : text);
    if (parsed === null) {
      r.report(c, "RETURN_VALUE_INVALID", "error", `The value in quarter of ${name.text()} is "${quoteText(text)}", which is not a number, but a "${kindLabel(kind)}" measure needs one. Put the number here and any words in Comment.`);
      return valueRead(null, false, null);
    }
    r.report(c, "RETURN_VALUE_INVALID", "error", `The value in quarter of ${name.text()} is stored as text ("${quoteText(text)}"); Excel's sums leave it out. Re-enter it as a number.`);
    value = parsed;
  } else {
    if (!numeric) return valueRead(null, true, null);
    r.report(c, "RETURN_VALUE_INVALID", "error", `The value in quarter of ${name.text()} is "${cellText(cell)}", which is not a number, but a "${kindLabel(kind)}" measure needs one.`);
    return valueRead(null, false, null);
  }
  const negative = value.isNegative() && !value.isZero();
  if (negative && (kind === "count" || kind === "percentage")) {
    r.report(c, "RETURN_VALUE_INVALID", "error", `The value in quarter of ${name.text()} is ${value.toString()}, but a "${kindLabel(kind)}" measure cannot be negative.`);
    return valueRead(null, false, null);
  }
  if (kind === "percentage" && value.greaterThan(HUNDRED)) {
    r.report(c, "RETURN_VALUE_INVALID", "error", `The value in quarter of ${name.text()} is ${value.toString()}, but a percentage cannot be over 100.`);
    return valueRead(null, false, null);
  }
  return valueRead(value, true, whole);
}

/** An Excel date-time serial number; null for anything else. */
function dateOf(value: CellValue): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function settingText(raw: RawWorkbook, key: string): { value: CellValue; text: string } {
  const value = raw.meta?.[key] ?? null;
  return { value, text: capText(cellText(value)).trim() };
}

function readAsAtSetting(raw: RawWorkbook, findings: Finding[]): Returns["asAt"] {
  const { text } = settingText(raw, META_KEYS.returnsAsAt);
  if (text === "") return null;
  const asAt = parseAsAt(text);
  if (asAt === null) {
    findings.push({
      code: "RETURN_QUARTER_INVALID",
      severity: "warning",
      sheet: META_SHEET,
      cell: "A1",
      message: `The setting "${META_KEYS.returnsAsAt}" is "${quoteText(text)}", which is not a quarter written like 2020/21-Q2; figures are worked out as at the last quarter that has ended.`,
    });
  }
  return asAt;
}

function readUnderspendSetting(raw: RawWorkbook, findings: Finding[]): Money {
  const { value, text } = settingText(raw, META_KEYS.underspendPercent);
  if (text === "") return DEFAULT_UNDERSPEND_PERCENT;
  const parsed =
    typeof value === "number" && Number.isFinite(value) ? excelNumber(value) : text.length > MAX_WORD_TEXT ? null : parseAmountText(text.endsWith("%") ? text.slice(0, -1) : text);
  if (parsed !== null && !parsed.isNegative() && !parsed.greaterThan(HUNDRED)) return parsed;
  findings.push({
    code: "RETURN_VALUE_INVALID",
    severity: "warning",
    sheet: META_SHEET,
    cell: "A1",
    message: `The setting "${META_KEYS.underspendPercent}" is "${quoteText(text)}", which is not a percentage from 0 to 100; ${DEFAULT_UNDERSPEND_PERCENT.toString()}% is used.`,
  });
  return DEFAULT_UNDERSPEND_PERCENT;
}

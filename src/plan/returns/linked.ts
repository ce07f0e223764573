/**
 * The Progress sheet (docs/returns.md, "The Progress sheet"): two tables, one row per line
 * (tblLineProgress) and one per measure (tblMeasureProgress), whose figures are formulas over
 * the plan's own tables. Only the ID column holds values; every other column is a formula
 * that plain Excel and LibreOffice recalculate as returns are typed into tblLineReturns and
 * tblMeasureReturns, with no add-in. The formulas work the figures out the way the core does
 * (./progress.ts), and the core's figures are written as their stored results, so a file
 * reads correctly before anything recalculates it.
 *
 * Only functions that Excel 2010 and later and LibreOffice 7.4 both evaluate, without
 * array entry: INDEX, MATCH, SUMIFS, COUNTIFS, SUMPRODUCT, MAX, MOD, INT, ROUND, MIN, IF,
 * IFERROR, NA, AND, OR, NOT, VLOOKUP, VALUE, LEFT, RIGHT, TRIM, UPPER, LOWER, SUBSTITUTE, ADDRESS,
 * ROW, COLUMN, ISNUMBER, HYPERLINK, TODAY, EDATE, YEAR, MONTH.
 */
import type { ActionResult } from "../actions";
import { a1, type CellValue } from "../cell";
import { type Change, type CellInput, type ColumnWrite, type ConditionalRule, isFormulaInput, isHexColour } from "../changes";
import type { Finding } from "../findings";
import type { Money } from "../money";
import type { Line, Measure, Plan } from "../model";
import { type IsoDate, parseFinancialYear, type Quarter } from "../periods";
import type { RawSheet, RawTable, RawWorkbook } from "../raw";
import { readPlan } from "../decode";
import { missingProgressRows, PROGRESS_SHEET_MAX_ROWS, tooLargeForProgressSheet, uniqueIds } from "./progressRows";
import {
  GENERAL_FORMAT,
  GRANTS,
  LINE_PROGRESS_TABLE,
  LINE_RETURNS,
  LINES,
  MEASURE_KINDS,
  MEASURE_PROGRESS_TABLE,
  MEASURE_RETURNS,
  MEASURES,
  META_KEYS,
  META_SHEET,
  MONEY_FORMAT,
  NUMBER_FORMAT,
  PROGRESS_SHEET,
  RETURNS_SCHEMA_VERSION,
  SPEND_PROFILE,
  STATUS_KEY,
  TARGET_PROFILE,
  TEXT_FORMAT,
} from "../schema";
import { namesInTheWay } from "./tables";
import type { LineProgress, MeasureProgress } from "./model";
import { formatAsAt, lastEndedQuarter, ProgressWork, quartersToDate } from "./progress";

export { PROGRESS_SHEET };
/** Shares as Excel shows them: 0.125 as 12.5%. */
export const PERCENT_FORMAT = "0.0%";

/** The as-at cells at the top of the Progress sheet (zero-based rows; labels in column A, values in B). */
export const AS_AT_CELLS = {
  label: { row: 0, text: "Returns as at" },
  year: { row: 1, text: "Financial year starting" },
  quarter: { row: 2, text: "Quarter" },
  note: { row: 3 },
} as const;
const AS_AT_YEAR = "$B$2";
const AS_AT_QUARTER = "$B$3";

/** Where both tables' header rows are (zero-based): below the as-at cells and one blank row. */
export const PROGRESS_HEADER_ROW = 5;

export type LineProgressColumnKey =
  | "lineId"
  | "grantId"
  | "activity"
  | "lead"
  | "year"
  | "quarters"
  | "allocation"
  | "profileToDate"
  | "spendToDate"
  | "remaining"
  | "percentSpent"
  | "status"
  | "lineLink"
  | "measuresLink"
  | "returnsLink";

export type MeasureProgressColumnKey =
  | "measureId"
  | "lineId"
  | "kind"
  | "year"
  | "quarters"
  | "target"
  | "targetToDate"
  | "actualToDate"
  | "percentOfTarget"
  | "suggested"
  | "status"
  | "measureLink"
  | "lineLink"
  | "returnsLink";

export interface ProgressColumn<K extends string> {
  readonly key: K;
  readonly header: string;
  readonly width: number;
  readonly numberFormat: string;
  /** The column's formula in file (canonical structured-reference) form; absent for the ID column, which holds values. */
  readonly formula?: string;
}

export interface ProgressTableSpec<K extends string> {
  readonly sheet: string;
  readonly table: string;
  readonly firstColumn: number;
  readonly columns: readonly ProgressColumn<K>[];
}

// ---------------------------------------------------------------- formula pieces

/** `tbl[Column]`: a whole column of a table. */
const col = (table: string, header: string): string => `${table}[${header}]`;
/** `tbl[[#This Row],[Column]]`: the cell of the formula's own row. */
const own = (table: string, header: string): string => `${table}[[#This Row],[${header}]]`;
/** A formula string literal. */
const lit = (text: string): string => `"${text.replace(/"/g, '""')}"`;
/** A sheet name as a hyperlink target names it: 'Line returns'. */
const sheetRef = (sheet: string): string => `'${sheet.replace(/'/g, "''")}'`;

/** The start year of a financial-year cell ("2020/21", "FY2020/21", "2020-21"); an error when it is not one. */
const startYearOf = (ref: string): string => `VALUE(LEFT(TRIM(SUBSTITUTE(UPPER(${ref}),"FY","")),4))`;

/** Quarters of a financial year that count to date as at $B$2/$B$3: 4 once the year has ended, 0 before it starts; "" when the year is not known. */
const quartersToDateFormula = (yearRef: string): string =>
  `IFERROR(IF(${AS_AT_YEAR}>${startYearOf(yearRef)},4,IF(${AS_AT_YEAR}<${startYearOf(yearRef)},0,${AS_AT_QUARTER})),"")`;

/** The value of `header` in the first row of `table` whose `keyHeader` is `key`, as text ("" for a blank cell or no such row). */
const lookupText = (table: string, keyHeader: string, key: string, header: string): string =>
  `IFERROR(INDEX(${col(table, header)},MATCH(${key},${col(table, keyHeader)},0))&"","")`;

/** Each returned quarter's number: 1 for "Q1" (any case), 0 for anything else; one per row of a returns table. */
const quarterNumbers = (table: string): string =>
  `((${col(table, "Quarter")}="Q1")+(${col(table, "Quarter")}="Q2")*2+(${col(table, "Quarter")}="Q3")*3+(${col(table, "Quarter")}="Q4")*4)`;

/**
 * Sum of a returns column over the quarters to date of one key: one SUMIFS per quarter,
 * counted while the quarter is within `n`. Blank cells count 0; text is left out.
 */
const sumToDate = (table: string, header: string, keyHeader: string, key: string, year: string, n: string): string =>
  [1, 2, 3, 4].map((q) => `SUMIFS(${col(table, header)},${col(table, keyHeader)},${key},${col(table, "Financial year")},${year},${col(table, "Quarter")},"Q${q}")*(${n}>=${q})`).join("+");

/** How many returns a key has in the quarters to date. */
const countToDate = (table: string, keyHeader: string, key: string, year: string, n: string): string =>
  [1, 2, 3, 4].map((q) => `COUNTIFS(${col(table, keyHeader)},${key},${col(table, "Financial year")},${year},${col(table, "Quarter")},"Q${q}")*(${n}>=${q})`).join("+");

/** 2^21: more than the rows of a sheet, so a quarter and a row fit in one score. */
const ROW_SCALE = 2097152;

/**
 * The value of `header` in the latest return of a key up to quarter `n` among the rows where
 * `condition` holds (the first such row of that quarter); "" when there is none. Each row
 * scores quarter × 2^21 − its position; the highest score names the row (SUMPRODUCT
 * evaluates the arrays without array entry, in Excel and LibreOffice alike), worked out once.
 */
function latestOf(table: string, header: string, keyHeader: string, key: string, year: string, n: string, condition: string): string {
  const position = `(ROW(${col(table, keyHeader)})-ROW(${table}[[#Headers],[${keyHeader}]]))`;
  const qn = quarterNumbers(table);
  const best = `SUMPRODUCT(MAX((${col(table, keyHeader)}=${key})*(${col(table, "Financial year")}=${year})*${condition}*(${qn}<=${n})*(${qn}*${ROW_SCALE}-${position})))`;
  // No such row: the score is 0, and 1/(1/0) is an error, shown as blank; ROUND undoes 1/(1/x)'s rounding.
  return `IFERROR(INDEX(${col(table, header)},ROUND(1/(1/MOD(-${best},${ROW_SCALE})),0)),"")`;
}

/** A link to the first row of `table` whose `keyHeader` is `key` (the header row when none), shown as `found` or `none`. */
function linkTo(sheet: string, table: string, keyHeader: string, key: string, found: string, none: string): string {
  const match = `MATCH(${key},${col(table, keyHeader)},0)`;
  const address = `ADDRESS(IFERROR(${match},0)+ROW(${table}[[#Headers],[${keyHeader}]]),COLUMN(${col(table, keyHeader)}),4)`;
  return `HYPERLINK("#${sheetRef(sheet).replace(/"/g, '""')}!"&${address},IF(ISNUMBER(${match}),${lit(found)},${lit(none)}))`;
}

// ---------------------------------------------------------------- tblLineProgress

const LP = LINE_PROGRESS_TABLE;
const MP = MEASURE_PROGRESS_TABLE;

function lineColumns(): ProgressColumn<LineProgressColumnKey>[] {
  const id = own(LP, "Line ID");
  const n = own(LP, "Quarters to date");
  const year = own(LP, "Financial year");
  const allocation = own(LP, "Allocation");
  const spend = own(LP, "Spend to date");
  const at = `MATCH(${id},${col(SPEND_PROFILE.table, "Line ID")},0)`;
  const typed = (q: number): string => `INDEX(${col(SPEND_PROFILE.table, `Q${q}`)},${at})`;
  // A blank profile row (or none): the allocation in four penny-exact shares, the remainder pennies to the earliest quarters.
  const pennies = `ROUND(${allocation}*100,0)`;
  const even = `(${n}*INT(${pennies}/4)+MIN(${n},MOD(${pennies},4)))/100`;
  const typedToDate = [1, 2, 3, 4].map((q) => `${typed(q)}*(${n}>=${q})`).join("+");
  const blankRow = `IFERROR(AND(${typed(1)}="",${typed(2)}="",${typed(3)}="",${typed(4)}=""),TRUE)`;
  const returns = LINE_RETURNS.table;
  return [
    { key: "lineId", header: "Line ID", width: 12, numberFormat: TEXT_FORMAT },
    { key: "grantId", header: "Grant ID", width: 12, numberFormat: GENERAL_FORMAT, formula: lookupText(LINES.table, "Line ID", id, "Grant ID") },
    { key: "activity", header: "Activity", width: 36, numberFormat: GENERAL_FORMAT, formula: lookupText(LINES.table, "Line ID", id, "Activity") },
    { key: "lead", header: "Lead organisation", width: 24, numberFormat: GENERAL_FORMAT, formula: lookupText(LINES.table, "Line ID", id, "Lead organisation") },
    { key: "year", header: "Financial year", width: 14, numberFormat: GENERAL_FORMAT, formula: lookupText(GRANTS.table, "Grant ID", own(LP, "Grant ID"), "Financial year") },
    { key: "quarters", header: "Quarters to date", width: 10, numberFormat: GENERAL_FORMAT, formula: quartersToDateFormula(year) },
    {
      key: "allocation",
      header: "Allocation",
      width: 16,
      numberFormat: MONEY_FORMAT,
      formula: `SUMIFS(${col(LINES.table, "Allocation")},${col(LINES.table, "Line ID")},${id})`,
    },
    {
      key: "profileToDate",
      header: "Profile to date",
      width: 16,
      numberFormat: MONEY_FORMAT,
      formula: `IF(${n}="","",ROUND(IF(${blankRow},${even},${typedToDate}),2))`,
    },
    {
      key: "spendToDate",
      header: "Spend to date",
      width: 16,
      numberFormat: MONEY_FORMAT,
      formula: `IF(${n}="","",ROUND(${sumToDate(returns, "Spend in quarter", "Line ID", id, year, n)},2))`,
    },
    { key: "remaining", header: "Remaining", width: 16, numberFormat: MONEY_FORMAT, formula: `IF(${spend}="","",ROUND(${allocation}-${spend},2))` },
    { key: "percentSpent", header: "% spent", width: 10, numberFormat: PERCENT_FORMAT, formula: `IF(OR(${spend}="",${allocation}=0),"",${spend}/${allocation})` },
    {
      key: "status",
      header: "Latest status",
      width: 14,
      numberFormat: GENERAL_FORMAT,
      formula: `IF(${n}="","",TRIM(${latestOf(returns, "Status", "Line ID", id, year, n, `(TRIM(${col(returns, "Status")})<>"")`)}&""))`,
    },
    { key: "lineLink", header: "Line", width: 9, numberFormat: GENERAL_FORMAT, formula: linkTo(LINES.sheet, LINES.table, "Line ID", id, "Line", "Not found") },
    { key: "measuresLink", header: "Measures", width: 11, numberFormat: GENERAL_FORMAT, formula: linkTo(PROGRESS_SHEET, MP, "Line ID", id, "Measures", "No measures") },
    { key: "returnsLink", header: "Returns", width: 11, numberFormat: GENERAL_FORMAT, formula: linkTo(LINE_RETURNS.sheet, returns, "Line ID", id, "Returns", "No returns") },
  ];
}

// ---------------------------------------------------------------- tblMeasureProgress

const kindWords = (pick: (k: (typeof MEASURE_KINDS)[number]) => boolean): string[] =>
  MEASURE_KINDS.filter(pick).flatMap((k) => [k.label.toLowerCase(), k.kind]);
const COUNT_WORDS = kindWords((k) => k.kind === "count");
const LEVEL_WORDS = kindWords((k) => k.kind === "at-least" || k.kind === "percentage" || k.kind === "reduction");
const REDUCTION_WORDS = kindWords((k) => k.kind === "reduction");

/** True when `word` (lower case) is one of `words`. */
const isOneOf = (word: string, words: readonly string[]): string => `OR(${words.map((w) => `${word}=${lit(w)}`).join(",")})`;

function measureColumns(): ProgressColumn<MeasureProgressColumnKey>[] {
  const id = own(MP, "Measure ID");
  const lineId = own(MP, "Line ID");
  const n = own(MP, "Quarters to date");
  const year = own(MP, "Financial year");
  const target = own(MP, "Target");
  const toDate = own(MP, "Target to date");
  const actual = own(MP, "Actual to date");
  const kind = `LOWER(TRIM(${own(MP, "Kind")}))`;
  const isCount = isOneOf(kind, COUNT_WORDS);
  const isLevel = isOneOf(kind, LEVEL_WORDS);
  const isReduction = isOneOf(kind, REDUCTION_WORDS);
  const numeric = `OR(${isCount},${isLevel})`;

  const at = `MATCH(${id},${col(TARGET_PROFILE.table, "Measure ID")},0)`;
  const word = `IFERROR(LOWER(TRIM(INDEX(${col(TARGET_PROFILE.table, "Profile")},${at})&"")),"")`;
  // 0 for Even (or blank, or no row), 1–4 for All in Q1–Q4, 5 for Typed; an error for any other word.
  const shape = `IF(OR(${word}="",${word}="even"),0,IF(${word}="typed",5,MOD(MATCH(${word},{"all in q1","all in q2","all in q3","all in q4","q1","q2","q3","q4"},0)-1,4)+1))`;
  const typed = (q: number): string => `INDEX(${col(TARGET_PROFILE.table, `Q${q} target`)},${at})`;
  // Counts in whole units: 1, or 0.1 / 0.01 for a target with decimals.
  const unit = `IF(ROUND(${target},0)=${target},1,IF(ROUND(${target},1)=${target},0.1,0.01))`;
  const units = `ROUND(${target}/${unit},0)`;
  const evenCount = `(${n}*INT(${units}/4)+MIN(${n},MOD(${units},4)))*${unit}`;
  const typedCount = [1, 2, 3, 4].map((q) => `${typed(q)}*(${n}>=${q})`).join("+");
  const countToDateFormula = `IF(${shape}=0,${evenCount},IF(${shape}=5,${typedCount},${target}*(${n}>=${shape})))`;
  // A level: the target from the first quarter the profile puts anything in (Q1 for Even, or for nothing at all).
  const firstTyped = `IF(${typed(1)}<>0,1,IF(${typed(2)}<>0,2,IF(${typed(3)}<>0,3,IF(${typed(4)}<>0,4,1))))`;
  const first = `IF(${shape}=0,1,IF(${shape}=5,${firstTyped},IF(${target}=0,1,${shape})))`;
  const levelToDate = `IF(${n}=0,0,IF(${n}>=${first},${target},0))`;

  const returns = MEASURE_RETURNS.table;
  const value = col(returns, "Value in quarter");
  const latestValue = latestOf(returns, "Value in quarter", "Measure ID", id, year, n, `ISNUMBER(${value})`);
  const latestStatus = `TRIM(${latestOf(returns, "Status", "Measure ID", id, year, n, `(TRIM(${col(returns, "Status")})<>"")`)}&"")`;
  const anyReturn = `(${countToDate(returns, "Measure ID", id, year, n)})>0`;
  const met = `OR(${toDate}=0,IF(${isReduction},${actual}<=${toDate},${actual}>=${toDate}))`;
  // NA() where the figures suggest nothing, so that no blank "Suggested when" cell can match.
  const situation =
    `IF(OR(${n}="",${n}=0),NA(),IF(NOT(${anyReturn}),"not started",IF(OR(NOT(${numeric}),${target}="",${toDate}="",${actual}=""),NA(),` +
    `IF(${isCount},IF(${actual}>=${target},"complete",IF(${actual}>=${toDate},"on track","behind")),IF(${met},IF(${n}=4,"complete","on track"),"behind")))))`;

  return [
    { key: "measureId", header: "Measure ID", width: 12, numberFormat: TEXT_FORMAT },
    { key: "lineId", header: "Line ID", width: 12, numberFormat: GENERAL_FORMAT, formula: lookupText(MEASURES.table, "Measure ID", id, "Line ID") },
    { key: "kind", header: "Kind", width: 12, numberFormat: GENERAL_FORMAT, formula: lookupText(MEASURES.table, "Measure ID", id, "Kind") },
    {
      key: "year",
      header: "Financial year",
      width: 14,
      numberFormat: GENERAL_FORMAT,
      formula: lookupText(GRANTS.table, "Grant ID", `INDEX(${col(LINES.table, "Grant ID")},MATCH(${lineId},${col(LINES.table, "Line ID")},0))`, "Financial year"),
    },
    { key: "quarters", header: "Quarters to date", width: 10, numberFormat: GENERAL_FORMAT, formula: quartersToDateFormula(year) },
    {
      key: "target",
      header: "Target",
      width: 10,
      numberFormat: NUMBER_FORMAT,
      formula: `IFERROR(IF(AND(${numeric},ISNUMBER(INDEX(${col(MEASURES.table, "Target")},MATCH(${id},${col(MEASURES.table, "Measure ID")},0)))),INDEX(${col(MEASURES.table, "Target")},MATCH(${id},${col(MEASURES.table, "Measure ID")},0)),""),"")`,
    },
    {
      key: "targetToDate",
      header: "Target to date",
      width: 10,
      numberFormat: NUMBER_FORMAT,
      formula: `IF(OR(${target}="",${n}=""),"",IF(${target}<0,"",IFERROR(ROUND(IF(${isCount},${countToDateFormula},${levelToDate}),2),"")))`,
    },
    {
      key: "actualToDate",
      header: "Actual to date",
      width: 10,
      numberFormat: NUMBER_FORMAT,
      formula: `IF(OR(${n}="",NOT(${numeric})),"",IF(${isCount},ROUND(${sumToDate(returns, "Value in quarter", "Measure ID", id, year, n)},2),${latestValue}))`,
    },
    { key: "percentOfTarget", header: "% of target", width: 10, numberFormat: PERCENT_FORMAT, formula: `IF(OR(${actual}="",${toDate}=""),"",IF(${toDate}=0,"",${actual}/${toDate}))` },
    {
      key: "suggested",
      header: "Suggested status",
      width: 14,
      numberFormat: GENERAL_FORMAT,
      formula: `IFERROR(INDEX(${col(STATUS_KEY.table, "Status")},MATCH(${situation},${col(STATUS_KEY.table, "Suggested when")},0))&"","")`,
    },
    {
      key: "status",
      header: "Status",
      width: 14,
      numberFormat: GENERAL_FORMAT,
      formula: `IF(${n}="","",IF(${latestStatus}<>"",${latestStatus},${own(MP, "Suggested status")}))`,
    },
    { key: "measureLink", header: "Measure", width: 10, numberFormat: GENERAL_FORMAT, formula: linkTo(MEASURES.sheet, MEASURES.table, "Measure ID", id, "Measure", "Not found") },
    { key: "lineLink", header: "Line", width: 9, numberFormat: GENERAL_FORMAT, formula: linkTo(PROGRESS_SHEET, LP, "Line ID", lineId, "Line", "Not found") },
    { key: "returnsLink", header: "Returns", width: 11, numberFormat: GENERAL_FORMAT, formula: linkTo(MEASURE_RETURNS.sheet, returns, "Measure ID", id, "Returns", "No returns") },
  ];
}

export const LINE_PROGRESS: ProgressTableSpec<LineProgressColumnKey> = { sheet: PROGRESS_SHEET, table: LP, firstColumn: 0, columns: lineColumns() };
export const MEASURE_PROGRESS: ProgressTableSpec<MeasureProgressColumnKey> = {
  sheet: PROGRESS_SHEET,
  table: MP,
  // Beside tblLineProgress with one blank column between, so that either table can grow down.
  firstColumn: LINE_PROGRESS.columns.length + 1,
  columns: measureColumns(),
};

// ---------------------------------------------------------------- the as-at cells

/** The plan's "Returns as at" setting, as text ("" when it is not set). */
const SETTING = `IFERROR(TRIM(UPPER(SUBSTITUTE(VLOOKUP(${lit(META_KEYS.returnsAsAt)},${sheetRef(META_SHEET)}!$A:$B,2,FALSE)&"","FY",""))),"")`;
/** The setting's quarter, 1–4; an error when the setting is not an as-at quarter. */
const SETTING_QUARTER = `MATCH(RIGHT(${SETTING},1),{"1","2","3","4"},0)`;
const SETTING_YEAR = `VALUE(LEFT(${SETTING},4))`;
/** The last quarter that has ended today: the quarter that the date three months ago falls in. */
const BEFORE = "EDATE(TODAY(),-3)";
const CLOCK_YEAR = `YEAR(${BEFORE})-(MONTH(${BEFORE})<4)`;
const CLOCK_QUARTER = `INT(MOD(MONTH(${BEFORE})-4,12)/3)+1`;

export const AS_AT_FORMULAS = {
  label: `${AS_AT_YEAR}&"/"&RIGHT(${AS_AT_YEAR}+1,2)&"-Q"&${AS_AT_QUARTER}`,
  year: `IFERROR(${SETTING_YEAR}+0*${SETTING_QUARTER},${CLOCK_YEAR})`,
  quarter: `IFERROR(${SETTING_QUARTER}+0*${SETTING_YEAR},${CLOCK_QUARTER})`,
} as const;

const AS_AT_NOTE =
  'Figures to date count the quarters of each grant\'s year up to and including this one: the plan\'s "Returns as at" setting, or else the last quarter that has ended. Every figure is a formula over the plan\'s tables and the returns, so it stays up to date as returns are typed in.';

// ---------------------------------------------------------------- the change list

/** A line's figures to store as its row's results, with what its lookups and links find. */
interface LineFigures {
  readonly progress: LineProgress;
  readonly line: Line;
  readonly year: string;
  readonly hasMeasures: boolean;
  readonly hasReturns: boolean;
}

interface MeasureFigures {
  readonly progress: MeasureProgress;
  readonly measure: Measure;
  readonly year: string;
  readonly lineFound: boolean;
  readonly hasReturns: boolean;
}

/** The figures to store as the formulas' results: the core's progress as at a quarter, by ID (lower case, trimmed). */
export interface ProgressFigures {
  readonly asAt: Quarter;
  readonly lines: ReadonlyMap<string, LineFigures>;
  readonly measures: ReadonlyMap<string, MeasureFigures>;
}

const num = (m: Money | null): number | string => (m === null ? "" : m.toNumber());
const key = (id: string): string => id.trim().toLowerCase();

/** The core's figures for every line and measure ID (its first row), read in one pass over each table. */
export function progressFiguresOf(plan: Plan, asAt: Quarter): ProgressFigures {
  const work = new ProgressWork(plan, asAt);
  const grantYears = new Map<string, string>();
  for (const g of plan.grants) if (!grantYears.has(key(g.id))) grantYears.set(key(g.id), g.year);
  const linesWithMeasures = new Set(plan.measures.map((m) => key(m.lineId)));
  const linesReturned = new Set((plan.returns?.lineReturns ?? []).map((r) => key(r.lineId)));
  const measuresReturned = new Set((plan.returns?.measureReturns ?? []).map((r) => key(r.measureId)));
  const lines = new Map<string, LineFigures>();
  plan.lines.forEach((line, i) => {
    const k = key(line.id);
    if (lines.has(k)) return;
    lines.set(k, {
      progress: work.lineProgress(i, line),
      line,
      year: grantYears.get(key(line.grantId)) ?? "",
      hasMeasures: linesWithMeasures.has(k),
      hasReturns: linesReturned.has(k),
    });
  });
  const measures = new Map<string, MeasureFigures>();
  plan.measures.forEach((measure, i) => {
    const k = key(measure.id);
    if (measures.has(k)) return;
    const line = lines.get(key(measure.lineId));
    measures.set(k, {
      progress: work.measureProgress(i, work.returns.statusKey),
      measure,
      year: line?.year ?? "",
      lineFound: line !== undefined,
      hasReturns: measuresReturned.has(k),
    });
  });
  return { asAt, lines, measures };
}

function lineResults(id: string, f: ProgressFigures | null): Partial<Record<LineProgressColumnKey, number | string>> {
  const found = f?.lines.get(key(id));
  if (found === undefined) return {};
  const { progress: p, line } = found;
  return {
    grantId: line.grantId,
    activity: line.activity,
    lead: line.lead,
    year: found.year,
    allocation: num(p.allocation),
    profileToDate: num(p.profileToDate),
    spendToDate: num(p.spendToDate),
    remaining: num(p.remaining),
    percentSpent: p.allocation === null || p.allocation.isZero() || p.spendToDate === null ? "" : p.spendToDate.dividedBy(p.allocation).toNumber(),
    status: p.status,
    lineLink: "Line",
    measuresLink: found.hasMeasures ? "Measures" : "No measures",
    returnsLink: found.hasReturns ? "Returns" : "No returns",
  };
}

function measureResults(id: string, f: ProgressFigures | null): Partial<Record<MeasureProgressColumnKey, number | string>> {
  const found = f?.measures.get(key(id));
  if (found === undefined) return {};
  const { progress: p, measure: m } = found;
  return {
    lineId: m.lineId,
    kind: MEASURE_KINDS.find((k) => k.kind === m.kind)?.label ?? "",
    year: found.year,
    target: num(p.target),
    targetToDate: num(p.targetToDate),
    actualToDate: num(p.actualToDate),
    percentOfTarget: p.percentOfTarget === null ? "" : p.percentOfTarget.dividedBy(100).toNumber(),
    suggested: p.suggested,
    status: p.status,
    measureLink: "Measure",
    lineLink: found.lineFound ? "Line" : "Not found",
    returnsLink: found.hasReturns ? "Returns" : "No returns",
  };
}

function quartersOf(year: string, asAt: Quarter): number | string {
  const fy = parseFinancialYear(year);
  return fy === null ? "" : quartersToDate(fy, asAt);
}

function rowOf<K extends string>(spec: ProgressTableSpec<K>, id: string, results: Partial<Record<K, number | string>>, quarters: number | string | undefined): CellInput[] {
  return spec.columns.map((c): CellInput => {
    if (c.formula === undefined) return id;
    const result = c.key === "quarters" ? quarters : results[c.key];
    // A blank result is not stored: a file keeps no value for a formula showing "" (Excel and
    // exceljs write none), so storing it would read differently once the file is saved again.
    return result === undefined || result === "" ? { formula: c.formula } : { formula: c.formula, result };
  });
}

function writesOf<K extends string>(spec: ProgressTableSpec<K>): ColumnWrite[] {
  return spec.columns.map((c) => ({ header: c.header, numberFormat: c.numberFormat, width: c.width, validation: null }));
}

/** The Progress tables' rows for these IDs: the ID, then formulas with the core's figures (when known) as results. */
function progressRows(lineIds: readonly string[], measureIds: readonly string[], figures: ProgressFigures | null): { lineRows: CellInput[][]; measureRows: CellInput[][] } {
  const asAt = figures?.asAt ?? null;
  const yearOf = (results: { year?: number | string }): number | string | undefined =>
    asAt === null || typeof results.year !== "string" ? undefined : quartersOf(results.year, asAt);
  return {
    lineRows: lineIds.map((id) => {
      const r = lineResults(id, figures);
      return rowOf(LINE_PROGRESS, id, r, yearOf(r));
    }),
    measureRows: measureIds.map((id) => {
      const r = measureResults(id, figures);
      return rowOf(MEASURE_PROGRESS, id, r, yearOf(r));
    }),
  };
}

/**
 * The Progress sheet with one row per line and per measure ID. With `figures`, every formula
 * carries the core's figure as its stored result; without, the formulas are written alone
 * (Excel works them out when it writes them; a file shows them once opened).
 */
export function progressTableChanges(lineIds: readonly string[], measureIds: readonly string[], figures: ProgressFigures | null): Change[] {
  const asAt = figures?.asAt ?? null;
  const { lineRows, measureRows } = progressRows(uniqueIds(lineIds), uniqueIds(measureIds), figures);
  const formula = (f: string, result: number | string | undefined): CellInput => (result === undefined ? { formula: f } : { formula: f, result });
  return [
    { kind: "createSheet", sheet: PROGRESS_SHEET, hidden: false },
    {
      kind: "setCells",
      sheet: PROGRESS_SHEET,
      cells: [
        { address: "A1", value: AS_AT_CELLS.label.text },
        { address: "B1", value: formula(AS_AT_FORMULAS.label, asAt === null ? undefined : formatAsAt(asAt)) },
        { address: "A2", value: AS_AT_CELLS.year.text },
        { address: "B2", value: formula(AS_AT_FORMULAS.year, asAt?.year.startYear) },
        { address: "A3", value: AS_AT_CELLS.quarter.text },
        { address: "B3", value: formula(AS_AT_FORMULAS.quarter, asAt?.quarter) },
        { address: "A4", value: AS_AT_NOTE },
      ],
      label: `Write the as-at quarter of the "${PROGRESS_SHEET}" sheet`,
    },
    {
      kind: "createTable",
      sheet: PROGRESS_SHEET,
      table: LINE_PROGRESS.table,
      headerRow: PROGRESS_HEADER_ROW,
      firstColumn: LINE_PROGRESS.firstColumn,
      columns: writesOf(LINE_PROGRESS),
      rows: lineRows.length > 0 ? lineRows : [rowOf(LINE_PROGRESS, "", {}, undefined)],
    },
    {
      kind: "createTable",
      sheet: PROGRESS_SHEET,
      table: MEASURE_PROGRESS.table,
      headerRow: PROGRESS_HEADER_ROW,
      firstColumn: MEASURE_PROGRESS.firstColumn,
      columns: writesOf(MEASURE_PROGRESS),
      rows: measureRows.length > 0 ? measureRows : [rowOf(MEASURE_PROGRESS, "", {}, undefined)],
    },
  ];
}

export interface ProgressSheetOptions {
  /** Today's date, for a plan with no "Returns as at" setting (the last quarter ended today); without it such a plan's figures are not stored. */
  readonly today?: IsoDate;
}

/**
 * Adds the Progress sheet to a version-2 plan: tblLineProgress and tblMeasureProgress, one
 * row per line and per measure, live formulas with the core's figures as their stored
 * results. Refused, with nothing written, for a version-1 plan (the formulas need the
 * returns tables; upgrade first) or when a sheet or table of those names is already there.
 */
export function progressSheetChanges(raw: RawWorkbook, plan: Plan, options: ProgressSheetOptions = {}): ActionResult {
  if (plan.schemaVersion < RETURNS_SCHEMA_VERSION || plan.returns === null) {
    const findings: Finding[] = [
      {
        code: "PLAN_OLDER_VERSION",
        severity: "error",
        sheet: META_SHEET,
        cell: "B2",
        message: `The "${PROGRESS_SHEET}" sheet works from the tables of quarterly returns, which this plan does not have yet. Nothing was written; upgrade the plan first.`,
      },
    ];
    return { changes: [], findings };
  }
  const inTheWay = namesInTheWay(raw, [PROGRESS_SHEET], [LINE_PROGRESS.table, MEASURE_PROGRESS.table], "add the Progress sheet again");
  if (inTheWay.length > 0) return { changes: [], findings: inTheWay };
  if (tooLargeForProgressSheet(plan)) return { changes: [], findings: [tooLarge(plan)] };
  const asAt = plan.returns.asAt ?? (options.today === undefined ? null : lastEndedQuarter(options.today));
  const figures = asAt === null ? null : progressFiguresOf(plan, asAt);
  const [sheet, asAtCells, ...tables] = progressTableChanges(
    plan.lines.map((l) => l.id),
    plan.measures.map((m) => m.id),
    figures,
  );
  // The colours before the tables: a read cannot see them (nor the as-at cells), so after a failed
  // write the tables, read back, tell whether everything before them was written.
  const colours = progressColours(plan.returns.statusKey, plan.returns.underspendPercent.toNumber());
  return { changes: [sheet, asAtCells, ...colours, ...tables].filter((c): c is Change => c !== undefined), findings: [] };
}

// ---------------------------------------------------------------- colours

/** The last row of a sheet (1-based): colours reach it, so that rows added to a table later are coloured too. */
const SHEET_LAST_ROW = 1048576;
/** Excel's "Light red fill with dark red text" and "Yellow fill with dark yellow text". */
const SHORTFALL = { fill: "#FFC7CE", font: "#9C0006" } as const;
const BEHIND = { fill: "#FFEB9C", font: "#9C5700" } as const;

/** The A1 range of a Progress table's column, from its first body row to the foot of the sheet, and that column's first body cell. */
function columnRange<K extends string>(spec: ProgressTableSpec<K>, key: K): { range: string; first: string; relative: (other: K) => string } {
  const at = (k: K): number => spec.firstColumn + spec.columns.findIndex((c) => c.key === k);
  const firstRow = PROGRESS_HEADER_ROW + 1;
  const first = a1(firstRow, at(key));
  // Another column of the same row, its column fixed: "$G7".
  const relative = (other: K): string => `$${a1(firstRow, at(other))}`;
  return { range: `${first}:${a1(SHEET_LAST_ROW - 1, at(key))}`, first, relative };
}

/** Black or white text, whichever contrasts more with the fill (WCAG contrast ratio from relative luminance). */
function fontFor(fill: string): string {
  const channel = (i: number): number => {
    const c = parseInt(fill.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? "#000000" : "#FFFFFF";
}

/** A formula text literal of `text` in upper case, as UPPER(TRIM(cell)) compares it. */
const upperLiteral = (text: string): string => lit(text.trim().toUpperCase());

/**
 * The Progress sheet's colours (docs/returns.md): each status in the plan's key in its own
 * colour, wherever a status is shown (a line's latest status, a measure's status and its
 * suggested status), matched by the key's Status word or Meaning, whatever the case; a line
 * spent over its allocation, or under its profile to date by more than the plan's underspend
 * warning; a measure short of its target to date (over it, for a Reduction). The key's
 * colours are written as they are now: a key changed later colours by the old one until the
 * sheet is written again. A key row without a colour of the form #RRGGBB gets no colour.
 */
export function progressColours(statusKey: readonly { readonly status: string; readonly meaning: string; readonly colour: string }[], underspendPercent: number): Change[] {
  const statusRules = (cell: string): ConditionalRule[] =>
    statusKey.flatMap((entry) => {
      const colour = entry.colour.trim();
      const words = [entry.status, entry.meaning].filter((w) => w.trim() !== "");
      if (!isHexColour(colour) || words.length === 0) return [];
      const test = words.map((w) => `UPPER(TRIM(${cell}))=${upperLiteral(w)}`);
      return [{ formula: test.length === 1 ? (test[0] ?? "") : `OR(${test.join(",")})`, fill: colour.toUpperCase(), font: fontFor(colour) }];
    });
  const changes: Change[] = [];
  const colour = (range: string, rules: ConditionalRule[], label: string): void => {
    if (rules.length > 0) changes.push({ kind: "conditionalFormat", sheet: PROGRESS_SHEET, range, rules, label });
  };
  const lineStatus = columnRange(LINE_PROGRESS, "status");
  colour(lineStatus.range, statusRules(lineStatus.first), `Colour each line's latest status on "${PROGRESS_SHEET}" by the status key`);
  for (const key of ["status", "suggested"] as const) {
    const c = columnRange(MEASURE_PROGRESS, key);
    colour(c.range, statusRules(c.first), `Colour each measure's ${key === "status" ? "status" : "suggested status"} on "${PROGRESS_SHEET}" by the status key`);
  }
  const spend = columnRange(LINE_PROGRESS, "spendToDate");
  const [allocation, profile, spent] = [spend.relative("allocation"), spend.relative("profileToDate"), spend.relative("spendToDate")];
  // The share of the profile below which spend is behind, as short a decimal as it is (0.85, not 0.8500000000000001).
  const keep = Number(((100 - Math.min(Math.max(underspendPercent, 0), 100)) / 100).toPrecision(12));
  colour(
    spend.range,
    [
      { formula: `AND(ISNUMBER(${spent}),ISNUMBER(${allocation}),${spent}>${allocation})`, ...SHORTFALL },
      { formula: `AND(ISNUMBER(${spent}),ISNUMBER(${profile}),${profile}>0,${spent}<${profile}*${keep})`, ...BEHIND },
    ],
    `Colour spend to date on "${PROGRESS_SHEET}": over the allocation, or under the profile to date by more than ${underspendPercent}%`,
  );
  const pct = columnRange(MEASURE_PROGRESS, "percentOfTarget");
  const [percent, kind] = [pct.relative("percentOfTarget"), pct.relative("kind")];
  const reduction = MEASURE_KINDS.find((k) => k.kind === "reduction")?.label ?? "Reduction";
  colour(
    pct.range,
    [{ formula: `AND(ISNUMBER(${percent}),IF(${kind}=${lit(reduction)},${percent}>1,${percent}<1))`, ...SHORTFALL }],
    `Colour % of target on "${PROGRESS_SHEET}" where a measure is short of its target to date`,
  );
  return changes;
}

/** Refusal of a Progress sheet for a plan larger than one is written for. */
function tooLarge(plan: Plan): Finding {
  const rows = plan.lines.length + plan.measures.length;
  return {
    code: "PROGRESS_ROWS_MISSING",
    severity: "error",
    sheet: PROGRESS_SHEET,
    cell: "A1",
    message: `This plan has ${rows.toLocaleString("en-GB")} lines and measures, more than the ${PROGRESS_SHEET_MAX_ROWS.toLocaleString("en-GB")} a live "${PROGRESS_SHEET}" sheet is written for (its formulas would make the workbook too large to open quickly). Nothing was written; see progress in the Progress view, or with grant-planner progress.`,
  };
}

// ---------------------------------------------------------------- written with setting up and upgrading

/** What a cell written as `value` will read as: a formula shows its stored result, or is uncalculated. */
export function readAs(value: CellInput): CellValue {
  if (!isFormulaInput(value)) return value;
  return value.result === undefined ? { uncalculated: value.formula } : value.result;
}

/** A table as a host will read it once a `createTable` change is written (formulas show their stored results). */
export function createdTable(change: Extract<Change, { kind: "createTable" }>): RawTable {
  return {
    name: change.table,
    sheet: change.sheet,
    headerRow: change.headerRow,
    firstColumn: change.firstColumn,
    headers: change.columns.map((c) => c.header),
    rows: change.rows.map((row) => row.map(readAs)),
    merged: [],
    below: change.columns.map(() => null),
  };
}

/**
 * The plan as it will read once `changes` (new sheets and tables) are written over `raw`,
 * with `meta` as its settings: for the stored results of a Progress sheet written in the
 * same batch as the tables it works from. Null when that would not read as a plan.
 */
function planAfter(raw: RawWorkbook, changes: readonly Change[], meta: RawWorkbook["meta"]): Plan | null {
  const sheets: RawSheet[] = [...raw.sheets];
  const tables: RawTable[] = [...raw.tables];
  for (const change of changes) {
    if (change.kind === "createSheet") sheets.push({ name: change.sheet, visible: !change.hidden });
    if (change.kind === "createTable") tables.push(createdTable(change));
  }
  const read = readPlan({ sheets, meta, tables, calculationMode: raw.calculationMode ?? "automatic" });
  return read.status === "plan" ? read.plan : null;
}

export interface ProgressSheetAfter {
  readonly changes: readonly Change[];
  /** A warning when a sheet or table of the Progress sheet's names is already there, so the sheet was left out. */
  readonly findings: readonly Finding[];
}

/**
 * The Progress sheet, to write at the end of a batch that sets up or upgrades a plan
 * (`changes`, which create the tables it works from; `meta`, the settings the plan will
 * have). When its names are taken the rest of the batch goes ahead without it, and a
 * warning says so: a workbook may well have a sheet called "Progress" of its own.
 */
export function progressSheetAfter(raw: RawWorkbook, changes: readonly Change[], meta: RawWorkbook["meta"], options: ProgressSheetOptions = {}): ProgressSheetAfter {
  const same = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase();
  const sheet = raw.sheets.find((x) => same(x.name, PROGRESS_SHEET));
  const table = raw.tables.find((t) => same(t.name, LP) || same(t.name, MP));
  if (sheet !== undefined || table !== undefined) {
    const what = sheet !== undefined ? `a sheet called "${sheet.name}"` : `a table called ${table?.name ?? LP}`;
    const finding: Finding = {
      code: "SHEET_IN_THE_WAY",
      severity: "warning",
      sheet: sheet?.name ?? table?.sheet ?? PROGRESS_SHEET,
      cell: sheet !== undefined || table === undefined ? "A1" : a1(table.headerRow, table.firstColumn),
      message: `The plan was written without its "${PROGRESS_SHEET}" sheet, because this workbook already has ${what} that Grant Planner did not create. Rename it, then add the sheet from the Checks view.`,
    };
    return { changes: [], findings: [finding] };
  }
  const plan = planAfter(raw, changes, meta);
  // Too large a plan is written without the sheet, silently: its progress is in the pane and the CLI.
  if (plan === null || tooLargeForProgressSheet(plan)) return { changes: [], findings: [] };
  return { changes: progressSheetChanges(raw, plan, options).changes, findings: [] };
}

/**
 * Brings the Progress sheet up to date with the plan: the whole sheet when the plan has none,
 * else a row (formulas with the core's figures as results) appended to tblLineProgress and
 * tblMeasureProgress for every line and measure that has none. Nothing to do gives no changes.
 */
export function progressRowsChanges(raw: RawWorkbook, plan: Plan, options: ProgressSheetOptions = {}): ActionResult {
  const missing = missingProgressRows(raw, plan);
  if (!missing.sheetFound) return progressSheetChanges(raw, plan, options);
  if (tooLargeForProgressSheet(plan)) return { changes: [], findings: [tooLarge(plan)] };
  const asAt = plan.returns?.asAt ?? (options.today === undefined ? null : lastEndedQuarter(options.today));
  const { lineRows, measureRows } = progressRows(missing.lineIds, missing.measureIds, asAt === null ? null : progressFiguresOf(plan, asAt));
  const changes: Change[] = [];
  if (lineRows.length > 0) changes.push({ kind: "appendRows", sheet: PROGRESS_SHEET, table: LP, rows: lineRows });
  if (measureRows.length > 0) changes.push({ kind: "appendRows", sheet: PROGRESS_SHEET, table: MP, rows: measureRows });
  return { changes, findings: [] };
}

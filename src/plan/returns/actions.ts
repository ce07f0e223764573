/**
 * Actions on quarterly returns (schema version 2, docs/returns.md): creating the version-2
 * tables (setting up a new plan, upgrading a version-1 plan) and submitting a quarter's
 * returns. Each is a pure function to one change list that a host applies in one batch.
 */
import type { ActionResult } from "../actions";
import { a1 } from "../cell";
import type { Change, CellExpectation, CellInput } from "../changes";
import type { Finding, FindingCode } from "../findings";
import { formatGBP, type Money, MoneyDecimal, parseMoneyInput, toCellNumber } from "../money";
import type { Plan, TableLayout } from "../model";
import { formatFinancialYear, parseFinancialYear, type QuarterNumber } from "../periods";
import type { RawWorkbook } from "../raw";
import {
  type AnyTableSpec,
  LINE_RETURNS,
  MEASURE_KINDS,
  MEASURE_RETURNS,
  META_SHEET,
  RETURN_CHANGES,
} from "../schema";
import { excelDateTime, formatExcelDateTime, quarterLabel, rowFor, ukWallClock } from "../template";
import { cellIn } from "../verify";
import type { LineReturn, MeasureReturn, StatusKeyEntry } from "./model";

const refused = (findings: Finding[]): ActionResult => ({ changes: [], findings });

// ---- submitting a quarter's returns

/** What a project lead enters for a line and quarter. */
export interface LineReturnInput {
  readonly lineId: string;
  /** "2020/21". */
  readonly year: string;
  readonly quarter: QuarterNumber;
  /** A money literal as typed: "24,500.00", "£24500". */
  readonly spend: string;
  /** A word (or meaning) of the plan's status key. */
  readonly status: string;
  readonly commentary: string;
  readonly risks: string;
}

/** What a project lead enters for a measure and quarter. */
export interface MeasureReturnInput {
  readonly measureId: string;
  readonly year: string;
  readonly quarter: QuarterNumber;
  /** The number delivered in the quarter as typed; "" for none (milestones, narratives). */
  readonly value: string;
  /** A word of the status key, or "" for none. */
  readonly status: string;
  readonly comment: string;
}

export interface ReturnSubmission {
  readonly lines: readonly LineReturnInput[];
  readonly measures: readonly MeasureReturnInput[];
}

/** One cell of an existing return that a submission changes. */
export interface CellDiff {
  /** The column's header, "Spend in quarter". */
  readonly column: string;
  /** As a person reads it: "£24,500.00", "Green", "" for blank. */
  readonly oldValue: string;
  readonly newValue: string;
}

/** An existing return (a line or measure and quarter) that a submission would update. */
export interface ReturnUpdate {
  /** tblLineReturns or tblMeasureReturns. */
  readonly table: string;
  /** "CRG-01 2020/21 Q2". */
  readonly key: string;
  readonly id: string;
  readonly changes: readonly CellDiff[];
}

export interface SubmissionDiff {
  /** Existing returns the submission changes, old → new per cell. */
  readonly updates: readonly ReturnUpdate[];
  /** Existing returns the submission leaves as they are (nothing changed). */
  readonly unchanged: readonly string[];
  /** Keys with no return yet: new rows. */
  readonly added: readonly string[];
}

/** A submitted return, checked and in the form it is written. */
interface Entry {
  readonly table: AnyTableSpec;
  readonly id: string;
  readonly year: string;
  readonly quarter: QuarterNumber;
  readonly key: string;
  /** Column key → the value written and how a person reads it; only the columns the return fills. */
  readonly values: readonly { readonly key: string; readonly value: CellInput; readonly shown: string }[];
  /** The existing return of this key, if any. */
  readonly existing: ExistingReturn | null;
}

interface ExistingReturn {
  readonly row: number;
  /** Column key → how a person reads the current value. */
  readonly shown: Readonly<Record<string, string>>;
}

function keyText(id: string, year: string, quarter: QuarterNumber): string {
  return `${id} ${year} ${quarterLabel(quarter)}`;
}

function moneyShown(value: Money | null, known: boolean): string {
  if (!known) return "(not readable)";
  return value === null ? "" : formatGBP(value);
}

function numberShown(value: Money | null, known: boolean): string {
  if (!known) return "(not readable)";
  return value === null ? "" : value.toString();
}

function dateShown(serial: number | null): string {
  return serial === null ? "" : formatExcelDateTime(serial);
}

function lineShown(r: LineReturn): Record<string, string> {
  return {
    spend: moneyShown(r.spend, r.spendKnown),
    status: r.status,
    commentary: r.commentary,
    risks: r.risks,
    enteredBy: r.enteredBy,
    enteredOn: dateShown(r.enteredOn),
  };
}

function measureShown(r: MeasureReturn): Record<string, string> {
  return {
    value: numberShown(r.value, r.valueKnown),
    status: r.status,
    comment: r.comment,
    enteredBy: r.enteredBy,
    enteredOn: dateShown(r.enteredOn),
  };
}

/** The columns whose change is shown before an update (who and when change with every update). */
const CONTENT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [LINE_RETURNS.table]: ["spend", "status", "commentary", "risks"],
  [MEASURE_RETURNS.table]: ["value", "status", "comment"],
};

function headerOf(spec: AnyTableSpec, key: string): string {
  return spec.columns.find((c) => c.key === key)?.header ?? key;
}

/** The status key word a status stands for (its word or its meaning, whatever the case); null when none. */
function statusWord(key: readonly StatusKeyEntry[], status: string): string | null {
  const wanted = status.trim().toLowerCase();
  const entry = key.find((k) => k.status.trim().toLowerCase() === wanted || k.meaning.trim().toLowerCase() === wanted);
  return entry === undefined ? null : entry.status.trim();
}

const NUMBER_TEXT = /^\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$/;

interface Checked {
  readonly entries: Entry[];
  readonly problems: Finding[];
}

/**
 * Checks every return of a submission and puts it in the form it is written: amounts as
 * whole pennies, quarters of the grant's year, statuses of the plan's key, numbers that
 * fit the measure. Every problem is a finding; none stops the others being found.
 */
function checkSubmission(plan: Plan, submission: ReturnSubmission): Checked {
  const returns = plan.returns;
  const problems: Finding[] = [];
  const entries: Entry[] = [];
  if (returns === null) return { entries, problems };
  const lineSheet = returns.layouts.lineReturns?.sheet ?? LINE_RETURNS.sheet;
  const measureSheet = returns.layouts.measureReturns?.sheet ?? MEASURE_RETURNS.sheet;
  const seen = new Set<string>();
  const report = (code: FindingCode, sheet: string, cell: string, message: string): void => {
    problems.push({ code, severity: "error", sheet, cell, message });
  };
  const yearProblem = (id: string, grantYear: string, year: string, quarter: number): string | null => {
    const fy = parseFinancialYear(year);
    if (fy === null) return `"${year}" is not a financial year such as 2020/21.`;
    const grant = parseFinancialYear(grantYear);
    if (grant !== null && grant.startYear !== fy.startYear) return `${id}'s grant is for ${formatFinancialYear(grant)}, not ${formatFinancialYear(fy)}.`;
    if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) return `Quarter ${quarter} is not Q1 to Q4.`;
    return null;
  };
  const existingOf = <R extends { readonly year: { readonly startYear: number } | null; readonly quarter: QuarterNumber | null; readonly row: number }>(
    rows: readonly R[],
    idOf: (r: R) => string,
    id: string,
    startYear: number,
    quarter: QuarterNumber,
  ): R[] => rows.filter((r) => idOf(r).toLowerCase() === id.toLowerCase() && r.year?.startYear === startYear && r.quarter === quarter);

  for (const input of submission.lines) {
    const at = { sheet: lineSheet, cell: "A1" };
    const line = plan.lines.find((l) => l.id.toLowerCase() === input.lineId.trim().toLowerCase());
    if (line === undefined) {
      report("RETURN_UNKNOWN", at.sheet, at.cell, `Line ${input.lineId} is not in the plan (it may have been deleted or renamed); no returns were written.`);
      continue;
    }
    const grantYear = plan.grants.find((g) => g.id.toLowerCase() === line.grantId.toLowerCase())?.year ?? "";
    const yearIssue = yearProblem(line.id, grantYear, input.year, input.quarter);
    if (yearIssue !== null) {
      report("RETURN_QUARTER_INVALID", at.sheet, at.cell, `The return for ${line.id} is for a quarter outside its grant's year: ${yearIssue} No returns were written.`);
      continue;
    }
    const fy = parseFinancialYear(input.year);
    if (fy === null) continue;
    const year = formatFinancialYear(fy);
    const key = keyText(line.id, year, input.quarter);
    if (seen.has(`line ${key.toLowerCase()}`)) {
      report("RETURN_DUPLICATE", at.sheet, at.cell, `${key} is in the submission twice; no returns were written.`);
      continue;
    }
    seen.add(`line ${key.toLowerCase()}`);
    const spend = parseMoneyInput(input.spend);
    if (!spend.ok) report("RETURN_VALUE_INVALID", at.sheet, at.cell, `Spend in quarter for ${key}: ${spend.message} No returns were written.`);
    const word = statusWord(returns.statusKey, input.status);
    if (word === null) {
      const words = returns.statusKey.map((k) => k.status).join(", ");
      report(
        "STATUS_UNKNOWN",
        at.sheet,
        at.cell,
        input.status.trim() === ""
          ? `Choose a status for ${key} (${words}); no returns were written.`
          : `"${input.status.trim()}" is not a status of this plan's key (${words}); no returns were written.`,
      );
    }
    const matches = existingOf(returns.lineReturns, (r) => r.lineId, line.id, fy.startYear, input.quarter);
    if (matches.length > 1) {
      report("RETURN_DUPLICATE", at.sheet, a1(matches[1]?.row ?? 0, 0), `${key} already has ${matches.length} returns in the workbook, so the one to update is ambiguous. Delete the extra rows first; no returns were written.`);
      continue;
    }
    if (!spend.ok || word === null) continue;
    const existing = matches[0];
    entries.push({
      table: LINE_RETURNS,
      id: line.id,
      year,
      quarter: input.quarter,
      key,
      values: [
        { key: "spend", value: toCellNumber(spend.value), shown: formatGBP(spend.value) },
        { key: "status", value: word, shown: word },
        { key: "commentary", value: input.commentary.trim(), shown: input.commentary.trim() },
        { key: "risks", value: input.risks.trim(), shown: input.risks.trim() },
      ],
      existing: existing === undefined ? null : { row: existing.row, shown: lineShown(existing) },
    });
  }

  for (const input of submission.measures) {
    const at = { sheet: measureSheet, cell: "A1" };
    const measure = plan.measures.find((m) => m.id.toLowerCase() === input.measureId.trim().toLowerCase());
    const line = measure === undefined ? undefined : plan.lines.find((l) => l.id.toLowerCase() === measure.lineId.toLowerCase());
    if (measure === undefined) {
      report("RETURN_UNKNOWN", at.sheet, at.cell, `Measure ${input.measureId} is not in the plan (it may have been deleted or renamed); no returns were written.`);
      continue;
    }
    const grantYear = plan.grants.find((g) => g.id.toLowerCase() === (line?.grantId ?? "").toLowerCase())?.year ?? "";
    const yearIssue = yearProblem(measure.id, grantYear, input.year, input.quarter);
    if (yearIssue !== null) {
      report("RETURN_QUARTER_INVALID", at.sheet, at.cell, `The return for ${measure.id} is for a quarter outside its grant's year: ${yearIssue} No returns were written.`);
      continue;
    }
    const fy = parseFinancialYear(input.year);
    if (fy === null) continue;
    const year = formatFinancialYear(fy);
    const key = keyText(measure.id, year, input.quarter);
    if (seen.has(`measure ${key.toLowerCase()}`)) {
      report("RETURN_DUPLICATE", at.sheet, at.cell, `${key} is in the submission twice; no returns were written.`);
      continue;
    }
    seen.add(`measure ${key.toLowerCase()}`);
    let value: Money | null = null;
    let valueOk = true;
    const typed = input.value.trim();
    if (typed !== "") {
      if (!NUMBER_TEXT.test(typed)) {
        valueOk = false;
        report(
          "RETURN_VALUE_INVALID",
          at.sheet,
          at.cell,
          typed.startsWith("-")
            ? `The value for ${key} cannot be negative; no returns were written.`
            : `"${typed}" is not a number for ${key}; enter digits (for example 12), or leave it blank. No returns were written.`,
        );
      } else {
        value = new MoneyDecimal(typed.replace(/,/g, ""));
        const kind = MEASURE_KINDS.find((k) => k.kind === measure.kind)?.kind;
        if (kind === "count" && !value.isInteger()) {
          valueOk = false;
          report("RETURN_VALUE_INVALID", at.sheet, at.cell, `${key} counts whole things; ${typed} is not a whole number. No returns were written.`);
        } else if (kind === "percentage" && value.greaterThan(100)) {
          valueOk = false;
          report("RETURN_VALUE_INVALID", at.sheet, at.cell, `${key} is a percentage; ${typed} is over 100. No returns were written.`);
        }
      }
    }
    let word: string | null = "";
    if (input.status.trim() !== "") {
      word = statusWord(returns.statusKey, input.status);
      if (word === null) {
        report("STATUS_UNKNOWN", at.sheet, at.cell, `"${input.status.trim()}" is not a status of this plan's key (${returns.statusKey.map((k) => k.status).join(", ")}); no returns were written.`);
      }
    }
    const matches = existingOf(returns.measureReturns, (r) => r.measureId, measure.id, fy.startYear, input.quarter);
    if (matches.length > 1) {
      report("RETURN_DUPLICATE", at.sheet, a1(matches[1]?.row ?? 0, 0), `${key} already has ${matches.length} returns in the workbook, so the one to update is ambiguous. Delete the extra rows first; no returns were written.`);
      continue;
    }
    if (!valueOk || word === null) continue;
    const existing = matches[0];
    entries.push({
      table: MEASURE_RETURNS,
      id: measure.id,
      year,
      quarter: input.quarter,
      key,
      values: [
        { key: "value", value: value === null ? null : value.toNumber(), shown: value === null ? "" : value.toString() },
        { key: "status", value: word, shown: word },
        { key: "comment", value: input.comment.trim(), shown: input.comment.trim() },
      ],
      existing: existing === undefined ? null : { row: existing.row, shown: measureShown(existing) },
    });
  }
  return { entries, problems };
}

/** The cells of an existing return that an entry changes. */
function changedCells(entry: Entry): CellDiff[] {
  const existing = entry.existing;
  if (existing === null) return [];
  const content = CONTENT_COLUMNS[entry.table.table] ?? [];
  return entry.values
    .filter((v) => content.includes(v.key) && (existing.shown[v.key] ?? "") !== v.shown)
    .map((v) => ({ column: headerOf(entry.table, v.key), oldValue: existing.shown[v.key] ?? "", newValue: v.shown }));
}

/**
 * What a submission would change in returns that already exist, per return, old → new,
 * for the view to show before it asks; and which returns it adds. Returns the submission
 * cannot write (see `submitReturnsChanges`) are left out.
 */
export function submissionDiff(plan: Plan, submission: ReturnSubmission): SubmissionDiff {
  const { entries } = checkSubmission(plan, submission);
  const updates: ReturnUpdate[] = [];
  const unchanged: string[] = [];
  const added: string[] = [];
  for (const entry of entries) {
    if (entry.existing === null) {
      added.push(entry.key);
      continue;
    }
    const changes = changedCells(entry);
    if (changes.length === 0) unchanged.push(entry.key);
    else updates.push({ table: entry.table.table, key: entry.key, id: entry.id, changes });
  }
  return { updates, unchanged, added };
}

function missingTable(spec: AnyTableSpec): Finding {
  return {
    code: "TABLE_MISSING",
    severity: "error",
    sheet: spec.sheet,
    cell: "A1",
    message: `Table ${spec.table} is missing, so no returns were written. Put the table back (or upgrade the plan again in a copy) and submit again.`,
  };
}

/**
 * Writes a quarter's returns in one batch: new returns as rows below tblLineReturns and
 * tblMeasureReturns (filling the tables' trailing blank rows first); an existing return
 * (same line or measure, year and quarter) updated in place, only in the cells that
 * change, with each changed cell's old and new value appended to tblReturnChanges (who,
 * when). Every row read is guarded by an `expect`: a co-author's edit since the read makes
 * the host refuse the whole batch. Any invalid return refuses the whole submission, with
 * a finding per problem, and nothing is written. An unchanged return is not written again.
 */
export function submitReturnsChanges(raw: RawWorkbook, plan: Plan, submission: ReturnSubmission, who: string, now: Date): ActionResult {
  const returns = plan.returns;
  if (returns === null) {
    return refused([
      {
        code: "PLAN_OLDER_VERSION",
        severity: "error",
        sheet: META_SHEET,
        cell: "B2",
        message: "This plan is in the older format (version 1), which has no returns tables. Upgrade the plan first; no returns were written.",
      },
    ]);
  }
  const layouts = { line: returns.layouts.lineReturns, measure: returns.layouts.measureReturns, log: returns.layouts.returnChanges };
  const missing = [
    ...(layouts.line === null && submission.lines.length > 0 ? [missingTable(LINE_RETURNS)] : []),
    ...(layouts.measure === null && submission.measures.length > 0 ? [missingTable(MEASURE_RETURNS)] : []),
  ];
  const { entries, problems } = checkSubmission(plan, submission);
  if (missing.length > 0 || problems.length > 0) return refused([...missing, ...problems]);

  const when = excelDateTime(ukWallClock(now));
  const whenShown = formatExcelDateTime(when);
  const logRows: CellInput[][] = [];
  const changes: Change[] = [];
  for (const [spec, layout] of [
    [LINE_RETURNS, layouts.line],
    [MEASURE_RETURNS, layouts.measure],
  ] as const) {
    const mine = entries.filter((e) => e.table === spec);
    if (mine.length === 0 || layout === null) continue;
    const written = writeReturns(raw, spec, layout, mine, who, when);
    if ("problem" in written) return refused([written.problem]);
    changes.push(...written.changes);
    for (const entry of mine) {
      for (const diff of changedCells(entry)) logRows.push(logRow(entry, diff.column, diff.oldValue, diff.newValue, who, when));
      const existing = entry.existing;
      if (existing === null || changedCells(entry).length === 0) continue;
      // Who entered the return and when are overwritten too: they are kept in the log as well.
      const before = { enteredBy: existing.shown["enteredBy"] ?? "", enteredOn: existing.shown["enteredOn"] ?? "" };
      if (before.enteredBy !== who) logRows.push(logRow(entry, headerOf(spec, "enteredBy"), before.enteredBy, who, who, when));
      if (before.enteredOn !== whenShown) logRows.push(logRow(entry, headerOf(spec, "enteredOn"), before.enteredOn, whenShown, who, when));
    }
  }
  if (logRows.length > 0) {
    if (layouts.log === null) return refused([missingTable(RETURN_CHANGES)]);
    const logged = rowsBelow(raw, RETURN_CHANGES, layouts.log, logRows);
    if ("problem" in logged) return refused([logged.problem]);
    changes.push(...logged.changes);
  }
  // Every expectation first: hosts check them all before writing anything anyway.
  changes.sort((a, b) => (a.kind === "expect" ? 0 : 1) - (b.kind === "expect" ? 0 : 1));
  return { changes, findings: [] };
}

function logRow(entry: Entry, column: string, oldValue: string, newValue: string, who: string, when: number): CellInput[] {
  return rowFor(RETURN_CHANGES, { table: entry.table.table, key: entry.key, column, oldValue, newValue, changedBy: who, changedOn: when });
}

type Written = { readonly changes: Change[] } | { readonly problem: Finding };

/** The changes that write one table's returns: updates in place, then new rows below. */
function writeReturns(raw: RawWorkbook, spec: AnyTableSpec, layout: TableLayout, entries: readonly Entry[], who: string, when: number): Written {
  const expectations: CellExpectation[] = [];
  const cells: { address: string; value: CellInput }[] = [];
  const newRows: CellInput[][] = [];
  const idKey = spec.columns[0]?.key ?? "";
  for (const entry of entries) {
    const all: Record<string, CellInput> = {
      [idKey]: entry.id,
      year: entry.year,
      quarter: quarterLabel(entry.quarter),
      enteredBy: who,
      enteredOn: when,
    };
    for (const v of entry.values) all[v.key] = v.value;
    const existing = entry.existing;
    if (existing === null) {
      const row: CellInput[] = new Array<CellInput>(layout.width).fill(null);
      for (const column of spec.columns) {
        const at = layout.columns[column.key];
        if (at !== undefined) row[at - layout.firstColumn] = all[column.key] ?? null;
      }
      newRows.push(row);
      continue;
    }
    const diffs = changedCells(entry);
    if (diffs.length === 0) continue;
    const message = `The return ${entry.key} (${layout.sheet} row ${existing.row + 1}) changed in the workbook after it was read, perhaps by a co-author. Nothing was written; check the returns and submit again.`;
    // The row must still be this return, and every cell written must still hold what was read.
    const guarded = new Set([idKey, "year", "quarter", ...diffs.map((d) => spec.columns.find((c) => c.header === d.column)?.key ?? "")]);
    for (const key of guarded) {
      const column = layout.columns[key];
      if (column === undefined) continue;
      const address = a1(existing.row, column);
      const value = cellIn(raw, layout.sheet, address);
      if (value !== undefined) expectations.push({ address, value, message });
    }
    for (const key of [...diffs.map((d) => spec.columns.find((c) => c.header === d.column)?.key ?? ""), "enteredBy", "enteredOn"]) {
      const column = layout.columns[key];
      if (column !== undefined) cells.push({ address: a1(existing.row, column), value: all[key] ?? null });
    }
  }
  const changes: Change[] = [];
  if (expectations.length > 0) changes.push({ kind: "expect", sheet: layout.sheet, cells: expectations });
  if (cells.length > 0) {
    const count = new Set(cells.map((c) => c.address.replace(/^[A-Z]+/, ""))).size;
    changes.push({ kind: "setCells", sheet: layout.sheet, cells, label: `Update ${count === 1 ? "1 return" : `${count} returns`} in ${spec.table}` });
  }
  if (newRows.length > 0) {
    const below = rowsBelow(raw, spec, layout, newRows);
    if ("problem" in below) return below;
    changes.push(...below.changes);
  }
  return { changes };
}

/**
 * New rows for a table: first into the blank rows at its end (which must still be blank
 * when written), the rest appended directly below it. Only the plan's own columns of a
 * blank row are written, so a person's extra columns keep what they hold.
 */
function rowsBelow(raw: RawWorkbook, spec: AnyTableSpec, layout: TableLayout, rows: readonly (readonly CellInput[])[]): Written {
  const changes: Change[] = [];
  const blankRows = Math.max(0, layout.endRow - layout.nextRow);
  const intoBlank = rows.slice(0, blankRows);
  const appended = rows.slice(blankRows);
  if (intoBlank.length > 0) {
    const stillBlank: CellExpectation[] = [];
    const cells: { address: string; value: CellInput }[] = [];
    intoBlank.forEach((row, i) => {
      const sheetRow = layout.nextRow + i;
      const span = `${layout.sheet}!${a1(sheetRow, layout.firstColumn)}:${a1(sheetRow, layout.firstColumn + layout.width - 1)}`;
      for (let c = 0; c < layout.width; c++) {
        const address = a1(sheetRow, layout.firstColumn + c);
        stillBlank.push({ address, value: null, message: `The blank table row ${span} is no longer blank: someone typed into it since the workbook was read. Nothing was written; submit again.` });
        const value = row[c] ?? null;
        if (value !== null) cells.push({ address, value });
      }
    });
    changes.push({ kind: "expect", sheet: layout.sheet, cells: stillBlank });
    changes.push({ kind: "setCells", sheet: layout.sheet, cells, label: `Add ${intoBlank.length === 1 ? "1 row" : `${intoBlank.length} rows`} to ${spec.table} on "${layout.sheet}" (in its blank rows)` });
  }
  if (appended.length > 0) {
    if (!layout.belowIsEmpty) {
      return {
        problem: {
          code: "ROW_BELOW_NOT_EMPTY",
          severity: "error",
          sheet: layout.sheet,
          cell: a1(layout.endRow, layout.firstColumn),
          message: `The row below table ${spec.table} (${layout.sheet}!${a1(layout.endRow, layout.firstColumn)}) is not empty, so new rows would overwrite it. Nothing was written; move what is below the table and submit again.`,
        },
      };
    }
    changes.push({ kind: "appendRows", sheet: layout.sheet, table: spec.table, rows: appended });
  }
  return { changes };
}

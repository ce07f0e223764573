/**
 * What `grant-planner progress` prints: per grant and line, spend against profile and
 * allocation; per measure, actual against target to date; then the findings as `check`
 * prints them. A report for people, or JSON for scripts in which money is a string with
 * two decimals, a count a number, a percentage a string with one decimal, and a figure
 * that does not exist (or cannot be known) `null`.
 */
import type { Finding } from "../plan/findings";
import { formatGBP, type Money, MoneyDecimal, toMachine } from "../plan/money";
import type { Grant, Plan } from "../plan/model";
import { formatQuarter } from "../plan/periods";
import { formatAsAt } from "../plan/returns/progress";
import type { GrantProgress, LineProgress, MeasureProgress, Progress } from "../plan/returns/model";
import { MEASURE_KINDS } from "../plan/schema";
import { visibleText } from "../plan/text";
import { type FindingJson, findingsJson, findingsLines } from "./report";

export interface LineProgressJson {
  readonly id: string;
  readonly allocation: string | null;
  readonly profileToDate: string | null;
  readonly spendToDate: string | null;
  readonly remaining: string | null;
  readonly status: string;
  /** The quarters that have ended with no return, e.g. "2020/21-Q1". */
  readonly returnsMissing: readonly string[];
}

export interface GrantProgressJson {
  readonly id: string;
  readonly award: string | null;
  readonly allocated: string | null;
  /** Exactly the sum of its lines' spendToDate; null when one of them is not known. */
  readonly spendToDate: string | null;
  readonly remaining: string | null;
  readonly lines: readonly LineProgressJson[];
}

export interface MeasureProgressJson {
  readonly id: string;
  readonly lineId: string;
  readonly kind: string;
  readonly target: number | null;
  readonly targetToDate: number | null;
  readonly actualToDate: number | null;
  /** "93.3": one decimal, rounded half-even; null when the target to date is 0 or not known. */
  readonly percentOfTarget: string | null;
  readonly status: string;
}

export interface ProgressJson {
  readonly file: string;
  /** "2020/21-Q2". */
  readonly asAt: string;
  readonly grants: readonly GrantProgressJson[];
  readonly measures: readonly MeasureProgressJson[];
  readonly findings: readonly FindingJson[];
}

/** Money in the machine form; null when it is not known or has fractions of a penny (never rounded). */
function amount(m: Money | null): string | null {
  return m === null ? null : toMachine(m);
}

/** A count or level as a JSON number. */
function count(n: Money | null): number | null {
  return n === null ? null : n.toNumber();
}

/** A percentage to one decimal place, rounded half-even: "93.3". */
export function percentText(p: Money | null): string | null {
  return p === null ? null : p.toDecimalPlaces(1, MoneyDecimal.ROUND_HALF_EVEN).toFixed(1);
}

function lineJson(l: LineProgress): LineProgressJson {
  return {
    id: l.id,
    allocation: amount(l.allocation),
    profileToDate: amount(l.profileToDate),
    spendToDate: amount(l.spendToDate),
    remaining: amount(l.remaining),
    status: l.status,
    returnsMissing: [...l.returnsMissing],
  };
}

function grantJson(g: GrantProgress): GrantProgressJson {
  return {
    id: g.id,
    award: amount(g.award),
    allocated: amount(g.allocated),
    spendToDate: amount(g.spendToDate),
    remaining: amount(g.remaining),
    lines: g.lines.map(lineJson),
  };
}

function measureJson(m: MeasureProgress): MeasureProgressJson {
  return {
    id: m.id,
    lineId: m.lineId,
    kind: m.kind,
    target: count(m.target),
    targetToDate: count(m.targetToDate),
    actualToDate: count(m.actualToDate),
    percentOfTarget: percentText(m.percentOfTarget),
    status: m.status,
  };
}

export function progressJson(file: string, progress: Progress, findings: readonly Finding[]): ProgressJson {
  return {
    file,
    asAt: formatAsAt(progress.asAt),
    grants: progress.grants.map(grantJson),
    measures: progress.measures.map(measureJson),
    findings: findingsJson(findings),
  };
}

// ---------------------------------------------------------------------------------------
// The report for people

/** Money for people; "not known" where the figure cannot be worked out, never £0.00. */
function gbp(m: Money | null): string {
  return m === null ? "not known" : formatGBP(m);
}

const COUNT_FORMAT = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 20 });

/** A count or level for people ("1,200", "12.5"); a dash where the measure has no such figure. */
function countText(n: Money | null): string {
  return n === null ? "–" : COUNT_FORMAT.format(n.toNumber());
}

function kindText(kind: string): string {
  return MEASURE_KINDS.find((k) => k.kind === kind)?.label ?? visibleText(kind);
}

function statusText(status: string): string {
  return status === "" ? "none" : visibleText(status);
}

/**
 * Lays rows out in columns two spaces apart, the columns marked `right` aligned to the
 * right (figures), trailing spaces removed.
 */
function columns(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[], indent: string): string[] {
  const widths = headers.map((h) => h.length);
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const layout = (cells: readonly string[]): string =>
    `${indent}${cells.map((c, i) => (right[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd();
  return [layout(headers), ...rows.map(layout)];
}

const LINE_HEADERS = ["Line", "Allocation", "Profile to date", "Spend to date", "Remaining", "Status", "Returns missing"];
const LINE_RIGHT = [false, true, true, true, true, false, false];
const MEASURE_HEADERS = ["Measure", "Line", "Kind", "Target", "Target to date", "Actual to date", "% of target", "Status"];
const MEASURE_RIGHT = [false, false, false, true, true, true, true, false];

function lineRow(l: LineProgress): string[] {
  return [
    `${visibleText(l.id)}${l.isReserve ? " (reserve)" : ""}`,
    gbp(l.allocation),
    gbp(l.profileToDate),
    gbp(l.spendToDate),
    gbp(l.remaining),
    statusText(l.status),
    l.returnsMissing.length === 0 ? "none" : l.returnsMissing.map(visibleText).join(", "),
  ];
}

function measureRow(m: MeasureProgress): string[] {
  const percent = percentText(m.percentOfTarget);
  return [
    visibleText(m.id),
    visibleText(m.lineId),
    kindText(m.kind),
    countText(m.target),
    countText(m.targetToDate),
    countText(m.actualToDate),
    percent === null ? "–" : `${percent}%`,
    statusText(m.status),
  ];
}

/**
 * The report for people. `plan` (optional) gives the grants' names. Everything that comes
 * from the workbook (or the file name) is passed through `visibleText`, so control
 * characters and line breaks in a cell show as `\u{…}` and can never forge a line.
 */
export function progressReport(file: string, progress: Progress, findings: readonly Finding[], plan?: Pick<Plan, "grants">): string {
  const names = new Map<string, Grant>();
  for (const g of plan?.grants ?? []) if (!names.has(g.id.toLowerCase())) names.set(g.id.toLowerCase(), g);
  const out: string[] = [
    `Grant Planner progress of ${visibleText(file)}`,
    `As at ${formatQuarter(progress.asAt)}: figures to date count each grant's quarters up to and including ${formatAsAt(progress.asAt)}.`,
    "",
  ];
  if (progress.grants.length === 0) {
    out.push("Grants: none yet (add them to the Grants sheet).", "");
  }
  for (const g of progress.grants) {
    const name = names.get(g.id.toLowerCase())?.name ?? "";
    out.push(`Grant ${visibleText(g.id)}${name === "" ? "" : `  ${visibleText(name)}`}`);
    out.push(`  award ${gbp(g.award)}   allocated ${gbp(g.allocated)}   spend to date ${gbp(g.spendToDate)}   remaining ${gbp(g.remaining)}`);
    if (g.lines.length === 0) out.push("  No lines yet.");
    else out.push("", ...columns(LINE_HEADERS, g.lines.map(lineRow), LINE_RIGHT, "  "));
    out.push("");
  }
  if (progress.measures.length === 0) {
    out.push("Measures: none yet.");
  } else {
    out.push("Measures", ...columns(MEASURE_HEADERS, progress.measures.map(measureRow), MEASURE_RIGHT, "  "));
  }
  out.push("", ...findingsLines(findings));
  return `${out.join("\n")}\n`;
}

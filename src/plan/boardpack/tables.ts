/**
 * The board summary as tables of plain values, the same tables the summary sheet and the
 * exports show (docs/summary.md): money and percentages as numbers, counts as numbers,
 * words as text, and a figure that is not known as null (a blank cell).
 */
import { type Money, MoneyDecimal } from "../money";
import { formatAsAt } from "../returns/progress";
import { MEASURE_KINDS } from "../schema";
import type { BoardSummary, GrantTotals } from "./summary";

export type SummaryCell = string | number | null;

/** How a column's numbers are written: money with two decimals, percentages with one, counts as they are. */
export type ColumnKind = "text" | "money" | "percent" | "count";

export interface SummaryTable {
  readonly title: string;
  readonly headers: readonly string[];
  readonly kinds: readonly ColumnKind[];
  readonly rows: readonly (readonly SummaryCell[])[];
}

/** Money as a number of pounds (exact: at most two decimals and fifteen digits); null when not known. */
export function moneyCell(m: Money | null): number | null {
  return m === null ? null : m.toDecimalPlaces(2, MoneyDecimal.ROUND_HALF_EVEN).toNumber();
}

/** A percentage rounded half-even to one decimal; null when there is none. */
export function percentCell(p: Money | null): number | null {
  return p === null ? null : p.toDecimalPlaces(1, MoneyDecimal.ROUND_HALF_EVEN).toNumber();
}

function countCell(n: Money | null): number | null {
  return n === null ? null : n.toNumber();
}

function kindText(kind: string): string {
  return MEASURE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

function grantMoney(g: GrantTotals): SummaryCell[] {
  return [g.award, g.allocated, g.reserve, g.spendToDate, g.remaining, g.forecastOutturn, g.variance].map(moneyCell);
}

export const TOTAL = "Total";

/** The summary's tables: grants, themes, lines, measures, lines by status, returns outstanding. */
export function summaryTables(summary: BoardSummary): SummaryTable[] {
  const grants: SummaryTable = {
    title: "Grants",
    headers: ["Grant", "Name", "Award", "Allocated", "Reserve", "Spend to date", "Remaining", "Forecast outturn", "Variance"],
    kinds: ["text", "text", "money", "money", "money", "money", "money", "money", "money"],
    rows: [...summary.grants.map((g) => [g.id, g.name, ...grantMoney(g)]), [TOTAL, "", ...grantMoney(summary.totals)]],
  };
  const lt = summary.lineTotals;
  const themes: SummaryTable = {
    title: "Themes",
    headers: ["Theme", "Lines", "Allocation", "Spend to date", "% spent", "Status"],
    kinds: ["text", "count", "money", "money", "percent", "text"],
    rows: [
      ...summary.themes.map((t) => [t.theme, t.lines, moneyCell(t.allocation), moneyCell(t.spendToDate), percentCell(t.percentSpent), t.status]),
      [TOTAL, summary.lines.length, moneyCell(lt.allocation), moneyCell(lt.spendToDate), percentCell(lt.percentSpent), ""],
    ],
  };
  const lines: SummaryTable = {
    title: "Lines",
    headers: ["Line", "Grant", "Theme", "Reserve", "Allocation", "Spend to date", "% spent", "Forecast outturn", "Status", "Latest commentary"],
    kinds: ["text", "text", "text", "text", "money", "money", "percent", "money", "text", "text"],
    rows: [
      ...summary.lines.map((l) => [
        l.id,
        l.grantId,
        l.theme,
        l.isReserve ? "Yes" : "No",
        moneyCell(l.allocation),
        moneyCell(l.spendToDate),
        percentCell(l.percentSpent),
        moneyCell(l.forecastOutturn),
        l.status,
        l.commentary,
      ]),
      [TOTAL, "", "", "", moneyCell(lt.allocation), moneyCell(lt.spendToDate), percentCell(lt.percentSpent), moneyCell(lt.forecastOutturn), "", ""],
    ],
  };
  const measures: SummaryTable = {
    title: "Measures",
    headers: ["Measure", "Line", "Kind", "Target", "Target to date", "Actual to date", "% achieved", "Status"],
    kinds: ["text", "text", "text", "count", "count", "count", "percent", "text"],
    rows: summary.measures.map((m) => [
      m.id,
      m.lineId,
      kindText(m.kind),
      countCell(m.target),
      countCell(m.targetToDate),
      countCell(m.actualToDate),
      percentCell(m.percentOfTarget),
      m.status,
    ]),
  };
  const statuses: SummaryTable = {
    title: "Lines by status",
    headers: ["Status", "Lines"],
    kinds: ["text", "count"],
    rows: [...summary.statusCounts.map((c) => [c.status, c.lines]), [TOTAL, summary.statusCounts.reduce((n, c) => n + c.lines, 0)]],
  };
  const outstanding: SummaryTable = {
    title: `Returns outstanding as at ${formatAsAt(summary.asAt)}`,
    headers: ["Kind", "ID", "Quarters with no return"],
    kinds: ["text", "text", "text"],
    rows: summary.returnsOutstanding.map((r) => [r.kind, r.id, r.quarters.join(", ")]),
  };
  return [grants, themes, lines, measures, statuses, outstanding];
}

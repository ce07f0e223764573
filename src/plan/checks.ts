/**
 * Checks over a decoded plan: the funder's rules and the plan's own integrity.
 * Each check returns findings; `checkWorkbook` reads and checks in one call.
 */
import { a1, cellText, EXCEL_ERRORS, isCellError, isUncalculated } from "./cell";
import { type Finding, sortFindings } from "./findings";
import { decodeAmount, excelNumber, formatGBP, fromPennies, type Money, MoneyDecimal, roundToPennies, ZERO } from "./money";
import type { Grant, OwnFormulaCell, Plan, TableLayout } from "./model";
import { type ReadResult, readPlan } from "./decode";
import type { RawWorkbook } from "./raw";
import { GRANTS, LINES, MEASURE_KINDS } from "./schema";
import { KeyTable } from "./keyTable";
import { capText, caseKey, quoteText } from "./text";
import type { IsoDate, Quarter } from "./periods";
import { returnsFindings } from "./returns/checks";
import { asAtFor } from "./returns/progress";
import { progressRowFindings } from "./returns/progressRows";

type Check = (plan: Plan) => Finding[];

/**
 * True when the table was found with all the named columns. A check that depends on a
 * missing column is skipped: COLUMN_MISSING already says that part was not read.
 */
function hasColumns(layout: TableLayout | null, ...keys: string[]): layout is TableLayout {
  return layout !== null && keys.every((k) => layout.columns[k] !== undefined);
}

function cellOf(layout: TableLayout | null, key: string, row: number): { sheet: string; cell: string } {
  if (!layout) return { sheet: "", cell: "A1" };
  return { sheet: layout.sheet, cell: a1(row, layout.columns[key] ?? layout.firstColumn) };
}

function finding(
  layout: TableLayout | null,
  key: string,
  row: number,
  code: Finding["code"],
  severity: Finding["severity"],
  message: string,
): Finding {
  return { code, severity, ...cellOf(layout, key, row), message };
}

/** The case key (see `caseKey`) of each ID or reference of some rows, in row order. */
function caseKeys<T>(rows: readonly T[], field: (row: T) => string): string[] {
  const out: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = caseKey(field(rows[i] as T));
  return out;
}

/** One table's IDs as case keys: where each first appears, and the rows that use one again. */
interface IdIndex {
  /** Finds each non-blank key's first row, as an index into the table's rows. */
  readonly first: KeyTable;
  /** The rows whose key an earlier row already has, in row order, each with that earlier row's index. */
  readonly repeats: readonly { readonly index: number; readonly first: number }[];
}

function idIndex(rows: readonly { readonly id: string }[]): IdIndex {
  const first = new KeyTable(rows.length, (i) => rows[i]?.id ?? "");
  const repeats: { index: number; first: number }[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]?.id === "") continue;
    const earlier = first.add(i);
    if (earlier >= 0) repeats.push({ index: i, first: earlier });
  }
  return { first, repeats };
}

/** Blank, or naming no line: how a measure's Line ID is marked in `PlanIndex.measureLines`. */
const BLANK_REFERENCE = -2;
/** What `KeyTable.find` gives for a key no row has. */
const UNKNOWN_REFERENCE = -1;

/**
 * What several checks need from the same plan, worked out once when first asked for:
 * IDs and references as case keys (IDs match whatever their case), where each ID first
 * appears, the grants' totals, each measure's line and the lines' measure counts.
 */
class PlanIndex {
  constructor(readonly plan: Plan) {}

  private grantKeysKept: string[] | undefined;
  private lineKeysKept: string[] | undefined;
  private lineGrantKeysKept: string[] | undefined;
  private grantIdsKept: IdIndex | undefined;
  private lineIdsKept: IdIndex | undefined;
  private measureIdsKept: IdIndex | undefined;
  private totalsKept: Map<string, GrantTotal> | undefined;
  private measureLinesKept: Int32Array | undefined;
  private countsKept: Int32Array | null | undefined;

  get grantKeys(): string[] {
    return (this.grantKeysKept ??= caseKeys(this.plan.grants, (g) => g.id));
  }
  get lineKeys(): string[] {
    return (this.lineKeysKept ??= caseKeys(this.plan.lines, (l) => l.id));
  }
  get lineGrantKeys(): string[] {
    return (this.lineGrantKeysKept ??= caseKeys(this.plan.lines, (l) => l.grantId));
  }
  get grantIds(): IdIndex {
    return (this.grantIdsKept ??= idIndex(this.plan.grants));
  }
  get lineIds(): IdIndex {
    return (this.lineIdsKept ??= idIndex(this.plan.lines));
  }
  get measureIds(): IdIndex {
    return (this.measureIdsKept ??= idIndex(this.plan.measures));
  }
  get totals(): Map<string, GrantTotal> {
    return (this.totalsKept ??= totalsOf(this));
  }
  /**
   * Per measure, the index of the first line with its Line ID (matched whatever the case);
   * UNKNOWN_REFERENCE when no line has it, BLANK_REFERENCE when it is blank.
   */
  get measureLines(): Int32Array {
    if (this.measureLinesKept === undefined) {
      const measures = this.plan.measures;
      const first = this.lineIds.first;
      const out = new Int32Array(measures.length);
      for (let i = 0; i < measures.length; i++) {
        const lineId = measures[i]?.lineId ?? "";
        out[i] = lineId === "" ? BLANK_REFERENCE : first.find(lineId);
      }
      this.measureLinesKept = out;
    }
    return this.measureLinesKept;
  }
  /**
   * Per line, the number of measures that name its ID (the same for every line of a
   * repeated ID); null when the Measures table or its Line ID column is missing.
   */
  get counts(): Int32Array | null {
    if (this.countsKept === undefined) {
      if (!hasColumns(this.plan.layouts.measures, "lineId")) {
        this.countsKept = null;
      } else {
        const counts = new Int32Array(this.plan.lines.length);
        for (const line of this.measureLines) if (line >= 0) counts[line] = (counts[line] ?? 0) + 1;
        // A repeated ID's later rows count what its first row counts.
        for (const r of this.lineIds.repeats) counts[r.index] = counts[r.first] ?? 0;
        this.countsKept = counts;
      }
    }
    return this.countsKept;
  }
}

type IndexedCheck = (index: PlanIndex) => Finding[];

/** Missing and duplicate IDs in every table that has one. */
const idFindings: IndexedCheck = (index) => {
  const plan = index.plan;
  const out: Finding[] = [];
  const tables = [
    { layout: plan.layouts.grants, rows: plan.grants, what: "grant", ids: () => index.grantIds },
    { layout: plan.layouts.lines, rows: plan.lines, what: "line", ids: () => index.lineIds },
    { layout: plan.layouts.measures, rows: plan.measures, what: "measure", ids: () => index.measureIds },
  ];
  for (const { layout, rows, what, ids } of tables) {
    if (!layout || layout.columns["id"] === undefined) continue;
    const { repeats } = ids();
    const What = `${what[0]?.toUpperCase() ?? ""}${what.slice(1)}`;
    // Blank IDs and repeats, merged in row order.
    let next = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r === undefined) continue;
      if (r.id === "") {
        out.push(finding(layout, "id", r.row, "ID_MISSING", "error", `This ${what} has no ID; give it one that no other ${what} uses.`));
      } else if (repeats[next]?.index === i) {
        // Every row of an ID but its first is a duplicate of the first.
        const firstOf = rows[repeats[next]?.first ?? i]?.row ?? r.row;
        next++;
        out.push(finding(layout, "id", r.row, "ID_DUPLICATE", "error", `${What} ID "${r.id}" is used again; it is already on row ${firstOf + 1}. Each ${what} needs its own ID.`));
      }
    }
  }
  return out;
};

/** Missing and duplicate IDs in every table that has one. */
export const checkIds: Check = (plan) => idFindings(new PlanIndex(plan));

/** Lines and priority areas that name an unknown grant; measures that name an unknown line. */
const referenceFindings: IndexedCheck = (index) => {
  const plan = index.plan;
  const out: Finding[] = [];
  const grantsKnown = hasColumns(plan.layouts.grants, "id");
  const linesKnown = hasColumns(plan.layouts.lines, "id");
  if (grantsKnown && hasColumns(plan.layouts.lines, "grantId")) {
    // A reference matches an ID of any row, a blank one too (a blank ID is reported as ID_MISSING).
    const grantIds = index.grantIds.first;
    const blankGrant = plan.grants.some((g) => g.id === "");
    const knownGrant = (key: string): boolean => (key === "" ? blankGrant : grantIds.find(key) >= 0);
    for (const line of plan.lines) {
      // A Grant ID that shows an error or an uncalculated formula has its own finding already.
      if (line.grantIdKnown !== false && !knownGrant(line.grantId)) {
        out.push(
          finding(
            plan.layouts.lines,
            "grantId",
            line.row,
            "GRANT_UNKNOWN",
            "error",
            line.grantId === ""
              ? `Line ${line.id || `on row ${line.row + 1}`} names no grant, so its allocation counts towards none.`
              : `Line ${line.id} names grant "${line.grantId}", which is not in the Grants table, so its allocation counts towards no award.`,
          ),
        );
      }
    }
    for (const area of hasColumns(plan.layouts.areas, "grantId") ? plan.areas : []) {
      if (!knownGrant(area.grantId)) {
        out.push(
          finding(plan.layouts.areas, "grantId", area.row, "GRANT_UNKNOWN", "error", `Priority area "${area.area}" names grant "${area.grantId}", which is not in the Grants table.`),
        );
      }
    }
  }
  if (linesKnown && hasColumns(plan.layouts.measures, "lineId")) {
    const measureLines = index.measureLines;
    const blankLine = plan.lines.some((l) => l.id === "");
    for (let i = 0; i < plan.measures.length; i++) {
      const m = plan.measures[i];
      const line = measureLines[i] ?? UNKNOWN_REFERENCE;
      if (m !== undefined && (line === UNKNOWN_REFERENCE || (line === BLANK_REFERENCE && !blankLine))) {
        out.push(
          finding(
            plan.layouts.measures,
            "lineId",
            m.row,
            "LINE_UNKNOWN",
            "error",
            m.lineId === ""
              ? `Measure ${m.id || `on row ${m.row + 1}`} names no line.`
              : `Measure ${m.id} names line "${m.lineId}", which is not in the Lines table.`,
          ),
        );
      }
    }
  }
  return out;
};

export const checkReferences: Check = (plan) => referenceFindings(new PlanIndex(plan));

/** A grant's exact allocated total, or null when it is not known (see `grantTotals`). */
export type GrantTotal = Money | null;

/**
 * Every grant's exact allocated total, keyed by grant ID in lower case, in one pass over
 * the lines. A total is null (not known) when the Lines table or its Grant ID or
 * Allocation column is missing, or when any allocation of the grant cannot be read (an
 * error, words, a formula with no stored result, fractions of a penny): a blank
 * allocation counts as £0.00. Grants with no lines total £0.00.
 */
export function grantTotals(plan: Plan): Map<string, GrantTotal> {
  const index = new PlanIndex(plan);
  const totals = index.totals;
  const grantKeys = index.grantKeys;
  const out = new Map<string, GrantTotal>();
  for (let i = 0; i < plan.grants.length; i++) {
    const key = plan.grants[i]?.id.toLowerCase() ?? "";
    if (!out.has(key)) out.set(key, totals.get(grantKeys[i] ?? "") ?? null);
  }
  return out;
}

function totalsOf(index: PlanIndex): Map<string, GrantTotal> {
  const plan = index.plan;
  const grants = plan.grants;
  const totals = new Map<string, GrantTotal>();
  const readable = hasColumns(plan.layouts.lines, "grantId", "allocation");
  const grantKeys = index.grantKeys;
  if (!readable) {
    for (const key of grantKeys) totals.set(key, null);
    return totals;
  }
  // Per grant (its first row of each ID): allocations read as pennies are added as safe
  // integers, any other exactly; unknown once any of them cannot be read.
  const pennies = new Float64Array(grants.length);
  const exact: Money[] = new Array<Money>(grants.length).fill(ZERO);
  const unknown = new Uint8Array(grants.length);
  const firstBlank = grants.findIndex((g) => g.id === "");
  const ids = index.grantIds.first;
  // A line whose Grant ID cannot be read (an error, an uncalculated formula) may belong to
  // any grant: unless it holds nothing, every total is unknown rather than wrong.
  let strayMoney = false;
  for (const line of plan.lines) {
    if (line.grantIdKnown === false && (!line.allocationKnown || (line.allocation !== null && !line.allocation.isZero()))) strayMoney = true;
    const g = line.grantId === "" ? firstBlank : ids.find(line.grantId);
    if (g < 0 || unknown[g] === 1) continue;
    if (!line.allocationKnown) {
      unknown[g] = 1;
      continue;
    }
    const p = line.allocationPennies;
    const sofar = pennies[g] ?? 0;
    if (p !== null && sofar + p <= Number.MAX_SAFE_INTEGER) pennies[g] = sofar + p;
    else if (line.allocation !== null) exact[g] = (exact[g] ?? ZERO).plus(line.allocation);
  }
  for (let i = 0; i < grants.length; i++) {
    const key = grantKeys[i] ?? "";
    if (totals.has(key)) continue;
    const g = key === "" ? firstBlank : ids.find(grants[i]?.id ?? "");
    totals.set(key, strayMoney || g < 0 || unknown[g] === 1 ? null : (exact[g] ?? ZERO).plus(fromPennies(pennies[g] ?? 0)));
  }
  return totals;
}

/** The exact sum of one grant's line allocations, or null when it is not known. Use `grantTotals` for many grants. */
export function allocatedTo(plan: Plan, grant: Grant): GrantTotal {
  return grantTotals(plan).get(grant.id.toLowerCase()) ?? null;
}

/** Allocations + reserve must equal the award exactly. */
const balanceFindings: IndexedCheck = (index) => {
  const plan = index.plan;
  const out: Finding[] = [];
  if (!hasColumns(plan.layouts.lines, "grantId", "allocation") || !hasColumns(plan.layouts.grants, "id")) return out;
  const grantKeys = index.grantKeys;
  const timesUsed = new Map<string, number>();
  for (const key of grantKeys) timesUsed.set(key, (timesUsed.get(key) ?? 0) + 1);
  const totals = index.totals;
  for (let i = 0; i < plan.grants.length; i++) {
    const grant = plan.grants[i];
    const key = grantKeys[i] ?? "";
    // A grant ID used twice cannot say whose lines are whose: ID_DUPLICATE reports it instead.
    if (grant === undefined || grant.award === null || grant.id === "" || (timesUsed.get(key) ?? 0) > 1) continue;
    const allocated = totals.get(key) ?? null;
    // An allocation that cannot be read has its own finding; the balance is not known.
    if (allocated === null) continue;
    const difference = grant.award.minus(allocated);
    if (difference.isNegative() && !difference.isZero()) {
      out.push(
        finding(
          plan.layouts.grants,
          "award",
          grant.row,
          "OVER_ALLOCATED",
          "error",
          `${grant.name || grant.id} is over-allocated by ${formatGBP(difference.negated())}: its lines and reserve add up to ${formatGBP(allocated)} against an award of ${formatGBP(grant.award)}.`,
        ),
      );
    } else if (!difference.isZero()) {
      out.push(
        finding(
          plan.layouts.grants,
          "award",
          grant.row,
          "UNALLOCATED",
          "warning",
          `${formatGBP(difference)} of ${grant.name || grant.id} (award ${formatGBP(grant.award)}) is not yet allocated to a line or the reserve.`,
        ),
      );
    }
  }
  return out;
};

/** Allocations + reserve must equal the award exactly. */
export const checkBalances: Check = (plan) => balanceFindings(new PlanIndex(plan));

/** Each line's number of measures, keyed by line ID in lower case, in one pass; null when the Measures table or its Line ID column is missing. */
export function measureCounts(plan: Plan): Map<string, number> | null {
  if (!hasColumns(plan.layouts.measures, "lineId")) return null;
  const counts = new Map<string, number>();
  for (const m of plan.measures) {
    if (m.lineId === "") continue;
    const key = m.lineId.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** A count as an exact figure; the small counts a line usually has are built once. */
const SMALL_COUNTS: readonly Money[] = Array.from({ length: 64 }, (_, n) => new MoneyDecimal(n));
function countFigure(n: number): Money {
  return SMALL_COUNTS[n] ?? new MoneyDecimal(n);
}

/** True when a cell's number is the count `figure`. */
function sameCount(value: number, figure: Money): boolean {
  // A small count is one of the figures built once: the same object, no conversion needed.
  if (Number.isInteger(value) && value >= 0 && SMALL_COUNTS[value] === figure) return true;
  return value === figure.toNumber();
}

/** What one of the plan's own formula cells must show, in the core's exact figures. */
export interface OwnFigure {
  readonly table: "grants" | "lines";
  readonly key: "allocated" | "unallocated" | "measureCount";
  readonly row: number;
  /** The ID of the row's grant or line, for messages. */
  readonly id: string;
  /** The core's figure; null when it is not known. */
  readonly figure: Money | null;
  readonly kind: "money" | "count";
  /** The cell as the workbook holds it; undefined when the table has no such column. */
  readonly cell: OwnFormulaCell | undefined;
}

/**
 * The figure of every own formula cell of every row (Allocated, Unallocated of each
 * grant; Measures of each line), totals computed in one pass each.
 */
export function ownFigures(plan: Plan): OwnFigure[] {
  return ownFiguresOf(new PlanIndex(plan));
}

function ownFiguresOf(index: PlanIndex): OwnFigure[] {
  const plan = index.plan;
  const totals = index.totals;
  const counts = index.counts;
  const grantKeys = index.grantKeys;
  const out: OwnFigure[] = [];
  for (let i = 0; i < plan.grants.length; i++) {
    const g = plan.grants[i];
    if (g === undefined) continue;
    const allocated = totals.get(grantKeys[i] ?? "") ?? null;
    out.push({ table: "grants", key: "allocated", row: g.row, id: g.id, figure: allocated, kind: "money", cell: g.formulaCells["allocated"] });
    const unallocated = allocated === null || g.award === null ? null : g.award.minus(allocated);
    out.push({ table: "grants", key: "unallocated", row: g.row, id: g.id, figure: unallocated, kind: "money", cell: g.formulaCells["unallocated"] });
  }
  for (let i = 0; i < plan.lines.length; i++) {
    const l = plan.lines[i];
    if (l === undefined) continue;
    const count = counts === null ? null : countFigure(counts[i] ?? 0);
    out.push({ table: "lines", key: "measureCount", row: l.row, id: l.id, figure: count, kind: "count", cell: l.formulaCells["measureCount"] });
  }
  return out;
}

const OWN_COLUMN_NAMES: Record<OwnFigure["key"], string> = { allocated: "Allocated", unallocated: "Unallocated", measureCount: "Measures" };

/**
 * A formula compared in a form that ignores what does not change its meaning: the leading
 * "=", case, spaces outside quotes, and Excel's this-row shorthand (`[@[Grant ID]]`,
 * `[@Award]`) versus the file form (`tblGrants[[#This Row],[Grant ID]]`).
 */
export function normaliseFormula(formula: string, table: string): string {
  let f = capText(formula).trim();
  if (f.startsWith("=")) f = f.slice(1);
  let out = "";
  let quoted = false;
  for (const ch of f) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === " " || ch === "\t" || ch === "\n" || ch === "\r")) continue;
    out += quoted ? ch : ch.toLowerCase();
  }
  // table[[#this row],[col]], table[@[col]], table[@col] and [@[col]] all mean "col of this row".
  const own = table.toLowerCase();
  return out
    .split(`${own}[[#thisrow],[`)
    .join("[@[")
    .split(`${own}[@`)
    .join("[@")
    .replace(/\[@\[([^[\]]*)\]\]/g, "[@$1]");
}

function ownFormula(table: "grants" | "lines", key: string): string | undefined {
  return (table === "grants" ? GRANTS : LINES).columns.find((c) => c.key === key)?.formula;
}

/** Answers already worked out, by table and key, then formula text: every row of a column usually holds the same formula. */
const documentedAnswers = new Map<string, Map<string, boolean>>();
const DOCUMENTED_ANSWERS_KEPT = 1000;

/** True when `formula` is the documented formula of an own column, written in any of Excel's equivalent forms. */
export function isDocumentedFormula(table: "grants" | "lines", key: string, formula: string): boolean {
  const column = `${table}.${key}`;
  let answers = documentedAnswers.get(column);
  if (answers === undefined) {
    answers = new Map();
    documentedAnswers.set(column, answers);
  }
  const known = answers.get(formula);
  if (known !== undefined) return known;
  const documented = ownFormula(table, key);
  const name = table === "grants" ? GRANTS.table : LINES.table;
  const answer = documented !== undefined && normaliseFormula(formula, name) === normaliseFormula(documented, name);
  if (answers.size >= DOCUMENTED_ANSWERS_KEPT) answers.clear();
  if (formula.length <= 1000) answers.set(formula, answer);
  return answer;
}

function describeFigure(kind: OwnFigure["kind"], value: Money): string {
  return kind === "money" ? formatGBP(roundToPennies(value)) : value.toString();
}

/**
 * The plan's own formula columns (Allocated and Unallocated in tblGrants, Measures in
 * tblLines) must hold a formula whose result equals the core's figure: a constant there
 * is FORMULA_OVERWRITTEN; a formula other than the documented one is accepted only when
 * its result equals the figure; a wrong result is FORMULA_TOTAL_MISMATCH. In manual
 * calculation mode stored results may be stale, so results are not compared (one
 * CALCULATION_MANUAL finding says so).
 */
const formulaTotalFindings: IndexedCheck = (index) => {
  const plan = index.plan;
  const out: Finding[] = [];
  const manual = plan.calculationMode === "manual";
  const uncalculated = new Map<string, { first: Finding; what: string; formula: string; name: string; count: number }>();
  const figuresReadable = {
    grants: hasColumns(plan.layouts.lines, "grantId", "allocation"),
    lines: hasColumns(plan.layouts.measures, "lineId"),
  };
  // Whether each own column can be checked at all, worked out once rather than per row.
  const checkable: Record<OwnFigure["key"], boolean> = {
    allocated: hasColumns(plan.layouts.grants, "id", "allocated"),
    unallocated: hasColumns(plan.layouts.grants, "id", "unallocated"),
    measureCount: hasColumns(plan.layouts.lines, "id", "measureCount"),
  };
  // The last formula seen in each own column and whether it was the documented one: every row usually holds the same.
  const lastFormula: Record<OwnFigure["key"], string | null> = { allocated: null, unallocated: null, measureCount: null };
  const lastAnswer: Record<OwnFigure["key"], boolean> = { allocated: false, unallocated: false, measureCount: false };
  for (const own of ownFiguresOf(index)) {
    const layout = own.table === "grants" ? plan.layouts.grants : plan.layouts.lines;
    const cell = own.cell;
    if (!checkable[own.key] || cell === undefined || own.id === "") continue;
    const { value, formula } = cell;
    let isOwnFormula = false;
    if (formula !== undefined && formula !== null) {
      if (formula !== lastFormula[own.key]) {
        lastFormula[own.key] = formula;
        lastAnswer[own.key] = isDocumentedFormula(own.table, own.key, formula);
      }
      isOwnFormula = lastAnswer[own.key];
    }
    // The usual case first, without building any message: the own formula showing the figure.
    if (!manual && formula !== null && (formula === undefined || isOwnFormula) && typeof value === "number" && own.figure !== null && figuresReadable[own.table]) {
      if (own.kind === "count" ? sameCount(value, own.figure) : Number.isFinite(value) && roundToPennies(excelNumber(value)).equals(roundToPennies(own.figure))) continue;
    }
    const name = OWN_COLUMN_NAMES[own.key];
    const what = `The ${name} cell of ${own.id}`;
    const documented = ownFormula(own.table, own.key) ?? "";
    const report = (code: Finding["code"], severity: Finding["severity"], message: string): void => {
      out.push(finding(layout, own.key, own.row, code, severity, message));
    };
    const putBack = `Put the formula back: =${documented}`;

    if (isUncalculated(value)) {
      // One warning per column, however many rows: a file written without results has none anywhere.
      const column = `${own.table}.${own.key}`;
      const seen = uncalculated.get(column);
      if (seen) seen.count++;
      else uncalculated.set(column, { first: finding(layout, own.key, own.row, "FORMULA_NOT_CALCULATED", "warning", ""), what, formula: value.uncalculated, name, count: 1 });
      continue;
    }
    if (formula === null) {
      const shown = value === null || (typeof value === "string" && value.trim() === "") ? "is blank" : `holds the typed value ${quoteText(cellText(value))}`;
      report(
        "FORMULA_OVERWRITTEN",
        "error",
        `${what} ${shown} instead of its formula, so the workbook no longer works this figure out and it goes stale when lines change. ${putBack}`,
      );
      continue;
    }
    if (manual) {
      if (formula !== undefined && !isOwnFormula) {
        report(
          "FORMULA_OVERWRITTEN",
          "warning",
          `${what} holds =${quoteText(formula, 200)}, not the plan's own formula, and the workbook calculates manually, so its result could not be confirmed. ${putBack}`,
        );
      }
      continue;
    }
    // Without the Lines (or Measures) columns the figure cannot be worked out; COLUMN_MISSING says so.
    if (!figuresReadable[own.table] || value === null) continue;
    const errorText = isCellError(value) ? value.error : typeof value === "string" && EXCEL_ERRORS.includes(value.trim().toUpperCase()) ? value.trim() : null;
    if (errorText !== null) {
      report("CELL_ERROR_VALUE", "error", `The ${name} formula for ${own.id} shows ${quoteText(errorText)}; the workbook cannot work this figure out until the formula is repaired.`);
      continue;
    }
    if (own.figure === null) continue;
    const decoded = decodeAmount(value);
    const shown = decoded.kind === "amount" ? decoded.value : null;
    const same = shown !== null && (own.kind === "money" ? roundToPennies(shown).equals(roundToPennies(own.figure)) : shown.equals(own.figure));
    if (same) continue;
    const showsText = shown === null ? `"${quoteText(cellText(value))}"` : describeFigure(own.kind, shown);
    if (formula !== undefined && !isOwnFormula) {
      report(
        "FORMULA_OVERWRITTEN",
        "error",
        `${what} holds =${quoteText(formula, 200)}, not the plan's own formula, and shows ${showsText} where the plan's figure is ${describeFigure(own.kind, own.figure)}. ${putBack}`,
      );
      continue;
    }
    report("FORMULA_TOTAL_MISMATCH", "error", mismatchMessage(own, name, showsText, shown));
  }
  for (const { first, what, formula, name, count } of uncalculated.values()) {
    const which = count === 1 ? `${what} holds =${quoteText(formula, 200)} but the file has no result stored for it` : `${count.toLocaleString("en-GB")} cells of the ${name} column (the first at ${first.sheet}!${first.cell}) hold their formula but the file has no result stored for them`;
    out.push({
      ...first,
      message: `${which}, so the workbook shows nothing there until it is recalculated. Grant Planner works the figures out itself; to see them in the workbook, open it in Excel or LibreOffice Calc and save it (or press F9 in Excel).`,
    });
  }
  if (manual) {
    const layout = plan.layouts.grants;
    const at = layout ? cellOf(layout, "allocated", layout.headerRow) : { sheet: GRANTS.sheet, cell: "A1" };
    out.push({
      code: "CALCULATION_MANUAL",
      severity: "warning",
      ...at,
      message:
        "The workbook is set to calculate manually, so the results its formulas show (Allocated, Unallocated, Measures) may be out of date and were not compared with the plan's figures. Grant Planner's own totals are exact. In Excel press F9 (or set Formulas > Calculation Options to Automatic), save, and check again.",
    });
  }
  return out;
};

export const checkFormulaTotals: Check = (plan) => formulaTotalFindings(new PlanIndex(plan));

function mismatchMessage(own: OwnFigure, name: string, showsText: string, shown: Money | null): string {
  const figure = own.figure ?? ZERO;
  if (own.key === "allocated") {
    const difference = shown === null ? "" : ` (a difference of ${formatGBP(figure.minus(shown).abs().toDecimalPlaces(2))})`;
    return `The workbook shows ${showsText} allocated to ${own.id}, but its lines add up to ${formatGBP(figure)} exactly${difference}. Amounts stored as text, a look-alike Grant ID, or a broken formula are the usual causes.`;
  }
  if (own.key === "unallocated") {
    return `The workbook shows ${showsText} unallocated for ${own.id}, but its award less its lines is ${formatGBP(figure)} exactly. Amounts stored as text or a broken formula are the usual causes.`;
  }
  return `The workbook shows ${showsText} in the ${name} column of line ${own.id}, but the Measures table holds ${figure.toString()} measure${figure.equals(1) ? "" : "s"} for it. A look-alike Line ID or a broken formula are the usual causes.`;
}

function isEligible(area: string, eligible: readonly string[]): boolean {
  const a = area.toLowerCase();
  return eligible.some((e) => e.toLowerCase() === a);
}

/** Lines of a grant with eligible priority areas must name at least one, and only those. */
const priorityAreaFindings: IndexedCheck = (index) => {
  const plan = index.plan;
  const out: Finding[] = [];
  // Without the column there is nothing to check; decoding reported it as COLUMN_MISSING.
  if (!hasColumns(plan.layouts.lines, "areas")) return out;
  // The last grant of an ID wins, as a map built from all of them would have it.
  const grants = new Map<string, Grant>();
  const grantKeys = index.grantKeys;
  let anyEligible = false;
  for (let i = 0; i < plan.grants.length; i++) {
    const g = plan.grants[i];
    if (g === undefined) continue;
    grants.set(grantKeys[i] ?? "", g);
    if (g.eligibleAreas.length > 0) anyEligible = true;
  }
  // No grant limits its areas (the usual plan): no line can break the rule.
  if (!anyEligible) return out;
  const lineGrantKeys = index.lineGrantKeys;
  for (let i = 0; i < plan.lines.length; i++) {
    const line = plan.lines[i];
    if (line === undefined) continue;
    const grant = grants.get(lineGrantKeys[i] ?? "");
    if (!grant || grant.eligibleAreas.length === 0 || line.isReserve) continue;
    const list = grant.eligibleAreas.join("; ");
    if (line.priorityAreas.length === 0) {
      out.push(
        finding(plan.layouts.lines, "areas", line.row, "PRIORITY_AREA_MISSING", "error", `Line ${line.id} names no priority area, but ${grant.id} may only fund: ${list}.`),
      );
      continue;
    }
    for (const area of line.priorityAreas) {
      if (!isEligible(area, grant.eligibleAreas)) {
        out.push(
          finding(plan.layouts.lines, "areas", line.row, "PRIORITY_AREA_NOT_ELIGIBLE", "error", `Line ${line.id} names "${area}", which ${grant.id} does not fund. Eligible areas: ${list}.`),
        );
      }
    }
  }
  return out;
};

/** Lines of a grant with eligible priority areas must name at least one, and only those. */
export const checkPriorityAreas: Check = (plan) => priorityAreaFindings(new PlanIndex(plan));

/** Every line except a reserve needs at least one measure. */
const lineMeasureFindings: IndexedCheck = (index) => {
  const plan = index.plan;
  const out: Finding[] = [];
  if (!hasColumns(plan.layouts.measures, "lineId") || !hasColumns(plan.layouts.lines, "id")) return out;
  // A line with a non-blank ID has measures exactly when some measure counts towards it.
  const counts = index.counts;
  for (let i = 0; i < plan.lines.length; i++) {
    const l = plan.lines[i];
    if (l === undefined || l.isReserve || l.id === "" || (counts?.[i] ?? 0) > 0) continue;
    out.push(
      finding(plan.layouts.lines, "id", l.row, "LINE_WITHOUT_MEASURES", "warning", `Line ${l.id} (${l.activity || "no activity"}) has no performance measures, so its progress cannot be reported.`),
    );
  }
  return out;
};

/** Every line except a reserve needs at least one measure. */
export const checkLineMeasures: Check = (plan) => lineMeasureFindings(new PlanIndex(plan));

const KINDS_BY_KEY: ReadonlyMap<string, (typeof MEASURE_KINDS)[number]> = new Map(MEASURE_KINDS.map((k) => [k.kind, k] as const));

/** Measures whose kind needs a number must have one (a reduction also needs its baseline). */
export const checkMeasureTargets: Check = (plan) => {
  const out: Finding[] = [];
  const layout = plan.layouts.measures;
  const canSeeTarget = hasColumns(layout, "target");
  const canSeeBaseline = hasColumns(layout, "baseline");
  for (const m of plan.measures) {
    const kind = m.kind === null ? undefined : KINDS_BY_KEY.get(m.kind);
    if (!kind || !kind.needsNumber) continue;
    // A target that is there but unreadable already has its own finding.
    if (canSeeTarget && m.target === null && !m.targetGiven) {
      out.push(
        finding(plan.layouts.measures, "target", m.row, "MEASURE_TARGET_MISSING", "warning", `Measure ${m.id} is a "${kind.label}" measure but has no target number. Enter one, or set Kind to "To be agreed".`),
      );
    }
    if (canSeeBaseline && m.kind === "reduction" && m.baseline === null && !m.baselineGiven) {
      out.push(
        finding(plan.layouts.measures, "baseline", m.row, "MEASURE_TARGET_MISSING", "warning", `Measure ${m.id} is a reduction but has no baseline to reduce from.`),
      );
    }
  }
  return out;
};

const INDEXED_CHECKS: readonly IndexedCheck[] = [
  idFindings,
  referenceFindings,
  balanceFindings,
  formulaTotalFindings,
  priorityAreaFindings,
  lineMeasureFindings,
  (index) => checkMeasureTargets(index.plan),
];

export const CHECKS: readonly Check[] = [
  checkIds,
  checkReferences,
  checkBalances,
  checkFormulaTotals,
  checkPriorityAreas,
  checkLineMeasures,
  checkMeasureTargets,
];

/**
 * What the checks of quarterly returns work to: the as-at quarter (given, else the plan's
 * "Returns as at" setting, else the last quarter ended on `today`) and today's date
 * (default: the clock's, in UTC).
 */
export interface CheckOptions {
  readonly asAt?: Quarter;
  readonly today?: IsoDate;
}

/** Today's date by the clock, in UTC. */
function clockToday(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}

export function checkPlan(plan: Plan, options: CheckOptions = {}): Finding[] {
  const index = new PlanIndex(plan);
  const out: Finding[] = [];
  for (const check of INDEXED_CHECKS) for (const f of check(index)) out.push(f);
  if (plan.returns !== null) {
    const asAt = asAtFor(plan, options.asAt ?? null, options.today ?? clockToday());
    for (const f of returnsFindings(plan, asAt)) out.push(f);
  }
  return out;
}

/** Decode and check in one go: the findings of both, errors first. */
export function checkWorkbook(raw: RawWorkbook, options: CheckOptions = {}): ReadResult {
  const read = readPlan(raw);
  if (read.status !== "plan") return read;
  return {
    status: "plan",
    plan: read.plan,
    findings: sortFindings([...read.findings, ...checkPlan(read.plan, options), ...progressRowFindings(raw, read.plan)]),
  };
}

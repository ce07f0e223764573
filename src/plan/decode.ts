/**
 * Decoding: raw cell values from a host become a typed plan plus findings. Nothing here
 * throws on user data; every oddity (a deleted column, merged cells, text amounts,
 * #REF!, blank rows) becomes a finding and the rest of the plan is still read.
 */
import { type CellValue, a1, cellText, EXCEL_ERRORS, isCellError, isUncalculated } from "./cell";
import type { Finding } from "./findings";
import { decodeAmount, excelNumber, formatGBP, isWholePennies, MAX_AMOUNT, type Money, parseAmountText } from "./money";
import type { Grant, Line, Measure, OwnFormulaCells, Plan, PriorityArea, TableLayout } from "./model";
import { parseFinancialYear } from "./periods";
import { formatRange, parseRange } from "./ranges";
import type { RawTable, RawWorkbook } from "./raw";
import { readReturns } from "./returns/decode";
import {
  type AnyTableSpec,
  AREA_SEPARATOR,
  AREAS,
  GRANTS,
  LINES,
  MEASURE_KINDS,
  MEASURES,
  META_KEYS,
  META_SHEET,
  type MeasureKind,
  normaliseHeader,
  NO,
  RETURNS_SCHEMA_VERSION,
  SCHEMA_VERSION,
  type TableKey,
  YES,
} from "./schema";
import { capText, MAX_WORD_TEXT, normaliseId, plainId, quoteText, SPACES_AROUND, wildcardsIn } from "./text";

/** Excel's wildcard characters in criteria, see `wildcardsIn`. */
const WILDCARD = /[*?~]/;

export type ReadResult =
  | { readonly status: "plan"; readonly plan: Plan; readonly findings: readonly Finding[] }
  | { readonly status: "not-a-plan"; readonly reason: string };

/** Reads the schema version the workbook declares, or explains why it is not a plan. */
export function planVersion(raw: RawWorkbook): { ok: true; version: number } | { ok: false; reason: string } {
  if (raw.meta === null) {
    return { ok: false, reason: `the workbook has no "${META_SHEET}" sheet, so it was not set up as a Grant Planner plan` };
  }
  const value = raw.meta[META_KEYS.schemaVersion] ?? null;
  const version = typeof value === "number" ? value : Number(cellText(value));
  if (!Number.isInteger(version) || version < 1) {
    return { ok: false, reason: `the "${META_SHEET}" sheet has no valid schema version` };
  }
  if (version > SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `the plan uses workbook format version ${version}; this version of Grant Planner reads up to version ${SCHEMA_VERSION}`,
    };
  }
  return { ok: true, version };
}

export function readPlan(raw: RawWorkbook): ReadResult {
  const version = planVersion(raw);
  if (!version.ok) return { status: "not-a-plan", reason: version.reason };
  const findings: Finding[] = [];
  const grantsTable = locate(raw, GRANTS, findings);
  const areasTable = locate(raw, AREAS, findings);
  const linesTable = locate(raw, LINES, findings);
  const measuresTable = locate(raw, MEASURES, findings);

  const areas: PriorityArea[] = [];
  forEachRow(areasTable, findings, (r) => {
    const c = { grantId: r.column("grantId"), area: r.column("area") };
    return () => {
      areas.push({ grantId: r.id(c.grantId), area: r.text(c.area), row: r.row });
    };
  });
  // Each grant's eligible areas in one pass over the areas, not one pass per grant.
  const areasByGrant = new Map<string, string[]>();
  for (const a of areas) {
    if (a.area === "") continue;
    const key = a.grantId.toLowerCase();
    const list = areasByGrant.get(key);
    if (list) list.push(a.area);
    else areasByGrant.set(key, [a.area]);
  }
  const grants: Grant[] = [];
  forEachRow(grantsTable, findings, (r) => {
    const c = {
      id: r.column("id"),
      name: r.column("name"),
      funder: r.column("funder"),
      year: r.column("year"),
      award: r.column("award"),
      notes: r.column("notes"),
      allocated: r.column("allocated"),
    };
    return () => {
      const id = r.id(c.id);
      const year = r.text(c.year);
      if (year !== "" && (year.length > MAX_WORD_TEXT || parseFinancialYear(year) === null)) {
        r.report(c.year, "FINANCIAL_YEAR_INVALID", "warning", `Financial year "${quoteText(year)}" is not in the form 2020/21 (1 April to 31 March).`);
      }
      const name = r.filled(c.name);
      const funder = r.text(c.funder);
      const award = r.money(c.award, "award", true).value;
      grants.push({
        id,
        name,
        funder,
        year,
        award,
        eligibleAreas: areasByGrant.get(id.toLowerCase()) ?? [],
        notes: r.text(c.notes),
        allocatedInWorkbook: r.raw(c.allocated),
        formulaCells: r.formulaCells(),
        row: r.row,
      });
    };
  });
  const lines: Line[] = [];
  forEachRow(linesTable, findings, (r) => {
    const c = {
      id: r.column("id"),
      grantId: r.column("grantId"),
      theme: r.column("theme"),
      activity: r.column("activity"),
      lead: r.column("lead"),
      allocation: r.column("allocation"),
      reserve: r.column("reserve"),
      areas: r.column("areas"),
      outcomes: r.column("outcomes"),
      notes: r.column("notes"),
    };
    return () => {
      const allocation = r.money(c.allocation, "allocation", false);
      const id = r.id(c.id);
      const grantId = r.id(c.grantId);
      const grantCell = r.raw(c.grantId);
      const theme = r.text(c.theme);
      const activity = r.filled(c.activity);
      const lead = r.text(c.lead);
      const isReserve = r.yesNo(c.reserve);
      const areaText = r.text(c.areas);
      lines.push({
        id,
        grantId,
        theme,
        activity,
        lead,
        allocation: allocation.value,
        allocationKnown: allocation.known,
        allocationPennies: allocation.pennies,
        grantIdKnown: grantCell === null || !(isCellError(grantCell) || isUncalculated(grantCell)),
        isReserve,
        priorityAreas: areaText === "" ? NO_AREAS : splitAreas(areaText),
        outcomes: r.text(c.outcomes),
        notes: r.text(c.notes),
        formulaCells: r.formulaCells(),
        row: r.row,
      });
    };
  });
  const measures: Measure[] = [];
  forEachRow(measuresTable, findings, (r) => {
    const c = {
      id: r.column("id"),
      lineId: r.column("lineId"),
      description: r.column("description"),
      kind: r.column("kind"),
      target: r.column("target"),
      unit: r.column("unit"),
      baseline: r.column("baseline"),
      notes: r.column("notes"),
    };
    return () => {
      const id = r.id(c.id);
      const lineId = r.id(c.lineId);
      const description = r.filled(c.description);
      const kind = r.kind(c.kind);
      const target = r.number(c.target);
      const targetGiven = !r.isBlank(c.target);
      const unit = r.text(c.unit);
      const baseline = r.number(c.baseline);
      measures.push({
        id,
        lineId,
        description,
        kind,
        target,
        targetGiven,
        unit,
        baseline,
        baselineGiven: !r.isBlank(c.baseline),
        notes: r.text(c.notes),
        row: r.row,
      });
    };
  });

  const layouts: Record<TableKey, TableLayout | null> = {
    grants: grantsTable?.layout ?? null,
    areas: areasTable?.layout ?? null,
    lines: linesTable?.layout ?? null,
    measures: measuresTable?.layout ?? null,
  };
  const plan: Plan = {
    schemaVersion: version.version,
    grants,
    areas,
    lines,
    measures,
    layouts,
    ...(raw.calculationMode !== undefined ? { calculationMode: raw.calculationMode } : {}),
    returns: null,
  };
  if (version.version >= RETURNS_SCHEMA_VERSION) return { status: "plan", plan: { ...plan, returns: readReturns(raw, plan, findings) }, findings };
  findings.push({
    code: "PLAN_OLDER_VERSION",
    severity: "info",
    sheet: META_SHEET,
    cell: "A1",
    message: `The plan uses workbook format version ${version.version}, which has no quarterly returns. Upgrade it to version ${RETURNS_SCHEMA_VERSION} to record returns and see progress; upgrading adds sheets and changes nothing already typed.`,
  });
  return { status: "plan", plan, findings };
}

export interface LocatedTable {
  readonly raw: RawTable;
  readonly layout: TableLayout;
  /** Per body row: true when every cell a person fills in is blank. */
  readonly blank: readonly boolean[];
}

/**
 * Finds a table of the plan and its columns. A missing table is an error, or a warning
 * saying what cannot be read when `missingMeans` is given (for tables the plan can do without).
 */
export function locate(raw: RawWorkbook, spec: AnyTableSpec, findings: Finding[], missingMeans?: string): LocatedTable | null {
  const table = raw.tables.find((t) => t.name.toLowerCase() === spec.table.toLowerCase());
  if (!table) {
    const sheetExists = raw.sheets.some((s) => s.name.toLowerCase() === spec.sheet.toLowerCase());
    const means = missingMeans === undefined ? "" : ` ${missingMeans}`;
    findings.push({
      code: "TABLE_MISSING",
      severity: missingMeans === undefined ? "error" : "warning",
      sheet: spec.sheet,
      cell: "A1",
      message: sheetExists
        ? `The sheet "${spec.sheet}" has no table named ${spec.table}; its rows cannot be read.${means} Convert the range back into a table with that name.`
        : `The sheet "${spec.sheet}" (table ${spec.table}) is missing from the plan.${means}`,
    });
    return null;
  }
  const columns: Record<string, number> = {};
  const byHeader = new Map<string, number>();
  table.headers.forEach((h, i) => {
    const text = cellText(h);
    // No header is longer than a few words: a longer one is none of the plan's, unread.
    const key = text.length > MAX_WORD_TEXT ? "" : normaliseHeader(text);
    if (!byHeader.has(key)) byHeader.set(key, i);
  });
  for (const column of spec.columns) {
    const index = byHeader.get(normaliseHeader(column.header));
    if (index !== undefined) {
      columns[column.key] = table.firstColumn + index;
    } else if (column.required) {
      findings.push({
        code: "COLUMN_MISSING",
        severity: "error",
        sheet: table.sheet,
        cell: a1(table.headerRow, table.firstColumn + table.headers.length),
        message: `Table ${spec.table} has no "${column.header}" column, so that part of the plan cannot be read. Add the column back with exactly this header.`,
      });
    } else if (column.missingMeans !== undefined) {
      findings.push({
        code: "COLUMN_MISSING",
        severity: "warning",
        sheet: table.sheet,
        cell: a1(table.headerRow, table.firstColumn + table.headers.length),
        message: `Table ${spec.table} has no "${column.header}" column, so ${column.missingMeans}. Add the column back with exactly this header.`,
      });
    }
  }
  for (const range of table.merged) {
    findings.push({
      code: "MERGED_CELLS",
      severity: "warning",
      sheet: table.sheet,
      cell: firstCellOf(range) ?? a1(table.headerRow, table.firstColumn),
      message: `Cells ${range} are merged inside table ${spec.table}; only the first cell keeps a value. Unmerge them and fill each cell.`,
    });
  }
  // Per offset within a row: true for the table's own formula columns, which a person does not fill in.
  const isFormula: boolean[] = new Array<boolean>(table.headers.length).fill(false);
  for (const c of spec.columns) {
    const col = columns[c.key];
    if (c.type === "formula" && col !== undefined) isFormula[col - table.firstColumn] = true;
  }
  const blank: boolean[] = new Array<boolean>(table.rows.length);
  let lastFilled = -1;
  for (let r = 0; r < table.rows.length; r++) {
    const empty = isBlankRow(table.rows[r] ?? [], isFormula);
    blank[r] = empty;
    if (!empty) lastFilled = r;
  }
  reportTypedBelow(table, spec, findings);
  return {
    raw: table,
    blank,
    layout: {
      spec,
      sheet: table.sheet,
      headerRow: table.headerRow,
      firstColumn: table.firstColumn,
      width: table.headers.length,
      columns,
      nextRow: table.headerRow + 2 + lastFilled,
      endRow: table.headerRow + 1 + table.rows.length,
      belowIsEmpty: table.below.every((c) => c === null || (typeof c === "string" && c === "")),
    },
  };
}

/** Rows a person typed under a table, outside it: grouped into runs of adjacent rows, one warning per run. */
function reportTypedBelow(table: RawTable, spec: AnyTableSpec, findings: Finding[]): void {
  const rows = [...(table.typedBelow ?? [])].map((r) => r.row).sort((a, b) => a - b);
  const right = table.firstColumn + Math.max(table.headers.length, 1) - 1;
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const first = rows[start];
    const previous = rows[i - 1];
    if (first === undefined || previous === undefined) continue;
    if (i < rows.length && rows[i] === previous + 1) continue;
    const range = formatRange({ top: first, left: table.firstColumn, bottom: previous, right });
    const many = previous > first;
    findings.push({
      code: "ROWS_BELOW_TABLE",
      severity: "warning",
      sheet: table.sheet,
      cell: a1(first, table.firstColumn),
      message: `${table.sheet}!${range} ${many ? "hold" : "holds"} values under table ${spec.table} but outside it, so ${many ? "they are" : "it is"} not part of the plan. Take ${many ? "these rows" : "this row"} into the table (Grant Planner can do it for you, or drag the table's corner handle down in Excel), or move ${many ? "them" : "it"} away.`,
    });
    start = i;
  }
}

/** How a cell that needs recalculating is named in messages. */
function notCalculatedMessage(place: string, formula: string): string {
  return `${place} holds the formula ${quoteText(formula, 200)}, but the file has no result stored for it, so its value is not known (a program that does not calculate saved the file). Recalculate: open the workbook in Excel or LibreOffice Calc and save it (or press F9 in Excel), then check again.`;
}

/** An amount that cannot be read. */
const NOT_KNOWN: { readonly value: null; readonly known: false; readonly pennies: null } = { value: null, known: false, pennies: null };
/** Numbers from 0 up to here are amounts if they are whole pennies (MAX_AMOUNT is £999,999,999,999.99). */
const SURELY_AN_AMOUNT = 999_999_999_999;

/** A column of the table being read: its key and its offset within a body row (-1 when the table lacks it). */
export interface Column {
  readonly key: string;
  readonly at: number;
}

/**
 * Typed accessors over the body rows of one table, one row at a time, reporting what
 * they cannot read. Column offsets are worked out once per table; messages are only
 * built for cells that are reported.
 */
export class RowReader {
  private cells: readonly CellValue[] = [];
  private formulas: readonly (string | null)[] | undefined = undefined;
  row = 0;
  private readonly formulaColumns: readonly Column[];

  constructor(
    private readonly layout: TableLayout,
    private readonly findings: Finding[],
  ) {
    const formulaColumns: Column[] = [];
    for (const column of layout.spec.columns) {
      const col = layout.columns[column.key];
      if (column.type === "formula" && col !== undefined) formulaColumns.push({ key: column.key, at: col - layout.firstColumn });
    }
    this.formulaColumns = formulaColumns;
  }

  /** Moves to a body row. */
  at(cells: readonly CellValue[], formulas: readonly (string | null)[] | undefined, row: number): void {
    this.cells = cells;
    this.formulas = formulas;
    this.row = row;
  }

  /** A column of this table by key, its offset worked out once. */
  column(key: string): Column {
    const col = this.layout.columns[key];
    return { key, at: col === undefined ? -1 : col - this.layout.firstColumn };
  }

  private address(c: Column): string {
    return a1(this.row, this.layout.firstColumn + (c.at < 0 ? 0 : c.at));
  }

  private where(c: Column): string {
    const header = this.layout.spec.columns.find((s) => s.key === c.key)?.header ?? c.key;
    return `${header} in ${this.layout.spec.table} row ${this.row + 1}`;
  }

  report(c: Column, code: Finding["code"], severity: Finding["severity"], message: string): void {
    this.findings.push({ code, severity, sheet: this.layout.sheet, cell: this.address(c), message });
  }

  raw(c: Column): CellValue {
    return c.at < 0 ? null : (this.cells[c.at] ?? null);
  }

  /** Reports a formula with no stored result; true when the cell is one. */
  private uncalculated(c: Column, place?: string): boolean {
    const value = this.raw(c);
    if (value === null || !isUncalculated(value)) return false;
    this.report(c, "FORMULA_NOT_CALCULATED", "error", notCalculatedMessage(`${place ?? this.where(c)} (${this.layout.sheet}!${this.address(c)})`, `=${value.uncalculated}`));
    return true;
  }

  text(c: Column): string {
    const value = this.raw(c);
    if (value === null) return "";
    if (typeof value === "string") return capText(value).trim();
    if (this.uncalculated(c)) return "";
    if (isCellError(value)) {
      this.report(c, "CELL_ERROR_VALUE", "error", `${this.where(c)} shows the Excel error ${quoteText(value.error)}; fix the cell or its formula.`);
      return "";
    }
    return cellText(value);
  }

  /**
   * An ID or a reference to one, freed of look-alike characters (zero-width characters,
   * non-breaking spaces, line breaks…) so it matches its clean twin, and reported so that
   * it never silently differs from what Excel's own formulas match.
   */
  id(c: Column): string {
    const value = this.raw(c);
    if (typeof value !== "string") return this.text(c);
    const plain = plainId(value);
    if (plain !== null) return plain;
    const id = this.lookalike(c, value);
    if (WILDCARD.test(id)) {
      const found = wildcardsIn(id).map((w) => `"${w}"`).join(" and ");
      this.report(
        c,
        "ID_WILDCARD",
        "warning",
        `${this.where(c)} ("${quoteText(id)}") contains ${found}, which Excel's SUMIFS and COUNTIFS read as a wildcard, so the plan's formula columns may count other rows' amounts with it. Use letters, digits and "-" in IDs.`,
      );
    }
    return id;
  }

  /** The ID freed of look-alike characters, reported when there were any. */
  private lookalike(c: Column, value: string): string {
    const { id, odd } = normaliseId(value);
    if (odd.length === 0) return id;
    const characters = odd.filter((o) => o.name !== SPACES_AROUND).map((o) => o.name);
    const parts = [
      ...(characters.length === 0 ? [] : [`${characters.length === 1 ? "a hidden or unusual character" : "hidden or unusual characters"}: ${characters.join(", ")}`]),
      ...(characters.length === odd.length ? [] : [SPACES_AROUND]),
    ];
    this.report(
      c,
      "ID_LOOKALIKE",
      "warning",
      `${this.where(c)} ("${quoteText(id)}") contains ${parts.join("; and ")}. Grant Planner reads it as "${quoteText(id)}", but Excel's own formulas (SUMIFS, COUNTIFS) compare IDs exactly and do not match it to the clean ID. Retype the ID.`,
    );
    return id;
  }

  /** Text that the plan needs: a blank is reported (unless the column itself is missing). */
  filled(c: Column): string {
    const text = this.text(c);
    if (text !== "" || c.at < 0) return text;
    const value = this.raw(c);
    if (!(value !== null && (isCellError(value) || isUncalculated(value)))) {
      this.report(c, "VALUE_MISSING", "warning", `${this.where(c)} is blank; fill it in so people can tell what this row is.`);
    }
    return text;
  }

  /**
   * An amount, and whether it is known: false when the cell holds something that is not
   * a whole-penny amount (a total that includes it is then unknown). A blank is known (£0.00).
   */
  money(c: Column, what: string, blankIsError: boolean): { value: Money | null; known: boolean; pennies: number | null } {
    if (c.at < 0) return NOT_KNOWN;
    const cell = this.raw(c);
    // The usual cell, a whole-penny number well inside the largest amount, read without the
    // general decoding. Below SURELY_AN_AMOUNT, 15 significant digits leave the number within
    // a thousandth of a penny of its figure, so rounding it in pennies gives that figure.
    if (typeof cell === "number" && cell >= 0 && cell < SURELY_AN_AMOUNT && !Object.is(cell, -0)) {
      const value = excelNumber(cell);
      if (isWholePennies(value)) return { value, known: true, pennies: Math.round(cell * 100) };
    }
    const decoded = decodeAmount(cell);
    if (decoded.kind === "amount" && !decoded.asText && !decoded.subPenny && !decoded.value.isNegative()) {
      return { value: decoded.value, known: true, pennies: null };
    }
    const place = `The ${what} (${this.address(c)})`;
    switch (decoded.kind) {
      case "blank":
        this.report(
          c,
          "AMOUNT_BLANK",
          blankIsError ? "error" : "warning",
          blankIsError ? `${place} is blank; enter the amount of the grant.` : `${place} is blank, so it counts as £0.00.`,
        );
        return { value: null, known: true, pennies: null };
      case "invalid":
        switch (decoded.reason) {
          case "error":
            this.report(c, "CELL_ERROR_VALUE", "error", `${place} shows the Excel error ${decoded.text}, so no total that includes it can be trusted.`);
            break;
          case "uncalculated":
            this.report(c, "FORMULA_NOT_CALCULATED", "error", `${notCalculatedMessage(place, decoded.text)} Totals that include it are not known until then.`);
            break;
          case "too-large":
            this.report(
              c,
              "AMOUNT_NOT_A_NUMBER",
              "error",
              `${place} is ${decoded.text}, which is more than ${formatGBP(MAX_AMOUNT)}, the largest amount a plan holds; check the figure.`,
            );
            break;
          case "not-a-number":
          case "boolean":
            this.report(c, "AMOUNT_NOT_A_NUMBER", "error", `${place} is "${decoded.text}", which is not an amount of money.`);
            break;
        }
        return NOT_KNOWN;
      case "amount": {
        const value = decoded.value;
        if (decoded.asText) {
          this.report(
            c,
            "AMOUNT_AS_TEXT",
            "error",
            `${place} is stored as text ("${quoteText(cellText(this.raw(c)).trim())}"). Excel's SUM and SUMIFS ignore text, so the workbook's totals leave out ${formatGBP(value)}. Re-enter it as a number.`,
          );
        }
        if (decoded.subPenny) {
          this.report(c, "AMOUNT_SUB_PENNY", "error", `${place} is ${value.toString()}, which has fractions of a penny; amounts must be whole pennies.`);
        }
        if (value.isNegative() && !value.isZero()) {
          this.report(c, "AMOUNT_NEGATIVE", "error", `${place} is negative (${formatGBP(value)}); use a positive amount or a virement.`);
        }
        return { value, known: !decoded.subPenny, pennies: null };
      }
    }
  }

  isBlank(c: Column): boolean {
    const value = this.raw(c);
    return value === null || (typeof value === "string" && value.trim() === "");
  }

  /** A measure's number, read as Excel shows it (15 significant digits). */
  number(c: Column): Money | null {
    const value = this.raw(c);
    if (value === null) return null;
    if (typeof value === "number" && Number.isFinite(value)) return excelNumber(value);
    if (typeof value === "string" && value.trim() === "") return null;
    if (this.uncalculated(c)) return null;
    const text = typeof value === "string" ? capText(value).trim() : null;
    const error = isCellError(value) ? value.error : text !== null && EXCEL_ERRORS.includes(text.toUpperCase()) ? text : null;
    if (error !== null) {
      this.report(c, "CELL_ERROR_VALUE", "error", `${this.where(c)} shows the Excel error ${quoteText(error)}; fix the cell or its formula.`);
      return null;
    }
    const parsed = text !== null ? parseAmountText(text.endsWith("%") ? text.slice(0, -1) : text) : null;
    if (parsed !== null) return parsed;
    this.report(c, "MEASURE_NUMBER_INVALID", "error", `${this.where(c)} is "${quoteText(cellText(value))}", which is not a number. Put the number here and any words in Unit or Notes.`);
    return null;
  }

  /** Short text for a word match (yes/no, a kind): "" when the cell holds more than a word could. */
  private word(c: Column): string {
    const text = cellText(this.raw(c));
    return text.length > MAX_WORD_TEXT ? text.slice(0, MAX_WORD_TEXT) : text;
  }

  yesNo(c: Column): boolean {
    const value = this.raw(c);
    // The usual cells first: blank, or the words the plan writes.
    if (value === null || value === "" || value === NO) return false;
    if (value === YES) return true;
    if (this.uncalculated(c)) return false;
    // An error value is the cell's own problem (CELL_ERROR_VALUE, through text()), not a wrong word.
    if (isCellError(value)) return this.text(c) === YES;
    const text = this.word(c).trim().toLowerCase();
    if (text === "" || text === NO.toLowerCase() || text === "n" || text === "false") return false;
    if (text === YES.toLowerCase() || text === "y" || text === "true") return true;
    this.report(c, "RESERVE_FLAG_INVALID", "warning", `${this.where(c)} is "${quoteText(cellText(this.raw(c)))}"; use ${YES} or ${NO}. The line is treated as not a reserve.`);
    return false;
  }

  kind(c: Column): MeasureKind | null {
    if (c.at < 0) return null;
    const value = this.raw(c);
    // The usual cells first: a kind's label or key exactly as the plan writes it.
    if (typeof value === "string") {
      const exact = KIND_BY_EXACT_TEXT.get(value);
      if (exact !== undefined) return exact;
    }
    if (this.uncalculated(c)) return null;
    if (isCellError(value)) {
      this.text(c);
      return null;
    }
    const text = this.word(c).trim().toLowerCase();
    const found = KIND_BY_TEXT.get(text);
    if (found) return found;
    const labels = MEASURE_KINDS.map((k) => k.label).join(", ");
    this.report(
      c,
      "MEASURE_KIND_UNKNOWN",
      "error",
      text === "" ? `${this.where(c)} is blank; choose one of: ${labels}.` : `${this.where(c)} is "${quoteText(cellText(this.raw(c)))}"; choose one of: ${labels}.`,
    );
    return null;
  }

  /** The row's own formula cells (the table's formula columns that were found), as read. */
  formulaCells(): OwnFormulaCells {
    const out: Record<string, { value: CellValue; formula: string | null | undefined }> = {};
    const formulas = this.formulas;
    for (const c of this.formulaColumns) {
      out[c.key] = { value: this.cells[c.at] ?? null, formula: formulas === undefined ? undefined : (formulas[c.at] ?? null) };
    }
    return out;
  }
}

const KIND_BY_TEXT: ReadonlyMap<string, MeasureKind> = new Map(
  MEASURE_KINDS.flatMap((k) => [
    [k.label.toLowerCase(), k.kind],
    [k.kind, k.kind],
  ]),
);

/** Kinds by the exact text the plan writes (label or key): a cell that matches needs no trimming or case folding. */
const KIND_BY_EXACT_TEXT: ReadonlyMap<string, MeasureKind> = new Map([
  ...MEASURE_KINDS.map((k) => [k.label, k.kind] as const),
  ...KIND_BY_TEXT,
]);

const NO_AREAS: readonly string[] = Object.freeze([]);

/** A line's priority areas: the Areas text split at the separator, each trimmed, blanks left out. */
function splitAreas(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(AREA_SEPARATOR)) {
    const area = part.trim();
    if (area !== "") out.push(area);
  }
  return out;
}

/**
 * Reads the body rows of a located table: blank rows are skipped (with a BLANK_ROW finding
 * when rows with values follow); `setup` is given the table's reader once and returns what
 * to do with each row.
 */
export function forEachRow(located: LocatedTable | null, findings: Finding[], setup: (reader: RowReader) => () => void): void {
  if (!located) return;
  const { raw, layout, blank } = located;
  const lastFilled = layout.nextRow - layout.headerRow - 2;
  const reader = new RowReader(layout, findings);
  const each = setup(reader);
  const rows = raw.rows;
  const formulas = raw.formulas;
  for (let index = 0; index < rows.length; index++) {
    const row = raw.headerRow + 1 + index;
    if (blank[index] === true) {
      if (index < lastFilled) {
        findings.push({
          code: "BLANK_ROW",
          severity: "info",
          sheet: raw.sheet,
          cell: a1(row, raw.firstColumn),
          message: `Row ${row + 1} of table ${layout.spec.table} is blank and was skipped.`,
        });
      }
      continue;
    }
    reader.at(rows[index] ?? [], formulas?.[index], row);
    each();
  }
}

/** "C5" from "C5:D5", "Lines!$C$5:$D$5" or "C5"; null when the range is not an A1 range. */
function firstCellOf(range: string): string | null {
  const at = parseRange(range);
  return at === null ? null : a1(at.top, at.left);
}

/** True when every cell a person fills in is blank (the own formula columns aside). */
function isBlankRow(cells: readonly CellValue[], isFormula: readonly boolean[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null || c === undefined || isFormula[i] === true) continue;
    if (typeof c === "string" && (c === "" || c.trim() === "")) continue;
    return false;
  }
  return true;
}

/**
 * Decoding: raw cell values from a host become a typed plan plus findings. Nothing here
 * throws on user data; every oddity (a deleted column, merged cells, text amounts,
 * #REF!, blank rows) becomes a finding and the rest of the plan is still read.
 */
import { type CellValue, a1, cellText, EXCEL_ERRORS, isCellError } from "./cell";
import type { Finding } from "./findings";
import { decodeAmount, formatGBP, type Money, MoneyDecimal, parseAmountText } from "./money";
import type { Grant, Line, Measure, Plan, PriorityArea, TableLayout } from "./model";
import { parseFinancialYear } from "./periods";
import { parseRange } from "./ranges";
import type { RawTable, RawWorkbook } from "./raw";
import {
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
  SCHEMA_VERSION,
  type TableKey,
  type TableSpec,
  YES,
} from "./schema";

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

  const areas = rowsOf(areasTable, findings).map(
    (r): PriorityArea => ({ grantId: r.text("grantId"), area: r.text("area"), row: r.row }),
  );
  const grants = rowsOf(grantsTable, findings).map((r): Grant => {
    const id = r.text("id");
    const year = r.text("year");
    if (year !== "" && parseFinancialYear(year) === null) {
      r.report("year", "FINANCIAL_YEAR_INVALID", "warning", `Financial year "${year}" is not in the form 2020/21 (1 April to 31 March).`);
    }
    return {
      id,
      name: r.filled("name"),
      funder: r.text("funder"),
      year,
      award: r.money("award", "award", true),
      eligibleAreas: areas.filter((a) => a.grantId === id && a.area !== "").map((a) => a.area),
      notes: r.text("notes"),
      allocatedInWorkbook: r.raw("allocated"),
      row: r.row,
    };
  });
  const lines = rowsOf(linesTable, findings).map(
    (r): Line => ({
      id: r.text("id"),
      grantId: r.text("grantId"),
      theme: r.text("theme"),
      activity: r.filled("activity"),
      lead: r.text("lead"),
      allocation: r.money("allocation", "allocation", false),
      isReserve: r.yesNo("reserve"),
      priorityAreas: r
        .text("areas")
        .split(AREA_SEPARATOR)
        .map((a) => a.trim())
        .filter((a) => a !== ""),
      outcomes: r.text("outcomes"),
      notes: r.text("notes"),
      row: r.row,
    }),
  );
  const measures = rowsOf(measuresTable, findings).map(
    (r): Measure => ({
      id: r.text("id"),
      lineId: r.text("lineId"),
      description: r.filled("description"),
      kind: r.kind("kind"),
      target: r.number("target"),
      targetGiven: !r.isBlank("target"),
      unit: r.text("unit"),
      baseline: r.number("baseline"),
      baselineGiven: !r.isBlank("baseline"),
      notes: r.text("notes"),
      row: r.row,
    }),
  );

  const layouts: Record<TableKey, TableLayout | null> = {
    grants: grantsTable?.layout ?? null,
    areas: areasTable?.layout ?? null,
    lines: linesTable?.layout ?? null,
    measures: measuresTable?.layout ?? null,
  };
  return {
    status: "plan",
    plan: { schemaVersion: version.version, grants, areas, lines, measures, layouts },
    findings,
  };
}

interface LocatedTable {
  readonly raw: RawTable;
  readonly layout: TableLayout;
  /** Per body row: true when every cell a person fills in is blank. */
  readonly blank: readonly boolean[];
}

function locate(raw: RawWorkbook, spec: TableSpec, findings: Finding[]): LocatedTable | null {
  const table = raw.tables.find((t) => t.name.toLowerCase() === spec.table.toLowerCase());
  if (!table) {
    const sheetExists = raw.sheets.some((s) => s.name.toLowerCase() === spec.sheet.toLowerCase());
    findings.push({
      code: "TABLE_MISSING",
      severity: "error",
      sheet: spec.sheet,
      cell: "A1",
      message: sheetExists
        ? `The sheet "${spec.sheet}" has no table named ${spec.table}; its rows cannot be read. Convert the range back into a table with that name.`
        : `The sheet "${spec.sheet}" (table ${spec.table}) is missing from the plan.`,
    });
    return null;
  }
  const columns: Record<string, number> = {};
  const byHeader = new Map<string, number>();
  table.headers.forEach((h, i) => {
    const key = normaliseHeader(cellText(h));
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
  const formulaOffsets = new Set(
    spec.columns
      .filter((c) => c.type === "formula")
      .map((c) => columns[c.key])
      .filter((col): col is number => col !== undefined)
      .map((col) => col - table.firstColumn),
  );
  const blank = table.rows.map((cells) =>
    cells.every((c, i) => formulaOffsets.has(i) || c === null || (typeof c === "string" && c.trim() === "")),
  );
  const lastFilled = findLastIndex(blank, (b) => !b);
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

/** One body row with typed accessors that report what they cannot read. */
class RowReader {
  constructor(
    private readonly cells: readonly CellValue[],
    readonly row: number,
    private readonly layout: TableLayout,
    private readonly findings: Finding[],
  ) {}

  private address(key: string): string {
    return a1(this.row, this.layout.columns[key] ?? this.layout.firstColumn);
  }

  private where(key: string): string {
    const header = this.layout.spec.columns.find((c) => c.key === key)?.header ?? key;
    return `${header} in ${this.layout.spec.table} row ${this.row + 1}`;
  }

  report(key: string, code: Finding["code"], severity: Finding["severity"], message: string): void {
    this.findings.push({ code, severity, sheet: this.layout.sheet, cell: this.address(key), message });
  }

  raw(key: string): CellValue {
    const col = this.layout.columns[key];
    return col === undefined ? null : (this.cells[col - this.layout.firstColumn] ?? null);
  }

  text(key: string): string {
    const value = this.raw(key);
    if (value === null) return "";
    if (typeof value === "string") return value.trim();
    if (isCellError(value)) {
      this.report(key, "CELL_ERROR_VALUE", "error", `${this.where(key)} shows the Excel error ${value.error}; fix the cell or its formula.`);
      return "";
    }
    return String(value);
  }

  /** Text that the plan needs: a blank is reported (unless the column itself is missing). */
  filled(key: string): string {
    const text = this.text(key);
    if (text === "" && this.layout.columns[key] !== undefined && !isCellError(this.raw(key))) {
      this.report(key, "VALUE_MISSING", "warning", `${this.where(key)} is blank; fill it in so people can tell what this row is.`);
    }
    return text;
  }

  money(key: string, what: "award" | "allocation", blankIsError: boolean): Money | null {
    if (this.layout.columns[key] === undefined) return null;
    const decoded = decodeAmount(this.raw(key));
    const place = `The ${what} (${this.address(key)})`;
    switch (decoded.kind) {
      case "blank":
        this.report(
          key,
          "AMOUNT_BLANK",
          blankIsError ? "error" : "warning",
          blankIsError ? `${place} is blank; enter the amount of the grant.` : `${place} is blank, so it counts as £0.00.`,
        );
        return null;
      case "invalid":
        if (decoded.reason === "error") {
          this.report(key, "CELL_ERROR_VALUE", "error", `${place} shows the Excel error ${decoded.text}, so no total that includes it can be trusted.`);
        } else {
          this.report(key, "AMOUNT_NOT_A_NUMBER", "error", `${place} is "${decoded.text}", which is not an amount of money.`);
        }
        return null;
      case "amount": {
        const value = decoded.value;
        if (decoded.asText) {
          this.report(
            key,
            "AMOUNT_AS_TEXT",
            "error",
            `${place} is stored as text ("${cellText(this.raw(key))}"). Excel's SUM and SUMIFS ignore text, so the workbook's totals leave out ${formatGBP(value)}. Re-enter it as a number.`,
          );
        }
        if (decoded.subPenny) {
          this.report(key, "AMOUNT_SUB_PENNY", "error", `${place} is ${value.toString()}, which has fractions of a penny; amounts must be whole pennies.`);
        }
        if (value.isNegative() && !value.isZero()) {
          this.report(key, "AMOUNT_NEGATIVE", "error", `${place} is negative (${formatGBP(value)}); use a positive amount or a virement.`);
        }
        return value;
      }
    }
  }

  isBlank(key: string): boolean {
    const value = this.raw(key);
    return value === null || (typeof value === "string" && value.trim() === "");
  }

  number(key: string): Money | null {
    const value = this.raw(key);
    if (value === null || (typeof value === "string" && value.trim() === "")) return null;
    if (typeof value === "number" && Number.isFinite(value)) return new MoneyDecimal(String(value));
    const error = isCellError(value) ? value.error : typeof value === "string" && EXCEL_ERRORS.includes(value.trim().toUpperCase()) ? value.trim() : null;
    if (error !== null) {
      this.report(key, "CELL_ERROR_VALUE", "error", `${this.where(key)} shows the Excel error ${error}; fix the cell or its formula.`);
      return null;
    }
    const parsed = typeof value === "string" ? parseAmountText(value.replace(/%$/, "")) : null;
    if (parsed !== null) return parsed;
    this.report(key, "MEASURE_NUMBER_INVALID", "error", `${this.where(key)} is "${cellText(value)}", which is not a number. Put the number here and any words in Unit or Notes.`);
    return null;
  }

  yesNo(key: string): boolean {
    const text = cellText(this.raw(key)).trim().toLowerCase();
    if (text === "" || text === NO.toLowerCase() || text === "n" || text === "false") return false;
    if (text === YES.toLowerCase() || text === "y" || text === "true") return true;
    this.report(key, "RESERVE_FLAG_INVALID", "warning", `${this.where(key)} is "${cellText(this.raw(key))}"; use ${YES} or ${NO}. The line is treated as not a reserve.`);
    return false;
  }

  kind(key: string): MeasureKind | null {
    if (this.layout.columns[key] === undefined) return null;
    const text = cellText(this.raw(key)).trim().toLowerCase();
    const found = KIND_BY_TEXT.get(text);
    if (found) return found;
    const labels = MEASURE_KINDS.map((k) => k.label).join(", ");
    this.report(
      key,
      "MEASURE_KIND_UNKNOWN",
      "error",
      text === "" ? `${this.where(key)} is blank; choose one of: ${labels}.` : `${this.where(key)} is "${cellText(this.raw(key))}"; choose one of: ${labels}.`,
    );
    return null;
  }
}

const KIND_BY_TEXT: ReadonlyMap<string, MeasureKind> = new Map(
  MEASURE_KINDS.flatMap((k) => [
    [k.label.toLowerCase(), k.kind],
    [k.kind, k.kind],
  ]),
);

function rowsOf(located: LocatedTable | null, findings: Finding[]): RowReader[] {
  if (!located) return [];
  const { raw, layout, blank } = located;
  const lastFilled = layout.nextRow - layout.headerRow - 2;
  const readers: RowReader[] = [];
  raw.rows.forEach((cells, index) => {
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
      return;
    }
    readers.push(new RowReader(cells, row, layout, findings));
  });
  return readers;
}

/** "C5" from "C5:D5", "Lines!$C$5:$D$5" or "C5"; null when the range is not an A1 range. */
function firstCellOf(range: string): string | null {
  const at = parseRange(range);
  return at === null ? null : a1(at.top, at.left);
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}

/**
 * Test helpers that build RawWorkbook values directly (no host in between): a plan's
 * tables at any position, with headers reordered, renamed or extra, and single cells
 * replaced by address.
 */
import { a1, type CellValue, isCellError, isUncalculated, parseA1 } from "../../src/plan/cell";
import { type CellInput, isFormulaInput } from "../../src/plan/changes";
import type { RawTable, RawWorkbook } from "../../src/plan/raw";
import {
  type AnyTableSpec,
  META_KEYS,
  META_SHEET,
  normaliseHeader,
  RETURN_TABLES,
  type ReturnTableKey,
  SCHEMA_VERSION,
  type TableKey,
  TABLES,
  TARGET_PROFILE,
  TARGET_PROFILE_FIRST_COLUMN,
} from "../../src/plan/schema";
import { planRows, type PlanData } from "../../src/plan/template";
import { createdTable, PROGRESS_SHEET, progressTableChanges, readAs } from "../../src/plan/returns/linked";
import { MemoryWorkbook } from "../../src/workbook/memory";

/** What a workbook shows for a written value: a formula shows its stored result, or is uncalculated without one. */
export const cellValue: (input: CellInput) => CellValue = readAs;

/** The formula text of a written value (without "="), null for a constant. */
export function cellFormula(input: CellInput): string | null {
  return input !== null && isFormulaInput(input) ? input.formula : null;
}

export interface TableOptions {
  /** Zero-based sheet row of the header row (default 0). */
  readonly headerRow?: number;
  /** Zero-based sheet column of the first column (default 0). */
  readonly firstColumn?: number;
  readonly merged?: readonly string[];
  /** The row below the table (default: empty). */
  readonly below?: readonly CellInput[];
  /** Rows typed under the table, outside it (default: none). */
  readonly typedBelow?: RawTable["typedBelow"];
  /** False: the host could not read formulas (`formulas` absent). Default: formulas as written. */
  readonly formulas?: false;
  readonly totalsRow?: boolean;
}

/** A table in the schema's own column order. */
export function rawTable(spec: AnyTableSpec, rows: readonly (readonly CellInput[])[], options: TableOptions = {}): RawTable {
  return {
    name: spec.table,
    sheet: spec.sheet,
    headerRow: options.headerRow ?? 0,
    firstColumn: options.firstColumn ?? 0,
    headers: spec.columns.map((c) => c.header),
    rows: rows.map((r) => r.map(cellValue)),
    formulas: rows.map((r) => r.map(cellFormula)),
    below: options.below?.map(cellValue) ?? spec.columns.map(() => null),
    merged: options.merged ?? [],
    ...(options.formulas === false ? {} : { formulas: rows.map((r) => r.map((v) => (v !== null && isFormulaInput(v) ? v.formula : null))) }),
    ...(options.typedBelow !== undefined ? { typedBelow: options.typedBelow } : {}),
    ...(options.totalsRow !== undefined ? { totalsRow: options.totalsRow } : {}),
  };
}

/** The settings of a plan set up by the tests: the schema version first (row 2), then any others given. */
export function rawMeta(version: CellValue = SCHEMA_VERSION, others: Readonly<Record<string, CellValue>> = {}): Record<string, CellValue> {
  return { [META_KEYS.schemaVersion]: version, [META_KEYS.createdBy]: "tests", [META_KEYS.template]: "test", ...others };
}

/**
 * A whole plan of the current version as a RawWorkbook: the four plan tables and the six
 * tables of quarterly returns (as setting up writes them: tblTargetProfile beside
 * tblSpendProfile), each placed as `layout` says (default: A1). A table with no rows
 * comes as set up: one blank body row.
 */
export function rawPlan(data: PlanData, layout: Partial<Record<TableKey | ReturnTableKey, TableOptions>> = {}): RawWorkbook {
  const rows = planRows(data);
  const v1 = rawPlanV1(data, layout);
  const returnTables = RETURN_TABLES.map((spec) =>
    rawTable(spec, rows[spec.key].length > 0 ? rows[spec.key] : [spec.columns.map(() => null)], {
      ...(spec.table === TARGET_PROFILE.table ? { firstColumn: TARGET_PROFILE_FIRST_COLUMN } : {}),
      ...(layout[spec.key] ?? {}),
    }),
  );
  const sheets = [...new Set(RETURN_TABLES.map((t) => t.sheet))].map((name) => ({ name, visible: true }));
  // The Progress sheet as setting up writes it (formulas without stored results: nothing reads them as figures).
  const ids = (key: TableKey): string[] => rows[key].map((r) => String(r[0] ?? ""));
  const progress = progressTableChanges(ids("lines"), ids("measures"), null).flatMap((c): RawTable[] =>
    c.kind === "createTable" ? [{ ...createdTable(c), formulas: c.rows.map((r) => r.map(cellFormula)) }] : [],
  );
  return {
    sheets: [...v1.sheets.filter((s) => s.visible), ...sheets, { name: PROGRESS_SHEET, visible: true }, { name: META_SHEET, visible: false }],
    meta: rawMeta(SCHEMA_VERSION, data.returns?.settings ?? {}),
    tables: [...v1.tables, ...returnTables, ...progress],
  };
}

/** The plan without its Progress sheet (a version-2 plan written before the sheet existed, or whose sheet was deleted). */
export function withoutProgressSheet(raw: RawWorkbook): RawWorkbook {
  return { ...raw, sheets: raw.sheets.filter((s) => s.name !== PROGRESS_SHEET), tables: raw.tables.filter((t) => t.sheet !== PROGRESS_SHEET) };
}

/** A version-1 plan (before quarterly returns): the four plan tables and "Schema version" 1. */
export function rawPlanV1(data: PlanData, layout: Partial<Record<TableKey, TableOptions>> = {}): RawWorkbook {
  const rows = planRows(data);
  const tables = TABLES.map((spec) => rawTable(spec, rows[spec.key], layout[spec.key] ?? {}));
  return {
    sheets: [...TABLES.map((t) => ({ name: t.sheet, visible: true })), { name: META_SHEET, visible: false }],
    meta: rawMeta(1),
    tables,
  };
}

function replaceTable(raw: RawWorkbook, name: string, change: (t: RawTable) => RawTable): RawWorkbook {
  let found = false;
  const tables = raw.tables.map((t) => {
    if (t.name !== name) return t;
    found = true;
    return change(t);
  });
  if (!found) throw new Error(`no table ${name}`);
  return { ...raw, tables };
}

/**
 * Rebuilds a table with the given headers in the given order. A header that matches an
 * existing one (case and spaces ignored) brings that column's values; any other header
 * is a new, user-added column filled by `extra` (blank by default).
 */
export function withHeaders(
  raw: RawWorkbook,
  tableName: string,
  headers: readonly string[],
  extra: (header: string, rowIndex: number) => CellValue = () => null,
): RawWorkbook {
  return replaceTable(raw, tableName, (t) => {
    const sources = headers.map((h) => t.headers.findIndex((old) => typeof old === "string" && normaliseHeader(old) === normaliseHeader(h)));
    return {
      ...t,
      headers: [...headers],
      rows: t.rows.map((cells, r) => sources.map((s, i) => (s >= 0 ? (cells[s] ?? null) : extra(headers[i] ?? "", r)))),
      ...(t.formulas === undefined ? {} : { formulas: t.formulas.map((cells) => sources.map((s) => (s >= 0 ? (cells[s] ?? null) : null))) }),
    };
  });
}

/**
 * Replaces the value in one sheet cell, which must lie inside a table (header row included).
 * `formula` (text without "=", or null for a constant) also replaces what the host read as
 * the cell's formula, when the table has formulas; left out, the formula read stays.
 */
export function withCell(raw: RawWorkbook, sheet: string, address: string, value: CellValue, formula?: string | null): RawWorkbook {
  const at = parseA1(address);
  if (!at) throw new Error(`bad address ${address}`);
  const table = raw.tables.find(
    (t) =>
      t.sheet === sheet &&
      at.column >= t.firstColumn &&
      at.column < t.firstColumn + t.headers.length &&
      at.row >= t.headerRow &&
      at.row <= t.headerRow + t.rows.length,
  );
  if (!table) throw new Error(`${sheet}!${address} is in no table`);
  const c = at.column - table.firstColumn;
  const r = at.row - table.headerRow - 1;
  return replaceTable(raw, table.name, (t) => {
    if (r === -1) return { ...t, headers: t.headers.map((h, i) => (i === c ? value : h)) };
    const rows = t.rows.map((cells, i) => (i === r ? cells.map((v, j) => (j === c ? value : v)) : cells));
    if (formula === undefined || t.formulas === undefined) return { ...t, rows };
    return { ...t, rows, formulas: t.formulas.map((fs, i) => (i === r ? fs.map((f, j) => (j === c ? formula : f)) : fs)) };
  });
}

/** The same workbook with its formulas unknown, as a host that cannot read formulas hands it over. */
export function withoutFormulas(raw: RawWorkbook): RawWorkbook {
  return { ...raw, tables: raw.tables.map(({ formulas: _formulas, ...t }) => t) };
}

/** Rows typed under a table, outside it: `rows` of values across its width, from zero-based sheet row `firstRow`. */
export function withTypedBelow(raw: RawWorkbook, tableName: string, firstRow: number, rows: readonly (readonly CellValue[])[]): RawWorkbook {
  return replaceTable(raw, tableName, (t) => ({
    ...t,
    typedBelow: [...(t.typedBelow ?? []), ...rows.map((cells, i) => ({ row: firstRow + i, cells: t.headers.map((_, c) => cells[c] ?? null) }))],
  }));
}

/**
 * Adds body rows at the bottom of a table (blank by default). As in Excel, a new row gets
 * the formula of each calculated column (the formula of the table's last row).
 */
export function withRows(raw: RawWorkbook, tableName: string, count: number, fill: CellValue = null): RawWorkbook {
  return replaceTable(raw, tableName, (t) => {
    const calculated = t.formulas?.[t.formulas.length - 1] ?? t.headers.map(() => null);
    return {
      ...t,
      rows: [...t.rows, ...Array.from({ length: count }, () => t.headers.map(() => fill))],
      ...(t.formulas === undefined ? {} : { formulas: [...t.formulas, ...Array.from({ length: count }, () => [...calculated])] }),
    };
  });
}

export function withoutTable(raw: RawWorkbook, tableName: string): RawWorkbook {
  return { ...raw, tables: raw.tables.filter((t) => t.name !== tableName) };
}

/**
 * A MemoryWorkbook holding exactly the raw workbook's tables (and its settings, when it
 * has any), so a raw layout (moved, reordered, extra columns) can be acted on and re-read.
 * Typed errors are stored as their text, which is how the memory host shows them; a cell
 * the raw table marks as a formula (`formulas`) is stored as that formula with the value
 * read as its stored result; the rows typed under a table, the Total Row flag and the
 * calculation mode come along too.
 */
export function memoryFromRaw(raw: RawWorkbook): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  for (const s of raw.sheets) wb.addSheet(s.name, !s.visible);
  const store = (value: CellValue, formula: string | null = null): CellInput => {
    if (value !== null && isUncalculated(value)) return { formula: value.uncalculated };
    if (formula !== null && (typeof value === "number" || typeof value === "string")) return { formula, result: value };
    if (formula !== null && value === null) return { formula, result: "" };
    return value !== null && isCellError(value) ? value.error : value;
  };
  for (const t of raw.tables) {
    if (!wb.sheet(t.sheet)) wb.addSheet(t.sheet);
    const hasHeaderRow = t.hasHeaderRow !== false;
    if (hasHeaderRow) t.headers.forEach((h, c) => wb.setValue(t.sheet, a1(t.headerRow, t.firstColumn + c), store(h)));
    t.rows.forEach((cells, r) =>
      cells.forEach((v, c) => wb.setValue(t.sheet, a1(t.headerRow + 1 + r, t.firstColumn + c), store(v, t.formulas?.[r]?.[c] ?? null))),
    );
    const after = t.headerRow + 1 + t.rows.length + (t.totalsRow === true ? 1 : 0);
    t.below.forEach((v, c) => {
      if (v !== null) wb.setValue(t.sheet, a1(after, t.firstColumn + c), store(v));
    });
    for (const typed of t.typedBelow ?? []) {
      typed.cells.forEach((v, c) => {
        if (v !== null) wb.setValue(t.sheet, a1(typed.row, t.firstColumn + c), store(v));
      });
    }
    wb.tables.push({
      name: t.name,
      sheet: t.sheet,
      headerRow: t.headerRow,
      firstColumn: t.firstColumn,
      width: t.headers.length,
      height: t.rows.length,
      ...(t.totalsRow === true ? { totalsRow: true } : {}),
      ...(hasHeaderRow ? {} : { hasHeaderRow: false, columnNames: t.headers.map((h) => (typeof h === "string" ? h : "")) }),
    });
  }
  if (raw.calculationMode !== undefined) wb.calculationMode = raw.calculationMode;
  if (raw.meta !== null) {
    if (!wb.sheet(META_SHEET)) wb.addSheet(META_SHEET, true);
    Object.entries(raw.meta).forEach(([key, value], i) => {
      wb.setValue(META_SHEET, a1(i + 1, 0), key);
      wb.setValue(META_SHEET, a1(i + 1, 1), store(value));
    });
  }
  return wb;
}

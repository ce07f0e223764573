/**
 * User actions as pure functions: (what the workbook holds, what the person asked) →
 * the changes to write and the findings that stop or qualify them. Hosts apply the
 * changes in one batch; a preview shows them without applying.
 */
import { a1, type CellValue, isCellError, isUncalculated } from "./cell";
import { planVersion } from "./decode";
import type { Change, CellExpectation, CellInput } from "./changes";
import type { Finding } from "./findings";
import { allocate, formatGBP, type Money, toCellNumber } from "./money";
import type { Plan, TableLayout } from "./model";
import type { RawWorkbook } from "./raw";
import { formatRange } from "./ranges";
import { namesInTheWay, returnTableChanges } from "./returns/tables";
import { type ProgressSheetOptions, progressSheetAfter, readAs } from "./returns/linked";
import { planRows, type PlanData, lineValues, type LineInput, statusWords } from "./template";
import { blankBodyRow, isEmptyCell } from "./tableRules";
import { cellIn } from "./verify";
import { columnWrites, LINES, META_KEYS, META_SHEET, RETURN_TABLES, SCHEMA_VERSION, TABLE_ORIGIN, type TableKey, TABLES, tableSpec } from "./schema";

export interface ActionResult {
  readonly changes: readonly Change[];
  /** Errors here mean the action was refused and `changes` is empty. */
  readonly findings: readonly Finding[];
}

const refused = (findings: Finding[]): ActionResult => ({ changes: [], findings });

/**
 * Sets an empty or unrelated workbook up as a plan of the current version: the four plan
 * tables, the six tables of quarterly returns and the settings (with any the data brings),
 * in one change list. Never touches a sheet it did not create: if any of the plan's sheets
 * or tables already exist, it refuses and says which. On a workbook that is already a plan
 * it does nothing.
 */
export function setupChanges(raw: RawWorkbook, data: PlanData, template: string, createdBy: string, options: ProgressSheetOptions = {}): ActionResult {
  if (raw.meta !== null) {
    const version = planVersion(raw);
    if (version.ok) return { changes: [], findings: [] };
    // A settings sheet that does not say which format the plan uses: never guess, never overwrite.
    return refused([
      {
        code: "SHEET_IN_THE_WAY",
        severity: "error",
        sheet: META_SHEET,
        cell: "B2",
        message: `Nothing was changed: ${version.reason}. If this workbook should be a plan, put the schema version back in "${META_SHEET}"!B2; otherwise remove or rename that sheet and set up again.`,
      },
    ]);
  }
  const inTheWay = namesInTheWay(
    raw,
    [...TABLES.map((t) => t.sheet), ...RETURN_TABLES.map((t) => t.sheet), META_SHEET],
    [...TABLES.map((t) => t.table), ...RETURN_TABLES.map((t) => t.table)],
    "set up again",
  );
  if (inTheWay.length > 0) return refused(inTheWay);

  const rows = planRows(data);
  const changes: Change[] = [];
  for (const spec of TABLES) {
    changes.push({ kind: "createSheet", sheet: spec.sheet, hidden: false });
    changes.push({
      kind: "createTable",
      sheet: spec.sheet,
      table: spec.table,
      headerRow: TABLE_ORIGIN.headerRow,
      firstColumn: TABLE_ORIGIN.firstColumn,
      columns: columnWrites(spec),
      // Excel tables always have a body row: an empty table gets one blank row with its formulas.
      rows: rows[spec.key].length > 0 ? rows[spec.key] : [blankBodyRow(spec)],
    });
  }
  changes.push(...returnTableChanges(rows, statusWords(data)));
  const settings: [string, CellInput][] = [
    [META_KEYS.schemaVersion, SCHEMA_VERSION],
    [META_KEYS.createdBy, createdBy],
    [META_KEYS.template, template],
    ...Object.entries(data.returns?.settings ?? {}),
  ];
  changes.push({ kind: "createSheet", sheet: META_SHEET, hidden: true });
  changes.push({
    kind: "setCells",
    sheet: META_SHEET,
    cells: [
      { address: "A1", value: "Key" },
      { address: "B1", value: "Value" },
      ...settings.flatMap(([key, value], i) => [
        { address: a1(i + 1, 0), value: key },
        { address: a1(i + 1, 1), value },
      ]),
    ],
  });
  // Last: its formulas name the tables and the settings above, which must exist when Excel writes them.
  const progress = progressSheetAfter(raw, changes, Object.fromEntries(settings.map(([key, value]) => [key, readAs(value)])), options);
  return { changes: [...changes, ...progress.changes], findings: [...progress.findings] };
}

export interface AllocationEdit {
  readonly lineId: string;
  readonly amount: Money;
  /**
   * The allocation the person saw when they typed the new one (null: blank). When given and
   * the workbook now holds something else (a co-author changed it), the edit is refused.
   */
  readonly expected?: Money | null;
}

function sameAllocation(a: Money | null, b: Money | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

function refusal(layout: TableLayout | null, message: string): Finding {
  return { code: "TABLE_MISSING", severity: "error", sheet: layout?.sheet ?? LINES.sheet, cell: "A1", message };
}

/**
 * Writes new allocations into the Allocation cells of the named lines, and nothing else.
 * Refuses the whole edit when a line cannot be found exactly once or an amount is not
 * whole, non-negative pennies.
 */
export function allocationChanges(plan: Plan, edits: readonly AllocationEdit[], raw?: RawWorkbook): ActionResult {
  const layout = plan.layouts.lines;
  const column = layout?.columns["allocation"];
  if (!layout || column === undefined) {
    return refused([refusal(layout, "The Lines table or its Allocation column is missing, so no allocation was written.")]);
  }
  const problems: Finding[] = [];
  const cells: { address: string; value: CellInput }[] = [];
  const expectations: CellExpectation[] = [];
  const said: string[] = [];
  const seen = new Set<string>();
  for (const edit of edits) {
    const key = edit.lineId.toLowerCase();
    if (seen.has(key)) {
      problems.push({
        code: "ID_DUPLICATE",
        severity: "error",
        sheet: layout.sheet,
        cell: "A1",
        message: `Line ${edit.lineId} was given two new allocations in one edit; nothing was written.`,
      });
      continue;
    }
    seen.add(key);
    const matches = plan.lines.filter((l) => l.id.toLowerCase() === edit.lineId.toLowerCase());
    if (matches.length !== 1 || matches[0] === undefined) {
      problems.push({
        code: matches.length === 0 ? "LINE_UNKNOWN" : "ID_DUPLICATE",
        severity: "error",
        sheet: layout.sheet,
        cell: "A1",
        message:
          matches.length === 0
            ? `Line ${edit.lineId} is no longer in the Lines table (it may have been deleted or renamed); nothing was written.`
            : `Line ID ${edit.lineId} is used ${matches.length} times, so the line to change is ambiguous; nothing was written.`,
      });
      continue;
    }
    const address = a1(matches[0].row, column);
    if (edit.expected !== undefined && !sameAllocation(edit.expected, matches[0].allocation)) {
      const now = matches[0].allocation === null ? "blank" : formatGBP(matches[0].allocation);
      const before = edit.expected === null ? "blank" : formatGBP(edit.expected);
      problems.push({
        code: "CHANGED_SINCE_READ",
        severity: "error",
        sheet: layout.sheet,
        cell: address,
        message: `The allocation of ${edit.lineId} changed in the workbook since you started editing (it was ${before}, it is now ${now}), perhaps by a co-author. Nothing was written; check the line and enter your amount again.`,
      });
      continue;
    }
    if (edit.amount.decimalPlaces() > 2 || (edit.amount.isNegative() && !edit.amount.isZero())) {
      problems.push({
        code: edit.amount.isNegative() ? "AMOUNT_NEGATIVE" : "AMOUNT_SUB_PENNY",
        severity: "error",
        sheet: layout.sheet,
        cell: address,
        message: `${formatGBP(edit.amount)} for line ${edit.lineId} is not a whole, non-negative number of pennies; nothing was written.`,
      });
      continue;
    }
    cells.push({ address, value: toCellNumber(edit.amount) });
    said.push(`${matches[0].id} (${layout.sheet}!${address}) to ${formatGBP(edit.amount)}`);
    if (raw !== undefined) expectations.push(...rowStillHolds(raw, layout, matches[0].row, matches[0].id));
  }
  if (problems.length > 0) return refused(problems);
  if (cells.length === 0) return { changes: [], findings: [] };
  const label = said.length === 1 ? `Set the allocation of ${said[0]}` : `Set the allocations of ${said.length} lines: ${said.join(", ")}`;
  const guard: Change[] = expectations.length > 0 ? [{ kind: "expect", sheet: layout.sheet, cells: expectations }] : [];
  return { changes: [...guard, { kind: "setCells", sheet: layout.sheet, cells, label }], findings: [] };
}

/**
 * The co-authoring guard of an allocation write: the row must still hold the line's ID and
 * the allocation exactly as read (a co-author who sorted, inserted or deleted rows, or
 * changed the amount, makes the host refuse the whole write before anything is written).
 */
function rowStillHolds(raw: RawWorkbook, layout: TableLayout, row: number, lineId: string): CellExpectation[] {
  const out: CellExpectation[] = [];
  const message = `Line ${lineId} changed in the workbook after it was read (a co-author may have sorted, moved or edited the Lines table). Nothing was written; check the line and try again.`;
  for (const key of ["id", "allocation"] as const) {
    const column = layout.columns[key];
    if (column === undefined) continue;
    const address = a1(row, column);
    const value = cellIn(raw, layout.sheet, address);
    if (value !== undefined) out.push({ address, value, message });
  }
  return out;
}

/** The next free line ID for a grant: "CRG-07" after "CRG-06". */
export function nextLineId(plan: Plan, grantId: string): string {
  const prefix = `${grantId}-`;
  let highest = 0;
  for (const line of plan.lines) {
    if (line.id.toLowerCase().startsWith(prefix.toLowerCase())) {
      const n = Number(line.id.slice(prefix.length));
      if (Number.isInteger(n) && n > highest) highest = n;
    }
  }
  const taken = new Set(plan.lines.map((l) => l.id.toLowerCase()));
  let n = highest + 1;
  while (taken.has(`${prefix}${String(n).padStart(2, "0")}`.toLowerCase())) n++;
  return `${prefix}${String(n).padStart(2, "0")}`;
}

/**
 * Adds a line directly below the Lines table. The row follows the table's real column
 * order (the person may have moved or added columns); formula columns get their formula.
 */
export function addLineChanges(plan: Plan, line: LineInput): ActionResult {
  const layout = plan.layouts.lines;
  if (!layout) return refused([refusal(layout, "The Lines table is missing, so the line was not added.")]);
  const problems: Finding[] = [];
  const at = { sheet: layout.sheet, cell: a1(layout.nextRow, layout.firstColumn) };
  if (line.id.trim() === "") problems.push({ code: "ID_MISSING", severity: "error", ...at, message: "The new line needs an ID." });
  if (plan.lines.some((l) => l.id.toLowerCase() === line.id.trim().toLowerCase())) {
    problems.push({ code: "ID_DUPLICATE", severity: "error", ...at, message: `Line ID ${line.id} is already used; choose another.` });
  }
  if (!plan.grants.some((g) => g.id.toLowerCase() === line.grantId.toLowerCase())) {
    problems.push({ code: "GRANT_UNKNOWN", severity: "error", ...at, message: `Grant ${line.grantId} is not in the Grants table.` });
  }
  if (line.activity.trim() === "") problems.push({ code: "VALUE_MISSING", severity: "error", ...at, message: "The new line needs an activity." });
  if (problems.length > 0) return refused(problems);

  const values = lineValues({ ...line, id: line.id.trim(), grantId: line.grantId.trim() });
  const row: CellInput[] = new Array<CellInput>(layout.width).fill(null);
  const ours: { address: string; value: CellInput }[] = [];
  for (const column of LINES.columns) {
    const sheetColumn = layout.columns[column.key];
    if (sheetColumn === undefined) continue;
    const value: CellInput = column.type === "formula" && column.formula !== undefined ? { formula: column.formula, result: 0 } : (values[column.key] ?? null);
    row[sheetColumn - layout.firstColumn] = value;
    ours.push({ address: a1(layout.nextRow, sheetColumn), value });
  }
  if (layout.nextRow < layout.endRow) {
    // The table ends in blank rows (a new table always has one): fill the first of them,
    // writing only the plan's own columns so a person's extra columns keep their formulas.
    // The row must still be blank when the line is written (a co-author may have typed into
    // it since the read): every cell a person fills in, the plan's own formula columns aside.
    const formulaColumns = new Set(LINES.columns.flatMap((c) => (c.type === "formula" ? [layout.columns[c.key]] : [])));
    const span = `${layout.sheet}!${a1(layout.nextRow, layout.firstColumn)}:${a1(layout.nextRow, layout.firstColumn + layout.width - 1)}`;
    const stillBlank: CellExpectation[] = [];
    for (let column = layout.firstColumn; column < layout.firstColumn + layout.width; column++) {
      if (formulaColumns.has(column)) continue;
      stillBlank.push({ address: a1(layout.nextRow, column), value: null, message: `The blank table row ${span} is no longer blank: someone typed into it since the workbook was read. Nothing was written. Check again and add the line again.` });
    }
    return {
      changes: [
        { kind: "expect", sheet: layout.sheet, cells: stillBlank },
        { kind: "setCells", sheet: layout.sheet, cells: ours },
      ],
      findings: [],
    };
  }
  if (!layout.belowIsEmpty) {
    const last = a1(layout.endRow, layout.firstColumn + layout.width - 1);
    return refused([
      {
        code: "ROW_BELOW_NOT_EMPTY",
        severity: "error",
        sheet: layout.sheet,
        cell: a1(layout.endRow, layout.firstColumn),
        message: `The row below the Lines table (${a1(layout.endRow, layout.firstColumn)}:${last}) is not empty, so a new line would overwrite it. Nothing was written. Insert a blank table row in Excel (or move what is below the table) and add the line again.`,
      },
    ]);
  }
  return { changes: [{ kind: "appendRows", sheet: layout.sheet, table: LINES.table, rows: [row] }], findings: [] };
}

export interface SplitShare {
  readonly lineId: string;
  readonly amount: Money;
}

/** "£60,000 equally across 6 lines" or by weights: a penny-exact preview of the shares. */
export function splitAcross(lineIds: readonly string[], total: Money, weights?: readonly Money[]): SplitShare[] {
  const ws = weights ?? lineIds.map(() => 1);
  const shares = allocate(total, ws);
  return shares.map((amount, i) => ({ lineId: lineIds[i] ?? "", amount }));
}

export type { PlanData, LineInput };

/**
 * Takes the rows a person typed just under a table (outside it, ROWS_BELOW_TABLE) into
 * the table, keeping every value where it is: the cells must still hold what was read
 * (an `expect`), they are cleared, and the same values are written back as rows appended
 * to the table, which grows over them. A typed formula is written back as the same
 * formula in the same cell (so its references do not move), with the result it showed
 * as its stored result; a formula with no stored result is written back without one.
 * Blank rows between the table and the typed rows are taken in too (as blank table rows).
 * The plan's own formula columns of those rows get their formula. Refused, with nothing
 * written, when the table has a Total Row (it cannot grow past it), when a typed cell
 * shows an Excel error (fix it first), or when the host could not read the typed cells'
 * formulas (writing their values back would turn formulas into fixed figures).
 */
export function takeRowsIntoTable(raw: RawWorkbook, plan: Plan, table: TableKey): ActionResult {
  const spec = tableSpec(table);
  // Any table: its columns by plain string key.
  const layout: TableLayout | null = plan.layouts[table];
  const rawTable = raw.tables.find((t) => t.name.toLowerCase() === spec.table.toLowerCase());
  if (!layout || !rawTable) {
    return refused([{ code: "TABLE_MISSING", severity: "error", sheet: spec.sheet, cell: "A1", message: `Table ${spec.table} is missing, so no rows were taken into it.` }]);
  }
  const typed = [...(rawTable.typedBelow ?? [])].sort((a, b) => a.row - b.row);
  const first = typed[0];
  const last = typed[typed.length - 1];
  if (first === undefined || last === undefined) return { changes: [], findings: [] };
  const right = layout.firstColumn + layout.width - 1;
  const range = formatRange({ top: first.row, left: layout.firstColumn, bottom: last.row, right });
  const refuse = (cell: string, message: string): ActionResult =>
    refused([{ code: "ROWS_BELOW_TABLE", severity: "error", sheet: layout.sheet, cell, message: `Nothing was written: ${message}` }]);
  if (rawTable.totalsRow === true) {
    return refuse(
      a1(first.row, layout.firstColumn),
      `table ${spec.table} shows a Total Row, so it cannot grow over ${layout.sheet}!${range}. Turn the Total Row off (Table Design > Total Row), take the rows in, then turn it back on.`,
    );
  }
  if (first.row < layout.endRow) {
    return refuse(a1(first.row, layout.firstColumn), `${layout.sheet}!${range} overlaps table ${spec.table}; read the workbook again and retry.`);
  }
  // A host that reads formulas gives them for every typed row that holds one; without
  // them, a figure typed as a formula cannot be told from one typed as a number.
  const formulasKnown = rawTable.formulas !== undefined;
  for (const { row, cells, formulas } of typed) {
    for (const [i, value] of cells.entries()) {
      if (value === null) continue;
      const address = a1(row, layout.firstColumn + i);
      if (isCellError(value)) {
        return refuse(address, `${layout.sheet}!${address} shows the Excel error ${value.error}; fix it first, then take the rows in.`);
      }
      if (!formulasKnown && formulas === undefined && !isUncalculated(value) && !isEmptyCell(value)) {
        return refuse(
          address,
          `the formulas of ${layout.sheet}!${range} could not be read, so any formula typed there would be written back as a fixed figure. Take the rows in with Excel instead: drag the table's resize handle (its bottom-right corner) down over them.`,
        );
      }
    }
  }

  const byRow = new Map(typed.map((t) => [t.row, t] as const));
  const ownFormulas = new Map(
    spec.columns
      .filter((c) => c.type === "formula" && c.formula !== undefined && layout.columns[c.key] !== undefined)
      .map((c) => [(layout.columns[c.key] ?? 0) - layout.firstColumn, c.formula ?? ""] as const),
  );
  const expected: { address: string; value: CellValue; message: string }[] = [];
  const cleared: { address: string; value: CellInput }[] = [];
  const rows: CellInput[][] = [];
  for (let row = layout.endRow; row <= last.row; row++) {
    const typedRow = byRow.get(row);
    const cells = typedRow?.cells ?? [];
    const values: CellInput[] = [];
    for (let i = 0; i < layout.width; i++) {
      const value: CellValue = cells[i] ?? null;
      const typedFormula = typedRow?.formulas?.[i] ?? null;
      const address = a1(row, layout.firstColumn + i);
      expected.push({ address, value, message: `${layout.sheet}!${address} changed since the workbook was read; nothing was written. Check again and retry.` });
      if (!isEmptyCell(value) || typedFormula !== null) cleared.push({ address, value: null });
      const formula = ownFormulas.get(i);
      values.push(formula !== undefined ? { formula } : writtenBack(value, typedFormula));
    }
    rows.push(values);
  }
  const count = typed.length;
  return {
    changes: [
      { kind: "expect", sheet: layout.sheet, cells: expected },
      {
        kind: "setCells",
        sheet: layout.sheet,
        cells: cleared,
        label: `Clear ${layout.sheet}!${range} so that table ${spec.table} can grow over ${count === 1 ? "the row" : `the ${count} rows`} typed there`,
      },
      { kind: "appendRows", sheet: layout.sheet, table: spec.table, rows },
    ],
    findings: [],
  };
}

/**
 * What a typed cell is written back as: its formula (with what it showed as the stored
 * result, "" for a formula showing nothing, none for a true/false or uncalculated one), or
 * its value. Errors were refused before this.
 */
function writtenBack(value: CellValue, formula: string | null): CellInput {
  const text = formula ?? (value !== null && isUncalculated(value) ? value.uncalculated : null);
  if (text !== null) {
    if (typeof value === "number" || typeof value === "string") return { formula: text, result: value };
    return value === null ? { formula: text, result: "" } : { formula: text };
  }
  return value === null || typeof value === "object" ? null : value;
}

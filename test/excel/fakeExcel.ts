/**
 * An in-memory stand-in for the part of Office.js the Excel host uses, strict in the ways
 * real Excel is strict:
 *  - proxies queue their commands; nothing reaches the workbook before `sync()`;
 *  - a property can be read only after `load()` and a `sync()` (else it throws), a null
 *    object says so through `isNullObject` and refuses property reads;
 *  - writes are checked like Excel checks them (array sizes, duplicate sheet names,
 *    overlapping tables, formulas that name a table that does not exist);
 *  - text written to a cell formatted "@" stays text; "123" written to a General cell
 *    becomes a number; formulas are recalculated when read (SUMIFS, COUNTIFS, +, -);
 *  - a sync can be made to fail at a chosen command with a chosen error code: commands
 *    before it stay applied, as in Excel;
 *  - loading a null object, or reading its `isNullObject`, always works; what a method
 *    called on a null object does in the same batch is not documented, so the fake does
 *    either: by default it gives back another null object, and with `nullObjectCallsFail`
 *    the sync fails at that call, as a stricter Excel would.
 *  - inside a run with `mergeUndoGroup`, a command Excel cannot undo fails the sync with
 *    UndoNotSupported (`notUndoable`; by default `worksheet.visibility`, which the undo
 *    page lists as without undo in Excel on Windows and Mac);
 *  - with `maxResponseBytes`, a sync whose loaded values would come back larger (JSON
 *    length) fails with ResponsePayloadSizeLimitExceeded, as Excel on the web does past 5 MB;
 *  - `Range.insert("Down")` and `rows.add` shift the cells below down; a table that grows
 *    over cells that are not empty (resize) takes them in, as Excel does, and the fake notes
 *    each such cell in `grownOver`, so a test can catch a host that writes over them.
 * It counts syncs so tests can prove that the number of syncs does not grow with rows.
 */
import { a1, type CellValue, columnIndex, isCellError, parseA1 } from "../../src/plan/cell";
import { overlaps, parseRange } from "../../src/plan/ranges";
import type {
  CellWrite,
  ExcelContext,
  ExcelDataValidation,
  ExcelRange,
  ExcelRangeAreas,
  ExcelRangeFormat,
  ExcelRun,
  ExcelRunOptions,
  ExcelTable,
  ExcelTableCollection,
  ExcelTableRows,
  ExcelValidationRule,
  ExcelWorkbookApi,
  ExcelWorksheet,
  ExcelWorksheetCollection,
  ExcelWorksheetTables,
} from "../../src/excel/excelApi";

// ------------------------------------------------------------------ workbook state

export interface Box {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface FakeCell {
  value: CellValue;
  /** Formula text without "=", or null for a constant. */
  formula: string | null;
  format: string;
}

export class FakeSheetState {
  visibility = "Visible";
  readonly cells = new Map<string, FakeCell>();
  readonly merged: Box[] = [];
  readonly validations: { box: Box; rule: ExcelValidationRule }[] = [];
  /** Column widths in points, by zero-based column. */
  readonly widths = new Map<number, number>();

  constructor(public name: string) {}

  cell(row: number, column: number): FakeCell {
    const key = a1(row, column);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { value: null, formula: null, format: "General" };
      this.cells.set(key, cell);
    }
    return cell;
  }

  peek(row: number, column: number): FakeCell | undefined {
    return this.cells.get(a1(row, column));
  }
}

export class FakeTableState {
  style = "TableStyleMedium2";
  constructor(
    public name: string,
    readonly sheet: FakeSheetState,
    readonly top: number,
    readonly left: number,
    public width: number,
    /** Body rows. */
    public height: number,
  ) {}

  get box(): Box {
    return { top: this.top, left: this.left, bottom: this.top + this.height, right: this.left + this.width - 1 };
  }
}

export class FakeOfficeError extends Error {
  override readonly name = "RichApi.Error";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a queued command looks like to a failure rule. */
export interface FakeOp {
  /** e.g. "load", "worksheets.add", "tables.add", "range.formulas", "table.resize". */
  readonly kind: string;
  /** Sheet, table or address the command is about. */
  readonly detail: string;
}

export interface FakeFailure {
  readonly code: string;
  readonly message?: string;
  /** How many syncs fail this way (default 1). */
  times?: number;
  /** The command the sync fails at; by default the first one (nothing is applied). */
  readonly when?: (op: FakeOp) => boolean;
}

interface QueuedOp extends FakeOp {
  run(): void;
}

function boxText(box: Box): string {
  const start = a1(box.top, box.left);
  const end = a1(box.bottom, box.right);
  return start === end ? start : `${start}:${end}`;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function parseBox(text: string): Box | null {
  return parseRange(text);
}


const rowsOf = (box: Box): number => box.bottom - box.top + 1;
const columnsOf = (box: Box): number => box.right - box.left + 1;

/** Excel keeps 15 significant digits of a calculated number. */
const excelNumber = (n: number): number => Number(n.toPrecision(15));

// ------------------------------------------------------------------ formulas

type Evaluated = CellValue | { readonly column: readonly CellValue[] };

class FormulaReader {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly excel: FakeExcel,
    private readonly sheet: FakeSheetState,
    private readonly row: number,
    private readonly depth: number,
  ) {}

  evaluate(): CellValue {
    const value = this.expression();
    this.space();
    if (this.at < this.text.length) return { error: "#NAME?" };
    return isColumn(value) ? { error: "#VALUE!" } : value;
  }

  private space(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  private expression(): Evaluated {
    let left = this.term();
    for (;;) {
      this.space();
      const op = this.text[this.at];
      if (op !== "+" && op !== "-") return left;
      this.at++;
      const right = this.term();
      left = arithmetic(left, right, op);
    }
  }

  private term(): Evaluated {
    this.space();
    const rest = this.text.slice(this.at);
    const number = /^[0-9]+(\.[0-9]+)?/.exec(rest);
    if (number) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    if (rest.startsWith("(")) {
      this.at++;
      const inner = this.expression();
      this.space();
      this.at++;
      return inner;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (!name) {
      // Something the fake cannot read (a text literal, say): give up on the whole formula.
      this.at = this.text.length;
      return { error: "#NAME?" };
    }
    this.at += name[0].length;
    if (this.text[this.at] === "(") {
      this.at++;
      const args: Evaluated[] = [];
      for (;;) {
        this.space();
        if (this.at >= this.text.length) return { error: "#NAME?" };
        if (this.text[this.at] === ")") {
          this.at++;
          break;
        }
        args.push(this.expression());
        this.space();
        if (this.text[this.at] === ",") this.at++;
      }
      return this.excel.call(name[0].toUpperCase(), args);
    }
    if (this.text[this.at] === "[") return this.reference(name[0]);
    return { error: "#NAME?" };
  }

  private bracket(): string {
    let depth = 0;
    const start = this.at;
    do {
      const ch = this.text[this.at];
      if (ch === "[") depth++;
      if (ch === "]") depth--;
      this.at++;
    } while (depth > 0 && this.at < this.text.length);
    return this.text.slice(start + 1, this.at - 1);
  }

  private reference(tableName: string): Evaluated {
    const inside = this.bracket();
    const parts = inside.startsWith("[") ? [...inside.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "") : [inside];
    const thisRow = parts.some((p) => p.toLowerCase() === "#this row");
    const columnName = parts.filter((p) => !p.startsWith("#")).pop() ?? "";
    const table = this.excel.tableState(tableName);
    if (!table) return { error: "#REF!" };
    const offset = this.excel.headerIndex(table, columnName);
    if (offset < 0) return { error: "#REF!" };
    const column = table.left + offset;
    if (thisRow) {
      if (this.row <= table.top || this.row > table.top + table.height) return { error: "#VALUE!" };
      return this.excel.computed(table.sheet, this.row, column, this.depth + 1);
    }
    return { column: this.excel.columnValues(table, column, this.depth + 1) };
  }
}

function isColumn(value: Evaluated): value is { readonly column: readonly CellValue[] } {
  return typeof value === "object" && value !== null && "column" in value;
}

function arithmetic(left: Evaluated, right: Evaluated, op: "+" | "-"): CellValue {
  if (isColumn(left) || isColumn(right)) return { error: "#VALUE!" };
  if (left !== null && isCellError(left)) return left;
  if (right !== null && isCellError(right)) return right;
  const l = left === null ? 0 : left;
  const r = right === null ? 0 : right;
  if (typeof l !== "number" || typeof r !== "number") return { error: "#VALUE!" };
  return excelNumber(op === "+" ? l + r : l - r);
}

/** Criteria match as in SUMIFS: text without regard to case, anything else exactly. */
function criterionKey(value: CellValue): string {
  if (value === null) return "blank";
  if (isCellError(value)) return `error:${value.error}`;
  if (typeof value === "string") return `text:${value.toLowerCase()}`;
  return `${typeof value}:${String(value)}`;
}

// ------------------------------------------------------------------ the fake

export interface FakeExcelOptions {
  /**
   * Whether a method called on a null object (e.g. `getItemOrNullObject(…).getRange()` for
   * a table that does not exist) fails the sync: false gives back a null object, true fails
   * with ItemNotFound, a string fails with that error code.
   */
  readonly nullObjectCallsFail?: boolean | string;
}

/** The messages Excel gives with the codes the fake fails null-object calls with. */
const MESSAGES: Readonly<Record<string, string>> = {
  ItemNotFound: "The requested resource doesn't exist.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidReference: "This reference is not valid for the current operation.",
};

export class FakeExcel {
  readonly sheets: FakeSheetState[] = [];
  readonly tables: FakeTableState[] = [];
  active: string | null = null;
  selection: { sheet: string; address: string } | null = null;
  /** Every `context.sync()` so far, refused ones included. */
  syncs = 0;
  /** The syncs that Excel refused (failed). */
  refusedSyncs = 0;
  /** See FakeExcelOptions; may be changed between runs. */
  nullObjectCallsFail: boolean | string;
  /** The options each `Excel.run` was given. */
  readonly runs: ExcelRunOptions[] = [];
  /** Every command that ran, in order. */
  readonly log: FakeOp[] = [];
  /** Kinds of command that cannot be undone: inside a merged undo group they fail with UndoNotSupported. */
  readonly notUndoable = new Set<string>(["worksheet.visibility"]);
  /** Largest response a sync may give back (JSON length of the loaded values), or null for no limit. */
  maxResponseBytes: number | null = null;
  /** The size of the last sync's response, as `maxResponseBytes` counts it. */
  lastResponseBytes = 0;
  /** Cells ("Sheet!A1") that were not empty when a table grew over them. */
  readonly grownOver: string[] = [];
  private readonly failures: FakeFailure[] = [];
  private tableCounter = 0;
  /** Recalculation results, kept while only loads run (any other command clears them). */
  private cache: {
    readonly cells: Map<string, CellValue>;
    readonly columns: Map<string, CellValue[]>;
    readonly groups: WeakMap<readonly CellValue[], WeakMap<readonly CellValue[], Map<string, number>>>;
  } | null = null;

  constructor(options: FakeExcelOptions = {}) {
    this.nullObjectCallsFail = options.nullObjectCallsFail ?? false;
  }

  /** The error a method called on a null object fails the sync with, or null when it does not fail. */
  nullObjectCallError(what: string): FakeOfficeError | null {
    if (this.nullObjectCallsFail === false) return null;
    const code = this.nullObjectCallsFail === true ? "ItemNotFound" : this.nullObjectCallsFail;
    return new FakeOfficeError(code, `${MESSAGES[code] ?? "The call cannot be made on a null object."} (${what})`);
  }

  /** What `Excel.run` is in production: a new request context per batch. */
  readonly run: ExcelRun = async (batch, options) => {
    this.runs.push(options);
    return batch(new FakeContext(this, options.mergeUndoGroup === true));
  };

  /** Makes coming syncs fail (see FakeFailure). */
  fail(failure: FakeFailure): void {
    this.failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** The failure a command runs into, if any (one without `when` hits a request's first command). */
  takeFailure(op: FakeOp): FakeFailure | null {
    const failure = this.failures.find((f) => (f.when ?? (() => true))(op));
    if (!failure) return null;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
    return failure;
  }

  sheetState(name: string): FakeSheetState | null {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  tableState(name: string): FakeTableState | null {
    return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  headerIndex(table: FakeTableState, header: string): number {
    for (let i = 0; i < table.width; i++) {
      const value = this.computed(table.sheet, table.top, table.left + i, 0);
      if (typeof value === "string" && value.trim().toLowerCase() === header.trim().toLowerCase()) return i;
    }
    return -1;
  }

  invalidate(): void {
    this.cache = null;
  }

  private recalculation(): NonNullable<FakeExcel["cache"]> {
    this.cache ??= { cells: new Map(), columns: new Map(), groups: new WeakMap() };
    return this.cache;
  }

  /** The value a cell shows, formulas recalculated. */
  computed(sheet: FakeSheetState, row: number, column: number, depth: number): CellValue {
    const cell = sheet.peek(row, column);
    if (!cell) return null;
    if (cell.formula === null) return cell.value;
    if (depth > 50) return { error: "#REF!" };
    const key = `${sheet.name}|${row}|${column}`;
    const cells = this.recalculation().cells;
    const known = cells.get(key);
    if (known !== undefined) return known;
    const value = new FormulaReader(cell.formula, this, sheet, row, depth).evaluate();
    cells.set(key, value);
    return value;
  }

  columnValues(table: FakeTableState, column: number, depth: number): CellValue[] {
    const key = `${table.name}|${column}`;
    const columns = this.recalculation().columns;
    let values = columns.get(key);
    if (!values) {
      values = Array.from({ length: table.height }, (_, r) => this.computed(table.sheet, table.top + 1 + r, column, depth));
      columns.set(key, values);
    }
    return values;
  }

  /** Totals (or counts, with no sum column) per criterion, computed once per pair of columns. */
  private grouped(sumColumn: readonly CellValue[] | null, criteriaColumn: readonly CellValue[]): Map<string, number> {
    const groups = this.recalculation().groups;
    const bySum = groups.get(criteriaColumn) ?? new WeakMap<readonly CellValue[], Map<string, number>>();
    groups.set(criteriaColumn, bySum);
    const anchor = sumColumn ?? criteriaColumn;
    let totals = bySum.get(anchor);
    if (!totals) {
      totals = new Map();
      criteriaColumn.forEach((value, i) => {
        const key = criterionKey(value);
        const amount = sumColumn === null ? 1 : sumColumn[i];
        if (typeof amount === "number") totals?.set(key, (totals.get(key) ?? 0) + amount);
      });
      bySum.set(anchor, totals);
    }
    return totals;
  }

  call(name: string, args: readonly Evaluated[]): CellValue {
    const failed = args.find((a): a is CellValue => !isColumn(a) && a !== null && isCellError(a));
    if (failed !== undefined) return failed;
    if (name === "SUMIFS" && args.length === 3) {
      const [sumColumn, criteriaColumn, criterion] = args;
      if (!sumColumn || !isColumn(sumColumn) || !criteriaColumn || !isColumn(criteriaColumn) || criterion === undefined || isColumn(criterion)) {
        return { error: "#VALUE!" };
      }
      return excelNumber(this.grouped(sumColumn.column, criteriaColumn.column).get(criterionKey(criterion)) ?? 0);
    }
    if (name === "COUNTIFS" && args.length === 2) {
      const [criteriaColumn, criterion] = args;
      if (!criteriaColumn || !isColumn(criteriaColumn) || criterion === undefined || isColumn(criterion)) return { error: "#VALUE!" };
      return this.grouped(null, criteriaColumn.column).get(criterionKey(criterion)) ?? 0;
    }
    return { error: "#NAME?" };
  }

  // ---- arranging a workbook the way a person would have left it

  addSheet(name: string, hidden = false): FakeSheetState {
    this.invalidate();
    const sheet = new FakeSheetState(name);
    if (hidden) sheet.visibility = "Hidden";
    this.sheets.push(sheet);
    return sheet;
  }

  /** Types into a cell: a value, or `{ formula }` without "=". */
  type(sheetName: string, address: string, value: CellValue | { formula: string }): void {
    const sheet = this.sheetState(sheetName);
    const at = parseA1(address);
    if (!sheet || !at) throw new Error(`no cell ${sheetName}!${address}`);
    this.invalidate();
    const cell = sheet.cell(at.row, at.column);
    if (value !== null && typeof value === "object" && "formula" in value) {
      cell.formula = value.formula;
      cell.value = null;
    } else {
      cell.formula = null;
      cell.value = value;
    }
  }

  /** Converts a table to a plain range, as Table Design > Convert to Range does: the cells stay. */
  convertToRange(tableName: string): void {
    const table = this.tableState(tableName);
    if (!table) throw new Error(`no table ${tableName}`);
    this.invalidate();
    this.tables.splice(this.tables.indexOf(table), 1);
  }

  /** Deletes a sheet with its tables. */
  deleteSheet(sheetName: string): void {
    const sheet = this.sheetState(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    this.invalidate();
    for (const table of this.tables.filter((t) => t.sheet === sheet)) this.tables.splice(this.tables.indexOf(table), 1);
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
  }

  merge(sheetName: string, address: string): void {
    const sheet = this.sheetState(sheetName);
    const box = parseBox(address);
    if (!sheet || !box) throw new Error(`cannot merge ${sheetName}!${address}`);
    this.invalidate();
    sheet.merged.push(box);
  }

  value(sheetName: string, address: string): CellValue {
    const sheet = this.sheetState(sheetName);
    const at = parseA1(address);
    if (!sheet || !at) throw new Error(`no cell ${sheetName}!${address}`);
    return this.computed(sheet, at.row, at.column, 0);
  }

  format(sheetName: string, address: string): string {
    const sheet = this.sheetState(sheetName);
    const at = parseA1(address);
    if (!sheet || !at) throw new Error(`no cell ${sheetName}!${address}`);
    return sheet.peek(at.row, at.column)?.format ?? "General";
  }

  // ---- what commands do when a sync runs them

  addTable(sheet: FakeSheetState, box: Box, hasHeaders: boolean): FakeTableState {
    if (!hasHeaders) throw new FakeOfficeError("NotImplemented", "The fake only creates tables with headers.");
    if (this.tables.some((t) => t.sheet === sheet && overlaps(t.box, box)) || sheet.merged.some((m) => overlaps(m, box))) {
      throw new FakeOfficeError("MergedRangeConflict", "A table can't overlap another table or merged cells.");
    }
    this.tableCounter++;
    // A range that is only a header row gets one blank body row.
    const table = new FakeTableState(`Table${this.tableCounter}`, sheet, box.top, box.left, columnsOf(box), Math.max(rowsOf(box) - 1, 1));
    this.tables.push(table);
    return table;
  }

  renameTable(table: FakeTableState, name: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new FakeOfficeError("InvalidArgument", `"${name}" is not a valid table name.`);
    const other = this.tableState(name);
    if (other && other !== table) throw new FakeOfficeError("ItemAlreadyExists", `A table named ${name} already exists.`);
    table.name = name;
  }

  write(sheet: FakeSheetState, box: Box, values: readonly (readonly (CellWrite | null)[])[]): void {
    this.checkShape(box, values, "formulas");
    values.forEach((row, r) =>
      row.forEach((input, c) => {
        if (input === null) return;
        const cell = sheet.cell(box.top + r, box.left + c);
        if (input === "") {
          cell.value = null;
          cell.formula = null;
        } else if (typeof input === "string" && input.startsWith("=") && cell.format !== "@") {
          const formula = input.slice(1);
          for (const [, name] of formula.matchAll(/([A-Za-z_][A-Za-z0-9_.]*)\[/g)) {
            if (name !== undefined && !this.tableState(name)) {
              throw new FakeOfficeError("InvalidArgument", `The formula refers to a table that does not exist: ${name}.`);
            }
          }
          cell.formula = formula;
          cell.value = null;
        } else if (typeof input === "string" && cell.format !== "@" && /^-?[0-9]+(\.[0-9]+)?$/.test(input.trim())) {
          cell.formula = null;
          cell.value = Number(input);
        } else {
          cell.formula = null;
          cell.value = input;
        }
      }),
    );
  }

  /**
   * Inserts blank cells at `box`, shifting the cells at and below it in its columns down
   * by its height. Like Excel, refuses where that would cut through a table or merged
   * cells (the fake refuses any table or merged area in the way, even one Excel could move).
   */
  insertCells(sheet: FakeSheetState, box: Box): void {
    const shift = rowsOf(box);
    const zone: Box = { top: box.top, left: box.left, bottom: Number.MAX_SAFE_INTEGER, right: box.right };
    if (this.tables.some((t) => t.sheet === sheet && overlaps(t.box, zone)) || sheet.merged.some((m) => overlaps(m, zone))) {
      throw new FakeOfficeError("InsertDeleteConflict", "The insert or delete operation attempted resulted in a conflict.");
    }
    const moved: [number, number, FakeCell][] = [];
    for (const [key, cell] of [...sheet.cells]) {
      const at = parseA1(key);
      if (!at || at.row < box.top || at.column < box.left || at.column > box.right) continue;
      sheet.cells.delete(key);
      moved.push([at.row + shift, at.column, cell]);
    }
    for (const [row, column, cell] of moved) sheet.cells.set(a1(row, column), cell);
    sheet.validations.forEach((v, i) => {
      if (v.box.top >= box.top && v.box.left >= box.left && v.box.right <= box.right) {
        sheet.validations[i] = { ...v, box: { ...v.box, top: v.box.top + shift, bottom: v.box.bottom + shift } };
      }
    });
  }

  /** Notes the cells that are not empty where `table` grows to `box`. */
  noteGrowth(table: FakeTableState, box: Box): void {
    const old = table.box;
    for (let row = box.top; row <= box.bottom; row++) {
      for (let column = box.left; column <= box.right; column++) {
        if (row <= old.bottom && column <= old.right) continue;
        const value = this.computed(table.sheet, row, column, 0);
        if (value !== null && value !== "") this.grownOver.push(`${table.sheet.name}!${a1(row, column)}`);
      }
    }
  }

  setFormats(sheet: FakeSheetState, box: Box, formats: readonly (readonly string[])[]): void {
    this.checkShape(box, formats, "numberFormat");
    formats.forEach((row, r) => row.forEach((format, c) => (sheet.cell(box.top + r, box.left + c).format = format)));
  }

  private checkShape(box: Box, values: readonly (readonly unknown[])[], what: string): void {
    if (values.length !== rowsOf(box) || values.some((row) => row.length !== columnsOf(box))) {
      throw new FakeOfficeError(
        "InvalidArgument",
        `The number of rows or columns in the ${what} array doesn't match the size or dimensions of the range (${boxText(box)}).`,
      );
    }
  }
}

// ------------------------------------------------------------------ proxies

type Resolved<T> = T | null;

class FakeContext implements ExcelContext {
  readonly workbook: FakeWorkbookApi;
  private ops: QueuedOp[] = [];
  private commits: (() => void)[] = [];
  private readonly proxies: FakeProxy[] = [];
  /** JSON length of what the loads of the current sync give back. */
  private responseBytes = 0;

  constructor(
    readonly excel: FakeExcel,
    private readonly mergeUndoGroup = false,
  ) {
    this.workbook = new FakeWorkbookApi(this);
  }

  /** A load of the current sync gives back `bytes` of JSON. */
  respond(bytes: number): void {
    this.responseBytes += bytes;
  }

  enqueue(kind: string, detail: string, run: () => void): void {
    this.ops.push({ kind, detail, run });
  }

  track(proxy: FakeProxy): void {
    this.proxies.push(proxy);
  }

  onSuccess(commit: () => void): void {
    this.commits.push(commit);
  }

  async sync(): Promise<void> {
    await Promise.resolve();
    this.excel.syncs++;
    const ops = this.ops;
    this.ops = [];
    this.commits = [];
    this.responseBytes = 0;
    try {
      for (const op of ops) {
        const failure = this.excel.takeFailure(op);
        if (failure) throw new FakeOfficeError(failure.code, failure.message ?? `The fake was told to fail at ${op.kind} ${op.detail}.`);
        if (this.mergeUndoGroup && this.excel.notUndoable.has(op.kind)) {
          throw new FakeOfficeError("UndoNotSupported", `${op.kind} cannot be undone, so it cannot be part of a merged undo group.`);
        }
        // Loads and method calls that only navigate leave the workbook as it is.
        if (op.kind !== "load" && op.kind !== "call") this.excel.invalidate();
        op.run();
        this.excel.log.push({ kind: op.kind, detail: op.detail });
      }
      this.excel.lastResponseBytes = this.responseBytes;
      const limit = this.excel.maxResponseBytes;
      if (limit !== null && this.responseBytes > limit) {
        throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit.");
      }
    } catch (error) {
      this.excel.refusedSyncs++;
      throw error;
    }
    for (const commit of this.commits) commit();
    for (const proxy of this.proxies) proxy.settle();
  }
}

abstract class FakeProxy {
  private readonly loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;

  constructor(
    protected readonly ctx: FakeContext,
    private readonly typeName: string,
  ) {
    ctx.track(this);
  }

  /** The object in the workbook, or null for a null object. */
  protected abstract find(): unknown;
  /** The value of a loadable property, computed when the load runs. */
  protected abstract snapshot(property: string): unknown;

  get isNullObject(): boolean {
    if (this.nullState === undefined) throw new Error(`FakeExcel: ${this.typeName}.isNullObject was read before context.sync()`);
    return this.nullState;
  }

  settle(): void {
    this.nullState = this.find() === null;
  }

  load(propertyNames: string): this {
    const names = propertyNames
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "");
    if (names.length === 0) throw new Error(`FakeExcel: empty load() on ${this.typeName}`);
    this.ctx.enqueue("load", `${this.typeName} ${propertyNames}`, () => {
      if (this.find() === null) return;
      const values = names.map((n) => [n, this.snapshot(n)] as const);
      this.ctx.respond(JSON.stringify(values).length);
      this.ctx.onSuccess(() => values.forEach(([n, v]) => this.loaded.set(n, v)));
    });
    return this;
  }

  /**
   * A method is called on this object. Where it may be a null object and the fake plays
   * the stricter Excel, the call is a command that fails the sync if the object is null.
   */
  protected called(method: string, nullable: boolean): void {
    if (!nullable || this.ctx.excel.nullObjectCallsFail === false) return;
    this.ctx.enqueue("call", `${this.typeName}.${method}`, () => {
      if (this.find() !== null) return;
      const error = this.ctx.excel.nullObjectCallError(`${this.typeName}.${method} on a null object`);
      if (error) throw error;
    });
  }

  protected preset(property: string, value: unknown): void {
    this.loaded.set(property, value);
  }

  protected loadedValue<T>(property: string, isT: (value: unknown) => value is T): T {
    if (this.nullState === true) throw new Error(`FakeExcel: ${this.typeName}.${property} was read on a null object`);
    if (!this.loaded.has(property)) {
      throw new Error(`FakeExcel: ${this.typeName}.${property} was read without load("${property}") and context.sync()`);
    }
    const value = this.loaded.get(property);
    if (!isT(value)) throw new Error(`FakeExcel: ${this.typeName}.${property} has an unexpected type`);
    return value;
  }
}

const isString = (v: unknown): v is string => typeof v === "string";
const isMatrix = (v: unknown): v is unknown[][] => Array.isArray(v) && v.every((row) => Array.isArray(row));
const isStringMatrix = (v: unknown): v is string[][] => isMatrix(v) && v.every((row) => row.every(isString));
const isSheetList = (v: unknown): v is FakeWorksheet[] => Array.isArray(v) && v.every((s) => s instanceof FakeWorksheet);
const isTableList = (v: unknown): v is FakeTable[] => Array.isArray(v) && v.every((t) => t instanceof FakeTable);

function itemNotFound(what: string): FakeOfficeError {
  return new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist: ${what}.`);
}

class FakeWorkbookApi implements ExcelWorkbookApi {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  constructor(ctx: FakeContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx);
  }
}

class FakeWorksheetCollection extends FakeProxy implements ExcelWorksheetCollection {
  constructor(ctx: FakeContext) {
    super(ctx, "WorksheetCollection");
  }

  protected find(): unknown {
    return this.ctx.excel.sheets;
  }

  protected snapshot(property: string): unknown {
    throw new Error(`FakeExcel: WorksheetCollection loads items/… only, not ${property}`);
  }

  override load(propertyNames: string): this {
    const subs = propertyNames.split(",").map((n) => n.trim());
    if (!subs.every((s) => s.startsWith("items/"))) throw new Error(`FakeExcel: load items/… on WorksheetCollection, not ${propertyNames}`);
    this.ctx.enqueue("load", `WorksheetCollection ${propertyNames}`, () => {
      const states = [...this.ctx.excel.sheets];
      this.ctx.onSuccess(() => {
        const items = states.map((state) => {
          const sheet = new FakeWorksheet(this.ctx, () => state, true);
          for (const sub of subs) sheet.presetFrom(sub.slice("items/".length), state);
          return sheet;
        });
        this.preset("items", items);
      });
    });
    return this;
  }

  get items(): FakeWorksheet[] {
    return this.loadedValue("items", isSheetList);
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetState(key), true, key);
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetState(key), false, key);
  }

  add(name?: string): FakeWorksheet {
    if (name === undefined) throw new Error("FakeExcel: worksheets.add() needs a name here");
    this.ctx.enqueue("worksheets.add", name, () => {
      if (this.ctx.excel.sheetState(name)) throw new FakeOfficeError("ItemAlreadyExists", `A sheet named ${name} already exists.`);
      this.ctx.excel.addSheet(name);
    });
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetState(name), true, name);
  }
}

class FakeWorksheet extends FakeProxy implements ExcelWorksheet {
  readonly tables: FakeWorksheetTables;

  constructor(
    ctx: FakeContext,
    private readonly lookup: () => FakeSheetState | null,
    private readonly strict: boolean,
    readonly label = "?",
  ) {
    super(ctx, "Worksheet");
    this.tables = new FakeWorksheetTables(ctx, this);
  }

  protected find(): FakeSheetState | null {
    return this.lookup();
  }

  /** The sheet for a command: a missing sheet fails the command, as in Excel. */
  state(): FakeSheetState {
    const sheet = this.lookup();
    if (!sheet) throw itemNotFound(`worksheet ${this.label}`);
    return sheet;
  }

  stateOrNull(): Resolved<FakeSheetState> {
    return this.strict ? this.state() : this.lookup();
  }

  presetFrom(property: string, state: FakeSheetState): void {
    this.preset(property, this.snapshotOf(property, state));
  }

  protected snapshot(property: string): unknown {
    return this.snapshotOf(property, this.state());
  }

  private snapshotOf(property: string, state: FakeSheetState): unknown {
    if (property === "name") return state.name;
    if (property === "visibility") return state.visibility;
    throw new Error(`FakeExcel: Worksheet cannot load ${property}`);
  }

  get name(): string {
    return this.loadedValue("name", isString);
  }

  get visibility(): string {
    return this.loadedValue("visibility", isString);
  }

  set visibility(value: string) {
    this.ctx.enqueue("worksheet.visibility", this.label, () => {
      if (!["Visible", "Hidden", "VeryHidden"].includes(value)) throw new FakeOfficeError("InvalidArgument", `bad visibility ${value}`);
      this.state().visibility = value;
    });
  }

  getRange(address?: string): FakeRange {
    if (address === undefined) throw new Error("FakeExcel: getRange() without an address is not used by the host");
    const box = parseBox(address);
    if (!box) throw new Error(`FakeExcel: bad address ${address}`);
    this.called("getRange", !this.strict);
    return new FakeRange(
      this.ctx,
      () => {
        const sheet = this.stateOrNull();
        return sheet ? { sheet, box } : null;
      },
      `${this.label}!${boxText(box)}`,
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.called("getUsedRangeOrNullObject", !this.strict);
    return new FakeRange(this.ctx, () => {
      const sheet = this.stateOrNull();
      if (!sheet) return null;
      let box: Box | null = null;
      for (const [key, cell] of sheet.cells) {
        const used = cell.formula !== null || cell.value !== null || (valuesOnly !== true && cell.format !== "General");
        const at = parseA1(key);
        if (!used || !at) continue;
        box = box
          ? { top: Math.min(box.top, at.row), left: Math.min(box.left, at.column), bottom: Math.max(box.bottom, at.row), right: Math.max(box.right, at.column) }
          : { top: at.row, left: at.column, bottom: at.row, right: at.column };
      }
      return box ? { sheet, box } : null;
    }, `used range of ${this.label}`, true);
  }

  activate(): void {
    this.ctx.enqueue("worksheet.activate", this.label, () => {
      this.ctx.excel.active = this.state().name;
    });
  }
}

class FakeWorksheetTables implements ExcelWorksheetTables {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: FakeWorksheet,
  ) {}

  add(address: ExcelRange | string, hasHeaders: boolean): FakeTable {
    const slot: { table: FakeTableState | null } = { table: null };
    this.ctx.enqueue("tables.add", this.sheet.label, () => {
      const target = resolveRangeArgument(address, this.sheet.state());
      slot.table = this.ctx.excel.addTable(target.sheet, target.box, hasHeaders);
    });
    return new FakeTable(this.ctx, () => slot.table, true, "new table");
  }
}

class FakeTableCollection extends FakeProxy implements ExcelTableCollection {
  constructor(ctx: FakeContext) {
    super(ctx, "TableCollection");
  }

  protected find(): unknown {
    return this.ctx.excel.tables;
  }

  protected snapshot(property: string): unknown {
    throw new Error(`FakeExcel: TableCollection loads items/name only, not ${property}`);
  }

  override load(propertyNames: string): this {
    if (propertyNames.replace(/\s/g, "") !== "items/name") throw new Error(`FakeExcel: load items/name on TableCollection, not ${propertyNames}`);
    this.ctx.enqueue("load", `TableCollection ${propertyNames}`, () => {
      const states = [...this.ctx.excel.tables];
      this.ctx.onSuccess(() => {
        const items = states.map((state) => {
          const table = new FakeTable(this.ctx, () => (this.ctx.excel.tables.includes(state) ? state : null), true, state.name);
          table.presetName(state.name);
          return table;
        });
        this.preset("items", items);
      });
    });
    return this;
  }

  get items(): FakeTable[] {
    return this.loadedValue("items", isTableList);
  }

  getItem(key: string): FakeTable {
    return new FakeTable(this.ctx, () => this.ctx.excel.tableState(key), true, key);
  }

  getItemOrNullObject(key: string): FakeTable {
    return new FakeTable(this.ctx, () => this.ctx.excel.tableState(key), false, key);
  }
}

class FakeTable extends FakeProxy implements ExcelTable {
  readonly rows: FakeTableRows;

  constructor(
    ctx: FakeContext,
    private readonly lookup: () => FakeTableState | null,
    private readonly strict: boolean,
    private readonly label: string,
  ) {
    super(ctx, "Table");
    this.rows = new FakeTableRows(ctx, this);
  }

  protected find(): FakeTableState | null {
    return this.lookup();
  }

  state(): FakeTableState {
    const table = this.lookup();
    if (!table) throw itemNotFound(`table ${this.label}`);
    return table;
  }

  stateOrNull(): Resolved<FakeTableState> {
    return this.strict ? this.state() : this.lookup();
  }

  presetName(name: string): void {
    this.preset("name", name);
  }

  protected snapshot(property: string): unknown {
    const table = this.state();
    if (property === "name") return table.name;
    if (property === "style") return table.style;
    throw new Error(`FakeExcel: Table cannot load ${property}`);
  }

  get name(): string {
    return this.loadedValue("name", isString);
  }

  set name(value: string) {
    this.ctx.enqueue("table.name", value, () => this.ctx.excel.renameTable(this.state(), value));
  }

  get style(): string {
    return this.loadedValue("style", isString);
  }

  set style(value: string) {
    this.ctx.enqueue("table.style", value, () => {
      this.state().style = value;
    });
  }

  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.stateOrNull()?.sheet ?? null, this.strict, `sheet of ${this.label}`);
  }

  getRange(): FakeRange {
    this.called("getRange", !this.strict);
    return new FakeRange(
      this.ctx,
      () => {
        const table = this.stateOrNull();
        return table ? { sheet: table.sheet, box: table.box } : null;
      },
      `range of ${this.label}`,
      !this.strict,
    );
  }

  resize(newRange: ExcelRange | string): void {
    this.ctx.enqueue("table.resize", this.label, () => {
      const table = this.state();
      const target = resolveRangeArgument(newRange, table.sheet);
      if (target.sheet !== table.sheet || target.box.top !== table.top || !overlaps(target.box, table.box)) {
        throw new FakeOfficeError("InvalidArgument", "The new range must overlap the table and keep its header row.");
      }
      if (target.box.left !== table.left) throw new FakeOfficeError("NotImplemented", "The fake keeps the first column.");
      this.ctx.excel.noteGrowth(table, target.box);
      table.width = columnsOf(target.box);
      table.height = rowsOf(target.box) - 1;
    });
  }
}

class FakeTableRows implements ExcelTableRows {
  constructor(
    private readonly ctx: FakeContext,
    private readonly table: FakeTable,
  ) {}

  add(index?: number, values?: CellWrite[][], alwaysInsert?: boolean): null {
    void alwaysInsert;
    this.ctx.enqueue("table.rows.add", `${values?.length ?? 1} rows`, () => {
      if (index !== undefined && index !== -1) throw new FakeOfficeError("NotImplemented", "The fake adds rows at the end only.");
      const table = this.table.state();
      const rows = values ?? [Array.from({ length: table.width }, () => "")];
      const box = { top: table.top + table.height + 1, left: table.left, bottom: table.top + table.height + rows.length, right: table.left + table.width - 1 };
      // The rows are inserted into the table (alwaysInsert defaults to true): what was below moves down.
      this.ctx.excel.insertCells(table.sheet, box);
      this.ctx.excel.write(table.sheet, box, rows);
      table.height += rows.length;
    });
    return null;
  }
}

interface RangeTarget {
  readonly sheet: FakeSheetState;
  readonly box: Box;
}

function resolveRangeArgument(argument: ExcelRange | ExcelRangeAreas | string, defaultSheet: FakeSheetState): RangeTarget {
  if (argument instanceof FakeRange) return argument.target();
  if (typeof argument === "string") {
    const bang = argument.lastIndexOf("!");
    const box = parseBox(bang < 0 ? argument : argument.slice(bang + 1));
    if (!box) throw new FakeOfficeError("InvalidArgument", `bad address ${argument}`);
    return { sheet: defaultSheet, box };
  }
  throw new Error("FakeExcel: a range argument must be a range from this fake or an address");
}

class FakeRange extends FakeProxy implements ExcelRange {
  readonly format: ExcelRangeFormat;
  readonly dataValidation: ExcelDataValidation;
  private fixed: Resolved<RangeTarget> = null;

  constructor(
    ctx: FakeContext,
    private readonly lookup: () => Resolved<RangeTarget>,
    /** How commands on this range are named to failure rules, e.g. "Lines!F2". */
    private readonly label: string,
    /** Whether this range may be a null object (it comes from an *OrNullObject call). */
    private readonly nullable = false,
  ) {
    super(ctx, "Range");
    this.format = new FakeRangeFormat(ctx, this);
    this.dataValidation = new FakeDataValidation(ctx, this);
  }

  protected find(): Resolved<RangeTarget> {
    return this.fixed ?? this.lookup();
  }

  /**
   * The cells a command works on. Like Office.js, a range is pinned to its cells the first
   * time a command uses it: a range taken from a table before the table is resized keeps
   * its old cells.
   */
  target(): RangeTarget {
    this.fixed ??= this.lookup();
    if (!this.fixed) throw new FakeOfficeError("InvalidReference", "This reference is not valid for the current operation.");
    return this.fixed;
  }

  private detail(): string {
    return this.label;
  }

  protected snapshot(property: string): unknown {
    const { sheet, box } = this.target();
    const cells = (): CellValue[][] =>
      Array.from({ length: rowsOf(box) }, (_, r) =>
        Array.from({ length: columnsOf(box) }, (_, c) => this.ctx.excel.computed(sheet, box.top + r, box.left + c, 0)),
      );
    switch (property) {
      case "address":
        return `${quoteSheet(sheet.name)}!${boxText(box)}`;
      case "values":
        return cells().map((row) => row.map((v) => (v === null ? "" : isCellError(v) ? v.error : v)));
      case "valueTypes":
        return cells().map((row) =>
          row.map((v) => (v === null ? "Empty" : isCellError(v) ? "Error" : typeof v === "string" ? "String" : typeof v === "number" ? "Double" : "Boolean")),
        );
      default:
        throw new Error(`FakeExcel: Range cannot load ${property}`);
    }
  }

  get address(): string {
    return this.loadedValue("address", isString);
  }

  get values(): unknown[][] {
    return this.loadedValue("values", isMatrix);
  }

  get valueTypes(): string[][] {
    return this.loadedValue("valueTypes", isStringMatrix);
  }

  get formulas(): (CellWrite | null)[][] {
    throw new Error("FakeExcel: formulas are written, never read, by the host");
  }

  set formulas(values: (CellWrite | null)[][]) {
    this.ctx.enqueue("range.formulas", this.detail(), () => {
      const { sheet, box } = this.target();
      this.ctx.excel.write(sheet, box, values);
    });
  }

  get numberFormat(): string[][] {
    throw new Error("FakeExcel: number formats are written, never read, by the host");
  }

  set numberFormat(formats: string[][]) {
    this.ctx.enqueue("range.numberFormat", this.detail(), () => {
      const { sheet, box } = this.target();
      this.ctx.excel.setFormats(sheet, box, formats);
    });
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    this.called("getMergedAreasOrNullObject", this.nullable);
    return new FakeRangeAreas(this.ctx, () => {
      const target = this.lookup();
      if (!target) return null;
      const areas = target.sheet.merged.filter(
        (m) => m.top >= target.box.top && m.top <= target.box.bottom && m.left >= target.box.left && m.left <= target.box.right,
      );
      return areas.length === 0 ? null : { sheet: target.sheet, areas };
    });
  }

  private derived(make: (box: Box) => Box, how: string): FakeRange {
    this.called(how, this.nullable);
    return new FakeRange(
      this.ctx,
      () => {
        const target = this.fixed ?? this.lookup();
        if (!target) return null;
        this.fixed = target;
        return { sheet: target.sheet, box: make(target.box) };
      },
      `${how} of ${this.label}`,
      this.nullable,
    );
  }

  getRowsBelow(count = 1): FakeRange {
    return this.derived((b) => ({ top: b.bottom + 1, left: b.left, bottom: b.bottom + count, right: b.right }), `${count} rows below`);
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived((b) => ({ ...b, bottom: b.bottom + deltaRows, right: b.right + deltaColumns }), "resized");
  }

  getLastRow(): FakeRange {
    return this.derived((b) => ({ ...b, top: b.bottom }), "last row");
  }

  insert(shift: "Down" | "Right"): FakeRange {
    const slot: { target: RangeTarget | null } = { target: null };
    this.ctx.enqueue("range.insert", `${shift} ${this.detail()}`, () => {
      if (shift !== "Down") throw new FakeOfficeError("NotImplemented", "The fake inserts cells shifting down only.");
      const target = this.target();
      this.ctx.excel.insertCells(target.sheet, target.box);
      slot.target = target;
    });
    return new FakeRange(this.ctx, () => slot.target, `inserted ${this.detail()}`);
  }

  copyFrom(sourceRange: ExcelRange | ExcelRangeAreas | string, copyType?: "All" | "Formulas" | "Values" | "Formats" | "Link"): void {
    this.ctx.enqueue("range.copyFrom", `${copyType ?? "All"} ${this.detail()}`, () => {
      if (copyType !== "Formats") throw new FakeOfficeError("NotImplemented", "The fake copies formats only.");
      const destination = this.target();
      const source = resolveRangeArgument(sourceRange, destination.sheet);
      const height = rowsOf(source.box);
      const width = columnsOf(source.box);
      for (let r = 0; r < rowsOf(destination.box); r++) {
        for (let c = 0; c < columnsOf(destination.box); c++) {
          const from = source.sheet.peek(source.box.top + (r % height), source.box.left + (c % width));
          destination.sheet.cell(destination.box.top + r, destination.box.left + c).format = from?.format ?? "General";
        }
      }
    });
  }

  select(): void {
    this.ctx.enqueue("range.select", this.detail(), () => {
      const { sheet, box } = this.target();
      if (this.ctx.excel.active?.toLowerCase() !== sheet.name.toLowerCase()) {
        throw new FakeOfficeError("InvalidSelection", "The range is not on the active sheet.");
      }
      this.ctx.excel.selection = { sheet: sheet.name, address: boxText(box) };
    });
  }
}

class FakeRangeFormat implements ExcelRangeFormat {
  constructor(
    private readonly ctx: FakeContext,
    private readonly range: FakeRange,
  ) {}

  get columnWidth(): number {
    throw new Error("FakeExcel: columnWidth is written, never read, by the host");
  }

  set columnWidth(points: number) {
    this.ctx.enqueue("range.format.columnWidth", String(points), () => {
      const { sheet, box } = this.range.target();
      for (let c = box.left; c <= box.right; c++) sheet.widths.set(c, points);
    });
  }
}

class FakeDataValidation implements ExcelDataValidation {
  constructor(
    private readonly ctx: FakeContext,
    private readonly range: FakeRange,
  ) {}

  get rule(): ExcelValidationRule {
    throw new Error("FakeExcel: the validation rule is written, never read, by the host");
  }

  set rule(rule: ExcelValidationRule) {
    this.ctx.enqueue("range.dataValidation", JSON.stringify(rule), () => {
      const { sheet, box } = this.range.target();
      sheet.validations.push({ box, rule });
    });
  }
}

class FakeRangeAreas extends FakeProxy implements ExcelRangeAreas {
  constructor(
    ctx: FakeContext,
    private readonly lookup: () => Resolved<{ sheet: FakeSheetState; areas: Box[] }>,
  ) {
    super(ctx, "RangeAreas");
  }

  protected find(): unknown {
    return this.lookup();
  }

  protected snapshot(property: string): unknown {
    const found = this.lookup();
    if (!found || property !== "address") throw new Error(`FakeExcel: RangeAreas cannot load ${property}`);
    return found.areas.map((box) => `${quoteSheet(found.sheet.name)}!${boxText(box)}`).join(", ");
  }

  get address(): string {
    return this.loadedValue("address", isString);
  }
}

/** Zero-based column of a letter, for tests that read widths. */
export function column(letters: string): number {
  return columnIndex(letters);
}

/**
 * An in-memory stand-in for the part of Office.js the Excel host uses, strict in the ways
 * real Excel is strict:
 *  - proxies queue their commands; nothing reaches the workbook before `sync()`;
 *  - a property can be read only after `load()` and a `sync()` (else it throws), a null
 *    object says so through `isNullObject` and refuses property reads;
 *  - writes are checked like Excel checks them (array sizes, duplicate sheet names,
 *    overlapping tables, formulas that name a table that does not exist);
 *  - text written to a cell formatted "@" stays text; "123" written to a General cell
 *    becomes a number; formulas are recalculated when read (SUMIFS, COUNTIFS, SUBTOTAL, IF,
 *    + - * /, = and <>, text literals, cells of the same sheet such as A14), so a formula
 *    can show "" (`IF(A14="","",1)`) and read as "" in `values` like an empty cell;
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
 *  - other people edit between two syncs of a run: `beforeSync` is called before each
 *    sync reaches the workbook (a co-author's edit, or the person inserting a table row with
 *    `insertTableRow`), so a host that reads over several syncs sees the change from then on.
 *  - conditional formats (`range.conditionalFormats.add("Custom")`, ExcelApi 1.6) are queued
 *    like every command; `add` puts the new format at the top priority ("Adds a new
 *    conditional format to the collection at the first/top priority",
 *    learn.microsoft.com/javascript/api/excel/excel.conditionalformatcollection); a rule's
 *    formula must start with "=" (as the Office Add-ins guide "Apply conditional formatting to
 *    Excel ranges" writes it: the fake refuses one without, so a host that forgets it fails)
 *    and may not name a sheet or a table the workbook does not have; a colour must be
 *    "#RRGGBB" or an HTML colour name (ConditionalRangeFill.color, ConditionalRangeFont.color);
 *    anything else fails the sync with InvalidArgument. `conditionalFormats(sheet)` shows what
 *    was stored, highest priority first.
 *  - requirement sets: with `requirements` set, a command of an API beyond them fails the sync
 *    with ApiNotFound ("The API you are trying to use could not be found. It may be available
 *    in a newer version of Excel", error codes table of "Error handling with the
 *    application-specific JavaScript APIs", learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling),
 *    so a host that forgets to check a set before using it fails a test;
 *  - the size of each request is measured (`requestBytes`: JSON length of the values and
 *    arguments its commands carry), and with `maxRequestBytes` a larger request is refused
 *    whole with RequestPayloadSizeLimitExceeded, as Excel on the web does past 5 MB ("Resource
 *    limits and performance optimization for Office Add-ins");
 *  - number formats are written as 2-D arrays the size of the range (Range.numberFormat is
 *    `any[][]`, learn.microsoft.com/javascript/api/excel/excel.range; the sample of "Set range
 *    format using the Excel JavaScript API" gives one format per cell): anything else fails
 *    with InvalidArgument; font, wrap and alignment (RangeFormat, RangeFont) are single values
 *    that apply to every cell of the range and are kept per cell (`look`);
 *  - sheets are deleted (Worksheet.delete: a "VeryHidden" sheet fails with InvalidOperation,
 *    learn.microsoft.com/javascript/api/excel/excel.worksheet) and renamed (Worksheet.name:
 *    "The name must be fewer than 32 characters"; Excel also refuses : \ / ? * [ ] and a
 *    leading or trailing apostrophe, InvalidArgument, and a name another sheet has, ignoring
 *    case, ItemAlreadyExists); a sheet proxy keeps the sheet it first stood for, so after a
 *    rename it is still that sheet;
 *  - charts (ChartCollection.add, Chart.title.text, Chart.setPosition, ExcelApi 1.1,
 *    learn.microsoft.com/javascript/api/excel/excel.chartcollection, excel.chart) are
 *    recorded per sheet (`chartsOn`) with their type, source, series, title and position;
 *  - page layout (Worksheet.pageLayout, ExcelApi 1.9, learn.microsoft.com/javascript/api/excel/excel.pagelayout):
 *    orientation, paper size, zoom (which "must be set as a JSON object"), print title rows
 *    ("The range must span the entire row to be valid") and the header and footer of every
 *    page (HeaderFooterGroup.defaultForAllPages) are recorded per sheet (`pageLayout`);
 *  - `createWorkbook` stands for `Excel.createWorkbook` (ExcelApi 1.8) and keeps what it opened.
 * It counts syncs so tests can prove that the number of syncs does not grow with rows.
 */
import { a1, type CellValue, columnIndex, isCellError, parseA1 } from "../../src/plan/cell";
import { overlaps, parseRange } from "../../src/plan/ranges";
import type {
  CellWrite,
  CreateWorkbook,
  ExcelApplication,
  ExcelChart,
  ExcelChartCollection,
  ExcelHeaderFooter,
  ExcelPageLayout,
  ExcelPageLayoutZoom,
  ExcelConditionalFormat,
  ExcelConditionalFormats,
  ExcelContext,
  ExcelCustomConditionalFormat,
  ExcelDataValidation,
  ExcelRange,
  ExcelRangeAreas,
  ExcelRangeFormat,
  ExcelRun,
  ExcelRunOptions,
  ExcelTable,
  ExcelTableCollection,
  ExcelTableColumns,
  ExcelTableRow,
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

/** One conditional format of a sheet: its cells, formula as written (with "="), colours, Stop If True. */
export interface FakeConditionalFormat {
  readonly box: Box;
  formula: string | null;
  fill: string | null;
  font: string | null;
  stopIfTrue: boolean;
}

/** A chart as Excel keeps it: type, source (A1, with its sheet), series by, title and the cells it covers. */
export interface FakeChartState {
  readonly type: string;
  readonly source: string;
  readonly seriesBy: string;
  title: string | null;
  /** The cells the chart covers ("K2:R20"), once placed. */
  position: string | null;
}

/** What a sheet's page layout was set to (null: never set). */
export interface FakePageLayoutState {
  orientation: string | null;
  paperSize: string | null;
  zoom: ExcelPageLayoutZoom | null;
  printTitleRows: string | null;
  centerHeader: string | null;
  rightHeader: string | null;
  centerFooter: string | null;
  rightFooter: string | null;
}

/** Font, wrap and alignment of a cell, as Range.format sets them. */
export interface FakeLook {
  bold?: boolean;
  size?: number;
  wrap?: boolean;
  horizontal?: string;
  vertical?: string;
}

export class FakeSheetState {
  visibility = "Visible";
  readonly charts: FakeChartState[] = [];
  readonly pageLayout: FakePageLayoutState = {
    orientation: null,
    paperSize: null,
    zoom: null,
    printTitleRows: null,
    centerHeader: null,
    rightHeader: null,
    centerFooter: null,
    rightFooter: null,
  };
  /** Font, wrap and alignment by cell ("A1"). */
  readonly looks = new Map<string, FakeLook>();
  /** Conditional formats, highest priority first. */
  readonly conditionalFormats: FakeConditionalFormat[] = [];
  readonly cells = new Map<string, FakeCell>();
  readonly merged: Box[] = [];
  readonly validations: { box: Box; rule: ExcelValidationRule }[] = [];
  /** Column widths in points, by zero-based column. */
  readonly widths = new Map<number, number>();
  /** Row heights in points, by zero-based row. */
  readonly heights = new Map<number, number>();

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
  /** Whether the header row is shown; a table without one keeps its column names in `names`. */
  showHeaders = true;
  /** Whether the Total Row is shown, as the last row of the table's range. */
  showTotals = false;
  /** Column names while the header row is hidden. */
  names: string[] = [];
  constructor(
    public name: string,
    readonly sheet: FakeSheetState,
    /** First row of the table's range: the header row, or the first body row without one. */
    public top: number,
    readonly left: number,
    public width: number,
    /** Body rows. */
    public height: number,
  ) {}

  get bodyTop(): number {
    return this.top + (this.showHeaders ? 1 : 0);
  }

  get bodyBottom(): number {
    return this.bodyTop + this.height - 1;
  }

  get right(): number {
    return this.left + this.width - 1;
  }

  /** The whole table, header row and Total Row included (Table.getRange). */
  get box(): Box {
    return { top: this.top, left: this.left, bottom: this.bodyBottom + (this.showTotals ? 1 : 0), right: this.right };
  }

  /** The data body (Table.getDataBodyRange). */
  get bodyBox(): Box {
    return { top: this.bodyTop, left: this.left, bottom: this.bodyBottom, right: this.right };
  }

  /** The sheet row of the Total Row, or null without one. */
  get totalsRow(): number | null {
    return this.showTotals ? this.bodyBottom + 1 : null;
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
  /** What the command adds to the request, in bytes of JSON. */
  readonly bytes: number;
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

/** Days from Excel's day 0 (1899-12-30, counting its 1900 leap day) to a date. */
function dateSerial(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** What Excel makes of text written to a cell that is not formatted as text (en-US). */
export function convertTyped(text: string): CellValue | { formula: string } {
  const trimmed = text.trim();
  if (text.startsWith("=")) return { formula: text.slice(1) };
  const number = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.exec(trimmed);
  if (number) return Number(trimmed.replace(/,/g, ""));
  const percent = /^([+-]?\d+(\.\d+)?)%$/.exec(trimmed);
  if (percent?.[1] !== undefined) return excelNumber(Number(percent[1]) / 100);
  const date = /^(\d{1,2})\/(\d{1,2})(\/(\d{4}))?$/.exec(trimmed);
  if (date) {
    const month = Number(date[1]);
    const day = Number(date[2]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return dateSerial(date[4] === undefined ? 2026 : Number(date[4]), month, day);
  }
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === "true";
  // "+x" or "-x" that is not a number is taken as a formula, as typing it would be.
  if (text.startsWith("+") || text.startsWith("-")) return { formula: text };
  return text;
}

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
    const value = this.comparison();
    this.space();
    if (this.at < this.text.length) return { error: "#NAME?" };
    return isColumn(value) ? { error: "#VALUE!" } : value;
  }

  private space(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  /** `a = b` or `a <> b` (TRUE or FALSE, as Excel compares: a blank cell equals "", text without regard to case). */
  private comparison(): Evaluated {
    const left = this.expression();
    this.space();
    const rest = this.text.slice(this.at);
    const op = rest.startsWith("<>") ? "<>" : rest.startsWith("=") ? "=" : null;
    if (op === null) return left;
    this.at += op.length;
    const right = this.expression();
    if (isColumn(left) || isColumn(right)) return { error: "#VALUE!" };
    if (left !== null && isCellError(left)) return left;
    if (right !== null && isCellError(right)) return right;
    const key = (v: CellValue): string => (v === null || v === "" ? "blank" : typeof v === "string" ? `text:${v.toLowerCase()}` : `${typeof v}:${String(v)}`);
    const equal = key(left) === key(right);
    return op === "=" ? equal : !equal;
  }

  private expression(): Evaluated {
    let left = this.product();
    for (;;) {
      this.space();
      const op = this.text[this.at];
      if (op !== "+" && op !== "-") return left;
      this.at++;
      const right = this.product();
      left = arithmetic(left, right, op);
    }
  }

  private product(): Evaluated {
    let left = this.term();
    for (;;) {
      this.space();
      const op = this.text[this.at];
      if (op !== "*" && op !== "/") return left;
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
    if (rest.startsWith('"')) {
      // A text literal; "" inside it is one quotation mark.
      const literal = /^"((?:[^"]|"")*)"/.exec(rest);
      if (!literal) {
        this.at = this.text.length;
        return { error: "#NAME?" };
      }
      this.at += literal[0].length;
      return (literal[1] ?? "").replace(/""/g, '"');
    }
    if (rest.startsWith("(")) {
      this.at++;
      const inner = this.comparison();
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
        args.push(this.comparison());
        this.space();
        if (this.text[this.at] === ",") this.at++;
      }
      return this.excel.call(name[0].toUpperCase(), args);
    }
    if (this.text[this.at] === "[") return this.reference(name[0]);
    // A cell of the same sheet, e.g. A14.
    const cell = /^[A-Za-z]{1,3}[0-9]+$/.test(name[0]) ? parseA1(name[0]) : null;
    if (cell) return this.excel.computed(this.sheet, cell.row, cell.column, this.depth + 1);
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
      if (this.row < table.bodyTop || this.row > table.bodyBottom) return { error: "#VALUE!" };
      return this.excel.computed(table.sheet, this.row, column, this.depth + 1);
    }
    return { column: this.excel.columnValues(table, column, this.depth + 1) };
  }
}

function isColumn(value: Evaluated): value is { readonly column: readonly CellValue[] } {
  return typeof value === "object" && value !== null && "column" in value;
}

function arithmetic(left: Evaluated, right: Evaluated, op: "+" | "-" | "*" | "/"): CellValue {
  if (isColumn(left) || isColumn(right)) return { error: "#VALUE!" };
  if (left !== null && isCellError(left)) return left;
  if (right !== null && isCellError(right)) return right;
  const l = left === null ? 0 : left;
  const r = right === null ? 0 : right;
  if (typeof l !== "number" || typeof r !== "number") return { error: "#VALUE!" };
  if (op === "/" && r === 0) return { error: "#DIV/0!" };
  return excelNumber(op === "+" ? l + r : op === "-" ? l - r : op === "*" ? l * r : l / r);
}

/**
 * Criteria match as in SUMIFS: text without regard to case, anything else exactly. A cell
 * of the criteria range that is blank matches only a blank criterion; a criterion that is a
 * blank cell counts as 0 (COUNTIFS: "If the criteria argument is a reference to an empty
 * cell, the COUNTIFS function treats the empty cell as a 0 value"), so it matches no blank cell.
 */
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
  /**
   * The requirement sets of the Excel being played, e.g. `(v) => upTo("1.8")("ExcelApi", v)`;
   * null supports every set. A command beyond them fails the sync with ApiNotFound.
   */
  requirements: ((version: string) => boolean) | null = null;
  /** The measured size of every request (sync) so far, in bytes of JSON, refused ones included. */
  readonly requestBytes: number[] = [];
  /** Largest request Excel takes (Excel on the web: 5 MB), or null for no limit. */
  maxRequestBytes: number | null = null;
  /** The workbooks `createWorkbook` opened, as the bytes of their .xlsx files. */
  readonly opened: Uint8Array[] = [];
  /** Cells ("Sheet!A1") that were not empty when a table grew over them. */
  readonly grownOver: string[] = [];
  /** Cells ("Sheet!A1") of a Total Row that a `formulas` write changed. */
  readonly totalsWritten: string[] = [];
  /**
   * "Automatic", "AutomaticExceptTables" or "Manual" (set it with `setCalculationMode`). In
   * manual mode a formula keeps the result it had when last calculated: writes do not
   * update the formulas that depend on them; a formula written is calculated once, from
   * the (possibly stale) results around it.
   */
  calculationMode = "Automatic";
  /**
   * What other people do while a host's run is under way: called just before each sync
   * reaches the workbook, with the sync's number within its run (1 = the run's first) and
   * the run's number (1 = the fake's first run). An edit made here (`type`,
   * `insertTableRow`, …) is a co-author's edit arriving, or the person typing, between two
   * requests of the host: the host sees it from that sync on, as in Excel, where each sync
   * is a request of its own and a co-author's change can land between two of them
   * ("Coauthoring in Excel add-ins": values the add-in copied "are not synchronized").
   */
  beforeSync: ((sync: number, run: number) => void) | null = null;
  /** While true, a person is editing a cell: every sync is refused, or waits with `delayForCellEdit`. */
  editing = false;
  /** Syncs that waited for cell-edit mode to end. */
  delayedSyncs = 0;
  private editEnded: Promise<void> = Promise.resolve();
  private endEdit: () => void = () => undefined;
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
    return batch(new FakeContext(this, this.runs.length, options.mergeUndoGroup === true, options.delayForCellEdit === true));
  };

  /** Fails a command of an API beyond the supported requirement sets, as Excel does. */
  require(version: string, api: string): void {
    if (this.requirements !== null && !this.requirements(version)) {
      throw new FakeOfficeError("ApiNotFound", `The API you are trying to use could not be found. It may be available in a newer version of Excel. (${api}, ExcelApi ${version})`);
    }
  }

  /** `Excel.createWorkbook(base64)`: opens a new workbook made of the file (ExcelApi 1.8). */
  readonly createWorkbook: CreateWorkbook = async (base64) => {
    await Promise.resolve();
    this.require("1.8", "Excel.createWorkbook");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new FakeOfficeError("InvalidArgument", "The file is not Base64.");
    this.opened.push(Uint8Array.from(Buffer.from(base64, "base64")));
  };

  /** A sheet's charts, in the order they were added. */
  chartsOn(sheet: string): FakeChartState[] {
    return this.sheetState(sheet)?.charts ?? [];
  }

  /** What a sheet's page layout was set to. */
  pageLayout(sheet: string): FakePageLayoutState | null {
    return this.sheetState(sheet)?.pageLayout ?? null;
  }

  /** Font, wrap and alignment set on a cell. */
  look(sheetName: string, address: string): FakeLook {
    return this.sheetState(sheetName)?.looks.get(address) ?? {};
  }

  /** Row height in points (zero-based row), or null when never set. */
  height(sheetName: string, row: number): number | null {
    return this.sheetState(sheetName)?.heights.get(row) ?? null;
  }

  /** Column width in points, or null when never set. */
  width(sheetName: string, letters: string): number | null {
    return this.sheetState(sheetName)?.widths.get(columnIndex(letters)) ?? null;
  }

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

  /** A sheet's conditional formats as stored, highest priority first: range, formula without "=", colours. */
  conditionalFormats(sheet: string): { range: string; formula: string; fill: string | null; font: string | null; stopIfTrue: boolean }[] {
    return (this.sheetState(sheet)?.conditionalFormats ?? []).map((f) => ({
      range: boxText(f.box),
      formula: (f.formula ?? "").replace(/^=/, ""),
      fill: f.fill,
      font: f.font,
      stopIfTrue: f.stopIfTrue,
    }));
  }

  /** Refuses a conditional-format formula the way Excel does: no "=", or a sheet or table that does not exist. */
  checkConditionalFormula(formula: string): void {
    if (!formula.startsWith("=")) throw new FakeOfficeError("InvalidArgument", `A conditional format's formula must start with "=" (${formula}).`);
    // Text literals ("Done!", "tbl[x]") name nothing.
    const withoutText = formula.replace(/"(?:[^"]|"")*"/g, '""');
    for (const [, quoted, plain] of withoutText.matchAll(/(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!/g)) {
      const name = quoted !== undefined ? quoted.replace(/''/g, "'") : (plain ?? "");
      if (!this.sheetState(name)) throw new FakeOfficeError("InvalidArgument", `The formula refers to a sheet that does not exist: ${name}.`);
    }
    for (const [, name] of withoutText.matchAll(/([A-Za-z_][A-Za-z0-9_.]*)\[/g)) {
      if (name !== undefined && !this.tableState(name)) {
        throw new FakeOfficeError("InvalidArgument", `The formula refers to a table that does not exist: ${name}.`);
      }
    }
  }

  sheetState(name: string): FakeSheetState | null {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  tableState(name: string): FakeTableState | null {
    return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /** A column's name: its header cell, or the name kept while the header row is hidden. */
  columnName(table: FakeTableState, i: number): string {
    if (!table.showHeaders) return table.names[i] ?? `Column${i + 1}`;
    const value = this.computed(table.sheet, table.top, table.left + i, 0);
    return value === null ? `Column${i + 1}` : isCellError(value) ? value.error : String(value);
  }

  headerIndex(table: FakeTableState, header: string): number {
    for (let i = 0; i < table.width; i++) {
      if (this.columnName(table, i).trim().toLowerCase() === header.trim().toLowerCase()) return i;
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

  /**
   * The value a cell shows: formulas recalculated, or in manual calculation mode the result
   * they had when last calculated.
   */
  computed(sheet: FakeSheetState, row: number, column: number, depth: number): CellValue {
    const cell = sheet.peek(row, column);
    if (!cell) return null;
    if (cell.formula === null || this.calculationMode === "Manual") return cell.value;
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
      values = Array.from({ length: table.height }, (_, r) => this.computed(table.sheet, table.bodyTop + r, column, depth));
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
    if (name === "IF" && (args.length === 2 || args.length === 3)) {
      // IF(condition, then, else): only the branch taken counts (an error in the other one does not).
      const [condition, then, otherwise = false] = args;
      if (condition === undefined || then === undefined || isColumn(condition) || isColumn(then) || isColumn(otherwise)) return { error: "#VALUE!" };
      if (condition !== null && isCellError(condition)) return condition;
      if (typeof condition === "string" && condition !== "") return { error: "#VALUE!" };
      return condition === true || (typeof condition === "number" && condition !== 0) ? then : otherwise;
    }
    const failed = args.find((a): a is CellValue => !isColumn(a) && a !== null && isCellError(a));
    if (failed !== undefined) return failed;
    if (name === "SUMIFS" && args.length === 3) {
      const [sumColumn, criteriaColumn, criterion] = args;
      if (!sumColumn || !isColumn(sumColumn) || !criteriaColumn || !isColumn(criteriaColumn) || criterion === undefined || isColumn(criterion)) {
        return { error: "#VALUE!" };
      }
      return excelNumber(this.grouped(sumColumn.column, criteriaColumn.column).get(criterionKey(criterion ?? 0)) ?? 0);
    }
    if (name === "SUBTOTAL" && args.length === 2) {
      // SUBTOTAL(109, column): the sum of the column, as a Total Row's default total.
      const [, column] = args;
      if (!column || !isColumn(column)) return { error: "#VALUE!" };
      return excelNumber(column.column.reduce<number>((sum, v) => sum + (typeof v === "number" ? v : 0), 0));
    }
    if (name === "COUNTIFS" && args.length === 2) {
      const [criteriaColumn, criterion] = args;
      if (!criteriaColumn || !isColumn(criteriaColumn) || criterion === undefined || isColumn(criterion)) return { error: "#VALUE!" };
      return this.grouped(null, criteriaColumn.column).get(criterionKey(criterion ?? 0)) ?? 0;
    }
    return { error: "#NAME?" };
  }

  // ---- arranging a workbook the way a person would have left it

  setCalculationMode(mode: "Automatic" | "AutomaticExceptTables" | "Manual"): void {
    if (mode === "Manual" && this.calculationMode !== "Manual") {
      // Every formula keeps the result it shows now.
      const results: [FakeCell, CellValue][] = [];
      for (const sheet of this.sheets) {
        for (const [key, cell] of sheet.cells) {
          const at = parseA1(key);
          if (cell.formula !== null && at) results.push([cell, this.computed(sheet, at.row, at.column, 0)]);
        }
      }
      for (const [cell, value] of results) cell.value = value;
    }
    this.invalidate();
    this.calculationMode = mode;
  }

  /** A person starts typing in a cell (cell-edit mode). */
  startEditing(): void {
    this.editing = true;
    this.editEnded = new Promise((resolve) => {
      this.endEdit = resolve;
    });
  }

  /** The person presses Enter: batches waiting with `delayForCellEdit` run. */
  finishEditing(): void {
    this.editing = false;
    this.endEdit();
  }

  /** Resolves when cell-edit mode ends. */
  untilEditEnds(): Promise<void> {
    return this.editEnded;
  }

  /**
   * Table Design > Total Row: the row below the body becomes the Total Row (what was there
   * moves down), with `cells` by column name, e.g. { "Line ID": "Total", Allocation: { formula } }.
   */
  showTotalRow(tableName: string, cells: Readonly<Record<string, CellValue | { formula: string }>>): void {
    const table = this.tableState(tableName);
    if (!table) throw new Error(`no table ${tableName}`);
    this.invalidate();
    const row = table.bodyBottom + 1;
    this.shiftDown(table.sheet, { top: row, left: table.left, bottom: row, right: table.right }, table);
    table.showTotals = true;
    for (const [name, value] of Object.entries(cells)) {
      const i = this.headerIndex(table, name);
      if (i < 0) throw new Error(`no column ${name}`);
      this.setCell(table.sheet, row, table.left + i, value);
    }
  }

  /** Table Design > Header Row off: the table starts at its first body row; it keeps its column names. */
  hideHeaderRow(tableName: string): void {
    const table = this.tableState(tableName);
    if (!table) throw new Error(`no table ${tableName}`);
    this.invalidate();
    table.names = Array.from({ length: table.width }, (_, i) => this.columnName(table, i));
    for (let c = table.left; c <= table.right; c++) table.sheet.cells.delete(a1(table.top, c));
    table.showHeaders = false;
    table.top += 1;
  }

  /**
   * A person adds a column of their own at the right of a table: its header, and a formula
   * filled down every row (a calculated column) or nothing.
   */
  addOwnColumn(tableName: string, header: string, formula: string | null): void {
    const table = this.tableState(tableName);
    if (!table) throw new Error(`no table ${tableName}`);
    if (!table.showHeaders) throw new Error("the fake adds columns to tables with a header row");
    this.invalidate();
    const column = table.right + 1;
    this.setCell(table.sheet, table.top, column, header);
    table.width += 1;
    if (formula !== null) for (let row = table.bodyTop; row <= table.bodyBottom; row++) this.setCell(table.sheet, row, column, { formula });
  }

  private setCell(sheet: FakeSheetState, row: number, column: number, value: CellValue | { formula: string }): void {
    const cell = sheet.cell(row, column);
    if (value !== null && typeof value === "object" && "formula" in value) {
      cell.formula = value.formula;
      cell.value = null;
      this.calculateIfManual(sheet, row, column);
    } else {
      cell.formula = null;
      cell.value = value;
    }
  }

  /** In manual mode, a formula that is entered is calculated once, from what the cells around it show. */
  private calculateIfManual(sheet: FakeSheetState, row: number, column: number): void {
    const cell = sheet.peek(row, column);
    if (this.calculationMode !== "Manual" || !cell || cell.formula === null) return;
    cell.value = new FormulaReader(cell.formula, this, sheet, row, 0).evaluate();
  }

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
    this.setCell(sheet, at.row, at.column, value);
  }

  /**
   * Home > Insert > Table Rows Above on body row `index` (0 = the first line): that row and
   * every row below it in the table's columns move down one, the table grows by one row,
   * its calculated columns fill the new row, and `cells` (by column name) are typed into it.
   */
  insertTableRow(tableName: string, index: number, cells: Readonly<Record<string, CellValue>>): void {
    const table = this.tableState(tableName);
    if (!table) throw new Error(`no table ${tableName}`);
    if (index < 0 || index >= table.height) throw new Error(`no body row ${index} in ${tableName}`);
    this.invalidate();
    const calculated = this.calculatedColumns(table);
    const row = table.bodyTop + index;
    this.shiftDown(table.sheet, { top: row, left: table.left, bottom: row, right: table.right }, table);
    table.height += 1;
    calculated.forEach((formula, i) => {
      if (formula !== null) this.setCell(table.sheet, row, table.left + i, { formula });
    });
    for (const [name, value] of Object.entries(cells)) {
      const i = this.headerIndex(table, name);
      if (i < 0) throw new Error(`no column ${name}`);
      this.setCell(table.sheet, row, table.left + i, value);
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

  /** Merges cells, as Merge & Center does; Excel refuses cells of a table. */
  merge(sheetName: string, address: string): void {
    const sheet = this.sheetState(sheetName);
    const box = parseBox(address);
    if (!sheet || !box) throw new Error(`cannot merge ${sheetName}!${address}`);
    if (this.tables.some((t) => t.sheet === sheet && overlaps(t.box, box))) {
      throw new FakeOfficeError("MergedRangeConflict", "A table can't overlap merged cells: cells of a table cannot be merged.");
    }
    this.invalidate();
    sheet.merged.push(box);
  }

  value(sheetName: string, address: string): CellValue {
    const sheet = this.sheetState(sheetName);
    const at = parseA1(address);
    if (!sheet || !at) throw new Error(`no cell ${sheetName}!${address}`);
    return this.computed(sheet, at.row, at.column, 0);
  }

  /** Formats cells, as Format Cells does. */
  setFormat(sheetName: string, address: string, format: string): void {
    const sheet = this.sheetState(sheetName);
    const box = parseBox(address);
    if (!sheet || !box) throw new Error(`no cells ${sheetName}!${address}`);
    for (let row = box.top; row <= box.bottom; row++) for (let c = box.left; c <= box.right; c++) sheet.cell(row, c).format = format;
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

  /**
   * A `formulas` or `values` write (or the values of `rows.add`), converted the way Excel
   * converts what is typed, unless the cell is formatted as text ("@"): "=…" (and "+…", "-…"
   * that are not numbers) becomes a formula, "-5", "1,250", "12%" numbers, "1/4" a date
   * (a serial number), "TRUE" a Boolean. A null leaves the cell as it is; "" clears it.
   * A write into the row just below a table without a Total Row grows the table over it
   * (AutoCorrect's automatic expansion of tables).
   */
  write(sheet: FakeSheetState, box: Box, values: readonly (readonly (CellWrite | null)[])[], expand = true): void {
    this.checkShape(box, values, "formulas");
    values.forEach((row, r) =>
      row.forEach((input, c) => {
        if (input === null) return;
        const rowAt = box.top + r;
        const columnAt = box.left + c;
        const cell = sheet.cell(rowAt, columnAt);
        if (this.tables.some((t) => t.sheet === sheet && t.totalsRow === rowAt && columnAt >= t.left && columnAt <= t.right)) {
          this.totalsWritten.push(`${sheet.name}!${a1(rowAt, columnAt)}`);
        }
        const converted = typeof input === "string" && cell.format !== "@" ? convertTyped(input) : input;
        if (converted === "") {
          cell.value = null;
          cell.formula = null;
        } else if (converted !== null && typeof converted === "object" && "formula" in converted) {
          for (const [, name] of converted.formula.matchAll(/([A-Za-z_][A-Za-z0-9_.]*)\[/g)) {
            if (name !== undefined && !this.tableState(name)) {
              throw new FakeOfficeError("InvalidArgument", `The formula refers to a table that does not exist: ${name}.`);
            }
          }
          cell.formula = converted.formula;
          cell.value = null;
          this.calculateIfManual(sheet, rowAt, columnAt);
        } else {
          cell.formula = null;
          cell.value = converted;
        }
      }),
    );
    if (!expand || values.every((row) => row.every((v) => v === null || v === ""))) return;
    for (const table of this.tables) {
      if (table.sheet !== sheet || table.showTotals || box.top !== table.bodyBottom + 1 || box.right < table.left || box.left > table.right) continue;
      this.grow(table, rowsOf(box));
    }
  }

  /**
   * The table takes `rows` more rows below its body (they are already in place): formats of
   * its last row are not copied, calculated columns (one formula in every body cell of a
   * column) are filled into the new rows' empty cells, as Excel does when a table grows.
   */
  grow(table: FakeTableState, rows: number): void {
    const first = table.bodyBottom + 1;
    const last = table.bodyBottom + rows;
    if (table.sheet.merged.some((m) => overlaps(m, { top: first, left: table.left, bottom: last, right: table.right }))) {
      throw new FakeOfficeError("MergedRangeConflict", "A table can't overlap merged cells.");
    }
    const calculated = this.calculatedColumns(table);
    table.height += rows;
    calculated.forEach((formula, i) => {
      if (formula === null) return;
      for (let row = first; row <= last; row++) {
        const cell = table.sheet.peek(row, table.left + i);
        if (cell && (cell.value !== null || cell.formula !== null)) continue;
        this.setCell(table.sheet, row, table.left + i, { formula });
      }
    });
  }

  /** Per column of a table: the formula of a calculated column (one formula in every body cell), or null. */
  private calculatedColumns(table: FakeTableState): (string | null)[] {
    return Array.from({ length: table.width }, (_, i) => {
      const formulas = new Set<string | null>();
      for (let row = table.bodyTop; row <= table.bodyBottom; row++) formulas.add(table.sheet.peek(row, table.left + i)?.formula ?? null);
      const [only] = formulas;
      return formulas.size === 1 && only !== undefined ? only : null;
    });
  }

  /**
   * Inserts blank cells at `box`, shifting the cells at and below it in its columns down
   * by its height. Like Excel, refuses where that would cut through a table or merged
   * cells (the fake refuses any table or merged area in the way, even one Excel could move),
   * except `within`, the table whose own rows are being shifted (rows.add, a Total Row).
   */
  insertCells(sheet: FakeSheetState, box: Box): void {
    this.shiftDown(sheet, box, null);
  }

  shiftDown(sheet: FakeSheetState, box: Box, within: FakeTableState | null): void {
    const shift = rowsOf(box);
    const zone: Box = { top: box.top, left: box.left, bottom: Number.MAX_SAFE_INTEGER, right: box.right };
    if (this.tables.some((t) => t !== within && t.sheet === sheet && overlaps(t.box, zone)) || sheet.merged.some((m) => overlaps(m, zone))) {
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

  /** A null leaves that cell's format as it is. */
  setFormats(sheet: FakeSheetState, box: Box, formats: readonly (readonly (string | null)[])[]): void {
    this.checkShape(box, formats, "numberFormat");
    formats.forEach((row, r) =>
      row.forEach((format, c) => {
        if (format !== null) sheet.cell(box.top + r, box.left + c).format = format;
      }),
    );
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

  /** Syncs of this run so far. */
  private syncsInRun = 0;

  constructor(
    readonly excel: FakeExcel,
    /** The run's number, 1 for the fake's first. */
    private readonly run: number,
    private readonly mergeUndoGroup = false,
    private readonly delayForCellEdit = false,
  ) {
    this.workbook = new FakeWorkbookApi(this);
  }

  /** A load of the current sync gives back `bytes` of JSON. */
  respond(bytes: number): void {
    this.responseBytes += bytes;
  }

  /** Queues a command; `bytes` is what it carries (its values as JSON), by default its name and detail. */
  enqueue(kind: string, detail: string, run: () => void, bytes = kind.length + detail.length + 24): void {
    this.ops.push({ kind, detail, run, bytes });
  }

  /**
   * A call of an API of requirement set `version`: where the fake plays an Excel with limited
   * sets (`requirements`), a command that fails the sync when the set is not supported.
   */
  requires(version: string, api: string): void {
    if (this.excel.requirements === null) return;
    this.enqueue("call", api, () => this.excel.require(version, api));
  }

  track(proxy: FakeProxy): void {
    this.proxies.push(proxy);
  }

  onSuccess(commit: () => void): void {
    this.commits.push(commit);
  }

  async sync(): Promise<void> {
    await Promise.resolve();
    if (this.excel.editing && this.delayForCellEdit) {
      // Excel holds the batch until the person leaves the cell (RunOptions.delayForCellEdit).
      this.excel.delayedSyncs++;
      await this.excel.untilEditEnds();
    }
    this.excel.syncs++;
    this.syncsInRun++;
    this.excel.beforeSync?.(this.syncsInRun, this.run);
    if (this.excel.editing) {
      // Without delayForCellEdit, every batch fails while a cell is being edited, reads too.
      this.ops = [];
      this.excel.refusedSyncs++;
      throw new FakeOfficeError("InvalidOperationInCellEditMode", "The operation is not allowed while Excel is in cell-edit mode.");
    }
    const ops = this.ops;
    this.ops = [];
    this.commits = [];
    this.responseBytes = 0;
    const requestBytes = ops.reduce((sum, op) => sum + op.bytes, 0);
    this.excel.requestBytes.push(requestBytes);
    try {
      const requestLimit = this.excel.maxRequestBytes;
      if (requestLimit !== null && requestBytes > requestLimit) {
        // Refused whole: none of its commands run.
        throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", "The request payload size has exceeded the limit.");
      }
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
const isWriteMatrix = (v: unknown): v is CellWrite[][] =>
  isMatrix(v) && v.every((row) => row.every((c) => typeof c === "string" || typeof c === "number" || typeof c === "boolean"));
const isStringMatrix = (v: unknown): v is string[][] => isMatrix(v) && v.every((row) => row.every(isString));
const isSheetList = (v: unknown): v is FakeWorksheet[] => Array.isArray(v) && v.every((s) => s instanceof FakeWorksheet);
const isTableList = (v: unknown): v is FakeTable[] => Array.isArray(v) && v.every((t) => t instanceof FakeTable);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isNameList = (v: unknown): v is { name: string }[] =>
  Array.isArray(v) && v.every((n: unknown) => typeof n === "object" && n !== null && "name" in n && typeof n.name === "string");

function itemNotFound(what: string): FakeOfficeError {
  return new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist: ${what}.`);
}

class FakeWorkbookApi implements ExcelWorkbookApi {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly application: FakeApplication;
  constructor(ctx: FakeContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx);
    this.application = new FakeApplication(ctx);
  }
}

class FakeApplication extends FakeProxy implements ExcelApplication {
  constructor(ctx: FakeContext) {
    super(ctx, "Application");
  }

  protected find(): unknown {
    return this.ctx.excel;
  }

  protected snapshot(property: string): unknown {
    if (property === "calculationMode") return this.ctx.excel.calculationMode;
    throw new Error(`FakeExcel: Application cannot load ${property}`);
  }

  get calculationMode(): string {
    return this.loadedValue("calculationMode", isString);
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
    this.ctx.requires("1.4", "WorksheetCollection.getItemOrNullObject");
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetState(key), false, key);
  }

  add(name?: string): FakeWorksheet {
    if (name === undefined) throw new Error("FakeExcel: worksheets.add() needs a name here");
    this.ctx.enqueue("worksheets.add", name, () => {
      checkSheetName(name);
      if (this.ctx.excel.sheetState(name)) throw new FakeOfficeError("ItemAlreadyExists", `A sheet named ${name} already exists.`);
      this.ctx.excel.addSheet(name);
    });
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheetState(name), true, name);
  }
}

/** Refuses a sheet name Excel does not take (see the file comment). */
function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new FakeOfficeError("InvalidArgument", `"${name}" is not a valid sheet name.`);
  }
}

class FakeWorksheet extends FakeProxy implements ExcelWorksheet {
  readonly tables: FakeWorksheetTables;
  /** The sheet this proxy stood for the first time a command used it (Office.js keeps that object). */
  private pinned: FakeSheetState | null = null;

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

  /** The sheet for a command: a missing (or deleted) sheet fails the command, as in Excel. */
  state(): FakeSheetState {
    const sheet = this.pinned ?? this.lookup();
    if (!sheet || !this.ctx.excel.sheets.includes(sheet)) throw itemNotFound(`worksheet ${this.label}`);
    this.pinned = sheet;
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

  /** Renames the sheet. */
  set name(value: string) {
    this.ctx.enqueue("worksheet.name", `${this.label} → ${value}`, () => {
      const sheet = this.state();
      checkSheetName(value);
      const other = this.ctx.excel.sheetState(value);
      if (other && other !== sheet) throw new FakeOfficeError("ItemAlreadyExists", `A sheet named ${value} already exists.`);
      this.ctx.excel.invalidate();
      sheet.name = value;
    });
  }

  /** Deletes the sheet with its tables and charts. */
  delete(): void {
    this.ctx.enqueue("worksheet.delete", this.label, () => {
      const sheet = this.state();
      if (sheet.visibility === "VeryHidden") throw new FakeOfficeError("InvalidOperation", `A very hidden sheet cannot be deleted: ${sheet.name}.`);
      this.ctx.excel.deleteSheet(sheet.name);
    });
  }

  get charts(): ExcelChartCollection {
    return new FakeChartCollection(this.ctx, this);
  }

  get pageLayout(): ExcelPageLayout {
    return fakePageLayout(this.ctx, this);
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
    this.ctx.requires("1.4", "Worksheet.getUsedRangeOrNullObject");
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
      const sheet = this.state();
      if (sheet.visibility !== "Visible") throw new FakeOfficeError("InvalidOperation", `A hidden sheet cannot be activated: ${sheet.name}.`);
      this.ctx.excel.active = sheet.name;
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
    this.ctx.requires("1.4", "TableCollection.getItemOrNullObject");
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
    if (property === "showHeaders") return table.showHeaders;
    if (property === "showTotals") return table.showTotals;
    throw new Error(`FakeExcel: Table cannot load ${property}`);
  }

  get showHeaders(): boolean {
    return this.loadedValue("showHeaders", isBoolean);
  }

  get showTotals(): boolean {
    return this.loadedValue("showTotals", isBoolean);
  }

  private columnCollection: FakeTableColumns | null = null;

  /** The same collection object on every access, as in Office.js. */
  get columns(): FakeTableColumns {
    if (this.columnCollection === null) {
      this.called("columns", !this.strict);
      this.columnCollection = new FakeTableColumns(this.ctx, () => this.stateOrNull());
    }
    return this.columnCollection;
  }

  getDataBodyRange(): FakeRange {
    this.called("getDataBodyRange", !this.strict);
    return new FakeRange(
      this.ctx,
      () => {
        const table = this.stateOrNull();
        return table ? { sheet: table.sheet, box: table.bodyBox } : null;
      },
      `body of ${this.label}`,
      !this.strict,
    );
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

  /**
   * Table.resize: the table takes the new range, header row in place. With a Total Row, the
   * Total Row is the last row of the new range: the old one becomes a body row.
   */
  resize(newRange: ExcelRange | string): void {
    this.ctx.requires("1.13", "Table.resize");
    this.ctx.enqueue("table.resize", this.label, () => {
      const table = this.state();
      const target = resolveRangeArgument(newRange, table.sheet);
      if (target.sheet !== table.sheet || target.box.top !== table.top || !overlaps(target.box, table.box)) {
        throw new FakeOfficeError("InvalidArgument", "The new range must overlap the table and keep its header row.");
      }
      if (target.box.left !== table.left || columnsOf(target.box) !== table.width) throw new FakeOfficeError("NotImplemented", "The fake keeps the table's columns.");
      this.ctx.excel.noteGrowth(table, target.box);
      const height = rowsOf(target.box) - (table.showHeaders ? 1 : 0) - (table.showTotals ? 1 : 0);
      if (height > table.height) this.ctx.excel.grow(table, height - table.height);
      else table.height = height;
    });
  }
}

class FakeTableRows implements ExcelTableRows {
  constructor(
    private readonly ctx: FakeContext,
    private readonly table: FakeTable,
  ) {}

  /**
   * Adds rows at the end of the body, above the Total Row (alwaysInsert defaults to true:
   * what was below moves down), calculated columns filled in; `values` are converted like a
   * `values` write. Gives back the first new row.
   */
  add(index?: number, values?: CellWrite[][], alwaysInsert?: boolean): FakeTableRow {
    void alwaysInsert;
    const slot: { at: RangeTarget | null } = { at: null };
    this.ctx.enqueue("table.rows.add", `${values?.length ?? 1} rows`, () => {
      if (index !== undefined && index !== -1) throw new FakeOfficeError("NotImplemented", "The fake adds rows at the end only.");
      const table = this.table.state();
      const count = values?.length ?? 1;
      const box = { top: table.bodyBottom + 1, left: table.left, bottom: table.bodyBottom + count, right: table.right };
      this.ctx.excel.shiftDown(table.sheet, box, table);
      this.ctx.excel.grow(table, count);
      if (values) this.ctx.excel.write(table.sheet, box, values, false);
      slot.at = { sheet: table.sheet, box: { ...box, bottom: box.top } };
    });
    return new FakeTableRow(this.ctx, () => slot.at);
  }
}

class FakeTableRow implements ExcelTableRow {
  constructor(
    private readonly ctx: FakeContext,
    private readonly lookup: () => Resolved<RangeTarget>,
  ) {}

  getRange(): FakeRange {
    return new FakeRange(this.ctx, this.lookup, "added table row");
  }
}

class FakeTableColumns extends FakeProxy implements ExcelTableColumns {
  constructor(
    ctx: FakeContext,
    private readonly lookup: () => Resolved<FakeTableState>,
  ) {
    super(ctx, "TableColumnCollection");
  }

  protected find(): unknown {
    return this.lookup();
  }

  protected snapshot(property: string): unknown {
    const table = this.lookup();
    if (!table || property !== "items/name") throw new Error(`FakeExcel: TableColumnCollection loads items/name only, not ${property}`);
    return Array.from({ length: table.width }, (_, i) => ({ name: this.ctx.excel.columnName(table, i) }));
  }

  override load(propertyNames: string): this {
    if (propertyNames.replace(/\s/g, "") !== "items/name") throw new Error(`FakeExcel: load items/name on TableColumnCollection, not ${propertyNames}`);
    return super.load("items/name");
  }

  get items(): { name: string }[] {
    return this.loadedValue("items/name", isNameList);
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
  readonly conditionalFormats: ExcelConditionalFormats;
  private fixed: Resolved<RangeTarget> = null;

  constructor(
    ctx: FakeContext,
    private readonly lookup: () => Resolved<RangeTarget>,
    /** How commands on this range are named to failure rules, e.g. "Lines!F2". */
    readonly label: string,
    /** Whether this range may be a null object (it comes from an *OrNullObject call). */
    private readonly nullable = false,
  ) {
    super(ctx, "Range");
    this.format = new FakeRangeFormat(ctx, this);
    this.dataValidation = new FakeDataValidation(ctx, this);
    this.conditionalFormats = new FakeConditionalFormats(ctx, this);
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
      case "formulas":
        // A formula as "=…"; a cell without one gives its value (Range.formulas).
        return Array.from({ length: rowsOf(box) }, (_, r) =>
          Array.from({ length: columnsOf(box) }, (_, c) => {
            const cell = sheet.peek(box.top + r, box.left + c);
            if (cell?.formula != null) return `=${cell.formula}`;
            const v = cell?.value ?? null;
            return v === null ? "" : isCellError(v) ? v.error : v;
          }),
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
    return this.loadedValue("formulas", isWriteMatrix);
  }

  set formulas(values: (CellWrite | null)[][]) {
    this.ctx.enqueue(
      "range.formulas",
      this.detail(),
      () => {
        const { sheet, box } = this.target();
        this.ctx.excel.write(sheet, box, values);
      },
      JSON.stringify(values).length + this.detail().length + 24,
    );
  }

  get numberFormat(): (string | null)[][] {
    throw new Error("FakeExcel: number formats are written, never read, by the host");
  }

  set numberFormat(formats: (string | null)[][]) {
    const given: unknown = formats;
    this.ctx.enqueue(
      "range.numberFormat",
      this.detail(),
      () => {
        // A 2-D array the size of the range, as the reference types it (any[][]).
        if (!isMatrix(given)) throw new FakeOfficeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format: numberFormat takes a 2-D array.");
        const { sheet, box } = this.target();
        this.ctx.excel.setFormats(sheet, box, formats);
      },
      JSON.stringify(given).length + this.detail().length + 24,
    );
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    this.ctx.requires("1.13", "Range.getMergedAreasOrNullObject");
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
    this.ctx.requires("1.9", "Range.copyFrom");
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
    this.ctx.requires("1.2", "RangeFormat.columnWidth");
    this.ctx.enqueue("range.format.columnWidth", String(points), () => {
      const { sheet, box } = this.range.target();
      for (let c = box.left; c <= box.right; c++) sheet.widths.set(c, points);
    });
  }

  get rowHeight(): number {
    throw new Error("FakeExcel: rowHeight is written, never read, by the host");
  }

  // RangeFormat.rowHeight, ExcelApi 1.2: "Specifies the height of all rows in the range" (points).
  set rowHeight(points: number) {
    this.ctx.requires("1.2", "RangeFormat.rowHeight");
    this.ctx.enqueue("range.format.rowHeight", String(points), () => {
      const { sheet, box } = this.range.target();
      for (let r = box.top; r <= box.bottom; r++) sheet.heights.set(r, points);
    });
  }

  /** Sets one property of the look of every cell of the range. */
  private setLook(what: string, value: string | number | boolean, change: (look: FakeLook) => void): void {
    this.ctx.enqueue(`range.format.${what}`, `${String(value)} ${this.range.label}`, () => {
      const { sheet, box } = this.range.target();
      for (let r = box.top; r <= box.bottom; r++) {
        for (let c = box.left; c <= box.right; c++) {
          const key = a1(r, c);
          const look = sheet.looks.get(key) ?? {};
          change(look);
          sheet.looks.set(key, look);
        }
      }
    });
  }

  private static writeOnly(what: string): never {
    throw new Error(`FakeExcel: ${what} is written, never read, by the host`);
  }

  get wrapText(): boolean {
    return FakeRangeFormat.writeOnly("wrapText");
  }

  set wrapText(value: boolean) {
    this.setLook("wrapText", value, (look) => (look.wrap = value));
  }

  get horizontalAlignment(): string {
    return FakeRangeFormat.writeOnly("horizontalAlignment");
  }

  /** Excel.HorizontalAlignment; anything else is refused. */
  set horizontalAlignment(value: string) {
    const known = ["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"];
    if (!known.includes(value)) this.ctx.enqueue("range.format.horizontalAlignment", value, () => { throw new FakeOfficeError("InvalidArgument", `"${value}" is not a horizontal alignment.`); });
    else this.setLook("horizontalAlignment", value, (look) => (look.horizontal = value));
  }

  get verticalAlignment(): string {
    return FakeRangeFormat.writeOnly("verticalAlignment");
  }

  /** Excel.VerticalAlignment; anything else is refused. */
  set verticalAlignment(value: string) {
    const known = ["Top", "Center", "Bottom", "Justify", "Distributed"];
    if (!known.includes(value)) this.ctx.enqueue("range.format.verticalAlignment", value, () => { throw new FakeOfficeError("InvalidArgument", `"${value}" is not a vertical alignment.`); });
    else this.setLook("verticalAlignment", value, (look) => (look.vertical = value));
  }

  get font(): { bold: boolean; size: number } {
    const setLook = (what: string, value: boolean | number, change: (look: FakeLook) => void): void => this.setLook(what, value, change);
    return {
      get bold(): boolean {
        return FakeRangeFormat.writeOnly("font.bold");
      },
      set bold(value: boolean) {
        setLook("font.bold", value, (look) => (look.bold = value));
      },
      get size(): number {
        return FakeRangeFormat.writeOnly("font.size");
      },
      set size(value: number) {
        setLook("font.size", value, (look) => (look.size = value));
      },
    };
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
    this.ctx.requires("1.8", "Range.dataValidation");
    this.ctx.enqueue("range.dataValidation", JSON.stringify(rule), () => {
      const { sheet, box } = this.range.target();
      sheet.validations.push({ box, rule });
    });
  }
}

/** HTML colour names Excel takes besides "#RRGGBB" (a few; the host writes "#RRGGBB" only). */
const COLOUR_NAMES = new Set(["black", "white", "red", "green", "blue", "yellow", "orange", "purple", "gray", "grey"]);

function checkColour(colour: string): void {
  if (!/^#[0-9A-Fa-f]{6}$/.test(colour) && !COLOUR_NAMES.has(colour.toLowerCase())) {
    throw new FakeOfficeError("InvalidArgument", `"${colour}" is not a colour.`);
  }
}

class FakeConditionalFormats implements ExcelConditionalFormats {
  constructor(
    private readonly ctx: FakeContext,
    private readonly range: FakeRange,
  ) {}

  add(type: "Custom"): ExcelConditionalFormat {
    const slot: { format: FakeConditionalFormat | null } = { format: null };
    this.ctx.requires("1.6", "Range.conditionalFormats");
    this.ctx.enqueue("range.conditionalFormats.add", type, () => {
      const { sheet, box } = this.range.target();
      slot.format = { box, formula: null, fill: null, font: null, stopIfTrue: false };
      sheet.conditionalFormats.unshift(slot.format);
    });
    const edit = (what: string, change: (format: FakeConditionalFormat) => void): void => {
      this.ctx.enqueue(`conditionalFormat.${what}`, type, () => {
        if (slot.format === null) throw new FakeOfficeError("InvalidReference", "The conditional format does not exist.");
        change(slot.format);
      });
    };
    const excel = this.ctx.excel;
    const writeOnly = (what: string): never => {
      throw new Error(`FakeExcel: ${what} is written, never read, by the host`);
    };
    const custom: ExcelCustomConditionalFormat = {
      rule: {
        get formula(): string {
          return writeOnly("custom.rule.formula");
        },
        set formula(value: string) {
          edit("custom.rule.formula", (format) => {
            excel.checkConditionalFormula(value);
            format.formula = value;
          });
        },
      },
      format: {
        fill: {
          get color(): string {
            return writeOnly("custom.format.fill.color");
          },
          set color(value: string) {
            edit("custom.format.fill.color", (format) => {
              checkColour(value);
              format.fill = value;
            });
          },
        },
        font: {
          get color(): string {
            return writeOnly("custom.format.font.color");
          },
          set color(value: string) {
            edit("custom.format.font.color", (format) => {
              checkColour(value);
              format.font = value;
            });
          },
        },
      },
    };
    return {
      custom,
      get stopIfTrue(): boolean {
        return writeOnly("stopIfTrue");
      },
      set stopIfTrue(value: boolean) {
        edit("stopIfTrue", (format) => {
          format.stopIfTrue = value;
        });
      },
    };
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

/** Excel.ChartType values the fake takes (a few of them; the host uses three). */
const CHART_TYPES = new Set(["ColumnClustered", "ColumnStacked", "BarClustered", "BarStacked", "Pie", "Doughnut", "Line", "Area", "XYScatter"]);

class FakeChartCollection implements ExcelChartCollection {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: FakeWorksheet,
  ) {}

  add(type: string, sourceData: ExcelRange, seriesBy?: "Auto" | "Columns" | "Rows"): ExcelChart {
    const slot: { chart: FakeChartState | null } = { chart: null };
    this.ctx.requires("1.1", "ChartCollection.add");
    this.ctx.enqueue("charts.add", `${type} on ${this.sheet.label}`, () => {
      const sheet = this.sheet.state();
      if (!CHART_TYPES.has(type)) throw new FakeOfficeError("InvalidArgument", `"${type}" is not a chart type.`);
      const source = resolveRangeArgument(sourceData, sheet);
      slot.chart = { type, source: `${quoteSheet(source.sheet.name)}!${boxText(source.box)}`, seriesBy: seriesBy ?? "Auto", title: null, position: null };
      sheet.charts.push(slot.chart);
    });
    const ctx = this.ctx;
    const sheet = this.sheet;
    const chart = (): FakeChartState => {
      if (slot.chart === null) throw new FakeOfficeError("InvalidReference", "The chart does not exist.");
      return slot.chart;
    };
    return {
      title: {
        get text(): string {
          throw new Error("FakeExcel: a chart's title is written, never read, by the host");
        },
        set text(value: string) {
          ctx.enqueue("chart.title.text", value, () => {
            chart().title = value;
          });
        },
      },
      setPosition(startCell: ExcelRange | string, endCell?: ExcelRange | string): void {
        ctx.enqueue("chart.setPosition", sheet.label, () => {
          const state = sheet.state();
          const start = resolveRangeArgument(startCell, state).box;
          const end = endCell === undefined ? start : resolveRangeArgument(endCell, state).box;
          chart().position = boxText({ top: start.top, left: start.left, bottom: end.bottom, right: end.right });
        });
      },
    };
  }
}

/** Paper sizes the fake takes (a few Excel.PaperType values). */
const PAPER_SIZES = new Set(["A3", "A4", "A5", "Letter", "Legal"]);

/** Worksheet.pageLayout: every property needs ExcelApi 1.9 and is recorded on the sheet. */
function fakePageLayout(ctx: FakeContext, sheet: FakeWorksheet): ExcelPageLayout {
  const set = (what: string, value: unknown, apply: (layout: FakePageLayoutState) => void): void => {
    ctx.requires("1.9", `PageLayout.${what}`);
    ctx.enqueue(`pageLayout.${what}`, `${JSON.stringify(value)} ${sheet.label}`, () => apply(sheet.state().pageLayout));
  };
  const writeOnly = (what: string): never => {
    throw new Error(`FakeExcel: pageLayout.${what} is written, never read, by the host`);
  };
  const part = (name: "centerHeader" | "rightHeader" | "centerFooter" | "rightFooter") => ({
    get: (): string => writeOnly(`headersFooters.defaultForAllPages.${name}`),
    set: (value: string): void =>
      set(`headersFooters.defaultForAllPages.${name}`, value, (layout) => {
        layout[name] = value;
      }),
  });
  const center = part("centerHeader");
  const right = part("rightHeader");
  const centerFooter = part("centerFooter");
  const rightFooter = part("rightFooter");
  const defaultForAllPages: ExcelHeaderFooter = {
    get centerHeader(): string {
      return center.get();
    },
    set centerHeader(value: string) {
      center.set(value);
    },
    get rightHeader(): string {
      return right.get();
    },
    set rightHeader(value: string) {
      right.set(value);
    },
    get centerFooter(): string {
      return centerFooter.get();
    },
    set centerFooter(value: string) {
      centerFooter.set(value);
    },
    get rightFooter(): string {
      return rightFooter.get();
    },
    set rightFooter(value: string) {
      rightFooter.set(value);
    },
  };
  return {
    get orientation(): string {
      return writeOnly("orientation");
    },
    set orientation(value: string) {
      set("orientation", value, (layout) => {
        if (value !== "Portrait" && value !== "Landscape") throw new FakeOfficeError("InvalidArgument", `"${value}" is not a page orientation.`);
        layout.orientation = value;
      });
    },
    get paperSize(): string {
      return writeOnly("paperSize");
    },
    set paperSize(value: string) {
      set("paperSize", value, (layout) => {
        if (!PAPER_SIZES.has(value)) throw new FakeOfficeError("InvalidArgument", `"${value}" is not a paper size.`);
        layout.paperSize = value;
      });
    },
    get zoom(): ExcelPageLayoutZoom {
      // Reading zoom to set one of its fields would not set anything: it is set as a whole object.
      return writeOnly("zoom");
    },
    set zoom(value: ExcelPageLayoutZoom) {
      const copy = { ...value };
      set("zoom", copy, (layout) => {
        const fit = copy.horizontalFitToPages !== undefined || copy.verticalFitToPages !== undefined;
        if (fit && copy.scale !== undefined) throw new FakeOfficeError("InvalidArgument", "A zoom is a scale or pages to fit, not both.");
        layout.zoom = copy;
      });
    },
    setPrintTitleRows(printTitleRows: ExcelRange | string): void {
      set("setPrintTitleRows", typeof printTitleRows === "string" ? printTitleRows : "range", (layout) => {
        const rows = typeof printTitleRows === "string" ? /^\$?([1-9][0-9]*):\$?([1-9][0-9]*)$/.exec(printTitleRows) : null;
        if (rows === null) throw new FakeOfficeError("InvalidArgument", "The print title rows must span entire rows (e.g. \"1:6\").");
        layout.printTitleRows = `${rows[1] ?? ""}:${rows[2] ?? ""}`;
      });
    },
    headersFooters: { defaultForAllPages },
  };
}

/** Zero-based column of a letter, for tests that read widths. */
export function column(letters: string): number {
  return columnIndex(letters);
}

/**
 * Writing an action's changes into Excel: every change queued, then one sync (DESIGN §5).
 *
 *  - Checks first. Unless the changes only set cells, one sync loads what they depend on:
 *    the `expect` cells (the line IDs and values an action was computed from), for rows
 *    added to a table whether it shows a Total Row and the rows below it, for new tables
 *    the names already taken, and the sheets' names for any change that creates, deletes,
 *    renames or writes on a sheet by name (see "Sheets the add-in owns"). Only when every check holds are the
 *    writes queued and sent, in the same `Excel.run`; otherwise nothing is written. Office.js has no conditional write (no
 *    "write only if this cell still holds X" command): a batch is a list of commands that
 *    Excel runs in order, and a loaded value is known to the add-in only after the sync
 *    that carries it. So a write guarded by what a co-author may have changed takes two
 *    syncs in one run: load and compare, then write. Between them a co-author's edit can
 *    still land; the window is one round trip instead of the time the person spent typing.
 *    A failed expectation refuses the whole action with its message; nothing is written.
 *  - More than one write sync only when the estimated request passes `maxRequestBytes`
 *    (Excel on the web refuses requests over 5 MB), all in one `Excel.run`.
 *  - Text is stored as text on every path: its cells get the text format "@" before the
 *    text is written. Range.values/formulas convert text otherwise (Range.values,
 *    learn.microsoft.com/javascript/api/excel/excel.range: "If the returned value starts
 *    with a plus ("+"), minus ("-"), or equal sign ("="), Excel interprets this value as a
 *    formula"; "1/4" becomes a date and "1,250" a number the same way typing does).
 *  - Adding rows never writes a person's own columns: a null in a `formulas` or
 *    `numberFormat` array leaves that cell as it is ("null input in 2-D Array",
 *    learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values); "" would
 *    clear it, and with it a calculated column's formula.
 *  - Adding rows is refused, with nothing written, when the rows just below the table are
 *    not empty (checked in the check sync, like every host refuses it: a cell holding a
 *    formula counts, even one that shows "", so `formulas` are loaded beside `values`;
 *    cells the same write clears count as empty); otherwise it uses
 *    the table's own growth and never writes across a Total Row:
 *     - without a Total Row (ExcelApi 1.13): the table is resized over the empty rows below
 *       it, and the values are written once the rows are inside the table. (A range written
 *       directly below a table makes Excel grow the table by itself, AutoCorrect
 *       "AutoExpandListRange", learn.microsoft.com/office/vba/api/excel.autocorrect.autoexpandlistrange:
 *       resizing first leaves nothing to chance.)
 *     - with a Total Row, or before ExcelApi 1.13: `table.rows.add()` adds each row at the
 *       end of the data body, above the Total Row (TableRowCollection.add: "If null or -1,
 *       the addition happens at the end. Any rows below the inserted row are shifted
 *       downwards"), and the row's own range (TableRow.getRange) is then formatted and
 *       written like the other path. `getRange()` of a table includes its Total Row, so
 *       the resize path would put the new line into the Total Row.
 *  - Conditional formats (ExcelApi 1.6) go in the same write, after every table of the
 *    action exists (a rule's formula may name one). `Range.conditionalFormats.add("Custom")`
 *    ("Adds a new conditional format to the collection at the first/top priority",
 *    learn.microsoft.com/javascript/api/excel/excel.conditionalformatcollection#excel-excel-conditionalformatcollection-add-member(1))
 *    puts each new rule on top, so a change's rules are added last to first and end up in
 *    the order given, above any rules already there; each gets `stopIfTrue`, its formula
 *    with "=" (`custom.rule.formula`), `custom.format.fill.color` and `font.color`
 *    ("#RRGGBB"). A change with a bad range, colour or formula is refused before anything
 *    is sent, and one for a sheet that does not exist in the check sync: nothing is written.
 *    Where ExcelApi 1.6 is not supported, everything else is written and the outcome says
 *    plainly that the colours were not (ok: false, the colours in `notWritten`).
 *  - Sheets the add-in owns (the Summary):
 *     - `setBlock` writes a rectangle of rows through `formulas` in chunks of rows (at most
 *       `rowsPerChunk`, and small enough that a chunk's estimated request stays well under
 *       `maxRequestBytes`), so a block of any size goes in a bounded number of requests:
 *       the parts are cut by size like every write. Text cells get "@" first, as above; a
 *       null cell is null in both arrays and is left as it is.
 *     - `deleteSheet` (Worksheet.delete) and `renameSheet` (Worksheet.name) are checked in the
 *       check sync, in the order of the action, with the sheets that earlier changes create,
 *       delete or rename (`sheetsRefusal`, src/plan/sheetChanges.ts, the rules every host
 *       follows): the sheet must exist, the only visible sheet is never deleted, and a new
 *       name must be a sheet name Excel takes (1 to 31 characters, none of : \ / ? * [ ], not
 *       beginning or ending with an apostrophe, not "History") that no other sheet has,
 *       ignoring case. A change that writes on a sheet (`setBlock`, `formatCells`,
 *       `pageSetup`, `addChart`, colours) needs that sheet too. Any failed check refuses the
 *       whole action; nothing is written.
 *     - `formatCells`: number formats as 2-D arrays the size of their range (Range.numberFormat
 *       is `any[][]` in the reference, whose sample "Set number format" assigns one format per
 *       cell; a single value for many cells is not documented: learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-format),
 *       in chunks of rows like `setBlock`; bold, font size, wrap and alignment are single values
 *       of `Range.format`, which apply to every cell of the range; column widths in points.
 *     - `pageSetup` (ExcelApi 1.9, `Worksheet.pageLayout`): A4 landscape, zoom
 *       { horizontalFitToPages: 1, verticalFitToPages: 0 } (one page wide; 0 pages tall is
 *       "automatic", as fitToHeight="0" in the file format), print title rows, and the header
 *       and footer of every page in Excel's header codes ("&B" bold on and off, "&P" page,
 *       "&N" pages, "&&" an ampersand).
 *     - `addChart` (ExcelApi 1.1): `charts.add(type, source, "Columns")`, its title, and
 *       `setPosition` over the anchor's first and last cells; queued with the late steps,
 *       after the values it draws are written.
 *    Where ExcelApi 1.9 is not supported, the page setup is left out like the colours are
 *    without 1.6 (one rule serves both: OPTIONAL_KINDS): everything else is written, and the
 *    outcome is ok: false with a plain message and the page setup in `notWritten`.
 */
import { a1, type CellValue } from "../plan/cell";
import { type CellFormat, type Change, type ChartKind, type CellExpectation, type CellInput, type Validation, describeChange, isFormulaInput, sameCellValue } from "../plan/changes";
import { changeProblem, sheetsRefusal } from "../plan/sheetChanges";
import { boxAddress, localAddress, parseRange, parseRangeAddress } from "../plan/ranges";
import type { RawWorkbook } from "../plan/raw";
import { TEXT_FORMAT } from "../plan/schema";
import { verifyChanges } from "../plan/verify";
import type { ApplyOutcome } from "../workbook/port";
import { type CellWrite, type ExcelContext, type ExcelRange, type ExcelRun, type ExcelRunOptions, type ExcelTable, type ExcelValidationRule, type ExcelWorksheet, isExcelError, UNDO_NOT_SUPPORTED } from "./excelApi";
import { errorMessage, isCellEditRefusal, type RetryPolicy, undoGroupable } from "./policy";
import { cellValues } from "./read";

export interface WriteSettings extends RetryPolicy {
  readonly run: ExcelRun;
  readonly runOptions: ExcelRunOptions;
  readonly supports: (version: string) => boolean;
  /** Largest estimated request per sync, in bytes of JSON. */
  readonly maxRequestBytes: number;
  /** Rows written per range assignment when a table is created. */
  readonly rowsPerChunk: number;
  readonly tableStyle: string;
  /** Reads the workbook back after a failure, to say what was and was not written. */
  readonly readBack: () => Promise<RawWorkbook>;
}

/** Estimated bytes a queued command adds besides its own values. */
const COMMAND_OVERHEAD = 120;

/** The requirement set of `Range.conditionalFormats` and everything the host sets on a custom format. */
const CONDITIONAL_FORMATS = "1.6";
/** The requirement set of `Worksheet.pageLayout` and everything the host sets on it. */
const PAGE_LAYOUT = "1.9";

/**
 * Kinds of change that need more of Excel than the rest of the host does. Where the running
 * Excel lacks the set, they are left out and everything else is written; the outcome says so.
 */
const OPTIONAL_KINDS: readonly { readonly kind: Change["kind"]; readonly set: string; readonly missing: string }[] = [
  { kind: "conditionalFormat", set: CONDITIONAL_FORMATS, missing: "The colours (conditional formatting) were not written: this version of Excel does not support them" },
  { kind: "pageSetup", set: PAGE_LAYOUT, missing: "The page setup (A4 landscape, rows repeated on every page, page header and footer) was not written: this version of Excel does not support it" },
];

/** Whether this Excel can write a change (see OPTIONAL_KINDS). */
function writable(settings: Pick<WriteSettings, "supports">, change: Change): boolean {
  return OPTIONAL_KINDS.every((optional) => optional.kind !== change.kind || settings.supports(optional.set));
}

/** Excel.ChartType of each chart the core asks for. */
const CHART_TYPES: Readonly<Record<ChartKind, string>> = { pie: "Pie", barClustered: "BarClustered", columnClustered: "ColumnClustered" };

/** What the check sync found: which tables show a Total Row. */
interface Prepared {
  readonly totals: ReadonlyMap<string, boolean>;
}

/** One command (or a few that belong together) queued for one change. */
interface Step {
  readonly change: number;
  readonly bytes: number;
  queue(queue: Queue): void;
}

/** The proxy already made for a name in any case, or a new one from `make`, kept for the next time. */
function reused<T>(made: Map<string, T>, name: string, make: () => T): T {
  const key = name.toLowerCase();
  const known = made.get(key);
  if (known !== undefined) return known;
  const proxy = make();
  made.set(key, proxy);
  return proxy;
}

/** Proxies reused while one run queues its commands. */
class Queue {
  private readonly sheets = new Map<string, ExcelWorksheet>();
  private readonly tables = new Map<string, ExcelTable>();

  constructor(
    readonly context: ExcelContext,
    readonly prepared: Prepared,
  ) {}

  sheet(name: string): ExcelWorksheet {
    return reused(this.sheets, name, () => this.context.workbook.worksheets.getItem(name));
  }

  addSheet(name: string): ExcelWorksheet {
    const sheet = this.context.workbook.worksheets.add(name);
    this.sheets.set(name.toLowerCase(), sheet);
    return sheet;
  }

  /**
   * Forgets the proxies of these sheet names: after a sheet is deleted or renamed, a proxy
   * taken for its old name stands for that sheet, not for whatever sheet has the name next.
   */
  forgetSheets(...names: string[]): void {
    for (const name of names) this.sheets.delete(name.toLowerCase());
  }

  table(name: string): ExcelTable {
    return reused(this.tables, name, () => this.context.workbook.tables.getItem(name));
  }

  rememberTable(name: string, table: ExcelTable): void {
    this.tables.set(name.toLowerCase(), table);
  }

  /** Whether a table shows a Total Row; unknown counts as yes (the path that is safe either way). */
  showsTotals(name: string): boolean {
    return this.prepared.totals.get(name.toLowerCase()) ?? true;
  }
}

/** Applies a whole action; see the file comment for the order of things. */
export async function applyChanges(settings: WriteSettings, changes: readonly Change[]): Promise<ApplyOutcome> {
  if (changes.every((change) => change.kind === "expect")) return { ok: true, written: [] };
  for (const change of changes) {
    const problem = changeProblem(change);
    if (problem !== null) {
      return { ok: false, message: `${describeChange(change)} was not written: ${problem}. None of the action's changes were written.`, written: [], notWritten: described(changes) };
    }
  }
  const parts = partition(steps(settings, changes), settings.maxRequestBytes);
  let runOptions: ExcelRunOptions = settings.supports("1.20") && undoGroupable(changes) ? { ...settings.runOptions, mergeUndoGroup: true } : settings.runOptions;
  const progress: Progress = { partsSent: 0, prepared: null, refused: null };
  const needsChecks = changes.some((change) => change.kind !== "setCells");
  for (let attempt = 0; ; ) {
    try {
      await settings.run((context) => checkThenWrite(context, changes, needsChecks, parts, progress), runOptions);
      if (progress.refused !== null) {
        return { ok: false, message: progress.refused, written: [], notWritten: described(changes) };
      }
      const missing = OPTIONAL_KINDS.filter((optional) => !settings.supports(optional.set) && changes.some((change) => change.kind === optional.kind));
      if (missing.length > 0) {
        // Everything else is in the workbook; these could not be, and the person is told so.
        return {
          ok: false,
          message: `${missing.map((optional) => `${optional.missing} (Excel JavaScript API ${optional.set}).`).join(" ")} Everything else was written.`,
          written: described(changes.filter((change) => writable(settings, change))),
          notWritten: described(changes.filter((change) => !writable(settings, change))),
        };
      }
      return { ok: true, written: described(changes) };
    } catch (error) {
      // A run sent again before any part was confirmed checks its expectations again.
      if (progress.partsSent === 0) progress.prepared = null;
      if (isExcelError(error) && error.code === UNDO_NOT_SUPPORTED && runOptions.mergeUndoGroup === true && progress.partsSent === 0) {
        // Excel would not group this action into one undo step after all. Nothing was
        // confirmed, and writing the same cells again does no harm: send it once more, ungrouped.
        runOptions = settings.runOptions;
        continue;
      }
      if (isCellEditRefusal(error) && attempt < settings.cellEditRetries) {
        // Excel refuses the whole request while a cell is being edited, so the same part is sent again.
        attempt++;
        await settings.delay(settings.retryDelayMs);
        continue;
      }
      return failure(settings, changes, parts.slice(progress.partsSent), error);
    }
  }
}

/**
 * What an outcome lists: the changes that write something, in words. An expectation writes
 * nothing, so it is neither written nor not written (as in the other hosts).
 */
function described(changes: readonly Change[]): string[] {
  return changes.filter((change) => change.kind !== "expect").map(describeChange);
}

/** How far a write got, kept across the retries of its `Excel.run`. */
interface Progress {
  partsSent: number;
  /** What the check sync found; null until it ran. */
  prepared: Prepared | null;
  /** The message of the first expectation that no longer holds. */
  refused: string | null;
}

/**
 * The body of the write's `Excel.run`: the check sync (once, and only where needed), then
 * one sync per part; there is more than one part only past the request size limit.
 */
async function checkThenWrite(context: ExcelContext, changes: readonly Change[], needsChecks: boolean, parts: readonly (readonly Step[])[], progress: Progress): Promise<void> {
  if (progress.prepared === null) {
    if (needsChecks) {
      const checks = queueChecks(context, changes);
      await context.sync();
      progress.refused = checks.refusal();
      if (progress.refused !== null) return;
      progress.prepared = checks.prepared();
    } else {
      progress.prepared = { totals: new Map() };
    }
  }
  const queue = new Queue(context, progress.prepared);
  for (const part of parts.slice(progress.partsSent)) {
    await send(context, queue, part);
    progress.partsSent++;
  }
}

/** Queues one part and sends it. */
async function send(context: ExcelContext, queue: Queue, part: readonly Step[]): Promise<void> {
  for (const step of part) step.queue(queue);
  await context.sync();
}

/**
 * Queues the loads of every expected cell, and for every table rows are added to, its Total
 * Row flag and the rows just below it (they must be empty, or nothing is written: the same
 * refusal as every host's, and nothing a person typed there is taken into the table).
 */
function queueChecks(context: ExcelContext, changes: readonly Change[]): { refusal(): string | null; prepared(): Prepared } {
  const expected: { expectation: CellExpectation; range: ExcelRange }[] = [];
  const tables = new Map<string, ExcelTable>();
  const below: { table: string; sheet: string; rowsBelow: ExcelRange }[] = [];
  // Cells this same write clears before it grows a table over them (taking rows typed under
  // a table into it): they count as empty, as they will be, and an expectation guards them.
  const cleared = new Set(
    changes.flatMap((change) => (change.kind === "setCells" ? change.cells.filter((c) => c.value === null).map((c) => `${change.sheet.toLowerCase()}!${c.address.replace(/\$/g, "").toUpperCase()}`) : [])),
  );
  const newTables = changes.flatMap((change) => (change.kind === "createTable" ? [change.table] : []));
  const sheetsChecked = changes.some((change) => SHEET_KINDS.has(change.kind));
  if (sheetsChecked) context.workbook.worksheets.load("items/name,items/visibility");
  if (newTables.length > 0) context.workbook.tables.load("items/name");
  for (const change of changes) {
    if (change.kind === "expect") {
      const sheet = context.workbook.worksheets.getItem(change.sheet);
      for (const expectation of change.cells) {
        const range = sheet.getRange(expectation.address);
        range.load("values,valueTypes");
        expected.push({ expectation, range });
      }
    }
    if (change.kind === "appendRows" && change.rows.length > 0 && !tables.has(change.table.toLowerCase())) {
      const table = context.workbook.tables.getItem(change.table);
      table.load("showTotals");
      tables.set(change.table.toLowerCase(), table);
      const rows = changes.reduce((n, c) => n + (c.kind === "appendRows" && c.table.toLowerCase() === change.table.toLowerCase() ? c.rows.length : 0), 0);
      const rowsBelow = table.getRange().getRowsBelow(rows);
      // Formulas too: a formula that shows "" reads as "" in `values`, like an empty cell.
      rowsBelow.load("address,values,formulas");
      below.push({ table: change.table, sheet: change.sheet, rowsBelow });
    }
  }
  return {
    refusal: () => {
      for (const { expectation, range } of expected) {
        const now: CellValue = cellValues(range.values, range.valueTypes)[0]?.[0] ?? null;
        if (!sameCellValue(expectation.value, now)) return expectation.message;
      }
      const taken = (names: readonly string[], name: string): boolean => names.some((n) => n.toLowerCase() === name.toLowerCase());
      if (sheetsChecked) {
        const refusal = sheetsRefusal(
          context.workbook.worksheets.items.map((sheet) => ({ name: sheet.name, hidden: sheet.visibility !== "Visible" })),
          changes,
        );
        if (refusal !== null) return refusal;
      }
      if (newTables.length > 0) {
        const names = context.workbook.tables.items.map((table) => table.name);
        const table = newTables.find((name) => taken(names, name));
        if (table !== undefined) return `A table named ${table} already exists, so it cannot be created. Nothing was written.`;
      }
      for (const { table, sheet, rowsBelow } of below) {
        const box = parseRangeAddress(rowsBelow.address);
        const clearedHere = (r: number, c: number): boolean => box !== null && cleared.has(`${sheet.toLowerCase()}!${a1(box.top + r, box.left + c)}`);
        const typed = (r: number, c: number): boolean => {
          const value = rowsBelow.values[r]?.[c];
          const formula = rowsBelow.formulas[r]?.[c];
          const isFormula = typeof formula === "string" && formula.startsWith("=") && formula !== value;
          return (isFormula || (value !== "" && value !== null && value !== undefined)) && !clearedHere(r, c);
        };
        if (rowsBelow.values.some((row, r) => row.some((_, c) => typed(r, c)))) {
          const where = localAddress(rowsBelow.address);
          return `The cells just below table ${table} (${where}) are not empty, so the new row would be written over them. Nothing was written. Insert a blank table row in Excel (or move what is below the table) and try again.`;
        }
      }
      return null;
    },
    prepared: () => ({ totals: new Map([...tables].map(([name, table]) => [name, table.showTotals])) }),
  };
}

/** Kinds of change whose sheets are checked in the check sync (sheetsRefusal). */
const SHEET_KINDS: ReadonlySet<Change["kind"]> = new Set<Change["kind"]>(["createSheet", "deleteSheet", "renameSheet", "conditionalFormat", "setBlock", "formatCells", "pageSetup", "addChart"]);

async function failure(settings: WriteSettings, changes: readonly Change[], unsent: readonly (readonly Step[])[], error: unknown): Promise<ApplyOutcome> {
  const message = errorMessage(error);
  let raw: RawWorkbook;
  try {
    raw = await settings.readBack();
  } catch (readError) {
    // The workbook could not be read back: a change counts as written only if Excel
    // confirmed every part that carried it.
    const pending = new Set(unsent.flat().map((s) => s.change));
    return {
      ok: false,
      message: `${message} The workbook could not be read back to check what was written (${errorMessage(readError)}).`,
      written: described(changes.filter((_, i) => !pending.has(i))),
      notWritten: described(changes.filter((_, i) => pending.has(i))),
    };
  }
  const landed = changes.map((change) => verifyChanges(raw, [change]).written.length === 1 && !formulasMissing(raw, change));
  return {
    ok: false,
    message,
    written: described(changes.filter((_, i) => landed[i])),
    notWritten: described(changes.filter((_, i) => !landed[i])),
  };
}

/** Splits the steps into parts whose estimated request stays under the size limit. */
function partition(all: readonly Step[], maxRequestBytes: number): Step[][] {
  const parts: Step[][] = [];
  let current: Step[] = [];
  let bytes = 0;
  for (const step of all) {
    if (current.length > 0 && bytes + step.bytes > maxRequestBytes) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(step);
    bytes += step.bytes;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * Turns changes into steps. Formulas of new tables are written after every table of the
 * action exists, because Excel refuses a formula that names a table it has not got.
 */
function steps(settings: WriteSettings, changes: readonly Change[]): Step[] {
  const main: Step[] = [];
  const late: Step[] = [];
  changes.forEach((change, index) => {
    switch (change.kind) {
      case "expect":
        // Checked before anything is queued (queueChecks).
        return;
      case "createSheet":
        main.push({
          change: index,
          bytes: COMMAND_OVERHEAD + change.sheet.length,
          queue: (q) => {
            const sheet = q.addSheet(change.sheet);
            if (change.hidden) sheet.visibility = "Hidden";
          },
        });
        return;
      case "createTable":
        tableSteps(settings, change, index, main, late);
        return;
      case "setCells":
        for (const { address, value } of change.cells) {
          const write = toWrite(value);
          main.push({
            change: index,
            bytes: COMMAND_OVERHEAD + address.length + JSON.stringify(write).length,
            queue: (q) => {
              const range = q.sheet(change.sheet).getRange(address);
              // Text is stored as text, even "2020/21", "- outreach" or a leading "=".
              if (typeof value === "string") range.numberFormat = [[TEXT_FORMAT]];
              range.formulas = [[write]];
            },
          });
        }
        return;
      case "appendRows": {
        if (change.rows.length === 0) return;
        const rows = change.rows.map((row) => row.map(toWriteLeavingBlanks));
        const formats = change.rows.map((row) => row.map(textFormat));
        const resize = settings.supports("1.13");
        const copyFormats = settings.supports("1.9");
        main.push({
          change: index,
          bytes: COMMAND_OVERHEAD * (2 + 3 * rows.length) + JSON.stringify(rows).length + JSON.stringify(formats).length,
          queue: (q) => {
            const table = q.table(change.table);
            if (resize && !q.showsTotals(change.table)) {
              // The rows below were checked empty in this run: the table grows over them.
              const range = table.getRange();
              const room = range.getRowsBelow(rows.length);
              if (copyFormats) room.copyFrom(range.getLastRow(), "Formats");
              table.resize(range.getResizedRange(rows.length, 0));
              room.numberFormat = formats;
              room.formulas = rows;
            } else {
              rows.forEach((row, r) => {
                const added = table.rows.add().getRange();
                added.numberFormat = [formats[r] ?? []];
                added.formulas = [row];
              });
            }
          },
        });
        return;
      }
      case "conditionalFormat": {
        if (!writable(settings, change)) return;
        late.push({
          change: index,
          bytes: COMMAND_OVERHEAD * (1 + 5 * change.rules.length) + JSON.stringify(change.rules).length,
          queue: (q) => {
            const range = q.sheet(change.sheet).getRange(change.range);
            // Each add goes on top: the last rule first, so the first ends up with the top priority.
            for (const rule of [...change.rules].reverse()) {
              const format = range.conditionalFormats.add("Custom");
              format.custom.rule.formula = `=${rule.formula.trim()}`;
              format.custom.format.fill.color = rule.fill;
              if (rule.font !== undefined) format.custom.format.font.color = rule.font;
              format.stopIfTrue = true;
            }
          },
        });
        return;
      }
      case "setBlock":
        blockSteps(settings, change, index, main);
        return;
      case "deleteSheet":
        main.push({
          change: index,
          bytes: COMMAND_OVERHEAD + change.sheet.length,
          queue: (q) => {
            q.sheet(change.sheet).delete();
            q.forgetSheets(change.sheet);
          },
        });
        return;
      case "renameSheet":
        main.push({
          change: index,
          bytes: COMMAND_OVERHEAD + change.sheet.length + change.to.length,
          queue: (q) => {
            q.sheet(change.sheet).name = change.to;
            q.forgetSheets(change.sheet, change.to);
          },
        });
        return;
      case "formatCells":
        formatSteps(settings, change, index, main);
        return;
      case "pageSetup": {
        if (!writable(settings, change)) return;
        const marking = change.marking === "" ? "" : `&B${headerText(change.marking)}&B`;
        const parts = { centerHeader: marking, rightHeader: headerText(change.title), centerFooter: marking, rightFooter: "Page &P of &N" };
        main.push({
          change: index,
          bytes: COMMAND_OVERHEAD * 9 + JSON.stringify(parts).length,
          queue: (q) => {
            const layout = q.sheet(change.sheet).pageLayout;
            layout.orientation = "Landscape";
            layout.paperSize = "A4";
            // One page wide, as many pages tall as it takes (0: automatic).
            layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
            if (change.printTitleRows !== null) layout.setPrintTitleRows(change.printTitleRows);
            const page = layout.headersFooters.defaultForAllPages;
            page.centerHeader = parts.centerHeader;
            page.rightHeader = parts.rightHeader;
            page.centerFooter = parts.centerFooter;
            page.rightFooter = parts.rightFooter;
          },
        });
        return;
      }
      case "addChart": {
        const anchor = parseRange(change.anchor);
        if (anchor === null) throw new Error(`chart anchor ${change.anchor} is not a range`);
        late.push({
          change: index,
          bytes: COMMAND_OVERHEAD * 4 + change.title.length + change.source.length,
          queue: (q) => {
            const sheet = q.sheet(change.sheet);
            const chart = sheet.charts.add(CHART_TYPES[change.chart], sheet.getRange(localAddress(change.source)), "Columns");
            chart.title.text = change.title;
            chart.setPosition(a1(anchor.top, anchor.left), a1(anchor.bottom, anchor.right));
          },
        });
        return;
      }
    }
  });
  return [...main, ...late];
}

/** Text printed as it is in a page header or footer: "&" is Excel's code character, "&&" prints one. */
function headerText(text: string): string {
  return text.replace(/&/g, "&&");
}

/**
 * Rows `from`… of a rectangle, cut into runs of at most `rowsPerChunk` rows whose estimated
 * request (`bytesOf` each row) stays within a quarter of `maxRequestBytes`, so that parts fill
 * up with several chunks and no chunk alone comes near the limit. At least one row per run.
 */
function rowRuns(count: number, settings: Pick<WriteSettings, "rowsPerChunk" | "maxRequestBytes">, bytesOf: (row: number) => number): { from: number; to: number; bytes: number }[] {
  const room = Math.max(1, Math.floor(settings.maxRequestBytes / 4));
  const runs: { from: number; to: number; bytes: number }[] = [];
  let from = 0;
  let bytes = 0;
  for (let row = 0; row < count; row++) {
    const size = bytesOf(row);
    if (row > from && (row - from >= settings.rowsPerChunk || bytes + size > room)) {
      runs.push({ from, to: row, bytes });
      from = row;
      bytes = 0;
    }
    bytes += size;
  }
  if (count > from) runs.push({ from, to: count, bytes });
  return runs;
}

/**
 * A block of values: per run of rows, the text format "@" on its text cells and then the
 * values, one `formulas` assignment; null cells are null in both arrays (left as they are).
 */
function blockSteps(settings: WriteSettings, change: Extract<Change, { kind: "setBlock" }>, index: number, main: Step[]): void {
  const width = change.rows.reduce((w, row) => Math.max(w, row.length), 0);
  if (width === 0) return;
  const writes = change.rows.map((row) => Array.from({ length: width }, (_, c) => toWriteLeavingBlanks(row[c] ?? null)));
  const formats = change.rows.map((row) => Array.from({ length: width }, (_, c) => textFormat(row[c] ?? null)));
  const sizes = writes.map((row, r) => JSON.stringify(row).length + JSON.stringify(formats[r]).length + 1);
  for (const { from, to, bytes } of rowRuns(change.rows.length, settings, (r) => sizes[r] ?? 0)) {
    const values = writes.slice(from, to);
    const textFormats = formats.slice(from, to);
    const anyText = textFormats.some((row) => row.some((f) => f !== null));
    main.push({
      change: index,
      bytes: COMMAND_OVERHEAD * 3 + bytes,
      queue: (q) => {
        const range = q.sheet(change.sheet).getRange(boxAddress(change.row + from, change.column, change.row + to - 1, change.column + width - 1));
        // Text is stored as text, even "=HYPERLINK(…)" or "-x": the cells are text-formatted first.
        if (anyText) range.numberFormat = textFormats;
        range.formulas = values;
      },
    });
  }
}

/** Formats of ranges and column widths of one sheet. */
function formatSteps(settings: WriteSettings, change: Extract<Change, { kind: "formatCells" }>, index: number, main: Step[]): void {
  for (const format of change.formats) {
    const box = parseRange(format.range);
    if (box === null) throw new Error(`format range ${format.range} is not a range`);
    const numberFormat = format.numberFormat;
    if (numberFormat !== undefined) {
      // One format per cell: Range.numberFormat takes a 2-D array the size of the range.
      const width = box.right - box.left + 1;
      const row = Array.from({ length: width }, () => numberFormat);
      const rowBytes = JSON.stringify(row).length + 1;
      for (const { from, to, bytes } of rowRuns(box.bottom - box.top + 1, settings, () => rowBytes)) {
        main.push({
          change: index,
          bytes: COMMAND_OVERHEAD + bytes,
          queue: (q) => {
            q.sheet(change.sheet).getRange(boxAddress(box.top + from, box.left, box.top + to - 1, box.right)).numberFormat = Array.from({ length: to - from }, () => row);
          },
        });
      }
    }
    if (hasLook(format)) {
      main.push({
        change: index,
        bytes: COMMAND_OVERHEAD * 6,
        queue: (q) => {
          const look = q.sheet(change.sheet).getRange(boxAddress(box.top, box.left, box.bottom, box.right)).format;
          if (format.bold !== undefined) look.font.bold = format.bold;
          if (format.fontSize !== undefined) look.font.size = format.fontSize;
          if (format.wrap !== undefined) look.wrapText = format.wrap;
          if (format.horizontal !== undefined) look.horizontalAlignment = format.horizontal === "left" ? "Left" : "Right";
          if (format.vertical !== undefined) look.verticalAlignment = "Top";
        },
      });
    }
  }
  change.columnWidths.forEach((width, column) => {
    if (width === null) return;
    const points = charactersToPoints(width);
    main.push({
      change: index,
      bytes: COMMAND_OVERHEAD,
      queue: (q) => {
        q.sheet(change.sheet).getRange(a1(0, column)).format.columnWidth = points;
      },
    });
  });
  // RangeFormat.rowHeight (ExcelApi 1.2, points): learn.microsoft.com/javascript/api/excel/excel.rangeformat#excel-excel-rangeformat-rowheight-member
  for (const { row, points } of change.rowHeights ?? []) {
    main.push({
      change: index,
      bytes: COMMAND_OVERHEAD,
      queue: (q) => {
        q.sheet(change.sheet).getRange(a1(row, 0)).format.rowHeight = points;
      },
    });
  }
}

/** Whether a format sets anything of `Range.format` (font, wrap, alignment). */
function hasLook(format: CellFormat): boolean {
  return format.bold !== undefined || format.fontSize !== undefined || format.wrap !== undefined || format.horizontal !== undefined || format.vertical !== undefined;
}

function tableSteps(settings: WriteSettings, change: Extract<Change, { kind: "createTable" }>, index: number, main: Step[], late: Step[]): void {
  const width = change.columns.length;
  if (width === 0) throw new Error(`table ${change.table} has no columns`);
  const top = change.headerRow;
  const left = change.firstColumn;
  const right = left + width - 1;
  // Excel gives a table at least one body row: a table with no rows gets one blank row.
  const bodyRows = Math.max(change.rows.length, 1);
  const bottom = top + bodyRows;
  const chunks = chunkStarts(bodyRows, settings.rowsPerChunk);
  const step = (bytes: number, queue: (q: Queue) => void): Step => ({ change: index, bytes: COMMAND_OVERHEAD + bytes, queue });

  // Number formats first, so that text keeps what is written to it as text: the column's
  // format, or text for a text value in a column of another format.
  const formats = change.columns.map((c) => c.numberFormat);
  for (const from of chunks) {
    const to = Math.min(bodyRows, from + settings.rowsPerChunk);
    const block = Array.from({ length: to - from }, (_, r) => formats.map((format, i) => (typeof change.rows[from + r]?.[i] === "string" ? TEXT_FORMAT : format)));
    main.push(
      step(JSON.stringify(block).length, (q) => {
        q.sheet(change.sheet).getRange(boxAddress(top + 1 + from, left, top + to, right)).numberFormat = block;
      }),
    );
  }
  const header = [change.columns.map((c) => c.header)];
  main.push(
    step(JSON.stringify(header).length, (q) => {
      q.sheet(change.sheet).getRange(boxAddress(top, left, top, right)).formulas = header;
    }),
  );
  for (const from of chunkStarts(change.rows.length, settings.rowsPerChunk)) {
    const to = Math.min(change.rows.length, from + settings.rowsPerChunk);
    const block = change.rows.slice(from, to).map((row) =>
      Array.from({ length: width }, (_, i): CellWrite => {
        const value = row[i] ?? null;
        return value !== null && isFormulaInput(value) ? "" : toWrite(value);
      }),
    );
    main.push(
      step(JSON.stringify(block).length, (q) => {
        q.sheet(change.sheet).getRange(boxAddress(top + 1 + from, left, top + to, right)).formulas = block;
      }),
    );
  }
  main.push(
    step(change.table.length, (q) => {
      const sheet = q.sheet(change.sheet);
      const table = sheet.tables.add(sheet.getRange(boxAddress(top, left, bottom, right)), true);
      table.name = change.table;
      table.style = settings.tableStyle;
      q.rememberTable(change.table, table);
    }),
  );
  change.columns.forEach((column, i) => {
    const points = charactersToPoints(column.width);
    main.push(
      step(16, (q) => {
        q.sheet(change.sheet).getRange(a1(top, left + i)).format.columnWidth = points;
      }),
    );
  });
  if (settings.supports("1.8")) {
    change.columns.forEach((column, i) => {
      if (column.validation === null) return;
      const rule = validationRule(column.validation);
      main.push(
        step(JSON.stringify(rule).length, (q) => {
          q.sheet(change.sheet).getRange(boxAddress(top + 1, left + i, bottom, left + i)).dataValidation.rule = rule;
        }),
      );
    });
  }
  // Formula columns, once every table of the action exists.
  change.columns.forEach((column, i) => {
    const cells: (CellWrite | null)[] = change.rows.map((row) => {
      const value = row[i] ?? null;
      return value !== null && isFormulaInput(value) ? `=${value.formula}` : null;
    });
    if (cells.every((c) => c === null)) return;
    for (const from of chunks) {
      const to = Math.min(bodyRows, from + settings.rowsPerChunk);
      const block = cells.slice(from, to).map((c) => [c]);
      late.push(
        step(JSON.stringify(block).length, (q) => {
          // null leaves a cell as it is (Office.js), so only formula cells are written.
          q.sheet(change.sheet).getRange(boxAddress(top + 1 + from, left + i, top + to, left + i)).formulas = block;
        }),
      );
    }
  });
}

/**
 * A new table whose formula columns are still blank was only partly written: its formulas
 * go last, after every table of the action exists. (verifyChanges counts a table as
 * written as soon as it exists, and any formula cell as matching.)
 */
function formulasMissing(raw: RawWorkbook, change: Change): boolean {
  if (change.kind !== "createTable") return false;
  const table = raw.tables.find((t) => t.name.toLowerCase() === change.table.toLowerCase());
  if (!table) return false;
  return change.rows.some((row, r) => row.some((value, i) => value !== null && isFormulaInput(value) && (table.rows[r]?.[i] ?? null) === null));
}

/** How a cell input is written through `Range.formulas`: null clears the cell. */
function toWrite(value: CellInput): CellWrite {
  if (value === null) return "";
  if (isFormulaInput(value)) return `=${value.formula}`;
  return value;
}

/** As `toWrite`, but null leaves the cell as it is: a person's own column in a new row. */
function toWriteLeavingBlanks(value: CellInput): CellWrite | null {
  return value === null ? null : toWrite(value);
}

/** The text format for a text value, null (leave the format) for anything else. */
function textFormat(value: CellInput): string | null {
  return typeof value === "string" ? TEXT_FORMAT : null;
}

function validationRule(validation: Validation): ExcelValidationRule {
  switch (validation.kind) {
    case "list":
      return { list: { inCellDropDown: true, source: validation.values.join(",") } };
    case "decimal-at-least":
      return { decimal: { formula1: validation.minimum, operator: "GreaterThanOrEqualTo" } };
  }
}

function chunkStarts(count: number, size: number): number[] {
  const starts: number[] = [];
  for (let from = 0; from < count; from += size) starts.push(from);
  return starts;
}

/**
 * Column width in Excel character units (what a person sees in Column Width) to points,
 * which `RangeFormat.columnWidth` takes: with the default Calibri 11 a character is 7
 * pixels plus 5 pixels of padding, and a pixel is 0.75 points (8.43 characters = 48 points).
 */
export function charactersToPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

/**
 * The Office.js host behind the workbook port. It reads the whole plan in one
 * `context.sync()` and writes a whole action in one more, as DESIGN §5 asks:
 *
 *  - read: every load is queued first (sheets, the four tables with their ranges, the row
 *    just below each and their merged areas, the settings sheet), then one sync, whatever
 *    the number of rows. Where Excel refuses that batch because something in it is
 *    missing, the read is made again in two syncs; where it refuses it for the size of the
 *    response (Excel on the web, over 5 MB), the tables are read in blocks of rows, in as
 *    few syncs as fit under `maxResponseBytes` (see `read`).
 *  - apply: every change is queued, then one sync. Only when the estimated request passes
 *    `maxRequestBytes` (Excel on the web refuses requests over 5 MB) is it sent in several
 *    syncs, each under the limit, all in one `Excel.run`. Allocation edits (cells only) ask
 *    for one undo step with `mergeUndoGroup` where it is supported (ExcelApi 1.20); see
 *    `undoGroupable` for why other actions do not.
 *  - adding rows inserts blank cells below the table before growing it into them, so that
 *    nothing a person typed below the table is written over.
 *  - "cell edit mode" refusals are retried a bounded number of times; any other failure
 *    is re-read and reported change by change (what was and was not written).
 */
import { type CellValue, a1 } from "../plan/cell";
import { type Change, type CellInput, type Validation, describeChange, isFormulaInput } from "../plan/changes";
import type { RawTable, RawWorkbook } from "../plan/raw";
import { META_SHEET, TABLES } from "../plan/schema";
import { verifyChanges } from "../plan/verify";
import type { ApplyOutcome, WorkbookPort } from "../workbook/port";
import { boxAddress, charactersToPoints, localAddress, parseRangeAddress, splitAreas } from "./address";
import {
  CELL_EDIT_MODE,
  type CellWrite,
  type ExcelContext,
  type ExcelRange,
  type ExcelRangeAreas,
  type ExcelRun,
  type ExcelRunOptions,
  type ExcelTable,
  type ExcelValidationRule,
  type ExcelWorksheet,
  type ExcelWorksheetCollection,
  isExcelError,
  MISSING_ITEM_CODES,
  PAYLOAD_LIMIT_CODES,
  type RequirementCheck,
  UNDO_NOT_SUPPORTED,
} from "./excelApi";

export interface ExcelWorkbookOptions {
  /** Which ExcelApi requirement sets the running Excel supports; defaults to all. */
  readonly isSetSupported?: RequirementCheck;
  /** How many times a "cell edit mode" refusal is retried before giving up (default 3). */
  readonly cellEditRetries?: number;
  /** Pause before each retry, in milliseconds (default 400). */
  readonly retryDelayMs?: number;
  /** How to wait; tests pass one that does not really sleep. */
  readonly delay?: (ms: number) => Promise<void>;
  /**
   * Largest estimated request per sync, in bytes of JSON (default 4,000,000: below the
   * 5 MB request limit of Excel on the web, leaving room for the request's own envelope).
   */
  readonly maxRequestBytes?: number;
  /**
   * Largest estimated response per sync of the chunked read, in bytes of JSON (default
   * 2,000,000: well below the 5 MB response limit of Excel on the web). Used only when
   * Excel refuses the one-sync read for its size.
   */
  readonly maxResponseBytes?: number;
  /** Rows written per range assignment when a table is created (default 2,000). */
  readonly rowsPerChunk?: number;
  /** Style given to the tables the add-in creates. */
  readonly tableStyle?: string;
}

const DEFAULTS = {
  cellEditRetries: 3,
  retryDelayMs: 400,
  maxRequestBytes: 4_000_000,
  maxResponseBytes: 2_000_000,
  rowsPerChunk: 2_000,
  tableStyle: "TableStyleMedium2",
} as const;

/** Estimated bytes a queued command adds besides its own values. */
const COMMAND_OVERHEAD = 120;
/** The settings sheet is read like the in-memory host: keys in A2:A100, values beside them. */
const META_LAST_ROW = 99;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One command (or a few that belong together) queued for one change. */
interface Step {
  readonly change: number;
  readonly bytes: number;
  queue(queue: Queue): void;
}

/** Proxies reused while one run queues its commands. */
class Queue {
  private readonly sheets = new Map<string, ExcelWorksheet>();
  private readonly tables = new Map<string, ExcelTable>();

  constructor(readonly context: ExcelContext) {}

  sheet(name: string): ExcelWorksheet {
    const key = name.toLowerCase();
    const known = this.sheets.get(key);
    if (known) return known;
    const sheet = this.context.workbook.worksheets.getItem(name);
    this.sheets.set(key, sheet);
    return sheet;
  }

  addSheet(name: string): ExcelWorksheet {
    const sheet = this.context.workbook.worksheets.add(name);
    this.sheets.set(name.toLowerCase(), sheet);
    return sheet;
  }

  table(name: string): ExcelTable {
    const key = name.toLowerCase();
    const known = this.tables.get(key);
    if (known) return known;
    const table = this.context.workbook.tables.getItem(name);
    this.tables.set(key, table);
    return table;
  }

  rememberTable(name: string, table: ExcelTable): void {
    this.tables.set(name.toLowerCase(), table);
  }
}

export class ExcelWorkbook implements WorkbookPort {
  readonly kind = "excel" as const;
  private readonly isSetSupported: RequirementCheck;
  private readonly cellEditRetries: number;
  private readonly retryDelayMs: number;
  private readonly delay: (ms: number) => Promise<void>;
  private readonly maxRequestBytes: number;
  private readonly maxResponseBytes: number;
  private readonly rowsPerChunk: number;
  private readonly tableStyle: string;

  constructor(
    private readonly run: ExcelRun,
    options: ExcelWorkbookOptions = {},
  ) {
    this.isSetSupported = options.isSetSupported ?? (() => true);
    this.cellEditRetries = options.cellEditRetries ?? DEFAULTS.cellEditRetries;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULTS.retryDelayMs;
    this.delay = options.delay ?? sleep;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULTS.maxRequestBytes;
    this.maxResponseBytes = Math.max(1, options.maxResponseBytes ?? DEFAULTS.maxResponseBytes);
    this.rowsPerChunk = Math.max(1, options.rowsPerChunk ?? DEFAULTS.rowsPerChunk);
    this.tableStyle = options.tableStyle ?? DEFAULTS.tableStyle;
  }

  private supports(version: string): boolean {
    return this.isSetSupported("ExcelApi", version);
  }

  // ---------------------------------------------------------------- read

  /**
   * Reads the plan in one sync; where Excel refuses that batch because a plan table or
   * the settings sheet is missing, reads it again in two syncs (the same result).
   *
   * Why two paths. The one-sync read asks, in the same batch, for the range of each
   * table through `tables.getItemOrNullObject(name).getRange()` and for the used range
   * of the settings sheet through `worksheets.getItemOrNullObject(name)
   * .getUsedRangeOrNullObject(true)`, whether or not they exist. What Excel does with a
   * method called on a null object inside the batch is not documented:
   *  - "Application-specific API model", section "*OrNullObject methods and properties"
   *    (learn.microsoft.com/office/dev/add-ins/develop/application-specific-api-model)
   *    says only that these variations return a proxy whose `isNullObject` is true after
   *    `context.sync()`, instead of throwing ItemNotFound as `getItem()` does; nothing
   *    about methods called on such a proxy before the sync.
   *  - OfficeDev/office-js#195 ("NamedItems.getItemOrNullObject doesn't return null") and
   *    OfficeDev/office-js-docs-reference#771 (asking the reference pages to explain how
   *    *OrNullObject works) discuss loading `isNullObject`, not chained calls.
   *  - Where Excel cannot find what a call needs it answers ItemNotFound, "The requested
   *    resource doesn't exist." (OfficeDev/office-js#2733, `Range.getPrecedents()`;
   *    OfficeDev/office-js-docs-reference#1785, `Range.find()`).
   * So the one-sync read stays the normal path (a full plan needs nothing missing), and a
   * refusal with one of MISSING_ITEM_CODES sends the read down the two-sync path, which
   * calls methods only on objects known to exist. A refusal with one of
   * PAYLOAD_LIMIT_CODES (a plan too large for one response) sends it down the chunked
   * read, which also calls methods only on objects known to exist. Any other error is the
   * pane's to show.
   */
  async read(): Promise<RawWorkbook> {
    const withMerged = this.supports("1.13");
    try {
      return await this.readInOneSync(withMerged);
    } catch (error) {
      if (isPayloadLimit(error)) return this.readInChunks(withMerged);
      if (!isExcelError(error) || !MISSING_ITEM_CODES.has(error.code)) throw error;
    }
    try {
      return await this.readInTwoSyncs(withMerged);
    } catch (error) {
      if (isPayloadLimit(error)) return this.readInChunks(withMerged);
      throw error;
    }
  }

  /** Every load queued at once, missing tables and sheet included, then one sync. */
  private async readInOneSync(withMerged: boolean): Promise<RawWorkbook> {
    return this.run(async (context) => {
      const book = context.workbook;
      const sheets = book.worksheets;
      sheets.load("items/name,items/visibility");
      const tables = TABLES.map((spec) => {
        const table = book.tables.getItemOrNullObject(spec.table);
        table.load("name");
        return { table, ...queueTableRange(table, withMerged, true) };
      });
      const metaSheet = sheets.getItemOrNullObject(META_SHEET);
      const metaRange = metaSheet.getUsedRangeOrNullObject(true);
      metaRange.load("address,values,valueTypes");

      await context.sync();

      const found = tables.filter(({ table }) => !table.isNullObject).map(({ table, ...queued }) => tableRead(table.name, queued));
      return rawWorkbook(sheets.items, found, metaSheet.isNullObject ? null : metaRange);
    }, {});
  }

  /**
   * First which tables and whether the settings sheet exist, then the ranges of only
   * those: two syncs, whatever the number of rows or tables.
   */
  private async readInTwoSyncs(withMerged: boolean): Promise<RawWorkbook> {
    return this.run(async (context) => {
      const { sheets, found, metaSheet } = await this.existing(context);
      const queued = found.map((table) => ({ name: table.name, ...queueTableRange(table, withMerged, true) }));
      const metaRange = queueMeta(metaSheet);

      await context.sync();

      return rawWorkbook(sheets.items, queued.map(({ name, ...q }) => tableRead(name, q)), metaRange);
    }, {});
  }

  /**
   * The read for a plan too large for one response (Excel on the web refuses one over 5 MB,
   * see PAYLOAD_LIMIT_CODES): which tables exist (one sync), their addresses, the rows
   * below them, merged areas and the settings (one sync), then the cells of the tables in
   * blocks of rows, as many blocks per sync as fit in `maxResponseBytes`. The number of
   * syncs grows with the size of the plan here, and only here. The result is the same
   * raw workbook as the one-sync read's.
   *
   * How many cells fit is not known before they are read: the first sync assumes
   * BYTES_PER_CELL, each later one what the cells read so far took (with a margin); a sync
   * refused for its size all the same is sent again in smaller blocks.
   */
  private async readInChunks(withMerged: boolean): Promise<RawWorkbook> {
    return this.run(async (context) => {
      const { sheets, found, metaSheet } = await this.existing(context);
      const queued = found.map((table) => ({ name: table.name, ...queueTableRange(table, withMerged, false) }));
      const metaRange = queueMeta(metaSheet);

      await context.sync();

      const tables = queued.map(({ name, range, below, merged }) => {
        const box = parseRangeAddress(range.address);
        if (!box) throw new Error(`Excel described table ${name} with an address that cannot be read: ${range.address}`);
        return { name, address: range.address, box, below, merged, cells: new Array<CellValue[]>(box.bottom - box.top + 1) };
      });
      let pending: Block[] = tables.map((t, table) => ({ table, top: t.box.top, bottom: t.box.bottom }));
      let bytesPerCell = BYTES_PER_CELL;
      while (pending.length > 0) {
        const { batch, rest } = takeBlocks(pending, (block) => widthOf(tables[block.table]?.box), Math.max(1, Math.floor(this.maxResponseBytes / bytesPerCell)));
        const loads = batch.map((block) => {
          const { box } = tables[block.table] ?? fail("block of an unknown table");
          const range = sheets.getItem(box.sheet).getRange(boxAddress(block.top, box.left, block.bottom, box.right));
          range.load("values,valueTypes");
          return { block, range };
        });
        try {
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per block of rows is the point of this read: each response must stay under Excel's size limit.
          await context.sync();
        } catch (error) {
          const oneRow = batch.length === 1 && batch[0]?.top === batch[0]?.bottom;
          if (!isPayloadLimit(error) || oneRow) throw error;
          bytesPerCell *= 4;
          pending = [...batch, ...rest];
          continue;
        }
        let bytes = 0;
        let cellCount = 0;
        for (const { block, range } of loads) {
          const table = tables[block.table] ?? fail("block of an unknown table");
          cellValues(range.values, range.valueTypes).forEach((row, r) => (table.cells[block.top - table.box.top + r] = row));
          bytes += JSON.stringify(range.values).length + JSON.stringify(range.valueTypes).length;
          cellCount += (block.bottom - block.top + 1) * widthOf(table.box);
        }
        bytesPerCell = Math.max(MIN_BYTES_PER_CELL, (bytes / Math.max(1, cellCount)) * 1.5);
        pending = rest;
      }
      const read = tables.map(({ name, address, cells, below, merged }): TableRead => ({
        name,
        address,
        cells,
        below: belowValues(below),
        merged: mergedAreas(merged),
      }));
      return rawWorkbook(sheets.items, read, metaRange);
    }, {});
  }

  /** Queues and sends the loads that say which sheets, plan tables and settings sheet exist. */
  private async existing(context: ExcelContext): Promise<{ sheets: ExcelWorksheetCollection; found: ExcelTable[]; metaSheet: ExcelWorksheet }> {
    const book = context.workbook;
    const sheets = book.worksheets;
    sheets.load("items/name,items/visibility");
    book.tables.load("items/name");
    const metaSheet = sheets.getItemOrNullObject(META_SHEET);

    await context.sync();

    // Table names are unique in a workbook regardless of case, as getItemOrNullObject matches them.
    const byName = new Map(book.tables.items.map((table) => [table.name.toLowerCase(), table]));
    const found = TABLES.flatMap((spec) => {
      const table = byName.get(spec.table.toLowerCase());
      return table ? [table] : [];
    });
    return { sheets, found, metaSheet };
  }

  // ---------------------------------------------------------------- apply

  async apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    if (changes.length === 0) return { ok: true, written: [] };
    const parts = this.partition(this.steps(changes));
    let runOptions: ExcelRunOptions = this.supports("1.20") && undoGroupable(changes) ? { mergeUndoGroup: true } : {};
    const progress = { partsSent: 0 };
    for (let attempt = 0; ; ) {
      try {
        await this.run(async (context) => {
          const queue = new Queue(context);
          // One sync per part; there is more than one part only past the request size limit.
          for (const part of parts.slice(progress.partsSent)) {
            await this.send(context, queue, part);
            progress.partsSent++;
          }
        }, runOptions);
        return { ok: true, written: changes.map(describeChange) };
      } catch (error) {
        if (isExcelError(error) && error.code === UNDO_NOT_SUPPORTED && runOptions.mergeUndoGroup === true && progress.partsSent === 0) {
          // Excel would not group this action into one undo step after all. Nothing was
          // confirmed, and writing the same cells again does no harm: send it once more, ungrouped.
          runOptions = {};
          continue;
        }
        if (isExcelError(error) && error.code === CELL_EDIT_MODE && attempt < this.cellEditRetries) {
          // Excel refuses the whole request while a cell is being edited, so the same part is sent again.
          attempt++;
          await this.delay(this.retryDelayMs);
          continue;
        }
        return this.failure(changes, parts.slice(progress.partsSent), error);
      }
    }
  }

  /** Queues one part and sends it. */
  private async send(context: ExcelContext, queue: Queue, part: readonly Step[]): Promise<void> {
    for (const step of part) step.queue(queue);
    await context.sync();
  }

  private async failure(changes: readonly Change[], unsent: readonly (readonly Step[])[], error: unknown): Promise<ApplyOutcome> {
    const message = errorMessage(error);
    let raw: RawWorkbook;
    try {
      raw = await this.read();
    } catch (readError) {
      // The workbook could not be read back: a change counts as written only if Excel
      // confirmed every part that carried it.
      const pending = new Set(unsent.flat().map((s) => s.change));
      return {
        ok: false,
        message: `${message} The workbook could not be read back to check what was written (${errorMessage(readError)}).`,
        written: changes.filter((_, i) => !pending.has(i)).map(describeChange),
        notWritten: changes.filter((_, i) => pending.has(i)).map(describeChange),
      };
    }
    const landed = changes.map((change) => verifyChanges(raw, [change]).written.length === 1 && !formulasMissing(raw, change));
    return {
      ok: false,
      message,
      written: changes.filter((_, i) => landed[i]).map(describeChange),
      notWritten: changes.filter((_, i) => !landed[i]).map(describeChange),
    };
  }

  /** Splits the steps into parts whose estimated request stays under the size limit. */
  private partition(steps: readonly Step[]): Step[][] {
    const parts: Step[][] = [];
    let current: Step[] = [];
    let bytes = 0;
    for (const step of steps) {
      if (current.length > 0 && bytes + step.bytes > this.maxRequestBytes) {
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
   * Turns changes into steps. Formulas of new tables are written after every table of
   * the action exists, because Excel refuses a formula that names a table it has not got.
   */
  private steps(changes: readonly Change[]): Step[] {
    const main: Step[] = [];
    const late: Step[] = [];
    changes.forEach((change, index) => {
      switch (change.kind) {
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
          this.tableSteps(change, index, main, late);
          return;
        case "setCells":
          for (const { address, value } of change.cells) {
            const write = toWrite(value);
            main.push({
              change: index,
              bytes: COMMAND_OVERHEAD + address.length + JSON.stringify(write).length,
              queue: (q) => {
                const range = q.sheet(change.sheet).getRange(address);
                // Text is stored as text, even "2020/21" or a leading "=".
                if (typeof value === "string") range.numberFormat = [["@"]];
                range.formulas = [[write]];
              },
            });
          }
          return;
        case "appendRows": {
          if (change.rows.length === 0) return;
          const rows = change.rows.map((row) => row.map(toWrite));
          const resize = this.supports("1.13");
          const copyFormats = this.supports("1.9");
          main.push({
            change: index,
            bytes: COMMAND_OVERHEAD * 3 + JSON.stringify(rows).length,
            queue: (q) => {
              const table = q.table(change.table);
              if (resize) {
                // The table grows into the rows directly below it, which get the last row's
                // formats and the new values; formulas that say "This Row" are written once
                // their row is inside the table. Blank cells are inserted there first
                // (Range.insert, shifting down), so that whatever is below the table moves down
                // rather than being written over, even if a person typed it after the plan was
                // read (the core refuses to add a line over a non-empty row it has seen).
                const range = table.getRange();
                const room = range.getRowsBelow(rows.length).insert("Down");
                if (copyFormats) room.copyFrom(range.getLastRow(), "Formats");
                table.resize(range.getResizedRange(rows.length, 0));
                room.formulas = rows;
              } else {
                // TableRowCollection.add inserts the rows into the table ("alwaysInsert …
                // Default is true"), so nothing below the table is written over either.
                table.rows.add(undefined, rows);
              }
            },
          });
          return;
        }
      }
    });
    return [...main, ...late];
  }

  private tableSteps(change: Extract<Change, { kind: "createTable" }>, index: number, main: Step[], late: Step[]): void {
    const width = change.columns.length;
    if (width === 0) throw new Error(`table ${change.table} has no columns`);
    const top = change.headerRow;
    const left = change.firstColumn;
    const right = left + width - 1;
    // Excel gives a table at least one body row: a table with no rows gets one blank row.
    const bodyRows = Math.max(change.rows.length, 1);
    const bottom = top + bodyRows;
    const chunks = chunkStarts(bodyRows, this.rowsPerChunk);
    const step = (bytes: number, queue: (q: Queue) => void): Step => ({ change: index, bytes: COMMAND_OVERHEAD + bytes, queue });

    // Number formats first, so that text columns keep what is written to them as text.
    const formats = change.columns.map((c) => c.numberFormat);
    for (const from of chunks) {
      const to = Math.min(bodyRows, from + this.rowsPerChunk);
      const block = Array.from({ length: to - from }, () => formats);
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
    for (const from of chunkStarts(change.rows.length, this.rowsPerChunk)) {
      const to = Math.min(change.rows.length, from + this.rowsPerChunk);
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
        table.style = this.tableStyle;
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
    if (this.supports("1.8")) {
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
        const to = Math.min(bodyRows, from + this.rowsPerChunk);
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

  // ---------------------------------------------------------------- select

  async select(sheet: string, cell: string): Promise<void> {
    await this.run(async (context) => {
      const worksheet = context.workbook.worksheets.getItem(sheet);
      worksheet.activate();
      worksheet.getRange(cell).select();
      await context.sync();
    }, {});
  }
}

/** A plan table found in the workbook, with its range, the row below it and its merged areas queued for loading. */
interface QueuedTable {
  readonly range: ExcelRange;
  readonly below: ExcelRange;
  readonly merged: ExcelRangeAreas | null;
}

/** What a read found of one plan table: its address, its cells (header row first), the row below. */
interface TableRead {
  readonly name: string;
  readonly address: string;
  readonly cells: readonly (readonly CellValue[])[];
  readonly below: readonly CellValue[];
  readonly merged: readonly string[];
}

/** Rows `top`…`bottom` (sheet rows, zero-based) of table number `table`, to be read in one load. */
interface Block {
  readonly table: number;
  readonly top: number;
  readonly bottom: number;
}

/** First guess of the response bytes per cell (`values` plus `valueTypes` as JSON) of the chunked read. */
const BYTES_PER_CELL = 64;
const MIN_BYTES_PER_CELL = 8;

function fail(what: string): never {
  throw new Error(`Excel host: ${what}`);
}

function isPayloadLimit(error: unknown): boolean {
  return isExcelError(error) && PAYLOAD_LIMIT_CODES.has(error.code);
}

const widthOf = (box: { readonly left: number; readonly right: number } | undefined): number => (box ? box.right - box.left + 1 : 1);

/**
 * Splits off the blocks that fit in `cells` cells (whole rows; a block is cut where the
 * room ends, and at least one row is always taken), and the rest.
 */
function takeBlocks(pending: readonly Block[], width: (block: Block) => number, cells: number): { batch: Block[]; rest: Block[] } {
  const batch: Block[] = [];
  let room = cells;
  for (const [i, block] of pending.entries()) {
    const w = width(block);
    const rows = block.bottom - block.top + 1;
    const fit = batch.length === 0 ? Math.max(1, Math.floor(room / w)) : Math.floor(room / w);
    if (fit <= 0) return { batch, rest: pending.slice(i) };
    if (fit < rows) {
      batch.push({ ...block, bottom: block.top + fit - 1 });
      return { batch, rest: [{ ...block, top: block.top + fit }, ...pending.slice(i + 1)] };
    }
    batch.push(block);
    room -= rows * w;
  }
  return { batch, rest: [] };
}

/**
 * Queues the loads of a table's range (with its cells when `withCells`), of the row just
 * below it (Range.getRowsBelow, ExcelApi 1.2) and of its merged areas.
 */
function queueTableRange(table: ExcelTable, withMerged: boolean, withCells: boolean): QueuedTable {
  const range = table.getRange();
  if (withCells) range.load("address,values,valueTypes");
  else range.load("address");
  const below = range.getRowsBelow(1);
  below.load("values,valueTypes");
  const merged = withMerged ? range.getMergedAreasOrNullObject() : null;
  if (merged) merged.load("address");
  return { range, below, merged };
}

function queueMeta(metaSheet: ExcelWorksheet): ExcelRange | null {
  const metaRange = metaSheet.isNullObject ? null : metaSheet.getUsedRangeOrNullObject(true);
  metaRange?.load("address,values,valueTypes");
  return metaRange;
}

function tableRead(name: string, { range, below, merged }: QueuedTable): TableRead {
  return { name, address: range.address, cells: cellValues(range.values, range.valueTypes), below: belowValues(below), merged: mergedAreas(merged) };
}

function belowValues(below: ExcelRange): CellValue[] {
  return cellValues(below.values, below.valueTypes)[0] ?? [];
}

function mergedAreas(merged: ExcelRangeAreas | null): string[] {
  return merged && !merged.isNullObject ? splitAreas(merged.address).map(localAddress) : [];
}

/** The raw workbook from what a read loaded; `metaRange` is null when there is no settings sheet. */
function rawWorkbook(sheets: readonly ExcelWorksheet[], found: readonly TableRead[], metaRange: ExcelRange | null): RawWorkbook {
  const tables = found.map(({ name, address, cells, below, merged }): RawTable => {
    const box = parseRangeAddress(address);
    if (!box) throw new Error(`Excel described table ${name} with an address that cannot be read: ${address}`);
    const [headers = [], ...rows] = cells;
    return {
      name,
      sheet: box.sheet,
      headerRow: box.top,
      firstColumn: box.left,
      headers,
      rows,
      merged,
      below,
    };
  });
  return {
    sheets: sheets.map((s) => ({ name: s.name, visible: s.visibility === "Visible" })),
    meta: metaRange === null ? null : readMeta(metaRange),
    tables,
  };
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

/** Raw cell values from `values` + `valueTypes`: errors become `{ error }`, empty cells null. */
function cellValues(values: readonly (readonly unknown[])[], types: readonly (readonly string[])[]): CellValue[][] {
  return values.map((row, r) =>
    row.map((value, c): CellValue => {
      const type = types[r]?.[c];
      if (type === "Empty") return null;
      if (type === "Error") return { error: String(value) };
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
      return null;
    }),
  );
}

function readMeta(range: ExcelRange): Record<string, CellValue> {
  const meta: Record<string, CellValue> = {};
  if (range.isNullObject) return meta;
  const box = parseRangeAddress(range.address);
  if (!box) return meta;
  const cells = cellValues(range.values, range.valueTypes);
  const keyColumn = 0 - box.left;
  cells.forEach((row, r) => {
    const sheetRow = box.top + r;
    if (sheetRow < 1 || sheetRow > META_LAST_ROW || keyColumn < 0) return;
    const key = row[keyColumn] ?? null;
    if (typeof key === "string" && key !== "") meta[key] = row[keyColumn + 1] ?? null;
  });
  return meta;
}

/**
 * Whether an action may be written as one undo step (`mergeUndoGroup`). Only actions that
 * set cells: `Range.formulas` and `Range.numberFormat` are not among the calls without undo
 * support (see UNDO_NOT_SUPPORTED), and setting the same cells again is harmless, so the
 * action can be sent again ungrouped if Excel refuses to group it all the same. Setting up
 * (new sheets, the hidden settings sheet: `Worksheet.visibility` has no undo in Excel on
 * Windows and Mac, tables, validation) and adding rows (inserting cells, resizing a table:
 * not safe to send twice) are not grouped; one sync is one undo step anyway.
 */
function undoGroupable(changes: readonly Change[]): boolean {
  return changes.every((change) => change.kind === "setCells");
}

/** How a cell input is written through `Range.formulas`. */
function toWrite(value: CellInput): CellWrite {
  if (value === null) return "";
  if (isFormulaInput(value)) return `=${value.formula}`;
  return value;
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

function errorMessage(error: unknown): string {
  if (isExcelError(error)) {
    if (error.code === CELL_EDIT_MODE) {
      return `Excel is busy while a cell is being edited. Press Enter or Esc to finish editing the cell, then try again. (Excel said: ${error.message} [${error.code}])`;
    }
    return `Excel refused the change: ${error.message} [${error.code}]`;
  }
  return `The change could not be written: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Reading the plan out of Excel: every load queued first, then one `context.sync()`,
 * whatever the number of rows (DESIGN §5). Two other paths give the same raw workbook:
 * two syncs where Excel refuses the one-sync batch (see `readAgainInTwoSyncs`), and
 * blocks of rows where the response would pass Excel on the web's 5 MB limit.
 *
 * What is read of each plan table, and why (Excel JS API reference, learn.microsoft.com/javascript/api/excel/excel.table):
 *  - `getDataBodyRange()` for the rows: "the data body of the table", without the header
 *    row and without the Total Row. `getRange()` is the whole table, Total Row included,
 *    so reading its rows would take the totals for a line. Its address still gives where
 *    the table is and which rows lie below it.
 *  - `showHeaders` / `showTotals`: a table may have no header row (`showHeaders` false:
 *    "This value can be set to show or remove the header row") and may show a Total Row.
 *    The column names come from `columns` (`TableColumn.name`), which exist either way;
 *    `RawTable.hasHeaderRow` and `totalsRow` say which case it is.
 *  - `formulas` of the body beside its `values`: a cell holds a formula when its formula
 *    text starts with "=" and is not simply its own text (Range.formulas: "If a cell has no
 *    formula, its value is returned instead", so the text "=x" stored as text reads back as
 *    "=x" in both). That lets the core see a formula column typed over with a number.
 *  - the ROWS_SCANNED_BELOW rows under the table, for rows a person typed outside it;
 *    the first of them is `RawTable.below`. Their `values` and their `formulas`: a formula
 *    that shows "" (`=IF(A14="","",…)`) reads as "" in `values`, the same as an empty cell,
 *    while `formulas` gives its text (Range.formulas: "If a cell has no formula, its value is
 *    returned instead", "" for an empty cell; docs/excel-checklist.md, check 17). A row with
 *    a formula is a typed row (`typedRowsBelow`), and carries its formulas.
 *  - `application.calculationMode`: in "Manual" mode stored formula results may be stale
 *    (Excel.Application.calculationMode: "Manual, where calculation is done when the user
 *    requests it"), so the core does not compare them with its own figures.
 *  - the sheets the add-in owns (OWNED_SHEETS, the Summary): where the sheet exists, the values
 *    of its used range, values only (`getUsedRangeOrNullObject(true)`, ExcelApi 1.4: "If the
 *    entire worksheet is blank, then this method returns an object with its `isNullObject`
 *    property set to `true`"), padded with null to start at A1. In the one-sync read they are
 *    queued on `getItemOrNullObject(name)` beside everything else; the other paths know first
 *    which sheets exist. A used range of more than OWNED_SHEET_MAX_CELLS cells is reported with
 *    values null (the block read does not load it at all).
 * Merged cells are not read: Excel keeps tables and merged cells apart (it refuses to merge
 * cells of a table, or to put a table over merged cells, with the error code
 * `Excel.ErrorCodes.mergedRangeConflict`, learn.microsoft.com/javascript/api/excel/excel.errorcodes;
 * docs/excel-checklist.md, check 13, confirms it), so a table in Excel never has any and
 * `RawTable.merged` is always empty here. Files from elsewhere are the .xlsx host's concern.
 */
import type { CellValue } from "../plan/cell";
import { boxAddress, parseRangeAddress, type RangeBox } from "../plan/ranges";
import { ROWS_SCANNED_BELOW, type RawSheetCells, type RawTable, type RawWorkbook } from "../plan/raw";
import { META_SHEET, OWNED_SHEET_MAX_CELLS, OWNED_SHEETS, READ_TABLES } from "../plan/schema";

/** Every table of a plan, of either version: a version-1 plan simply has none of the returns tables. */
import { parseSettings } from "../plan/settings";
import { typedRowsBelow } from "../plan/tableRules";
import type { ExcelApplication, ExcelContext, ExcelRange, ExcelRun, ExcelRunOptions, ExcelTable, ExcelWorksheet, ExcelWorksheetCollection } from "./excelApi";
import { ExcelHostError, isPayloadLimit, PLAN_CHANGED_MESSAGE, PLAN_CHANGED_WHILE_READING, readAgainInTwoSyncs } from "./policy";

export interface ReadSettings {
  readonly run: ExcelRun;
  readonly runOptions: ExcelRunOptions;
  /** Largest estimated response per sync of the block read, in bytes of JSON. */
  readonly maxResponseBytes: number;
}

/** The settings sheet is read like the in-memory host: keys in A2:A100, values beside them. */
/** First guess of the response bytes per cell (`values`, `valueTypes`, `formulas` as JSON) of the block read. */
const BYTES_PER_CELL = 96;
const MIN_BYTES_PER_CELL = 12;

/** One sync; two where Excel refuses that batch; blocks of rows where the response is too large. */
export async function readWorkbook(settings: ReadSettings): Promise<RawWorkbook> {
  try {
    return await readInOneSync(settings);
  } catch (error) {
    if (isPayloadLimit(error)) return readInBlocks(settings);
    if (!readAgainInTwoSyncs(error)) throw error;
  }
  try {
    return await readInTwoSyncs(settings);
  } catch (error) {
    if (isPayloadLimit(error)) return readInBlocks(settings);
    throw error;
  }
}

/** The loads queued for one plan table. */
interface QueuedTable {
  readonly table: ExcelTable;
  readonly whole: ExcelRange;
  readonly body: ExcelRange;
  readonly below: ExcelRange;
}

/** What a read found of one plan table. */
interface TableRead {
  readonly name: string;
  readonly whole: RangeBox;
  readonly body: RangeBox;
  readonly showHeaders: boolean;
  readonly showTotals: boolean;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CellValue[])[];
  readonly formulas: readonly (readonly (string | null)[])[];
  readonly below: readonly (readonly CellValue[])[];
  /** The formula text (without "=") of each cell of `below`, null for a constant. */
  readonly belowFormulas: readonly (readonly (string | null)[])[];
}

/** Every load queued at once, missing tables and sheet included, then one sync. */
function readInOneSync({ run, runOptions }: ReadSettings): Promise<RawWorkbook> {
  return run(async (context) => {
    const book = context.workbook;
    const sheets = book.worksheets;
    sheets.load("items/name,items/visibility");
    const application = queueApplication(context);
    const tables = READ_TABLES.map((name) => queueTable(book.tables.getItemOrNullObject(name), true));
    const metaSheet = sheets.getItemOrNullObject(META_SHEET);
    const metaRange = metaSheet.getUsedRangeOrNullObject(true);
    metaRange.load("address,values,valueTypes");
    const owned = OWNED_SHEETS.map((name) => {
      const sheet = sheets.getItemOrNullObject(name);
      const used = sheet.getUsedRangeOrNullObject(true);
      used.load("address,values,valueTypes");
      return { name, sheet, used };
    });

    await context.sync();

    const found = tables.filter(({ table }) => !table.isNullObject).map(tableRead);
    const ownedSheets = owned.flatMap(({ name, sheet, used }) => (sheet.isNullObject ? [] : [ownedCells(sheetName(sheets.items, name), used)]));
    return rawWorkbook(sheets.items, found, metaSheet.isNullObject ? null : metaRange, application, ownedSheets);
  }, runOptions);
}

/** First which tables and whether the settings sheet exist, then the ranges of only those: two syncs. */
function readInTwoSyncs({ run, runOptions }: ReadSettings): Promise<RawWorkbook> {
  return run(async (context) => {
    const { sheets, found, metaSheet, application } = await existing(context);
    const queued = found.map((table) => queueTable(table, true));
    const metaRange = queueMeta(metaSheet);
    const owned = existingOwned(sheets.items).map((name) => {
      const used = sheets.getItem(name).getUsedRangeOrNullObject(true);
      used.load("address,values,valueTypes");
      return { name, used };
    });

    await context.sync();

    return rawWorkbook(sheets.items, queued.map(tableRead), metaRange, application, owned.map(({ name, used }) => ownedCells(name, used)));
  }, runOptions);
}

/** Rows `top`…`bottom` (sheet rows, zero-based) of table number `table`, read in one load. */
interface Block {
  readonly table: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * The read for a plan too large for one response: which tables exist (one sync), their
 * shapes, the rows below them and the settings (one sync), then the body cells in blocks
 * of rows, as many blocks per sync as fit in `maxResponseBytes`. The number of syncs
 * grows with the size of the plan here, and only here. How many cells fit is not known
 * before they are read: the first sync assumes BYTES_PER_CELL, each later one what the
 * cells read so far took (with a margin); a sync refused for its size all the same is sent
 * again in smaller blocks.
 *
 * Each sync is its own request, and between two of them the workbook can change: a co-author's
 * edit arrives ("Coauthoring in Excel add-ins", learn.microsoft.com/office/dev/add-ins/excel/co-authoring-in-excel-add-ins:
 * values copied into the add-in "are not synchronized"), or the person inserts, deletes or sorts
 * rows while the pane reads. Blocks read at the addresses of a table that has since grown,
 * shrunk or moved would put rows in the wrong places, so every block sync also loads each
 * table's shape again (its name, range and body addresses, header and Total Row flags and
 * column names: `shapeKey`), on new range proxies. When a shape differs from the one the blocks were planned from, the read
 * starts again from the top, up to SHAPE_RETRIES times; after that it stops and says the plan
 * kept changing while it was read (PLAN_CHANGED_WHILE_READING) rather than give a plan made
 * of two different states of the tables.
 */
function readInBlocks(settings: ReadSettings): Promise<RawWorkbook> {
  return settings.run(async (context) => {
    for (let attempt = 0; ; attempt++) {
      // A read that met a co-author's change is made again, a bounded number of times.
      const read = await readBlocksOnce(context, settings.maxResponseBytes);
      if (read !== null) return read;
      if (attempt >= SHAPE_RETRIES) throw new ExcelHostError(PLAN_CHANGED_WHILE_READING, PLAN_CHANGED_MESSAGE);
    }
  }, settings.runOptions);
}

/** How many times the block read starts again after a table changed shape while it was read. */
const SHAPE_RETRIES = 2;

/** One block read; null when a table changed shape between its syncs. */
async function readBlocksOnce(context: ExcelContext, maxResponseBytes: number): Promise<RawWorkbook | null> {
  const { sheets, found, metaSheet, application } = await existing(context);
  const queued = found.map((table) => queueTable(table, false));
  const metaRange = queueMeta(metaSheet);
  const ownedRanges = existingOwned(sheets.items).map((name) => {
    const used = sheets.getItem(name).getUsedRangeOrNullObject(true);
    used.load("address");
    return { name, used };
  });

  await context.sync();

  const planned = queued.map((q) => shapeKey(q.table, q.whole, q.body));
  const shapes = queued.map((q) => {
    const shape = tableShape(q);
    const height = shape.body.bottom - shape.body.top + 1;
    return { ...shape, rows: new Array<CellValue[]>(height), formulas: new Array<(string | null)[]>(height) };
  });
  let pending: Block[] = shapes.map((t, table) => ({ table, top: t.body.top, bottom: t.body.bottom }));
  let bytesPerCell = BYTES_PER_CELL;
  while (pending.length > 0) {
    const { batch, rest } = takeBlocks(pending, (block) => widthOf(shapes[block.table]?.body), Math.max(1, Math.floor(maxResponseBytes / bytesPerCell)));
    const loads = batch.map((block) => {
      const { body } = shapes[block.table] ?? fail("block of an unknown table");
      const range = sheets.getItem(body.sheet).getRange(boxAddress(block.top, body.left, block.bottom, body.right));
      range.load("values,valueTypes,formulas");
      return { block, range };
    });
    const probes = found.map(queueShape);
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
    if (probes.some((probe, i) => shapeKey(probe.table, probe.whole, probe.body) !== planned[i])) return null;
    let bytes = 0;
    let cellCount = 0;
    for (const { block, range } of loads) {
      const table = shapes[block.table] ?? fail("block of an unknown table");
      const values = cellValues(range.values, range.valueTypes);
      const formulas = formulaTexts(range.formulas, range.values, range.valueTypes);
      values.forEach((row, r) => (table.rows[block.top - table.body.top + r] = row));
      formulas.forEach((row, r) => (table.formulas[block.top - table.body.top + r] = row));
      bytes += JSON.stringify(range.values).length + JSON.stringify(range.valueTypes).length + JSON.stringify(range.formulas).length;
      cellCount += (block.bottom - block.top + 1) * widthOf(table.body);
    }
    bytesPerCell = Math.max(MIN_BYTES_PER_CELL, (bytes / Math.max(1, cellCount)) * 1.5);
    pending = rest;
  }
  const ownedSheets: RawSheetCells[] = [];
  for (const { name, used } of ownedRanges) {
    // The owned sheets of a plan too large for one response are read by blocks of rows too.
    ownedSheets.push(used.isNullObject ? { sheet: name, values: [] } : await ownedInBlocks(context, name, used.address, maxResponseBytes, bytesPerCell));
  }
  return rawWorkbook(sheets.items, shapes, metaRange, application, ownedSheets);
}

/**
 * The values of an owned sheet's used range (`address`), read by blocks of rows that each
 * fit in `maxResponseBytes` at `bytesPerCell`; a block refused for its size all the same is
 * read again in smaller blocks. Null values when the range has more than OWNED_SHEET_MAX_CELLS cells.
 */
async function ownedInBlocks(context: ExcelContext, name: string, address: string, maxResponseBytes: number, firstBytesPerCell: number): Promise<RawSheetCells> {
  const box = boxOf(name, address);
  const width = box.right - box.left + 1;
  if ((box.bottom - box.top + 1) * width > OWNED_SHEET_MAX_CELLS) return { sheet: name, values: null };
  const rows: CellValue[][] = [];
  let bytesPerCell = firstBytesPerCell;
  for (let top = box.top; top <= box.bottom; ) {
    const height = Math.max(1, Math.min(box.bottom - top + 1, Math.floor(maxResponseBytes / bytesPerCell / width)));
    const range = context.workbook.worksheets.getItem(name).getRange(boxAddress(top, box.left, top + height - 1, box.right));
    range.load("values,valueTypes");
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per block of rows, each response under Excel's size limit.
      await context.sync();
    } catch (error) {
      if (!isPayloadLimit(error) || height === 1) throw error;
      bytesPerCell *= 4;
      continue;
    }
    rows.push(...cellValues(range.values, range.valueTypes));
    top += height;
  }
  return { sheet: name, values: padded({ ...box, sheet: name }, rows) };
}

/** The names (as the workbook spells them) of the owned sheets that exist. */
function existingOwned(sheets: readonly ExcelWorksheet[]): string[] {
  return OWNED_SHEETS.flatMap((name) => {
    const sheet = sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    return sheet ? [sheet.name] : [];
  });
}

/** The name a sheet has in the workbook (sheet names are unique ignoring case). */
function sheetName(sheets: readonly ExcelWorksheet[], name: string): string {
  return sheets.find((s) => s.name.toLowerCase() === name.toLowerCase())?.name ?? name;
}

/** An owned sheet as read: its used range's values padded to start at A1, none for an empty sheet. */
function ownedCells(name: string, used: ExcelRange): RawSheetCells {
  if (used.isNullObject) return { sheet: name, values: [] };
  const box = boxOf(name, used.address);
  if ((box.bottom - box.top + 1) * (box.right - box.left + 1) > OWNED_SHEET_MAX_CELLS) return { sheet: name, values: null };
  return { sheet: name, values: padded(box, cellValues(used.values, used.valueTypes)) };
}

/** Rows of a range at `box`, with null rows above and null cells to the left so that row 0 is row 1 and column 0 column A. */
function padded(box: RangeBox, rows: readonly (readonly CellValue[])[]): CellValue[][] {
  const width = box.right + 1;
  const blank = (): CellValue[] => new Array<CellValue>(width).fill(null);
  const above = Array.from({ length: box.top }, blank);
  return [...above, ...rows.map((row) => [...new Array<CellValue>(box.left).fill(null), ...row])];
}

/** The loads that say a table's shape, on fresh range proxies (a range keeps the cells it was first given). */
interface ShapeProbe {
  readonly table: ExcelTable;
  readonly whole: ExcelRange;
  readonly body: ExcelRange;
}

function queueShape(table: ExcelTable): ShapeProbe {
  table.load("name,showHeaders,showTotals");
  table.columns.load("items/name");
  const whole = table.getRange();
  whole.load("address");
  const body = table.getDataBodyRange();
  body.load("address");
  return { table, whole, body };
}

/** A table's shape as one comparable text: where it is, its body, its flags and its column names. */
function shapeKey(table: ExcelTable, whole: ExcelRange, body: ExcelRange): string {
  return JSON.stringify([table.name, whole.address, body.address, table.showHeaders, table.showTotals, table.columns.items.map((c) => c.name)]);
}

/** Queues and sends the loads that say which sheets, plan tables and settings sheet exist. */
async function existing(context: ExcelContext): Promise<{ sheets: ExcelWorksheetCollection; found: ExcelTable[]; metaSheet: ExcelWorksheet; application: ExcelApplication }> {
  const book = context.workbook;
  const sheets = book.worksheets;
  sheets.load("items/name,items/visibility");
  book.tables.load("items/name");
  const application = queueApplication(context);
  const metaSheet = sheets.getItemOrNullObject(META_SHEET);

  await context.sync();

  // Table names are unique in a workbook regardless of case, as getItemOrNullObject matches them.
  const byName = new Map(book.tables.items.map((table) => [table.name.toLowerCase(), table]));
  const found = READ_TABLES.flatMap((name) => {
    const table = byName.get(name.toLowerCase());
    return table ? [table] : [];
  });
  return { sheets, found, metaSheet, application };
}

function queueApplication(context: ExcelContext): ExcelApplication {
  const application = context.workbook.application;
  application.load("calculationMode");
  return application;
}

/** Queues the loads of one table: its flags and column names, its place, its body (with cells when `withCells`), the rows below it. */
function queueTable(table: ExcelTable, withCells: boolean): QueuedTable {
  table.load("name,showHeaders,showTotals");
  table.columns.load("items/name");
  const whole = table.getRange();
  whole.load("address");
  const body = table.getDataBodyRange();
  if (withCells) body.load("address,values,valueTypes,formulas");
  else body.load("address");
  // Values and formulas: a formula that shows "" (`=IF(A14="","",…)`) reads as "" in
  // `values`, like an empty cell, but a person typed it all the same.
  const below = whole.getRowsBelow(ROWS_SCANNED_BELOW);
  below.load("values,formulas");
  return { table, whole, body, below };
}

function queueMeta(metaSheet: ExcelWorksheet): ExcelRange | null {
  const metaRange = metaSheet.isNullObject ? null : metaSheet.getUsedRangeOrNullObject(true);
  metaRange?.load("address,values,valueTypes");
  return metaRange;
}

function boxOf(name: string, address: string): RangeBox {
  return parseRangeAddress(address) ?? fail(`Excel described table ${name} with an address that cannot be read: ${address}`);
}

/** What a read found of a table, without its body cells. */
function tableShape({ table, whole, body, below }: QueuedTable): Omit<TableRead, "rows" | "formulas"> {
  return {
    name: table.name,
    whole: boxOf(table.name, whole.address),
    body: boxOf(table.name, body.address),
    showHeaders: table.showHeaders,
    showTotals: table.showTotals,
    columns: table.columns.items.map((column) => column.name),
    below: below.values.map((row) => row.map(plainValue)),
    belowFormulas: belowFormulaTexts(below.formulas, below.values),
  };
}

function tableRead(queued: QueuedTable): TableRead {
  const { body } = queued;
  return {
    ...tableShape(queued),
    rows: cellValues(body.values, body.valueTypes),
    formulas: formulaTexts(body.formulas, body.values, body.valueTypes),
  };
}

/** The raw workbook from what a read loaded; `metaRange` is null when there is no settings sheet. */
function rawWorkbook(sheets: readonly ExcelWorksheet[], found: readonly TableRead[], metaRange: ExcelRange | null, application: ExcelApplication, ownedSheets: readonly RawSheetCells[]): RawWorkbook {
  const tables = found.map((t): RawTable => {
    const typedBelow = typedRowsBelow(t.below, t.whole.bottom + 1, t.belowFormulas);
    return {
      name: t.name,
      sheet: t.whole.sheet,
      headerRow: t.showHeaders ? t.whole.top : t.body.top - 1,
      firstColumn: t.whole.left,
      headers: t.columns,
      rows: t.rows,
      merged: [],
      below: t.below[0] ?? [],
      formulas: t.formulas,
      typedBelow,
      totalsRow: t.showTotals,
      hasHeaderRow: t.showHeaders,
    };
  });
  const mode = calculationMode(application.calculationMode);
  return {
    sheets: sheets.map((s) => ({ name: s.name, visible: s.visibility === "Visible" })),
    ownedSheets,
    meta: metaRange === null ? null : readMeta(metaRange),
    tables,
    ...(mode === null ? {} : { calculationMode: mode }),
  };
}

function calculationMode(mode: string): RawWorkbook["calculationMode"] | null {
  switch (mode) {
    case "Automatic":
      return "automatic";
    case "AutomaticExceptTables":
      return "automaticExceptTables";
    case "Manual":
      return "manual";
    default:
      return null;
  }
}

/** Raw cell values from `values` + `valueTypes`: errors become `{ error }`, empty cells null. */
export function cellValues(values: readonly (readonly unknown[])[], types: readonly (readonly string[])[]): CellValue[][] {
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

/** A cell read through `values` alone: "" is an empty cell. */
function plainValue(value: unknown): CellValue {
  if (value === "") return null;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : null;
}

/**
 * The formula text (without "=") of each cell that holds one, null for constants. Range.formulas
 * gives a constant's value in place of a formula, so text that starts with "=" and is the
 * cell's own value is a constant, not a formula.
 */
function formulaTexts(formulas: readonly (readonly unknown[])[], values: readonly (readonly unknown[])[], types: readonly (readonly string[])[]): (string | null)[][] {
  return formulas.map((row, r) =>
    row.map((formula, c) => {
      if (typeof formula !== "string" || !formula.startsWith("=")) return null;
      const constantText = types[r]?.[c] === "String" && values[r]?.[c] === formula;
      return constantText ? null : formula.slice(1);
    }),
  );
}

/**
 * The formula text (without "=") of each cell read through `values` and `formulas` alone,
 * null for a constant: Range.formulas gives an empty cell's "" and a constant's value in
 * place of a formula, so text that starts with "=" and is the cell's own value (text stored
 * as text) is a constant.
 */
function belowFormulaTexts(formulas: readonly (readonly unknown[])[], values: readonly (readonly unknown[])[]): (string | null)[][] {
  return formulas.map((row, r) =>
    row.map((formula, c) => (typeof formula === "string" && formula.startsWith("=") && values[r]?.[c] !== formula ? formula.slice(1) : null)),
  );
}

function readMeta(range: ExcelRange): Record<string, CellValue> {
  if (range.isNullObject) return {};
  const box = parseRangeAddress(range.address);
  if (!box) return {};
  // The one rule every host shares: keys in A from row 2 to row 100, trimmed, first row wins.
  return parseSettings(cellValues(range.values, range.valueTypes), box.top, box.left);
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

function fail(what: string): never {
  throw new Error(`Excel host: ${what}`);
}

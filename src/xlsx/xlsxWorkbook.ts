/**
 * The .xlsx file host: a plan workbook held as the bytes of its file. It behaves like the
 * in-memory reference host (src/workbook/memory.ts): the same raw tables come out of
 * `read`, and `apply` writes a whole action or, saying why, nothing of it (the in-memory
 * host may keep the changes before a refused one; both say exactly what was written).
 * Used by the command line and by the pane in file mode.
 *
 * Reading goes through the plan reader (./read): one bounded pass over the plan's own
 * parts, never a model of the whole workbook. Writing goes through exceljs, loaded only
 * when a change is applied (once; the model is then kept in step with the bytes): the
 * package is first made into one exceljs can read (./package.ts), the changes are
 * applied, the plan's own formula columns get the core's results, and the new bytes get
 * back the parts exceljs does not keep (protective markings, custom XML, connections).
 * Conditional formatting is not left to exceljs, which damages it: the sheets' own rules are
 * put back as the file had them and new ones written beside them (./conditionalFormats.ts).
 *
 * The Summary sheet's kinds: a block of values goes in cell by cell (text as text, never a
 * formula); formats give each cell a style of its own; the page setup is exceljs's
 * (print titles become the sheet's _xlnm.Print_Titles name). Deleting or renaming a sheet
 * also drops or moves what exceljs keeps outside the sheet's model: its defined names and
 * the conditional formats held back for the package step. Charts cannot be drawn into a
 * file: an action with one is refused whole.
 */
import type { Alignment, Cell, DataValidation, Font, Style, Workbook, Worksheet } from "exceljs";
import { a1, type CellValue } from "../plan/cell";
import { type CellFormat, type Change, type CellInput, conditionalFormatProblem, describeChange, sameCellValue, type Validation } from "../plan/changes";
import { readPlan } from "../plan/decode";
import { computedFormulaCells } from "../plan/formulaCells";
import { ROWS_SCANNED_BELOW, type RawWorkbook } from "../plan/raw";
import { MONEY_FORMAT, normaliseHeader, TABLES } from "../plan/schema";
import { type CellRange, formatRange, overlaps, parseRange } from "../plan/ranges";
import type { ApplyOutcome, WorkbookPort } from "../workbook/port";
import { blockProblem, formatCellsProblem, pageFooter, pageHeader, pageSetupProblem, plainRange, sheetNameProblem, unknownKind } from "../plan/sheetChanges";
import { hasFormula, readCell, sameInput, writeValue } from "./cells";
import { XlsxReadError } from "./errors";
import { rawAfter } from "./afterChanges";
import type { ConditionalFormatWrite } from "./conditionalFormats";
import { forExcelJs, type KeptParts, NOTHING_KEPT, PackageProblem, restoreKept } from "./package";
import { readPlanPackage } from "./read";
import { type Inflater, streamInflater } from "./read/inflate";
import type { ReadLimits } from "./read/limits";
import { bodyRows, normaliseLoadedTable, type SheetTable, setTableRange, tableRange, tablesOn } from "./tables";

export { XlsxReadError } from "./errors";

/** How the plan reader unpacks and how far it goes; its defaults suit the browser. */
export interface XlsxReadOptions {
  readonly inflate?: Inflater;
  readonly limits?: ReadLimits;
}

/** A change this host refuses before touching the workbook, with the reason in words. */
class ChangeRefused extends Error {}

/**
 * Rows below a new table that get its number formats and data validation, for rows people
 * add: the same rows every host scans for rows typed under a table.
 */
export const ROOM_BELOW = ROWS_SCANNED_BELOW;

const TABLE_STYLE = { theme: "TableStyleMedium2", showRowStripes: true } as const;
const ZIP_MAGIC = [0x50, 0x4b];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const EMPTY: RawWorkbook = { sheets: [], ownedSheets: [], meta: null, tables: [] };

type ExcelJs = typeof import("exceljs");
let excelJs: Promise<ExcelJs> | null = null;

function isExcelJs(value: unknown): value is ExcelJs {
  return typeof value === "object" && value !== null && "Workbook" in value && typeof value.Workbook === "function";
}

/**
 * exceljs, fetched the first time something is written (in the browser: its own chunk).
 * Imported from Node's ES module loader, a CommonJS package may come as `default` only.
 */
function loadExcelJs(): Promise<ExcelJs> {
  excelJs ??= import("exceljs").then((module: unknown) => {
    if (isExcelJs(module)) return module;
    const fallback: unknown = typeof module === "object" && module !== null && "default" in module ? module.default : undefined;
    if (isExcelJs(fallback)) return fallback;
    throw new Error("the .xlsx writer (exceljs) could not be loaded");
  });
  return excelJs;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim() || "unknown error";
}

/** A private copy of the bytes as a plain ArrayBuffer, which exceljs loads in Node and browsers alike. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Excel's data validation for a column, applied to the body and the room below. */
function dataValidation(validation: Validation): DataValidation {
  switch (validation.kind) {
    case "list": {
      const values = validation.values.map((v) => v.replace(/"/g, '""'));
      return {
        type: "list",
        allowBlank: true,
        formulae: [`"${values.join(",")}"`],
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "Choose from the list",
        error: `Choose one of: ${validation.values.join(", ")}.`,
      };
    }
    case "decimal-at-least":
      return {
        type: "decimal",
        operator: "greaterThanOrEqual",
        allowBlank: true,
        formulae: [validation.minimum],
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "Amount",
        error: `Enter an amount of at least ${validation.minimum}, as a number (for example 1250.00).`,
      };
  }
}

/** The changes of a list that write something, with their descriptions. */
function writes(changes: readonly Change[]): Change[] {
  return changes.filter((c) => c.kind !== "expect");
}

/** The model exceljs holds for the file, and what it would drop on writing. */
interface Loaded {
  readonly book: Workbook;
  /** Renamed or left without a deleted sheet's conditional formats by the changes written to the model. */
  kept: KeptParts | null;
  /** The merged areas and validation ranges cut to the sheet's extent to load it, one sentence each. */
  readonly cut: readonly string[];
  /** Conditional formats written since the file was loaded, oldest first: exceljs's model does not hold them. */
  readonly formats: ConditionalFormatWrite[];
}

export class XlsxWorkbook implements WorkbookPort {
  readonly kind = "file" as const;
  /** The last cell `select` was asked to show (a file has no grid to scroll). */
  lastSelection: { sheet: string; cell: string } | null = null;

  /** The file as it stands; null for a new workbook nothing has been written to yet. */
  private bytes: Uint8Array | null;
  /** What the plan reader made of `bytes`, once asked. */
  private raw: RawWorkbook | null = null;
  /** exceljs's model of `bytes`, loaded for the first write and kept in step after it. */
  private loaded: Loaded | null = null;
  /** What the bytes differ in beyond the changes written to them (see `cutOnSave`). */
  private cut: readonly string[] = [];
  /** Settles when everything asked of the workbook so far has finished (see inTurn). */
  private turn: Promise<void> = Promise.resolve();
  /** Conditional formats of the action being applied, written when it is saved. */
  private pendingFormats: ConditionalFormatWrite[] = [];

  private constructor(
    bytes: Uint8Array | null,
    private readonly options: XlsxReadOptions,
  ) {
    this.bytes = bytes;
  }

  /** A workbook with no sheets, ready to be set up as a plan. */
  static empty(options: XlsxReadOptions = {}): XlsxWorkbook {
    return new XlsxWorkbook(null, options);
  }

  /** Opens the bytes of an .xlsx file; rejects with XlsxReadError saying why it cannot. */
  static async fromBuffer(buf: Uint8Array | ArrayBuffer, options: XlsxReadOptions = {}): Promise<XlsxWorkbook> {
    const source = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
    if (source.byteLength === 0) throw new XlsxReadError("not an .xlsx file (the file is empty)");
    if (startsWith(source, OLE_MAGIC)) {
      throw new XlsxReadError("not an .xlsx file (it is an older .xls workbook or another Office file; save it as .xlsx in Excel)");
    }
    if (!startsWith(source, ZIP_MAGIC)) throw new XlsxReadError("not an .xlsx file (it is not a zip archive)");
    const workbook = new XlsxWorkbook(source.slice(), options);
    // Read once now, so a file that cannot be read is refused when it is opened.
    await workbook.read();
    return workbook;
  }

  /** The bytes of the .xlsx file. */
  toBuffer(): Promise<Uint8Array> {
    return this.inTurn(() => this.currentBytes());
  }

  read(): Promise<RawWorkbook> {
    return this.inTurn(() => this.readNow());
  }

  /**
   * What a cell holds and its number format, for showing a person the cell a finding
   * names: from exceljs's model once the file has been written to, otherwise from the
   * last read (cells of the plan's tables and the row under each; the number format is
   * then the plan's own for the column, null when it has none). Null when not known.
   */
  shownCell(sheet: string, address: string): { value: CellValue; numberFormat: string | null } | null {
    const at = parseRange(address);
    if (at === null || at.top !== at.bottom || at.left !== at.right) return null;
    if (this.loaded !== null) {
      const ws = worksheet(this.loaded.book, sheet);
      if (ws === undefined) return null;
      return shown(ws.getCell(at.top + 1, at.left + 1));
    }
    for (const table of this.raw?.tables ?? []) {
      if (!sameName(table.sheet, sheet)) continue;
      const column = at.left - table.firstColumn;
      if (column < 0 || column >= table.headers.length) continue;
      const header = table.headers[column];
      const spec = TABLES.find((t) => sameName(t.table, table.name))?.columns.find(
        (c) => typeof header === "string" && normaliseHeader(c.header) === normaliseHeader(header),
      );
      const numberFormat = spec === undefined ? null : (spec.numberFormat ?? (spec.type === "money" ? MONEY_FORMAT : null));
      const row = at.top - table.headerRow;
      if (row === 0 && table.hasHeaderRow !== false) return { value: header ?? null, numberFormat: null };
      if (row >= 1 && row <= table.rows.length) return { value: table.rows[row - 1]?.[column] ?? null, numberFormat };
      if (row === table.rows.length + 1 + (table.totalsRow === true ? 1 : 0)) return { value: table.below[column] ?? null, numberFormat };
    }
    return null;
  }

  /**
   * What saving changed in the file beyond the changes written to it, one sentence each
   * for a person: merged areas and data validation ranges so large that they were cut to
   * the part of the sheet in use before the file could be written (see ./package.ts).
   * Empty until something is written, and for a file that needed no such cut.
   */
  cutOnSave(): readonly string[] {
    return this.cut;
  }

  /**
   * Changes the workbook through exceljs directly, the way another program would, and
   * writes the result as the file's new bytes: nothing is recalculated or checked. For
   * tests and fixtures that need a file changed in ways no action makes. When `change`
   * throws, the file stays as it was.
   */
  edit(change: (book: Workbook) => void | Promise<void>): Promise<void> {
    return this.inTurn(async () => {
      const loaded = await this.load();
      try {
        await change(loaded.book);
        this.bytes = await this.written(loaded, []);
        this.keepCutNotes(loaded);
      } catch (error) {
        this.forgetModel();
        throw error;
      }
      this.raw = null;
    });
  }

  /**
   * Writes the whole list or nothing. Every expectation is checked before anything is
   * written; when a change is refused, or the new file cannot be made, the file keeps its
   * bytes and exceljs's model (which may hold the changes before the refused one) is let
   * go, to be loaded again from those bytes by the next write.
   */
  apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    return this.inTurn(() => this.applyNow(changes));
  }

  async select(sheet: string, cell: string): Promise<void> {
    this.lastSelection = { sheet, cell };
  }

  // ---------------------------------------------------------------- one thing at a time

  /**
   * Runs `work` after everything asked of this workbook before it has finished, so two
   * actions never write into the same model at once, and a copy of the file is never
   * taken from a model that is half way through an action.
   */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async currentBytes(): Promise<Uint8Array> {
    if (this.bytes === null) {
      const { book } = await this.load();
      this.bytes = new Uint8Array(await book.xlsx.writeBuffer());
    }
    return this.bytes.slice();
  }

  private async readNow(): Promise<RawWorkbook> {
    if (this.bytes === null && this.loaded === null) return EMPTY;
    const bytes = this.bytes ?? (await this.currentBytes());
    this.raw ??= await this.readBytes(bytes);
    return this.raw;
  }

  private async applyNow(changes: readonly Change[]): Promise<ApplyOutcome> {
    const writing = writes(changes);
    const refused = (message: string): ApplyOutcome => ({ ok: false, message, written: [], notWritten: writing.map(describeChange) });
    if (changes.length === 0) return { ok: true, written: [] };

    let loaded: Loaded;
    let before: RawWorkbook;
    try {
      before = await this.readNow();
      loaded = await this.load();
    } catch (error) {
      return refused(`The workbook could not be opened for saving: ${error instanceof PackageProblem ? error.message : firstLine(error)}. Nothing was written.`);
    }
    const failed = this.unmetExpectation(loaded.book, changes);
    if (failed !== null) return refused(failed);
    this.pendingFormats = [];

    for (const change of writing) {
      try {
        this.applyOne(loaded.book, change);
      } catch (error) {
        // The changes before this one are in the model only: let it go, and the file stays as it was.
        this.forgetModel();
        this.pendingFormats = [];
        const reason = error instanceof ChangeRefused ? error.message : firstLine(error);
        return refused(`${describeChange(change)} was not written: ${reason}. None of the action's changes were written.`);
      }
    }

    if (writing.length > 0) {
      const saved = await this.save(loaded, before, writing);
      if (saved !== null) return refused(`The workbook could not be saved: ${saved}. Nothing was written.`);
    }
    return { ok: true, written: writing.map(describeChange) };
  }

  // ---------------------------------------------------------------- the file

  private inflate(): Inflater {
    return this.options.inflate ?? streamInflater();
  }

  private async readBytes(bytes: Uint8Array): Promise<RawWorkbook> {
    return readPlanPackage(bytes, this.options);
  }

  /** The bytes now come from `loaded`: what was cut to load it is cut in them too. */
  private keepCutNotes(loaded: Loaded): void {
    this.cut = [...new Set([...this.cut, ...loaded.cut])];
  }

  /** Lets exceljs's model go after a failed write; the next write loads it again from `bytes`. */
  private forgetModel(): void {
    this.loaded = null;
  }

  /** exceljs's model of the file, loaded the first time it is needed. */
  private async load(): Promise<Loaded> {
    if (this.loaded !== null) return this.loaded;
    const { Workbook } = await loadExcelJs();
    const book = new Workbook();
    let kept: KeptParts | null = null;
    let cut: readonly string[] = [];
    if (this.bytes === null) {
      book.creator = "Grant Planner";
    } else {
      const prepared = await forExcelJs(this.bytes, this.inflate());
      kept = prepared.kept;
      cut = prepared.cut;
      await book.xlsx.load(toArrayBuffer(prepared.bytes));
      for (const worksheet of book.worksheets) {
        for (const table of tablesOn(worksheet)) normaliseLoadedTable(table.model);
      }
    }
    this.loaded = { book, kept, cut, formats: [] };
    return this.loaded;
  }

  /**
   * Writes the model to new bytes. After data changed, the workbook is marked to be
   * recalculated when opened, and the plan's own formula columns get the core's results,
   * worked out from the last read and the changes (the formulas stay; every other stored
   * result is kept as it was). Returns why it could not, leaving the file as it was;
   * null when saved.
   */
  private async save(loaded: Loaded, before: RawWorkbook, applied: readonly Change[]): Promise<string | null> {
    const { book } = loaded;
    const pending = this.pendingFormats;
    this.pendingFormats = [];
    try {
      if (applied.some(changesValues)) {
        book.calcProperties.fullCalcOnLoad = true;
        const after = rawAfter(before, applied);
        const result = after === null ? null : readPlan(after);
        if (result !== null && result.status === "plan") {
          for (const change of computedFormulaCells(result.plan)) {
            if (this.changesSomething(book, change)) this.applyOne(book, change);
          }
        }
      }
      this.bytes = await this.written(loaded, pending);
      loaded.formats.push(...pending);
      this.raw = null;
      this.keepCutNotes(loaded);
      return null;
    } catch (error) {
      // The model may hold half an action: the next write starts again from the file.
      this.forgetModel();
      return error instanceof PackageProblem || error instanceof XlsxReadError ? error.message : firstLine(error);
    }
  }

  /**
   * The bytes of exceljs's model, with what it does not keep put back, and the conditional
   * formats written since the file was loaded (`pending`: those of the action being saved).
   */
  private async written(loaded: Loaded, pending: readonly ConditionalFormatWrite[]): Promise<Uint8Array> {
    const bytes = new Uint8Array(await loaded.book.xlsx.writeBuffer());
    const formats = [...loaded.formats, ...pending];
    if (loaded.kept === null && formats.length === 0) return bytes;
    return restoreKept(bytes, loaded.kept ?? NOTHING_KEPT, this.inflate(), {}, formats);
  }

  /** True when a setCells change would change a cell's formula, stored result or value. */
  private changesSomething(book: Workbook, change: Change): boolean {
    if (change.kind !== "setCells") return true;
    const ws = book.worksheets.find((w) => sameName(w.name, change.sheet));
    if (ws === undefined) return true;
    return change.cells.some(({ address, value }) => {
      const at = parseRange(address);
      return at === null || !sameInput(ws.getCell(at.top + 1, at.left + 1), value);
    });
  }

  /** The message of the first expectation that no longer holds, or null when all hold. */
  private unmetExpectation(book: Workbook, changes: readonly Change[]): string | null {
    for (const change of changes) {
      if (change.kind !== "expect") continue;
      const ws = book.worksheets.find((w) => sameName(w.name, change.sheet));
      for (const expected of change.cells) {
        const at = parseRange(expected.address);
        if (ws === undefined || at === null) return expected.message;
        if (!sameCellValue(expected.value, readCell(ws.getCell(at.top + 1, at.left + 1)))) return expected.message;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- writing

  private applyOne(book: Workbook, change: Change): void {
    switch (change.kind) {
      case "setBlock":
        this.setBlock(book, change);
        return;
      case "deleteSheet":
        this.deleteSheet(book, change.sheet);
        return;
      case "renameSheet":
        this.renameSheet(book, change.sheet, change.to);
        return;
      case "formatCells":
        formatCells(existingSheet(book, change.sheet), change);
        return;
      case "pageSetup":
        pageSetup(existingSheet(book, change.sheet), change);
        return;
      case "addChart":
        // The core sends charts to Excel only: a file host has no way to draw one.
        throw new ChangeRefused("charts are drawn only in Excel");
      case "expect":
        return;
      case "createSheet":
        this.createSheet(book, change.sheet, change.hidden);
        return;
      case "createTable":
        this.createTable(book, change);
        return;
      case "setCells":
        this.setCells(book, change.sheet, change.cells);
        return;
      case "appendRows":
        this.appendRows(book, change.sheet, change.table, change.rows);
        return;
      case "conditionalFormat": {
        const problem = conditionalFormatProblem(change);
        if (problem) throw new ChangeRefused(problem);
        const sheet = worksheet(book, change.sheet);
        if (!sheet) throw new ChangeRefused(`there is no sheet "${change.sheet}"`);
        // Written into the package when it is saved (see written()), not into exceljs's model.
        this.pendingFormats.push({ sheet: sheet.name, range: change.range.replace(/\$/g, "").toUpperCase(), rules: change.rules });
        return;
      }
      default:
        throw new ChangeRefused(unknownKind(change));
    }
  }

  /** Values from the block's top-left cell on; null leaves a cell as it is, text is stored as text. */
  private setBlock(book: Workbook, change: Extract<Change, { kind: "setBlock" }>): void {
    const problem = blockProblem(change);
    if (problem) throw new ChangeRefused(problem);
    const sheet = existingSheet(book, change.sheet);
    change.rows.forEach((values, r) => {
      values.forEach((value, c) => {
        // An empty text empties the cell, as writing it in Excel does.
        if (value !== null) sheet.getCell(change.row + r + 1, change.column + c + 1).value = value === "" ? null : writeValue(value);
      });
    });
  }

  /**
   * Deletes a sheet with everything on it: its cells, tables and print settings go with
   * exceljs's model of it; its defined names and conditional formats (kept outside that
   * model) are dropped here. Excel keeps at least one visible sheet, and so does this host.
   */
  private deleteSheet(book: Workbook, name: string): void {
    const sheet = existingSheet(book, name);
    const visible = book.worksheets.filter((ws) => ws.state !== "hidden" && ws.state !== "veryHidden");
    if (visible.length === 1 && visible[0] === sheet) throw new ChangeRefused(`"${sheet.name}" is the workbook's only visible sheet`);
    const gone = sheet.name;
    book.removeWorksheet(sheet.id);
    editDefinedNames(book, gone, null);
    // The workbook opens on a sheet that is still there.
    const count = book.worksheets.length;
    // (exceljs has no views for a workbook it made itself until it writes one.)
    const views: unknown = book.views;
    if (Array.isArray(views)) for (const view of book.views) if (view.activeTab !== undefined && view.activeTab >= count) view.activeTab = 0;
    this.renameFormats(gone, null);
  }

  /** Gives a sheet a new name; its defined names and conditional formats follow it. */
  private renameSheet(book: Workbook, name: string, to: string): void {
    const sheet = existingSheet(book, name);
    const problem = sheetNameProblem(to);
    if (problem) throw new ChangeRefused(problem);
    const taken = worksheet(book, to);
    if (taken !== undefined && taken !== sheet) throw new ChangeRefused(`the workbook already has a sheet called "${taken.name}"`);
    const old = sheet.name;
    if (old === to) return;
    // exceljs compares names ignoring case, so the sheet itself would take a new spelling of its own name: it goes by way of another.
    if (sameName(old, to)) sheet.name = freeName(book);
    sheet.name = to;
    editDefinedNames(book, old, to);
    this.renameFormats(old, to);
  }

  /** Conditional formats kept outside exceljs's model, moved to a sheet's new name (or dropped, for `to` null). */
  private renameFormats(from: string, to: string | null): void {
    const move = (list: ConditionalFormatWrite[]): ConditionalFormatWrite[] =>
      list.flatMap((f) => (!sameName(f.sheet, from) ? [f] : to === null ? [] : [{ ...f, sheet: to }]));
    this.pendingFormats = move(this.pendingFormats);
    const loaded = this.loaded;
    if (loaded === null) return;
    loaded.formats.splice(0, loaded.formats.length, ...move(loaded.formats));
    const kept = loaded.kept?.conditionalFormats;
    if (loaded.kept === null || kept === undefined) return;
    const sheets = new Map(kept.sheets);
    const elements = sheets.get(from.toLowerCase());
    if (elements === undefined) return;
    sheets.delete(from.toLowerCase());
    if (to !== null) sheets.set(to.toLowerCase(), elements);
    loaded.kept = { ...loaded.kept, conditionalFormats: { sheets } };
  }

  private createSheet(book: Workbook, name: string, hidden: boolean): Worksheet {
    if (worksheet(book, name)) throw new ChangeRefused(`the workbook already has a sheet called "${name}"`);
    // exceljs checks the name (length, characters) before it adds the sheet.
    return book.addWorksheet(name, { state: hidden ? "hidden" : "visible" });
  }

  private createTable(book: Workbook, change: Extract<Change, { kind: "createTable" }>): void {
    const { columns, headerRow, firstColumn } = change;
    if (columns.length === 0) throw new ChangeRefused("a table needs at least one column");
    const headers = columns.map((c) => c.header.trim());
    if (headers.some((h) => h === "")) throw new ChangeRefused("every column of a table needs a header");
    if (new Set(headers.map((h) => h.toLowerCase())).size !== headers.length) {
      throw new ChangeRefused("two columns of the table have the same header");
    }
    if (change.rows.some((row) => row.length > columns.length)) {
      throw new ChangeRefused("a row has more values than the table has columns");
    }
    if (findTable(book, change.table)) throw new ChangeRefused(`the workbook already has a table called ${change.table}`);
    // Excel needs a body row; the core always sends one, but stay valid if a caller does not.
    const rows: (readonly CellInput[])[] = change.rows.length > 0 ? [...change.rows] : [columns.map(() => null)];
    const range: CellRange = {
      top: headerRow,
      left: firstColumn,
      bottom: headerRow + rows.length,
      right: firstColumn + columns.length - 1,
    };
    const existing = worksheet(book, change.sheet);
    if (existing) refuseIfOccupied(existing, range, change.table);

    const sheet = existing ?? book.addWorksheet(change.sheet);
    sheet.addTable({
      name: change.table,
      displayName: change.table,
      ref: a1(headerRow, firstColumn),
      headerRow: true,
      totalsRow: false,
      style: TABLE_STYLE,
      columns: headers.map((name) => ({ name, filterButton: true })),
      rows: rows.map((row) => columns.map((_, i) => writeValue(row[i] ?? null))),
    });
    columns.forEach((column, i) => {
      const col = firstColumn + i + 1;
      sheet.getColumn(col).width = column.width;
      const validation = column.validation ? dataValidation(column.validation) : null;
      for (let r = 0; r < rows.length + ROOM_BELOW; r++) {
        const cell = sheet.getCell(headerRow + 2 + r, col);
        setNumberFormat(cell, column.numberFormat);
        if (validation) cell.dataValidation = validation;
      }
    });
  }

  private setCells(book: Workbook, sheetName: string, cells: readonly { readonly address: string; readonly value: CellInput }[]): void {
    const targets = cells.map(({ address, value }) => {
      const at = parseRange(address);
      if (!at || at.top !== at.bottom || at.left !== at.right) throw new ChangeRefused(`"${address}" is not a cell address`);
      return { row: at.top + 1, column: at.left + 1, value };
    });
    const sheet = worksheet(book, sheetName) ?? book.addWorksheet(sheetName);
    for (const { row, column, value } of targets) {
      // Only the value changes: the cell keeps its number format and validation.
      sheet.getCell(row, column).value = writeValue(value);
    }
  }

  /**
   * Writes rows directly below the table's last body row and grows the table over them.
   * A table with a Total Row keeps it as its last row: the totals move down by the number
   * of new rows (as Excel's own row insertion does), so rows never go across them.
   */
  private appendRows(book: Workbook, sheetName: string, tableName: string, rows: readonly (readonly CellInput[])[]): void {
    const found = findTable(book, tableName);
    if (!found || !sameName(found.worksheet.name, sheetName)) {
      throw new ChangeRefused(`there is no table ${tableName} on "${sheetName}"`);
    }
    const { worksheet: sheet, model } = found;
    const range = tableRange(model);
    if (!range) throw new ChangeRefused(`the range of table ${tableName} cannot be read`);
    const width = range.right - range.left + 1;
    if (rows.some((row) => row.length > width)) throw new ChangeRefused(`a row has more values than table ${tableName} has columns`);
    if (rows.length === 0) return;
    const body = bodyRows(model, range);
    // The sheet rows the table grows into, under its last row (the totals, if it shows them).
    const below: CellRange = { top: range.bottom + 1, left: range.left, bottom: range.bottom + rows.length, right: range.right };
    refuseIfOccupied(sheet, below, `the new rows of ${tableName}`);

    const firstNew = body.bottom + 1;
    const columns = Array.from({ length: width }, (_, i) => range.left + i + 1);
    if (model.totalsRow === true) {
      for (const column of columns) moveCell(sheet.getCell(range.bottom + 1, column), sheet.getCell(range.bottom + 1 + rows.length, column));
    }
    const lastBodyRow = body.bottom >= body.top ? body.bottom + 1 : null;
    rows.forEach((row, r) => {
      columns.forEach((column, i) => {
        const cell = sheet.getCell(firstNew + r + 1, column);
        if (lastBodyRow !== null) {
          // Where the totals were, the cell takes the body's whole style, not the totals' one.
          if (model.totalsRow === true) copyStyle(sheet.getCell(lastBodyRow, column), cell);
          copyFormat(sheet.getCell(lastBodyRow, column), cell);
        }
        cell.value = writeValue(row[i] ?? null);
      });
    });
    setTableRange(model, { ...range, bottom: below.bottom });
  }
}

function worksheet(book: Workbook, name: string): Worksheet | undefined {
  return book.worksheets.find((ws) => sameName(ws.name, name));
}

/** The sheet of that name (ignoring case); refused when there is none. */
function existingSheet(book: Workbook, name: string): Worksheet {
  const sheet = worksheet(book, name);
  if (sheet === undefined) throw new ChangeRefused(`there is no sheet "${name}"`);
  return sheet;
}

/** A sheet name no sheet has, to pass through. */
function freeName(book: Workbook): string {
  for (let n = 1; ; n++) {
    const name = `Grant Planner ${n}`;
    if (worksheet(book, name) === undefined) return name;
  }
}

/**
 * True when a change may change what the plan's cells hold or where they are: the file is
 * then marked to be recalculated when opened, and the plan's own formula columns get the
 * core's results. Formats, page setup, colours and a new empty sheet change no figure.
 */
function changesValues(change: Change): boolean {
  switch (change.kind) {
    case "createTable":
    case "setCells":
    case "appendRows":
    case "setBlock":
    case "deleteSheet":
    case "renameSheet":
      return true;
    case "expect":
    case "createSheet":
    case "conditionalFormat":
    case "formatCells":
    case "pageSetup":
    case "addChart":
      return false;
    default:
      // A kind this version does not know is refused when it is applied.
      unknownKind(change);
      return true;
  }
}

/** The sheet a defined name's range is on: "Summary" of "Summary!$A$1:$I$6" or "'Board pack'!$A$1". */
function sheetOfRange(range: string): string | null {
  const match = /^(?:'((?:[^']|'')*)'|([^'!]*))!/.exec(range);
  if (match === null) return null;
  return match[1] !== undefined ? match[1].replace(/''/g, "'") : (match[2] ?? null);
}

/** A sheet name as a reference writes it: quoted unless it is letters and digits only. */
function quotedSheet(name: string): string {
  return /^[A-Za-z0-9]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * The workbook's defined names with the ranges on sheet `from` moved to sheet `to`, or
 * dropped (`to` null; a name left with no range goes). Print titles and print areas are
 * not among them: exceljs keeps those with the sheet.
 */
function editDefinedNames(book: Workbook, from: string, to: string | null): void {
  const names = book.definedNames.model;
  const onSheet = (range: string): boolean => {
    const sheet = sheetOfRange(range);
    return sheet !== null && sameName(sheet, from);
  };
  if (!names.some((n) => n.ranges.some(onSheet))) return;
  book.definedNames.model = names
    .map((n) => ({
      ...n,
      ranges: n.ranges.flatMap((range) => {
        if (!onSheet(range)) return [range];
        return to === null ? [] : [`${quotedSheet(to)}!${range.slice(range.indexOf("!") + 1)}`];
      }),
    }))
    .filter((n) => n.ranges.length > 0);
}

/**
 * Number formats, bold, font size, wrap and alignment of ranges, and column widths. Each
 * cell gets a style object of its own (see setNumberFormat), so cells that shared a style
 * with it keep theirs.
 */
function formatCells(sheet: Worksheet, change: Extract<Change, { kind: "formatCells" }>): void {
  const problem = formatCellsProblem(change);
  if (problem) throw new ChangeRefused(problem);
  for (const format of change.formats) {
    const range = plainRange(format.range);
    if (range === null) throw new ChangeRefused(`"${format.range}" is not a range of cells`);
    for (let row = range.top; row <= range.bottom; row++) {
      for (let column = range.left; column <= range.right; column++) formatCell(sheet.getCell(row + 1, column + 1), format);
    }
  }
  change.columnWidths.forEach((width, column) => {
    if (width !== null) sheet.getColumn(column + 1).width = width;
  });
  // A row's height (points) is written with customHeight: nothing makes a row taller for wrapped text when a file is opened.
  for (const { row, points } of change.rowHeights ?? []) sheet.getRow(row + 1).height = points;
}

function formatCell(cell: Cell, format: CellFormat): void {
  const style: Partial<Style> = { ...cell.style };
  if (format.numberFormat !== undefined) style.numFmt = format.numberFormat;
  if (format.bold !== undefined || format.fontSize !== undefined) {
    const font: Partial<Font> = { ...cell.style.font };
    if (format.bold !== undefined) font.bold = format.bold;
    if (format.fontSize !== undefined) font.size = format.fontSize;
    style.font = font;
  }
  if (format.wrap !== undefined || format.horizontal !== undefined || format.vertical !== undefined) {
    const alignment: Partial<Alignment> = { ...cell.style.alignment };
    if (format.wrap !== undefined) alignment.wrapText = format.wrap;
    if (format.horizontal !== undefined) alignment.horizontal = format.horizontal;
    if (format.vertical !== undefined) alignment.vertical = format.vertical;
    style.alignment = alignment;
  }
  cell.style = style;
}

/**
 * How the sheet prints (the same settings the exported summary has always had): A4
 * landscape, one page wide and as many tall as it takes, the title rows on every page, the
 * marking and title in the page header, the marking and "Page n of m" in the footer.
 */
function pageSetup(sheet: Worksheet, change: Extract<Change, { kind: "pageSetup" }>): void {
  const problem = pageSetupProblem(change);
  if (problem) throw new ChangeRefused(problem);
  sheet.pageSetup.paperSize = 9;
  sheet.pageSetup.orientation = "landscape";
  sheet.pageSetup.fitToPage = true;
  sheet.pageSetup.fitToWidth = 1;
  sheet.pageSetup.fitToHeight = 0;
  sheet.pageSetup.printTitlesRow = change.printTitleRows === null ? "" : change.printTitleRows.trim().replace(/\$/g, "");
  sheet.headerFooter.oddHeader = pageHeader(change.marking, change.title);
  sheet.headerFooter.oddFooter = pageFooter(change.marking);
}

function findTable(book: Workbook, name: string): SheetTable | undefined {
  return book.worksheets.flatMap((ws) => tablesOn(ws)).find((t) => sameName(t.model.name, name));
}

/** The merged ranges of a sheet. */
function mergedRanges(sheet: Worksheet): CellRange[] {
  return sheet.model.merges.map((m) => parseRange(m)).filter((r): r is CellRange => r !== null);
}

/** Refuses to place cells where they would cover another table, merged cells or typed values. */
function refuseIfOccupied(sheet: Worksheet, range: CellRange, what: string): void {
  for (const other of tablesOn(sheet)) {
    const otherRange = tableRange(other.model);
    if (otherRange && overlaps(otherRange, range)) {
      throw new ChangeRefused(`${what} would overlap table ${other.model.name} on "${sheet.name}"`);
    }
  }
  const merged = mergedRanges(sheet).find((m) => overlaps(m, range));
  if (merged) throw new ChangeRefused(`cells ${formatRange(merged)} on "${sheet.name}" are merged where ${what} would go`);
  for (let row = range.top; row <= range.bottom; row++) {
    for (let column = range.left; column <= range.right; column++) {
      const value = readCell(sheet.getCell(row + 1, column + 1));
      if (value !== null && value !== "") {
        throw new ChangeRefused(`cell ${sheet.name}!${a1(row, column)} already holds a value where ${what} would go; nothing was overwritten`);
      }
    }
  }
}

/**
 * Gives one cell a number format. A workbook exceljs loaded from a file shares one style
 * object between all cells with the same style, so `cell.numFmt = …` would change every
 * one of them (all money cells, say): the cell gets a style object of its own instead.
 * (Its font, border and fill objects stay shared; they are only ever replaced, never changed.)
 */
function setNumberFormat(cell: Cell, numFmt: string): void {
  if (cell.numFmt === numFmt) return;
  cell.style = { ...cell.style, numFmt };
}

function shown(cell: Cell): { value: CellValue; numberFormat: string | null } {
  return { value: readCell(cell), numberFormat: typeof cell.numFmt === "string" ? cell.numFmt : null };
}

function copyStyle(from: Cell, to: Cell): void {
  to.style = { ...from.style };
}

function copyFormat(from: Cell, to: Cell): void {
  if (from.numFmt) setNumberFormat(to, from.numFmt);
  const validation: unknown = from.dataValidation;
  if (validation !== undefined && validation !== null && to.dataValidation === undefined) to.dataValidation = from.dataValidation;
}

/** Moves a cell's value and style (a formula as its own text, with its stored result); the source is left empty. */
function moveCell(from: Cell, to: Cell): void {
  to.value = hasFormula(from.value) ? { formula: from.formula, result: from.result } : from.value;
  to.style = { ...from.style };
  from.value = null;
}

/**
 * Reading a plan out of the bytes of an .xlsx file: the core's RawWorkbook, and nothing
 * the plan does not need. A purpose-built reader instead of a general spreadsheet model:
 *
 *  - only the plan's parts are unpacked: the workbook, relationship and table parts, the
 *    sheets that hold a plan table or the settings, the sheets the add-in owns (OWNED_SHEETS:
 *    every value, while the block from A1 holding them stays within OWNED_SHEET_MAX_CELLS;
 *    past it the sheet is reported unread and its part is not unpacked further), and the
 *    shared strings; other sheets' XML stays packed;
 *  - parts stream from the inflater through the XML scanner in pieces, so no part is
 *    ever held whole, and only the plan tables' cells (and the rows just under them) are
 *    kept, so memory follows the plan, not the file;
 *  - it is bounded by construction (ReadLimits): declared sizes are checked before
 *    unpacking, output is capped per part and in total, cells kept and text lengths are
 *    counted as they are read, and table ranges are clamped to the rows that exist;
 *  - it follows any producer's package: relative and absolute ("/xl/…", as openpyxl
 *    writes) part names, any case, backslashes; merged areas stay ranges.
 *
 * XML: a hand-written scanner (./xml.ts), not saxes. On the 10,000-line plan's Measures
 * sheet (14 MB of XML, 321,608 cells), reporting every cell with its reference took saxes
 * (5.0.1) 1.3–2.3 s and the scanner 0.9–1.4 s on this (loaded, 2-core) machine; in the
 * reader the scanner does less still: the cells of rows outside the plan's tables are
 * stepped over without reading their attributes, and text is decoded only for kept cells. It
 * also adds nothing to the browser bundle. What it does not do is validate: it refuses a
 * document type declaration and unfinished tags, and reads any other tag soup as tags.
 *
 * This module is used by browsers too: no Node imports here (Node's zlib inflater lives
 * in ./nodeInflate.ts, for the command line).
 */
import { a1, type CellValue } from "../../plan/cell";
import type { RawSheetCells, RawTable, RawWorkbook } from "../../plan/raw";
import { META_SHEET, OWNED_SHEETS, READ_TABLES } from "../../plan/schema";

/** Every table of a plan, of either version: a version-1 plan simply has none of the returns tables. */
import { settingsFromCells } from "../../plan/settings";
import { XlsxReadError } from "../errors";
import { zipEntries } from "../zip";
import { buildTable, type DenseBudget, placeSharedStrings } from "./build";
import { type Inflater, streamInflater } from "./inflate";
import { DEFAULT_LIMITS, type ReadLimits, size } from "./limits";
import { PlanPackage } from "./parts";
import { readSharedStrings } from "./sharedStrings";
import { type RowStore, WantedStrings } from "./store";
import { type CellBudget, coverMergedCells, OwnedCells, readSheetCells, type SheetCells } from "./sheet";
import { readTable, relationships, readWorkbook, type TableInfo } from "./workbookPart";

export { DEFAULT_LIMITS, type ReadLimits } from "./limits";
export { type Inflater, InflatedTooLarge, streamInflater } from "./inflate";

export interface ReadOptions {
  /** Raw deflate for the packed parts; the platform's DecompressionStream when not given. */
  readonly inflate?: Inflater;
  readonly limits?: Partial<ReadLimits>;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_MAGIC = [0x50, 0x4b];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim() || "unknown error";
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The plan table (by its schema name) a table part is, if any: by its display name or its name, in any case. */
function planTableName(table: TableInfo): string | null {
  for (const name of READ_TABLES) {
    if (sameName(table.name, name) || sameName(table.alias, name)) return name;
  }
  return null;
}

/**
 * Reads the plan in an .xlsx file. Rejects only with XlsxReadError, whose message is one
 * line a person understands: not an .xlsx file, damaged, or beyond what Grant Planner reads.
 */
export async function readPlanPackage(bytes: Uint8Array, options: ReadOptions = {}): Promise<RawWorkbook> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  try {
    return await readPackage(bytes, options.inflate ?? streamInflater(), limits);
  } catch (error) {
    if (error instanceof XlsxReadError) throw error;
    throw new XlsxReadError(`the file is damaged: ${firstLine(error)}`);
  }
}

function openPackage(bytes: Uint8Array, inflate: Inflater, limits: ReadLimits): PlanPackage {
  if (bytes.byteLength === 0) throw new XlsxReadError("not an .xlsx file (the file is empty)");
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new XlsxReadError(`the file is ${size(bytes.byteLength)}; Grant Planner reads plans of up to ${size(limits.maxFileBytes)}`);
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new XlsxReadError("not an .xlsx file (it is an older .xls workbook or another Office file; save it as .xlsx in Excel)");
  }
  const entries = zipEntries(bytes);
  if (entries === null) {
    if (startsWith(bytes, ZIP_MAGIC)) throw new XlsxReadError("the file is damaged: the end of the zip archive is missing (the file may be incomplete)");
    throw new XlsxReadError("not an .xlsx file (it is not a zip archive)");
  }
  if (entries.length === 0) throw new XlsxReadError("not an .xlsx file (it is a zip archive without a workbook in it)");
  return new PlanPackage(bytes, entries, inflate, limits);
}

async function readPackage(bytes: Uint8Array, inflate: Inflater, limits: ReadLimits): Promise<RawWorkbook> {
  const pkg = openPackage(bytes, inflate, limits);
  const workbook = await readWorkbook(pkg);

  // Where the plan tables are: each worksheet's table parts, found through its relationships.
  const found = new Map<string, { readonly sheet: number; readonly table: TableInfo }>();
  for (const [index, sheet] of workbook.sheets.entries()) {
    if (sheet.part === null || found.size === READ_TABLES.length) continue;
    for (const rel of await relationships(pkg, sheet.part)) {
      if (rel.kind !== "table") continue;
      const table = await readTable(pkg, rel.part);
      const planName = table === null ? null : planTableName(table);
      if (table !== null && planName !== null && !found.has(planName)) found.set(planName, { sheet: index, table });
    }
  }
  const metaIndex = workbook.sheets.findIndex((s) => sameName(s.name, META_SHEET));
  // The sheets the add-in owns, whose values are read whole (within OWNED_SHEET_MAX_CELLS).
  const isOwned = (name: string): boolean => OWNED_SHEETS.some((owned) => sameName(owned, name));

  // One pass over each sheet that holds a plan table or the settings, or that the add-in owns.
  const wanted = new WantedStrings();
  const budget: CellBudget = { kept: 0 };
  const cells = new Map<number, SheetCells>();
  for (const [index, sheet] of workbook.sheets.entries()) {
    const tables = [...found.values()].filter((f) => f.sheet === index).map((f) => f.table);
    const owned = isOwned(sheet.name) ? new OwnedCells() : null;
    if (tables.length === 0 && index !== metaIndex && owned === null) continue;
    if (sheet.part === null) continue;
    const read = await readSheetCells(pkg, sheet.part, sheet.name, tables, index === metaIndex, wanted, budget, limits, owned);
    if (read === null) throw new XlsxReadError(`the file is damaged: the part of sheet "${sheet.name}" is missing`);
    cells.set(index, read);
  }
  /** The first cell that uses a shared string, for a message about it. */
  const whereUsed = (index: number): { sheet: string; cell: string } | null => {
    for (const sheetCells of cells.values()) {
      for (const region of sheetCells.regions) {
        const at = region.shared.find(index);
        if (at !== null) return { sheet: region.sheet, cell: a1(at.row, region.left + at.column) };
      }
      const inSettings = sheetCells.metaShared.find(index);
      if (inSettings !== null) return { sheet: sheetCells.sheet, cell: a1(inSettings.row, inSettings.column) };
      const inOwned = sheetCells.owned?.shared.find(index) ?? null;
      if (inOwned !== null) return { sheet: sheetCells.sheet, cell: a1(inOwned.row, inOwned.column) };
    }
    return null;
  };
  const strings = await readSharedStrings(pkg, workbook.sharedStrings, wanted, limits.maxTextLength, whereUsed);
  for (const sheetCells of cells.values()) {
    for (const region of sheetCells.regions) placeSharedStrings(region.rows, region.shared, strings);
    if (sheetCells.meta !== null) placeSharedStrings(sheetCells.meta, sheetCells.metaShared, strings);
    if (sheetCells.owned !== null) placeSharedStrings(sheetCells.owned.rows, sheetCells.owned.shared, strings);
    coverMergedCells(sheetCells);
  }

  const tables: RawTable[] = [];
  const dense: DenseBudget = { cells: 0 };
  for (const name of READ_TABLES) {
    const at = found.get(name);
    const sheetCells = at === undefined ? undefined : cells.get(at.sheet);
    const region = sheetCells?.regions.find((r) => r.table === at?.table);
    if (sheetCells === undefined || region === undefined) continue;
    tables.push(buildTable(region, sheetCells.lastRow, sheetCells.merges, dense, limits));
  }
  const metaCells = cells.get(metaIndex)?.meta ?? null;
  const ownedSheets = [...cells.values()].flatMap((c): RawSheetCells[] => (c.owned === null ? [] : [{ sheet: c.sheet, values: c.owned.values() }]));
  return {
    sheets: workbook.sheets.map((s) => ({ name: s.name, visible: s.visible })),
    ownedSheets,
    meta: metaCells === null ? null : settings(metaCells),
    tables,
    calculationMode: workbook.calculationMode,
  };
}

/** The settings, by the rule every host shares (src/plan/settings.ts): A2:B100, keys trimmed, first row wins. */
function settings(rows: RowStore<CellValue[]>): Record<string, CellValue> {
  return settingsFromCells((row, column) => rows.get(row)?.[column] ?? null);
}

/**
 * One pass over a worksheet's XML that keeps only what the plan reads: the cells of the
 * plan's tables on it, the rows under each table (ROWS_SCANNED_BELOW of them, across its
 * width), on the settings sheet columns A and B, and on a sheet the add-in owns every value
 * (OwnedCells). Every other row is stepped over
 * without looking at its cells. Merged areas are kept as ranges, never expanded.
 *
 * Shared strings are not looked up here: a cell that uses one keeps its index, and the
 * indices wanted are collected so the shared strings part can be read once, afterwards,
 * keeping only those.
 */
import { a1, type CellValue, LAST_ROW } from "../../plan/cell";
import { ROWS_SCANNED_BELOW } from "../../plan/raw";
import { OWNED_SHEET_MAX_CELLS } from "../../plan/schema";
import { type CellRange, overlaps, parseRange } from "../../plan/ranges";
import { SETTINGS_LAST_ROW } from "../../plan/settings";
import { XlsxReadError } from "../errors";
import { count, type ReadLimits } from "./limits";
import type { PlanPackage } from "./parts";
import type { TableInfo } from "./workbookPart";
import { RowStore, SharedCells, type WantedStrings } from "./store";
import { attribute, decodeExcelEscapes, decodeText, referenceColumn, type XmlHandler } from "./xml";

/** Rows of the plan's tables that merged areas may cover, counted over all areas together. */
const MAX_MERGE_WORK = 10_000_000;

/** A decimal numeral as a cell's <v> holds one (unambiguous, so matching it is linear). */
const DECIMAL_NUMERAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A copy of a text that does not share memory with the XML piece it was cut from (a short
 * cut is copied anyway; a longer one would keep the whole 64 KB piece alive while kept).
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (text + " ").slice(0, -1);
}

/** Cells kept so far, across every sheet: bounded by `maxCells`. */
export interface CellBudget {
  kept: number;
}

/** The cells kept for one plan table: its own rows and the rows under it. */
export class Region {
  readonly top: number;
  readonly left: number;
  readonly right: number;
  /** First and last body rows as the table's range declares them. */
  readonly firstBody: number;
  readonly lastBody: number;
  /** The last row looked at: ROWS_SCANNED_BELOW under the table. */
  readonly scanBottom: number;
  /** Kept cells by sheet row; each array is indexed from the table's first column. */
  readonly rows: RowStore<CellValue[]>;
  /** The kept cells that hold shared strings (the cell itself holds null until they are read). */
  readonly shared = new SharedCells();
  /** Formula text of body cells, by sheet row, same indexing. */
  readonly formulas: RowStore<(string | null)[]>;
  /** The right-most column (from `left`) holding anything in the table's own rows. */
  lastColumn = -1;
  /** How wide a kept row starts out: the table's named columns (it grows if a cell lies further right). */
  readonly rowWidth: number;

  constructor(
    readonly table: TableInfo,
    readonly sheet: string,
  ) {
    const { range, hasHeaderRow, totalsRow } = table;
    this.top = range.top;
    this.left = range.left;
    this.right = range.right;
    this.firstBody = hasHeaderRow ? range.top + 1 : range.top;
    this.lastBody = totalsRow ? range.bottom - 1 : range.bottom;
    this.scanBottom = Math.min(range.bottom + ROWS_SCANNED_BELOW, LAST_ROW);
    this.rowWidth = Math.max(1, Math.min(range.right - range.left + 1, table.columnNames.length));
    this.rows = new RowStore(range.top);
    this.formulas = new RowStore(this.firstBody);
  }
}

/**
 * The cells of a sheet the add-in owns (OWNED_SHEETS): every cell holding a value, kept
 * sparsely, while the block from A1 to the last of them stays within `maxCells`. Past it,
 * nothing more is kept (`overflow`): the host reports the sheet unread.
 */
export class OwnedCells {
  /** Kept values by sheet row: sparse arrays indexed by column. */
  rows = new RowStore<CellValue[]>(0);
  /** The kept cells that hold shared strings (the cell holds null until they are read). */
  shared = new SharedCells();
  bottom = -1;
  right = -1;
  overflow = false;

  constructor(readonly maxCells: number = OWNED_SHEET_MAX_CELLS) {}

  keep(row: number, column: number, value: CellValue, shared: number): void {
    if (this.overflow || (value === null && shared < 0)) return;
    const bottom = Math.max(this.bottom, row);
    const right = Math.max(this.right, column);
    if ((bottom + 1) * (right + 1) > this.maxCells) {
      this.overflow = true;
      this.rows = new RowStore<CellValue[]>(0);
      this.shared = new SharedCells();
      return;
    }
    this.bottom = bottom;
    this.right = right;
    let cells = this.rows.get(row);
    if (cells === undefined) {
      cells = [];
      this.rows.set(row, cells);
    }
    cells[column] = value;
    if (shared >= 0) this.shared.push(row, column, shared);
  }

  /** After the shared strings are in place: the values from A1 to the last cell holding one (an empty text is none); null past `maxCells`. */
  values(): CellValue[][] | null {
    if (this.overflow) return null;
    let bottom = -1;
    let right = -1;
    for (const [row, cells] of this.rows.entries()) {
      cells.forEach((value, column) => {
        if (value === null || value === "") return;
        bottom = Math.max(bottom, row);
        right = Math.max(right, column);
      });
    }
    return Array.from({ length: bottom + 1 }, (_, row) => {
      const line = new Array<CellValue>(right + 1).fill(null);
      this.rows.get(row)?.forEach((value, column) => {
        if (column <= right && value !== "") line[column] = value;
      });
      return line;
    });
  }
}

export interface SheetCells {
  readonly sheet: string;
  /** A sheet the add-in owns: all its values, when it was read as one. */
  readonly owned: OwnedCells | null;
  readonly regions: readonly Region[];
  /** Settings sheet only: key and value cells (columns A and B) by sheet row. */
  readonly meta: RowStore<CellValue[]> | null;
  /** The settings cells that hold shared strings. */
  readonly metaShared: SharedCells;
  /** Merged areas that touch a region or the settings columns, in the order the sheet lists them. */
  readonly merges: readonly CellRange[];
  /** The last row the sheet's data holds (-1 for none): table ranges are read no further. */
  readonly lastRow: number;
}

/** A cell's type attribute (` t="s"`), found with one native search; the rare other spellings take the full parse. */
function cellTypeOf(raw: string): string | null {
  const at = raw.indexOf(' t="');
  if (at < 0) return raw.indexOf("t", 1) < 0 ? null : attribute(raw, "t");
  const end = raw.indexOf('"', at + 4);
  return end < 0 ? attribute(raw, "t") : raw.slice(at + 4, end);
}

/** Which cells a row keeps: the regions it falls in, and whether the settings columns are wanted. */
interface RowPlan {
  readonly regions: readonly Region[];
  readonly meta: boolean;
}

const NOTHING: RowPlan = { regions: [], meta: false };
/** A row of a sheet the add-in owns that holds no plan table: only the owned cells are kept. */
const OWNED_ONLY: RowPlan = { regions: [], meta: false };

/** Collecting text for the current cell: its formula, its value, or an inline string. */
const NONE = 0;
const FORMULA = 1;
const VALUE = 2;
const INLINE = 3;

export async function readSheetCells(
  pkg: PlanPackage,
  part: string,
  sheet: string,
  tables: readonly TableInfo[],
  withMeta: boolean,
  wanted: WantedStrings,
  budget: CellBudget,
  limits: ReadLimits,
  owned: OwnedCells | null = null,
): Promise<SheetCells | null> {
  const regions = tables.map((table) => new Region(table, sheet));
  const meta = withMeta ? new RowStore<CellValue[]>(0) : null;
  const metaShared = new SharedCells();
  const merges: CellRange[] = [];
  /** Shared formulas by index: the master's text and the top-left cell of the range it covers. */
  const masters = new Map<string, { readonly text: string; readonly top: number; readonly left: number }>();
  /**
   * Formula text, one copy per distinct text: a plan's formula column repeats one formula
   * on every row, and a text cut from the XML would otherwise keep its whole piece alive.
   */
  const formulaTexts = new Map<string, string>();
  const intern = (text: string): string => {
    const known = formulaTexts.get(text);
    if (known !== undefined) return known;
    const own = detached(text);
    if (formulaTexts.size < 10_000) formulaTexts.set(own, own);
    return own;
  };
  const maxText = limits.maxTextLength;
  let lastRow = -1;

  const damaged = (why: string): XlsxReadError => new XlsxReadError(`the file is damaged: ${why} on sheet "${sheet}"`);
  /** Counts one kept cell; `what` names where, for the message (a region, or a word). */
  const spend = (what: Region | string): void => {
    budget.kept++;
    if (budget.kept > limits.maxCells) {
      const where = typeof what === "string" ? what : `table ${what.table.name} and the rows under it`;
      throw new XlsxReadError(
        `the file's "${sheet}" sheet has more than ${count(limits.maxCells)} cells in ${where}; Grant Planner reads plans of up to ${count(limits.maxCells)} cells`,
      );
    }
  };

  const rowPlan = (row: number): RowPlan => {
    let inRegions: Region[] | null = null;
    for (const region of regions) {
      if (row >= region.top && row <= region.scanBottom) (inRegions ??= []).push(region);
    }
    const inMeta = meta !== null && row >= 1 && row <= SETTINGS_LAST_ROW;
    if (inRegions === null && !inMeta) return owned === null || owned.overflow ? NOTHING : OWNED_ONLY;
    return { regions: inRegions ?? [], meta: inMeta };
  };

  const keep = (region: Region, row: number, column: number, value: CellValue, shared: number, formula: string | null): void => {
    const at = column - region.left;
    if (value === null && shared < 0 && formula === null) return;
    let cells = region.rows.get(row);
    if (cells === undefined) {
      // Allocated at the table's width from the start: the row becomes the RawTable's row as it is.
      cells = new Array<CellValue>(region.rowWidth).fill(null);
      region.rows.set(row, cells);
    }
    cells[at] = value;
    if (shared >= 0) region.shared.push(row, at, shared);
    spend(region);
    if (row <= region.table.range.bottom && (value !== null || shared >= 0) && at > region.lastColumn) region.lastColumn = at;
    // Formulas of the body, and of the rows under the table (a typed formula is written back as one).
    if (formula !== null && ((row >= region.firstBody && row <= region.lastBody) || row > region.table.range.bottom)) {
      let formulas = region.formulas.get(row);
      if (formulas === undefined) {
        formulas = [];
        region.formulas.set(row, formulas);
      }
      formulas[at] = formula;
    }
  };

  // Where the scan is.
  let inSheetData = false;
  let row = -1;
  let plan: RowPlan = NOTHING;
  let nextColumn = 0;
  // The current cell.
  let column = -1;
  let cellWanted = false;
  let cellType: string | null = null;
  let formula: string | null = null;
  let sharedIndex: string | null = null;
  let sharedMaster = false;
  let sharedRange: CellRange | null = null;
  let value: string | null = null;
  let inline: string | null = null;
  let inInline = false;
  let phonetic = 0;
  // Text being collected.
  let collecting = NONE;
  let collected = "";

  const tooLong = (): XlsxReadError =>
    new XlsxReadError(
      `the file's "${sheet}" sheet holds more than ${count(maxText)} characters in cell ${a1(row, column)}, more than Excel allows in a cell`,
    );

  const finishFormula = (): void => {
    let text = collected;
    collecting = NONE;
    collected = "";
    if (sharedIndex !== null) {
      // Shared formulas: the first cell of the shared range (the master) carries the text and
      // the others only its index. Plan columns hold structured references ([@Allocation],
      // tblLines[Grant ID]), which read the same on every row of a table column, so a body
      // cell is given the master's text as written. A cell under a table may be written
      // back (taken into the table), so it gets its own text: the master's with its
      // relative A1 references moved as Excel moves them when filling.
      if (sharedMaster && text !== "") {
        if (sharedRange !== null) masters.set(sharedIndex, { text, top: sharedRange.top, left: sharedRange.left });
      } else if (text === "") {
        const master = masters.get(sharedIndex);
        const underTable = plan.regions.some((region) => row > region.table.range.bottom);
        text = master === undefined ? "" : underTable ? shiftReferences(master.text, row - master.top, column - master.left) : master.text;
      }
    }
    if (cellWanted) formula = intern(text);
  };

  const finishCell = (): void => {
    if (!cellWanted) return;
    let kept: CellValue = null;
    let shared = -1;
    const result = value;
    switch (cellType) {
      case "s": {
        if (result === null || result.trim() === "") {
          kept = null;
          break;
        }
        const index = Number(result);
        if (!Number.isInteger(index) || index < 0 || index > 0x7fffffff) throw damaged(`cell ${a1(row, column)} refers to shared text "${result.slice(0, 20)}"`);
        wanted.add(index);
        shared = index;
        break;
      }
      case "inlineStr":
        kept = inline !== null ? detached(decodeExcelEscapes(inline)) : result;
        break;
      case "str":
        kept = result === null ? null : detached(decodeExcelEscapes(result));
        break;
      case "b":
        kept = result === null || result.trim() === "" ? null : result.trim() === "1" || result.trim() === "true";
        break;
      case "e":
        kept = result === null || result.trim() === "" ? null : { error: result.trim() };
        break;
      case "d":
        // An ISO 8601 date; kept as the text the file holds.
        kept = result;
        break;
      default: {
        // An empty value is an empty cell. Number() also takes "0x1A", "0b101" and
        // "Infinity", which no cell holds: only a decimal numeral is a number.
        const text = result === null ? "" : result.trim();
        const n = DECIMAL_NUMERAL.test(text) ? Number(text) : Number.NaN;
        if (text === "") kept = null;
        else kept = Number.isFinite(n) ? n : { error: "#NUM!" };
      }
    }
    // A formula without a stored result (no <v>, or an empty one where a number belongs) was never calculated.
    if (formula !== null && inline === null && (result === null || (result === "" && cellType !== "str"))) {
      kept = { uncalculated: formula };
      shared = -1;
    }
    for (const region of plan.regions) {
      if (column >= region.left && column <= region.right) keep(region, row, column, kept, shared, formula);
    }
    if (plan.meta && column <= 1 && meta !== null && (kept !== null || shared >= 0)) {
      let pair = meta.get(row);
      if (pair === undefined) {
        pair = [null, null];
        meta.set(row, pair);
      }
      pair[column] = kept;
      if (shared >= 0) metaShared.push(row, column, shared);
      spend("the settings");
    }
    owned?.keep(row, column, kept, shared);
  };

  const columnWanted = (c: number): boolean => {
    if (owned !== null && !owned.overflow) return true;
    if (plan.meta && c <= 1 && c >= 0) return true;
    for (const region of plan.regions) if (c >= region.left && c <= region.right) return true;
    return false;
  };

  /** A shared formula's master outside the kept cells still matters when its range reaches a table. */
  const reachesRegion = (ref: string | null): boolean => {
    const range = ref === null ? null : parseRange(ref);
    return range !== null && regions.some((region) => overlaps(range, { top: region.firstBody, left: region.left, bottom: region.scanBottom, right: region.right }));
  };

  const relevantMerge = (range: CellRange): boolean => {
    if (meta !== null && range.left <= 1 && range.bottom >= 1) return true;
    return regions.some((region) => overlaps(range, { top: region.top, left: region.left, bottom: region.scanBottom, right: region.right }));
  };

  const handler: XmlHandler = {
    open(name, raw, selfClosing) {
      switch (name) {
        case "sheetData":
          inSheetData = !selfClosing;
          return;
        case "row": {
          if (!inSheetData) return;
          const r = attribute(raw, "r");
          row = r === null ? row + 1 : Number(r) - 1;
          if (!Number.isInteger(row) || row < 0 || row > LAST_ROW) throw damaged(`a row is numbered "${r ?? ""}"`);
          if (row > lastRow) lastRow = row;
          plan = rowPlan(row);
          nextColumn = 0;
          return;
        }
        case "c": {
          if (!inSheetData) return;
          cellWanted = false;
          sharedMaster = false;
          if (plan === NOTHING) {
            column = -1;
            return;
          }
          // Every writer puts the reference first (` r="B7"`): its letters are read in place.
          const fast = raw.startsWith(' r="') ? referenceColumn(raw, 4) : -1;
          const ref = fast >= 0 ? null : attribute(raw, "r");
          column = fast >= 0 ? fast : ref === null ? nextColumn : referenceColumn(ref);
          if (column < 0) throw damaged(`a cell is named "${ref ?? ""}"`);
          nextColumn = column + 1;
          cellWanted = columnWanted(column);
          if (!cellWanted) return;
          cellType = cellTypeOf(raw);
          formula = null;
          value = null;
          inline = null;
          if (selfClosing) finishCell();
          return;
        }
        case "f": {
          if (!inSheetData) return;
          const shared = attribute(raw, "t") === "shared";
          sharedIndex = shared ? attribute(raw, "si") : null;
          const ref = shared ? attribute(raw, "ref") : null;
          sharedMaster = ref !== null;
          sharedRange = ref === null ? null : parseRange(ref);
          if (!cellWanted && !(sharedMaster && reachesRegion(ref))) return;
          collecting = FORMULA;
          collected = "";
          if (selfClosing) finishFormula();
          return;
        }
        case "v":
          if (!cellWanted) return;
          if (selfClosing) {
            value = "";
            return;
          }
          collecting = VALUE;
          collected = "";
          return;
        case "is":
          inInline = cellWanted && !selfClosing;
          if (cellWanted) inline = "";
          return;
        case "rPh":
          if (!selfClosing) phonetic++;
          return;
        case "t":
          if (inInline && phonetic === 0 && !selfClosing) {
            collecting = INLINE;
            collected = "";
          }
          return;
        case "mergeCell": {
          const range = parseRange(attribute(raw, "ref") ?? "");
          if (range !== null && relevantMerge(range)) {
            merges.push(range);
            spend("merged areas");
          }
          return;
        }
        default:
          return;
      }
    },
    close(name) {
      switch (name) {
        case "sheetData":
          inSheetData = false;
          return;
        case "c":
          if (collecting !== NONE) collecting = NONE;
          finishCell();
          cellWanted = false;
          return;
        case "f":
          if (collecting === FORMULA) finishFormula();
          return;
        case "v":
          if (collecting === VALUE) {
            value = collected;
            collecting = NONE;
            collected = "";
          }
          return;
        case "t":
          if (collecting === INLINE) {
            inline = (inline ?? "") + collected;
            if (inline.length > maxText) throw tooLong();
            collecting = NONE;
            collected = "";
          }
          return;
        case "is":
          inInline = false;
          return;
        case "rPh":
          if (phonetic > 0) phonetic--;
          return;
        default:
          return;
      }
    },
    text(raw, cdata) {
      if (collecting === NONE) return;
      collected += cdata ? raw : decodeText(raw);
      if (collected.length > maxText) throw tooLong();
    },
  };

  // A sheet read only for its owned cells is read no further once they are too many.
  const done = (): boolean => owned !== null && owned.overflow && regions.length === 0 && meta === null;
  if (!(await pkg.scan(part, handler, done))) return null;
  return { sheet, owned, regions, meta, metaShared, merges, lastRow };
}

/** After the shared strings are in place: the covered cells of a merged area read as empty, as Excel shows them; only its first cell keeps its value. */
export function coverMergedCells({ regions, meta, merges }: SheetCells): void {
  // Excel never writes overlapping merged areas; a file whose merged areas pile over the
  // same rows again and again is refused before the work grows as areas × rows.
  let work = 0;
  const cover = (rows: RowStore<CellValue[]>, origin: number, merge: CellRange, formulas?: RowStore<(string | null)[]>): void => {
    work += Math.min(merge.bottom - merge.top + 1, rows.size);
    if (work > MAX_MERGE_WORK) {
      throw new XlsxReadError(`the file has so many merged areas over the plan's tables (more than ${MAX_MERGE_WORK.toLocaleString("en-GB")} covered rows in all) that reading them would take too long; unmerge them in Excel and save again`);
    }
    const clear = (r: number, cells: CellValue[]): void => {
      const from = Math.max(merge.left - origin, 0);
      const to = Math.min(merge.right - origin, cells.length - 1);
      for (let c = from; c <= to; c++) {
        if (r === merge.top && c + origin === merge.left) continue;
        if (cells[c] !== undefined) cells[c] = null;
        const f = formulas?.get(r);
        if (f !== undefined && f[c] !== undefined) f[c] = null;
      }
    };
    if (merge.bottom - merge.top < rows.size) {
      for (let r = merge.top; r <= merge.bottom; r++) {
        const cells = rows.get(r);
        if (cells !== undefined) clear(r, cells);
      }
    } else {
      for (const [r, cells] of rows.entries()) if (r >= merge.top && r <= merge.bottom) clear(r, cells);
    }
  };
  for (const merge of merges) {
    for (const region of regions) cover(region.rows, region.left, merge, region.formulas);
    if (meta !== null) cover(meta, 0, merge);
  }
}

const LAST_COLUMN = 16_383;
/** A cell reference as one token: optional $, 1–3 letters, optional $, row digits. */
const CELL_TOKEN = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;
const COLUMN_TOKEN = /^(\$?)([A-Za-z]{1,3})$/;
const ROW_TOKEN = /^(\$?)(\d{1,7})$/;
/** Characters a name, number or reference token is made of. */
const TOKEN_CHAR = /[A-Za-z0-9_.$\\]/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function columnLetters(column: number): string {
  let n = column + 1;
  let out = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * A formula's text with its relative A1 references moved by `rows` and `columns`, as Excel
 * moves them in the cells a shared formula fills: `$`-anchored parts stay, text in quotes,
 * quoted sheet names and bracketed (structured) references are left alone, as are names
 * followed by "(" (functions), "!" (sheet names) or "[" (tables). A reference moved off the
 * sheet becomes #REF!.
 */
export function shiftReferences(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  let out = "";
  let i = 0;
  const n = formula.length;
  const skipQuoted = (quote: string): void => {
    let j = i + 1;
    while (j < n) {
      if (formula[j] === quote) {
        if (formula[j + 1] === quote) j += 2;
        else break;
      } else j++;
    }
    out += formula.slice(i, j + 1);
    i = j + 1;
  };
  const tokenAt = (from: number): number => {
    let j = from;
    while (j < n && TOKEN_CHAR.test(formula[j] ?? "")) j++;
    return j;
  };
  const moveRow = (anchor: string, digits: string): string | null => {
    const row = Number(digits) - 1 + (anchor === "$" ? 0 : rows);
    return row < 0 || row > LAST_ROW ? null : `${anchor}${row + 1}`;
  };
  const moveColumn = (anchor: string, letters: string): string | null => {
    const column = columnNumber(letters) + (anchor === "$" ? 0 : columns);
    return column < 0 || column > LAST_COLUMN ? null : `${anchor}${anchor === "$" ? letters : columnLetters(column)}`;
  };
  while (i < n) {
    const ch = formula[i] ?? "";
    if (ch === '"' || ch === "'") {
      skipQuoted(ch);
      continue;
    }
    if (ch === "[") {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === "'") j++;
        else if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (!TOKEN_CHAR.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    const end = tokenAt(i);
    const token = formula.slice(i, end);
    const next = formula[end] ?? "";
    i = end;
    if (next === "(" || next === "!" || next === "[") {
      out += token;
      continue;
    }
    const cell = CELL_TOKEN.exec(token);
    if (cell !== null && columnNumber(cell[2] ?? "") <= LAST_COLUMN && Number(cell[4]) >= 1) {
      const column = moveColumn(cell[1] ?? "", cell[2] ?? "");
      const row = moveRow(cell[3] ?? "", cell[4] ?? "");
      out += column === null || row === null ? "#REF!" : `${column}${row}`;
      continue;
    }
    // Whole columns (A:C) and whole rows (1:3): both ends of the range move.
    const after = next === ":" ? formula.slice(end + 1, tokenAt(end + 1)) : "";
    const columnRange = [COLUMN_TOKEN.exec(token), COLUMN_TOKEN.exec(after)];
    const rowRange = [ROW_TOKEN.exec(token), ROW_TOKEN.exec(after)];
    if (columnRange.every((m) => m !== null) || rowRange.every((m) => m !== null)) {
      const isColumns = columnRange.every((m) => m !== null);
      const ends = (isColumns ? columnRange : rowRange).map((m) => (m === null ? null : isColumns ? moveColumn(m[1] ?? "", m[2] ?? "") : moveRow(m[1] ?? "", m[2] ?? "")));
      out += ends.some((e) => e === null) ? "#REF!" : `${ends[0] ?? ""}:${ends[1] ?? ""}`;
      i = end + 1 + after.length;
      continue;
    }
    out += token;
  }
  return out;
}

/**
 * What every host checks before it writes a sheet-level change (a block of values, a
 * sheet's name, formats, page setup, a chart), and the page header and footer texts in the
 * file format's codes: one set of rules, so the memory, .xlsx and Excel hosts refuse the
 * same changes with the same words.
 */
import { a1, LAST_COLUMN, LAST_ROW } from "./cell";
import { type Change, conditionalFormatProblem, describeChange } from "./changes";
import { type CellRange, parseRange } from "./ranges";
import { OWNED_SHEET_MAX_CELLS } from "./schema";

/**
 * Why Excel would not take a sheet name, or null when it would: 1–31 characters, none of
 * : \ / ? * [ ], no ' at either end, and not "History" (a name Excel keeps for itself).
 */
export function sheetNameProblem(name: string): string | null {
  if (name.length === 0) return "a sheet name cannot be empty";
  if (name.length > 31) return "a sheet name can be at most 31 characters long";
  const bad = [...name].find((ch) => ":\\/?*[]".includes(ch));
  if (bad !== undefined) return `a sheet name cannot contain ${bad}`;
  if (name.startsWith("'") || name.endsWith("'")) return "a sheet name cannot begin or end with an apostrophe";
  if (name.toLowerCase() === "history") return `"${name}" is a sheet name Excel keeps for itself`;
  return null;
}

/** A range of cells written without a sheet: "C9", "C9:I14" (with or without "$"). */
const PLAIN_RANGE = /^\$?[A-Za-z]{1,3}\$?[1-9][0-9]{0,6}(:\$?[A-Za-z]{1,3}\$?[1-9][0-9]{0,6})?$/;

/** The range of a plain A1 address ("C9:I14", no sheet), or null when it is not one. */
export function plainRange(address: string): CellRange | null {
  const text = address.trim();
  return PLAIN_RANGE.test(text) ? parseRange(text) : null;
}

/** The most cells one formatCells change may cover, over all its ranges: an owned sheet's worth. */
export const MAX_FORMATTED_CELLS = OWNED_SHEET_MAX_CELLS;
/** Excel's widest column, in character units. */
export const MAX_COLUMN_WIDTH = 255;
/** Excel's largest font size, in points. */
export const MAX_FONT_SIZE = 409;

/** Why a setBlock change cannot be written (its sheet apart); null when it can. */
export function blockProblem(change: Extract<Change, { kind: "setBlock" }>): string | null {
  const { row, column, rows } = change;
  if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || column < 0) return `the block must start at a cell of the sheet (row ${row}, column ${column} is none)`;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  if (row + rows.length - 1 > LAST_ROW || column + width - 1 > LAST_COLUMN) return `the block from ${a1(Math.min(row, LAST_ROW), Math.min(column, LAST_COLUMN))} goes past the sheet's last row or column`;
  return null;
}

/** Why a formatCells change cannot be written (its sheet apart); null when it can. */
export function formatCellsProblem(change: Extract<Change, { kind: "formatCells" }>): string | null {
  let cells = 0;
  for (const format of change.formats) {
    const range = plainRange(format.range);
    if (range === null) return `"${format.range}" is not a range of cells`;
    cells += (range.bottom - range.top + 1) * (range.right - range.left + 1);
    if (format.fontSize !== undefined && !(Number.isFinite(format.fontSize) && format.fontSize >= 1 && format.fontSize <= MAX_FONT_SIZE)) {
      return `a font size of ${format.fontSize} points is not one Excel has (1 to ${MAX_FONT_SIZE})`;
    }
    if (format.numberFormat !== undefined && format.numberFormat.trim() === "") return "a number format is empty";
  }
  if (cells > MAX_FORMATTED_CELLS) {
    return `the ranges cover ${cells.toLocaleString("en-GB")} cells, more than the ${MAX_FORMATTED_CELLS.toLocaleString("en-GB")} one change may format`;
  }
  if (change.columnWidths.length > LAST_COLUMN + 1) return "there are more column widths than the sheet has columns";
  for (const height of change.rowHeights ?? []) {
    if (!Number.isInteger(height.row) || height.row < 0 || height.row > LAST_ROW) return `row ${height.row + 1} is not a row of the sheet`;
    if (!(Number.isFinite(height.points) && height.points >= 0 && height.points <= MAX_ROW_HEIGHT)) return `a row height of ${height.points} points is not one Excel has (0 to ${MAX_ROW_HEIGHT})`;
  }
  for (const width of change.columnWidths) {
    if (width !== null && !(Number.isFinite(width) && width >= 0 && width <= MAX_COLUMN_WIDTH)) return `a column width of ${width} is not one Excel has (0 to ${MAX_COLUMN_WIDTH})`;
  }
  return null;
}

/** The first and last (one-based) rows of "1:6", or null when it is not such a pair. */
export function titleRows(rows: string): { first: number; last: number } | null {
  const match = /^\$?([1-9][0-9]{0,6}):\$?([1-9][0-9]{0,6})$/.exec(rows.trim());
  if (match === null) return null;
  const first = Number(match[1]);
  const last = Number(match[2]);
  return first <= last && last <= LAST_ROW + 1 ? { first, last } : null;
}

/** Why a pageSetup change cannot be written (its sheet apart); null when it can. */
export function pageSetupProblem(change: Extract<Change, { kind: "pageSetup" }>): string | null {
  if (change.printTitleRows !== null && titleRows(change.printTitleRows) === null) return `"${change.printTitleRows}" is not a range of rows to repeat (such as "1:6")`;
  return null;
}

/** Why an addChart change cannot be drawn (its sheet apart); null when it can. */
export function chartProblem(change: Extract<Change, { kind: "addChart" }>): string | null {
  if (plainRange(change.source) === null) return `"${change.source}" is not a range of cells to draw from`;
  if (plainRange(change.anchor) === null) return `"${change.anchor}" is not a range of cells to place the chart over`;
  return null;
}

/** Text for a page header or footer, where "&" begins a code: written "&&" to print as itself. */
function headerText(text: string): string {
  return text.replace(/&/g, "&&");
}

/** The page header in the file format's codes: the marking in bold at the centre (when there is one), the title on the right. */
export function pageHeader(marking: string, title: string): string {
  return `${marking === "" ? "" : `&C&"-,Bold"${headerText(marking)}`}&R${headerText(title)}`;
}

/** The page footer: the marking in bold at the centre (when there is one), "Page n of m" on the right. */
export function pageFooter(marking: string): string {
  return `${marking === "" ? "" : `&C&"-,Bold"${headerText(marking)}`}&RPage &P of &N`;
}

/** Excel's tallest row, in points. */
export const MAX_ROW_HEIGHT = 409;

/**
 * Why a change cannot be written as it is (a bad range, colour, formula, size or name),
 * its sheet apart (each host checks that against its own sheets); null when it can.
 */
export function changeProblem(change: Change): string | null {
  switch (change.kind) {
    case "conditionalFormat":
      return conditionalFormatProblem(change);
    case "setBlock":
      return blockProblem(change);
    case "formatCells":
      return formatCellsProblem(change);
    case "pageSetup":
      return pageSetupProblem(change);
    case "addChart":
      return chartProblem(change);
    case "createSheet":
      return sheetNameProblem(change.sheet);
    case "renameSheet":
      return sheetNameProblem(change.to);
    default:
      return null;
  }
}

/**
 * For the end of a switch over change kinds: a type error where a kind is missed, and the
 * words to refuse one that still comes (from a newer core) with.
 */
export function unknownKind(change: never): string {
  const value: unknown = change;
  const kind: unknown = typeof value === "object" && value !== null && "kind" in value ? value.kind : value;
  return `this version of Grant Planner cannot write a change of kind "${String(kind)}"`;
}

/**
 * Follows an action's changes over the workbook's sheets, in order, as a host will write
 * them: the first change whose sheet is missing, whose new name is taken (ignoring case) or
 * is not a sheet name, or that would delete the only visible sheet, refuses the whole
 * action, in these words; null when the sheets allow every change. Writing cells or a
 * table onto a sheet that is not there makes it (as the hosts' own setup does).
 */
export function sheetsRefusal(existing: readonly { readonly name: string; readonly hidden: boolean }[], changes: readonly Change[]): string | null {
  const sheets = existing.map((s) => ({ name: s.name, hidden: s.hidden }));
  const find = (name: string): number => sheets.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
  const refused = (change: Change, why: string): string => `${describeChange(change)} was not written: ${why}. None of the action's changes were written.`;
  for (const change of changes) {
    switch (change.kind) {
      case "expect":
      case "appendRows":
        break;
      case "createSheet": {
        const taken = find(change.sheet);
        if (taken >= 0) return refused(change, `the workbook already has a sheet called "${sheets[taken]?.name ?? change.sheet}"`);
        const problem = sheetNameProblem(change.sheet);
        if (problem !== null) return refused(change, problem);
        sheets.push({ name: change.sheet, hidden: change.hidden });
        break;
      }
      case "createTable":
      case "setCells":
        if (find(change.sheet) < 0) sheets.push({ name: change.sheet, hidden: false });
        break;
      case "conditionalFormat":
      case "setBlock":
      case "formatCells":
      case "pageSetup":
      case "addChart":
        if (find(change.sheet) < 0) return refused(change, `there is no sheet "${change.sheet}"`);
        break;
      case "deleteSheet": {
        const at = find(change.sheet);
        if (at < 0) return refused(change, `there is no sheet "${change.sheet}"`);
        if (sheets[at]?.hidden === false && sheets.filter((s) => !s.hidden).length === 1) return refused(change, `"${change.sheet}" is the workbook's only visible sheet`);
        sheets.splice(at, 1);
        break;
      }
      case "renameSheet": {
        const at = find(change.sheet);
        const renamed = sheets[at];
        if (renamed === undefined) return refused(change, `there is no sheet "${change.sheet}"`);
        const problem = sheetNameProblem(change.to);
        if (problem !== null) return refused(change, problem);
        const taken = find(change.to);
        if (taken >= 0 && taken !== at) return refused(change, `the workbook already has a sheet called "${sheets[taken]?.name ?? change.to}"`);
        renamed.name = change.to;
        break;
      }
      default:
        return refused(change, unknownKind(change));
    }
  }
  return null;
}

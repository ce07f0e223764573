/**
 * The board summary laid out on a sheet (docs/summary.md, "The Summary sheet"): the
 * heading lines, the summary's tables, the charts' place and the figures they draw, with
 * the formats and page setup that make it print as a board pack. One layout serves the
 * Summary sheet the add-in owns inside the plan and the exported summary workbook.
 *
 * The Summary sheet inside the plan is rebuilt on every refresh. It carries a check of
 * its own values (a hash, in the stamp line under the heading), so that a refresh can
 * tell whether someone has typed on it since: then the person is warned and may keep the
 * old sheet under another name. A sheet called "Summary" without the stamp is someone's
 * own and is never deleted.
 */
import { a1, type CellValue } from "../cell";
import type { CellFormat, CellInput, Change } from "../changes";
import { formatDateGB, type IsoDate, type Quarter } from "../periods";
import type { RawWorkbook } from "../raw";
import { formatAsAt } from "../returns/quarters";
import { MONEY_FORMAT, SUMMARY_SHEET } from "../schema";
import type { Plan } from "../model";
import { chartRows, summaryCharts, type SummaryChart } from "./charts";
import { type BoardSummary, summaryOf } from "./summary";
import { type ColumnKind, type SummaryCell, type SummaryTable, summaryTables } from "./tables";

/** The title of every summary: the first heading line after the marking, and the page header's right. */
export const SUMMARY_TITLE = "Grant Planner summary";

/** How each kind of column is shown: pounds and pence, one decimal and a % sign, whole numbers. */
export const KIND_FORMATS: Readonly<Record<Exclude<ColumnKind, "text">, string>> = {
  money: MONEY_FORMAT,
  percent: '0.0"%"',
  count: "#,##0",
};

export interface SummaryHeading {
  /** The plan's protective marking, "" for none: the first line when set. */
  readonly marking: string;
  /** What the plan is called (its file name); "" when not known, and then not shown. */
  readonly planName: string;
  /** The IDs of the grants the summary holds. */
  readonly grantIds: readonly string[];
  readonly asAt: Quarter;
  readonly generatedOn: IsoDate;
  /** Who made it, e.g. "grant-planner 1.0.0" or "the Grant Planner add-in". */
  readonly generatedBy: string;
}

/** The heading lines, one cell each, at the top of every summary and repeated on every printed page. */
export function summaryHeadingLines(h: SummaryHeading): string[] {
  return [
    ...(h.marking === "" ? [] : [h.marking]),
    SUMMARY_TITLE,
    ...(h.planName === "" ? [] : [`Plan: ${h.planName}`]),
    `Grants: ${h.grantIds.length === 0 ? "none" : h.grantIds.join(", ")}`,
    `As at: ${formatAsAt(h.asAt)}`,
    `Generated on ${formatDateGB(h.generatedOn)} by ${h.generatedBy}`,
  ];
}

/** Rows kept free for the native charts, under the heading, when they are drawn. */
export const CHART_ROWS = 18;
/** Said where the charts would be when the summary was built without Excel (docs/summary.md, "Charts"). */
export const CHARTS_NOTE =
  'Charts: drawn on this sheet when "Refresh summary" is run from the Grant Planner add-in in Excel. The figures they show are under "Chart data" at the end of this sheet.';

/** A chart placed on the sheet: its data (header row and rows) and the cells it covers. */
export interface PlacedChart {
  readonly chart: SummaryChart;
  readonly source: string;
  readonly anchor: string;
}

export interface SummaryLayout {
  /** Every row from A1 down; null is an empty cell. */
  readonly rows: readonly (readonly CellInput[])[];
  readonly formats: readonly CellFormat[];
  readonly columnWidths: readonly number[];
  /** Rows whose wrapped text takes more than one line, with the height that shows it all. */
  readonly rowHeights: readonly { readonly row: number; readonly points: number }[];
  /** The heading rows, "1:6", repeated on every printed page. */
  readonly printTitleRows: string | null;
  /** The charts to draw (none when built without Excel). */
  readonly charts: readonly PlacedChart[];
  /** Zero-based row of the stamp line; null when the layout has none (an export). */
  readonly stampRow: number | null;
}

export interface LayoutOptions {
  /** Draw the native charts (Excel) or write CHARTS_NOTE in their place (files). */
  readonly drawCharts: boolean;
  /** Add the stamp line that lets a refresh tell an edited sheet (the sheet inside the plan). */
  readonly stamp: boolean;
}

/** The narrowest and widest a column is made, in characters; longer text wraps. */
const MIN_WIDTH = 8;
const MAX_WIDTH = 50;

/** About how many characters a cell takes when shown in its column's format. */
export function shownLength(value: SummaryCell, kind: ColumnKind): number {
  if (value === null) return 0;
  if (typeof value === "string") return value.includes("\n") ? Math.max(...value.split("\n").map((line) => line.length)) : value.length;
  // Counted, not formatted: a summary has hundreds of thousands of figures.
  const whole = String(Math.trunc(Math.abs(value))).length;
  const grouped = whole + Math.floor((whole - 1) / 3) + (value < 0 ? 1 : 0);
  if (kind === "money") return grouped + 4; // "£" and ".00"
  if (kind === "percent") return value.toFixed(1).length + 1;
  return grouped;
}

/** A row's height in points for each line of text it shows (Calibri 11, as Excel and LibreOffice show it). */
export const POINTS_PER_LINE = 15;

/** How many lines a text takes in a column `width` characters wide, wrapped between words. */
function linesIn(text: string, width: number): number {
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(" ")) {
      const length = word.length;
      if (line > 0 && line + 1 + length > width) {
        lines += Math.ceil(length / width);
        line = length % width;
      } else {
        line += (line > 0 ? 1 : 0) + length;
        while (line > width) {
          lines++;
          line -= width;
        }
      }
    }
  }
  return lines;
}

/** The chart's figures as a table on the sheet, so Excel's chart draws from cells and a reader sees them too. */
function chartTable(chart: SummaryChart): SummaryTable {
  return {
    title: `Chart data: ${chart.title}`,
    headers: [chart.categoryName, ...chart.series.map((s) => s.name)],
    kinds: ["text", ...chart.series.map((): ColumnKind => chart.valueKind)],
    rows: chartRows(chart),
  };
}

/** Where each of up to three charts sits in the rows kept for them: side by side across the columns. */
const CHART_COLUMNS: readonly (readonly [number, number])[] = [
  [0, 2],
  [3, 5],
  [6, 9],
];

/**
 * The summary on a sheet: heading lines, (stamp,) the charts' rows or their note, each table
 * (title, headers, rows; a blank row before), then the charts' data. Text is written as
 * text whatever it starts with: no cell of the layout is a formula.
 */
export function summaryLayout(heading: readonly string[], tables: readonly SummaryTable[], charts: readonly SummaryChart[], options: LayoutOptions): SummaryLayout {
  const rows: CellInput[][] = heading.map((h) => [h]);
  const formats: CellFormat[] = [];
  const widths: number[] = [];
  /** Text cells that wrap, by row: laid out once the columns' widths are known. */
  const wrapped: { readonly row: number; readonly column: number; readonly text: string }[] = [];
  if (heading.length > 0) formats.push({ range: "A1", bold: true });
  const stampRow = options.stamp ? rows.length : null;
  if (options.stamp) rows.push([""]);
  rows.push([]);
  const chartTop = rows.length;
  if (options.drawCharts) {
    for (let i = 0; i < CHART_ROWS; i++) rows.push([]);
  } else {
    rows.push([CHARTS_NOTE]);
  }
  const chartSources: string[] = [];
  const addTable = (table: SummaryTable): string => {
    rows.push([], [table.title]);
    formats.push({ range: a1(rows.length - 1, 0), bold: true, fontSize: 12 });
    const headerRow = rows.length;
    rows.push([...table.headers]);
    const last = Math.max(0, table.headers.length - 1);
    // Headers are short and their columns are made as wide as them: a header never wraps.
    formats.push({ range: `${a1(headerRow, 0)}:${a1(headerRow, last)}`, bold: true });
    for (const row of table.rows) rows.push([...row]);
    const lastRow = rows.length - 1;
    // Every cell of a row starts at its top, beside a wrapped text that makes the row taller.
    if (table.rows.length > 0) formats.push({ range: `${a1(headerRow + 1, 0)}:${a1(lastRow, last)}`, vertical: "top" });
    table.headers.forEach((header, c) => {
      const kind = table.kinds[c] ?? "text";
      let longest = header.length;
      let wraps = false;
      table.rows.forEach((row, r) => {
        const value = row[c] ?? null;
        const length = shownLength(value, kind);
        longest = Math.max(longest, length);
        if (typeof value === "string" && (length > MAX_WIDTH || value.includes("\n"))) {
          wraps = true;
          wrapped.push({ row: headerRow + 1 + r, column: c, text: value });
        }
      });
      widths[c] = Math.max(widths[c] ?? 0, longest);
      if (kind !== "text") {
        formats.push({ range: a1(headerRow, c), horizontal: "right" });
        if (table.rows.length > 0) formats.push({ range: `${a1(headerRow + 1, c)}:${a1(lastRow, c)}`, numberFormat: KIND_FORMATS[kind] });
      } else if (wraps) {
        formats.push({ range: `${a1(headerRow + 1, c)}:${a1(lastRow, c)}`, wrap: true });
      }
    });
    return `${a1(headerRow, 0)}:${a1(lastRow, last)}`;
  };
  for (const table of tables) addTable(table);
  for (const chart of charts) {
    chartSources.push(addTable(chartTable(chart)));
    if (chart.note !== null) rows.push([chart.note]);
  }
  const placed: PlacedChart[] = [];
  if (options.drawCharts) {
    charts.forEach((chart, i) => {
      const columns = CHART_COLUMNS[i];
      const source = chartSources[i];
      if (columns === undefined || source === undefined || chart.categories.length === 0) return;
      placed.push({ chart, source, anchor: `${a1(chartTop, columns[0])}:${a1(chartTop + CHART_ROWS - 2, columns[1])}` });
    });
  }
  const columnWidths = widths.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)));
  const lines = new Map<number, number>();
  for (const cell of wrapped) {
    // A column's width holds about that many characters less the cell's margins.
    const n = linesIn(cell.text, Math.max(1, (columnWidths[cell.column] ?? MAX_WIDTH) - 1));
    lines.set(cell.row, Math.max(lines.get(cell.row) ?? 1, n));
  }
  const rowHeights = [...lines].filter(([, n]) => n > 1).map(([row, n]) => ({ row, points: n * POINTS_PER_LINE }));
  const layout: SummaryLayout = {
    rows,
    formats,
    columnWidths,
    rowHeights,
    printTitleRows: heading.length > 0 ? `1:${heading.length}` : null,
    charts: placed,
    stampRow,
  };
  if (stampRow !== null) {
    const stampRowCells = rows[stampRow];
    if (stampRowCells !== undefined) stampRowCells[0] = stampText(valuesCheck(rows, stampRow));
  }
  return layout;
}

/** The exported workbook's layout: values only, no stamp and, with no Excel to draw them, no charts (docs/summary.md). */
export function exportLayout(built: { readonly heading: readonly string[]; readonly tables: readonly SummaryTable[]; readonly charts: readonly SummaryChart[] }): SummaryLayout {
  return summaryLayout(built.heading, built.tables, built.charts, { drawCharts: false, stamp: false });
}

/** The changes that write a layout onto `sheet`, a sheet that exists and is empty. */
export function layoutChanges(sheet: string, layout: SummaryLayout, page: { readonly marking: string; readonly title: string }): Change[] {
  const changes: Change[] = [
    { kind: "setBlock", sheet, row: 0, column: 0, rows: layout.rows, label: `Write the summary on "${sheet}" (${layout.rows.length.toLocaleString("en-GB")} rows)` },
    { kind: "formatCells", sheet, formats: layout.formats, columnWidths: layout.columnWidths, rowHeights: layout.rowHeights, label: `Format the summary on "${sheet}"` },
    { kind: "pageSetup", sheet, printTitleRows: layout.printTitleRows, marking: page.marking, title: page.title },
  ];
  for (const placed of layout.charts) {
    changes.push({ kind: "addChart", sheet, chart: placed.chart.kind, title: placed.chart.title, source: placed.source, anchor: placed.anchor });
  }
  return changes;
}

// ---- The Summary sheet inside the plan: its stamp, and whether someone edited it ----

const STAMP_START = "Built by Grant Planner.";
const STAMP_PATTERN = /\(check ([0-9a-f]{8})\)$/;
/** Stamp lines are short; a longer cell is not read as one. */
const STAMP_MAX_LENGTH = 300;
/** The stamp is looked for in column A of this many first rows. */
const STAMP_ROWS = 12;

function stampText(check: string): string {
  return `${STAMP_START} "Refresh summary" rebuilds this sheet: anything typed or changed on it is not kept (check ${check})`;
}

/** A cell as the check counts it; "" for an empty cell (not counted). */
function canonical(value: CellValue | CellInput): string {
  if (value === null) return "";
  if (typeof value === "number") return `n${Number(value.toPrecision(15))}`;
  if (typeof value === "string") return value === "" ? "" : `s${value}`;
  if (typeof value === "boolean") return `b${value}`;
  if ("error" in value) return `e${value.error}`;
  if ("uncalculated" in value) return `u${value.uncalculated}`;
  return `f${value.formula}`;
}

/**
 * A check (32-bit FNV-1a, 8 hex digits) of every non-empty cell but the stamp's, by
 * position and value, numbers to Excel's 15 digits: the same for the values written and
 * for the values a host reads back, and different after almost any edit.
 */
export function valuesCheck(rows: readonly (readonly (CellValue | CellInput)[])[], stampRow: number | null): string {
  let hash = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  };
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (r === stampRow && c === 0) return;
      const text = canonical(value);
      if (text !== "") add(`${r},${c}=${text}\u0000`);
    });
  });
  return (hash >>> 0).toString(16).padStart(8, "0");
}

export type SummarySheetState =
  /** There is no sheet of that name: the summary is simply written. */
  | { readonly kind: "absent" }
  /** The add-in built it and nobody has changed its values since: it is rebuilt. */
  | { readonly kind: "unchanged" }
  /** The add-in built it and its values were changed since: warn, and offer to keep a copy. */
  | { readonly kind: "edited" }
  /** Too large to check: treated like an edited sheet. */
  | { readonly kind: "unreadable" }
  /** A sheet of that name the add-in did not build: never deleted, only kept under another name. */
  | { readonly kind: "foreign" };

/** Whether the Summary sheet exists, and if so whether it is the add-in's, as built. */
export function summarySheetState(raw: RawWorkbook, sheet: string = SUMMARY_SHEET): SummarySheetState {
  const exists = raw.sheets.some((s) => s.name.toLowerCase() === sheet.toLowerCase());
  if (!exists) return { kind: "absent" };
  const owned = raw.ownedSheets?.find((o) => o.sheet.toLowerCase() === sheet.toLowerCase());
  if (owned === undefined || owned.values === null) return { kind: "unreadable" };
  const values = owned.values;
  for (let r = 0; r < Math.min(STAMP_ROWS, values.length); r++) {
    const cell = values[r]?.[0];
    if (typeof cell !== "string" || cell.length > STAMP_MAX_LENGTH || !cell.startsWith(STAMP_START)) continue;
    const check = STAMP_PATTERN.exec(cell)?.[1];
    if (check === undefined) continue;
    return valuesCheck(values, r) === check ? { kind: "unchanged" } : { kind: "edited" };
  }
  return { kind: "foreign" };
}

/** The first free name for keeping the old sheet: "Summary (old)", "Summary (old 2)", … */
export function keptSheetName(raw: RawWorkbook, sheet: string = SUMMARY_SHEET): string {
  const taken = new Set(raw.sheets.map((s) => s.name.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = `${sheet} (old${n === 1 ? "" : ` ${n}`})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** What to do with the Summary sheet that is there: replace it, or keep it under another name. */
export type RefreshChoice = "replace" | "keep";

/**
 * The changes that (re)build the Summary sheet: written anew when there is none; otherwise
 * the old one is deleted ("replace", refused for a sheet the add-in did not build) or
 * renamed to `keptSheetName` ("keep"), then the sheet is made again. Null when the choice
 * is refused.
 */
export function refreshSummaryChanges(raw: RawWorkbook, layout: SummaryLayout, page: { readonly marking: string; readonly title: string }, choice: RefreshChoice, sheet: string = SUMMARY_SHEET): Change[] | null {
  const state = summarySheetState(raw, sheet);
  const existing = raw.sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase())?.name ?? sheet;
  const before: Change[] = [];
  if (state.kind !== "absent") {
    if (choice === "replace" && state.kind === "foreign") return null;
    before.push(choice === "replace" ? { kind: "deleteSheet", sheet: existing } : { kind: "renameSheet", sheet: existing, to: keptSheetName(raw, sheet) });
  }
  return [...before, { kind: "createSheet", sheet, hidden: false }, ...layoutChanges(sheet, layout, page)];
}

// ---- From a plan to the summary's parts, the same for the sheet, the exports and the pane ----

/** The plan setting whose value is carried as the first line of every summary and into exports' headers and properties. */
export const MARKING_SETTING = "Protective marking";

/** The plan's protective marking (e.g. "OFFICIAL-SENSITIVE"); "" when none is set. */
export function markingOf(settings: Readonly<Record<string, CellValue>> | null): string {
  const value = settings?.[MARKING_SETTING];
  return typeof value === "string" ? value.trim() : "";
}

export interface SummaryRequest {
  readonly asAt: Quarter;
  /** One grant's summary; null for every grant. */
  readonly grantId: string | null;
  readonly planName: string;
  readonly marking: string;
  readonly today: IsoDate;
  readonly generatedBy: string;
}

export interface BuiltSummary {
  readonly board: BoardSummary;
  readonly tables: readonly SummaryTable[];
  readonly charts: readonly SummaryChart[];
  readonly heading: readonly string[];
}

/** The board summary of a plan with its tables, charts and heading lines. */
export function buildSummary(plan: Plan, request: SummaryRequest): BuiltSummary {
  const board = summaryOf(plan, request.asAt, request.grantId === null ? {} : { grantId: request.grantId });
  return {
    board,
    tables: summaryTables(board),
    charts: summaryCharts(board),
    heading: summaryHeadingLines({
      marking: request.marking,
      planName: request.planName,
      grantIds: board.grants.map((g) => g.id),
      asAt: request.asAt,
      generatedOn: request.today,
      generatedBy: request.generatedBy,
    }),
  };
}

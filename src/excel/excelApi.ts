/**
 * The part of the Office.js Excel object model that the Excel host uses, written as
 * narrow structural interfaces. The real `Excel.RequestContext` is assignable to
 * `ExcelContext` (index.ts passes it straight through, so the compiler checks it), and a
 * test double can implement these without casts.
 *
 * Requirement sets (checked at runtime where they go beyond ExcelApi 1.4):
 *  - worksheets / tables `getItemOrNullObject`, `getUsedRangeOrNullObject`: ExcelApi 1.4
 *  - `TableCollection.items` loaded by name: 1.1
 *  - `Worksheet.visibility` read 1.1, write 1.2; `RangeFormat.columnWidth` (points): 1.2
 *  - `Range.insert`: 1.1
 *  - `Range.getRowsBelow`, `getResizedRange`, `Table.worksheet`: 1.2
 *  - `TableCollection.add` with a Range object: 1.3; `TableRowCollection.add` of many rows: 1.4
 *  - `Range.dataValidation`: 1.8; `Range.copyFrom`: 1.9
 *  - `Range.getMergedAreasOrNullObject`, `Table.resize`: 1.13
 *  - `Table.showHeaders`, `showTotals`, `getDataBodyRange`, `columns`, `rows.add` of one row,
 *    `TableRow.getRange`, `Application.calculationMode` (read): 1.1
 *  - `Excel.run` option `delayForCellEdit`: 1.11; `mergeUndoGroup`: 1.20
 *  - `Range.conditionalFormats` (ConditionalFormatCollection.add, ConditionalFormat.stopIfTrue,
 *    CustomConditionalFormat rule and format): 1.6
 *  - `Worksheet.delete`, `Worksheet.name` (write), `RangeFormat.wrapText`, `horizontalAlignment`,
 *    `verticalAlignment`, `RangeFont.bold` / `size`, `ChartCollection.add`, `Chart.title`,
 *    `Chart.setPosition`: 1.1
 *  - `Worksheet.pageLayout` (orientation, paperSize, zoom, setPrintTitleRows, headersFooters): 1.9
 *  - `Excel.createWorkbook`: 1.8
 */

/** A value written through `Range.formulas`: "=…" is a formula, "" clears the cell. */
export type CellWrite = string | number | boolean;

export interface ExcelRunOptions {
  /**
   * Excel waits until the person leaves cell-edit mode instead of failing the batch
   * (Excel.RunOptions.delayForCellEdit, learn.microsoft.com/javascript/api/excel/excel.runoptions:
   * "When false, if the user is in cell edit when the batch request is processed by the
   * host, the batch automatically fails. When true, … the batch request is delayed until
   * the user exits cell edit mode." The default is false.)
   */
  readonly delayForCellEdit?: boolean;
  /**
   * All syncs of one run become one undo step (ExcelApi 1.20). A call that does not
   * support undo then fails with UNDO_NOT_SUPPORTED instead.
   */
  readonly mergeUndoGroup?: boolean;
}

/** Runs a batch against the workbook: `(batch, options) => Excel.run(options, batch)` in Excel. */
export type ExcelRun = <T>(batch: (context: ExcelContext) => Promise<T>, options: ExcelRunOptions) => Promise<T>;

/**
 * `Excel.createWorkbook(base64)` (ExcelApi 1.8): "Creates and opens a new workbook. Optionally,
 * the workbook can be pre-populated with a Base64-encoded .xlsx file."
 */
export type CreateWorkbook = (base64: string) => Promise<void>;

/** `Office.context.requirements.isSetSupported`, e.g. ("ExcelApi", "1.13"). */
export type RequirementCheck = (name: string, minVersion: string) => boolean;

export interface ExcelContext {
  readonly workbook: ExcelWorkbookApi;
  sync(): Promise<unknown>;
}

export interface ExcelWorkbookApi {
  readonly worksheets: ExcelWorksheetCollection;
  readonly tables: ExcelTableCollection;
  readonly application: ExcelApplication;
}

export interface ExcelApplication {
  /**
   * "Automatic", "AutomaticExceptTables" or "Manual" (Excel.Application.calculationMode,
   * learn.microsoft.com/javascript/api/excel/excel.application: "Manual, where calculation
   * is done when the user requests it"; a runtime property, not saved in the workbook).
   */
  readonly calculationMode: string;
  load(propertyNames: string): unknown;
}

export interface ExcelWorksheetCollection {
  readonly items: ExcelWorksheet[];
  load(propertyNames: string): unknown;
  getItem(key: string): ExcelWorksheet;
  getItemOrNullObject(key: string): ExcelWorksheet;
  add(name?: string): ExcelWorksheet;
}

export interface ExcelWorksheet {
  readonly isNullObject: boolean;
  /** Read once loaded; written to rename the sheet ("The name must be fewer than 32 characters"). */
  name: string;
  /** "Visible", "Hidden" or "VeryHidden". */
  visibility: string;
  readonly tables: ExcelWorksheetTables;
  load(propertyNames: string): unknown;
  getRange(address?: string): ExcelRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): ExcelRange;
  activate(): void;
  /**
   * Deletes the sheet (Worksheet.delete, learn.microsoft.com/javascript/api/excel/excel.worksheet:
   * "if the worksheet's visibility is set to "VeryHidden", the delete operation will fail with an
   * `InvalidOperation` exception").
   */
  delete(): void;
  readonly charts: ExcelChartCollection;
  /** ExcelApi 1.9. */
  readonly pageLayout: ExcelPageLayout;
}

/** Excel.ChartCollection (ExcelApi 1.1). */
export interface ExcelChartCollection {
  /** `type` is an Excel.ChartType ("Pie", "BarClustered", "ColumnClustered", …). */
  add(type: string, sourceData: ExcelRange, seriesBy?: "Auto" | "Columns" | "Rows"): ExcelChart;
}

/** Excel.Chart (ExcelApi 1.1). */
export interface ExcelChart {
  readonly title: { text: string };
  /** Places the chart from `startCell`; with `endCell`, "the chart's width and height will be set to fully cover up this cell/range". */
  setPosition(startCell: ExcelRange | string, endCell?: ExcelRange | string): void;
}

/** Excel.PageLayout (ExcelApi 1.9). */
export interface ExcelPageLayout {
  /** "Portrait" or "Landscape". */
  orientation: string;
  /** An Excel.PaperType, e.g. "A4". */
  paperSize: string;
  /** Must be set as a whole object ("use `x.zoom = {...}` instead of `x.zoom.scale = ...`"). */
  zoom: ExcelPageLayoutZoom;
  /** "The range must span the entire row to be valid", e.g. "1:6". */
  setPrintTitleRows(printTitleRows: ExcelRange | string): void;
  readonly headersFooters: { readonly defaultForAllPages: ExcelHeaderFooter };
}

/** Excel.PageLayoutZoomOptions: pages to fit across and down, or a percentage scale. */
export interface ExcelPageLayoutZoom {
  horizontalFitToPages?: number;
  verticalFitToPages?: number;
  scale?: number;
}

/**
 * Excel.HeaderFooter (ExcelApi 1.9): each part is text with Excel's header and footer codes
 * (learn.microsoft.com/previous-versions/office/developer/office-2007/bb225426(v=office.12),
 * which the reference links to): "&B" turns bold on or off, "&P" is the page number, "&N"
 * the number of pages, "&&" one ampersand.
 */
export interface ExcelHeaderFooter {
  centerHeader: string;
  rightHeader: string;
  centerFooter: string;
  rightFooter: string;
}

export interface ExcelWorksheetTables {
  add(address: ExcelRange | string, hasHeaders: boolean): ExcelTable;
}

export interface ExcelTableCollection {
  readonly items: ExcelTable[];
  load(propertyNames: string): unknown;
  getItem(key: string): ExcelTable;
  getItemOrNullObject(key: string): ExcelTable;
}

export interface ExcelTable {
  readonly isNullObject: boolean;
  name: string;
  style: string;
  /** Whether the header row is shown (a table can have none). */
  readonly showHeaders: boolean;
  /** Whether the Total Row is shown; `getRange()` then includes it. */
  readonly showTotals: boolean;
  readonly worksheet: ExcelWorksheet;
  readonly rows: ExcelTableRows;
  readonly columns: ExcelTableColumns;
  load(propertyNames: string): unknown;
  /** The whole table: header row and Total Row included when shown. */
  getRange(): ExcelRange;
  /** The data body only: no header row, no Total Row. */
  getDataBodyRange(): ExcelRange;
  resize(newRange: ExcelRange | string): void;
}

export interface ExcelTableRows {
  /** Adds rows at the end of the data body (above the Total Row), shifting what is below down. */
  add(index?: number, values?: CellWrite[][], alwaysInsert?: boolean): ExcelTableRow;
}

export interface ExcelTableRow {
  getRange(): ExcelRange;
}

export interface ExcelTableColumns {
  /** Loaded with "items/name": the column names, whether or not the header row is shown. */
  readonly items: { readonly name: string }[];
  load(propertyNames: string): unknown;
}

export interface ExcelRange {
  readonly isNullObject: boolean;
  /** Sheet-qualified A1 address, e.g. "'Priority areas'!A1:B7". */
  readonly address: string;
  readonly values: unknown[][];
  /** "Empty", "String", "Double", "Boolean", "Error", … per cell. */
  readonly valueTypes: string[][];
  /**
   * Read: the formula of each cell ("=…"), or its value where it has none. Written: null
   * inside the array leaves that cell as it is ("null input in 2-D Array",
   * learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values), "" clears it.
   */
  formulas: (CellWrite | null)[][];
  /** Written only; null inside the array leaves that cell's format as it is (same page). */
  numberFormat: (string | null)[][];
  readonly format: ExcelRangeFormat;
  readonly dataValidation: ExcelDataValidation;
  /** The conditional formats that overlap the range (ExcelApi 1.6). */
  readonly conditionalFormats: ExcelConditionalFormats;
  load(propertyNames: string): unknown;
  getMergedAreasOrNullObject(): ExcelRangeAreas;
  getRowsBelow(count?: number): ExcelRange;
  getResizedRange(deltaRows: number, deltaColumns: number): ExcelRange;
  getLastRow(): ExcelRange;
  /**
   * Inserts blank cells in place of this range, shifting the cells there down (or right),
   * and returns the range of the blank cells (ExcelApi 1.1).
   */
  insert(shift: "Down" | "Right"): ExcelRange;
  copyFrom(sourceRange: ExcelRange | ExcelRangeAreas | string, copyType?: "All" | "Formulas" | "Values" | "Formats" | "Link"): void;
  select(): void;
}

export interface ExcelRangeFormat {
  /** Width of every column in the range, in points. */
  columnWidth: number;
  /** Height of every row in the range, in points (ExcelApi 1.2). */
  rowHeight: number;
  wrapText: boolean;
  /** "General", "Left", "Center", "Right", … */
  horizontalAlignment: string;
  /** "Top", "Center", "Bottom", … */
  verticalAlignment: string;
  readonly font: { bold: boolean; size: number };
}

export interface ExcelDataValidation {
  rule: ExcelValidationRule;
}

export interface ExcelValidationRule {
  list?: { inCellDropDown: boolean; source: unknown };
  decimal?: { formula1: unknown; operator: string };
}

/**
 * Excel.ConditionalFormatCollection (learn.microsoft.com/javascript/api/excel/excel.conditionalformatcollection,
 * ExcelApi 1.6): `add` "Adds a new conditional format to the collection at the first/top
 * priority", so rules added one after another end up in the reverse order.
 */
export interface ExcelConditionalFormats {
  add(type: "Custom"): ExcelConditionalFormat;
}

/** Excel.ConditionalFormat (ExcelApi 1.6). */
export interface ExcelConditionalFormat {
  /** "If the conditions of this conditional format are met, no lower-priority formats shall take effect on that cell." */
  stopIfTrue: boolean;
  /** The rule and format of a format added as type Custom ("Use a formula to determine which cells to format"). */
  readonly custom: ExcelCustomConditionalFormat;
}

/** Excel.CustomConditionalFormat (ExcelApi 1.6). */
export interface ExcelCustomConditionalFormat {
  /**
   * Excel.ConditionalFormatRule: `formula` is A1 text with its "=" (the Office Add-ins guide
   * "Apply conditional formatting to Excel ranges" writes `custom.rule.formula = '=IF(B8>…)'`),
   * relative references written for the range's top-left cell.
   */
  readonly rule: { formula: string };
  readonly format: {
    /** Excel.ConditionalRangeFill.color: "HTML color code … in the form #RRGGBB … or as a named HTML color". */
    readonly fill: { color: string };
    /** Excel.ConditionalRangeFont.color: "HTML color code representation of the text color (e.g., #FF0000 represents Red)". */
    readonly font: { color: string };
  };
}

export interface ExcelRangeAreas {
  readonly isNullObject: boolean;
  /** Comma-separated sheet-qualified areas, e.g. "Lines!C5:D5, Lines!C7:D7". */
  readonly address: string;
  load(propertyNames: string): unknown;
}

/** What Office.js rejects a sync with: `OfficeExtension.Error` carries a code and a message. */
export interface ExcelError {
  readonly code: string;
  readonly message: string;
}

export function isExcelError(error: unknown): error is ExcelError {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

/** Excel.ErrorCodes.invalidOperationInCellEditMode: the person is typing in a cell. */
export const CELL_EDIT_MODE = "InvalidOperationInCellEditMode";

/**
 * A call inside an `Excel.run` with `mergeUndoGroup: true` that cannot be undone ("Undo
 * support with the Excel JavaScript API", learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities:
 * "If an API within the group doesn't offer undo support, the UndoNotSupported error is
 * thrown"). That page lists the calls without undo support; among those this host could
 * make is `Worksheet.visibility` (not supported in Excel on Windows and on Mac).
 */
export const UNDO_NOT_SUPPORTED = "UndoNotSupported";

/**
 * Excel on the web refuses a request or a response over 5 MB ("Resource limits and
 * performance optimization for Office Add-ins", section "Excel add-ins"), with these codes
 * from the error-code table of "Error handling with the application-specific JavaScript
 * APIs" ("This error only occurs in Office on the web"):
 *  - RequestPayloadSizeLimitExceeded: "The request payload size has exceeded the limit."
 *  - ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit."
 *    (also `Excel.ErrorCodes.responsePayloadSizeLimitExceeded` in the Office.js types)
 */
export const PAYLOAD_LIMIT_CODES: ReadonlySet<string> = new Set(["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded"]);

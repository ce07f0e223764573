/**
 * The Office.js host behind the workbook port: the settings, and which module does what.
 * Reading is in read.ts (one sync, whatever the number of rows), writing in write.ts (one
 * check sync where an action carries expectations or adds rows, then one write sync), the
 * rules for Excel's refusals and run options in policy.ts. Every `Excel.run` asks Excel to
 * wait out cell-edit mode where it can (`delayForCellEdit`); a refusal for it all the same
 * is retried a bounded number of times, reads and writes alike. `openWorkbook` opens an
 * exported workbook in a window of its own where Excel can (`Excel.createWorkbook`, ExcelApi 1.8).
 */
import type { Change } from "../plan/changes";
import type { RawWorkbook } from "../plan/raw";
import type { ApplyOutcome, WorkbookPort } from "../workbook/port";
import type { CreateWorkbook, ExcelRun, ExcelRunOptions, RequirementCheck } from "./excelApi";
import { baseRunOptions, type RetryPolicy, withCellEditRetries } from "./policy";
import { readWorkbook } from "./read";

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
   * Largest estimated response per sync of the block read, in bytes of JSON (default
   * 2,000,000: well below the 5 MB response limit of Excel on the web). Used only when
   * Excel refuses the one-sync read for its size.
   */
  readonly maxResponseBytes?: number;
  /** Rows written per range assignment when a table is created (default 2,000). */
  readonly rowsPerChunk?: number;
  /** Style given to the tables the add-in creates. */
  readonly tableStyle?: string;
  /** `Excel.createWorkbook` (ExcelApi 1.8); without it `openWorkbook` says "unsupported". */
  readonly createWorkbook?: CreateWorkbook;
}

const DEFAULTS = {
  cellEditRetries: 3,
  retryDelayMs: 400,
  maxRequestBytes: 4_000_000,
  maxResponseBytes: 2_000_000,
  rowsPerChunk: 2_000,
  tableStyle: "TableStyleMedium2",
} as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ExcelWorkbook implements WorkbookPort {
  readonly kind = "excel" as const;
  private readonly isSetSupported: RequirementCheck;
  private readonly retry: RetryPolicy;
  private readonly options: ExcelWorkbookOptions;

  constructor(
    private readonly run: ExcelRun,
    options: ExcelWorkbookOptions = {},
  ) {
    this.options = options;
    this.isSetSupported = options.isSetSupported ?? (() => true);
    this.retry = {
      cellEditRetries: options.cellEditRetries ?? DEFAULTS.cellEditRetries,
      retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
      delay: options.delay ?? sleep,
    };
  }

  private readonly supports = (version: string): boolean => this.isSetSupported("ExcelApi", version);

  private runOptions(): ExcelRunOptions {
    return baseRunOptions(this.supports);
  }

  read(): Promise<RawWorkbook> {
    const settings = {
      run: this.run,
      runOptions: this.runOptions(),
      maxResponseBytes: Math.max(1, this.options.maxResponseBytes ?? DEFAULTS.maxResponseBytes),
    };
    return withCellEditRetries(this.retry, () => readWorkbook(settings));
  }

  /**
   * Writing's code is fetched the first time something is written, not with the pane: the
   * pane shows the plan (a read) long before a person writes anything, and the first
   * download stays small (its budget is held by test/e2e/pane.test.ts).
   */
  async apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    const { applyChanges } = await import(/* webpackChunkName: "excel-write" */ "./write");
    return applyChanges(
      {
        ...this.retry,
        run: this.run,
        runOptions: this.runOptions(),
        supports: this.supports,
        maxRequestBytes: this.options.maxRequestBytes ?? DEFAULTS.maxRequestBytes,
        rowsPerChunk: Math.max(1, this.options.rowsPerChunk ?? DEFAULTS.rowsPerChunk),
        tableStyle: this.options.tableStyle ?? DEFAULTS.tableStyle,
        readBack: () => this.read(),
      },
      changes,
    );
  }

  /**
   * Opens a new workbook made of these .xlsx bytes in a window of its own
   * (`Excel.createWorkbook(base64)`, ExcelApi 1.8); "unsupported" where this Excel lacks the
   * set (the pane then offers a download). A refusal by Excel is an error, not "unsupported".
   */
  async openWorkbook(bytes: Uint8Array): Promise<"opened" | "unsupported"> {
    const create = this.options.createWorkbook;
    if (create === undefined || !this.supports("1.8")) return "unsupported";
    await create(base64Of(bytes));
    return "opened";
  }

  /**
   * Shows a cell. A cell on a sheet that is not visible (the add-in's hidden settings sheet)
   * is not selected, and that is not an error: activating a hidden sheet fails the batch,
   * and unhiding the add-in's own sheet behind the person's back is not the add-in's call.
   * The finding the person clicked already names the sheet and cell. This takes two syncs:
   * the sheet's visibility must be known before `activate()` is queued.
   */
  async select(sheet: string, cell: string): Promise<void> {
    await withCellEditRetries(this.retry, () =>
      this.run(async (context) => {
        const worksheet = context.workbook.worksheets.getItemOrNullObject(sheet);
        worksheet.load("visibility");
        await context.sync();
        if (worksheet.isNullObject || worksheet.visibility !== "Visible") return;
        worksheet.activate();
        worksheet.getRange(cell).select();
        await context.sync();
      }, this.runOptions()),
    );
  }
}

/** Base64 of bytes, in the browser as in Node (`btoa` takes one character per byte). */
export function base64Of(bytes: Uint8Array): string {
  let binary = "";
  // In slices: String.fromCharCode takes its bytes as arguments, and arguments are limited.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

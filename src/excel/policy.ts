/**
 * How the Excel host treats Excel's refusals and which run options it asks for: one place
 * for the rules the read and the write both follow.
 *
 *  - Every batch is run with `delayForCellEdit: true` where Excel has it (ExcelApi 1.11):
 *    while a person is typing in a cell Excel refuses every batch, reads as well as writes
 *    (Excel.RunOptions.delayForCellEdit, learn.microsoft.com/javascript/api/excel/excel.runoptions:
 *    "When false, if the user is in cell edit when the batch request is processed by the
 *    host, the batch automatically fails"); with the option Excel waits instead.
 *  - A refusal for cell-edit mode (older Excel, or one that refuses all the same) is retried
 *    a bounded number of times, then reported in words the person can act on.
 *  - A refusal for the size of a request or response (Excel on the web, 5 MB) is never
 *    retried as it was: the read then goes by blocks of rows, the write is already split.
 */
import type { Change } from "../plan/changes";
import { CELL_EDIT_MODE, type ExcelError, type ExcelRunOptions, isExcelError, PAYLOAD_LIMIT_CODES } from "./excelApi";

export interface RetryPolicy {
  /** How many times a cell-edit refusal is retried before giving up. */
  readonly cellEditRetries: number;
  /** Pause before each retry, in milliseconds. */
  readonly retryDelayMs: number;
  readonly delay: (ms: number) => Promise<void>;
}

/** The options every `Excel.run` of the host starts from. */
export function baseRunOptions(supports: (version: string) => boolean): ExcelRunOptions {
  return supports("1.11") ? { delayForCellEdit: true } : {};
}

export function isCellEditRefusal(error: unknown): boolean {
  return isExcelError(error) && error.code === CELL_EDIT_MODE;
}

export function isPayloadLimit(error: unknown): boolean {
  return isExcelError(error) && PAYLOAD_LIMIT_CODES.has(error.code);
}

/**
 * Whether a refused one-sync read is made again in two syncs. The one-sync read calls
 * methods on objects that may be null objects (a plan table or the settings sheet that is
 * not there), and what Excel does then inside the batch is not documented: it may give
 * back another null object, or refuse the batch with any code (ItemNotFound,
 * InvalidArgument, InvalidReference have been seen; others are possible). So any refusal
 * by Excel sends the read down the two-sync path, which calls methods only on objects
 * known to exist, except:
 *  - cell-edit mode: the two-sync read would be refused the same way; it is retried;
 *  - the payload limit: the two-sync read would be as large; the read goes by blocks.
 * An error that did not come from Excel (a fault in the add-in itself) is not retried.
 * A refusal the two-sync read meets as well is the one reported.
 */
export function readAgainInTwoSyncs(error: unknown): boolean {
  return isExcelError(error) && !isCellEditRefusal(error) && !isPayloadLimit(error);
}

/** An error Excel gave, with a message in words for the person using the pane; `code` is Excel's. */
export class ExcelHostError extends Error implements ExcelError {
  override readonly name = "ExcelHostError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The host's own code (not one of Excel's) for a block read that kept meeting tables whose
 * shape changed between its syncs (co-authors or the person editing the plan while it was
 * read; see read.ts, `readInBlocks`).
 */
export const PLAN_CHANGED_WHILE_READING = "PlanChangedWhileReading";

export const PLAN_CHANGED_MESSAGE =
  "The plan's tables kept changing while this large plan was being read (rows added, removed or sorted, perhaps by a co-author), so it was not read. Nothing was written. Wait until the edits are done, then check again.";

export const CELL_EDIT_ADVICE = "Excel is busy while a cell is being edited. Press Enter or Esc to finish editing the cell, then try again.";

/**
 * Runs `attempt` again after each cell-edit refusal, up to the policy's bound; the last
 * refusal is turned into an ExcelHostError that says what to do (reads and writes alike).
 */
export async function withCellEditRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isCellEditRefusal(error)) throw error;
      if (tries >= policy.cellEditRetries) throw new ExcelHostError(CELL_EDIT_MODE, cellEditMessage(error));
      await policy.delay(policy.retryDelayMs);
    }
  }
}

function cellEditMessage(error: unknown): string {
  return isExcelError(error) ? `${CELL_EDIT_ADVICE} (Excel said: ${error.message} [${error.code}])` : CELL_EDIT_ADVICE;
}

/** What a failed write says to the person. */
export function errorMessage(error: unknown): string {
  if (error instanceof ExcelHostError) return error.message;
  if (isExcelError(error)) {
    if (error.code === CELL_EDIT_MODE) return cellEditMessage(error);
    return `Excel refused the change: ${error.message} [${error.code}]`;
  }
  return `The change could not be written: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Whether an action may be written as one undo step (`mergeUndoGroup`). Only actions that
 * set cells (with the checks that guard them): `Range.formulas` and `Range.numberFormat`
 * are not among the calls without undo support (see UNDO_NOT_SUPPORTED), and setting the
 * same cells again is harmless, so the action can be sent again ungrouped if Excel refuses
 * to group it all the same. Setting up (new sheets, the hidden settings sheet:
 * `Worksheet.visibility` has no undo in Excel on Windows and Mac, tables, validation) and
 * adding rows (inserting cells, resizing a table: not safe to send twice) are not grouped;
 * one sync is one undo step anyway.
 */
export function undoGroupable(changes: readonly Change[]): boolean {
  return changes.some((change) => change.kind === "setCells") && changes.every((change) => change.kind === "setCells" || change.kind === "expect");
}

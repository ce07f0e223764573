/**
 * Cell values between exceljs and the core: what a person sees in a cell (a formula shows
 * its cached result, rich text its plain text, a date its ISO day) and what the core asks
 * to write.
 */
import type { Cell, CellValue as XlsxValue } from "exceljs";
import type { CellValue } from "../plan/cell";
import { type CellInput, isFormulaInput } from "../plan/changes";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** "2020-04-01": the day as Excel shows it (exceljs keeps dates in UTC). */
function isoDay(date: Date): string {
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
}

function richText(value: unknown): string | null {
  if (!isRecord(value) || !Array.isArray(value["richText"])) return null;
  return value["richText"].map((run: unknown) => (isRecord(run) && typeof run["text"] === "string" ? run["text"] : "")).join("");
}

/** A formula's cached result; null when the file holds none (it was never calculated). */
function resultValue(result: unknown): CellValue {
  if (typeof result === "number") return Number.isFinite(result) ? result : { error: "#NUM!" };
  if (typeof result === "string" || typeof result === "boolean") return result;
  if (result instanceof Date) return isoDay(result);
  if (isRecord(result) && typeof result["error"] === "string") return { error: result["error"] };
  return null;
}

/** The value a person sees in the cell, in the core's terms. */
export function readValue(value: XlsxValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return isoDay(value);
  if ("error" in value) return { error: value.error };
  if ("richText" in value) return richText(value) ?? "";
  if ("formula" in value || "sharedFormula" in value) return resultValue(value.result);
  if ("hyperlink" in value) {
    const text: unknown = value.text;
    return typeof text === "string" ? text : (richText(text) ?? "");
  }
  return null;
}

/**
 * The cell as a person sees it: the covered cells of a merged range are empty, as in Excel;
 * a formula shows its stored result, and a formula without one is uncalculated.
 */
export function readCell(cell: Cell): CellValue {
  if (cell.isMerged && cell.master.address !== cell.address) return null;
  const value = cell.value;
  if (hasFormula(value)) {
    // The result is read from the cell itself: exceljs's value copy drops a result of 0.
    const result: unknown = cell.result;
    if (result === undefined || result === null) return { uncalculated: formulaText(cell) };
    return resultValue(result);
  }
  return readValue(value);
}

/** The formula of a formula cell (a shared one translated to this cell), without "=". */
function formulaText(cell: Cell): string {
  const formula: unknown = cell.formula;
  return typeof formula === "string" ? formula.replace(/^=/, "") : "";
}

/**
 * True when the cell already holds what `input` would write: the same formula with the same
 * stored result, or the same constant.
 */
export function sameInput(cell: Cell, input: CellInput): boolean {
  if (input !== null && isFormulaInput(input)) {
    if (!hasFormula(cell.value) || formulaText(cell) !== input.formula.replace(/^=/, "")) return false;
    const result: unknown = cell.result;
    return input.result === undefined ? result === undefined || result === null : result === input.result;
  }
  if (hasFormula(cell.value)) return false;
  const now = readValue(cell.value);
  return now === input || (now === "" && input === null) || (now === null && input === "");
}

/** True when the cell holds a formula (shared or not). */
export function hasFormula(value: XlsxValue): boolean {
  return isRecord(value) && ("formula" in value || "sharedFormula" in value);
}

/** What exceljs stores for a value the core asks to write; a formula keeps its expected result. */
export function writeValue(input: CellInput): XlsxValue {
  if (input === null) return null;
  if (isFormulaInput(input)) {
    return input.result === undefined ? { formula: input.formula } : { formula: input.formula, result: input.result };
  }
  return input;
}

/**
 * After a failed apply, a host re-reads the workbook and this tells, change by change,
 * which ones are visibly in the workbook, so the person is told exactly what was written.
 */
import { type CellValue, cellText, parseA1 } from "./cell";
import { type Change, type CellInput, describeChange, isFormulaInput } from "./changes";
import type { RawWorkbook } from "./raw";
import { META_SHEET } from "./schema";

function sameValue(expected: CellInput, actual: CellValue): boolean {
  if (expected !== null && isFormulaInput(expected)) return true;
  if (expected === null) return actual === null || actual === "";
  if (typeof expected === "number") return typeof actual === "number" && actual === expected;
  return cellText(actual) === String(expected);
}

/** What the last read showed in a cell of one of the plan's tables; undefined outside them. */
export function cellIn(raw: RawWorkbook, sheet: string, address: string): CellValue | undefined {
  const at = parseA1(address);
  if (!at) return undefined;
  if (sheet === META_SHEET) {
    return undefined;
  }
  for (const t of raw.tables) {
    if (t.sheet !== sheet) continue;
    const r = at.row - t.headerRow - 1;
    const c = at.column - t.firstColumn;
    if (c < 0 || c >= t.headers.length) continue;
    if (r === -1) return t.headers[c] ?? null;
    if (r >= 0 && r < t.rows.length) return t.rows[r]?.[c] ?? null;
  }
  return undefined;
}

/** Settings are key (column A) / value (column B) pairs: each pair must read back. */
function metaWritten(raw: RawWorkbook, cells: readonly { readonly address: string; readonly value: CellInput }[]): boolean {
  if (raw.meta === null) return false;
  const meta = raw.meta;
  const byRow = new Map<number, { key?: CellInput; value?: CellInput }>();
  for (const { address, value } of cells) {
    const at = parseA1(address);
    if (!at || at.row === 0) continue;
    const pair = byRow.get(at.row) ?? {};
    if (at.column === 0) pair.key = value;
    if (at.column === 1) pair.value = value;
    byRow.set(at.row, pair);
  }
  return [...byRow.values()].every(
    ({ key, value }) => typeof key === "string" && key in meta && sameValue(value ?? null, meta[key] ?? null),
  );
}

function hasSheet(raw: RawWorkbook, name: string): boolean {
  return raw.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** Whether a change is in the workbook as read; null when a read cannot tell (cells outside the plan's tables, colours). */
function isVisible(raw: RawWorkbook, change: Change): boolean | null {
  switch (change.kind) {
    case "expect":
      // Writes nothing, so there is nothing to see.
      return true;
    case "createSheet":
      return raw.sheets.some((s) => s.name === change.sheet);
    case "createTable":
      return raw.tables.some((t) => t.name === change.table);
    case "setCells":
      if (change.sheet === META_SHEET) return metaWritten(raw, change.cells);
      if (change.cells.some(({ address }) => cellIn(raw, change.sheet, address) === undefined)) return raw.sheets.some((s) => s.name === change.sheet) ? null : false;
      return change.cells.every(({ address, value }) => {
        const actual = cellIn(raw, change.sheet, address);
        return actual !== undefined && sameValue(value, actual);
      });
    case "appendRows": {
      const table = raw.tables.find((t) => t.name === change.table);
      if (!table || table.rows.length < change.rows.length) return false;
      const tail = table.rows.slice(table.rows.length - change.rows.length);
      return change.rows.every((row, r) => row.every((v, c) => sameValue(v, tail[r]?.[c] ?? null)));
    }
    case "conditionalFormat":
    case "formatCells":
    case "pageSetup":
    case "addChart":
      // A read does not see formats, page setup or charts.
      return hasSheet(raw, change.sheet) ? null : false;
    case "setBlock": {
      const owned = raw.ownedSheets?.find((o) => o.sheet.toLowerCase() === change.sheet.toLowerCase());
      if (owned === undefined || owned.values === null) return hasSheet(raw, change.sheet) ? null : false;
      const values = owned.values;
      return change.rows.every((row, r) => row.every((v, c) => sameValue(v, values[change.row + r]?.[change.column + c] ?? null)));
    }
    case "deleteSheet":
      // A sheet of that name seen again may be the one the same action made anew.
      return hasSheet(raw, change.sheet) ? null : true;
    case "renameSheet":
      return hasSheet(raw, change.to);
  }
}

/**
 * Which changes are in the workbook. Hosts write a batch in order and stop at a failure, so
 * a change a read cannot see counts as written when a later change is seen written; when no
 * later change tells, it is listed as not written, saying that it could not be checked.
 */
export function verifyChanges(raw: RawWorkbook, changes: readonly Change[]): { written: string[]; notWritten: string[] } {
  const written: string[] = [];
  const notWritten: string[] = [];
  const seen = changes.map((change) => isVisible(raw, change));
  changes.forEach((change, i) => {
    const visible = seen[i];
    if (visible === true) written.push(describeChange(change));
    else if (visible === false) notWritten.push(describeChange(change));
    else if (changes.some((later, j) => j > i && later.kind !== "expect" && seen[j] === true)) written.push(describeChange(change));
    else notWritten.push(`${describeChange(change)} (not confirmed: reading the workbook cannot show it)`);
  });
  return { written, notWritten };
}

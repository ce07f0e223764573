/**
 * What the plan's tables hold once a list of changes is written, worked out from the last
 * read and the changes themselves, without writing and reading the file again. The .xlsx
 * host uses it to compute the results of the plan's own formula columns in the same save
 * as the action (see computedFormulaCells), so an action costs one write.
 */
import { a1, type CellValue } from "../plan/cell";
import { type Change, type CellInput, isFormulaInput } from "../plan/changes";
import type { RawTable, RawWorkbook } from "../plan/raw";
import { parseRange } from "../plan/ranges";
import { unknownKind } from "../plan/sheetChanges";

/** What the cell shows once written: a formula its expected result, or nothing known yet. */
function shownAfter(input: CellInput): CellValue {
  if (input === null || !isFormulaInput(input)) return input;
  return input.result ?? { uncalculated: input.formula.replace(/^=/, "") };
}

function formulaOf(input: CellInput): string | null {
  return input !== null && isFormulaInput(input) ? input.formula.replace(/^=/, "") : null;
}

interface Editable {
  source: RawTable;
  headers: CellValue[];
  rows: CellValue[][];
  formulas: (string | null)[][] | null;
  below: CellValue[];
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The cells a setCells or setBlock change writes (a block's null cells are left as they are). */
function cellsOf(change: Extract<Change, { kind: "setCells" | "setBlock" }>): readonly { readonly address: string; readonly value: CellInput }[] {
  if (change.kind === "setCells") return change.cells;
  return change.rows.flatMap((values, r) => values.flatMap((value, c) => (value === null ? [] : [{ address: a1(change.row + r, change.column + c), value }])));
}

/**
 * The tables after the changes; null when the changes do something this cannot follow
 * (a new table), and the caller must read the written file instead. Cells outside the
 * plan's tables do not matter to their figures and are passed over.
 */
export function rawAfter(raw: RawWorkbook, changes: readonly Change[]): RawWorkbook | null {
  const tables: Editable[] = raw.tables.map((t) => ({
    source: t,
    headers: [...t.headers],
    rows: t.rows.map((r) => [...r]),
    formulas: t.formulas ? t.formulas.map((r) => [...r]) : null,
    below: [...t.below],
  }));
  let sheets = raw.sheets;
  const writeCells = (change: Extract<Change, { kind: "setCells" | "setBlock" }>): void => {
    for (const { address, value } of cellsOf(change)) {
      const at = parseRange(address);
      if (at === null) continue;
      for (const table of tables) {
        const t = table.source;
        const column = at.left - t.firstColumn;
        if (!sameName(t.sheet, change.sheet) || column < 0 || column >= t.headers.length) continue;
        const row = at.top - t.headerRow;
        if (row === 0 && t.hasHeaderRow !== false) table.headers[column] = shownAfter(value);
        const body = table.rows[row - 1];
        if (row >= 1 && body !== undefined) {
          body[column] = shownAfter(value);
          const formulas = table.formulas?.[row - 1];
          if (formulas !== undefined) formulas[column] = formulaOf(value);
        }
      }
    }
  };
  for (const change of changes) {
    switch (change.kind) {
      case "setCells":
      case "setBlock":
        writeCells(change);
        break;
      case "appendRows": {
        const table = tables.find((t) => sameName(t.source.name, change.table) && sameName(t.source.sheet, change.sheet));
        if (table === undefined) break;
        const width = table.source.headers.length;
        for (const row of change.rows) {
          table.rows.push(Array.from({ length: width }, (_, i) => shownAfter(row[i] ?? null)));
          table.formulas?.push(Array.from({ length: width }, (_, i) => formulaOf(row[i] ?? null)));
        }
        // The new rows went where the row below was empty; the row below them is empty too.
        table.below = table.below.map(() => null);
        break;
      }
      case "renameSheet":
        for (const table of tables) if (sameName(table.source.sheet, change.sheet)) table.source = { ...table.source, sheet: change.to };
        sheets = sheets.map((s) => (sameName(s.name, change.sheet) ? { ...s, name: change.to } : s));
        break;
      case "deleteSheet":
        for (let i = tables.length - 1; i >= 0; i--) if (sameName(tables[i]?.source.sheet ?? "", change.sheet)) tables.splice(i, 1);
        sheets = sheets.filter((s) => !sameName(s.name, change.sheet));
        break;
      case "createTable":
        return null;
      case "expect":
      case "createSheet":
      case "conditionalFormat":
      case "formatCells":
      case "pageSetup":
      case "addChart":
        // No cell of a table changes.
        break;
      default:
        // A kind this version does not know: the tables after it cannot be told.
        unknownKind(change);
        return null;
    }
  }
  return {
    ...raw,
    sheets,
    tables: tables.map((t) => ({
      ...t.source,
      headers: t.headers,
      rows: t.rows,
      below: t.below,
      ...(t.formulas === null ? {} : { formulas: t.formulas }),
    })),
  };
}

/**
 * Rows a person typed just under a plan table, outside it (ROWS_BELOW_TABLE): what taking
 * them into the table would do, worked out by the core on the last read, and the action
 * that does it on a fresh read.
 *
 * Each finding is about one block of adjacent typed rows, and its offer takes only that
 * block. The core takes every typed row it is given under a table, so the pane hands it
 * the table with only that block typed under it. A table grows downwards only, so a block
 * with other typed rows between it and the table cannot be taken in alone: the offer says
 * to take the nearer rows first.
 */
import { type ActionResult, takeRowsIntoTable } from "../plan/actions";
import { parseA1 } from "../plan/cell";
import type { Finding } from "../plan/findings";
import type { Plan, TableLayout } from "../plan/model";
import type { RawTable, RawWorkbook, TypedRow } from "../plan/raw";
import type { TableKey } from "../plan/schema";
import { TAKE_ROWS } from "./actionNames";
import { type OfferPreview, previewOf } from "./preview";
import { type Computed, type PlanAction, withPlan } from "./session";

/** The summary says what happens, in words: "Lines rows 14 to 15 become rows 12 to 13 of table tblLines." */
export interface RowsBelow extends OfferPreview {
  readonly table: TableKey;
  readonly tableName: string;
  /** Zero-based sheet row of the block's first row: which block the offer takes. */
  readonly firstRow: number;
}

const TABLE_KEYS: readonly TableKey[] = ["grants", "areas", "lines", "measures"];

function rowsWord(first: number, last: number): string {
  return first === last ? `row ${first}` : `rows ${first} to ${last}`;
}

/** Typed rows in runs of adjacent rows, top to bottom: the blocks the findings are about. */
export function typedBlocks(typed: readonly TypedRow[]): TypedRow[][] {
  const blocks: TypedRow[][] = [];
  for (const row of [...typed].sort((a, b) => a.row - b.row)) {
    const current = blocks.at(-1);
    const previous = current?.at(-1);
    if (current !== undefined && previous !== undefined && row.row === previous.row + 1) current.push(row);
    else blocks.push([row]);
  }
  return blocks;
}

/** The block holding sheet row `row`, with the typed rows that lie between it and the table. */
interface Block {
  readonly rows: readonly TypedRow[];
  readonly first: number;
  readonly last: number;
  /** Typed rows nearer the table than the block. */
  readonly nearer: readonly TypedRow[];
}

function blockAt(table: RawTable, row: number): Block | null {
  const blocks = typedBlocks(table.typedBelow ?? []);
  const index = blocks.findIndex((b) => b.some((r) => r.row === row));
  const rows = blocks[index];
  const first = rows?.[0];
  const last = rows?.at(-1);
  if (rows === undefined || first === undefined || last === undefined) return null;
  return { rows, first: first.row, last: last.row, nearer: blocks.slice(0, index).flat() };
}

/** Why a block with typed rows between it and the table cannot be taken in on its own; null when it can. */
function nearerRefusal(layout: TableLayout, block: Block): string | null {
  const first = block.nearer[0];
  const last = block.nearer.at(-1);
  if (first === undefined || last === undefined) return null;
  return `${layout.sheet} ${rowsWord(first.row + 1, last.row + 1)} ${first === last ? "is" : "are"} typed between table ${layout.spec.table} and these rows, and a table grows only downwards. Take ${first === last ? "that row" : "those rows"} into the table first (or move ${first === last ? "it" : "them"} away), then these.`;
}

/** The workbook as read, with only `block` typed under `table`: what the core takes in. */
function withOnly(raw: RawWorkbook, table: RawTable, block: Block): RawWorkbook {
  return { ...raw, tables: raw.tables.map((t) => (t === table ? { ...t, typedBelow: block.rows } : t)) };
}

function tableOf(raw: RawWorkbook, layout: TableLayout): RawTable | undefined {
  return raw.tables.find((t) => t.name.toLowerCase() === layout.spec.table.toLowerCase());
}

/** Null when the finding is not about typed rows under one of the plan's tables. */
export function rowsBelow(finding: Finding, raw: RawWorkbook, plan: Plan): RowsBelow | null {
  if (finding.code !== "ROWS_BELOW_TABLE") return null;
  const at = parseA1(finding.cell);
  if (at === null) return null;
  for (const key of TABLE_KEYS) {
    const layout = plan.layouts[key];
    if (layout === null || layout.sheet.toLowerCase() !== finding.sheet.toLowerCase()) continue;
    const table = tableOf(raw, layout);
    const block = table === undefined ? null : blockAt(table, at.row);
    if (table === undefined || block === null) continue;
    const bodyRows = table.rows.length;
    const added = block.last - layout.endRow + 1;
    const summary = `${layout.sheet} ${rowsWord(layout.endRow + 1, block.last + 1)} become${added === 1 ? "s" : ""} ${rowsWord(bodyRows + 1, bodyRows + added)} of table ${layout.spec.table}; every value stays in its cell.`;
    const nearer = nearerRefusal(layout, block);
    if (nearer !== null) return { table: key, tableName: layout.spec.table, firstRow: block.first, summary, steps: [], refusal: nearer };
    const result: ActionResult = takeRowsIntoTable(withOnly(raw, table, block), plan, key);
    return { table: key, tableName: layout.spec.table, firstRow: block.first, ...previewOf(summary, result) };
  }
  return null;
}

/** Takes in the block whose first row was `firstRow` on a fresh read, as the core works it out. */
function takeBlock(raw: RawWorkbook, plan: Plan, key: TableKey, firstRow: number): Computed {
  const layout = plan.layouts[key];
  const table = layout === null ? undefined : tableOf(raw, layout);
  const block = table === undefined ? null : blockAt(table, firstRow);
  if (layout === null || table === undefined || block === null || block.first !== firstRow) {
    return { notPossible: `The rows typed there have changed since the workbook was read, so nothing was written. Check again and retry.` };
  }
  const nearer = nearerRefusal(layout, block);
  if (nearer !== null) return { notPossible: `Nothing was written: ${nearer}` };
  return takeRowsIntoTable(withOnly(raw, table, block), plan, key);
}

/**
 * Takes the block of rows that starts at sheet row `firstRow` (zero-based) into the table,
 * computed again on a fresh read and guarded: the typed cells must still hold what was read.
 */
export function takeRowsAction(table: TableKey, firstRow: number): PlanAction {
  return {
    label: TAKE_ROWS,
    busyLabel: "Taking the rows into the table…",
    compute: (raw, read) => withPlan(read, (plan) => takeBlock(raw, plan, table, firstRow)),
  };
}

/**
 * The plan's own formula cells with the core's results, for a file host to write after
 * it saves: a program that does not calculate (the .xlsx host) then still stores the
 * right result beside each formula, so the next read of the file is not left with
 * formulas that show nothing.
 */
import { a1 } from "./cell";
import type { Change, CellInput } from "./changes";
import { isDocumentedFormula, ownFigures } from "./checks";
import type { Plan, TableLayout } from "./model";
import { GRANTS, LINES } from "./schema";

/**
 * One setCells change per table (Grants, Lines) that rewrites every own formula cell
 * (Allocated, Unallocated, Measures) that holds its documented formula with
 * `{ formula: <documented file-form formula>, result: <the core's figure> }`; `result`
 * is left out where the figure is not known. Columns the table does not have are skipped.
 */
export function computedFormulaCells(plan: Plan): Change[] {
  const cells: Record<"grants" | "lines", { address: string; value: CellInput }[]> = { grants: [], lines: [] };
  for (const own of ownFigures(plan)) {
    const layout: TableLayout | null = own.table === "grants" ? plan.layouts.grants : plan.layouts.lines;
    const column = layout?.columns[own.key];
    const formula = (own.table === "grants" ? GRANTS : LINES).columns.find((c) => c.key === own.key)?.formula;
    if (!layout || column === undefined || formula === undefined) continue;
    // Only a cell that still holds the documented formula gets a result: a constant typed
    // over it, or a formula of the person's own, is theirs (FORMULA_OVERWRITTEN says so),
    // and a cell whose formula the host could not read is left as it is.
    const held = own.cell?.formula;
    if (held === undefined || held === null || !isDocumentedFormula(own.table, own.key, held)) continue;
    const value: CellInput = own.figure === null ? { formula } : { formula, result: own.figure.toNumber() };
    cells[own.table].push({ address: a1(own.row, column), value });
  }
  const changes: Change[] = [];
  for (const [table, spec] of [
    ["grants", GRANTS],
    ["lines", LINES],
  ] as const) {
    const layout = plan.layouts[table];
    if (!layout || cells[table].length === 0) continue;
    changes.push({
      kind: "setCells",
      sheet: layout.sheet,
      cells: cells[table],
      label: `Store the worked-out results of ${spec.table}'s formula columns (${cells[table].length} cell${cells[table].length === 1 ? "" : "s"})`,
    });
  }
  return changes;
}

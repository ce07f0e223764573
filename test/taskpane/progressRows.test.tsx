/** @jest-environment jsdom */
import "./setup";
import { addLineChanges } from "../../src/plan/actions";
import type { Change } from "../../src/plan/changes";
import { LINE_PROGRESS_TABLE, MEASURE_PROGRESS_TABLE } from "../../src/plan/schema";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import { checked, exampleWorkbook, newLine } from "../support/plans";
import { click, openTab, renderPane, screen, settled, waitFor, within } from "./pane";

// Renders the whole pane per test: seconds on a busy 2-core machine; this budget holds pinned to one core.
jest.setTimeout(30_000);

const ADD_ROWS = "Add the missing rows to the Progress sheet";

/** The example with line CRG-07 added after its Progress sheet was written: the line has no row there. */
async function exampleWithNewLine(): Promise<MemoryWorkbook> {
  const wb = await exampleWorkbook();
  const added = addLineChanges((await checked(wb)).plan, newLine());
  const outcome = await wb.apply(added.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb;
}

/** The IDs in a table's first column, as the workbook reads. */
async function firstColumn(wb: MemoryWorkbook, table: string): Promise<string[]> {
  const found = (await wb.read()).tables.find((t) => t.name === table);
  if (found === undefined) throw new Error(`no table ${table}`);
  return found.rows.map((row) => String(row[0] ?? ""));
}

describe("Adding the missing rows to the Progress sheet from the Checks view", () => {
  it("says which lines have no row, lists what will be written, adds them in one batch and the finding goes", async () => {
    const wb = await exampleWithNewLine();
    expect((await checked(wb)).findings.filter((f) => f.code === "PROGRESS_ROWS_MISSING")).toHaveLength(1);
    const before = await firstColumn(wb, LINE_PROGRESS_TABLE);
    expect(before).not.toContain("CRG-07");
    const measuresBefore = await firstColumn(wb, MEASURE_PROGRESS_TABLE);
    const batches: (readonly Change[])[] = [];
    const apply = wb.apply.bind(wb);
    wb.apply = (changes) => {
      batches.push(changes);
      return apply(changes);
    };

    await renderPane(wb);
    openTab("Checks");
    expect(screen.getByRole("button", { name: /PROGRESS_ROWS_MISSING/ })).toBeTruthy();
    const offer = within(await screen.findByRole("group", { name: "Rows of the Progress sheet" }));
    const add = offer.getByRole("button", { name: ADD_ROWS });
    const what = document.getElementById(add.getAttribute("aria-describedby") ?? "")?.textContent ?? "";
    expect(what).toContain("line CRG-07");
    expect(what).toContain('"Progress" sheet');
    expect(offer.getByRole("list", { name: "What will be written" }).textContent).toContain(`Add 1 row to ${LINE_PROGRESS_TABLE}`);
    expect(batches).toHaveLength(0);

    click(add);
    expect(await screen.findByText(`${ADD_ROWS}: done`)).toBeTruthy();
    await settled();
    expect(batches).toHaveLength(1);
    expect(await firstColumn(wb, LINE_PROGRESS_TABLE)).toEqual([...before, "CRG-07"]);
    expect(await firstColumn(wb, MEASURE_PROGRESS_TABLE)).toEqual(measuresBefore);
    expect((await checked(wb)).findings.some((f) => f.code === "PROGRESS_ROWS_MISSING")).toBe(false);
    expect(screen.queryByRole("button", { name: /PROGRESS_ROWS_MISSING/ })).toBeNull();
    // The button went with its finding: focus is on the outcome that says what was written.
    await waitFor(() => expect(document.activeElement?.textContent).toContain(`${ADD_ROWS}: done`));
  });
});

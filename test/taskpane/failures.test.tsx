/** @jest-environment jsdom */
import "./setup";
import { MemoryWorkbook } from "../../src/workbook/memory";
import type { WorkbookPort } from "../../src/workbook/port";
import { exampleWorkbook } from "../support/plans";
import { allocationInput, button, click, openTab, renderPane, screen, settled, type, within } from "./pane";

// Renders the whole pane per test: seconds on a busy 2-core machine; this budget holds pinned to one core.
jest.setTimeout(30_000);

function list(name: string): string[] {
  return within(screen.getByRole("list", { name })).getAllByRole("listitem").map((li) => li.textContent ?? "");
}

describe("failures are shown with what was and was not written", () => {
  it("a set-up that fails part-way lists the changes written and those not written", async () => {
    const workbook = new MemoryWorkbook();
    await renderPane(workbook);
    workbook.failAt = 1;
    click(button("Set up the example"));
    expect(await screen.findByText("Set up the example: only partly written")).toBeTruthy();
    expect(screen.getByText("The workbook refused the change.")).toBeTruthy();
    expect(list("Written")).toEqual(['Create sheet "Grants"']);
    const notWritten = list("Not written");
    expect(notWritten[0]).toBe('Create table tblGrants on "Grants" with 2 rows');
    // Key and Value headings, then the three settings every plan has and the example's two.
    expect(notWritten).toContain('Set 12 cells on "Grant Planner settings"');
  });

  it("a save that fails at once says nothing was written and keeps the typed allocation", async () => {
    const workbook = await exampleWorkbook();
    await renderPane(workbook);
    openTab("Allocate");
    type(allocationInput("CRG-01"), "120000");
    workbook.failAt = 0;
    click(button("Save allocations"));
    expect(await screen.findByText("Save allocations: only partly written")).toBeTruthy();
    await settled();
    expect(screen.getByText("Nothing was written.")).toBeTruthy();
    expect(list("Not written")).toEqual(["Set the allocation of CRG-01 (Lines!F2) to £120,000.00"]);
    expect(workbook.value("Lines", "F2")).toBe(119000);
    expect(allocationInput("CRG-01")).toHaveProperty("value", "120000");
    click(button("Dismiss"));
    expect(screen.queryByText("Save allocations: only partly written")).toBeNull();
  });

  it("a host that throws is reported, not swallowed", async () => {
    const broken: WorkbookPort = {
      kind: "excel",
      read: () => Promise.reject(new Error("Excel is in cell-edit mode.")),
      apply: () => Promise.reject(new Error("unreachable")),
      select: () => Promise.resolve(),
    };
    await renderPane(broken);
    expect(screen.getByText("Reading the workbook: failed")).toBeTruthy();
    expect(screen.getByText("Excel is in cell-edit mode.")).toBeTruthy();
  });
});

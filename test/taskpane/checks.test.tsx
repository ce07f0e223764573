/** @jest-environment jsdom */
import "./setup";
import { exampleWorkbook, memoryPlan } from "../support/plans";
import { button, click, openTab, renderPane, screen, settled, within } from "./pane";

describe("Checks view", () => {
  it("groups findings by severity with counts, and selecting one selects its cell", async () => {
    const workbook = await exampleWorkbook();
    workbook.setValue("Lines", "F3", 49000);
    await renderPane(workbook);
    openTab("Checks");
    const warnings = screen.getByRole("region", { name: /^Warnings \(\d+\)$/ });
    const unallocated = within(warnings).getByRole("button", { name: /UNALLOCATED/ });
    expect(unallocated.textContent).toContain("£1,000.00 of Crime Reduction Grant 2020/21");
    expect(unallocated.textContent).toContain("Grants!E2");
    click(unallocated);
    expect(workbook.selected).toEqual({ sheet: "Grants", cell: "E2" });
    expect(screen.getByText(/^\d+ errors?, \d+ warnings?, \d+ notes?\.$/)).toBeTruthy();
  });

  it("says when there are no problems, and runs the checks again on request", async () => {
    const workbook = await memoryPlan();
    await renderPane(workbook);
    openTab("Checks");
    expect(screen.getByText("No problems found")).toBeTruthy();
    workbook.setValue("Grant Planner settings", "B2", 99);
    click(button("Run checks"));
    await settled();
    expect(screen.getByText(/reads up to version 1/)).toBeTruthy();
  });
});

/** @jest-environment jsdom */
import "./setup";
import { checked, exampleWorkbook, memoryPlan } from "../support/plans";
import { SCHEMA_VERSION } from "../../src/plan/schema";
import { button, click, openTab, renderPane, screen, settled, within } from "./pane";

jest.setTimeout(30_000);

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

  it("shows each finding's severity by icon and colour, names its line or grant in words, and puts the code last, smaller", async () => {
    const workbook = await exampleWorkbook();
    // The memory host does not recalculate, so the workbook's own Allocated total disagrees (an error).
    workbook.setValue("Lines", "F3", 49000);
    await renderPane(workbook);
    openTab("Checks");
    const errors = screen.getByRole("region", { name: /^Errors \(\d+\)$/ });
    const over = within(errors).getByRole("button", { name: /Grants!F2 · FORMULA_TOTAL_MISMATCH/ });
    const icon = within(over).getByRole("img", { name: "Error" });
    expect(icon.getAttribute("data-severity")).toBe("error");
    const warningIcon = within(screen.getByRole("region", { name: /^Warnings/ })).getAllByRole("img", { name: "Warning" })[0];
    // Different colours come from different style classes; the shapes differ too.
    expect(icon.getAttribute("class")).not.toBe(warningIcon?.getAttribute("class"));
    expect(icon.innerHTML).not.toBe(warningIcon?.innerHTML);
    expect(within(over).getByText("Grant Crime Reduction Grant 2020/21")).toBeTruthy();
    // The message comes before the reference and code, which are in the small caption type.
    const parts = Array.from(over.querySelectorAll(":scope > span")).map((el) => el.textContent ?? "");
    expect(parts.at(-1)).toBe("Grants!F2 · FORMULA_TOTAL_MISMATCH");
    expect(parts.findIndex((p) => p.startsWith("The workbook shows"))).toBe(parts.length - 2);
    expect(over.querySelector(":scope > span:last-child")?.className).toContain("fui-Caption1");
  });

  it("names the line a line's finding is about", async () => {
    const workbook = await exampleWorkbook();
    workbook.setValue("Lines", "F4", 0.001);
    await renderPane(workbook);
    openTab("Checks");
    const finding = screen.getByRole("button", { name: /AMOUNT_SUB_PENNY/ });
    expect(within(finding).getByText(/^Line CRG-03 \(.+\)$/)).toBeTruthy();
  });

  it("says when there are no problems, and runs the checks again on request", async () => {
    const workbook = await memoryPlan();
    await renderPane(workbook);
    openTab("Checks");
    expect(screen.getByText("No problems found")).toBeTruthy();
    workbook.setValue("Grant Planner settings", "B2", 99);
    click(button("Run checks"));
    await settled();
    expect(screen.getByText(new RegExp(`reads up to version ${SCHEMA_VERSION}`))).toBeTruthy();
  });

  it("offers to take rows typed under a table into it, says what will happen, and does it", async () => {
    const workbook = await exampleWorkbook();
    // Row 13 is the first row under tblLines; a person typed a line on row 14, leaving 13 blank.
    for (const [cell, value] of [["A14", "CRG-07"], ["B14", "CRG"], ["D14", "Street pastors"], ["F14", 1500]] as const) {
      workbook.setValue("Lines", cell, value);
    }
    await renderPane(workbook);
    openTab("Checks");
    const finding = screen.getByRole("button", { name: /ROWS_BELOW_TABLE/ });
    expect(finding.textContent).toContain("Lines!A14");
    const offer = within(screen.getByRole("group", { name: "Rows under table tblLines" }));
    const take = offer.getByRole("button", { name: "Take these rows into the table" });
    const what = document.getElementById(take.getAttribute("aria-describedby") ?? "");
    expect(what?.textContent).toBe("Lines rows 13 to 14 become rows 12 to 13 of table tblLines; every value stays in its cell.");
    expect(offer.getByRole("list", { name: "What will be written" }).textContent).toContain("tblLines");
    expect((await checked(workbook)).plan.lines.some((l) => l.id === "CRG-07")).toBe(false);

    click(take);
    expect(await screen.findByText("Take these rows into the table: done")).toBeTruthy();
    await settled();
    const { plan, findings } = await checked(workbook);
    expect(plan.lines.find((l) => l.id === "CRG-07")?.activity).toBe("Street pastors");
    expect(findings.some((f) => f.code === "ROWS_BELOW_TABLE")).toBe(false);
    expect(screen.queryByRole("button", { name: /ROWS_BELOW_TABLE/ })).toBeNull();
  });
});

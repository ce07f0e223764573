/** @jest-environment jsdom */
import "./setup";
import { exampleWorkbook } from "../support/plans";
import { allocationInput, button, click, fireEvent, openTab, renderPane, screen, settled, type, waitFor, within } from "./pane";

async function openAllocate() {
  const workbook = await exampleWorkbook();
  await renderPane(workbook);
  openTab("Allocate");
  return workbook;
}

function headroom(): string {
  return screen.getByText(/^(Unallocated|Over-allocated by) £/).textContent ?? "";
}

describe("Allocate view", () => {
  it("shows the chosen grant's lines in a table with headers", async () => {
    await openAllocate();
    const table = screen.getByRole("table", { name: "Lines of Crime Reduction Grant 2020/21" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["ID", "Activity", "Allocation"]);
    expect(within(table).getAllByRole("row")).toHaveLength(7);
    expect(headroom()).toBe("Unallocated £0.00");
    fireEvent.change(screen.getByRole("combobox", { name: "Grant" }), { target: { value: "VRP" } });
    expect(screen.getByRole("table", { name: /^Lines of Violence Reduction/ })).toBeTruthy();
    expect(allocationInput("VRP-05")).toHaveProperty("value", "£46,500.00");
  });

  it("saves a changed allocation, writing only that line, and Checks then reports the over-allocation", async () => {
    const workbook = await openAllocate();
    const before = workbook.value("Lines", "F3");
    type(allocationInput("CRG-01"), "120000");
    expect(headroom()).toBe("Over-allocated by £1,000.00");
    expect(screen.getByText("1 allocation changed.")).toBeTruthy();
    click(button("Save allocations"));
    await waitFor(() => expect(workbook.value("Lines", "F2")).toBe(120000));
    await settled();
    expect(workbook.value("Lines", "F3")).toBe(before);
    expect(screen.getByText("Save allocations: done")).toBeTruthy();
    // The saved entry now matches the workbook, so nothing is left to save.
    expect(button("Save allocations")).toHaveProperty("disabled", true);

    openTab("Checks");
    const errors = screen.getByRole("region", { name: /^Errors \(\d+\)$/ });
    const overAllocated = within(errors).getByRole("button", { name: /OVER_ALLOCATED/ });
    expect(overAllocated.textContent).toContain("over-allocated by £1,000.00");
  });

  it.each([
    ["12.345", "Use at most two decimal places (pennies)."],
    ["abc", '"abc" is not an amount. Use digits, for example 1250 or £1,250.00.'],
  ])("shows why %s is not an amount, inline, and disables Save", async (text, message) => {
    await openAllocate();
    const input = allocationInput("CRG-02");
    type(input, text);
    expect(screen.getByText(message)).toBeTruthy();
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(button("Save allocations")).toHaveProperty("disabled", true);
    expect(screen.getByText(/Correct the highlighted allocations/)).toBeTruthy();
    type(input, "50,000.00");
    expect(screen.queryByText(message)).toBeNull();
    expect(headroom()).toBe("Unallocated £0.00");
  });

  it("splits £60,000 equally across six lines, previews £10,000.00 each and writes them", async () => {
    const workbook = await openAllocate();
    type(screen.getByLabelText("Amount to split"), "£60,000");
    expect(button("Preview")).toHaveProperty("disabled", true);
    for (const id of ["CRG-01", "CRG-02", "CRG-03", "CRG-04", "CRG-05", "CRG-06"]) {
      click(screen.getByLabelText(new RegExp(`^${id} `)));
    }
    click(button("Preview"));
    const preview = screen.getByRole("table", { name: "Split preview" });
    expect(within(preview).getAllByText("£10,000.00")).toHaveLength(6);
    expect(within(preview).getByText("£60,000.00")).toBeTruthy();
    click(button("Apply split"));
    await waitFor(() => expect(workbook.value("Lines", "F7")).toBe(10000));
    await settled();
    expect(["F2", "F3", "F4", "F5", "F6", "F7"].map((a) => workbook.value("Lines", a))).toEqual(Array(6).fill(10000));
    expect(headroom()).toBe("Unallocated £272,000.00");
  });

  it("splits by weights to the penny", async () => {
    await openAllocate();
    type(screen.getByLabelText("Amount to split"), "100");
    click(screen.getByLabelText(/^CRG-01 /));
    click(screen.getByLabelText(/^CRG-02 /));
    click(screen.getByLabelText("By weights"));
    type(screen.getByLabelText("Weight for CRG-02"), "2");
    click(button("Preview"));
    const preview = within(screen.getByRole("table", { name: "Split preview" }));
    expect(preview.getByText("£33.33")).toBeTruthy();
    expect(preview.getByText("£66.67")).toBeTruthy();
    expect(preview.getByText("£100.00")).toBeTruthy();
  });

  it("adds a line with the next ID, and it appears in the table", async () => {
    const workbook = await openAllocate();
    const form = within(screen.getByRole("form", { name: "Add a line" }));
    expect(form.getByText("The new line will be CRG-07.")).toBeTruthy();
    click(form.getByRole("button", { name: "Add line" }));
    expect(form.getByText("Enter the activity this line pays for.")).toBeTruthy();
    type(form.getByLabelText(/^Activity/), "Street pastors");
    type(form.getByLabelText("Lead organisation"), "Sefton CVS");
    type(form.getByLabelText(/^Allocation/), "1,500");
    click(form.getByRole("button", { name: "Add line" }));
    expect(await screen.findByLabelText("Allocation for CRG-07, Street pastors")).toHaveProperty("value", "£1,500.00");
    await settled();
    expect(workbook.value("Lines", "A13")).toBe("CRG-07");
    expect(headroom()).toBe("Over-allocated by £1,500.00");
  });
});

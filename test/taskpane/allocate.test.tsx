/** @jest-environment jsdom */
import "./setup";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import type { WorkbookPort } from "../../src/workbook/port";
import { exampleWorkbook } from "../support/plans";
import { allocationInput, button, click, fireEvent, openTab, renderPane, screen, settled, type, waitFor, within } from "./pane";

// Each test renders the whole pane on the example plan: a few hundred ms alone, several
// seconds on a busy 2-core machine. The budget holds with the machine pinned to one core.
jest.setTimeout(30_000);

const CRG_LINES = ["CRG-01", "CRG-02", "CRG-03", "CRG-04", "CRG-05", "CRG-06"];
const CRG_CELLS = ["F2", "F3", "F4", "F5", "F6", "F7"];

async function openAllocate(prepare?: (workbook: MemoryWorkbook) => void) {
  const workbook = await exampleWorkbook();
  prepare?.(workbook);
  await renderPane(workbook);
  openTab("Allocate");
  return workbook;
}

function headroom(): string {
  return screen.getByText(/^(Unallocated|Over-allocated by) £/).textContent ?? "";
}

function section(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

/** Types the amount and chooses the lines, then previews the split. */
function previewSplit(amount: string, lineIds: readonly string[]): HTMLElement {
  type(screen.getByLabelText("Amount to split"), amount);
  for (const id of lineIds) click(screen.getByLabelText(new RegExp(`^${id} `)));
  click(button("Preview"));
  return screen.getByRole("table", { name: "Split preview" });
}

describe("Allocate view", () => {
  it("shows the chosen grant's lines in a table with headers", async () => {
    await openAllocate();
    const table = screen.getByRole("table", { name: "Lines of Crime Reduction Grant 2020/21" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Line", "Allocation"]);
    expect(within(table).getAllByRole("row")).toHaveLength(7);
    expect(headroom()).toBe("Unallocated £0.00");
    fireEvent.change(screen.getByRole("combobox", { name: "Grant" }), { target: { value: "VRP" } });
    expect(screen.getByRole("table", { name: /^Lines of Violence Reduction/ })).toBeTruthy();
    expect(allocationInput("VRP-05")).toHaveProperty("value", "£46,500.00");
  });

  it("saves a changed allocation, writing only that line, says so beside the button, and Checks then reports the over-allocation", async () => {
    const workbook = await openAllocate();
    const before = workbook.value("Lines", "F3");
    type(allocationInput("CRG-01"), "120000");
    expect(headroom()).toBe("Over-allocated by £1,000.00");
    expect(screen.getByText("1 allocation changed.")).toBeTruthy();
    click(button("Save allocations"));
    await waitFor(() => expect(workbook.value("Lines", "F2")).toBe(120000));
    await settled();
    expect(workbook.value("Lines", "F3")).toBe(before);
    // The confirmation is in the Allocations section, next to the button that caused it.
    expect(within(section("Allocations")).getByText("Save allocations: done")).toBeTruthy();
    // The saved entry now matches the workbook, so nothing is left to save.
    expect(button("Save allocations")).toHaveProperty("disabled", true);

    openTab("Checks");
    // It does not follow the person to another tab.
    expect(screen.queryByText("Save allocations: done")).toBeNull();
    const errors = screen.getByRole("region", { name: /^Errors \(\d+\)$/ });
    const overAllocated = within(errors).getByRole("button", { name: /OVER_ALLOCATED/ });
    expect(overAllocated.textContent).toContain("over-allocated by £1,000.00");
    openTab("Allocate");
    expect(screen.queryByText("Save allocations: done")).toBeNull();
  });

  it.each([
    ["excel", "Writes the changed allocations into the Lines table of this workbook."],
    ["file", "Writes the changed allocations into the plan open here. To keep them in a file, choose Save .xlsx at the top."],
  ] as const)("says what Save allocations does in %s mode, apart from saving a file", async (kind, description) => {
    const workbook = await exampleWorkbook();
    const port: WorkbookPort = { kind, read: () => workbook.read(), apply: (c) => workbook.apply(c), select: (s, c) => workbook.select(s, c) };
    await renderPane(port);
    openTab("Allocate");
    const save = button("Save allocations");
    const described = document.getElementById(save.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe(description);
  });

  it("lines amounts up on the right and shows a typed amount as money on leaving the box", async () => {
    await openAllocate();
    const input = allocationInput("CRG-01");
    expect(getComputedStyle(input).textAlign).toBe("end");
    type(input, "120000");
    expect(input).toHaveProperty("value", "120000");
    fireEvent.blur(input);
    expect(input).toHaveProperty("value", "£120,000.00");
    expect(headroom()).toBe("Over-allocated by £1,000.00");
    // Text that is not an amount stays as typed, with its message.
    type(input, "12.345");
    fireEvent.blur(input);
    expect(input).toHaveProperty("value", "12.345");
    expect(screen.getByText("Use at most two decimal places (pennies).")).toBeTruthy();

    const split = screen.getByLabelText("Amount to split");
    type(split, "60000");
    fireEvent.blur(split);
    expect(split).toHaveProperty("value", "£60,000.00");
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

  it("previews a split as each line's old → new amount and what the grant has left, writes it, and undoes it", async () => {
    const workbook = await openAllocate((w) => w.setValue("Lines", "F7", null));
    const before = CRG_CELLS.map((a) => workbook.value("Lines", a));
    expect(before[5]).toBeNull();

    const preview = previewSplit("£60,000", CRG_LINES);
    expect(within(preview).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Line", "Now", "After"]);
    expect(within(preview).getByRole("row", { name: "CRG-01: £119,000.00 → £10,000.00" })).toBeTruthy();
    expect(within(preview).getByRole("row", { name: "CRG-06: blank → £10,000.00" })).toBeTruthy();
    expect(within(preview).getAllByText("£10,000.00")).toHaveLength(6);
    expect(screen.getByText("Unallocated after the split: £272,000.00")).toBeTruthy();

    click(button("Apply split"));
    await waitFor(() => expect(workbook.value("Lines", "F7")).toBe(10000));
    await settled();
    expect(CRG_CELLS.map((a) => workbook.value("Lines", a))).toEqual(Array(6).fill(10000));
    expect(headroom()).toBe("Unallocated £272,000.00");
    expect(within(section("Split an amount across lines")).getByText("Apply split: done")).toBeTruthy();

    click(button("Undo split"));
    await waitFor(() => expect(workbook.value("Lines", "F2")).toBe(before[0]));
    await settled();
    expect(CRG_CELLS.map((a) => workbook.value("Lines", a))).toEqual(before);
    expect(within(section("Split an amount across lines")).getByText("Undo split: done")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Undo split" })).toBeNull();
  });

  it("refuses to apply a split over a line a co-author changed since the pane read it, and writes nothing", async () => {
    const workbook = await openAllocate();
    previewSplit("100", ["CRG-01", "CRG-02"]);
    workbook.setValue("Lines", "F2", 1);
    const f3 = workbook.value("Lines", "F3");
    click(button("Apply split"));
    expect(await screen.findByText("Apply split: not done")).toBeTruthy();
    await settled();
    expect(screen.getByText(/The allocation of CRG-01 changed in the workbook since you started editing/)).toBeTruthy();
    expect(workbook.value("Lines", "F2")).toBe(1);
    expect(workbook.value("Lines", "F3")).toBe(f3);
  });

  it("does not undo a split over a line a co-author changed after it", async () => {
    const workbook = await openAllocate();
    previewSplit("100", ["CRG-01", "CRG-02"]);
    click(button("Apply split"));
    await waitFor(() => expect(workbook.value("Lines", "F3")).toBe(50));
    await settled();
    workbook.setValue("Lines", "F3", 7);
    click(button("Undo split"));
    expect(await screen.findByText("Undo split: not done")).toBeTruthy();
    await settled();
    expect([workbook.value("Lines", "F2"), workbook.value("Lines", "F3")]).toEqual([50, 7]);
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
    expect(form.getByText("Add line: done")).toBeTruthy();
  });
});

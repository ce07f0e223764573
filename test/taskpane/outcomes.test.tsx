/** @jest-environment jsdom */
// Where an action's outcome is shown and announced, and where keyboard focus goes when the
// button that started the action is gone or disabled.
import "./setup";
import { MemoryWorkbook } from "../../src/workbook/memory";
import type { WorkbookPort } from "../../src/workbook/port";
import { checked, exampleWorkbook } from "../support/plans";
import { allocationInput, button, click, openTab, renderPane, screen, settled, type, waitFor, within } from "./pane";

// Renders the whole pane per test: seconds on a busy 2-core machine; this budget holds pinned to one core.
jest.setTimeout(30_000);

/** Every live region in the page now. */
function liveRegions(): Element[] {
  return Array.from(document.querySelectorAll("[aria-live]"));
}

/** The live region that holds `text`. */
function regionOf(text: string | RegExp): Element | null {
  return screen.getByText(text).closest("[aria-live]");
}

/** The example plan with a line typed on each of `rows` (1-based) under tblLines, outside it. */
async function withRowsBelow(rows: readonly { row: number; id: string; activity: string }[]): Promise<MemoryWorkbook> {
  const workbook = await exampleWorkbook();
  for (const { row, id, activity } of rows) {
    workbook.setValue("Lines", `A${row}`, id);
    workbook.setValue("Lines", `B${row}`, "CRG");
    workbook.setValue("Lines", `D${row}`, activity);
    workbook.setValue("Lines", `F${row}`, 1500);
  }
  return workbook;
}

describe("An action's outcome", () => {
  it("is shown when the action finishes after the person moved to another tab, and not after they move on", async () => {
    const workbook = await exampleWorkbook();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Writing waits until the test lets it go, so the person can change tab meanwhile.
    const port: WorkbookPort = {
      kind: "excel",
      read: () => workbook.read(),
      apply: async (changes) => {
        await held;
        return workbook.apply(changes);
      },
      select: (sheet, cell) => workbook.select(sheet, cell),
    };
    await renderPane(port);
    openTab("Allocate");
    type(allocationInput("CRG-01"), "120000");
    click(button("Save allocations"));
    expect(await screen.findByText("Saving allocations…")).toBeTruthy();
    openTab("Checks");
    release();
    await waitFor(() => expect(workbook.value("Lines", "F2")).toBe(120000));
    await settled();
    expect(screen.getByText("Save allocations: done")).toBeTruthy();
    // Shown on the tab the person is on, in a region that was there before it arrived.
    expect(within(screen.getByRole("tabpanel")).queryByText("Save allocations: done")).toBeNull();
    openTab("Plan");
    expect(screen.queryByText("Save allocations: done")).toBeNull();
  });
});

describe("Live regions", () => {
  it("are in the page before set-up's outcome arrives, and the outcome lands in one of them", async () => {
    await renderPane(new MemoryWorkbook());
    const before = liveRegions();
    click(button("Set up the example"));
    expect(await screen.findByText("Set up the example: done")).toBeTruthy();
    await settled();
    const region = regionOf("Set up the example: done");
    expect(region).not.toBeNull();
    expect(before).toContain(region);
  });

  it("keep the split's reason in place: a reason that comes back lands in the region that was there", async () => {
    await renderPane(await exampleWorkbook());
    openTab("Allocate");
    const split = screen.getByRole("region", { name: "Split an amount across lines" });
    type(within(split).getByLabelText("Amount to split"), "100");
    const line = within(split).getByLabelText(/^CRG-01 /);
    click(line);
    expect(within(split).queryByText("Choose at least one line to share it.")).toBeNull();
    const before = liveRegions();
    click(line);
    const region = regionOf("Choose at least one line to share it.");
    expect(region).not.toBeNull();
    expect(before).toContain(region);
  });
});

describe("Taking typed rows into a table", () => {
  it("takes only the block of rows the finding is about, and says the rows further down must wait for the nearer ones", async () => {
    // Rows 14 and 16, one blank row before each: two blocks, two findings, two offers.
    const workbook = await withRowsBelow([
      { row: 14, id: "CRG-07", activity: "Street pastors" },
      { row: 16, id: "CRG-08", activity: "Night marshals" },
    ]);
    await renderPane(workbook);
    openTab("Checks");
    const offers = screen.getAllByRole("group", { name: "Rows under table tblLines" });
    expect(offers).toHaveLength(2);
    const [near, far] = offers.map((o) => within(o));
    const take = near?.getByRole("button", { name: "Take these rows into the table" });
    if (take === undefined) throw new Error("no offer for the nearer rows");
    expect(document.getElementById(take.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Lines rows 13 to 14 become rows 12 to 13 of table tblLines; every value stays in its cell.",
    );
    expect(far?.queryByRole("button", { name: "Take these rows into the table" })).toBeNull();
    expect(far?.getByText(/Lines row 14 is typed between table tblLines and these rows/)).toBeTruthy();

    click(take);
    expect(await screen.findByText("Take these rows into the table: done")).toBeTruthy();
    await settled();
    const { plan, findings } = await checked(workbook);
    expect(plan.lines.some((l) => l.id === "CRG-07")).toBe(true);
    expect(plan.lines.some((l) => l.id === "CRG-08")).toBe(false);
    expect(workbook.value("Lines", "A16")).toBe("CRG-08");
    expect(findings.filter((f) => f.code === "ROWS_BELOW_TABLE").map((f) => f.cell)).toEqual(["A16"]);
    // The rows further down can now be taken in by themselves.
    const next = within(screen.getByRole("group", { name: "Rows under table tblLines" })).getByRole("button", { name: "Take these rows into the table" });
    expect(document.getElementById(next.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Lines rows 15 to 16 become rows 14 to 15 of table tblLines; every value stays in its cell.",
    );
  });

  it("announces the outcome in a region that was there before, and puts focus on it when the offer is gone", async () => {
    await renderPane(await withRowsBelow([{ row: 14, id: "CRG-07", activity: "Street pastors" }]));
    openTab("Checks");
    const take = button("Take these rows into the table");
    const before = liveRegions();
    take.focus();
    click(take);
    expect(await screen.findByText("Take these rows into the table: done")).toBeTruthy();
    await settled();
    expect(take.isConnected).toBe(false);
    const region = regionOf("Take these rows into the table: done");
    expect(before).toContain(region);
    await waitFor(() => expect(document.activeElement).toBe(region));
  });
});

describe("Keyboard focus", () => {
  it("goes to the outcome when Undo split disappears, and when Save allocations is disabled after saving", async () => {
    const workbook = await exampleWorkbook();
    await renderPane(workbook);
    openTab("Allocate");
    type(screen.getByLabelText("Amount to split"), "100");
    click(screen.getByLabelText(/^CRG-01 /));
    click(button("Preview"));
    click(button("Apply split"));
    await waitFor(() => expect(workbook.value("Lines", "F2")).toBe(100));
    await settled();

    const undo = button("Undo split");
    undo.focus();
    click(undo);
    await waitFor(() => expect(workbook.value("Lines", "F2")).not.toBe(100));
    await settled();
    expect(undo.isConnected).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(regionOf("Undo split: done")));

    type(allocationInput("CRG-02"), "1");
    const save = button("Save allocations");
    save.focus();
    click(save);
    await waitFor(() => expect(workbook.value("Lines", "F3")).toBe(1));
    await settled();
    expect(save).toHaveProperty("disabled", true);
    await waitFor(() => expect(document.activeElement).toBe(regionOf("Save allocations: done")));
  });

  it("stays on a button that is usable again when its action is done", async () => {
    await renderPane(await exampleWorkbook());
    openTab("Checks");
    const run = button("Run checks");
    run.focus();
    click(run);
    await settled();
    expect(run).toHaveProperty("disabled", false);
    expect(document.activeElement).toBe(run);
  });
});

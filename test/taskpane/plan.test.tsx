/** @jest-environment jsdom */
import "./setup";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { exampleWorkbook, memoryPlan } from "../support/plans";
import { button, click, renderPane, screen, settled, within } from "./pane";

// Renders the whole pane per test: seconds on a busy 2-core machine; this budget holds pinned to one core.
jest.setTimeout(30_000);

describe("Plan view", () => {
  it("offers set-up on a workbook that is not a plan, and sets up the example as two grant cards", async () => {
    const workbook = new MemoryWorkbook();
    await renderPane(workbook);
    expect(screen.getByText(/not a grant plan yet/)).toBeTruthy();
    click(button("Set up the example"));
    const cards = await screen.findAllByRole("article");
    expect(cards).toHaveLength(2);
    const [crg, vrp] = cards.map((c) => within(c));
    expect(crg?.getByRole("heading", { name: "Crime Reduction Grant 2020/21" })).toBeTruthy();
    expect(crg?.getAllByText("£332,000.00")).toHaveLength(2); // award and allocated
    expect(crg?.getByText("£0.00")).toBeTruthy();
    expect(crg?.getByText(/01\/04\/2020 – 31\/03\/2021/)).toBeTruthy();
    expect(vrp?.getAllByText("£180,000.00")).toHaveLength(2);
    const bar = crg?.getByRole("progressbar", { name: /of £332,000.00 allocated/ });
    expect(bar?.getAttribute("aria-valuetext")).toBe("£332,000.00 of £332,000.00 allocated (100%)");
    expect(workbook.sheet("Grants")).toBeDefined();
  });

  it("sets up a blank plan and says it has no grants yet", async () => {
    const workbook = new MemoryWorkbook();
    await renderPane(workbook);
    click(button("Set up a blank plan"));
    expect(await screen.findByText(/This plan has no grants yet/)).toBeTruthy();
  });

  it("refuses to set up over a sheet it did not create, lists the sheet and writes nothing", async () => {
    const workbook = new MemoryWorkbook();
    workbook.addSheet("Grants");
    await renderPane(workbook);
    click(button("Set up the example"));
    expect(await screen.findByText("Set up the example: not done")).toBeTruthy();
    expect(screen.getByText("Nothing was written.")).toBeTruthy();
    expect(screen.getByText("Sheets in the way: Grants.")).toBeTruthy();
    expect(workbook.sheets.map((s) => s.name)).toEqual(["Grants"]);
    expect(workbook.tables).toHaveLength(0);
  });

  it("shows an over-allocated grant in words and in the error colour", async () => {
    const workbook = await exampleWorkbook();
    workbook.setValue("Lines", "F2", 120000);
    await renderPane(workbook);
    const crg = within((await screen.findAllByRole("article"))[0] ?? document.body);
    expect(crg.getByText("over-allocated by £1,000.00")).toBeTruthy();
    const bar = crg.getByRole("progressbar", { name: /of £332,000.00 allocated/ });
    expect(bar.getAttribute("aria-valuenow")).toBe("1");
    expect(bar.getAttribute("aria-valuetext")).toMatch(/^£333,000.00 of £332,000.00 allocated/);
  });

  it("reads a plan with no grants without offering set-up", async () => {
    await renderPane(await memoryPlan());
    await settled();
    expect(screen.queryByRole("button", { name: "Set up the example" })).toBeNull();
  });
});

/** @jest-environment jsdom */
import "../setup";
import type { Change } from "../../../src/plan/changes";
import type { MemoryWorkbook } from "../../../src/workbook/memory";
import { checked } from "../../support/plans";
import { button, click, fireEvent, openTab, renderPane, screen, settled, type, within } from "../pane";
import { COUNCIL, leadsWorkbook, POLICE } from "./plans";

// Each test renders the whole pane on the example plan, loads the Return tab's code and
// fills in a form of a few dozen Fluent fields, often twice: several seconds alone, up to
// half a minute on one busy core.
jest.setTimeout(60_000);

/** Counts the batches the pane sends to the workbook. */
function countBatches(workbook: MemoryWorkbook): Change[][] {
  const batches: Change[][] = [];
  const apply = workbook.apply.bind(workbook);
  workbook.apply = async (changes) => {
    batches.push([...changes]);
    return apply(changes);
  };
  return batches;
}

async function openReturn(workbook?: MemoryWorkbook): Promise<MemoryWorkbook> {
  const wb = workbook ?? (await leadsWorkbook());
  await renderPane(wb);
  openTab("Return");
  await screen.findByRole("combobox", { name: "Lead organisation" });
  return wb;
}

/** The fieldset of a line or measure, found by its legend (cheaper than naming every group). */
function group(id: string, container: ParentNode = document): HTMLElement {
  const legend = Array.from(container.querySelectorAll("legend")).find((l) => l.textContent?.startsWith(`${id} `));
  const fieldset = legend?.closest("fieldset");
  if (!(fieldset instanceof HTMLElement)) throw new Error(`no return fields for ${id}`);
  return fieldset;
}

function lineGroup(id: string): HTMLElement {
  return group(id);
}

function choose(label: string, value: string, container: HTMLElement = document.body): void {
  fireEvent.change(within(container).getByRole("combobox", { name: label }), { target: { value } });
}

/** Fills in a line's spend and status. */
function fillLine(id: string, spend: string, status: string): void {
  const fields = lineGroup(id);
  type(within(fields).getByLabelText("Spend in quarter"), spend);
  const [lineStatus] = within(fields).getAllByLabelText("Status");
  if (lineStatus === undefined) throw new Error(`no status for ${id}`);
  fireEvent.change(lineStatus, { target: { value: status } });
}

describe("Return view", () => {
  it("offers the lead organisations of the lines and shows only the chosen one's lines and measures", async () => {
    await openReturn();
    const lead = screen.getByRole("combobox", { name: "Lead organisation" });
    expect(within(lead).getAllByRole("option").map((o) => o.textContent)).toEqual([
      COUNCIL,
      POLICE,
      "Youth Offending Team",
      "Sefton CVS",
      "Lines with no lead organisation",
    ]);
    const lines = Array.from(document.querySelectorAll("fieldset > legend"), (l) => l.textContent?.slice(0, 7)).filter((t) => /^CRG-0\d $/.test(t ?? ""));
    expect(lines).toEqual(["CRG-01 ", "CRG-02 ", "CRG-04 "]);
    expect(() => lineGroup("CRG-03")).toThrow("no return fields for CRG-03");
    choose("Lead organisation", POLICE);
    expect(lineGroup("CRG-03")).toBeTruthy();
    expect(() => lineGroup("CRG-01")).toThrow("no return fields for CRG-01");
    // Measures of the line, with their targets to date.
    const measure = group("CRG-03.2", lineGroup("CRG-03"));
    expect(measure.textContent).toContain("full year 8");
  });

  it("says inline what is wrong with a spend or a value, and does not submit until it is right", async () => {
    await openReturn();
    const fields = lineGroup("CRG-01");
    type(within(fields).getByLabelText("Spend in quarter"), "12.345");
    expect(within(fields).getByText("Use at most two decimal places (pennies).")).toBeTruthy();
    expect(within(fields).getByText("Choose a status.")).toBeTruthy();
    const sessions = group("CRG-01.2", fields);
    type(within(sessions).getByLabelText("Value in quarter"), "-3");
    expect(within(sessions).getByText("The value cannot be negative.")).toBeTruthy();
    expect(screen.getByText("3 entries need correcting.")).toBeTruthy();
    expect(button("Submit returns")).toHaveProperty("disabled", true);
    type(within(sessions).getByLabelText("Value in quarter"), "twelve");
    expect(within(sessions).getByText('"twelve" is not a number. Use digits, for example 12.')).toBeTruthy();
  });

  it("submits every entered return in one batch, next to the button, and keeps what was typed while visiting other tabs", async () => {
    const workbook = await openReturn();
    const batches = countBatches(workbook);
    fillLine("CRG-01", "24500", "Green");
    const sessions = group("CRG-01.2", lineGroup("CRG-01"));
    type(within(sessions).getByLabelText("Value in quarter"), "15");
    // Away and back: the entries are still there.
    openTab("Plan");
    openTab("Return");
    await screen.findByRole("combobox", { name: "Lead organisation" });
    expect(within(lineGroup("CRG-01")).getByLabelText("Spend in quarter")).toHaveProperty("value", "24500");
    expect(screen.getByText("2 returns to submit.")).toBeTruthy();

    click(button("Submit returns"));
    expect(await screen.findByText("Submit returns: done")).toBeTruthy();
    await settled();
    expect(batches).toHaveLength(1);
    const { plan } = await checked(workbook);
    const line = plan.returns?.lineReturns.find((r) => r.lineId === "CRG-01");
    expect(line?.spend?.toFixed(2)).toBe("24500.00");
    expect(line?.status).toBe("Green");
    expect(line?.enteredBy).toBe(COUNCIL);
    expect(plan.returns?.measureReturns.map((r) => [r.measureId, r.value?.toString()])).toEqual([["CRG-01.2", "15"]]);
    // Written, so nothing is left to submit.
    expect(screen.getByText("Nothing entered or changed yet.")).toBeTruthy();
  });

  it("shows old → new before updating a return that exists, and updates only when asked", async () => {
    const workbook = await openReturn();
    fillLine("CRG-01", "24500", "Green");
    click(button("Submit returns"));
    await screen.findByText("Submit returns: done");
    await settled();
    const batches = countBatches(workbook);

    const fields = lineGroup("CRG-01");
    expect(within(fields).getAllByText("Already returned for this quarter: changes replace it.")).toHaveLength(1);
    type(within(fields).getByLabelText("Spend in quarter"), "25000");
    click(button("Submit returns"));
    const question = screen.getByRole("region", { name: "1 return already exists: update?" });
    expect(document.activeElement).toBe(question);
    expect(question.textContent).toContain("Spend in quarter: £24,500.00 → £25,000.00");
    expect(batches).toHaveLength(0);

    click(within(question).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("region", { name: /already exists/ })).toBeNull();
    expect(batches).toHaveLength(0);

    click(button("Submit returns"));
    click(within(screen.getByRole("region", { name: "1 return already exists: update?" })).getByRole("button", { name: "Update returns" }));
    await screen.findByText("Submit returns: done");
    await settled();
    expect(batches).toHaveLength(1);
    const { plan } = await checked(workbook);
    expect(plan.returns?.lineReturns.map((r) => r.spend?.toFixed(2))).toEqual(["25000.00"]);
    expect(plan.returns?.changes.find((c) => c.column === "Spend in quarter")).toMatchObject({ oldValue: "£24,500.00", newValue: "£25,000.00" });
  });

  it("refuses, writing nothing, when someone changed the return after the person was shown old → new", async () => {
    const workbook = await openReturn();
    fillLine("CRG-01", "24500", "Green");
    click(button("Submit returns"));
    await screen.findByText("Submit returns: done");
    await settled();
    type(within(lineGroup("CRG-01")).getByLabelText("Spend in quarter"), "25000");
    click(button("Submit returns"));
    const question = screen.getByRole("region", { name: "1 return already exists: update?" });
    // A co-author changes the same return's spend meanwhile.
    const { plan } = await checked(workbook);
    const row = plan.returns?.lineReturns[0]?.row;
    if (row === undefined) throw new Error("no return written");
    workbook.setValue("Line returns", `D${row + 1}`, 30000);
    const batches = countBatches(workbook);
    click(within(question).getByRole("button", { name: "Update returns" }));
    expect(await screen.findByText(/Someone changed these returns in the workbook since you looked/)).toBeTruthy();
    await settled();
    expect(batches).toHaveLength(0);
    expect(workbook.value("Line returns", `D${row + 1}`)).toBe(30000);
  });

  it("warns, without refusing, when spend is more than 10% off profile and there is no commentary", async () => {
    await openReturn();
    fillLine("CRG-01", "1000", "Amber");
    // CRG-01's £119,000.00 split evenly: £29,750.00 a quarter.
    expect(within(lineGroup("CRG-01")).getByText("Spend differs from the profile of £29,750.00 by more than 10%: say why here.")).toBeTruthy();
    expect(button("Submit returns")).toHaveProperty("disabled", false);
    type(within(lineGroup("CRG-01")).getByLabelText("Commentary"), "Sessions start in August.");
    expect(within(lineGroup("CRG-01")).queryByText(/Spend differs from the profile/)).toBeNull();
  });

  it("can be used with the keyboard: every box, list and button is in the tab order", async () => {
    await openReturn();
    const panel = screen.getByRole("tabpanel");
    const controls = Array.from(panel.querySelectorAll<HTMLElement>("input, select, textarea, button"));
    expect(controls.length).toBeGreaterThan(10);
    const unreachable = controls.filter((c) => c.tabIndex < 0 || c.hasAttribute("hidden"));
    expect(unreachable.map((c) => c.outerHTML.slice(0, 80))).toEqual([]);
    // Each control has a name a screen reader can say.
    const unnamed = controls.filter((c) => c.tagName !== "BUTTON" && (c.id === "" || panel.querySelector(`label[for="${c.id}"]`) === null) && !c.hasAttribute("aria-label"));
    expect(unnamed.map((c) => c.outerHTML.slice(0, 80))).toEqual([]);
  });
});

describe("Return view quarter", () => {
  it("moves on to the quarter after the last one the organisation returned", async () => {
    await openReturn();
    const quarter = () => screen.getByRole("combobox", { name: "Quarter" });
    choose("Quarter", "2020/21-Q1");
    fillLine("CRG-01", "20000", "Green");
    click(button("Submit returns"));
    await screen.findByText("Submit returns: done");
    await settled();
    expect(quarter()).toHaveProperty("value", "2020/21-Q1");
    // Another organisation and back: the default follows the returns now in the workbook.
    choose("Lead organisation", POLICE);
    choose("Lead organisation", COUNCIL);
    expect(quarter()).toHaveProperty("value", "2020/21-Q2");
  });
});

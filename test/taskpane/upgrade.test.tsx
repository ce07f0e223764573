/** @jest-environment jsdom */
import "./setup";
import { type CellInput } from "../../src/plan/changes";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { upgradeChanges } from "../../src/plan/returns/upgrade";
import { META_KEYS, RETURN_TABLES, RETURNS_SCHEMA_VERSION, TABLES } from "../../src/plan/schema";
import { UPGRADE_SHEETS } from "../../src/taskpane/upgrade";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import { checked } from "../support/plans";
import { memoryFromRaw, rawPlanV1 } from "../support/raw";
import { button, click, openTab, renderPane, screen, settled, within } from "./pane";

jest.setTimeout(30_000);

const OLDER = /PLAN_OLDER_VERSION/;
const NO_RETURNS_TABLES = /This plan has no returns tables yet/;

/** The example plan as version 1 left it, with a note typed beside the Lines table. */
function v1Workbook(): MemoryWorkbook {
  const wb = memoryFromRaw(rawPlanV1(SEFTON_2020_21));
  wb.setValue("Lines", "P2", "Ask finance about Q3");
  return wb;
}

/** Every cell of a sheet as stored, sorted by address. */
function cellsOf(wb: MemoryWorkbook, sheet: string): [string, CellInput][] {
  return [...(wb.sheet(sheet)?.cells.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b));
}

function v1Cells(wb: MemoryWorkbook): [string, CellInput][][] {
  return TABLES.map((t) => cellsOf(wb, t.sheet));
}

describe("Upgrading a version-1 plan from the Checks view", () => {
  it("says what upgrading will do, asks, upgrades without changing a typed cell, and the returns tabs then work", async () => {
    const wb = v1Workbook();
    const before = v1Cells(wb);
    expect(before.flat().length).toBeGreaterThan(50);
    await renderPane(wb);
    openTab("Return");
    expect(await screen.findByText(NO_RETURNS_TABLES)).toBeTruthy();
    openTab("Checks");

    expect(screen.getByRole("button", { name: OLDER })).toBeTruthy();
    const offer = within(screen.getByRole("group", { name: "Upgrading the plan" }));
    const start = offer.getByRole("button", { name: "Upgrade the plan" });
    const what = document.getElementById(start.getAttribute("aria-describedby") ?? "")?.textContent ?? "";
    for (const sheet of UPGRADE_SHEETS) expect(what).toContain(`"${sheet}"`);
    expect(what).toContain("Nothing typed in");
    expect(what).toContain(`"${META_KEYS.schemaVersion}" to ${RETURNS_SCHEMA_VERSION}`);
    const steps = offer.getByRole("list", { name: "What will be written" }).textContent ?? "";
    for (const spec of RETURN_TABLES) expect(steps).toContain(spec.table);
    // The region that will announce the outcome is in the page before anything is written.
    const regions = Array.from(document.querySelectorAll<HTMLElement>("[data-outcome]"));
    expect(regions.length).toBeGreaterThan(0);
    for (const region of regions) expect(region.getAttribute("aria-live")).toBe("polite");

    // Asked first: the button writes nothing; Cancel puts focus back on it.
    click(start);
    const question = within(screen.getByRole("group", { name: "Upgrade the plan now? Nothing you typed changes." }));
    expect(document.activeElement).toBe(question.getByRole("button", { name: "Upgrade now" }));
    click(question.getByRole("button", { name: "Cancel" }));
    expect(document.activeElement).toBe(offer.getByRole("button", { name: "Upgrade the plan" }));
    expect((await checked(wb)).plan.schemaVersion).toBe(1);

    click(button("Upgrade the plan"));
    click(button("Upgrade now"));
    const done = await screen.findByText("Upgrade the plan: done");
    await settled();
    // The outcome shows in a region that was there before, and focus is on it, not lost to the page.
    const region = regions.find((r) => r.contains(done));
    expect(region).toBeDefined();
    expect(document.activeElement).toBe(region);

    expect(v1Cells(wb)).toEqual(before);
    for (const sheet of UPGRADE_SHEETS) expect(wb.sheet(sheet)).toBeDefined();
    const { plan, findings } = await checked(wb);
    expect(plan.schemaVersion).toBe(RETURNS_SCHEMA_VERSION);
    expect(plan.returns?.spendProfiles.length).toBe(SEFTON_2020_21.lines.length);
    expect(findings.some((f) => f.code === "PLAN_OLDER_VERSION")).toBe(false);
    // The pane read the plan again: the finding and its offer are gone, and the returns tabs have their tables.
    expect(screen.queryByRole("button", { name: OLDER })).toBeNull();
    expect(screen.queryByRole("group", { name: "Upgrading the plan" })).toBeNull();
    openTab("Return");
    await screen.findByRole("combobox", { name: "Lead organisation" });
    expect(screen.queryByText(NO_RETURNS_TABLES)).toBeNull();
    openTab("Progress");
    await screen.findByRole("combobox", { name: "As at" });
    expect(screen.queryByText(NO_RETURNS_TABLES)).toBeNull();
  });

  it("writes nothing when someone else upgraded the plan after the pane read it", async () => {
    const wb = v1Workbook();
    await renderPane(wb);
    openTab("Checks");
    const { plan } = await checked(wb);
    const meanwhile = upgradeChanges(await wb.read(), plan, "A colleague");
    const outcome = await wb.apply(meanwhile.changes);
    expect(outcome.ok).toBe(true);
    const after = UPGRADE_SHEETS.map((s) => cellsOf(wb, s));

    click(button("Upgrade the plan"));
    click(button("Upgrade now"));
    expect(await screen.findByText("Upgrade the plan: not done")).toBeTruthy();
    await settled();
    expect(screen.getByText(/already version 2/)).toBeTruthy();
    expect(UPGRADE_SHEETS.map((s) => cellsOf(wb, s))).toEqual(after);
  });

  it("says why it cannot upgrade when a sheet of a returns name is already there, and offers no button", async () => {
    const wb = v1Workbook();
    wb.addSheet("Profiles");
    wb.setValue("Profiles", "A1", "My own profile notes");
    await renderPane(wb);
    openTab("Checks");
    const offer = within(screen.getByRole("group", { name: "Upgrading the plan" }));
    expect(offer.queryByRole("button", { name: "Upgrade the plan" })).toBeNull();
    expect(offer.getByText(/Profiles/)).toBeTruthy();
  });
});

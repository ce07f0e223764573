/** @jest-environment jsdom */
import "../setup";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render } from "@testing-library/react";
import type { Plan } from "../../../src/plan/model";
import { money } from "../../../src/plan/money";
import type { GrantProgress, LineProgress, MeasureProgress, Progress } from "../../../src/plan/returns/model";
import { ProgressReport } from "../../../src/taskpane/components/returns/ProgressReport";
import { checked, memoryPlan } from "../../support/plans";
import { fireEvent, screen, within } from "../pane";
import { COUNCIL, leadsPlanData, POLICE } from "./plans";

jest.setTimeout(30_000);

const NONE = [null, null, null, null] as const;

function line(id: string, lead: string, theme: string, over: Partial<LineProgress> = {}): LineProgress {
  return {
    id,
    grantId: "CRG",
    lead,
    theme,
    allocation: money("40000"),
    profile: [money("10000"), money("10000"), money("10000"), money("10000")],
    profileToDate: money("20000"),
    spend: NONE,
    spendToDate: money("18000"),
    remaining: money("22000"),
    status: "Green",
    returnsMissing: [],
    isReserve: false,
    ...over,
  };
}

function measure(id: string, lineId: string, over: Partial<MeasureProgress> = {}): MeasureProgress {
  return {
    id,
    lineId,
    kind: "count",
    target: money("60"),
    targetToDate: money("30"),
    actualToDate: money("15"),
    percentOfTarget: money("50.0"),
    status: "Amber",
    suggested: "Amber",
    returnsMissing: [],
    ...over,
  };
}

/** Hand-made figures for three CRG lines (the plan supplies names and the status key). */
function progress(): Progress {
  const lines = [
    line("CRG-01", COUNCIL, "Anti-Social Behaviour"),
    line("CRG-03", POLICE, "Vulnerable People including Hate Crime", { status: "Red", spendToDate: money("25000.50"), remaining: money("14999.50"), returnsMissing: ["2020/21-Q2"] }),
    line("CRG-04", COUNCIL, "Community Infrastructure", { status: "", spendToDate: null, remaining: null }),
  ];
  const grant: GrantProgress = { id: "CRG", award: money("332000"), allocated: money("332000"), spendToDate: null, remaining: null, lines };
  return {
    asAt: { year: { startYear: 2020 }, quarter: 2 },
    grants: [grant],
    measures: [
      measure("CRG-01.2", "CRG-01"),
      measure("CRG-01.3", "CRG-01", { status: "Green", suggested: "Green", actualToDate: money("450"), targetToDate: money("300"), percentOfTarget: money("150.0") }),
      measure("CRG-03.2", "CRG-03", { status: "Blue", returnsMissing: ["2020/21-Q1", "2020/21-Q2"] }),
      measure("CRG-01.1", "CRG-01", { kind: "to-be-agreed", target: null, targetToDate: null, actualToDate: null, percentOfTarget: null, status: "", suggested: "" }),
    ],
  };
}

async function renderReport(): Promise<void> {
  const { plan }: { plan: Plan } = await checked(await memoryPlan(leadsPlanData()));
  render(
    <FluentProvider theme={webLightTheme}>
      <ProgressReport plan={plan} progress={progress()} />
    </FluentProvider>,
  );
}

function lineCards(): string[] {
  return screen.queryAllByRole("article").map((a) => a.querySelector("h4")?.textContent?.slice(0, 6) ?? "");
}

function filter(label: string, value: string): void {
  fireEvent.change(screen.getByRole("combobox", { name: label }), { target: { value } });
}

describe("Progress report", () => {
  it("shows each line's spend against profile and allocation, en-GB, and a grant's totals", async () => {
    await renderReport();
    const card = screen.getByRole("article", { name: /^CRG-03 / });
    const figures = Array.from(card.querySelectorAll("dt")).map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(figures).toEqual([
      "Allocation: £40,000.00",
      "Profile to date: £20,000.00",
      "Spend to date: £25,000.50",
      "Against profile: £5,000.50 over profile",
      "Remaining: £14,999.50",
      "Status: Red (Not Started)",
    ]);
    const unknown = screen.getByRole("article", { name: /^CRG-04 / });
    expect(unknown.textContent).toContain("Spend to datenot known");
    expect(unknown.textContent).toContain("Statusnone yet");
    expect(screen.getByRole("region", { name: "Crime Reduction Grant 2020/21" }).querySelector("dl")?.textContent).toContain("Award£332,000.00");
  });

  it("gives each measure with numbers a meter with its figures in words, and its suggested status", async () => {
    await renderReport();
    const meters = screen.getAllByRole("meter");
    expect(meters.map((m) => [m.getAttribute("aria-label"), m.getAttribute("aria-valuenow"), m.getAttribute("aria-valuetext")])).toEqual([
      ["CRG-01.2 actual against target to date", "50", "15 of 30 to date (50.0%)"],
      ["CRG-01.3 actual against target to date", "100", "450 of 300 to date (150.0%)"],
      ["CRG-03.2 actual against target to date", "50", "15 of 30 to date (50.0%)"],
    ]);
    const tba = within(screen.getByRole("list", { name: "Measures of CRG-01" })).getAllByRole("listitem")[2];
    expect(tba?.textContent).toContain("No figures: its progress is its status.");
    const blue = within(screen.getByRole("list", { name: "Measures of CRG-03" })).getByRole("listitem");
    expect(blue.textContent).toContain("Full-year target 60 sessions");
    expect(blue.textContent).toContain("Status: Blue (Complete) · suggested Amber (On Hold)");
  });

  it("filters by lead, status and theme, and says how many lines are shown", async () => {
    await renderReport();
    expect(lineCards()).toEqual(["CRG-01", "CRG-03", "CRG-04"]);
    filter("Lead", POLICE);
    expect(lineCards()).toEqual(["CRG-03"]);
    expect(screen.getByText("1 line shown.")).toBeTruthy();
    filter("Lead", "");
    filter("Status", "Red");
    expect(lineCards()).toEqual(["CRG-03"]);
    // A line whose own status differs is kept for a measure with the status, showing only that measure.
    filter("Status", "Amber");
    expect(lineCards()).toEqual(["CRG-01"]);
    expect(within(screen.getByRole("list", { name: "Measures of CRG-01" })).getAllByRole("listitem")).toHaveLength(1);
    filter("Status", "(none)");
    expect(lineCards()).toEqual(["CRG-01", "CRG-04"]);
    filter("Status", "");
    filter("Theme", "Community Infrastructure");
    expect(lineCards()).toEqual(["CRG-04"]);
    filter("Lead", POLICE);
    expect(lineCards()).toEqual([]);
    expect(screen.getByText("No line matches these filters.")).toBeTruthy();
    expect(screen.getByText("0 lines shown.")).toBeTruthy();
  });

  it("lists the returns due, for lines and measures, narrowed by lead", async () => {
    await renderReport();
    const due = screen.getByRole("region", { name: "Returns due (2)" });
    expect(within(due).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      `CRG-03 Hate crime awareness, reporting and support for vulnerable peopleLine · ${POLICE} · due for 2020/21-Q2`,
      `CRG-03.2 Hate crime training sessions deliveredMeasure · ${POLICE} · due for 2020/21-Q1, 2020/21-Q2`,
    ]);
    filter("Lead", COUNCIL);
    expect(screen.getByRole("region", { name: "Returns due (0)" }).textContent).toContain("Every quarter that has ended has its return.");
  });
});

/** @jest-environment jsdom */
import "../setup";
import type { LineReturnData, PlanData } from "../../../src/plan/template";
import { memoryPlan } from "../../support/plans";
import { fireEvent, openTab, renderPane, screen, within } from "../pane";
import { POLICE, leadsPlanData } from "./plans";

jest.setTimeout(30_000);

function lineReturn(lineId: string, quarter: 1 | 2, spend: string, status: string): LineReturnData {
  return { lineId, year: "2020/21", quarter, spend, status, commentary: "", risks: "", enteredBy: "test", enteredOn: null };
}

/** The example with leads, returns for Q1 and Q2 of two lines, and "Returns as at" 2020/21-Q2. */
function withReturns(): PlanData {
  return {
    ...leadsPlanData(),
    returns: {
      lineReturns: [lineReturn("CRG-01", 1, "20000.00", "Green"), lineReturn("CRG-01", 2, "31000.00", "Green"), lineReturn("CRG-03", 1, "3750.00", "Amber")],
      measureReturns: [{ measureId: "CRG-01.2", year: "2020/21", quarter: 1, value: 12, status: "", comment: "", enteredBy: "test", enteredOn: null }],
      settings: { "Returns as at": "2020/21-Q2" },
    },
  };
}

function figure(card: HTMLElement, term: string): string {
  const dt = Array.from(card.querySelectorAll("dt")).find((d) => d.textContent === term);
  return dt?.nextElementSibling?.textContent ?? "";
}

describe("Progress view", () => {
  it("opens as at the plan's quarter, with each line's spend to date against its profile, and the returns due", async () => {
    await renderPane(await memoryPlan(withReturns()));
    openTab("Progress");
    const asAt = await screen.findByRole("combobox", { name: "As at" });
    expect(asAt).toHaveProperty("value", "2020/21-Q2");
    const crg01 = screen.getByRole("article", { name: /^CRG-01 / });
    expect(figure(crg01, "Spend to date")).toBe("£51,000.00");
    expect(figure(crg01, "Profile to date")).toBe("£59,500.00");
    expect(figure(crg01, "Against profile")).toBe("£8,500.00 under profile");
    expect(figure(crg01, "Status")).toBe("Green (Progressing)");
    // 12 of the 60 sessions, 30 of them due by Q2 on an even profile.
    expect(within(crg01).getByRole("meter", { name: "CRG-01.2 actual against target to date" }).getAttribute("aria-valuetext")).toBe("12 of 30 to date (40.0%)");
    const due = screen.getByRole("region", { name: /^Returns due/ });
    expect(within(due).getByText("CRG-03").parentElement?.nextElementSibling?.textContent).toBe(`Line · ${POLICE} · due for 2020/21-Q2`);
  });

  it("works the figures out again for another as-at quarter", async () => {
    await renderPane(await memoryPlan(withReturns()));
    openTab("Progress");
    fireEvent.change(await screen.findByRole("combobox", { name: "As at" }), { target: { value: "2020/21-Q1" } });
    const crg01 = screen.getByRole("article", { name: /^CRG-01 / });
    expect(figure(crg01, "Spend to date")).toBe("£20,000.00");
    expect(figure(crg01, "Against profile")).toBe("£9,750.00 under profile");
    expect(within(screen.getByRole("region", { name: /^Returns due/ })).queryByText("CRG-03")).toBeNull();
  });
});

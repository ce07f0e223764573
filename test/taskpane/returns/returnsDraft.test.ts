import type { Plan } from "../../../src/plan/model";
import { money } from "../../../src/plan/money";
import type { LineReturn, Returns } from "../../../src/plan/returns/model";
import {
  defaultQuarter,
  entryKey,
  leadQuarters,
  leadsOf,
  NO_LEAD,
  returnForm,
  type ReturnsDraft,
  submissionOf,
  valueError,
  withoutEntries,
} from "../../../src/taskpane/returnsDraft";
import { nextQuarter, quarterOptions } from "../../../src/taskpane/returnsQuarters";
import { NO_RETURNS_DRAFT } from "../../../src/taskpane/parts";
import { checked, memoryPlan } from "../../support/plans";
import { COUNCIL, leadsPlanData, POLICE } from "./plans";

const Q1 = { year: { startYear: 2020 }, quarter: 1 } as const;
const Q2 = { year: { startYear: 2020 }, quarter: 2 } as const;

async function plan(): Promise<Plan> {
  return (await checked(await memoryPlan(leadsPlanData()))).plan;
}

function lineReturn(lineId: string, quarter: 1 | 2 | 3 | 4, row: number): LineReturn {
  return { lineId, year: { startYear: 2020 }, quarter, spend: money("100"), spendKnown: true, status: "Green", commentary: "", risks: "", enteredBy: "", enteredOn: null, row };
}

function withReturns(p: Plan, lineReturns: readonly LineReturn[]): Plan {
  const returns: Returns | null = p.returns === null ? null : { ...p.returns, lineReturns };
  if (returns === null) throw new Error("the plan has no returns tables");
  return { ...p, returns };
}

function draft(over: Partial<ReturnsDraft>): ReturnsDraft {
  return { ...NO_RETURNS_DRAFT, ...over };
}

describe("the Return view's choices", () => {
  it("lists each lead organisation once, whatever the case, leaving out reserves, and then the lines that name none", async () => {
    const p = await plan();
    const first = p.lines[0];
    if (first === undefined) throw new Error("the example has no lines");
    const shouting: Plan = { ...p, lines: [...p.lines, { ...first, id: "CRG-09", lead: "SEFTON COUNCIL " }] };
    expect(leadsOf(shouting)).toEqual([COUNCIL, POLICE, "Youth Offending Team", "Sefton CVS", NO_LEAD]);
    // VRP-01 and VRP-02 name no lead; VRP-05, the reserve, needs no return.
    expect(returnForm(p, NO_LEAD, Q2, null, NO_RETURNS_DRAFT).rows.map((r) => r.line.id)).toEqual(["VRP-01", "VRP-02"]);
    const named: Plan = { ...p, lines: p.lines.filter((l) => l.lead !== "" || l.isReserve) };
    expect(leadsOf(named)).toEqual([COUNCIL, POLICE, "Youth Offending Team", "Sefton CVS"]);
  });

  it("offers the quarters of the organisation's grant years, and opens on the one after its latest return", async () => {
    const p = await plan();
    const options = leadQuarters(p, COUNCIL);
    expect(options.map((o) => o.value)).toEqual(["2020/21-Q1", "2020/21-Q2", "2020/21-Q3", "2020/21-Q4"]);
    expect(options[1]?.label).toBe("Q2 2020/21 (Jul – Sep 2020)");
    // No returns yet: the as-at quarter.
    expect(defaultQuarter(p, COUNCIL, options, Q2)?.value).toBe("2020/21-Q2");
    // Another organisation's return does not move it.
    expect(defaultQuarter(withReturns(p, [lineReturn("CRG-03", 2, 5)]), COUNCIL, options, Q1)?.value).toBe("2020/21-Q1");
    expect(defaultQuarter(withReturns(p, [lineReturn("crg-01", 2, 5), lineReturn("CRG-02", 1, 6)]), COUNCIL, options, Q1)?.value).toBe("2020/21-Q3");
    // After Q4 there is no next quarter in the year: the as-at quarter, else the last.
    expect(defaultQuarter(withReturns(p, [lineReturn("CRG-01", 4, 5)]), COUNCIL, options, Q2)?.value).toBe("2020/21-Q2");
    expect(defaultQuarter(p, COUNCIL, options, { year: { startYear: 2026 }, quarter: 2 })?.value).toBe("2020/21-Q4");
  });

  it("orders quarters and steps over the end of a year", () => {
    expect(nextQuarter({ year: { startYear: 2020 }, quarter: 4 })).toEqual({ year: { startYear: 2021 }, quarter: 1 });
    expect(quarterOptions(["2021/22", "2020/21", "not a year"], Q1).map((o) => o.value)).toEqual([
      "2020/21-Q1",
      "2020/21-Q2",
      "2020/21-Q3",
      "2020/21-Q4",
      "2021/22-Q1",
      "2021/22-Q2",
      "2021/22-Q3",
      "2021/22-Q4",
    ]);
  });
});

describe("values a project lead types", () => {
  it("says why a measure's value cannot be written", async () => {
    const p = await plan();
    const count = p.measures.find((m) => m.kind === "count");
    if (count === undefined) throw new Error("the example has no count measure");
    const percentage = { ...count, kind: "percentage" as const };
    expect(valueError(count, "12")).toBeUndefined();
    expect(valueError(count, "1,250")).toBeUndefined();
    expect(valueError(count, "")).toBe("Enter a number, for example 12.");
    expect(valueError(count, "£12")).toBe('"£12" is not a number. Use digits, for example 12.');
    expect(valueError(count, "-1")).toBe("The value cannot be negative.");
    expect(valueError(percentage, "75%")).toBeUndefined();
    expect(valueError(percentage, "100.5")).toBe("A percentage cannot be over 100.");
  });

  it("submits only what changed, with money as two-decimal literals and values as numbers", async () => {
    const p = withReturns(await plan(), [lineReturn("CRG-02", 2, 5)]);
    const held = returnForm(p, COUNCIL, Q2, null, NO_RETURNS_DRAFT);
    // CRG-02's return is shown as it is held: nothing to submit.
    expect(held.rows.find((r) => r.line.id === "CRG-02")?.entry).toEqual({ spend: "£100.00", status: "Green", commentary: "", risks: "" });
    expect(held.changedCount).toBe(0);
    expect(submissionOf(held)).toBeNull();

    const typed = draft({
      lines: {
        [entryKey("CRG-01", Q2)]: { spend: "£1,250.5", status: "green", commentary: " Started. ", risks: "" },
        // The same as held, typed differently: not a change.
        [entryKey("CRG-02", Q2)]: { spend: "100", status: "GREEN", commentary: "", risks: "" },
      },
      measures: { [entryKey("CRG-01.2", Q2)]: { value: "1,200", status: "", comment: "" } },
    });
    const form = returnForm(p, COUNCIL, Q2, null, typed);
    expect(form.errorCount).toBe(0);
    expect(submissionOf(form)).toEqual({
      lines: [{ lineId: "CRG-01", year: "2020/21", quarter: 2, spend: "1250.50", status: "green", commentary: "Started.", risks: "" }],
      measures: [{ measureId: "CRG-01.2", year: "2020/21", quarter: 2, value: "1200", status: "", comment: "" }],
    });
    // Entries of another quarter are kept apart, and kept when this quarter's are written.
    const other = { ...typed, lines: { ...typed.lines, [entryKey("CRG-01", Q1)]: { spend: "5", status: "Red", commentary: "", risks: "" } } };
    expect(Object.keys(withoutEntries(other, form).lines)).toEqual([entryKey("CRG-01", Q1)]);
  });

  it("needs a status for a milestone or narrative, and takes no value for it", async () => {
    const p = await plan();
    const vrp = returnForm(p, "Sefton CVS", Q2, null, draft({ measures: { [entryKey("VRP-04.1", Q2)]: { value: "", status: "", comment: "Approached four." } } }));
    const milestone = vrp.rows[0]?.measures.find((m) => m.measure.id === "VRP-04.1");
    expect(milestone?.numeric).toBe(false);
    expect(milestone?.errors).toEqual({ status: "Choose a status." });
    expect(submissionOf(vrp)).toBeNull();
  });
});

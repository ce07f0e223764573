/**
 * What `grant-planner progress` prints, from progress figures made by hand: the JSON's
 * exact shape and forms (money "0.00", counts as numbers, percentages "0.0", null where a
 * figure does not exist), and a report for people that workbook text cannot forge.
 */
import { percentText, progressJson, progressReport } from "../../src/cli/progress";
import type { Finding } from "../../src/plan/findings";
import type { Grant } from "../../src/plan/model";
import { type Money, money } from "../../src/plan/money";
import type { GrantProgress, LineProgress, MeasureProgress, Progress } from "../../src/plan/returns/model";

const Q2 = { year: { startYear: 2020 }, quarter: 2 } as const;

function line(id: string, overrides: Partial<LineProgress> = {}): LineProgress {
  return {
    id,
    grantId: "CRG",
    lead: "Youth Service",
    theme: "ASB",
    allocation: money("119000"),
    profile: [money("29750"), money("29750"), money("29750"), money("29750")],
    profileToDate: money("59500"),
    spend: [money("30000.5"), money("25000"), null, null],
    spendToDate: money("55000.5"),
    remaining: money("63999.5"),
    status: "Green",
    returnsMissing: [],
    isReserve: false,
    ...overrides,
  };
}

function grant(lines: readonly LineProgress[], overrides: Partial<GrantProgress> = {}): GrantProgress {
  const spend: Money | null = lines.every((l) => l.spendToDate !== null) ? lines.reduce((t, l) => t.plus(l.spendToDate ?? 0), money(0)) : null;
  return {
    id: "CRG",
    award: money("332000"),
    allocated: money("332000"),
    spendToDate: spend,
    remaining: spend === null ? null : money("332000").minus(spend),
    lines,
    ...overrides,
  };
}

function measure(id: string, overrides: Partial<MeasureProgress> = {}): MeasureProgress {
  return {
    id,
    lineId: "CRG-01",
    kind: "count",
    target: money(60),
    targetToDate: money(30),
    actualToDate: money(28),
    percentOfTarget: money(28).div(30).times(100),
    status: "Green",
    suggested: "Green",
    returnsMissing: [],
    ...overrides,
  };
}

/** A grant of the plan, for its name. */
const GRANT_BASE: Grant = {
  id: "",
  name: "",
  funder: "",
  year: "2020/21",
  award: null,
  eligibleAreas: [],
  notes: "",
  allocatedInWorkbook: null,
  formulaCells: {},
  row: 1,
};

const FINDING: Finding = {
  code: "RETURN_MISSING",
  severity: "warning",
  sheet: "Line returns",
  cell: "A5",
  message: "CRG-02 has no return for 2020/21-Q1.",
};

const PROGRESS: Progress = {
  asAt: Q2,
  grants: [
    grant([
      line("CRG-01"),
      line("CRG-02", { spend: [null, money("1200"), null, null], spendToDate: money("1200"), remaining: money("34800"), allocation: money("36000"), status: "", returnsMissing: ["2020/21-Q1"] }),
      line("CRG-R", { isReserve: true, allocation: money("1000"), spendToDate: money(0), remaining: money("1000"), status: "" }),
    ]),
  ],
  measures: [
    measure("CRG-01-M1"),
    measure("CRG-01-M2", { kind: "milestone", target: null, targetToDate: null, actualToDate: null, percentOfTarget: null, status: "Amber" }),
    measure("CRG-01-M3", { kind: "count", target: money(1200), targetToDate: money(0), actualToDate: money(0), percentOfTarget: null, status: "" }),
  ],
};

describe("progressJson", () => {
  it("gives exactly the fields of the issue, in their forms", () => {
    const json = progressJson("plan.xlsx", PROGRESS, [FINDING]);
    expect(json).toEqual({
      file: "plan.xlsx",
      asAt: "2020/21-Q2",
      grants: [
        {
          id: "CRG",
          award: "332000.00",
          allocated: "332000.00",
          spendToDate: "56200.50",
          remaining: "275799.50",
          lines: [
            { id: "CRG-01", allocation: "119000.00", profileToDate: "59500.00", spendToDate: "55000.50", remaining: "63999.50", status: "Green", returnsMissing: [] },
            { id: "CRG-02", allocation: "36000.00", profileToDate: "59500.00", spendToDate: "1200.00", remaining: "34800.00", status: "", returnsMissing: ["2020/21-Q1"] },
            { id: "CRG-R", allocation: "1000.00", profileToDate: "59500.00", spendToDate: "0.00", remaining: "1000.00", status: "", returnsMissing: [] },
          ],
        },
      ],
      measures: [
        { id: "CRG-01-M1", lineId: "CRG-01", kind: "count", target: 60, targetToDate: 30, actualToDate: 28, percentOfTarget: "93.3", status: "Green" },
        { id: "CRG-01-M2", lineId: "CRG-01", kind: "milestone", target: null, targetToDate: null, actualToDate: null, percentOfTarget: null, status: "Amber" },
        { id: "CRG-01-M3", lineId: "CRG-01", kind: "count", target: 1200, targetToDate: 0, actualToDate: 0, percentOfTarget: null, status: "" },
      ],
      findings: [FINDING],
    });
  });

  it("gives null for a figure that is not known, and for money with fractions of a penny (never rounded)", () => {
    const progress: Progress = {
      asAt: { year: { startYear: 2021 }, quarter: 4 },
      grants: [grant([line("CRG-01", { allocation: null, profile: null, profileToDate: null, spendToDate: null, remaining: null }), line("CRG-02", { spendToDate: money("10.005") })], { award: null })],
      measures: [],
    };
    const json = progressJson("plan.xlsx", progress, []);
    expect(json.asAt).toBe("2021/22-Q4");
    const [g] = json.grants;
    expect(g).toMatchObject({ award: null, spendToDate: null, remaining: null });
    expect(g?.lines[0]).toMatchObject({ allocation: null, profileToDate: null, spendToDate: null, remaining: null });
    expect(g?.lines[1]?.spendToDate).toBeNull();
  });

  it("keeps a finding's five fields only, as check gives them", () => {
    const extra = { ...FINDING, row: 4, detail: "x" };
    expect(progressJson("p.xlsx", PROGRESS, [extra]).findings).toEqual([FINDING]);
  });
});

describe("percentText", () => {
  it.each([
    ["93.33333", "93.3"],
    ["0", "0.0"],
    ["100", "100.0"],
    ["12.25", "12.2"], // half-even: to the even digit
    ["12.35", "12.4"],
    ["12.251", "12.3"],
    ["250", "250.0"],
  ])("%s → %s", (value, text) => {
    expect(percentText(money(value))).toBe(text);
  });

  it("null stays null", () => {
    expect(percentText(null)).toBeNull();
  });
});

describe("progressReport", () => {
  it("shows each grant, line and measure with en-GB figures, then the findings as check prints them", () => {
    const report = progressReport("plan.xlsx", PROGRESS, [FINDING], { grants: [{ ...GRANT_BASE, id: "CRG", name: "Crime Reduction Grant 2020/21" }] });
    const lines = report.split("\n");
    expect(lines[0]).toBe("Grant Planner progress of plan.xlsx");
    expect(lines[1]).toContain("As at Q2 2020/21 (July – September 2020)");
    expect(report).toContain("Grant CRG  Crime Reduction Grant 2020/21");
    expect(report).toContain("award £332,000.00   allocated £332,000.00   spend to date £56,200.50   remaining £275,799.50");
    const crg01 = lines.find((l) => l.trimStart().startsWith("CRG-01 "));
    expect(crg01?.split(/\s{2,}/).filter((c) => c !== "")).toEqual(["CRG-01", "£119,000.00", "£59,500.00", "£55,000.50", "£63,999.50", "Green", "none"]);
    const crg02 = lines.find((l) => l.trimStart().startsWith("CRG-02 "));
    expect(crg02?.split(/\s{2,}/).filter((c) => c !== "").slice(-2)).toEqual(["none", "2020/21-Q1"]);
    expect(report).toContain("CRG-R (reserve)");
    const m1 = lines.find((l) => l.trimStart().startsWith("CRG-01-M1"));
    expect(m1?.split(/\s{2,}/).filter((c) => c !== "")).toEqual(["CRG-01-M1", "CRG-01", "Count", "60", "30", "28", "93.3%", "Green"]);
    const m2 = lines.find((l) => l.trimStart().startsWith("CRG-01-M2"));
    expect(m2?.split(/\s{2,}/).filter((c) => c !== "")).toEqual(["CRG-01-M2", "CRG-01", "Milestone", "–", "–", "–", "–", "Amber"]);
    const m3 = lines.find((l) => l.trimStart().startsWith("CRG-01-M3"));
    expect(m3).toContain("1,200");
    // The findings part is check's own.
    const at = lines.indexOf("Findings: 0 errors, 1 warning, 0 information");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual(["", "Warnings (1)", "  Line returns!A5  RETURN_MISSING  CRG-02 has no return for 2020/21-Q1."]);
  });

  it("lines up the figures of a column on the right", () => {
    const report = progressReport("plan.xlsx", PROGRESS, []);
    const rows = report.split("\n").filter((l) => /^\s+CRG-0[12] /.test(l));
    expect(rows).toHaveLength(2);
    const end = (row: string, figure: string): number => row.indexOf(figure) + figure.length;
    expect(end(rows[0] ?? "", "£119,000.00")).toBe(end(rows[1] ?? "", "£36,000.00"));
  });

  it("says 'not known' for a figure that cannot be worked out, never £0.00", () => {
    const progress: Progress = { asAt: Q2, grants: [grant([line("CRG-01", { spendToDate: null, remaining: null })])], measures: [] };
    const report = progressReport("plan.xlsx", progress, []);
    expect(report).toContain("spend to date not known   remaining not known");
    expect(report).not.toContain("£0.00");
    expect(report).toContain("No findings: the plan passes every check.");
  });

  it("shows workbook text that holds control characters or line breaks, never obeys it", () => {
    const forged = "X\n\nNo findings: the plan passes every check.\u001b[2J";
    const progress: Progress = {
      asAt: Q2,
      grants: [grant([line(`CRG-01\r`, { status: forged, returnsMissing: [] })], { id: "CRG\u001b[31m" })],
      measures: [measure("M\n1", { kind: "odd\u0007kind", status: "\u202eevil" })],
    };
    const report = progressReport("plan\u001b]0;t\u0007.xlsx", progress, [FINDING], { grants: [{ ...GRANT_BASE, id: "crg\u001b[31m", name: "Name\nNo findings" }] });
    const acted = [...report].filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e);
    });
    expect(acted).toEqual([]);
    expect(report.split("\n").filter((l) => l.startsWith("No findings"))).toEqual([]);
    expect(report).toContain("X\\u{a}\\u{a}No findings");
    expect(report).toContain("Name\\u{a}No findings");
    expect(report).toContain("M\\u{a}1");
    expect(report).toContain("odd\\u{7}kind");
    expect(report).toContain("plan\\u{1b}]0;t\\u{7}.xlsx");
  });

  it("says so when there are no grants and no measures", () => {
    const report = progressReport("plan.xlsx", { asAt: Q2, grants: [], measures: [] }, []);
    expect(report).toContain("Grants: none yet");
    expect(report).toContain("Measures: none yet.");
  });
});

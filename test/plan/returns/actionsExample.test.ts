/**
 * What setting up writes for quarterly returns (the version-2 rows of a template, dates as
 * Excel serial numbers) and the example's illustrative Q1 and Q2 returns.
 */
import { checkWorkbook } from "../../../src/plan/checks";
import { ILLUSTRATIVE, SEFTON_2020_21 } from "../../../src/plan/examples/sefton-2020-21";
import { progressOf } from "../../../src/plan/returns/progress";
import { DEFAULT_STATUS_KEY, LINE_RETURNS, META_KEYS, SPEND_PROFILE, TARGET_PROFILE } from "../../../src/plan/schema";
import { excelDateTime, formatExcelDateTime, planRows, type PlanData, ukWallClock } from "../../../src/plan/template";
import { checked, exampleWorkbook } from "../../support/plans";

describe("dates as Excel stores them", () => {
  it.each([
    ["1900-03-01", 61],
    ["2020-04-01", 43922],
    ["2020-07-14T10:30", 44026.4375],
    ["2021-03-31T18:00:00", 44286.75],
  ])("%s is serial %d", (local, serial) => {
    expect(excelDateTime(local)).toBe(serial);
  });

  it("gives a minute-precise serial that Excel shows back as the same minute", () => {
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const text = `2020-10-13T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
      expect(formatExcelDateTime(excelDateTime(text))).toBe(`13/10/2020 ${text.slice(11)}`);
    }
  });

  it("refuses text that is not a calendar date-time", () => {
    expect(() => excelDateTime("2020-02-30")).toThrow(RangeError);
    expect(() => excelDateTime("2020-07-14T24:00")).toThrow(RangeError);
    expect(() => excelDateTime("14/07/2020")).toThrow(RangeError);
  });

  it("enters UK wall-clock time: summer time in October, GMT in December", () => {
    expect(ukWallClock(new Date("2020-10-20T09:05:30Z"))).toBe("2020-10-20T10:05:30");
    expect(ukWallClock(new Date("2020-12-01T09:05:30Z"))).toBe("2020-12-01T09:05:30");
  });
});

describe("planRows: the version-2 tables", () => {
  const data: PlanData = {
    grants: SEFTON_2020_21.grants,
    lines: SEFTON_2020_21.lines.slice(0, 2),
    measures: SEFTON_2020_21.measures.slice(0, 2),
  };

  it("gives a plan without returns the default status key, a blank (even) spend profile per line and an Even target profile per measure", () => {
    const rows = planRows(data);
    expect(rows.statusKey).toEqual(DEFAULT_STATUS_KEY.map((k) => [k.status, k.meaning, k.colour, k.suggestedWhen]));
    expect(rows.spendProfile).toEqual([
      ["CRG-01", null, null, null, null],
      ["CRG-02", null, null, null, null],
    ]);
    expect(rows.targetProfile).toEqual([
      ["CRG-01.1", "Even", null, null, null, null],
      ["CRG-01.2", "Even", null, null, null, null],
    ]);
    expect([rows.lineReturns, rows.measureReturns, rows.returnChanges]).toEqual([[], [], []]);
    expect(rows.spendProfile[0]).toHaveLength(SPEND_PROFILE.columns.length);
    expect(rows.targetProfile[0]).toHaveLength(TARGET_PROFILE.columns.length);
  });

  it("writes typed profiles, returns with money as numbers and quarters as Q1-Q4, and Entered on as a serial", () => {
    const rows = planRows({
      ...data,
      returns: {
        spendProfiles: [{ lineId: "CRG-02", quarters: ["10000.00", "15000.00", "12500.00", "12500.00"] }],
        targetProfiles: [{ measureId: "CRG-01.2", profile: "typed", quarters: [10, 20, 20, 10] }, { measureId: "CRG-01.1", profile: "q3" }],
        lineReturns: [{ lineId: "CRG-02", year: "2020/21", quarter: 1, spend: "9876.54", status: "Green", commentary: "On track", risks: "", enteredBy: "Lead", enteredOn: "2020-07-14T10:30" }],
      },
    });
    expect(rows.spendProfile[1]).toEqual(["CRG-02", 10000, 15000, 12500, 12500]);
    expect(rows.targetProfile).toEqual([
      ["CRG-01.1", "All in Q3", null, null, null, null],
      ["CRG-01.2", "Typed", 10, 20, 20, 10],
    ]);
    expect(rows.lineReturns).toEqual([["CRG-02", "2020/21", "Q1", 9876.54, "Green", "On track", "", "Lead", 44026.4375]]);
    expect(rows.lineReturns[0]).toHaveLength(LINE_RETURNS.columns.length);
  });
});

describe("the example's illustrative returns", () => {
  const returns = SEFTON_2020_21.returns;

  it("are labelled illustrative where people see them: every return's Entered by, and a setting", () => {
    expect(ILLUSTRATIVE).toMatch(/illustrative/i);
    expect(new Set([...(returns?.lineReturns ?? []), ...(returns?.measureReturns ?? [])].map((r) => r.enteredBy))).toEqual(new Set([ILLUSTRATIVE]));
    expect(Object.values(returns?.settings ?? {}).join(" ")).toMatch(/illustrative/i);
    expect(returns?.settings?.[META_KEYS.returnsAsAt]).toBe("2020/21-Q2");
  });

  it("give most lines Q1 and Q2 returns, and every measure both", () => {
    const lineReturns = returns?.lineReturns ?? [];
    const withBoth = SEFTON_2020_21.lines.filter((l) => [1, 2].every((q) => lineReturns.some((r) => r.lineId === l.id && r.quarter === q)));
    expect(withBoth.length).toBeGreaterThan(SEFTON_2020_21.lines.length / 2);
    for (const m of SEFTON_2020_21.measures) {
      expect([m.id, (returns?.measureReturns ?? []).filter((r) => r.measureId === m.id).map((r) => r.quarter)]).toEqual([m.id, [1, 2]]);
    }
  });

  it("as at 2020/21-Q2 show one late return, one overspend against profile and one underspend", async () => {
    const { plan, findings } = await checked(await exampleWorkbook());
    // The late return is the example's only finding as at its own setting.
    expect(findings.map((f) => [f.code, f.sheet, f.cell])).toEqual([["RETURN_MISSING", "Lines", "A5"]]);
    expect(findings[0]?.message).toContain("CRG-04");
    const progress = progressOf(plan, { year: { startYear: 2020 }, quarter: 2 });
    const lines = progress.grants.flatMap((g) => g.lines);
    const line = (id: string): (typeof lines)[number] | undefined => lines.find((l) => l.id === id);
    expect(line("CRG-04")?.returnsMissing).toEqual(["2020/21-Q2"]);
    const off = (id: string): number => {
      const l = line(id);
      if (!l?.spendToDate || !l.profileToDate) throw new Error(`no figures for ${id}`);
      return l.spendToDate.minus(l.profileToDate).div(l.profileToDate).times(100).toNumber();
    };
    expect(off("CRG-05")).toBeGreaterThan(10);
    expect(off("VRP-03")).toBeLessThan(-50);
    // Every other line with both returns is within 10% of its profile to date.
    const others = lines.filter((l) => !["CRG-04", "CRG-05", "VRP-03"].includes(l.id) && !l.isReserve);
    expect(others.map((l) => [l.id, Math.abs(off(l.id)) <= 10])).toEqual(others.map((l) => [l.id, true]));
  });

  it("read back from the workbook exactly as the example holds them", async () => {
    const result = checkWorkbook(await (await exampleWorkbook()).read());
    if (result.status !== "plan") throw new Error(result.reason);
    const read = result.plan.returns?.lineReturns.map((r) => [r.lineId, r.quarter, r.spend?.toFixed(2), r.status, r.enteredOn]);
    expect(read).toEqual(returns?.lineReturns?.map((r) => [r.lineId, r.quarter, r.spend, r.status, r.enteredOn === null ? null : excelDateTime(r.enteredOn)]));
  });
});

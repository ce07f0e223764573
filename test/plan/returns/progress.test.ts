/**
 * Progress figures of the small plan (./support.ts), worked out by hand, and the as-at
 * quarter helpers.
 */
import fc from "fast-check";
import { money } from "../../../src/plan/money";
import { targetProfileOf, toDate } from "../../../src/plan/returns/profiles";
import type { Plan } from "../../../src/plan/model";
import type { GrantProgress, LineProgress, MeasureProgress, Progress } from "../../../src/plan/returns/model";
import { asAtFor, formatAsAt, lastEndedQuarter, parseAsAt, progressOf } from "../../../src/plan/returns/progress";
import type { Quarter, QuarterNumber } from "../../../src/plan/periods";
import type { PlanData } from "../../../src/plan/template";
import { withCell } from "../../support/raw";
import { checkedRaw, rawV2, SMALL, SMALL_RETURNS } from "./support";

const q = (text: string): Quarter => {
  const at = parseAsAt(text);
  if (at === null) throw new Error(`not a quarter: ${text}`);
  return at;
};
const QUARTER_NUMBERS: readonly QuarterNumber[] = [1, 2, 3, 4];
const pounds = (m: { toFixed(n: number): string } | null): string | null => (m === null ? null : m.toFixed(2));
const small = (): Plan => checkedRaw(rawV2()).plan;

function grant(p: Progress): GrantProgress {
  const [g] = p.grants;
  if (g === undefined) throw new Error("no grant");
  return g;
}
function line(p: Progress, id: string): LineProgress {
  const l = grant(p).lines.find((x) => x.id === id);
  if (l === undefined) throw new Error(`no line ${id}`);
  return l;
}
function measure(p: Progress, id: string): MeasureProgress {
  const m = p.measures.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no measure ${id}`);
  return m;
}
const lineFigures = (l: LineProgress) => ({
  allocation: pounds(l.allocation),
  profile: l.profile?.map((x) => x.toFixed(2)) ?? null,
  profileToDate: pounds(l.profileToDate),
  spend: l.spend.map(pounds),
  spendToDate: pounds(l.spendToDate),
  remaining: pounds(l.remaining),
  status: l.status,
  returnsMissing: l.returnsMissing,
});
const measureFigures = (m: MeasureProgress) => ({
  target: m.target?.toString() ?? null,
  targetToDate: m.targetToDate?.toString() ?? null,
  actualToDate: m.actualToDate?.toString() ?? null,
  percentOfTarget: m.percentOfTarget?.toString() ?? null,
  status: m.status,
  suggested: m.suggested,
  returnsMissing: m.returnsMissing,
});

describe("progress of the small plan as at 2020/21-Q2", () => {
  const p = progressOf(small(), q("2020/21-Q2"));

  it("lines: profile to date, spend to date, remaining, status and missing returns", () => {
    expect(lineFigures(line(p, "L1"))).toEqual({
      allocation: "400.00",
      profile: ["100.00", "100.00", "100.00", "100.00"],
      profileToDate: "200.00",
      spend: ["90.00", "120.00", null, null],
      spendToDate: "210.00",
      remaining: "190.00",
      status: "Amber",
      returnsMissing: [],
    });
    expect(lineFigures(line(p, "L2"))).toEqual({
      allocation: "500.01",
      profile: ["200.00", "100.00", "100.00", "100.01"],
      profileToDate: "300.00",
      spend: ["150.00", null, null, null],
      spendToDate: "150.00",
      remaining: "350.01",
      status: "Green",
      returnsMissing: ["2020/21-Q2"],
    });
    expect(lineFigures(line(p, "L3"))).toEqual({
      allocation: "99.99",
      profile: ["25.00", "25.00", "25.00", "24.99"],
      profileToDate: "50.00",
      spend: [null, null, null, null],
      spendToDate: "0.00",
      remaining: "99.99",
      status: "",
      returnsMissing: [],
    });
  });

  it("the grant: allocated, spend to date exactly the sum of its lines', remaining", () => {
    const g = grant(p);
    expect([g.id, pounds(g.award), pounds(g.allocated), pounds(g.spendToDate), pounds(g.remaining)]).toEqual(["G1", "1000.00", "1000.00", "360.00", "640.00"]);
  });

  it("measures: counts add up, levels take the latest value, milestones have only a status", () => {
    expect(measureFigures(measure(p, "M1"))).toEqual({
      target: "10",
      targetToDate: "6",
      actualToDate: "6",
      percentOfTarget: "100",
      status: "Green",
      suggested: "Green",
      returnsMissing: [],
    });
    expect(measureFigures(measure(p, "M2"))).toEqual({
      target: "500",
      targetToDate: "500",
      actualToDate: "450",
      percentOfTarget: "90",
      status: "Amber",
      suggested: "Amber",
      returnsMissing: [],
    });
    expect(measureFigures(measure(p, "M3"))).toEqual({
      target: "75",
      targetToDate: "75",
      actualToDate: "60",
      percentOfTarget: "80",
      status: "Red",
      suggested: "Amber",
      returnsMissing: ["2020/21-Q2"],
    });
    expect(measureFigures(measure(p, "M4"))).toEqual({
      target: null,
      targetToDate: null,
      actualToDate: null,
      percentOfTarget: null,
      status: "Red",
      suggested: "Red",
      returnsMissing: ["2020/21-Q1", "2020/21-Q2"],
    });
  });
});

describe("progress at other quarters and with unknown figures", () => {
  it("as at Q1 an All-in-Q2 level has no target yet, so no percentage", () => {
    const m2 = measure(progressOf(small(), q("2020/21-Q1")), "M2");
    expect([m2.targetToDate?.toString(), m2.actualToDate?.toString(), m2.percentOfTarget]).toEqual(["0", "300", null]);
  });

  it("once the grant's year has ended, all four quarters count", () => {
    const p = progressOf(small(), q("2021/22-Q1"));
    expect(pounds(line(p, "L2").profileToDate)).toBe("500.01");
    expect(line(p, "L2").returnsMissing).toEqual(["2020/21-Q2", "2020/21-Q3", "2020/21-Q4"]);
    expect(measure(p, "M1").targetToDate?.toString()).toBe("10");
  });

  it("before the grant's year, nothing is to date", () => {
    const p = progressOf(small(), q("2019/20-Q4"));
    expect([pounds(line(p, "L1").profileToDate), pounds(line(p, "L1").spendToDate), line(p, "L1").returnsMissing]).toEqual(["0.00", "0.00", []]);
  });

  it("a spend that cannot be read makes its line's and its grant's spend to date unknown, not wrong", () => {
    const plan = checkedRaw(withCell(rawV2(), "Line returns", "D4", "lots")).plan;
    const p = progressOf(plan, q("2020/21-Q2"));
    expect(line(p, "L2").spendToDate).toBeNull();
    expect(line(p, "L2").remaining).toBeNull();
    expect(pounds(line(p, "L1").spendToDate)).toBe("210.00");
    expect(grant(p).spendToDate).toBeNull();
  });

  it("a return after the as-at quarter does not count yet", () => {
    const plan = checkedRaw(withCell(rawV2(), "Line returns", "C3", "Q3")).plan;
    const p = progressOf(plan, q("2020/21-Q2"));
    expect([pounds(line(p, "L1").spendToDate), line(p, "L1").status, line(p, "L1").returnsMissing]).toEqual(["90.00", "Green", ["2020/21-Q2"]]);
  });

  it("a percentage of target keeps its exact figure (2 of 3 is 66.66…%)", () => {
    const plan = checkedRaw(withCell(withCell(rawV2(), "Measure returns", "D2", 2), "Measure returns", "D3", 2)).plan;
    const m1 = measure(progressOf(plan, q("2020/21-Q2")), "M1");
    expect(m1.percentOfTarget?.equals(money(4).times(100).dividedBy(6))).toBe(true);
    expect(m1.percentOfTarget?.toDecimalPlaces(1).toString()).toBe("66.7");
    expect(m1.suggested).toBe("Amber");
  });

  it("a count reaching its full-year target is suggested complete", () => {
    const plan = checkedRaw(withCell(rawV2(), "Measure returns", "D3", 6)).plan;
    expect(measure(progressOf(plan, q("2020/21-Q2")), "M1").suggested).toBe("Blue");
  });

  it("a grant's spend to date is the exact sum of its lines' on a plan with many lines", () => {
    const lines: PlanData["lines"] = Array.from({ length: 40 }, (_, i) => ({
      id: `X${i}`,
      grantId: "G1",
      theme: "",
      activity: "A",
      lead: "",
      allocation: "25.00",
      isReserve: false,
      priorityAreas: [],
      outcomes: "",
      notes: "",
    }));
    const data: PlanData = { ...SMALL, lines, measures: [] };
    const returns = {
      ...SMALL_RETURNS,
      spendProfile: [],
      targetProfile: [],
      measureReturns: [],
      lineReturns: lines.map((l, i) => [l.id, "2020/21", "Q1", Number(`${i}.${String(i * 7 % 100).padStart(2, "0")}`), "Green", "x", "", "", null]),
    };
    const p = progressOf(checkedRaw(rawV2(data, returns)).plan, q("2020/21-Q1"));
    const total = grant(p).lines.reduce((acc, l) => acc.plus(l.spendToDate ?? money(0)), money(0));
    expect(grant(p).spendToDate?.equals(total)).toBe(true);
    expect(grant(p).lines).toHaveLength(40);
  });
});

describe("as-at quarters", () => {
  it.each([
    ["2020/21-Q2", 2020, 2],
    ["2020/21 q3", 2020, 3],
    [" 2019/2020-Q4 ", 2019, 4],
    ["2021-22-Q1", 2021, 1],
  ])("%s reads as a quarter", (text, startYear, quarter) => {
    expect(parseAsAt(text)).toEqual({ year: { startYear }, quarter });
  });

  it.each(["2020/21-Q5", "2020/22-Q1", "Q2", "2020/21", "", `2020/21-Q2${" ".repeat(400)}x`])("%j is not an as-at quarter", (text) => {
    expect(parseAsAt(text)).toBeNull();
  });

  it("formatAsAt writes what parseAsAt reads", () => {
    expect(formatAsAt({ year: { startYear: 2020 }, quarter: 2 })).toBe("2020/21-Q2");
    expect(formatAsAt({ year: { startYear: 2099 }, quarter: 4 })).toBe("2099/00-Q4");
    expect(parseAsAt(formatAsAt({ year: { startYear: 2031 }, quarter: 1 }))).toEqual({ year: { startYear: 2031 }, quarter: 1 });
  });

  it.each([
    ["2020-10-15", "2020/21-Q2"],
    ["2020-07-01", "2020/21-Q1"],
    ["2020-06-30", "2019/20-Q4"],
    ["2021-01-01", "2020/21-Q3"],
    ["2021-04-01", "2020/21-Q4"],
  ])("on %s the last ended quarter is %s", (today, expected) => {
    expect(formatAsAt(lastEndedQuarter(today))).toBe(expected);
  });

  it("asAtFor: the quarter given, else the plan's setting, else the clock's last ended quarter", () => {
    const plan = small();
    expect(formatAsAt(asAtFor(plan, q("2020/21-Q4"), "2020-10-15"))).toBe("2020/21-Q4");
    expect(formatAsAt(asAtFor(plan, null, "2022-10-15"))).toBe("2020/21-Q2");
    const unset = checkedRaw(rawV2(SMALL, SMALL_RETURNS, {})).plan;
    expect(formatAsAt(asAtFor(unset, null, "2022-10-15"))).toBe("2022/23-Q2");
    expect(formatAsAt(asAtFor({ ...plan, returns: null }, null, "2021-01-05"))).toBe("2020/21-Q3");
  });
});

describe("targets to date agree with the profiles they come from", () => {
  it("property: a count's or level's target to date is its profile's figure to date, whatever the target, profile and quarter", () => {
    const kinds = ["Even", "All in Q1", "All in Q3", "Typed", ""] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(...kinds),
        fc.constantFrom("Count", "At least"),
        fc.integer({ min: 1, max: 4 }),
        (n, places, profile, kind, quarter) => {
          const target = n / 10 ** places;
          let raw = withCell(withCell(rawV2(), "Measures", "E2", target), "Measures", "D2", kind);
          raw = withCell(withCell(raw, "Profiles", "H2", profile), "Profiles", "I2", 1);
          const plan = checkedRaw(raw).plan;
          const m = plan.measures[0];
          const row = plan.returns?.targetProfiles[0];
          if (m === undefined || row === undefined) throw new Error("no measure");
          const shape = targetProfileOf(m, row);
          if (shape === null) throw new Error("no profile");
          const expected = kind === "Count" ? toDate(shape, quarter) : (shape[quarter - 1] ?? money(0));
          const got = measure(progressOf(plan, { year: { startYear: 2020 }, quarter: QUARTER_NUMBERS[quarter - 1] ?? 1 }), "M1").targetToDate;
          expect(got?.toString()).toBe(expected.toString());
        },
      ),
      { numRuns: 150 },
    );
  });
});

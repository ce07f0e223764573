import fc from "fast-check";
import {
  type FinancialYear,
  type Quarter,
  type QuarterNumber,
  financialYearOf,
  formatDateGB,
  formatFinancialYear,
  formatQuarter,
  parseFinancialYear,
  quarterOf,
  quarterRange,
} from "../../src/plan/periods";

function fy(startYear: number): FinancialYear {
  return { startYear };
}

/** ISO date of a UTC day number (days since 1970-01-01), for generating dates without local time zones. */
function isoOfUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

describe("parseFinancialYear", () => {
  it.each<[string, number]>([
    ["2020/21", 2020],
    ["2020/2021", 2020],
    ["2020-21", 2020],
    ["FY2020/21", 2020],
    ["fy 2020/21", 2020],
    [" 2020 / 21 ", 2020],
    ["1999/00", 1999],
    ["1999/2000", 1999],
    ["2099/00", 2099],
  ])("%p is the year starting %i", (text, startYear) => {
    expect(parseFinancialYear(text)).toEqual({ startYear });
  });

  it.each(["2020/22", "2020", "20/21", "2020/20", "2020/2022", "2021/20", "", "FY", "2020/1", "2020/021", "abcd/ef"])(
    "%p is not a financial year",
    (text) => {
      expect(parseFinancialYear(text)).toBeNull();
    },
  );

  it("formatFinancialYear then parseFinancialYear round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9998 }), (y) => {
        const text = formatFinancialYear(fy(y));
        expect(text).toMatch(/^\d{4}\/\d{2}$/);
        expect(parseFinancialYear(text)).toEqual({ startYear: y });
      }),
    );
  });
});

describe("formatFinancialYear", () => {
  it.each<[number, string]>([
    [2020, "2020/21"],
    [2019, "2019/20"],
    [1999, "1999/00"],
    [2008, "2008/09"],
    [2099, "2099/00"],
  ])("%i → %s", (startYear, text) => {
    expect(formatFinancialYear(fy(startYear))).toBe(text);
  });
});

describe("financialYearOf / quarterOf", () => {
  it.each<[string, string, QuarterNumber]>([
    ["2020-03-31", "2019/20", 4],
    ["2020-04-01", "2020/21", 1],
    ["2020-06-30", "2020/21", 1],
    ["2020-07-01", "2020/21", 2],
    ["2020-09-30", "2020/21", 2],
    ["2020-10-01", "2020/21", 3],
    ["2020-12-31", "2020/21", 3],
    ["2021-01-01", "2020/21", 4],
    ["2021-02-28", "2020/21", 4],
    ["2020-02-29", "2019/20", 4],
    ["2021-03-31", "2020/21", 4],
    ["2021-04-01", "2021/22", 1],
  ])("%s is in %s Q%i", (date, year, quarter) => {
    expect(formatFinancialYear(financialYearOf(date))).toBe(year);
    const q = quarterOf(date);
    expect(formatFinancialYear(q.year)).toBe(year);
    expect(q.quarter).toBe(quarter);
  });

  it.each(["2020/04/01", "01/04/2020", "2020-4-1", ""])("refuses the non-ISO date %p", (date) => {
    expect(() => quarterOf(date)).toThrow(RangeError);
    expect(() => financialYearOf(date)).toThrow(RangeError);
  });
});

describe("quarterRange", () => {
  it.each<[QuarterNumber, string, string]>([
    [1, "2020-04-01", "2020-06-30"],
    [2, "2020-07-01", "2020-09-30"],
    [3, "2020-10-01", "2020-12-31"],
    [4, "2021-01-01", "2021-03-31"],
  ])("2020/21 Q%i runs %s to %s", (quarter, start, end) => {
    expect(quarterRange({ year: fy(2020), quarter })).toEqual({ start, end });
  });

  it("Q4 ends on 31 March in leap and non-leap years alike", () => {
    expect(quarterRange({ year: fy(2019), quarter: 4 })).toEqual({ start: "2020-01-01", end: "2020-03-31" });
    expect(quarterRange({ year: fy(2022), quarter: 4 })).toEqual({ start: "2023-01-01", end: "2023-03-31" });
  });

  it("formatQuarter names the months and the calendar year", () => {
    expect(formatQuarter({ year: fy(2020), quarter: 1 })).toBe("Q1 2020/21 (April – June 2020)");
    expect(formatQuarter({ year: fy(2020), quarter: 4 })).toBe("Q4 2020/21 (January – March 2021)");
  });

  it("the four quarters tile the financial year: 1 April to 31 March, no gaps", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (y) => {
        const ranges = ([1, 2, 3, 4] as const).map((quarter) => quarterRange({ year: fy(y), quarter }));
        expect(ranges[0]?.start).toBe(`${y}-04-01`);
        expect(ranges[3]?.end).toBe(`${y + 1}-03-31`);
        for (let i = 1; i < 4; i++) {
          const prevEnd = Date.parse(`${ranges[i - 1]?.end ?? ""}T00:00:00Z`);
          const start = Date.parse(`${ranges[i]?.start ?? ""}T00:00:00Z`);
          expect(start - prevEnd).toBe(86_400_000);
        }
      }),
    );
  });

  it("every day of a financial year maps to a quarter of that year whose range contains it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 0, max: 365 }), (y, offset) => {
        const start = Date.UTC(y, 3, 1);
        const next = Date.UTC(y + 1, 3, 1);
        const ms = start + offset * 86_400_000;
        fc.pre(ms < next);
        const date = isoOfUtc(ms);
        const q: Quarter = quarterOf(date);
        expect(q.year).toEqual(fy(y));
        expect(financialYearOf(date)).toEqual(fy(y));
        const { start: qs, end: qe } = quarterRange(q);
        expect(qs <= date && date <= qe).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("formatDateGB", () => {
  it.each([
    ["2020-04-01", "01/04/2020"],
    ["2021-03-31", "31/03/2021"],
    ["2020-12-25", "25/12/2020"],
  ])("%s → %s", (iso, gb) => {
    expect(formatDateGB(iso)).toBe(gb);
  });
});

describe("dates that do not exist", () => {
  it.each(["2020-13-01", "2021-02-29", "2020-04-31", "2020-00-10"])("%s is refused, not read as some quarter", (date) => {
    expect(() => quarterOf(date)).toThrow(RangeError);
  });
  it("accepts 29 February in a leap year (Q4 of 2019/20)", () => {
    expect(quarterOf("2020-02-29")).toEqual({ year: { startYear: 2019 }, quarter: 4 });
  });
});

/**
 * Profiles: even splits to the unit with the remainder in the earliest quarters, spend
 * profiles of lines and target profiles of measures; property tests that every profile
 * adds up exactly to its total in whole units.
 */
import fc from "fast-check";
import type { Line, Measure } from "../../../src/plan/model";
import { fromPennies, type Money, money, sum } from "../../../src/plan/money";
import type { Quarterly, SpendProfile, TargetProfile } from "../../../src/plan/returns/model";
import { evenSplit, ONE, PENNY, spendProfileOf, targetProfileOf, unitOf } from "../../../src/plan/returns/profiles";
import { type MeasureKind, TARGET_PROFILES, type TargetProfileKind } from "../../../src/plan/schema";

const text = (q: Quarterly<Money> | null): string[] | null => (q === null ? null : q.map((x) => x.toString()));

function lineWith(allocation: Money | null, known = true): Line {
  return {
    id: "L1",
    grantId: "G1",
    theme: "",
    activity: "A",
    lead: "",
    allocation,
    allocationKnown: known,
    allocationPennies: null,
    isReserve: false,
    priorityAreas: [],
    outcomes: "",
    notes: "",
    formulaCells: {},
    row: 1,
  };
}

function measureWith(kind: MeasureKind, target: Money | null): Measure {
  return { id: "M1", lineId: "L1", description: "D", kind, target, targetGiven: target !== null, unit: "", baseline: null, baselineGiven: false, notes: "", row: 1 };
}

const targetRow = (profile: TargetProfileKind | null, quarters: Quarterly<Money | null> = [null, null, null, null], known = true): TargetProfile => ({
  measureId: "M1",
  profile,
  quarters,
  known,
  row: 1,
});

describe("evenSplit", () => {
  it.each([
    ["0.05", PENNY, ["0.02", "0.01", "0.01", "0.01"]],
    ["0.07", PENNY, ["0.02", "0.02", "0.02", "0.01"]],
    ["500.01", PENNY, ["125.01", "125", "125", "125"]],
    ["119000", PENNY, ["29750", "29750", "29750", "29750"]],
    ["10", ONE, ["3", "3", "2", "2"]],
    ["3", ONE, ["1", "1", "1", "0"]],
    ["0", PENNY, ["0", "0", "0", "0"]],
  ])("%s in units of %s", (total, unit, expected) => {
    expect(text(evenSplit(money(total), unit))).toEqual(expected);
  });

  it("refuses what is a programmer's mistake", () => {
    expect(() => evenSplit(money("0.005"), PENNY)).toThrow(RangeError);
    expect(() => evenSplit(money("-1"), PENNY)).toThrow(RangeError);
    expect(() => evenSplit(money("1"), money(0))).toThrow(RangeError);
  });

  const pennies = fc.oneof(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), fc.bigInt({ min: 0n, max: 20n }));

  it("property: money shares add up exactly to the total, are whole pennies, differ by at most a penny, larger ones first", () => {
    fc.assert(
      fc.property(pennies, (p) => {
        const total = fromPennies(Number(p));
        const shares = evenSplit(total, PENNY);
        expect(sum(shares).equals(total)).toBe(true);
        for (const s of shares) expect(s.decimalPlaces()).toBeLessThanOrEqual(2);
        for (let i = 1; i < 4; i++) {
          const previous = shares[i - 1] ?? total;
          const share = shares[i] ?? total;
          expect(previous.greaterThanOrEqualTo(share)).toBe(true);
          expect(previous.minus(share).lessThanOrEqualTo(PENNY)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("property: counts split into whole units that add up to the count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        const shares = evenSplit(money(n), ONE);
        expect(sum(shares).equals(n)).toBe(true);
        for (const s of shares) expect(s.isInteger()).toBe(true);
        expect((shares[0] ?? money(0)).minus(shares[3] ?? money(0)).lessThanOrEqualTo(1)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("spend profiles", () => {
  const typed = (quarters: Quarterly<Money | null>, known = true): SpendProfile => ({ lineId: "L1", quarters, known, row: 1 });

  it("no row, or a row of four blanks, is even; a typed row is the profile (blanks as 0)", () => {
    const line = lineWith(money("400.00"));
    expect(text(spendProfileOf(line, null))).toEqual(["100", "100", "100", "100"]);
    expect(text(spendProfileOf(line, typed([null, null, null, null])))).toEqual(["100", "100", "100", "100"]);
    expect(text(spendProfileOf(line, typed([money(300), null, money(100), null])))).toEqual(["300", "0", "100", "0"]);
  });

  it("is unknown when the allocation or a typed cell cannot be read; a blank allocation is £0.00", () => {
    expect(spendProfileOf(lineWith(null, false), null)).toBeNull();
    expect(spendProfileOf(lineWith(money(400)), typed([money(1), null, null, null], false))).toBeNull();
    expect(text(spendProfileOf(lineWith(null), null))).toEqual(["0", "0", "0", "0"]);
  });

  it("property: an even spend profile adds up exactly to the allocation", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), (p) => {
        const allocation = fromPennies(Number(p));
        const profile = spendProfileOf(lineWith(allocation), null);
        expect(profile !== null && sum(profile).equals(allocation)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("target profiles", () => {
  it.each<[TargetProfileKind | null, string[] | null]>([
    ["even", ["3", "3", "2", "2"]],
    ["q1", ["10", "0", "0", "0"]],
    ["q3", ["0", "0", "10", "0"]],
    ["typed", ["1", "0", "4", "5"]],
    [null, null],
  ])("a count of 10, profile %s", (profile, expected) => {
    const row = profile === null ? targetRow(null, [null, null, null, null], false) : targetRow(profile, [money(1), null, money(4), money(5)]);
    expect(text(targetProfileOf(measureWith("count", money(10)), row))).toEqual(expected);
  });

  it("no row is Even", () => {
    expect(text(targetProfileOf(measureWith("count", money(60)), null))).toEqual(["15", "15", "15", "15"]);
  });

  it("a level holds its target from the first quarter the profile puts anything in", () => {
    const m = measureWith("at-least", money(500));
    expect(text(targetProfileOf(m, targetRow("even")))).toEqual(["500", "500", "500", "500"]);
    expect(text(targetProfileOf(m, targetRow("q2")))).toEqual(["0", "500", "500", "500"]);
    expect(text(targetProfileOf(m, targetRow("typed", [null, null, money(1), null])))).toEqual(["0", "0", "500", "500"]);
  });

  it("kinds without a number have no target profile", () => {
    expect(targetProfileOf(measureWith("milestone", null), null)).toBeNull();
    expect(targetProfileOf(measureWith("count", null), null)).toBeNull();
  });

  it("the unit of a count that is not whole is its last decimal place", () => {
    expect(unitOf(money("12.5")).toString()).toBe("0.1");
    expect(text(targetProfileOf(measureWith("count", money("12.5")), null))).toEqual(["3.2", "3.1", "3.1", "3.1"]);
  });

  const kinds = TARGET_PROFILES.map((p) => p.profile).filter((p) => p !== "typed");

  it("property: every Even or All-in-Qn count profile adds up exactly to the target in whole units", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...kinds), (n, places, kind) => {
        const target = money(n).dividedBy(10 ** places);
        const profile = targetProfileOf(measureWith("count", target), targetRow(kind));
        if (profile === null) throw new Error("no profile");
        expect(sum(profile).equals(target)).toBe(true);
        const unit = unitOf(target);
        for (const share of profile) expect(share.dividedBy(unit).isInteger()).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

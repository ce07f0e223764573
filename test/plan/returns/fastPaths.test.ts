/**
 * The quick ways the core works out returns and progress give exactly what the slow, exact
 * ways give: whole pennies and plain whole numbers against exact decimals, figures kept
 * for a plan against figures worked out afresh, and the order of findings.
 */
import fc from "fast-check";
import type { CellValue } from "../../../src/plan/cell";
import type { CellInput } from "../../../src/plan/changes";
import type { Finding } from "../../../src/plan/findings";
import { sortFindings } from "../../../src/plan/findings";
import type { Line, Plan } from "../../../src/plan/model";
import { MoneyDecimal } from "../../../src/plan/money";
import { returnsFindings } from "../../../src/plan/returns/checks";
import type { LineReturn, MeasureReturn, Progress } from "../../../src/plan/returns/model";
import { parseAsAt, progressOf, wholeOf } from "../../../src/plan/returns/progress";
import type { Quarter } from "../../../src/plan/periods";
import { META_KEYS } from "../../../src/plan/schema";
import type { PlanData } from "../../../src/plan/template";
import { checkedRaw, rawV2, SMALL_RETURNS } from "./support";

jest.setTimeout(120_000);

const q = (text: string): Quarter => {
  const at = parseAsAt(text);
  if (at === null) throw new Error(`not a quarter: ${text}`);
  return at;
};

/** Progress as plain data (every figure as text), so two can be compared whole. */
function plainProgress(p: Progress): unknown {
  return JSON.parse(JSON.stringify(p)) as unknown;
}

/**
 * The same plan with nothing to take a quick way: no whole pennies or whole numbers kept
 * from decoding, and new arrays (so nothing worked out for the first is reused).
 */
function slowTwin(plan: Plan): Plan {
  const lines: Line[] = plan.lines.map((l) => ({ ...l, allocationPennies: null }));
  const returns = plan.returns;
  if (returns === null) return { ...plan, lines };
  const lineReturns: LineReturn[] = returns.lineReturns.map((r) => ({ ...r, spendPennies: null }));
  const measureReturns: MeasureReturn[] = returns.measureReturns.map((r) => ({ ...r, valueWhole: null }));
  return { ...plan, grants: [...plan.grants], measures: [...plan.measures], lines, returns: { ...returns, lineReturns, measureReturns, spendProfiles: [...returns.spendProfiles], targetProfiles: [...returns.targetProfiles] } };
}

/** A plan of a few lines whose returns are near their even profile: on it, under by 10% or a penny more, over, blank. */
const planArb = fc
  .record({
    allocations: fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 6 }),
    deltas: fc.array(fc.constantFrom(0, 1, -1, 0.1, -0.1, 0.11, -0.11, 0.5, -1, 1.5), { minLength: 24, maxLength: 24 }),
    commentary: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
    missing: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
    percent: fc.constantFrom<number | null>(null, 15, 10, 12.5, 0, 100, 99),
    values: fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 18, maxLength: 18 }),
    targets: fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ allocations, deltas, commentary, missing, percent, values, targets }) => {
    const data: PlanData = {
      grants: [{ id: "G1", name: "Grant", funder: "PCC", year: "2020/21", award: "99999999.00", eligibleAreas: [], notes: "" }],
      lines: allocations.map((pennies, i) => ({
        id: `L${i + 1}`,
        grantId: "G1",
        theme: "",
        activity: "Work",
        lead: "",
        allocation: (pennies / 100).toFixed(2),
        isReserve: i === 5,
        priorityAreas: [],
        outcomes: "",
        notes: "",
      })),
      measures: allocations.map((_, i) => ({
        id: `M${i + 1}`,
        lineId: `L${i + 1}`,
        description: "Done",
        kind: i % 3 === 0 ? "count" : i % 3 === 1 ? "at-least" : "reduction",
        target: targets[i] ?? 0,
        unit: "",
        baseline: null,
        notes: "",
      })),
    };
    const lineReturns: CellInput[][] = [];
    allocations.forEach((pennies, i) => {
      const base = Math.floor(pennies / 4);
      for (let quarter = 1; quarter <= 4; quarter++) {
        const k = i * 4 + quarter - 1;
        if (missing[k] === true) continue;
        const planned = base + (quarter - 1 < pennies - base * 4 ? 1 : 0);
        const delta = deltas[k] ?? 0;
        const spend = Math.max(0, Math.round(planned + (Math.abs(delta) < 1 ? planned * delta : delta)));
        lineReturns.push([`L${i + 1}`, "2020/21", `Q${quarter}`, spend / 100, "Green", commentary[k] === true ? "Why" : "", "", "Lead", 44000]);
      }
    });
    const measureReturns: CellInput[][] = allocations.flatMap((_, i) => [1, 2, 3].map((quarter) => [`M${i + 1}`, "2020/21", `Q${quarter}`, values[i * 3 + quarter - 1] ?? 0, "", "", "Lead", 44000]));
    const settings: Record<string, CellValue> = { [META_KEYS.returnsAsAt]: "2020/21-Q3" };
    if (percent !== null) settings[META_KEYS.underspendPercent] = percent;
    return rawV2(data, { ...SMALL_RETURNS, spendProfile: [], targetProfile: [], lineReturns, measureReturns }, settings);
  });

describe("quick ways agree with exact ones", () => {
  test("wholeOf reads every whole number below 10^15 as the number it is, and nothing else", () => {
    const figures = fc.oneof(
      fc.integer({ min: -(2 ** 52), max: 2 ** 52 }).map((n) => String(n)),
      fc.double({ min: -1e16, max: 1e16, noNaN: true }).map((n) => String(n)),
      fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 20 })).map(([n, zeros]) => `${n}${"0".repeat(zeros)}`),
      fc.constantFrom("0", "-0", "1e7", "1e14", "999999999999999", "1000000000000000", "0.5", "10000000.0000001", "Infinity", "NaN"),
    );
    fc.assert(
      fc.property(figures, (text) => {
        const x = new MoneyDecimal(text);
        const whole = wholeOf(x);
        if (x.isFinite() && x.isInteger() && x.abs().lessThan(1e15)) {
          expect(whole).toBe(x.isZero() ? 0 : Number(x.toFixed(0)));
        } else {
          expect(whole).toBeNull();
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("findings and progress are the same worked out in whole pennies and exactly", () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom("2020/21-Q1", "2020/21-Q2", "2020/21-Q3", "2020/21-Q4"), (raw, asAtText) => {
        const { plan } = checkedRaw(raw);
        const asAt = q(asAtText);
        const exact = slowTwin(plan);
        expect(returnsFindings(plan, asAt)).toEqual(returnsFindings(exact, asAt));
        expect(plainProgress(progressOf(plan, asAt))).toEqual(plainProgress(progressOf(exact, asAt)));
      }),
      { numRuns: 150 },
    );
  });

  test("figures kept for a plan are not used for a changed copy of it", () => {
    const { plan } = checkedRaw(rawV2());
    const asAt = q("2020/21-Q2");
    const before = plainProgress(progressOf(plan, asAt));
    const returns = plan.returns;
    if (returns === null) throw new Error("no returns");
    // The same plan without its line returns: nothing spent, so its figures must change.
    const changed: Plan = { ...plan, returns: { ...returns, lineReturns: [] } };
    const after = plainProgress(progressOf(changed, asAt));
    expect(after).not.toEqual(before);
    expect(plainProgress(progressOf(changed, asAt))).toEqual(plainProgress(progressOf(slowTwin(changed), asAt)));
    // And the first plan's figures are still its own.
    expect(plainProgress(progressOf(plan, asAt))).toEqual(before);
    // Returns removed from the list in place (the same array, fewer rows) are noticed too.
    const lineReturns = [...returns.lineReturns];
    const inPlace: Plan = { ...plan, returns: { ...returns, lineReturns } };
    const full = plainProgress(progressOf(inPlace, asAt));
    lineReturns.length = 0;
    expect(plainProgress(progressOf(inPlace, asAt))).toEqual(after);
    expect(full).toEqual(before);
  });

  test("percent of target is an own figure of each measure, worked out when read", () => {
    const { plan } = checkedRaw(rawV2());
    const m = progressOf(plan, q("2020/21-Q2")).measures.find((x) => x.id === "M1");
    if (m === undefined) throw new Error("no M1");
    expect(Object.keys(m)).toEqual(["id", "lineId", "kind", "target", "targetToDate", "actualToDate", "percentOfTarget", "status", "suggested", "returnsMissing"]);
    // M1: 4 + 2 = 6 of a target to date of 3 + 3 = 6.
    expect(m.percentOfTarget?.toString()).toBe("100");
    expect({ ...m }.percentOfTarget?.toString()).toBe("100");
  });
});

describe("sortFindings", () => {
  const sheetArb = fc.constantFrom("Lines", "lines", "Measures", "Grants", "Line returns", "Profiles", "Éclair", "eclair", "Zeta", "_Meta", "a b", "ä", "B");
  const findingArb = fc.record({
    code: fc.constant("RETURN_MISSING" as const),
    severity: fc.constantFrom("error" as const, "warning" as const, "info" as const),
    sheet: sheetArb,
    cell: fc.constantFrom("A1", "B12", "C3", "AA100", "D20", "A"),
    message: fc.string({ maxLength: 3 }),
  });

  /** The order as a comparison of whole keys per pair, in the locale's order of sheet names. */
  function reference(findings: readonly Finding[]): Finding[] {
    const row = (cell: string): number => Number(/(\d+)$/.exec(cell)?.[1] ?? 0);
    const rank = { error: 0, warning: 1, info: 2 };
    return findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.f.sheet.localeCompare(b.f.sheet) || row(a.f.cell) - row(b.f.cell) || a.i - b.i)
      .map((x) => x.f);
  }

  test("errors first, then sheets in the locale's order, then rows; stable", () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 80 }), (findings) => {
        const sorted = sortFindings(findings);
        expect(sorted).toEqual(reference(findings));
        // The same objects, each once.
        expect(new Set(sorted).size).toBe(new Set(findings).size);
      }),
      { numRuns: 300 },
    );
  });
});

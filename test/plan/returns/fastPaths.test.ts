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
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import { returnsFindings } from "../../../src/plan/returns/checks";
import { firstRowsOf, idTableOf, readReturns } from "../../../src/plan/returns/decode";
import type { LineReturn, MeasureReturn, Progress } from "../../../src/plan/returns/model";
import { parseAsAt, progressOf, wholeOf } from "../../../src/plan/returns/progress";
import type { Quarter } from "../../../src/plan/periods";
import { LINE_RETURNS, MEASURE_RETURNS, META_KEYS } from "../../../src/plan/schema";
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

// ---------------------------------------------------------------- odd plans, worked out plainly

/** How a generated return cell is written, and what it means. */
type YearForm = { readonly cell: CellInput; readonly start: number | null };
type QuarterForm = { readonly cell: CellInput; readonly quarter: number | null };
/** A spend or value cell: the cell, its amount in pennies (or hundredths of a unit) when it counts, "unknown" when it makes the figure unknown, null for a blank. */
type AmountForm = { readonly cell: CellInput; readonly hundredths: number | null | "unknown" };

const YEAR_FORMS: readonly YearForm[] = [
  { cell: "2020/21", start: 2020 },
  { cell: "2020/21", start: 2020 },
  { cell: "2020-21", start: 2020 },
  { cell: "FY2020/21", start: 2020 },
  { cell: " 2020/2021 ", start: 2020 },
  { cell: "2021/22", start: 2021 },
  { cell: "2021-22", start: 2021 },
  { cell: "20/21", start: null },
  { cell: "", start: null },
  { cell: 2020, start: null },
];
const QUARTER_FORMS: readonly QuarterForm[] = [
  { cell: "Q1", quarter: 1 },
  { cell: "Q2", quarter: 2 },
  { cell: "Q3", quarter: 3 },
  { cell: "Q4", quarter: 4 },
  { cell: "q2", quarter: 2 },
  { cell: "Quarter 3", quarter: 3 },
  { cell: 4, quarter: 4 },
  { cell: " Q1 ", quarter: 1 },
  { cell: "Q5", quarter: null },
  { cell: "", quarter: null },
];

const pounds = (hundredths: number): string => `${Math.floor(hundredths / 100).toLocaleString("en-GB")}.${String(hundredths % 100).padStart(2, "0")}`;

/** Spend in quarter: numbers, text (counted, and reported), fractions of a penny, negative, blank, words. */
const spendForm = (hundredths: number, pick: number): AmountForm => {
  switch (pick) {
    case 0:
    case 1:
    case 2:
      return { cell: hundredths / 100, hundredths };
    case 3:
      return { cell: `£${pounds(hundredths)}`, hundredths };
    case 4:
      return { cell: hundredths / 100 + 0.005, hundredths: "unknown" };
    case 5:
      return { cell: -(hundredths + 1) / 100, hundredths: "unknown" };
    case 6:
      return { cell: null, hundredths: null };
    default:
      return { cell: "lots", hundredths: "unknown" };
  }
};

/** Value in quarter of a count: whole numbers, decimals, text (counted, and reported), words, negative, blank. */
const valueForm = (hundredths: number, pick: number): AmountForm => {
  const whole = Math.floor(hundredths / 100);
  switch (pick) {
    case 0:
    case 1:
    case 2:
      return { cell: whole, hundredths: whole * 100 };
    case 3:
      return { cell: hundredths / 100, hundredths };
    case 4:
      return { cell: String(whole), hundredths: whole * 100 };
    case 5:
      return { cell: "done", hundredths: "unknown" };
    case 6:
      return { cell: -(whole + 1), hundredths: "unknown" };
    default:
      return { cell: null, hundredths: null };
  }
};

const oddReturnArb = fc.record({
  target: fc.integer({ min: -2, max: 7 }),
  upper: fc.boolean(),
  year: fc.integer({ min: 0, max: YEAR_FORMS.length - 1 }),
  quarter: fc.integer({ min: 0, max: QUARTER_FORMS.length - 1 }),
  hundredths: fc.integer({ min: 0, max: 5_000_000 }),
  form: fc.integer({ min: 0, max: 7 }),
  status: fc.constantFrom("Green", "amber", "", "Purple"),
  commentary: fc.constantFrom("", "Why"),
});

/** A plan with odd returns: years and quarters spelt in every way, spend as text, fractions of a penny, duplicates, unknown and repeated IDs, in any order. */
const oddPlanArb = fc.record({
  lines: fc.array(
    fc.record({ grant: fc.constantFrom("G1", "G2", "G1", "GX"), pennies: fc.integer({ min: 0, max: 900_000_000 }), reserve: fc.boolean() }),
    { minLength: 1, maxLength: 6 },
  ),
  /** A line row repeating an earlier line's ID in lower case, or none. */
  repeat: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  targets: fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 6, maxLength: 6 }),
  lineReturns: fc.array(oddReturnArb, { maxLength: 40 }),
  measureReturns: fc.array(oddReturnArb, { maxLength: 40 }),
  asAt: fc.constantFrom("2020/21-Q1", "2020/21-Q2", "2020/21-Q3", "2020/21-Q4", "2021/22-Q2"),
});

type OddPlan = typeof oddPlanArb extends fc.Arbitrary<infer T> ? T : never;

const GRANT_YEARS: Readonly<Record<string, number>> = { G1: 2020, G2: 2021 };

/** The row's ID cell: a line or measure of the plan (as written, or in lower case), one that is not, or none. */
function idCell(prefix: string, target: number, count: number, upper: boolean): { cell: string; index: number | null } {
  if (target === -2) return { cell: "", index: null };
  if (target === -1 || target >= count) return { cell: `${prefix}X${target + 9}`, index: -1 };
  const id = `${prefix}${target + 1}`;
  return { cell: upper ? id : id.toLowerCase(), index: target };
}

function oddRaw(odd: OddPlan): RawWorkbook {
  const lineCount = odd.lines.length;
  const data: PlanData = {
    grants: [
      { id: "G1", name: "First", funder: "PCC", year: "2020/21", award: "99999999.00", eligibleAreas: [], notes: "" },
      { id: "G2", name: "Second", funder: "PCC", year: "2021/22", award: "99999999.00", eligibleAreas: [], notes: "" },
    ],
    lines: [
      ...odd.lines.map((l, i) => ({ id: `L${i + 1}`, grantId: l.grant, theme: "", activity: "Work", lead: "", allocation: (l.pennies / 100).toFixed(2), isReserve: l.reserve, priorityAreas: [], outcomes: "", notes: "" })),
      ...(odd.repeat === null || odd.repeat >= lineCount
        ? []
        : [{ id: `l${odd.repeat + 1}`, grantId: "G1", theme: "", activity: "Again", lead: "", allocation: "10.00", isReserve: false, priorityAreas: [], outcomes: "", notes: "" }]),
    ],
    measures: odd.lines.map((_, i) => ({ id: `M${i + 1}`, lineId: `L${i + 1}`, description: "Sessions", kind: "count" as const, target: odd.targets[i] ?? 0, unit: "", baseline: null, notes: "" })),
  };
  const lineReturns = odd.lineReturns.map((r) => {
    const spend = spendForm(r.hundredths, r.form);
    return [idCell("L", r.target, lineCount, r.upper).cell, YEAR_FORMS[r.year]?.cell ?? null, QUARTER_FORMS[r.quarter]?.cell ?? null, spend.cell, r.status, r.commentary, "", "Lead", 44000];
  });
  const measureReturns = odd.measureReturns.map((r) => {
    const value = valueForm(r.hundredths, r.form);
    return [idCell("M", r.target, lineCount, r.upper).cell, YEAR_FORMS[r.year]?.cell ?? null, QUARTER_FORMS[r.quarter]?.cell ?? null, value.cell, r.status, "", "Lead", 44000];
  });
  return rawV2(data, { ...SMALL_RETURNS, spendProfile: [], targetProfile: [], lineReturns, measureReturns }, { [META_KEYS.returnsAsAt]: odd.asAt });
}

/** Per line or measure (by index) and quarter: the first return that counts (its grant's year, a quarter), by a plain search of the rows in order. */
function countedReturns<R extends { readonly target: number; readonly year: number; readonly quarter: number }>(
  rows: readonly R[],
  count: number,
  startOf: (index: number) => number | null,
): (R | undefined)[][] {
  const out: (R | undefined)[][] = Array.from({ length: count }, () => [undefined, undefined, undefined, undefined]);
  for (const r of rows) {
    const { index } = idCell("", r.target, count, true);
    const start = YEAR_FORMS[r.year]?.start ?? null;
    const quarter = QUARTER_FORMS[r.quarter]?.quarter ?? null;
    if (index === null || index < 0 || start === null || quarter === null || start !== startOf(index)) continue;
    const slots = out[index];
    if (slots !== undefined && slots[quarter - 1] === undefined) slots[quarter - 1] = r;
  }
  return out;
}

function quartersDue(start: number | null, asAt: string): number | null {
  if (start === null) return null;
  const at = q(asAt);
  return at.year.startYear > start ? 4 : at.year.startYear < start ? 0 : at.quarter;
}

/** Each return key seen twice, counted as decoding counts duplicates (IDs whatever the case, any valid year and quarter). */
function duplicatesOf(rows: readonly { readonly target: number; readonly year: number; readonly quarter: number; readonly upper: boolean }[], count: number): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const r of rows) {
    const id = idCell("X", r.target, count, r.upper).cell.toUpperCase();
    const start = YEAR_FORMS[r.year]?.start ?? null;
    const quarter = QUARTER_FORMS[r.quarter]?.quarter ?? null;
    if (id === "" || start === null || quarter === null) continue;
    const key = `${id}|${start}|${quarter}`;
    if (seen.has(key)) duplicates++;
    seen.add(key);
  }
  return duplicates;
}

const hundredthsText = (h: number): string => `${h < 0 ? "-" : ""}${Math.floor(Math.abs(h) / 100)}.${String(Math.abs(h) % 100).padStart(2, "0")}`;

describe("odd returns: the figures as a plain search of the rows gives them", () => {
  test("spend to date, remaining, status, returns missing and delivery to date, and the duplicate and unknown findings", () => {
    fc.assert(
      fc.property(oddPlanArb, (odd) => {
        const { plan, findings } = checkedRaw(oddRaw(odd));
        const asAt = q(odd.asAt);
        const progress = progressOf(plan, asAt);
        const count = odd.lines.length;
        const startOf = (i: number): number | null => GRANT_YEARS[odd.lines[i]?.grant ?? ""] ?? null;
        const lineCounted = countedReturns(odd.lineReturns, count, startOf);
        const lines = progress.grants.flatMap((g) => g.lines);
        for (let i = 0; i < count; i++) {
          const line = odd.lines[i];
          const p = lines.find((l) => l.id === `L${i + 1}`);
          if (line === undefined) continue;
          if (line.grant === "GX") {
            // A line of no grant of the plan is in no grant's figures.
            expect(p).toBeUndefined();
            continue;
          }
          if (p === undefined) throw new Error(`no progress for L${i + 1}`);
          const n = quartersDue(startOf(i), odd.asAt);
          let spent = 0;
          let known = true;
          let status = "";
          const missing: string[] = [];
          for (let quarter = 1; quarter <= (n ?? 0); quarter++) {
            const r = lineCounted[i]?.[quarter - 1];
            if (r === undefined) {
              if (!line.reserve) missing.push(`${formatYear(startOf(i))}-Q${quarter}`);
              continue;
            }
            if (r.status !== "") status = r.status;
            const amount = spendForm(r.hundredths, r.form).hundredths;
            if (amount === "unknown") known = false;
            else if (amount !== null) spent += amount;
          }
          expect(p.spendToDate?.toFixed(2) ?? null).toBe(known ? hundredthsText(spent) : null);
          expect(p.remaining?.toFixed(2) ?? null).toBe(known ? hundredthsText(line.pennies - spent) : null);
          expect(p.status).toBe(status);
          expect(p.returnsMissing).toEqual(missing);
          // A second line row with the same ID (in another case) shares the first row's returns.
          const again = odd.repeat === i && line.grant === "G1" ? lines.find((l) => l.id === `l${i + 1}`) : undefined;
          if (again !== undefined) {
            expect(again.spendToDate?.toFixed(2) ?? null).toBe(p.spendToDate?.toFixed(2) ?? null);
            expect(again.remaining?.toFixed(2) ?? null).toBe(known ? hundredthsText(1000 - spent) : null);
          }
        }
        // A grant's spend to date is its lines' spend to date added up.
        for (const g of progress.grants) {
          const all = g.lines.map((l) => l.spendToDate);
          const expected = all.some((x) => x === null) ? null : all.reduce<number>((s, x) => s + Math.round((x?.toNumber() ?? 0) * 100), 0);
          expect(g.spendToDate === null ? null : Math.round(g.spendToDate.toNumber() * 100)).toBe(expected);
        }
        const measureCounted = countedReturns(odd.measureReturns, count, startOf);
        for (let i = 0; i < count; i++) {
          const m = progress.measures.find((x) => x.id === `M${i + 1}`);
          if (m === undefined) throw new Error(`no progress for M${i + 1}`);
          const n = quartersDue(startOf(i), odd.asAt);
          let actual = 0;
          let known = true;
          for (let quarter = 1; quarter <= (n ?? 0); quarter++) {
            const r = measureCounted[i]?.[quarter - 1];
            if (r === undefined) continue;
            const value = valueForm(r.hundredths, r.form).hundredths;
            if (value === "unknown") known = false;
            else if (value !== null) actual += value;
          }
          expect(m.actualToDate === null ? null : m.actualToDate.times(100).toNumber()).toBe(n === null ? null : known ? actual : null);
        }
        const codes = (code: string, sheet: string): number => findings.filter((f) => f.code === code && f.sheet === sheet).length;
        expect(codes("RETURN_DUPLICATE", "Line returns")).toBe(duplicatesOf(odd.lineReturns, count));
        expect(codes("RETURN_DUPLICATE", "Measure returns")).toBe(duplicatesOf(odd.measureReturns, count));
        expect(codes("RETURN_UNKNOWN", "Line returns")).toBe(odd.lineReturns.filter((r) => (idCell("L", r.target, count, true).index ?? -1) < 0).length);
        expect(codes("RETURN_UNKNOWN", "Measure returns")).toBe(odd.measureReturns.filter((r) => (idCell("M", r.target, count, true).index ?? -1) < 0).length);
        // A year that is not one, a year other than the grant's, a quarter that is not one: one finding each.
        const quarterFindings = (rows: OddPlan["lineReturns"]): number =>
          rows.reduce((n, r) => {
            const start = YEAR_FORMS[r.year]?.start ?? null;
            const index = idCell("", r.target, count, true).index ?? -1;
            const grantStart = index < 0 ? null : startOf(index);
            const yearWrong = start === null || (grantStart !== null && start !== grantStart);
            return n + (yearWrong ? 1 : 0) + ((QUARTER_FORMS[r.quarter]?.quarter ?? null) === null ? 1 : 0);
          }, 0);
        expect(codes("RETURN_QUARTER_INVALID", "Line returns")).toBe(quarterFindings(odd.lineReturns));
        expect(codes("RETURN_QUARTER_INVALID", "Measure returns")).toBe(quarterFindings(odd.measureReturns));
      }),
      { numRuns: 300 },
    );
  });

  test("the quick ways agree with the exact ones on odd plans too", () => {
    fc.assert(
      fc.property(oddPlanArb, (odd) => {
        const { plan } = checkedRaw(oddRaw(odd));
        const asAt = q(odd.asAt);
        const exact = slowTwin(plan);
        expect(returnsFindings(plan, asAt)).toEqual(returnsFindings(exact, asAt));
        expect(plainProgress(progressOf(plan, asAt))).toEqual(plainProgress(progressOf(exact, asAt)));
      }),
      { numRuns: 200 },
    );
  });

  test("a returns row reads the same whatever rows come before it", () => {
    fc.assert(
      fc.property(oddPlanArb, (odd) => {
        const raw = oddRaw(odd);
        const { plan } = checkedRaw(raw);
        for (const name of [LINE_RETURNS.table, MEASURE_RETURNS.table]) {
          const table = raw.tables.find((t) => t.name === name);
          if (table === undefined) throw new Error(`no ${name}`);
          const allFindings: Finding[] = [];
          const all = readReturns(raw, plan, allFindings);
          const read = name === LINE_RETURNS.table ? all.lineReturns : all.measureReturns;
          expect(read).toHaveLength(table.rows.length);
          table.rows.forEach((cells, i) => {
            // The same row alone in its table, on the same sheet row.
            const alone: RawTable = { ...table, headerRow: table.headerRow + i, rows: [cells], formulas: table.formulas === undefined ? undefined : [table.formulas[i] ?? []] };
            const findings: Finding[] = [];
            const one = readReturns({ ...raw, tables: raw.tables.map((t) => (t === table ? alone : t)) }, plan, findings);
            expect(name === LINE_RETURNS.table ? one.lineReturns : one.measureReturns).toEqual([read[i]]);
            const sheet = table.sheet;
            const rowCells = (list: readonly Finding[]): Finding[] => list.filter((f) => f.sheet === sheet && f.code !== "RETURN_DUPLICATE" && Number(/\d+$/.exec(f.cell)?.[0]) === table.headerRow + i + 2);
            expect(rowCells(findings)).toEqual(rowCells(allFindings));
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});

function formatYear(start: number | null): string {
  return start === null ? "" : `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

describe("firstRowsOf", () => {
  test("gives each row the first row whose ID matches its own whatever the case, as a plain search does", () => {
    const idArb = fc.constantFrom("", "A", "a", "B-1", "b-1", "Ünï", "ÜNÏ", "C ", "C", "ß", "SS", "ss", "İ", "i");
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 30 }), (ids) => {
        const rows = ids.map((id) => ({ id }));
        const first = firstRowsOf(rows);
        const table = idTableOf(rows);
        rows.forEach((row, i) => {
          const plain = row.id === "" ? i : rows.findIndex((r) => r.id !== "" && r.id.toLowerCase() === row.id.toLowerCase());
          expect(first[i]).toBe(plain);
          if (row.id !== "") expect(table.find(row.id)).toBe(plain);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("profile rows", () => {
  test("a row of four blanks reads as the general reading gives it: known when its profile word is one", () => {
    const raw = rawV2(undefined, {
      ...SMALL_RETURNS,
      spendProfile: [
        ["L1", null, null, null, null],
        ["L2", 1, null, "£2.00", "abc"],
        ["L3", " ", null, null, null],
      ],
      targetProfile: [
        ["M1", "Nonsense"],
        ["M2", "Even"],
        ["M3", "Typed", 1, null, "x", 2],
        ["M4", "all in q2", null, "", null, null],
      ],
    });
    const { plan } = checkedRaw(raw);
    const spend = plan.returns?.spendProfiles.map((p) => [p.lineId, p.quarters.map((x) => x?.toString() ?? null), p.known]);
    expect(spend).toEqual([
      ["L1", [null, null, null, null], true],
      ["L2", ["1", null, "2", null], false],
      ["L3", [null, null, null, null], true],
    ]);
    const target = plan.returns?.targetProfiles.map((p) => [p.measureId, p.profile, p.quarters.map((x) => x?.toString() ?? null), p.known]);
    expect(target).toEqual([
      ["M1", null, [null, null, null, null], false],
      ["M2", "even", [null, null, null, null], true],
      ["M3", "typed", ["1", null, null, "2"], false],
      ["M4", "q2", [null, null, null, null], true],
    ]);
  });
});

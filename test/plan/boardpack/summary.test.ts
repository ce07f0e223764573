/**
 * The board summary (docs/summary.md): the example's figures as at 2020/21-Q2 are the
 * progress figures to the penny, every total is exactly the sum of its parts on generated
 * plans, and the grant filter keeps one grant's lines and measures only.
 */
import fc from "fast-check";
import { progressJson } from "../../../src/cli/progress";
import { summaryOf, NO_RETURN, type BoardSummary } from "../../../src/plan/boardpack/summary";
import { summaryTables, TOTAL } from "../../../src/plan/boardpack/tables";
import { money, type Money, MoneyDecimal } from "../../../src/plan/money";
import type { Plan } from "../../../src/plan/model";
import type { Quarter, QuarterNumber } from "../../../src/plan/periods";
import { progressOf } from "../../../src/plan/returns/progress";
import type { LineReturnData, PlanData } from "../../../src/plan/template";
import { generatePlan, seededRandom } from "../../support/generate";
import { checked, exampleWorkbook, memoryPlan } from "../../support/plans";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };

const text = (m: Money | null): string | null => (m === null ? null : m.toFixed(2));

let example: Plan;
beforeAll(async () => {
  example = (await checked(await exampleWorkbook(), { asAt: Q2 })).plan;
});

describe("the example's summary as at 2020/21-Q2", () => {
  it("has the figures of progress --json to the penny", () => {
    const json = progressJson("example.xlsx", progressOf(example, Q2), []);
    const s = summaryOf(example, Q2);
    expect(s.grants.map((g) => g.id)).toEqual(json.grants.map((g) => g.id));
    expect(s.grants.map((g) => [text(g.award), text(g.allocated), text(g.spendToDate), text(g.remaining)])).toEqual(
      json.grants.map((g) => [g.award, g.allocated, g.spendToDate, g.remaining]),
    );
    const jsonLines = json.grants.flatMap((g) => g.lines);
    expect(s.lines.map((l) => [l.id, text(l.allocation), text(l.spendToDate), l.status])).toEqual(jsonLines.map((l) => [l.id, l.allocation, l.spendToDate, l.status]));
    // The example's profiles add up to each allocation, so the outturn is spend + allocation − profile to date.
    s.lines.forEach((l, i) => {
      const j = jsonLines[i];
      expect(j).toBeDefined();
      expect(text(l.forecastOutturn)).toBe(money(j?.spendToDate ?? "NaN").plus(money(j?.allocation ?? "NaN")).minus(money(j?.profileToDate ?? "NaN")).toFixed(2));
    });
    expect(s.measures.map((m) => [m.id, m.target?.toNumber() ?? null, m.targetToDate?.toNumber() ?? null, m.actualToDate?.toNumber() ?? null, m.status])).toEqual(
      json.measures.map((m) => [m.id, m.target, m.targetToDate, m.actualToDate, m.status]),
    );
    const tables = summaryTables(s);
    const measureTable = tables.find((t) => t.title === "Measures");
    expect(measureTable?.rows.map((r) => (r[6] === null ? null : Number(r[6]).toFixed(1)))).toEqual(json.measures.map((m) => m.percentOfTarget));
    // The one late return of the example (docs/returns.md).
    const missing = jsonLines.filter((l) => l.returnsMissing.length > 0).map((l) => l.id);
    expect(missing.length).toBeGreaterThan(0);
    expect(s.returnsOutstanding.filter((r) => r.kind === "Line").map((r) => r.id)).toEqual(missing);
  });

  it("counts reserve lines' allocations as the grant's reserve", () => {
    const s = summaryOf(example, Q2);
    const reserveLines = example.lines.filter((l) => l.isReserve);
    expect(reserveLines.length).toBeGreaterThan(0);
    for (const g of s.grants) {
      const own = reserveLines.filter((l) => l.grantId === g.id);
      expect(text(g.reserve)).toBe(own.reduce((t, l) => t.plus(l.allocation ?? new MoneyDecimal(NaN)), new MoneyDecimal(0)).toFixed(2));
    }
  });

  it("keeps one grant with --grant (ignoring case): its lines, themes and measures only", () => {
    const all = summaryOf(example, Q2);
    const vrp = summaryOf(example, Q2, { grantId: "vrp" });
    expect(vrp.grants.map((g) => g.id)).toEqual(["VRP"]);
    expect(vrp.lines.length).toBeGreaterThan(0);
    expect(vrp.lines.every((l) => l.grantId === "VRP")).toBe(true);
    expect(vrp.lines.length).toBeLessThan(all.lines.length);
    const ids = new Set(vrp.lines.map((l) => l.id));
    expect(vrp.measures.length).toBeGreaterThan(0);
    expect(vrp.measures.every((m) => ids.has(m.lineId))).toBe(true);
    expect(vrp.measures).toEqual(all.measures.filter((m) => ids.has(m.lineId)));
    expect(text(vrp.totals.award)).toBe(text(all.grants.find((g) => g.id === "VRP")?.award ?? null));
    const crg = summaryOf(example, Q2, { grantId: "CRG" });
    expect(crg.lines.length + vrp.lines.length).toBe(all.lines.length);
    expect(summaryOf(example, Q2, { grantId: "NOPE" }).grants).toEqual([]);
  });
});

/** Sums figures exactly; null when one is null. */
function sumOf(xs: readonly (Money | null)[]): string | null {
  let t = new MoneyDecimal(0);
  for (const x of xs) {
    if (x === null) return null;
    t = t.plus(x);
  }
  return t.toFixed(2);
}

function expectTotalsAddUp(s: BoardSummary): void {
  const keys = ["award", "allocated", "reserve", "spendToDate", "remaining", "forecastOutturn", "variance"] as const;
  for (const k of keys) expect(text(s.totals[k])).toBe(sumOf(s.grants.map((g) => g[k])));
  for (const g of s.grants) {
    const own = s.lines.filter((l) => l.grantId === g.id);
    expect(text(g.allocated)).toBe(sumOf(own.map((l) => l.allocation)));
    expect(text(g.spendToDate)).toBe(sumOf(own.map((l) => l.spendToDate)));
    expect(text(g.forecastOutturn)).toBe(sumOf(own.map((l) => l.forecastOutturn)));
    expect(text(g.reserve)).toBe(sumOf(own.filter((l) => l.isReserve).map((l) => l.allocation)));
  }
  expect(text(s.lineTotals.allocation)).toBe(sumOf(s.themes.map((t) => t.allocation)));
  expect(text(s.lineTotals.spendToDate)).toBe(sumOf(s.themes.map((t) => t.spendToDate)));
  expect(text(s.lineTotals.allocation)).toBe(text(s.totals.allocated));
  expect(text(s.lineTotals.spendToDate)).toBe(text(s.totals.spendToDate));
  expect(text(s.lineTotals.forecastOutturn)).toBe(text(s.totals.forecastOutturn));
  expect(s.statusCounts.reduce((n, c) => n + c.lines, 0)).toBe(s.lines.length);
  expect(s.themes.reduce((n, t) => n + t.lines, 0)).toBe(s.lines.length);
  // The tables show the same totals: each Total row is the exact sum of the rows above it.
  for (const t of summaryTables(s)) {
    const totalRow = t.rows.find((r) => r[0] === TOTAL);
    if (totalRow === undefined) continue;
    const body = t.rows.filter((r) => r !== totalRow);
    t.kinds.forEach((kind, c) => {
      if (kind !== "money" && kind !== "count") return;
      const cells = body.map((r) => r[c] ?? null);
      const expected = cells.some((x) => x === null) ? null : cells.reduce<Money>((a, x) => a.plus(new MoneyDecimal(String(x))), new MoneyDecimal(0)).toFixed(2);
      const shown = totalRow[c] ?? null;
      expect(shown === null ? null : new MoneyDecimal(String(shown)).toFixed(2)).toBe(expected);
    });
  }
}

/** A generated plan with reserve lines, typed profiles and returns of random spend and status. */
function withReturns(seed: number, lines: number, grants: number): PlanData {
  const base = generatePlan(lines, 1, grants, seed);
  const random = seededRandom(seed + 1);
  const words = ["Blue", "Green", "Amber", "Red", "Purple", ""];
  const lineData = base.lines.map((l) => ({ ...l, isReserve: random() < 0.2, theme: random() < 0.5 ? l.theme : l.theme.toUpperCase() }));
  const lineReturns: LineReturnData[] = [];
  const spendProfiles = [];
  for (const l of lineData) {
    if (random() < 0.3) {
      const allocation = money(l.allocation ?? "0");
      const q = allocation.dividedBy(4).toDecimalPlaces(2, MoneyDecimal.ROUND_DOWN);
      spendProfiles.push({ lineId: l.id, quarters: [q.toFixed(2), q.toFixed(2), q.toFixed(2), allocation.minus(q.times(3)).toFixed(2)] as const });
    }
    for (const quarter of [1, 2, 3] satisfies QuarterNumber[]) {
      if (random() < 0.3) continue;
      lineReturns.push({
        lineId: l.id,
        year: "2020/21",
        quarter,
        spend: `${Math.floor(random() * 20000)}.${String(Math.floor(random() * 100)).padStart(2, "0")}`,
        status: words[Math.floor(random() * words.length)] ?? "",
        commentary: "",
        risks: "",
        enteredBy: "test",
        enteredOn: null,
      });
    }
  }
  return { ...base, lines: lineData, returns: { lineReturns, spendProfiles } };
}

describe("totals on generated plans", () => {
  it("come from plans with spend, reserve lines, key statuses, other words and missing returns", async () => {
    const { plan } = await checked(await memoryPlan(withReturns(7, 30, 3)));
    const s = summaryOf(plan, { year: { startYear: 2020 }, quarter: 3 });
    expect(s.totals.spendToDate?.isPositive() && !s.totals.spendToDate.isZero()).toBe(true);
    expect(s.totals.reserve?.isZero()).toBe(false);
    expect(s.statusCounts.filter((c) => c.lines > 0).length).toBeGreaterThanOrEqual(4);
    expect(s.statusCounts.map((c) => c.status)).toContain("Other");
    expect(s.returnsOutstanding.length).toBeGreaterThan(0);
    expect(s.themes.length).toBe(7);
    expect(s.lines.every((l) => l.forecastOutturn !== null)).toBe(true);
  });

  it(
    "are exactly the sums of their parts, for all grants and for each grant",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 1_000_000 }),
          fc.integer({ min: 1, max: 30 }),
          fc.integer({ min: 1, max: 4 }),
          fc.constantFrom<QuarterNumber>(1, 2, 3, 4),
          async (seed, lines, grants, quarter) => {
            const { plan } = await checked(await memoryPlan(withReturns(seed, lines, grants)));
            const asAt: Quarter = { year: { startYear: 2020 }, quarter };
            const s = summaryOf(plan, asAt);
            expect(s.lines.length).toBe(lines);
            expectTotalsAddUp(s);
            for (const g of plan.grants) expectTotalsAddUp(summaryOf(plan, asAt, { grantId: g.id }));
            expect(s.statusCounts.map((c) => c.status)).toEqual(["Blue", "Green", "Amber", "Red", ...(s.statusCounts.length === 6 ? ["Other"] : []), NO_RETURN]);
          },
        ),
        { numRuns: 25 },
      );
    },
    120_000,
  );
});

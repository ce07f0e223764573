/**
 * Grant totals added in whole pennies where the allocations were read from numbers, and
 * exactly otherwise: the same figures as adding every allocation as an exact decimal.
 */
import { grantTotals } from "../../src/plan/checks";
import { readPlan } from "../../src/plan/decode";
import { excelNumber, fromPennies, type Money, MoneyDecimal, ZERO } from "../../src/plan/money";
import type { Plan } from "../../src/plan/model";
import type { LineInput, PlanData } from "../../src/plan/template";
import { rawPlan, withCell } from "../support/raw";

function grant(id: string, award: string): PlanData["grants"][number] {
  return { id, name: `Grant ${id}`, funder: "", year: "2020/21", award, eligibleAreas: [], notes: "" };
}

function line(id: string, grantId: string, allocation: string | null): LineInput {
  return { id, grantId, theme: "", activity: `Activity ${id}`, lead: "", allocation, isReserve: false, priorityAreas: [], outcomes: "", notes: "" };
}

function planOf(data: PlanData, edit: (raw: ReturnType<typeof rawPlan>) => ReturnType<typeof rawPlan> = (r) => r): Plan {
  const read = readPlan(edit(rawPlan(data)));
  if (read.status !== "plan") throw new Error(read.reason);
  return read.plan;
}

/** The reference: every known allocation of a grant added as an exact decimal. */
function exactTotal(plan: Plan, grantId: string): Money {
  return plan.lines.filter((l) => l.grantId.toLowerCase() === grantId.toLowerCase()).reduce((sum, l) => (l.allocation === null ? sum : sum.plus(l.allocation)), ZERO);
}

describe("allocations in pennies", () => {
  it("are the allocation's own figure, for numbers with floating-point noise as Excel stores them", () => {
    const numbers = [0.1 + 0.2, 334965.77999999997, 116199.99999999999, 1234.56, 0.01, 999999999998.99, 118999.99999999999];
    const data: PlanData = { grants: [grant("G", "1.00")], lines: numbers.map((_, i) => line(`L${i}`, "G", "0.00")), measures: [] };
    const plan = planOf(data, (raw) => numbers.reduce((r, n, i) => withCell(r, "Lines", `F${i + 2}`, n), raw));
    for (const [i, l] of plan.lines.entries()) {
      const n = numbers[i] ?? 0;
      expect([n, l.allocationPennies]).toEqual([n, Number(excelNumber(n).times(100).toFixed(0))]);
      expect(l.allocation?.equals(fromPennies(l.allocationPennies ?? -1))).toBe(true);
    }
  });

  it("are not given for an amount typed as text, whose figure still counts", () => {
    const data: PlanData = { grants: [grant("G", "300.00")], lines: [line("L1", "G", "100.00"), line("L2", "G", "200.00")], measures: [] };
    const plan = planOf(data, (raw) => withCell(raw, "Lines", "F3", "£200.00"));
    expect(plan.lines.map((l) => l.allocationPennies)).toEqual([10000, null]);
    expect(grantTotals(plan).get("g")?.toFixed(2)).toBe("300.00");
  });
});

describe("grant totals", () => {
  it("equal the exact decimal sum for random plans of pennies, text amounts and blanks", () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 20; round++) {
      const lines = Array.from({ length: 60 }, (_, i) => line(`L${i}`, random() < 0.5 ? "A" : "b", random() < 0.1 ? null : (Math.floor(random() * 1e9) / 100).toFixed(2)));
      const plan = planOf({ grants: [grant("A", "1.00"), grant("B", "1.00")], lines, measures: [] }, (raw) =>
        // Some amounts typed as text, which are added exactly rather than in pennies.
        lines.reduce((r, l, i) => (l.allocation !== null && i % 7 === 0 ? withCell(r, "Lines", `F${i + 2}`, `£${l.allocation}`) : r), raw),
      );
      const totals = grantTotals(plan);
      expect([round, totals.get("a")?.toFixed(2)]).toEqual([round, exactTotal(plan, "A").toFixed(2)]);
      expect([round, totals.get("b")?.toFixed(2)]).toEqual([round, exactTotal(plan, "B").toFixed(2)]);
    }
  });

  it("stay exact beyond the largest safe whole number of pennies", () => {
    // 100 lines of £999,999,999,998.99 is 9.99e15 pennies, past 2^53 (about 9.007e15).
    const lines = Array.from({ length: 100 }, (_, i) => line(`L${i}`, "G", "999999999998.99"));
    const plan = planOf({ grants: [grant("G", "1.00")], lines, measures: [] });
    expect(plan.lines[0]?.allocationPennies).toBe(99999999999899);
    expect(grantTotals(plan).get("g")?.toFixed(2)).toBe(new MoneyDecimal("999999999998.99").times(100).toFixed(2));
  });
});

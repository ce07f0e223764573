/**
 * Per-grant totals for the pane's cards, the CLI report and its JSON.
 */
import { grantTotals } from "./checks";
import { type Money, toMachine } from "./money";
import type { Plan } from "./model";

export interface LineSummary {
  readonly id: string;
  readonly theme: string;
  readonly activity: string;
  readonly allocation: Money | null;
  readonly isReserve: boolean;
}

export interface GrantSummary {
  readonly id: string;
  readonly name: string;
  readonly funder: string;
  readonly year: string;
  readonly award: Money | null;
  /**
   * The exact sum of the grant's allocations; null when it is not known: the Lines table
   * or its Grant ID or Allocation column is missing, or an allocation of the grant cannot
   * be read (an error, words, a formula with no stored result, fractions of a penny).
   */
  readonly allocated: Money | null;
  /** Award minus allocated; negative when over-allocated; null when either is not known. */
  readonly unallocated: Money | null;
  readonly lines: readonly LineSummary[];
}

/** Every grant's summary, totals and lines gathered in one pass over the lines. */
export function summarise(plan: Plan): GrantSummary[] {
  const totals = grantTotals(plan);
  const linesByGrant = new Map<string, LineSummary[]>();
  for (const l of plan.lines) {
    const key = l.grantId.toLowerCase();
    const summary: LineSummary = { id: l.id, theme: l.theme, activity: l.activity, allocation: l.allocation, isReserve: l.isReserve };
    const list = linesByGrant.get(key);
    if (list) list.push(summary);
    else linesByGrant.set(key, [summary]);
  }
  return plan.grants.map((grant) => {
    const key = grant.id.toLowerCase();
    const allocated = totals.get(key) ?? null;
    return {
      id: grant.id,
      name: grant.name,
      funder: grant.funder,
      year: grant.year,
      award: grant.award,
      allocated,
      unallocated: grant.award === null || allocated === null ? null : grant.award.minus(allocated),
      lines: linesByGrant.get(key) ?? [],
    };
  });
}

export interface GrantSummaryJson {
  readonly id: string;
  readonly name: string;
  readonly award: string | null;
  /** Null when the total is not known (see GrantSummary.allocated), never "0.00" in its place. */
  readonly allocated: string | null;
  readonly unallocated: string | null;
  readonly lines: readonly { id: string; activity: string; allocation: string | null; reserve: boolean }[];
}

/** The machine form: every amount a string with two decimals, or null when it is not known or has fractions of a penny. */
export function summaryToJson(s: GrantSummary): GrantSummaryJson {
  const amount = (m: Money | null): string | null => (m === null ? null : toMachine(m));
  return {
    id: s.id,
    name: s.name,
    award: amount(s.award),
    allocated: amount(s.allocated),
    unallocated: amount(s.unallocated),
    lines: s.lines.map((l) => ({ id: l.id, activity: l.activity, allocation: amount(l.allocation), reserve: l.isReserve })),
  };
}

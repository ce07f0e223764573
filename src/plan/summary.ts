/**
 * Per-grant totals for the pane's cards, the CLI report and its JSON.
 */
import { allocatedTo } from "./checks";
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
  readonly allocated: Money;
  /** Award minus allocated; negative when over-allocated; null when the award is unreadable. */
  readonly unallocated: Money | null;
  readonly lines: readonly LineSummary[];
}

export function summarise(plan: Plan): GrantSummary[] {
  return plan.grants.map((grant) => {
    const allocated = allocatedTo(plan, grant);
    const id = grant.id.toLowerCase();
    return {
      id: grant.id,
      name: grant.name,
      funder: grant.funder,
      year: grant.year,
      award: grant.award,
      allocated,
      unallocated: grant.award === null ? null : grant.award.minus(allocated),
      lines: plan.lines
        .filter((l) => l.grantId.toLowerCase() === id)
        .map((l) => ({ id: l.id, theme: l.theme, activity: l.activity, allocation: l.allocation, isReserve: l.isReserve })),
    };
  });
}

export interface GrantSummaryJson {
  readonly id: string;
  readonly name: string;
  readonly award: string | null;
  /** Null when the total has fractions of a penny (a sub-penny amount is reported as a finding). */
  readonly allocated: string | null;
  readonly unallocated: string | null;
  readonly lines: readonly { id: string; activity: string; allocation: string | null; reserve: boolean }[];
}

/** The machine form: every amount a string with two decimals, or null when it has fractions of a penny. */
export function summaryToJson(s: GrantSummary): GrantSummaryJson {
  const amount = (m: Money | null): string | null => (m === null ? null : toMachine(m));
  return {
    id: s.id,
    name: s.name,
    award: amount(s.award),
    allocated: toMachine(s.allocated),
    unallocated: amount(s.unallocated),
    lines: s.lines.map((l) => ({ id: l.id, activity: l.activity, allocation: amount(l.allocation), reserve: l.isReserve })),
  };
}

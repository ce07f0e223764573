/**
 * The split helper's inputs: an amount shared across chosen lines, equally or by weights,
 * penny-exact through the core's `splitAcross`.
 */
import { type SplitShare, splitAcross } from "../plan/actions";
import { type Money, money, type MoneyInput, parseMoneyInput, sum } from "../plan/money";

export type SplitMode = "equal" | "weights";

export type WeightInput = { readonly ok: true; readonly value: Money } | { readonly ok: false; readonly message: string };

const WEIGHT_TEXT = /^\d+(?:\.\d+)?$/;

/** A weight is a plain non-negative number: "1", "2", "0.5". */
export function parseWeight(text: string): WeightInput {
  const t = text.trim();
  if (t === "") return { ok: false, message: "Enter a weight, for example 1 or 2.5." };
  if (!WEIGHT_TEXT.test(t)) return { ok: false, message: `"${t}" is not a weight. Use a number such as 1, 2 or 2.5.` };
  return { ok: true, value: money(t) };
}

export interface SplitRequest {
  readonly totalText: string;
  /** Chosen line IDs, in table order. */
  readonly lineIds: readonly string[];
  readonly mode: SplitMode;
  readonly weightTexts: Readonly<Record<string, string>>;
}

export interface SplitReview {
  readonly total: MoneyInput;
  readonly weights: Readonly<Record<string, WeightInput>>;
  /** Why a preview cannot be made yet, in words; null when it can. */
  readonly blocker: string | null;
  readonly shares: readonly SplitShare[] | null;
  readonly shareSum: Money | null;
}

export const DEFAULT_WEIGHT = "1";

export function reviewSplit(request: SplitRequest): SplitReview {
  const total = parseMoneyInput(request.totalText);
  const weights: Record<string, WeightInput> = {};
  if (request.mode === "weights") {
    for (const id of request.lineIds) weights[id] = parseWeight(request.weightTexts[id] ?? DEFAULT_WEIGHT);
  }
  const parsedWeights = Object.values(weights);
  let blocker: string | null = null;
  if (!total.ok) blocker = "Enter the amount to split.";
  else if (request.lineIds.length === 0) blocker = "Choose at least one line to share it.";
  else if (parsedWeights.some((w) => !w.ok)) blocker = "Correct the weights.";
  else if (request.mode === "weights" && parsedWeights.every((w) => !w.ok || w.value.isZero())) {
    blocker = "At least one weight must be more than 0.";
  }
  if (blocker !== null || !total.ok) return { total, weights, blocker, shares: null, shareSum: null };
  const weightValues =
    request.mode === "weights" ? request.lineIds.map((id) => (weights[id]?.ok === true ? weights[id].value : money(0))) : undefined;
  const shares = splitAcross(request.lineIds, total.value, weightValues);
  return { total, weights, blocker: null, shares, shareSum: sum(shares.map((s) => s.amount)) };
}

/** One chosen line in a split preview: what it holds now and what the split would write. */
export interface SplitRow {
  readonly lineId: string;
  readonly activity: string;
  readonly before: Money | null;
  readonly after: Money;
}

export interface SplitEffect {
  readonly rows: readonly SplitRow[];
  /** The grant's award minus every line's allocation once the split is written; null when the award is unknown. */
  readonly unallocatedAfter: Money | null;
}

/** What a split does to the grant: each chosen line's old → new amount and what is left of the award. */
export function splitEffect(
  lines: readonly { readonly id: string; readonly activity: string; readonly allocation: Money | null }[],
  award: Money | null,
  shares: readonly SplitShare[],
): SplitEffect {
  const after = new Map(shares.map((s) => [s.lineId, s.amount]));
  const rows = shares.map((s): SplitRow => {
    const line = lines.find((l) => l.id === s.lineId);
    return { lineId: s.lineId, activity: line?.activity ?? "", before: line?.allocation ?? null, after: s.amount };
  });
  const allocated = sum(lines.map((l) => after.get(l.id) ?? l.allocation ?? money(0)));
  return { rows, unallocatedAfter: award === null ? null : award.minus(allocated) };
}

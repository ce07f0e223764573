/**
 * Allocations a person is typing into the Allocate table, before they are saved: which
 * are valid, which differ from the workbook, and the exact headroom they would leave.
 */
import type { AllocationEdit } from "../plan/actions";
import { formatGBP, type Money, type MoneyInput, parseMoneyInput, sum, ZERO } from "../plan/money";

export interface DraftLine {
  readonly id: string;
  readonly activity: string;
  readonly theme: string;
  readonly allocation: Money | null;
  readonly isReserve: boolean;
}

/** Text typed per line ID; lines without an entry show what the workbook holds. */
export type Drafts = Readonly<Record<string, string>>;

export interface DraftRow {
  readonly line: DraftLine;
  /** What the allocation box shows. */
  readonly text: string;
  /** The parsed entry, or null when the person has not touched this line. */
  readonly input: MoneyInput | null;
  readonly changed: boolean;
}

export interface DraftReview {
  readonly rows: readonly DraftRow[];
  readonly invalidCount: number;
  /** Only the lines whose valid entry differs from the workbook. */
  readonly edits: readonly AllocationEdit[];
  /** Award minus every line's allocation as edited; null when the award is unknown or an entry is invalid. */
  readonly headroom: Money | null;
}

export function shownAllocation(line: DraftLine): string {
  return line.allocation === null ? "" : formatGBP(line.allocation);
}

function sameAmount(a: Money | null, b: Money): boolean {
  return a !== null && a.equals(b);
}

export function reviewDrafts(lines: readonly DraftLine[], award: Money | null, drafts: Drafts): DraftReview {
  const rows = lines.map((line): DraftRow => {
    const text = drafts[line.id];
    if (text === undefined) return { line, text: shownAllocation(line), input: null, changed: false };
    const input = parseMoneyInput(text);
    return { line, text, input, changed: input.ok && !sameAmount(line.allocation, input.value) };
  });
  const invalidCount = rows.filter((r) => r.input !== null && !r.input.ok).length;
  const edits = rows.flatMap((r) => (r.changed && r.input?.ok === true ? [{ lineId: r.line.id, amount: r.input.value, expected: r.line.allocation }] : []));
  const amounts = rows.map((r) => (r.input?.ok === true ? r.input.value : (r.line.allocation ?? ZERO)));
  const headroom = award === null || invalidCount > 0 ? null : award.minus(sum(amounts));
  return { rows, invalidCount, edits, headroom };
}

/**
 * Drops entries the workbook now matches (they were saved) and entries for lines that
 * are gone; keeps everything else, so a failed save does not lose what was typed.
 */
export function pruneDrafts(lines: readonly DraftLine[], drafts: Drafts): Drafts {
  const kept: Record<string, string> = {};
  for (const [id, text] of Object.entries(drafts)) {
    const line = lines.find((l) => l.id === id);
    if (line === undefined) continue;
    const input = parseMoneyInput(text);
    if (input.ok && sameAmount(line.allocation, input.value)) continue;
    kept[id] = text;
  }
  return Object.keys(kept).length === Object.keys(drafts).length ? drafts : kept;
}

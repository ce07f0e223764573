/**
 * Checks on quarterly returns against the plan's figures as at a quarter (docs/returns.md):
 * spend over allocation, profiles that do not add up, variances without commentary,
 * underspend at Q3 or later, and returns missing for quarters that have ended.
 */
import { a1 } from "../cell";
import type { Finding } from "../findings";
import { formatGBP, type Money, MoneyDecimal, sum, ZERO } from "../money";
import type { Plan, TableLayout } from "../model";
import type { Quarter } from "../periods";
import { MEASURE_KINDS } from "../schema";
import { quoteText } from "../text";
import type { LineProgress } from "./model";
import { isCumulative, isTyped, typedQuarters } from "./profiles";
import { ProgressWork } from "./progress";
import { formatAsAt } from "./quarters";

/** A quarter's spend may differ from its profile by this share (10%) before Commentary must explain it. */
const VARIANCE_ALLOWED = new MoneyDecimal("0.1");
const HUNDRED = new MoneyDecimal(100);
const KIND_LABELS: ReadonlyMap<string, string> = new Map(MEASURE_KINDS.map((k) => [k.kind, k.label]));

function at(layout: TableLayout | null, key: string, row: number, fallbackSheet: string): { sheet: string; cell: string } {
  if (layout === null) return { sheet: fallbackSheet, cell: "A1" };
  return { sheet: layout.sheet, cell: a1(row, layout.columns[key] ?? layout.firstColumn) };
}

/** The findings about returns and profiles of a version-2 plan as at `asAt`; none for a version-1 plan. */
export function returnsFindings(plan: Plan, asAt: Quarter): Finding[] {
  const returns = plan.returns;
  if (returns === null) return [];
  const out: Finding[] = [];
  const work = new ProgressWork(plan, asAt);
  const linesLayout = plan.layouts.lines;
  const measuresLayout = plan.layouts.measures;
  const lineReturnsLayout = returns.layouts.lineReturns;
  const percent = returns.underspendPercent;
  const keep = HUNDRED.minus(percent);
  const keepWhole = keep.isInteger() && !keep.isNegative() && keep.lessThanOrEqualTo(HUNDRED) ? keep.toNumber() : Number.NaN;
  const asAtName = formatAsAt(asAt);

  // Typed target profiles of counts must add up to the target.
  const targetLayout = returns.layouts.targetProfile;
  // Only the measures that have a profile row other than Even (forEach skips the others).
  work.index.targetProfiles.forEach((typed, i) => {
    const m = plan.measures[i];
    if (m === undefined || typed === undefined || typed.profile !== "typed" || !typed.known || !isCumulative(m.kind) || m.target === null) return;
    const total = sum(typedQuarters(typed.quarters));
    if (total.equals(m.target)) return;
    out.push({
      code: "TARGET_PROFILE_MISMATCH",
      severity: "error",
      ...at(targetLayout, "q1", typed.row, "Profiles"),
      message: `The typed target profile of measure ${m.id} adds up to ${total.toString()}, but its target is ${m.target.toString()}. Make the four quarters add up to the target, or choose Even.`,
    });
  });

  const spendLayout = returns.layouts.spendProfile;
  for (let i = 0; i < plan.lines.length; i++) {
    const line = plan.lines[i];
    if (line === undefined) continue;
    // Typed spend profiles must add up to their line's allocation.
    const typed = (work.index.lineFirst[i] ?? i) === i ? work.index.spendProfiles[i] : undefined;
    if (typed !== undefined && typed.known && isTyped(typed.quarters) && line.allocationKnown) {
      const allocation = line.allocation ?? ZERO;
      const total = sum(typedQuarters(typed.quarters));
      if (!total.equals(allocation)) {
        out.push({
          code: "SPEND_PROFILE_MISMATCH",
          severity: "error",
          ...at(spendLayout, "q1", typed.row, "Profiles"),
          message: `The spend profile of line ${line.id} adds up to ${formatGBP(total)}, but its allocation is ${formatGBP(allocation)} (a difference of ${formatGBP(total.minus(allocation).abs())}). Make the four quarters add up to the allocation, or clear them for an even profile.`,
        });
      }
    }
    const n = work.quartersOfLine(i);
    if (n === null) continue;
    // A line with no return to date has nothing to compare: only its missing returns.
    if (work.lineReturnsToDate(i, n) === 0) {
      const missing = work.lineMissing(i, line);
      if (missing.length > 0) out.push(missingFinding(at(linesLayout, "id", line.row, "Lines"), `line ${line.id}`, missing));
      continue;
    }
    // The usual line, worked out in whole pennies, has nothing to report but missing returns.
    if (work.quietLine(i, line, n, keepWhole)) {
      const missing = work.lineMissing(i, line);
      if (missing.length > 0) out.push(missingFinding(at(linesLayout, "id", line.row, "Lines"), `line ${line.id}`, missing));
      continue;
    }
    const p: LineProgress = work.lineProgress(i, line);
    const where = at(linesLayout, "allocation", line.row, "Lines");
    if (p.allocation !== null && p.spendToDate !== null && p.spendToDate.greaterThan(p.allocation)) {
      out.push({
        code: "SPEND_OVER_ALLOCATION",
        severity: "error",
        ...where,
        message: `Line ${line.id} has spent ${formatGBP(p.spendToDate)} to ${asAtName}, ${formatGBP(p.spendToDate.minus(p.allocation))} more than its allocation of ${formatGBP(p.allocation)}. Move money to it by a virement or correct the returns.`,
      });
    }
    // Variances: each quarter to date with a return, against that quarter's profile.
    const profile = p.profile;
    if (profile !== null && lineReturnsLayout !== null) {
      for (let q = 1; q <= n; q++) {
        const r = work.lineReturn(i, q);
        if (r === undefined || !r.spendKnown || r.commentary !== "") continue;
        const planned = profile[q - 1] ?? ZERO;
        const spent = r.spend ?? ZERO;
        const variance = spent.minus(planned).abs();
        if (variance.isZero() || variance.lessThanOrEqualTo(planned.times(VARIANCE_ALLOWED))) continue;
        const share = planned.isZero() ? "" : ` (${shareText(variance, planned)})`;
        out.push({
          code: "VARIANCE_NO_COMMENTARY",
          severity: "warning",
          ...at(lineReturnsLayout, "commentary", r.row, "Line returns"),
          message: `Line ${line.id} spent ${formatGBP(spent)} in Q${q} against a profile of ${formatGBP(planned)}, ${spent.greaterThan(planned) ? "over" : "under"} by ${formatGBP(variance)}${share}, which is more than 10%, and its Commentary is blank. Explain the variance in Commentary.`,
        });
      }
    }
    if (!line.isReserve && n >= 3 && p.profileToDate !== null && p.spendToDate !== null && !p.profileToDate.isZero()) {
      // Under by more than `percent` of the profile: spend × 100 < profile × (100 − percent), without dividing.
      if (p.spendToDate.times(HUNDRED).lessThan(p.profileToDate.times(keep))) {
        const under = p.profileToDate.minus(p.spendToDate);
        out.push({
          code: "UNDERSPEND_RISK",
          severity: "warning",
          ...where,
          message: `Line ${line.id} has spent ${formatGBP(p.spendToDate)} to ${asAtName} against a profile of ${formatGBP(p.profileToDate)}, ${formatGBP(under)} (${shareText(under, p.profileToDate)}) under it, more than the plan's ${percent.toString()}% warning level. Money not spent by the end of the year may have to be handed back: consider a virement.`,
        });
      }
    }
    if (p.returnsMissing.length > 0) out.push(missingFinding(at(linesLayout, "id", line.row, "Lines"), `line ${line.id}`, p.returnsMissing));
  }

  for (let i = 0; i < plan.measures.length; i++) {
    const m = plan.measures[i];
    if (m === undefined) continue;
    const missing = work.measureMissing(i, m);
    if (missing.length === 0) continue;
    const kind = m.kind === null ? "" : `${KIND_LABELS.get(m.kind) ?? m.kind} `;
    out.push(missingFinding(at(measuresLayout, "id", m.row, "Measures"), `${kind.toLowerCase()}measure ${m.id}`, missing));
  }
  return out;
}

/** "26.7%": `part` as a percentage of `whole`, to one decimal, for a message (the figures themselves are exact). */
function shareText(part: Money, whole: Money): string {
  return `${(Math.round((part.toNumber() * 1000) / whole.toNumber()) / 10).toFixed(1)}%`;
}

function missingFinding(where: { sheet: string; cell: string }, what: string, quarters: readonly string[]): Finding {
  const list = quarters.join(", ");
  return {
    code: "RETURN_MISSING",
    severity: "warning",
    ...where,
    message:
      quarters.length === 1
        ? `No return has been made for ${quoteText(what, 80)} for the quarter that has ended: ${list}.`
        : `No return has been made for ${quoteText(what, 80)} for ${quarters.length} quarters that have ended: ${list}.`,
  };
}

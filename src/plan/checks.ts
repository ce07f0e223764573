/**
 * Checks over a decoded plan: the funder's rules and the plan's own integrity.
 * Each check returns findings; `checkWorkbook` reads and checks in one call.
 */
import { a1, isCellError } from "./cell";
import { type Finding, sortFindings } from "./findings";
import { decodeAmount, formatGBP, type Money, roundToPennies, sum } from "./money";
import type { Grant, Plan, TableLayout } from "./model";
import { type ReadResult, readPlan } from "./decode";
import type { RawWorkbook } from "./raw";
import { MEASURE_KINDS } from "./schema";

type Check = (plan: Plan) => Finding[];

/**
 * True when the table was found with all the named columns. A check that depends on a
 * missing column is skipped: COLUMN_MISSING already says that part was not read.
 */
function hasColumns(layout: TableLayout | null, ...keys: string[]): layout is TableLayout {
  return layout !== null && keys.every((k) => layout.columns[k] !== undefined);
}

function cellOf(layout: TableLayout | null, key: string, row: number): { sheet: string; cell: string } {
  if (!layout) return { sheet: "", cell: "A1" };
  return { sheet: layout.sheet, cell: a1(row, layout.columns[key] ?? layout.firstColumn) };
}

function finding(
  layout: TableLayout | null,
  key: string,
  row: number,
  code: Finding["code"],
  severity: Finding["severity"],
  message: string,
): Finding {
  return { code, severity, ...cellOf(layout, key, row), message };
}

/** Missing and duplicate IDs in every table that has one. */
export const checkIds: Check = (plan) => {
  const out: Finding[] = [];
  const tables = [
    { layout: plan.layouts.grants, rows: plan.grants, what: "grant" },
    { layout: plan.layouts.lines, rows: plan.lines, what: "line" },
    { layout: plan.layouts.measures, rows: plan.measures, what: "measure" },
  ];
  for (const { layout, rows, what } of tables) {
    if (!layout || layout.columns["id"] === undefined) continue;
    const seen = new Map<string, number>();
    for (const r of rows) {
      if (r.id === "") {
        out.push(finding(layout, "id", r.row, "ID_MISSING", "error", `This ${what} has no ID; give it one that no other ${what} uses.`));
        continue;
      }
      const key = r.id.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        out.push(
          finding(layout, "id", r.row, "ID_DUPLICATE", "error", `${what[0]?.toUpperCase()}${what.slice(1)} ID "${r.id}" is used again; it is already on row ${first + 1}. Each ${what} needs its own ID.`),
        );
      } else {
        seen.set(key, r.row);
      }
    }
  }
  return out;
};

/** Lines and priority areas that name an unknown grant; measures that name an unknown line. */
export const checkReferences: Check = (plan) => {
  const out: Finding[] = [];
  const grantIds = new Set(plan.grants.map((g) => g.id.toLowerCase()));
  const lineIds = new Set(plan.lines.map((l) => l.id.toLowerCase()));
  const grantsKnown = hasColumns(plan.layouts.grants, "id");
  const linesKnown = hasColumns(plan.layouts.lines, "id");
  if (grantsKnown && hasColumns(plan.layouts.lines, "grantId")) {
    for (const line of plan.lines) {
      if (!grantIds.has(line.grantId.toLowerCase())) {
        out.push(
          finding(
            plan.layouts.lines,
            "grantId",
            line.row,
            "GRANT_UNKNOWN",
            "error",
            line.grantId === ""
              ? `Line ${line.id || `on row ${line.row + 1}`} names no grant, so its allocation counts towards none.`
              : `Line ${line.id} names grant "${line.grantId}", which is not in the Grants table, so its allocation counts towards no award.`,
          ),
        );
      }
    }
    for (const area of hasColumns(plan.layouts.areas, "grantId") ? plan.areas : []) {
      if (!grantIds.has(area.grantId.toLowerCase())) {
        out.push(
          finding(plan.layouts.areas, "grantId", area.row, "GRANT_UNKNOWN", "error", `Priority area "${area.area}" names grant "${area.grantId}", which is not in the Grants table.`),
        );
      }
    }
  }
  if (linesKnown && hasColumns(plan.layouts.measures, "lineId")) {
    for (const m of plan.measures) {
      if (!lineIds.has(m.lineId.toLowerCase())) {
        out.push(
          finding(
            plan.layouts.measures,
            "lineId",
            m.row,
            "LINE_UNKNOWN",
            "error",
            m.lineId === ""
              ? `Measure ${m.id || `on row ${m.row + 1}`} names no line.`
              : `Measure ${m.id} names line "${m.lineId}", which is not in the Lines table.`,
          ),
        );
      }
    }
  }
  return out;
};

/** The exact sum of a grant's line allocations (blank and unreadable amounts count as nothing). */
export function allocatedTo(plan: Plan, grant: Grant): Money {
  const id = grant.id.toLowerCase();
  return sum(
    plan.lines
      .filter((l) => l.grantId.toLowerCase() === id)
      .map((l) => l.allocation)
      .filter((a): a is Money => a !== null),
  );
}

/** Allocations + reserve must equal the award exactly. */
export const checkBalances: Check = (plan) => {
  const out: Finding[] = [];
  if (!hasColumns(plan.layouts.lines, "grantId", "allocation") || !hasColumns(plan.layouts.grants, "id")) return out;
  const timesUsed = new Map<string, number>();
  for (const g of plan.grants) timesUsed.set(g.id.toLowerCase(), (timesUsed.get(g.id.toLowerCase()) ?? 0) + 1);
  for (const grant of plan.grants) {
    // A grant ID used twice cannot say whose lines are whose: ID_DUPLICATE reports it instead.
    if (grant.award === null || grant.id === "" || (timesUsed.get(grant.id.toLowerCase()) ?? 0) > 1) continue;
    const allocated = allocatedTo(plan, grant);
    const difference = grant.award.minus(allocated);
    if (difference.isNegative() && !difference.isZero()) {
      out.push(
        finding(
          plan.layouts.grants,
          "award",
          grant.row,
          "OVER_ALLOCATED",
          "error",
          `${grant.name || grant.id} is over-allocated by ${formatGBP(difference.negated())}: its lines and reserve add up to ${formatGBP(allocated)} against an award of ${formatGBP(grant.award)}.`,
        ),
      );
    } else if (!difference.isZero()) {
      out.push(
        finding(
          plan.layouts.grants,
          "award",
          grant.row,
          "UNALLOCATED",
          "warning",
          `${formatGBP(difference)} of ${grant.name || grant.id} (award ${formatGBP(grant.award)}) is not yet allocated to a line or the reserve.`,
        ),
      );
    }
  }
  return out;
};

/** The workbook's own Allocated formula must show the exact total, to the penny. */
export const checkFormulaTotals: Check = (plan) => {
  const out: Finding[] = [];
  const layout = plan.layouts.grants;
  if (!hasColumns(layout, "id", "allocated") || !hasColumns(plan.layouts.lines, "grantId", "allocation")) return out;
  for (const grant of plan.grants) {
    const shown = grant.allocatedInWorkbook;
    if (shown === null || grant.id === "") continue;
    if (isCellError(shown)) {
      out.push(finding(layout, "allocated", grant.row, "CELL_ERROR_VALUE", "error", `The Allocated formula for ${grant.id} shows ${shown.error}; the workbook cannot total this grant until the formula is repaired.`));
      continue;
    }
    const decoded = decodeAmount(shown);
    if (decoded.kind === "invalid" && decoded.reason === "error") {
      // A host that hands the error over as text ("#VALUE!") rather than as { error }.
      out.push(finding(layout, "allocated", grant.row, "CELL_ERROR_VALUE", "error", `The Allocated formula for ${grant.id} shows ${decoded.text}; the workbook cannot total this grant until the formula is repaired.`));
      continue;
    }
    if (decoded.kind !== "amount") continue;
    const exact = allocatedTo(plan, grant);
    if (!roundToPennies(decoded.value).equals(roundToPennies(exact))) {
      out.push(
        finding(
          layout,
          "allocated",
          grant.row,
          "FORMULA_TOTAL_MISMATCH",
          "error",
          `The workbook shows ${formatGBP(roundToPennies(decoded.value))} allocated to ${grant.id}, but its lines add up to ${formatGBP(exact)} exactly (a difference of ${formatGBP(exact.minus(decoded.value).abs().toDecimalPlaces(2))}). Amounts stored as text, or a broken formula, are the usual causes.`,
        ),
      );
    }
  }
  return out;
};

function isEligible(area: string, eligible: readonly string[]): boolean {
  const a = area.toLowerCase();
  return eligible.some((e) => e.toLowerCase() === a);
}

/** Lines of a grant with eligible priority areas must name at least one, and only those. */
export const checkPriorityAreas: Check = (plan) => {
  const out: Finding[] = [];
  // Without the column there is nothing to check; decoding reported it as COLUMN_MISSING.
  if (!hasColumns(plan.layouts.lines, "areas")) return out;
  const grants = new Map(plan.grants.map((g) => [g.id.toLowerCase(), g] as const));
  for (const line of plan.lines) {
    const grant = grants.get(line.grantId.toLowerCase());
    if (!grant || grant.eligibleAreas.length === 0 || line.isReserve) continue;
    const list = grant.eligibleAreas.join("; ");
    if (line.priorityAreas.length === 0) {
      out.push(
        finding(plan.layouts.lines, "areas", line.row, "PRIORITY_AREA_MISSING", "error", `Line ${line.id} names no priority area, but ${grant.id} may only fund: ${list}.`),
      );
      continue;
    }
    for (const area of line.priorityAreas) {
      if (!isEligible(area, grant.eligibleAreas)) {
        out.push(
          finding(plan.layouts.lines, "areas", line.row, "PRIORITY_AREA_NOT_ELIGIBLE", "error", `Line ${line.id} names "${area}", which ${grant.id} does not fund. Eligible areas: ${list}.`),
        );
      }
    }
  }
  return out;
};

/** Every line except a reserve needs at least one measure. */
export const checkLineMeasures: Check = (plan) => {
  if (!hasColumns(plan.layouts.measures, "lineId") || !hasColumns(plan.layouts.lines, "id")) return [];
  const withMeasures = new Set(plan.measures.map((m) => m.lineId.toLowerCase()));
  return plan.lines
    .filter((l) => !l.isReserve && l.id !== "" && !withMeasures.has(l.id.toLowerCase()))
    .map((l) =>
      finding(plan.layouts.lines, "id", l.row, "LINE_WITHOUT_MEASURES", "warning", `Line ${l.id} (${l.activity || "no activity"}) has no performance measures, so its progress cannot be reported.`),
    );
};

/** Measures whose kind needs a number must have one (a reduction also needs its baseline). */
export const checkMeasureTargets: Check = (plan) => {
  const out: Finding[] = [];
  const layout = plan.layouts.measures;
  const canSeeTarget = hasColumns(layout, "target");
  const canSeeBaseline = hasColumns(layout, "baseline");
  for (const m of plan.measures) {
    const kind = MEASURE_KINDS.find((k) => k.kind === m.kind);
    if (!kind || !kind.needsNumber) continue;
    // A target that is there but unreadable already has its own finding.
    if (canSeeTarget && m.target === null && !m.targetGiven) {
      out.push(
        finding(plan.layouts.measures, "target", m.row, "MEASURE_TARGET_MISSING", "warning", `Measure ${m.id} is a "${kind.label}" measure but has no target number. Enter one, or set Kind to "To be agreed".`),
      );
    }
    if (canSeeBaseline && m.kind === "reduction" && m.baseline === null && !m.baselineGiven) {
      out.push(
        finding(plan.layouts.measures, "baseline", m.row, "MEASURE_TARGET_MISSING", "warning", `Measure ${m.id} is a reduction but has no baseline to reduce from.`),
      );
    }
  }
  return out;
};

export const CHECKS: readonly Check[] = [
  checkIds,
  checkReferences,
  checkBalances,
  checkFormulaTotals,
  checkPriorityAreas,
  checkLineMeasures,
  checkMeasureTargets,
];

export function checkPlan(plan: Plan): Finding[] {
  return CHECKS.flatMap((check) => check(plan));
}

/** Decode and check in one go: the findings of both, errors first. */
export function checkWorkbook(raw: RawWorkbook): ReadResult {
  const read = readPlan(raw);
  if (read.status !== "plan") return read;
  return { status: "plan", plan: read.plan, findings: sortFindings([...read.findings, ...checkPlan(read.plan)]) };
}

/**
 * What a finding is about, in the plan's words: "Line CRG-01 (Youth diversion)" or
 * "Grant Crime Reduction Grant 2020/21", worked out from the row of the cell it names.
 */
import { parseA1 } from "../plan/cell";
import type { Finding } from "../plan/findings";
import type { Plan } from "../plan/model";

function onSheet(plan: Plan, key: keyof Plan["layouts"], sheet: string): boolean {
  const layout = plan.layouts[key];
  return layout !== null && layout.sheet.toLowerCase() === sheet.toLowerCase();
}

/** Null when the finding is about a whole sheet or a row that holds no grant, line, measure or area. */
export function findingSubject(finding: Finding, plan: Plan): string | null {
  const at = parseA1(finding.cell);
  if (at === null) return null;
  const { row } = at;
  if (onSheet(plan, "lines", finding.sheet)) {
    const line = plan.lines.find((l) => l.row === row);
    if (line !== undefined && line.id !== "") return line.activity === "" ? `Line ${line.id}` : `Line ${line.id} (${line.activity})`;
  }
  if (onSheet(plan, "grants", finding.sheet)) {
    const grant = plan.grants.find((g) => g.row === row);
    if (grant !== undefined && (grant.name !== "" || grant.id !== "")) return `Grant ${grant.name || grant.id}`;
  }
  if (onSheet(plan, "measures", finding.sheet)) {
    const measure = plan.measures.find((m) => m.row === row);
    if (measure !== undefined && measure.id !== "") return measure.lineId === "" ? `Measure ${measure.id}` : `Measure ${measure.id} of line ${measure.lineId}`;
  }
  if (onSheet(plan, "areas", finding.sheet)) {
    const area = plan.areas.find((a) => a.row === row);
    if (area !== undefined && area.area !== "") return `Priority area ${area.area}${area.grantId === "" ? "" : ` of grant ${area.grantId}`}`;
  }
  return null;
}

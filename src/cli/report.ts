/**
 * What `grant-planner check` prints: a report for people, or JSON for scripts (every
 * amount a string with two decimals).
 */
import { countBySeverity, type Finding, type Severity } from "../plan/findings";
import { formatGBP } from "../plan/money";
import { type GrantSummary, type GrantSummaryJson, summaryToJson } from "../plan/summary";

export interface CheckJson {
  readonly file: string;
  readonly grants: readonly GrantSummaryJson[];
  readonly findings: readonly { code: string; severity: Severity; sheet: string; cell: string; message: string }[];
}

export function checkJson(file: string, grants: readonly GrantSummary[], findings: readonly Finding[]): CheckJson {
  return {
    file,
    grants: grants.map(summaryToJson),
    findings: findings.map(({ code, severity, sheet, cell, message }) => ({ code, severity, sheet, cell, message })),
  };
}

const HEADINGS: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Information" };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function checkReport(file: string, grants: readonly GrantSummary[], findings: readonly Finding[]): string {
  const out: string[] = [`Grant Planner check of ${file}`, ""];
  if (grants.length === 0) {
    out.push("Grants: none yet (add them to the Grants sheet).");
  } else {
    out.push("Grants");
    const idWidth = Math.max(...grants.map((g) => g.id.length));
    for (const g of grants) {
      out.push(`  ${g.id.padEnd(idWidth)}  ${g.name || "(no name)"}`);
      const award = g.award === null ? "not readable" : formatGBP(g.award);
      const unallocated = g.unallocated === null ? "not known" : formatGBP(g.unallocated);
      out.push(`  ${"".padEnd(idWidth)}  award ${award}   allocated ${formatGBP(g.allocated)}   unallocated ${unallocated}`);
    }
  }
  out.push("");
  if (findings.length === 0) {
    out.push("No findings: the plan passes every check.");
    return `${out.join("\n")}\n`;
  }
  const counts = countBySeverity(findings);
  out.push(`Findings: ${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} information`);
  for (const severity of ["error", "warning", "info"] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push("", `${HEADINGS[severity]} (${group.length})`);
    for (const f of group) out.push(`  ${f.sheet}!${f.cell}  ${f.code}  ${f.message}`);
  }
  return `${out.join("\n")}\n`;
}

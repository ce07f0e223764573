/**
 * What `grant-planner check` prints: a report for people, or JSON for scripts (every
 * amount a string with two decimals).
 */
import { countBySeverity, type Finding, type Severity } from "../plan/findings";
import { formatGBP } from "../plan/money";
import { type GrantSummary, type GrantSummaryJson, summaryToJson } from "../plan/summary";
import { visibleText } from "../plan/text";

/** A finding as every command's JSON gives it. */
export interface FindingJson {
  readonly code: string;
  readonly severity: Severity;
  readonly sheet: string;
  readonly cell: string;
  readonly message: string;
}

export interface CheckJson {
  readonly file: string;
  readonly grants: readonly GrantSummaryJson[];
  readonly findings: readonly FindingJson[];
}

/** The findings in the machine form shared by `check --json` and `progress --json`. */
export function findingsJson(findings: readonly Finding[]): FindingJson[] {
  return findings.map(({ code, severity, sheet, cell, message }) => ({ code, severity, sheet, cell, message }));
}

export function checkJson(file: string, grants: readonly GrantSummary[], findings: readonly Finding[]): CheckJson {
  return { file, grants: grants.map(summaryToJson), findings: findingsJson(findings) };
}

const HEADINGS: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Information" };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The report for people. Everything that comes from the workbook (or the file name) is
 * passed through `visibleText`, so control characters, escape sequences and line breaks
 * in a cell show as `\u{…}` and can never move the cursor or forge a line of the report.
 */
export function checkReport(file: string, grants: readonly GrantSummary[], findings: readonly Finding[]): string {
  const out: string[] = [`Grant Planner check of ${visibleText(file)}`, ""];
  if (grants.length === 0) {
    out.push("Grants: none yet (add them to the Grants sheet).");
  } else {
    out.push("Grants");
    const ids = grants.map((g) => visibleText(g.id));
    const idWidth = Math.max(...ids.map((id) => id.length));
    grants.forEach((g, i) => {
      out.push(`  ${(ids[i] ?? "").padEnd(idWidth)}  ${g.name === "" ? "(no name)" : visibleText(g.name)}`);
      const award = g.award === null ? "not readable" : formatGBP(g.award);
      const allocated = g.allocated === null ? "not known" : formatGBP(g.allocated);
      const unallocated = g.unallocated === null ? "not known" : formatGBP(g.unallocated);
      out.push(`  ${"".padEnd(idWidth)}  award ${award}   allocated ${allocated}   unallocated ${unallocated}`);
    });
  }
  out.push("", ...findingsLines(findings));
  return `${out.join("\n")}\n`;
}

/**
 * The findings part of a report, as `check` and `progress` print it: a count by severity,
 * then each group, every finding as `sheet!cell  CODE  message` (workbook text made visible).
 */
export function findingsLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ["No findings: the plan passes every check."];
  const out: string[] = [];
  const counts = countBySeverity(findings);
  out.push(`Findings: ${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} information`);
  for (const severity of ["error", "warning", "info"] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push("", `${HEADINGS[severity]} (${group.length})`);
    for (const f of group) out.push(`  ${visibleText(f.sheet)}!${visibleText(f.cell)}  ${f.code}  ${visibleText(f.message)}`);
  }
  return out;
}

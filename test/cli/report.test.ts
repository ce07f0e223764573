/** The CLI's report for people: workbook text can never forge a line, unknown totals say so. */
import { checkJson, checkReport } from "../../src/cli/report";
import { checkWorkbook, type CheckOptions } from "../../src/plan/checks";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import type { Finding } from "../../src/plan/findings";
import type { RawWorkbook } from "../../src/plan/raw";
import { summarise, type GrantSummary } from "../../src/plan/summary";
import { rawPlan, withCell, withoutTable } from "../support/raw";

/** As at 2020/21-Q1, when every return of the example is in: the example checks clean. */
const Q1: CheckOptions = { asAt: { year: { startYear: 2020 }, quarter: 1 } };

function read(raw: RawWorkbook, options: CheckOptions = Q1): { grants: GrantSummary[]; findings: readonly Finding[] } {
  const result = checkWorkbook(raw, options);
  if (result.status !== "plan") throw new Error(result.reason);
  return { grants: summarise(result.plan), findings: result.findings };
}

const FORGED = "No findings: the plan passes every check.";

describe("checkReport", () => {
  it("a grant named with line breaks cannot forge a line such as 'No findings'", () => {
    const { grants } = read(withCell(rawPlan(SEFTON_2020_21), "Grants", "B2", `X\n\n${FORGED}`));
    // No findings would be the honest line only if there were none; give one so it must not appear.
    const findings: Finding[] = [{ code: "UNALLOCATED", severity: "warning", sheet: "Grants", cell: "E2", message: "£1.00 is not yet allocated." }];
    const report = checkReport("plan.xlsx", grants, findings);
    const lines = report.split("\n");
    expect(lines.some((l) => l.startsWith("No findings"))).toBe(false);
    expect(report).toContain(`X\\u{a}\\u{a}${FORGED}`);
  });

  it("escape sequences, carriage returns and backspaces from the workbook are shown, not obeyed", () => {
    const name = "Grant\u001b[2J\u001b[H\rOK\b\b\u009b31m\u202eevil";
    const { grants } = read(withCell(rawPlan(SEFTON_2020_21), "Grants", "B2", name));
    const findings: Finding[] = [{ code: "VALUE_MISSING", severity: "warning", sheet: "Lines\r\nErrors (0)", cell: "A1", message: `Line \u001b[31mX\u001b[0m\nNo findings` }];
    const report = checkReport("plan\u001b]0;title\u0007.xlsx", grants, findings);
    // Nothing a terminal would act on is left: no C0 or C1 control but the report's own newlines.
    const acted = [...report].filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    });
    expect(acted).toEqual([]);
    expect(report).toContain("Grant\\u{1b}[2J\\u{1b}[H\\u{d}OK\\u{8}\\u{8}\\u{9b}31m\\u{202e}evil");
    expect(report).toContain("Lines\\u{d}\\u{a}Errors (0)!A1");
    expect(report).toContain("plan\\u{1b}]0;title\\u{7}.xlsx");
    expect(report.split("\n").filter((l) => l.startsWith("No findings"))).toEqual([]);
  });

  it("the honest 'No findings' line still appears for a clean plan", () => {
    const { grants, findings } = read(rawPlan(SEFTON_2020_21));
    expect(findings).toEqual([]);
    expect(checkReport("plan.xlsx", grants, findings).split("\n")).toContain(FORGED);
  });

  it("prints 'not known' for totals that cannot be worked out, never £0.00", () => {
    const { grants, findings } = read(withoutTable(rawPlan(SEFTON_2020_21), "tblLines"));
    const report = checkReport("plan.xlsx", grants, findings);
    expect(report).toContain("award £332,000.00   allocated not known   unallocated not known");
    expect(report).not.toContain("allocated £0.00");
    const json = checkJson("plan.xlsx", grants, findings);
    expect(json.grants.map((g) => [g.allocated, g.unallocated])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});

/** Test helpers: plans set up in an in-memory workbook through the real setup action. */
import { setupChanges } from "../../src/plan/actions";
import { type CheckOptions, checkWorkbook } from "../../src/plan/checks";
import { type Finding, RETURN_PROGRESS_CODES, RETURN_READ_CODES } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import type { Quarter } from "../../src/plan/periods";
import { EXAMPLES } from "../../src/plan/examples";
import { BLANK_PLAN, type LineInput, type PlanData } from "../../src/plan/template";
import { MemoryWorkbook } from "../../src/workbook/memory";

export async function memoryPlan(data: PlanData = BLANK_PLAN): Promise<MemoryWorkbook> {
  const wb = new MemoryWorkbook();
  const setup = setupChanges(await wb.read(), data, "test", "Grant Planner tests");
  if (setup.findings.length > 0) throw new Error(setup.findings.map((f) => f.message).join("\n"));
  const outcome = await wb.apply(setup.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return wb;
}

export async function exampleWorkbook(): Promise<MemoryWorkbook> {
  const example = EXAMPLES["sefton-2020-21"];
  if (!example) throw new Error("example missing");
  return memoryPlan(example.data);
}

/**
 * A quarter as at which every return of the example is in (2020/21-Q1): checked as at it,
 * the example shows only the plan's own findings. As at its own setting (2020/21-Q2) it
 * also shows its one late return (CRG-04, RETURN_MISSING), by design.
 */
export const EXAMPLE_RETURNS_ALL_IN: Quarter = { year: { startYear: 2020 }, quarter: 1 };

export async function checked(wb: MemoryWorkbook, options: CheckOptions = {}): Promise<{ plan: Plan; findings: readonly Finding[] }> {
  const result = checkWorkbook(await wb.read(), options);
  if (result.status !== "plan") throw new Error(result.reason);
  return { plan: result.plan, findings: result.findings };
}

/** The findings about the plan's own tables: those of quarterly returns (test/plan/returns) and of the Progress sheet left out. */
export function planFindings(findings: readonly Finding[]): Finding[] {
  const returnCodes: readonly string[] = [...RETURN_READ_CODES, ...RETURN_PROGRESS_CODES, "PROGRESS_ROWS_MISSING"];
  return findings.filter((f) => !returnCodes.includes(f.code));
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** A line a person might add to the Crime Reduction Grant; override what a test cares about. */
export const newLine = (over: Partial<LineInput> = {}): LineInput => ({
  id: "CRG-07",
  grantId: "CRG",
  theme: "Domestic Abuse",
  activity: "Target hardening for repeat victims",
  lead: "Sefton Council",
  allocation: "0.00",
  isReserve: false,
  priorityAreas: [],
  outcomes: "Fewer repeat victims.",
  notes: "",
  ...over,
});

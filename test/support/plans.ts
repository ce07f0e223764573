/** Test helpers: plans set up in an in-memory workbook through the real setup action. */
import { setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
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

export async function checked(wb: MemoryWorkbook): Promise<{ plan: Plan; findings: readonly Finding[] }> {
  const result = checkWorkbook(await wb.read());
  if (result.status !== "plan") throw new Error(result.reason);
  return { plan: result.plan, findings: result.findings };
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

/** The example plan with lead organisations on its lines and no returns yet, for the Return and Progress views. */
import { EXAMPLES } from "../../../src/plan/examples";
import type { PlanData } from "../../../src/plan/template";
import type { MemoryWorkbook } from "../../../src/workbook/memory";
import { memoryPlan } from "../../support/plans";

export const POLICE = "Merseyside Police";
export const COUNCIL = "Sefton Council";

const LEADS: Readonly<Record<string, string>> = {
  "CRG-01": COUNCIL,
  "CRG-02": COUNCIL,
  "CRG-03": POLICE,
  "CRG-04": COUNCIL,
  "CRG-05": POLICE,
  "CRG-06": POLICE,
};

export function leadsPlanData(): PlanData {
  const example = EXAMPLES["sefton-2020-21"];
  if (example === undefined) throw new Error("example missing");
  const { grants, lines, measures } = example.data;
  return {
    grants,
    lines: lines.map((l) => ({ ...l, lead: LEADS[l.id] ?? l.lead })),
    measures,
  };
}

export function leadsWorkbook(): Promise<MemoryWorkbook> {
  return memoryPlan(leadsPlanData());
}

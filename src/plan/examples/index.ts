/** The example plans shipped with the product, by the name the CLI and pane use. */
import { BLANK_PLAN, type PlanData } from "../template";
import { SEFTON_2020_21 } from "./sefton-2020-21";

export const EXAMPLES: Readonly<Record<string, { title: string; data: PlanData }>> = {
  "sefton-2020-21": { title: "Sefton Safer Communities Budget Plan 2020/21", data: SEFTON_2020_21 },
};

export const BLANK = { name: "blank", title: "Blank plan", data: BLANK_PLAN } as const;

export function exampleNames(): string[] {
  return Object.keys(EXAMPLES);
}

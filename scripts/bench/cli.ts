/** CLI part of the benchmark: filled in once the .xlsx host exists. */
import type { PlanData } from "../../src/plan/template";
import type { Timing } from "./measure";

export async function benchCli(_data: PlanData, _floor: Timing): Promise<void> {
  console.log("cli: not measured yet");
}

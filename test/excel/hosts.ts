/**
 * The Excel host over the fake, as the tests set it up: a host that supports every
 * requirement set up to a version, a delay that does not sleep, a plan written by setup.
 */
import type { RequirementCheck } from "../../src/excel/excelApi";
import { ExcelWorkbook, type ExcelWorkbookOptions } from "../../src/excel/excelWorkbook";
import { setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import { EXAMPLES } from "../../src/plan/examples";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import type { PlanData } from "../../src/plan/template";
import { EXAMPLE_RETURNS_ALL_IN } from "../support/plans";
import { FakeExcel } from "./fakeExcel";

const example = EXAMPLES["sefton-2020-21"];
if (!example) throw new Error("example missing");
export const SEFTON = example.data;

/** Requirement sets up to ExcelApi `max` ("1.20" supports everything the host uses). */
export function upTo(max: string): RequirementCheck {
  const [, maxMinor = 0] = max.split(".").map(Number);
  return (name, version) => {
    const [, minor = 0] = version.split(".").map(Number);
    return name === "ExcelApi" && minor <= maxMinor;
  };
}

export interface Setup {
  readonly fake: FakeExcel;
  readonly host: ExcelWorkbook;
  readonly delays: number[];
}

export function excel(options: ExcelWorkbookOptions = {}, fake = new FakeExcel()): Setup {
  const delays: number[] = [];
  const host = new ExcelWorkbook(fake.run, {
    isSetSupported: upTo("1.20"),
    delay: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
  return { fake, host, delays };
}

export async function plannedExcel(data: PlanData, options: ExcelWorkbookOptions = {}): Promise<Setup> {
  const setup = excel(options);
  const result = setupChanges(await setup.host.read(), data, "test", "Grant Planner tests");
  expect(result.findings).toEqual([]);
  const outcome = await setup.host.apply(result.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return setup;
}

/** The plan a host reads, checked as at 2020/21-Q1 (when every return of the example is in: only the plan's own findings show). */
export async function planOf(host: ExcelWorkbook): Promise<{ plan: Plan; findings: readonly Finding[] }> {
  const result = checkWorkbook(await host.read(), { asAt: EXAMPLE_RETURNS_ALL_IN });
  if (result.status !== "plan") throw new Error(result.reason);
  return result;
}


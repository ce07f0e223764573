/** The plan's own formula cells with the core's results, as a file host writes them after a save. */
import { type Change } from "../../src/plan/changes";
import { checkWorkbook } from "../../src/plan/checks";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { computedFormulaCells } from "../../src/plan/formulaCells";
import type { Plan } from "../../src/plan/model";
import type { RawWorkbook } from "../../src/plan/raw";
import { GRANTS, LINES } from "../../src/plan/schema";
import { rawPlan, withCell, withHeaders, withoutTable } from "../support/raw";

function planOf(raw: RawWorkbook): Plan {
  const read = checkWorkbook(raw);
  if (read.status !== "plan") throw new Error(read.reason);
  return read.plan;
}

const formula = (spec: { readonly columns: readonly { readonly key: string; readonly formula?: string }[] }, key: string): string =>
  spec.columns.find((c) => c.key === key)?.formula ?? "";

function cellsOf(changes: readonly Change[], sheet: string): Record<string, unknown> {
  const change = changes.find((c) => c.kind === "setCells" && c.sheet === sheet);
  if (change?.kind !== "setCells") throw new Error(`no setCells on ${sheet}`);
  return Object.fromEntries(change.cells.map((c) => [c.address, c.value]));
}

describe("computedFormulaCells", () => {
  it("rewrites Allocated, Unallocated and Measures of every row with the documented formula and the core's figure", () => {
    // CRG-01 raised by £1,000: the stored results are stale, the written ones are not.
    const plan = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "F2", 120000));
    const changes = computedFormulaCells(plan);
    expect(changes.map((c) => [c.kind, c.kind === "setCells" ? c.sheet : ""])).toEqual([
      ["setCells", "Grants"],
      ["setCells", "Lines"],
    ]);
    const grants = cellsOf(changes, "Grants");
    expect(grants).toEqual({
      F2: { formula: formula(GRANTS, "allocated"), result: 333000 },
      G2: { formula: formula(GRANTS, "unallocated"), result: -1000 },
      F3: { formula: formula(GRANTS, "allocated"), result: 180000 },
      G3: { formula: formula(GRANTS, "unallocated"), result: 0 },
    });
    const lines = cellsOf(changes, "Lines");
    expect(Object.keys(lines)).toHaveLength(11);
    expect(lines["K2"]).toEqual({ formula: formula(LINES, "measureCount"), result: 3 });
    expect(lines["K12"]).toEqual({ formula: formula(LINES, "measureCount"), result: 2 });
  });

  it("writes pennies exactly as numbers (£110,666.67, not binary noise)", () => {
    const plan = planOf(withCell(withCell(rawPlan(SEFTON_2020_21), "Lines", "F2", 110666.67), "Lines", "F3", 0.1));
    const grants = cellsOf(computedFormulaCells(plan), "Grants");
    expect(grants["F2"]).toEqual({ formula: formula(GRANTS, "allocated"), result: 273666.77 });
  });

  it("leaves alone a constant typed over an own formula cell, and a formula of the person's own", () => {
    // Grants!F2 typed over with 332000 (a constant: no formula); Grants!G3 holds another formula.
    const typedOver = withCell(rawPlan(SEFTON_2020_21), "Grants", "F2", 332000, null);
    const own = withCell(typedOver, "Grants", "G3", 0, "F3-E3");
    const grants = cellsOf(computedFormulaCells(planOf(own)), "Grants");
    expect(Object.keys(grants).sort()).toEqual(["F3", "G2"]);
  });

  it("leaves the result out where the figure is not known", () => {
    const plan = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "F3", { uncalculated: "100000/2" }, "100000/2"));
    const grants = cellsOf(computedFormulaCells(plan), "Grants");
    expect(grants["F2"]).toEqual({ formula: formula(GRANTS, "allocated") });
    expect(grants["G2"]).toEqual({ formula: formula(GRANTS, "unallocated") });
    expect(grants["F3"]).toEqual({ formula: formula(GRANTS, "allocated"), result: 180000 });
  });

  it("without tblMeasures the Measures counts are not known; without the Unallocated column it is skipped", () => {
    let raw = withoutTable(rawPlan(SEFTON_2020_21), "tblMeasures");
    raw = withHeaders(raw, "tblGrants", GRANTS.columns.filter((c) => c.key !== "unallocated").map((c) => c.header));
    const changes = computedFormulaCells(planOf(raw));
    expect(cellsOf(changes, "Lines")["K2"]).toEqual({ formula: formula(LINES, "measureCount") });
    expect(Object.keys(cellsOf(changes, "Grants"))).toEqual(["F2", "F3"]);
  });

  it("names real cells of a moved table and changes nothing when the plan has no rows", () => {
    const plan = planOf(rawPlan(SEFTON_2020_21, { grants: { headerRow: 2, firstColumn: 1 } }));
    expect(Object.keys(cellsOf(computedFormulaCells(plan), "Grants"))).toEqual(["G4", "H4", "G5", "H5"]);
    expect(computedFormulaCells(planOf(rawPlan({ grants: [], lines: [], measures: [] })))).toEqual([]);
  });
});

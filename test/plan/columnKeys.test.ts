/**
 * Column keys are typed per table, so a misspelt key is a compile error, not a silent
 * `undefined` at run time. The `@ts-expect-error` lines below make `tsc` fail if a
 * misspelt key ever compiles again; the assertions check the same at run time.
 */
import type { TableLayout } from "../../src/plan/model";
import {
  AREAS,
  type AreaColumnKey,
  type ColumnSpec,
  GRANTS,
  type GrantColumnKey,
  LINES,
  type LineColumnKey,
  MEASURES,
  type MeasureColumnKey,
} from "../../src/plan/schema";
import { checked, exampleWorkbook } from "../support/plans";

/** Every key of a table exactly once: a missing or extra key does not compile. */
const GRANT_KEYS: Record<GrantColumnKey, true> = { id: true, name: true, funder: true, year: true, award: true, allocated: true, unallocated: true, notes: true };
const AREA_KEYS: Record<AreaColumnKey, true> = { grantId: true, area: true };
const LINE_KEYS: Record<LineColumnKey, true> = {
  id: true,
  grantId: true,
  theme: true,
  activity: true,
  lead: true,
  allocation: true,
  reserve: true,
  areas: true,
  outcomes: true,
  notes: true,
  measureCount: true,
};
const MEASURE_KEYS: Record<MeasureColumnKey, true> = { id: true, lineId: true, description: true, kind: true, target: true, unit: true, baseline: true, notes: true };

describe("column keys", () => {
  it("each table's key type names exactly the columns of its spec", () => {
    const keys = (spec: { readonly columns: readonly ColumnSpec[] }): string[] => spec.columns.map((c) => c.key).sort();
    expect(keys(GRANTS)).toEqual(Object.keys(GRANT_KEYS).sort());
    expect(keys(AREAS)).toEqual(Object.keys(AREA_KEYS).sort());
    expect(keys(LINES)).toEqual(Object.keys(LINE_KEYS).sort());
    expect(keys(MEASURES)).toEqual(Object.keys(MEASURE_KEYS).sort());
  });

  it("a layout's columns are keyed by its own table's keys; a misspelt key does not compile", async () => {
    const { plan } = await checked(await exampleWorkbook());
    const lines = plan.layouts.lines;
    if (!lines) throw new Error("no Lines layout");
    expect(lines.columns.allocation).toBe(5);
    // @ts-expect-error -- "alocation" is not a column of tblLines.
    expect(lines.columns["alocation"]).toBeUndefined();
    // @ts-expect-error -- the Grants table has "allocated", not "allocation".
    expect(plan.layouts.grants?.columns["allocation"]).toBeUndefined();
    // Code that works on any table still reads columns by plain string key.
    const anyTable: TableLayout = lines;
    expect(anyTable.columns["measureCount"]).toBe(10);
  });

  it("a column spec with a misspelt key does not compile", () => {
    const misspelt: ColumnSpec<LineColumnKey> = {
      // @ts-expect-error -- "alocation" is not a Lines column key.
      key: "alocation",
      header: "Allocation",
      type: "money",
      required: true,
      width: 16,
    };
    expect(LINES.columns.some((c) => c.key === misspelt.key)).toBe(false);
  });
});

/** Per-grant totals and their JSON form, for the example and a plan that is over-allocated. */
import type { CellValue } from "../../src/plan/cell";
import { checkPlan, checkWorkbook } from "../../src/plan/checks";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import type { RawWorkbook } from "../../src/plan/raw";
import { LINES } from "../../src/plan/schema";
import { type GrantSummary, summarise, summaryToJson } from "../../src/plan/summary";
import { rawPlan, withCell, withHeaders, withoutTable } from "../support/raw";
import { checked, exampleWorkbook } from "../support/plans";

function summariseRaw(raw: RawWorkbook): GrantSummary[] {
  const read = checkWorkbook(raw);
  if (read.status !== "plan") throw new Error(read.reason);
  return summarise(read.plan);
}

describe("summarise", () => {
  it("gives the example's awards, allocations and lines", async () => {
    const { plan } = await checked(await exampleWorkbook());
    const summary = summarise(plan);
    expect(summary.map((g) => [g.id, g.name, g.funder, g.year])).toEqual([
      ["CRG", "Crime Reduction Grant 2020/21", "Merseyside Police and Crime Commissioner", "2020/21"],
      ["VRP", "Violence Reduction Partnership Grant 2020/21", "Merseyside Violence Reduction Partnership", "2020/21"],
    ]);
    const json = summary.map(summaryToJson);
    expect(json[0]).toEqual({
      id: "CRG",
      name: "Crime Reduction Grant 2020/21",
      award: "332000.00",
      allocated: "332000.00",
      unallocated: "0.00",
      lines: [
        { id: "CRG-01", activity: "Youth order engagement and park night sessions", allocation: "119000.00", reserve: false },
        { id: "CRG-02", activity: "Support for victims and new work with perpetrators and families", allocation: "50000.00", reserve: false },
        { id: "CRG-03", activity: "Hate crime awareness, reporting and support for vulnerable people", allocation: "15000.00", reserve: false },
        { id: "CRG-04", activity: "Resilient communities against anti-social and criminal behaviour", allocation: "60000.00", reserve: false },
        { id: "CRG-05", activity: "Scrambler bike initiative, Community Justice Panels and road safety operations", allocation: "53000.00", reserve: false },
        { id: "CRG-06", activity: "Stay Safe schools sessions and one-to-one work with exploited children", allocation: "35000.00", reserve: false },
      ],
    });
    expect(json[1]?.lines.map((l) => [l.id, l.allocation, l.reserve])).toEqual([
      ["VRP-01", "30000.00", false],
      ["VRP-02", "60000.00", false],
      ["VRP-03", "17500.00", false],
      ["VRP-04", "26000.00", false],
      ["VRP-05", "46500.00", true],
    ]);
    expect([json[1]?.award, json[1]?.allocated, json[1]?.unallocated]).toEqual(["180000.00", "180000.00", "0.00"]);
  });

  it("shows an over-allocated grant's unallocated amount as negative", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "F2", 120000);
    const { plan } = await checked(wb);
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.award, crg?.allocated, crg?.unallocated]).toEqual(["332000.00", "333000.00", "-1000.00"]);
    expect(crg?.lines[0]?.allocation).toBe("120000.00");
  });

  it("counts a blank allocation as nothing and shows the line's allocation as null", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "F2", null);
    const { plan } = await checked(wb);
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.allocated, crg?.unallocated]).toEqual(["213000.00", "119000.00"]);
    expect(crg?.lines[0]?.allocation).toBeNull();
  });

  it.each<[string, CellValue]>([
    ["words", "TBC"],
    ["a formula with no stored result", { uncalculated: "100000/2" }],
    ["an Excel error", { error: "#REF!" }],
    ["fractions of a penny", 49999.995],
    ["an amount too large for a plan", 1e15],
  ])("an allocation that is %s makes its grant's totals unknown (null), never a partial sum", (_what, value) => {
    const raw = withCell(rawPlan(SEFTON_2020_21), "Lines", "F3", value);
    const [crg, vrp] = summariseRaw(raw).map(summaryToJson);
    expect([crg?.award, crg?.allocated, crg?.unallocated]).toEqual(["332000.00", null, null]);
    // The other grant is not affected.
    expect([vrp?.allocated, vrp?.unallocated]).toEqual(["180000.00", "0.00"]);
  });

  it.each<[string, (raw: RawWorkbook) => RawWorkbook]>([
    ["tblLines is missing", (raw) => withoutTable(raw, "tblLines")],
    ["tblLines has no Allocation column", (raw) => withHeaders(raw, "tblLines", LINES.columns.filter((c) => c.key !== "allocation").map((c) => c.header))],
    ["tblLines has no Grant ID column", (raw) => withHeaders(raw, "tblLines", LINES.columns.filter((c) => c.key !== "grantId").map((c) => c.header))],
  ])("when %s every grant's totals are unknown: null in JSON, never 0.00", (_what, edit) => {
    const json = summariseRaw(edit(rawPlan(SEFTON_2020_21))).map(summaryToJson);
    expect(json.map((g) => [g.id, g.award, g.allocated, g.unallocated])).toEqual([
      ["CRG", "332000.00", null, null],
      ["VRP", "180000.00", null, null],
    ]);
    expect(JSON.stringify(json[0])).toContain('"allocated":null,"unallocated":null');
  });

  it("gives null award and unallocated when the award cannot be read", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Grants", "E3", "#REF!");
    const { plan } = await checked(wb);
    const vrp = summarise(plan).map(summaryToJson)[1];
    expect([vrp?.award, vrp?.allocated, vrp?.unallocated]).toEqual([null, "180000.00", null]);
  });

  it("totals per grant in one pass over the lines, not one pass per grant", () => {
    const [grant] = SEFTON_2020_21.grants;
    const [line] = SEFTON_2020_21.lines;
    if (!grant || !line) throw new Error("example missing");
    const grants = Array.from({ length: 200 }, (_, i) => ({ ...grant, id: `G${i}`, eligibleAreas: [] }));
    const lines = Array.from({ length: 400 }, (_, i) => ({ ...line, id: `L${i}`, grantId: `G${i % 200}`, priorityAreas: [] }));
    const read = checkWorkbook(rawPlan({ grants: grants.map((g) => ({ ...g, award: "1.00" })), lines: lines.map((l) => ({ ...l, allocation: "0.50" })), measures: [] }));
    if (read.status !== "plan") throw new Error(read.reason);
    let itemReads = 0;
    const counted = new Proxy([...read.plan.lines], {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) itemReads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const plan = { ...read.plan, lines: counted };
    const summary = summarise(plan);
    expect(summary.map(summaryToJson).slice(0, 2).map((g) => [g.allocated, g.unallocated])).toEqual([
      ["1.00", "0.00"],
      ["1.00", "0.00"],
    ]);
    // A pass per grant would read 200 × 400 = 80,000 lines; a few passes read a few × 400.
    expect(itemReads).toBeLessThanOrEqual(3 * 400);
    itemReads = 0;
    expect(checkPlan(plan).filter((f) => f.code === "UNALLOCATED" || f.code === "OVER_ALLOCATED")).toEqual([]);
    // Every check, the returns checks of a version-2 plan included, is a few passes each: far below 80,000.
    expect(itemReads).toBeLessThanOrEqual(20 * 400);
  });

  it("gives sub-penny amounts no two-decimal JSON form (null) rather than round them", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "F2", 118999.995);
    const { plan } = await checked(wb);
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.award, crg?.allocated, crg?.unallocated, crg?.lines[0]?.allocation, crg?.lines[1]?.allocation]).toEqual([
      "332000.00",
      null,
      null,
      null,
      "50000.00",
    ]);
  });

  it("matches lines to grants case-insensitively and keeps a grant with no lines", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Lines", "B2", "crg");
    for (let row = 8; row <= 12; row++) wb.setValue("Lines", `B${row}`, "CRG");
    const { plan } = await checked(wb);
    const json = summarise(plan).map(summaryToJson);
    expect(json.map((g) => [g.id, g.allocated, g.unallocated, g.lines.length])).toEqual([
      ["CRG", "512000.00", "-180000.00", 11],
      ["VRP", "0.00", "180000.00", 0],
    ]);
  });
});

describe("a line whose Grant ID cannot be read", () => {
  it.each<[string, CellValue]>([
    ["an error", { error: "#REF!" }],
    ["a formula with no stored result", { uncalculated: "VLOOKUP(A2,Codes,2,FALSE)" }],
  ])("leaves every grant's total unknown when its Grant ID shows %s, and says so once", (_what, value) => {
    const raw = withCell(rawPlan(SEFTON_2020_21), "Lines", "B2", value);
    const read = checkWorkbook(raw);
    if (read.status !== "plan") throw new Error(read.reason);
    // CRG-01's £119,000.00 may belong to either grant: no total can be stated exactly.
    expect(summarise(read.plan).map((g) => [g.id, g.allocated, g.unallocated])).toEqual([
      ["CRG", null, null],
      ["VRP", null, null],
    ]);
    const codes = read.findings.filter((f) => f.sheet === "Lines" && f.cell === "B2").map((f) => f.code);
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatch(/^(CELL_ERROR_VALUE|FORMULA_NOT_CALCULATED)$/);
    expect(read.findings.map((f) => f.code)).not.toContain("UNALLOCATED");
    expect(read.findings.map((f) => f.code)).not.toContain("GRANT_UNKNOWN");
  });
});

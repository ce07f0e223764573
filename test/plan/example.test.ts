import { summarise, summaryToJson } from "../../src/plan/summary";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { checked, EXAMPLE_RETURNS_ALL_IN, exampleWorkbook } from "../support/plans";

describe("the Sefton 2020/21 example", () => {
  it("checks clean as at 2020/21-Q1, when all its returns are in: no findings of any severity", async () => {
    const { findings } = await checked(await exampleWorkbook(), { asAt: EXAMPLE_RETURNS_ALL_IN });
    expect(findings).toEqual([]);
  });

  it("as at its own setting (2020/21-Q2) shows only its one late return", async () => {
    const { findings } = await checked(await exampleWorkbook());
    expect(findings.map((f) => [f.code, f.severity, f.cell])).toEqual([["RETURN_MISSING", "warning", "A5"]]);
  });

  it("allocates both awards exactly: £332,000.00 and £180,000.00", async () => {
    const { plan } = await checked(await exampleWorkbook());
    const json = summarise(plan).map(summaryToJson);
    expect(json.map((g) => [g.id, g.award, g.allocated, g.unallocated])).toEqual([
      ["CRG", "332000.00", "332000.00", "0.00"],
      ["VRP", "180000.00", "180000.00", "0.00"],
    ]);
    expect(json[0]?.lines).toHaveLength(6);
    expect(json[1]?.lines).toHaveLength(5);
  });

  it("keeps the documented figures: £60,000 youth provision, £46,500 reserve, 60 park night sessions", () => {
    const youth = SEFTON_2020_21.lines.find((l) => l.activity === "Commissioned Youth Provision");
    expect(youth?.allocation).toBe("60000.00");
    const reserve = SEFTON_2020_21.lines.filter((l) => l.isReserve);
    expect(reserve.map((l) => l.allocation)).toEqual(["46500.00"]);
    const parkNights = SEFTON_2020_21.measures.find((m) => m.description === "Park night sessions");
    expect(parkNights?.target).toBe(60);
    const vrp = SEFTON_2020_21.grants.find((g) => g.id === "VRP");
    expect(vrp?.eligibleAreas).toHaveLength(6);
  });

  it("gives every measure a unique ID", () => {
    const ids = SEFTON_2020_21.measures.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
